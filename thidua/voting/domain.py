"""Writes and reads of the vote: setup, opening, casting, closing, paper counts, results.

Every write is one function in one transaction; refusals a user can cause are a
ValidationError (setup, paper counts) or a BallotRefused (casting) with a Vietnamese
message, raised before anything is saved. The counting itself is the engine's
(thidua.engine.tally); this module only builds its input from the database.

Secrecy (docs/voting.md): a ballot is written in the same transaction that flips its
voter's `voted` flag, and nothing written links the two. Ballots are read in exactly two
places, `_tally` and `_shuffle_ballot_box`, both only for a closed vote. Nothing here logs.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.models import UserRole
from thidua.core.pending import PendingItem
from thidua.engine import tally
from thidua.org import domain as org_domain
from thidua.org.models import Cluster, Unit
from thidua.voting import ranking
from thidua.voting.models import (
    AwardProposal,
    Ballot,
    Candidate,
    PaperTally,
    ProposalSource,
    ProposalStatus,
    Vote,
    VoteMethod,
    VoterRecord,
    VoteStatus,
    VoteTitle,
)

GOVERNMENT_FLAG = "gov"
MINISTRY_FLAG = "min"
# Stored data, in the source language: the titles of DOMAIN.md §7 and their usual quotas.
DEFAULT_TITLES: tuple[tuple[str, str, int], ...] = (
    (GOVERNMENT_FLAG, "Cờ thi đua của Chính phủ", 1),
    (MINISTRY_FLAG, "Cờ thi đua của Bộ Công an", 3),
)
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and copied
RECEIPT_LENGTH = 10
# SQLite lets one writer in at a time; a casting that finds the file locked retries for
# about this long before answering "try again" (PostgreSQL waits on the row lock instead).
CAST_RETRY_SECONDS = 8.0


class BallotRefused(Exception):
    """A ballot that cannot be cast; `code` is stable for the API, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ResultNotAvailable(Exception):
    """Results (and receipts) exist only once the vote is closed and its count stands."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _dt(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "H:i d/m/Y")


def _save(obj: Any, by: Any) -> None:
    """Save with `by` as the author of the history record (outside a request too)."""
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by
    obj.save()


def _delete(obj: Any, by: Any) -> None:
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by
    obj.delete()


# ---------------------------------------------------------------------------------------
# Setup


@dataclass(frozen=True, slots=True)
class TitleSpec:
    code: str
    name: str
    quota: int
    requires: str | None = None


def default_title_specs(*, require_ministry_for_government: bool = True) -> list[TitleSpec]:
    specs = [TitleSpec(code, name, quota) for code, name, quota in DEFAULT_TITLES]
    if require_ministry_for_government:
        specs[0] = replace(specs[0], requires=MINISTRY_FLAG)
    return specs


def members_for_vote(*, cluster: Cluster, day: dt.date) -> list[Unit]:
    """Member units on the conference day (a conference early next year: on 31/12)."""
    on = min(max(day, cluster.start), cluster.end)
    return org_domain.members_on(cluster=cluster, on=on)


def default_delegate(unit: Unit) -> Any:
    """The unit's leader user (first by username), else None for the officer to choose."""
    users = get_user_model().objects.filter(unit=unit, is_active=True)
    return users.filter(role=UserRole.LEADER).order_by("username").first()


def delegate_choices(unit: Unit) -> list[Any]:
    """Users who may be the unit's delegate: its active users, leaders first."""
    users = get_user_model().objects.filter(unit=unit, is_active=True)
    return sorted(users, key=lambda u: (u.role != UserRole.LEADER, u.username))


def _default_name(cluster: Cluster) -> str:
    return f"Bình xét, suy tôn danh hiệu thi đua năm {cluster.year}"


def _check_conference_date(cluster: Cluster, day: dt.date) -> None:
    if day.year not in (cluster.year, cluster.year + 1):
        raise ValidationError(
            {
                "conference_date": [
                    _("Ngày hội nghị phải thuộc năm %(year)s hoặc năm sau đó.")
                    % {"year": cluster.year}
                ]
            }
        )


def _head_locality(cluster: Cluster, day: dt.date) -> str:
    on = min(max(day, cluster.start), cluster.end)
    head = org_domain.roles_on(cluster=cluster, on=on).get("head")
    return head.short_name if head is not None else ""


@transaction.atomic
def vote_create(
    *,
    cluster: Cluster,
    conference_date: dt.date,
    conference_place: str,
    by: Any = None,
    name: str = "",
    method: str = VoteMethod.ELECTRONIC,
    locality: str = "",
    titles: Sequence[TitleSpec] | None = None,
    note: str = "",
    is_sample: bool = False,
) -> Vote:
    """A draft vote with the defaults: both flags, every member a candidate and a voter
    through its leader."""
    _check_conference_date(cluster, conference_date)
    if method not in VoteMethod.values:
        raise ValidationError({"method": [_("Hình thức bỏ phiếu không hợp lệ.")]})
    if not conference_place.strip():
        raise ValidationError({"conference_place": [_("Hãy nhập địa điểm hội nghị.")]})
    members = members_for_vote(cluster=cluster, day=conference_date)
    if not members:
        raise ValidationError(
            _("%(cluster)s không có đơn vị thành viên vào ngày hội nghị.") % {"cluster": cluster}
        )
    vote = Vote(
        cluster=cluster,
        name=name.strip() or _default_name(cluster),
        method=method,
        conference_date=conference_date,
        conference_place=conference_place.strip(),
        locality=locality.strip() or _head_locality(cluster, conference_date),
        member_units=len(members),
        note=note,
        is_sample=is_sample,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _save(vote, by)
    _write_titles(vote, titles if titles is not None else default_title_specs(), by)
    for unit in members:
        _save(Candidate(vote=vote, unit=unit), by)
        _save(VoterRecord(vote=vote, unit=unit, user=default_delegate(unit)), by)
    return vote


def _require_draft(vote: Vote) -> None:
    if not vote.is_draft:
        raise ValidationError(
            _(
                "Cuộc bỏ phiếu đã mở; không thể thay đổi cấu hình. "
                "Hãy tạo vòng bỏ phiếu mới nếu cần."
            )
        )


_ALWAYS_EDITABLE = {"committee", "locality", "note"}
_EDITABLE_WHILE_OPEN = {"closes_at"}
_EDITABLE_IN_DRAFT = {
    "name",
    "method",
    "conference_date",
    "conference_place",
    "opens_at",
    "approval_numerator",
    "approval_denominator",
    "approval_strict",
    "quorum_numerator",
    "quorum_denominator",
    "quorum_strict",
}


def editable_fields(vote: Vote) -> set[str]:
    if vote.is_draft:
        return _ALWAYS_EDITABLE | _EDITABLE_WHILE_OPEN | _EDITABLE_IN_DRAFT
    if vote.is_open:
        return _ALWAYS_EDITABLE | _EDITABLE_WHILE_OPEN
    return set(_ALWAYS_EDITABLE)


def _check_proportion(numerator: int, denominator: int, field: str) -> None:
    if denominator < 1 or not 0 <= numerator <= denominator:
        raise ValidationError(
            {field: [_("Tỷ lệ phải nằm trong khoảng từ 0 đến 1 (tử số không lớn hơn mẫu số).")]}
        )


@transaction.atomic
def vote_update(*, vote: Vote, by: Any = None, **changes: Any) -> Vote:
    """Change settings; in draft everything, while open the closing time and the minutes'
    details, after closing only the minutes' details."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    known = _ALWAYS_EDITABLE | _EDITABLE_WHILE_OPEN | _EDITABLE_IN_DRAFT
    unknown = set(changes) - known
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    locked = {k for k, v in changes.items() if getattr(vote, k) != v} - editable_fields(vote)
    if locked and vote.is_open:
        raise ValidationError(
            _(
                "Cuộc bỏ phiếu đang mở: chỉ sửa được giờ kết thúc nhận phiếu, "
                "Ban kiểm phiếu, địa danh và ghi chú."
            )
        )
    if locked:
        raise ValidationError(
            _("Cuộc bỏ phiếu đã kết thúc: chỉ sửa được Ban kiểm phiếu, địa danh và ghi chú.")
        )
    for name, value in changes.items():
        setattr(vote, name, value.strip() if isinstance(value, str) else value)
    _check_proportion(vote.approval_numerator, vote.approval_denominator, "approval_numerator")
    _check_proportion(vote.quorum_numerator, vote.quorum_denominator, "quorum_numerator")
    if vote.method not in VoteMethod.values:
        raise ValidationError({"method": [_("Hình thức bỏ phiếu không hợp lệ.")]})
    if not vote.name:
        raise ValidationError({"name": [_("Hãy đặt tên cho cuộc bỏ phiếu.")]})
    if not vote.conference_place:
        raise ValidationError({"conference_place": [_("Hãy nhập địa điểm hội nghị.")]})
    _check_conference_date(vote.cluster, vote.conference_date)
    if vote.opens_at and vote.closes_at and vote.closes_at <= vote.opens_at:
        raise ValidationError({"closes_at": [_("Giờ kết thúc phải sau giờ bắt đầu nhận phiếu.")]})
    if "conference_date" in changes and vote.is_draft:
        vote.member_units = len(members_for_vote(cluster=vote.cluster, day=vote.conference_date))
    _save(vote, by)
    return vote


def _write_titles(vote: Vote, specs: Sequence[TitleSpec], by: Any) -> None:
    codes = [s.code for s in specs]
    if not specs:
        raise ValidationError(_("Cuộc bỏ phiếu cần ít nhất một danh hiệu."))
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Mỗi danh hiệu chỉ được liệt kê một lần."))
    for spec in specs:
        if spec.quota < 1:
            raise ValidationError(
                {
                    "quota": [
                        _("Số đơn vị tối đa của “%(title)s” phải từ 1 trở lên.")
                        % {"title": spec.name}
                    ]
                }
            )
        if not spec.name.strip():
            raise ValidationError(_("Hãy nhập tên danh hiệu."))
        if spec.requires is not None and (spec.requires not in codes or spec.requires == spec.code):
            raise ValidationError(
                _("Điều kiện kèm theo phải là một danh hiệu khác trong cuộc bỏ phiếu.")
            )
    existing = {t.code: t for t in vote.titles.all()}
    for code, title in existing.items():
        if code not in codes:
            _delete(title, by)
    saved: dict[str, VoteTitle] = {}
    for order, spec in enumerate(specs, start=1):
        title = existing.get(spec.code) or VoteTitle(vote=vote, code=spec.code)
        title.name, title.quota, title.order = spec.name.strip(), spec.quota, order
        _save(title, by)
        saved[spec.code] = title
    for spec in specs:
        title = saved[spec.code]
        requires_id = saved[spec.requires].pk if spec.requires else None
        if title.requires_id != requires_id:
            title.requires_id = requires_id
            _save(title, by)
    # The engine refuses a cycle of prerequisites; let it say so before anything stays saved.
    _check_setup(vote)


@transaction.atomic
def vote_set_titles(*, vote: Vote, titles: Sequence[TitleSpec], by: Any = None) -> Vote:
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    _require_draft(vote)
    _write_titles(vote, titles, by)
    return vote


@transaction.atomic
def vote_configure(
    *, vote: Vote, by: Any = None, titles: Sequence[TitleSpec] | None = None, **changes: Any
) -> Vote:
    """The settings page: the vote's fields and, in draft, its titles, all or nothing."""
    vote = vote_update(vote=vote, by=by, **changes)
    if titles is not None:
        vote = vote_set_titles(vote=vote, titles=titles, by=by)
    return vote


@transaction.atomic
def vote_set_roll(
    *,
    vote: Vote,
    candidates: Iterable[Unit],
    voters: Mapping[Unit, Any],
    by: Any = None,
) -> Vote:
    """Who is on the ballot and who votes: {voting unit: its delegate user, or None}."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    _require_draft(vote)
    members = {u.pk: u for u in members_for_vote(cluster=vote.cluster, day=vote.conference_date)}
    if vote.parent_id is not None:
        members |= {c.unit_id: c.unit for c in vote.candidates.select_related("unit")}
    wanted = {u.pk: u for u in candidates}
    strangers = [u for pk, u in wanted.items() if pk not in members]
    strangers += [u for u in voters if u.pk not in members]
    if strangers:
        raise ValidationError(
            _("%(unit)s không phải thành viên của cụm vào ngày hội nghị.") % {"unit": strangers[0]}
        )
    if not wanted:
        raise ValidationError(_("Hãy chọn ít nhất một đơn vị được bình xét."))
    if not voters:
        raise ValidationError(_("Hãy chọn ít nhất một đơn vị có quyền bỏ phiếu."))
    seen_users: set[int] = set()
    for unit, user in voters.items():
        if user is None:
            continue
        if user.unit_id != unit.pk or not user.is_active:
            raise ValidationError(
                _("Đại biểu của %(unit)s phải là người dùng đang hoạt động của chính đơn vị đó.")
                % {"unit": unit}
            )
        if user.pk in seen_users:
            raise ValidationError(_("Một người chỉ làm đại biểu cho một đơn vị."))
        seen_users.add(user.pk)

    for candidate in vote.candidates.all():
        if candidate.unit_id not in wanted:
            _delete(candidate, by)
    have = set(vote.candidates.values_list("unit_id", flat=True))
    for pk, unit in wanted.items():
        if pk not in have:
            _save(Candidate(vote=vote, unit=unit), by)

    by_unit = {u.pk: user for u, user in voters.items()}
    records = {r.unit_id: r for r in vote.voters.all()}
    for unit_id, record in records.items():
        if unit_id not in by_unit:
            _delete(record, by)
    # Free the delegates that move before assigning them (one delegate per vote).
    for unit_id, record in records.items():
        user = by_unit.get(unit_id)
        if unit_id in by_unit and record.user_id != (user.pk if user else None):
            record.user = None
            _save(record, by)
    for unit_id, user in by_unit.items():
        record = records.get(unit_id) or VoterRecord(vote=vote, unit_id=unit_id)
        if record.pk is None or record.user_id != (user.pk if user else None):
            record.user = user
            _save(record, by)
    return vote


# ---------------------------------------------------------------------------------------
# The engine's view of a vote


def _setup(vote: Vote) -> tally.VoteSetup:
    titles = list(vote.titles.all())
    candidates = tuple(str(pk) for pk in vote.candidates.values_list("unit_id", flat=True))
    code_of = {t.pk: t.code for t in titles}
    return tally.VoteSetup(
        titles=tuple(tally.Title(t.code, t.quota, candidates) for t in titles),
        eligible_voters=vote.voters.count(),
        member_units=vote.member_units,
        approval=tally.Proportion(
            vote.approval_numerator, vote.approval_denominator, vote.approval_strict
        ),
        quorum=tally.Proportion(vote.quorum_numerator, vote.quorum_denominator, vote.quorum_strict),
        prerequisites=tuple(
            tally.Prerequisite(t.code, code_of[t.requires_id])
            for t in titles
            if t.requires_id is not None and t.requires_id in code_of
        ),
    )


_SETUP_MESSAGES = {
    "no_voters": gettext_lazy("Chưa có đơn vị nào có quyền bỏ phiếu."),
    "no_members": gettext_lazy("Số đơn vị thành viên phải từ 1 trở lên."),
    "invalid_quota": gettext_lazy("Số đơn vị tối đa của mỗi danh hiệu phải từ 1 trở lên."),
    "invalid_proportion": gettext_lazy("Ngưỡng đạt và túc số phải là tỷ lệ từ 0 đến 1."),
    "prerequisite_cycle": gettext_lazy(
        "Các điều kiện kèm theo giữa các danh hiệu tạo thành vòng lặp."
    ),
    "duplicate_title": gettext_lazy("Mỗi danh hiệu chỉ được liệt kê một lần."),
    "duplicate_candidate": gettext_lazy("Một đơn vị được liệt kê hai lần."),
    "unknown_title": gettext_lazy(
        "Điều kiện kèm theo nhắc đến một danh hiệu không có trong cuộc bỏ phiếu."
    ),
}


def _setup_error(error: tally.TallyError) -> ValidationError:
    message = _SETUP_MESSAGES.get(error.code) or _("Cấu hình cuộc bỏ phiếu không hợp lệ.")
    return ValidationError(str(message))


def _check_setup(vote: Vote) -> tally.VoteSetup:
    """The setup, checked by the engine; the vote's voters may still be empty in draft."""
    try:
        setup = _setup(vote)
        if setup.eligible_voters == 0:
            setup = replace(setup, eligible_voters=1)
        tally.validate_ballot(tally.Ballot(), setup)
    except tally.TallyError as error:
        raise _setup_error(error) from None
    return setup


def votes_needed(proportion: tally.Proportion, base: int) -> int | None:
    """The fewest votes (or ballots) that reach `proportion` of `base`; None if none can."""
    for count in range(base + 1):
        if proportion.reached(count, base):
            return count
    return None


def approval_of(vote: Vote) -> tally.Proportion:
    return tally.Proportion(
        vote.approval_numerator, vote.approval_denominator, vote.approval_strict
    )


def quorum_of(vote: Vote) -> tally.Proportion:
    return tally.Proportion(vote.quorum_numerator, vote.quorum_denominator, vote.quorum_strict)


# ---------------------------------------------------------------------------------------
# Opening and closing


def open_problems(vote: Vote) -> list[str]:
    """What stops the vote from opening, in Vietnamese; empty when it may open."""
    problems: list[str] = []
    if not vote.titles.exists():
        problems.append(_("Chưa có danh hiệu nào để bỏ phiếu."))
    if not vote.candidates.exists():
        problems.append(_("Chưa có đơn vị nào được bình xét."))
    records = list(vote.voters.select_related("unit", "user"))
    if not records:
        problems.append(_("Chưa có đơn vị nào có quyền bỏ phiếu."))
    if vote.method == VoteMethod.ELECTRONIC:
        for record in records:
            if record.user is None or not record.user.is_active:
                problems.append(
                    _("%(unit)s chưa có đại biểu bỏ phiếu (người dùng của đơn vị).")
                    % {"unit": record.unit}
                )
    return problems


@transaction.atomic
def vote_open(*, vote: Vote, by: Any = None, at: dt.datetime | None = None) -> Vote:
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    now = _now(at)
    if not vote.is_draft:
        raise ValidationError(_("Chỉ mở được cuộc bỏ phiếu đang chuẩn bị."))
    problems = open_problems(vote)
    if problems:
        raise ValidationError(problems)
    if vote.closes_at is not None and vote.closes_at <= now:
        raise ValidationError(
            {
                "closes_at": [
                    _("Giờ kết thúc nhận phiếu (%(when)s) đã qua.") % {"when": _dt(vote.closes_at)}
                ]
            }
        )
    _check_setup(vote)
    vote.status = VoteStatus.OPEN
    vote.opened_at = now
    _save(vote, by)
    return vote


@transaction.atomic
def vote_close(*, vote: Vote, by: Any = None, at: dt.datetime | None = None) -> Vote:
    """Stop taking ballots; an electronic vote's result then stands and becomes proposals."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if not vote.is_open:
        raise ValidationError(_("Chỉ kết thúc được cuộc bỏ phiếu đang mở."))
    vote.status = VoteStatus.CLOSED
    vote.closed_at = _now(at)
    _save(vote, by)
    if vote.method == VoteMethod.ELECTRONIC:
        _shuffle_ballot_box(vote)
        _propose(vote, _tally(vote), by)
    return vote


def _shuffle_ballot_box(vote: Vote) -> None:
    """Rewrite the ballots in a random order, so the table's physical order (SQLite rowid,
    PostgreSQL xmin and heap position) no longer follows the order of casting."""
    assert vote.is_closed
    rows = list(Ballot.objects.filter(vote=vote).values_list("choices", "receipt"))
    secrets.SystemRandom().shuffle(rows)
    Ballot.objects.filter(vote=vote).delete()
    Ballot.objects.bulk_create([Ballot(vote=vote, choices=c, receipt=r) for c, r in rows])


# ---------------------------------------------------------------------------------------
# Casting


@dataclass(frozen=True, slots=True)
class CastingState:
    """Whether a user may cast a ballot now, and if not why (a BallotRefused code)."""

    record: VoterRecord | None
    refusal: BallotRefused | None

    @property
    def may_cast(self) -> bool:
        return self.refusal is None


def _refusal(vote: Vote, record: VoterRecord | None, now: dt.datetime) -> BallotRefused | None:
    if record is None:
        return BallotRefused(
            "not_eligible",
            _("Bạn không phải đại biểu có quyền bỏ phiếu trong cuộc bỏ phiếu này."),
        )
    if vote.method == VoteMethod.PAPER:
        return BallotRefused(
            "paper_vote",
            _("Cuộc bỏ phiếu này dùng phiếu giấy tại hội nghị, không bỏ phiếu trên hệ thống."),
        )
    if vote.is_draft:
        return BallotRefused("not_open", _("Cuộc bỏ phiếu chưa mở."))
    if vote.is_closed:
        return BallotRefused("closed", _("Cuộc bỏ phiếu đã kết thúc; không thể bỏ phiếu nữa."))
    if record.voted:
        return BallotRefused(
            "already_voted",
            _("Đơn vị của bạn đã bỏ phiếu; mỗi đơn vị chỉ được bỏ một phiếu."),
        )
    if vote.opens_at is not None and now < vote.opens_at:
        return BallotRefused(
            "not_yet", _("Chưa đến giờ nhận phiếu (từ %(when)s).") % {"when": _dt(vote.opens_at)}
        )
    if vote.closes_at is not None and now >= vote.closes_at:
        return BallotRefused(
            "too_late", _("Đã hết giờ nhận phiếu (%(when)s).") % {"when": _dt(vote.closes_at)}
        )
    return None


def casting_state(*, vote: Vote, user: Any, at: dt.datetime | None = None) -> CastingState:
    record = None
    if getattr(user, "is_authenticated", False):
        record = VoterRecord.objects.filter(vote=vote, user=user).first()
    return CastingState(record=record, refusal=_refusal(vote, record, _now(at)))


def _ballot_from(
    vote: Vote, choices: Mapping[str, Iterable[Any]], setup: tally.VoteSetup
) -> tally.Ballot:
    titles = {t.code: t for t in vote.titles.all()}
    parsed: dict[str, list[str]] = {}
    for code, units in choices.items():
        if code not in titles:
            raise BallotRefused(
                "invalid_ballot", _("Phiếu có danh hiệu không thuộc cuộc bỏ phiếu này.")
            )
        keys: list[str] = []
        for unit in units:
            try:
                keys.append(str(int(unit)))
            except (TypeError, ValueError):
                raise BallotRefused(
                    "invalid_ballot", _("Lựa chọn trên phiếu không hợp lệ.")
                ) from None
        if len(set(keys)) != len(keys):
            raise BallotRefused(
                "invalid_ballot",
                _("Một đơn vị được chọn hai lần cho “%(title)s”.") % {"title": titles[code].name},
            )
        parsed[code] = keys
    # Check title by title, so that the message can name the title.
    for code, keys in parsed.items():
        try:
            tally.validate_ballot(tally.Ballot.of({code: keys}), setup)
        except tally.TallyError as error:
            title = titles[code]
            if error.code == "over_quota":
                message = _(
                    "“%(title)s”: chỉ được chọn tối đa %(quota)s đơn vị; phiếu này chọn %(count)s."
                ) % {"title": title.name, "quota": title.quota, "count": len(keys)}
            else:
                message = _("“%(title)s”: có đơn vị không nằm trong danh sách bình xét.") % {
                    "title": title.name
                }
            raise BallotRefused("invalid_ballot", message) from None
    return tally.Ballot.of({code: parsed.get(code, []) for code in titles})


def _new_receipt(vote: Vote) -> str:
    while True:
        raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
        code = f"{raw[:5]}-{raw[5:]}"
        if not Ballot.objects.filter(vote=vote, receipt=code).exists():
            return code


def _cast_once(
    vote_id: int, user: Any, choices: Mapping[str, Iterable[Any]], at: dt.datetime | None
) -> str:
    with transaction.atomic():
        # Locking the vote orders castings against the close; locking the voter record
        # makes the second of two simultaneous castings see `voted` (PostgreSQL). SQLite
        # ignores FOR UPDATE but runs these transactions one at a time (BEGIN IMMEDIATE).
        vote = Vote.objects.select_for_update().get(pk=vote_id)
        record = VoterRecord.objects.select_for_update().filter(vote=vote, user=user).first()
        refusal = _refusal(vote, record, _now(at))
        if refusal is not None:
            raise refusal
        assert record is not None
        ballot = _ballot_from(vote, choices, _setup(vote))
        record.voted = True
        _save(record, user)
        receipt = _new_receipt(vote)
        Ballot.objects.create(
            vote=vote,
            choices={code: sorted(int(u) for u in units) for code, units in ballot.choices},
            receipt=receipt,
        )
        return receipt


def _is_lock_error(error: OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def ballot_cast(
    *, vote: Vote, user: Any, choices: Mapping[str, Iterable[Any]], at: dt.datetime | None = None
) -> str:
    """Cast the delegate's ballot; returns the receipt code, which nothing stores with the
    voter. Raises BallotRefused with the reason."""
    deadline = time.monotonic() + CAST_RETRY_SECONDS
    while True:
        try:
            return _cast_once(vote.pk, user, choices, at)
        except OperationalError as error:
            # Inside an outer transaction a retry cannot help: the outer one holds the lock.
            if not _is_lock_error(error) or connection.in_atomic_block:
                raise
            if time.monotonic() >= deadline:
                raise BallotRefused(
                    "busy",
                    _("Hệ thống đang bận ghi phiếu khác. Vui lòng bấm gửi lại sau giây lát."),
                ) from None
            time.sleep(0.005 + secrets.randbelow(40) / 1000)


# ---------------------------------------------------------------------------------------
# Paper counts


@dataclass(frozen=True, slots=True)
class PaperLine:
    valid: int
    invalid: int
    votes: Mapping[int, int]


_PAPER_MESSAGES = {
    "count_mismatch": gettext_lazy(
        "“%(title)s”: số phiếu hợp lệ và không hợp lệ phải cộng lại bằng số phiếu thu vào."
    ),
    "votes_above_valid": gettext_lazy(
        "“%(title)s”: số phiếu của một đơn vị không thể lớn hơn số phiếu hợp lệ."
    ),
    "too_many_votes": gettext_lazy(
        "“%(title)s”: tổng số phiếu bầu vượt quá số phiếu hợp lệ "
        "nhân với số đơn vị được chọn tối đa."
    ),
    "negative_count": gettext_lazy("“%(title)s”: số phiếu không được âm."),
    "unknown_candidate": gettext_lazy("“%(title)s”: có đơn vị không nằm trong danh sách bình xét."),
}


def _paper_counts(vote: Vote, lines: Mapping[str, PaperLine]) -> list[tally.PaperCount]:
    return [
        tally.PaperCount.of(
            code,
            {str(unit): n for unit, n in line.votes.items()},
            valid=line.valid,
            invalid=line.invalid,
        )
        for code, line in lines.items()
    ]


@transaction.atomic
def paper_tally_enter(
    *,
    vote: Vote,
    by: Any,
    ballots_issued: int,
    ballots_cast: int,
    lines: Mapping[str, PaperLine],
    at: dt.datetime | None = None,
) -> PaperTally:
    """The secretary's figures from the counting minutes; they stand once another person
    confirms them. Entering again replaces them and clears a pending confirmation."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if vote.method != VoteMethod.PAPER:
        raise ValidationError(_("Cuộc bỏ phiếu này là bỏ phiếu điện tử; kết quả do hệ thống kiểm."))
    if not vote.is_closed:
        raise ValidationError(_("Hãy kết thúc bỏ phiếu trước khi nhập kết quả kiểm phiếu."))
    current = PaperTally.objects.filter(vote=vote).first()
    if current is not None and current.is_confirmed:
        raise ValidationError(_("Kết quả kiểm phiếu đã được xác nhận; không thể sửa."))
    setup = _setup(vote)
    errors: dict[str, list[str]] = {}
    if ballots_issued < 0 or ballots_cast < 0:
        errors["ballots_cast"] = [_("Số phiếu không được âm.")]
    elif ballots_issued > setup.eligible_voters:
        errors["ballots_issued"] = [
            _("Số phiếu phát ra không thể lớn hơn số đại biểu có quyền bỏ phiếu (%(n)s).")
            % {"n": setup.eligible_voters}
        ]
    elif ballots_cast > ballots_issued:
        errors["ballots_cast"] = [_("Số phiếu thu vào không thể lớn hơn số phiếu phát ra.")]
    if errors:
        raise ValidationError(errors)
    titles = {t.code: t for t in vote.titles.all()}
    if set(lines) != set(titles):
        raise ValidationError(_("Hãy nhập kết quả cho mọi danh hiệu."))
    counts = _paper_counts(vote, lines)
    messages: list[str] = []
    for count in counts:
        single = replace(
            setup, titles=tuple(t for t in setup.titles if t.code == count.title), prerequisites=()
        )
        try:
            tally.tally_paper(single, ballots_cast=ballots_cast, counts=[count])
        except tally.TallyError as error:
            template = str(
                _PAPER_MESSAGES.get(error.code) or _("“%(title)s”: số liệu không hợp lệ.")
            )
            messages.append(template % {"title": titles[count.title].name})
    if messages:
        raise ValidationError(messages)
    try:
        tally.tally_paper(setup, ballots_cast=ballots_cast, counts=counts)
    except tally.TallyError as error:
        raise _setup_error(error) from None
    stored = {
        code: {
            "valid": line.valid,
            "invalid": line.invalid,
            "votes": {str(unit): n for unit, n in sorted(line.votes.items())},
        }
        for code, line in lines.items()
    }
    paper = current or PaperTally(vote=vote)
    paper.ballots_issued = ballots_issued
    paper.ballots_cast = ballots_cast
    paper.counts = stored
    paper.entered_by = by
    paper.entered_at = _now(at)
    paper.confirmed_by = None
    paper.confirmed_at = None
    _save(paper, by)
    return paper


@transaction.atomic
def paper_tally_confirm(*, vote: Vote, by: Any, at: dt.datetime | None = None) -> PaperTally:
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    paper = PaperTally.objects.select_for_update().filter(vote=vote).first()
    if paper is None:
        raise ValidationError(_("Chưa có kết quả kiểm phiếu để xác nhận."))
    if paper.is_confirmed:
        raise ValidationError(_("Kết quả kiểm phiếu đã được xác nhận."))
    if paper.entered_by_id == getattr(by, "pk", None):
        raise ValidationError(
            _("Người xác nhận phải là người khác với người đã nhập kết quả kiểm phiếu.")
        )
    paper.confirmed_by = by
    paper.confirmed_at = _now(at)
    _save(paper, by)
    _propose(vote, _tally(vote), by)
    return paper


# ---------------------------------------------------------------------------------------
# Results


def result_available(vote: Vote) -> bool:
    if not vote.is_closed:
        return False
    if vote.method == VoteMethod.PAPER:
        paper = PaperTally.objects.filter(vote=vote).only("confirmed_at").first()
        return paper is not None and paper.is_confirmed
    return True


def _paper_lines(paper: PaperTally) -> list[tally.PaperCount]:
    return [
        tally.PaperCount.of(
            code,
            {unit: int(n) for unit, n in line["votes"].items()},
            valid=int(line["valid"]),
            invalid=int(line["invalid"]),
        )
        for code, line in paper.counts.items()
    ]


def _tally(vote: Vote) -> tally.TallyResult:
    """The count; never called before the close (the one read of the ballots' contents)."""
    assert vote.is_closed, "no tally before the vote is closed"
    setup = _setup(vote)
    if vote.method == VoteMethod.PAPER:
        paper = PaperTally.objects.get(vote=vote)
        return tally.tally_paper(setup, ballots_cast=paper.ballots_cast, counts=_paper_lines(paper))
    ballots = [
        tally.Ballot.of({code: [str(u) for u in units] for code, units in choices.items()})
        for choices in Ballot.objects.filter(vote=vote).values_list("choices", flat=True)
    ]
    return tally.tally_ballots(setup, ballots)


def _propose(vote: Vote, result: tally.TallyResult, by: Any) -> None:
    titles = {t.code: t for t in vote.titles.all()}
    for title_result in result.titles:
        title = titles[title_result.title]
        for unit_key in title_result.elected:
            proposal = AwardProposal(
                unit_id=int(unit_key),
                title_code=title.code,
                title_name=title.name,
                year=vote.cluster.year,
                source=ProposalSource.VOTE,
                vote=vote,
                status=ProposalStatus.PROPOSED,
            )
            _save(proposal, by)


@dataclass(frozen=True, slots=True)
class CandidateLine:
    unit: Unit
    votes: int
    share: Decimal
    passes_threshold: bool
    meets_prerequisite: bool
    approved: bool
    elected: bool
    in_runoff: bool
    standing: ranking.Standing | None


@dataclass(frozen=True, slots=True)
class TitleOutcome:
    title: VoteTitle
    valid: int
    invalid: int
    candidates: tuple[CandidateLine, ...]
    elected: tuple[Unit, ...]
    runoff: tuple[Unit, ...]
    runoff_seats: int
    runoff_vote: Vote | None


@dataclass(frozen=True, slots=True)
class VoteOutcome:
    vote: Vote
    eligible_voters: int
    member_units: int
    ballots_issued: int
    ballots_cast: int
    quorum_met: bool
    quorum_needed: int | None
    approval_needed: int | None
    titles: tuple[TitleOutcome, ...]

    @property
    def turnout_share(self) -> Decimal:
        return Decimal(self.ballots_cast * 100) / Decimal(self.eligible_voters or 1)


def vote_result(*, vote: Vote) -> VoteOutcome:
    """The count of a closed vote; ResultNotAvailable before (for everybody, admins too)."""
    if not vote.is_closed:
        raise ResultNotAvailable(
            _("Kết quả chỉ được công bố sau khi kết thúc bỏ phiếu; trước đó không ai xem được.")
        )
    if not result_available(vote):
        raise ResultNotAvailable(
            _("Kết quả kiểm phiếu giấy chưa được nhập và xác nhận bởi người thứ hai.")
        )
    result = _tally(vote)
    units = {
        str(c.unit_id): c.unit
        for c in vote.candidates.select_related("unit").order_by("unit__sort_name")
    }
    titles = {t.code: t for t in vote.titles.all()}
    standings = ranking.ranking_for(vote.cluster)
    runoffs = {
        t.code: t.vote for t in VoteTitle.objects.filter(vote__parent=vote).select_related("vote")
    }
    issued = result.eligible_voters
    if vote.method == VoteMethod.PAPER:
        issued = PaperTally.objects.get(vote=vote).ballots_issued
    outcomes = []
    for title_result in result.titles:
        lines = tuple(
            CandidateLine(
                unit=units[c.unit],
                votes=c.votes,
                share=c.share,
                passes_threshold=c.passes_threshold,
                meets_prerequisite=c.meets_prerequisite,
                approved=c.approved,
                elected=c.elected,
                in_runoff=c.in_runoff,
                standing=standings.get(int(c.unit)),
            )
            for c in sorted(
                title_result.candidates, key=lambda c: (-c.votes, units[c.unit].sort_name)
            )
        )
        outcomes.append(
            TitleOutcome(
                title=titles[title_result.title],
                valid=title_result.valid,
                invalid=title_result.invalid,
                candidates=lines,
                elected=tuple(line.unit for line in lines if line.elected),
                runoff=tuple(line.unit for line in lines if line.in_runoff),
                runoff_seats=title_result.runoff_seats,
                runoff_vote=runoffs.get(title_result.title),
            )
        )
    return VoteOutcome(
        vote=vote,
        eligible_voters=result.eligible_voters,
        member_units=result.member_units,
        ballots_issued=issued,
        ballots_cast=result.ballots_cast,
        quorum_met=result.quorum_met,
        quorum_needed=votes_needed(quorum_of(vote), result.member_units),
        approval_needed=votes_needed(approval_of(vote), result.eligible_voters),
        titles=tuple(outcomes),
    )


def receipts(*, vote: Vote) -> list[str]:
    """The receipt codes of the counted ballots, in alphabetical order, never with choices."""
    if not vote.is_closed:
        raise ResultNotAvailable(
            _("Danh sách mã phiếu chỉ được công bố sau khi kết thúc bỏ phiếu.")
        )
    return list(
        Ballot.objects.filter(vote=vote).order_by("receipt").values_list("receipt", flat=True)
    )


def normalise_receipt(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == RECEIPT_LENGTH else code.strip().upper()


def receipt_counted(*, vote: Vote, code: str) -> bool:
    if not vote.is_closed:
        raise ResultNotAvailable(_("Mã phiếu chỉ tra cứu được sau khi kết thúc bỏ phiếu."))
    return Ballot.objects.filter(vote=vote, receipt=normalise_receipt(code)).exists()


# ---------------------------------------------------------------------------------------
# Run-off


@transaction.atomic
def vote_start_runoff(*, vote: Vote, title_code: str, by: Any = None) -> Vote:
    """A new round for the units tied across the quota's boundary on one title."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    outcome = vote_result(vote=vote)
    found = [t for t in outcome.titles if t.title.code == title_code]
    if not found or not found[0].runoff:
        raise ValidationError(_("Danh hiệu này không có đơn vị nào phải bỏ phiếu lại."))
    title = found[0]
    if title.runoff_vote is not None:
        raise ValidationError(_("Vòng bỏ phiếu lại cho danh hiệu này đã được tạo."))
    runoff = Vote(
        cluster=vote.cluster,
        name=vote.name,
        round=vote.round + 1,
        parent=vote,
        method=vote.method,
        conference_date=vote.conference_date,
        conference_place=vote.conference_place,
        locality=vote.locality,
        member_units=vote.member_units,
        approval_numerator=vote.approval_numerator,
        approval_denominator=vote.approval_denominator,
        approval_strict=vote.approval_strict,
        quorum_numerator=vote.quorum_numerator,
        quorum_denominator=vote.quorum_denominator,
        quorum_strict=vote.quorum_strict,
        committee=vote.committee,
        note=vote.note,
        is_sample=vote.is_sample,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _save(runoff, by)
    _write_titles(runoff, [TitleSpec(title.title.code, title.title.name, title.runoff_seats)], by)
    for unit in title.runoff:
        _save(Candidate(vote=runoff, unit=unit), by)
    for record in vote.voters.all():
        _save(VoterRecord(vote=runoff, unit_id=record.unit_id, user_id=record.user_id), by)
    return runoff


# ---------------------------------------------------------------------------------------
# Reads


@dataclass(frozen=True, slots=True)
class Turnout:
    cast: int | None  # None: a paper vote whose count is not confirmed yet
    eligible: int

    @property
    def percent(self) -> Decimal | None:
        if self.cast is None or not self.eligible:
            return None
        return Decimal(self.cast * 100) / Decimal(self.eligible)


def turnout(*, vote: Vote) -> Turnout:
    """Ballots cast of eligible voters: one count, never who or in what order."""
    counts = vote.voters.aggregate(eligible=Count("pk"), cast=Count("pk", filter=Q(voted=True)))
    if vote.method == VoteMethod.PAPER:
        paper = PaperTally.objects.filter(vote=vote).first()
        cast = paper.ballots_cast if paper is not None and paper.is_confirmed else None
        return Turnout(cast=cast, eligible=counts["eligible"])
    return Turnout(cast=counts["cast"], eligible=counts["eligible"])


def with_counts(votes: QuerySet[Vote]) -> QuerySet[Vote]:
    """Votes with `eligible_count` and `cast_count` annotated, for lists."""
    return votes.annotate(
        eligible_count=Count("voters", distinct=True),
        cast_count=Count("voters", filter=Q(voters__voted=True), distinct=True),
    )


def voter_roll(*, vote: Vote) -> list[VoterRecord]:
    """The voting units in alphabetical order (never in the order they voted)."""
    return list(
        vote.voters.select_related("unit", "user").order_by("unit__sort_name", "unit__code")
    )


# ---------------------------------------------------------------------------------------
# What waits for whom (home page)


def pending_items(user: Any) -> list[PendingItem]:
    from thidua.voting import access

    if not getattr(user, "is_authenticated", False):
        return []
    now = timezone.now()
    items: list[PendingItem] = []
    mine = (
        Vote.objects.filter(status=VoteStatus.OPEN, method=VoteMethod.ELECTRONIC)
        .filter(Exists(VoterRecord.objects.filter(vote=OuterRef("pk"), user=user, voted=False)))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("cluster")
    )
    for vote in mine:
        items.append(
            PendingItem(
                title=_("Bỏ phiếu: %(vote)s – %(cluster)s")
                % {"vote": vote, "cluster": vote.cluster},
                url=reverse("voting:ballot", args=[vote.pk]),
                due=timezone.localdate(vote.closes_at) if vote.closes_at else None,
                detail=_("Bạn là đại biểu bỏ phiếu của đơn vị."),
                urgent=True,
            )
        )
    runnable = access.votes_runnable_by(user)
    overdue = runnable.filter(status=VoteStatus.OPEN, closes_at__lte=now).select_related("cluster")
    for vote in overdue:
        items.append(
            PendingItem(
                title=_("Kết thúc bỏ phiếu: %(vote)s – %(cluster)s")
                % {"vote": vote, "cluster": vote.cluster},
                url=reverse("voting:vote_detail", args=[vote.pk]),
                due=timezone.localdate(vote.closes_at) if vote.closes_at else None,
                detail=_("Đã hết giờ nhận phiếu."),
                urgent=True,
            )
        )
    paper = runnable.filter(status=VoteStatus.CLOSED, method=VoteMethod.PAPER).select_related(
        "cluster", "paper_tally"
    )
    for vote in paper:
        entered = getattr(vote, "paper_tally", None)
        if entered is None:
            title = _("Nhập kết quả kiểm phiếu: %(vote)s – %(cluster)s")
        elif not entered.is_confirmed and entered.entered_by_id != user.pk:
            title = _("Xác nhận kết quả kiểm phiếu: %(vote)s – %(cluster)s")
        else:
            continue
        items.append(
            PendingItem(
                title=title % {"vote": vote, "cluster": vote.cluster},
                url=reverse("voting:paper", args=[vote.pk]),
                due=vote.conference_date,
            )
        )
    return items
