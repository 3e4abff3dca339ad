"""Proposals (hồ sơ đề nghị) and their workflow: proposed → submitted to the council →
granted (the Award is recorded) or not granted (a reason).

The vote's results arrive as proposals: thidua.voting saves an `AwardProposal` for each
unit a closed vote elects; `proposal_from_vote_result` (called on that save, see
thidua.awards.receivers) turns it into a proposal of the registry that points back to it,
so the vote's count is never copied. Every write checks the version the writer saw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.awards import access
from thidua.awards.domain.awards import create_award
from thidua.awards.domain.common import (
    Errors,
    actor,
    add,
    check_recipient,
    check_text,
    check_unit_in_year,
    day,
    locked,
    raise_if,
)
from thidua.awards.models import (
    OPEN_PROPOSAL_STATUSES,
    Award,
    GrantingLevel,
    Proposal,
    ProposalSource,
    ProposalStatus,
    Recipient,
    Title,
    TitleKind,
    TitleRecipient,
)
from thidua.core.writes import delete_audited, now_or, save_audited, touch
from thidua.engine.text import fold
from thidua.org.models import Cluster, Membership, Unit
from thidua.voting.models import AwardProposal, Vote

PROPOSAL_FIELDS = (
    "title", "recipient", "unit", "person_name", "person_rank", "person_position",
    "proposed_at", "achievements",
)  # fmt: skip
# What the vote decided and a proposal from it may not change.
VOTED_FIELDS = ("title", "recipient", "unit", "person_name", "person_rank", "person_position")
TEXT_FIELDS = ("person_name", "person_rank", "person_position")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    for name in TEXT_FIELDS:
        value = values.get(name)
        values[name] = " ".join(value.split()) if isinstance(value, str) else (value or "")
    values["achievements"] = (values.get("achievements") or "").strip()
    return values


def _status_error(proposal: Proposal, wanted: str) -> ValidationError:
    return ValidationError(
        _("%(wanted)s Hồ sơ “%(proposal)s” đang ở trạng thái “%(status)s”.")
        % {"wanted": wanted, "proposal": proposal, "status": proposal.get_status_display()},
        code="status",
    )


def proposal_errors(
    values: Mapping[str, Any],
    *,
    cluster: Cluster,
    instance: Proposal | None = None,
    today: dt.date | None = None,
) -> Errors:
    """Everything wrong with a proposal's values, by field."""
    today = today or timezone.localdate()
    errors: Errors = {}
    title: Title = values["title"]
    unit: Unit = values["unit"]
    check_text(errors, Proposal, {name: values[name] for name in TEXT_FIELDS})
    check_recipient(
        errors,
        title=title,
        recipient=values["recipient"],
        person_name=values["person_name"],
        person_rank=values["person_rank"],
        person_position=values["person_position"],
        new=instance is None or instance.title_id != title.pk,
    )
    if not Membership.objects.filter(cluster=cluster, unit=unit).exists():
        add(
            errors,
            "unit",
            _("%(unit)s không phải thành viên của %(cluster)s.")
            % {"unit": unit, "cluster": cluster},
        )
    else:
        check_unit_in_year(errors, unit, cluster.year)
    proposed_at = values["proposed_at"]
    if not isinstance(proposed_at, dt.date):
        add(errors, "proposed_at", _("Hãy nhập ngày đề nghị (dd/mm/yyyy)."))
    elif proposed_at > today:
        add(
            errors, "proposed_at", _("Ngày đề nghị %(date)s chưa đến.") % {"date": day(proposed_at)}
        )
    elif proposed_at < cluster.start:
        add(
            errors,
            "proposed_at",
            _("Ngày đề nghị %(date)s trước năm thành tích %(year)s.")
            % {"date": day(proposed_at), "year": cluster.year},
        )
    if not errors and title.kind != TitleKind.COMMENDATION:
        message = _duplicate(values, cluster.year, instance)
        if message:
            add(errors, "title", message)
    return errors


def _duplicate(values: Mapping[str, Any], year: int, instance: Proposal | None) -> str:
    """An open or granted proposal, or an award, of the same title to the same recipient."""
    proposals = Proposal.objects.filter(
        title=values["title"], unit=values["unit"], year=year, recipient=values["recipient"]
    ).exclude(status=ProposalStatus.NOT_GRANTED)
    if instance is not None:
        proposals = proposals.exclude(pk=instance.pk)
    person = fold(values["person_name"])
    for proposal in proposals.select_related("cluster"):
        if fold(proposal.person_name) == person:
            return _(
                "Đã có hồ sơ đề nghị “%(title)s” cho %(recipient)s năm %(year)s (%(cluster)s, "
                "trạng thái “%(status)s”)."
            ) % {
                "title": proposal.title.name,
                "recipient": proposal.recipient_label,
                "year": year,
                "cluster": proposal.cluster,
                "status": proposal.get_status_display(),
            }
    awards = Award.objects.filter(
        title=values["title"], unit=values["unit"], year=year, recipient=values["recipient"]
    )
    for award in awards:
        if fold(award.person_name) == person:
            return _(
                "%(recipient)s đã được tặng “%(title)s” cho năm %(year)s (quyết định số "
                "%(number)s): không cần đề nghị nữa."
            ) % {
                "recipient": award.recipient_label,
                "title": award.title.name,
                "year": year,
                "number": award.decision_number,
            }
    return ""


@transaction.atomic
def proposal_create(
    *,
    cluster: Cluster,
    title: Title,
    unit: Unit,
    recipient: str = Recipient.UNIT,
    person_name: str = "",
    person_rank: str = "",
    person_position: str = "",
    proposed_at: dt.date | None = None,
    achievements: str = "",
    year: int | None = None,
    is_sample: bool = False,
    by: Any,
    at: dt.datetime | None = None,
) -> Proposal:
    """A proposal of the cluster for the year of the cluster, in the state "proposed"."""
    if not access.can_propose(by, cluster, unit):
        raise PermissionDenied(
            _(
                "Cán bộ của đơn vị Cụm trưởng, Cụm phó và cơ quan thường trực lập hồ sơ đề nghị "
                "cho các đơn vị trong cụm; cán bộ thi đua của một đơn vị lập cho đơn vị mình."
            )
        )
    moment = now_or(at)
    values = _clean(
        {
            "title": title, "recipient": recipient, "unit": unit, "person_name": person_name,
            "person_rank": person_rank, "person_position": person_position,
            "proposed_at": proposed_at or timezone.localdate(moment), "achievements": achievements,
        }
    )  # fmt: skip
    errors = proposal_errors(values, cluster=cluster)
    if year is not None and year != cluster.year:
        add(
            errors,
            "year",
            _("Hồ sơ của %(cluster)s là cho năm %(year)s.")
            % {"cluster": cluster, "year": cluster.year},
        )
    raise_if(errors)
    proposal = Proposal(
        cluster=cluster, year=cluster.year, source=ProposalSource.MANUAL, is_sample=is_sample,
        created_at=moment, created_by=actor(by), updated_at=moment, updated_by=actor(by), **values,
    )  # fmt: skip
    save_audited(proposal, by=actor(by), at=moment, reason=pgettext("history", "Lập hồ sơ đề nghị"))
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, by: Any, expected_version: int | None, at: dt.datetime | None = None,
    **changes: Any,
) -> Proposal:  # fmt: skip
    """Change a proposal while it is proposed (not what the vote decided)."""
    if not access.can_edit_proposal(by, proposal):
        raise PermissionDenied(_("Bạn không sửa được hồ sơ đề nghị này."))
    unknown = set(changes) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValidationError(
            _("Không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    proposal = locked(proposal, expected_version)
    if proposal.status != ProposalStatus.PROPOSED:
        raise _status_error(proposal, _("Chỉ sửa được hồ sơ chưa trình Hội đồng."))
    values = _clean({name: changes.get(name, getattr(proposal, name)) for name in PROPOSAL_FIELDS})
    errors = proposal_errors(values, cluster=proposal.cluster, instance=proposal)
    if proposal.source == ProposalSource.VOTE and any(
        values[name] != getattr(proposal, name) for name in VOTED_FIELDS
    ):
        add(
            errors,
            "title",
            _("Hồ sơ theo kết quả bỏ phiếu: không đổi được danh hiệu và đơn vị được suy tôn."),
        )
    if values["unit"] != proposal.unit and not access.can_propose(
        by, proposal.cluster, values["unit"]
    ):
        add(errors, "unit", _("Bạn chỉ lập hồ sơ đề nghị cho đơn vị của mình."))
    raise_if(errors)
    if all(values[name] == getattr(proposal, name) for name in PROPOSAL_FIELDS):
        return proposal
    for name, value in values.items():
        setattr(proposal, name, value)
    touch(proposal, by=actor(by), at=now_or(at), reason=pgettext("history", "Sửa hồ sơ đề nghị"))
    return proposal


@transaction.atomic
def proposal_delete(
    *, proposal: Proposal, by: Any, expected_version: int | None, at: dt.datetime | None = None
) -> None:
    """Remove a proposal made by mistake, before it is submitted (never the vote's)."""
    if not access.can_edit_proposal(by, proposal):
        raise PermissionDenied(_("Bạn không xóa được hồ sơ đề nghị này."))
    proposal = locked(proposal, expected_version)
    if proposal.source == ProposalSource.VOTE:
        raise ValidationError(
            _(
                "Hồ sơ theo kết quả bỏ phiếu không xóa được; nếu không trình, hãy để Hội đồng "
                "ghi nhận “không được khen thưởng”."
            ),
            code="status",
        )
    if proposal.status != ProposalStatus.PROPOSED:
        raise _status_error(proposal, _("Chỉ xóa được hồ sơ chưa trình Hội đồng."))
    delete_audited(proposal, by=actor(by), at=now_or(at), reason=_("Xóa hồ sơ đề nghị"))


@transaction.atomic
def proposal_submit(
    *,
    proposal: Proposal,
    by: Any,
    expected_version: int | None,
    submitted_at: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Proposal:
    """Send the proposal to the council (Hội đồng thi đua – khen thưởng)."""
    if not access.can_submit_proposal(by, proposal):
        raise PermissionDenied(
            _("Cán bộ của đơn vị Cụm trưởng, Cụm phó hoặc cơ quan thường trực trình hồ sơ.")
        )
    proposal = locked(proposal, expected_version)
    if proposal.status != ProposalStatus.PROPOSED:
        raise _status_error(proposal, _("Chỉ trình được hồ sơ đang ở trạng thái đề nghị."))
    moment = now_or(at)
    when = submitted_at or timezone.localdate(moment)
    errors: Errors = {}
    if when < proposal.proposed_at:
        add(
            errors,
            "submitted_at",
            _("Ngày trình %(date)s trước ngày đề nghị %(proposed)s.")
            % {"date": day(when), "proposed": day(proposal.proposed_at)},
        )
    elif when > timezone.localdate(moment):
        add(errors, "submitted_at", _("Ngày trình %(date)s chưa đến.") % {"date": day(when)})
    raise_if(errors)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = when
    proposal.submitted_by = actor(by)
    touch(
        proposal,
        by=actor(by),
        at=moment,
        reason=_("Trình Hội đồng ngày %(date)s") % {"date": day(when)},
    )
    return proposal


@transaction.atomic
def proposal_grant(
    *,
    proposal: Proposal,
    by: Any,
    expected_version: int | None,
    decision_number: str,
    decision_date: dt.date,
    granting_authority: str = "",
    note: str = "",
    file: IO[bytes] | Any | None = None,
    file_name: str = "",
    at: dt.datetime | None = None,
) -> Award:
    """Record the decision granting a submitted proposal: its Award, linked to it."""
    if not access.can_decide_proposal(by, proposal):
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực quản lý cụm ghi nhận kết quả xét khen thưởng.")
        )
    proposal = locked(proposal, expected_version)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise _status_error(proposal, _("Chỉ ghi nhận kết quả cho hồ sơ đã trình Hội đồng."))
    extra: Errors = {}
    if isinstance(decision_date, dt.date):
        if decision_date < proposal.proposed_at:
            add(
                extra,
                "decision_date",
                _("Ngày quyết định %(date)s trước ngày đề nghị %(proposed)s.")
                % {"date": day(decision_date), "proposed": day(proposal.proposed_at)},
            )
        elif proposal.submitted_at and decision_date < proposal.submitted_at:
            add(
                extra,
                "decision_date",
                _("Ngày quyết định %(date)s trước ngày trình Hội đồng %(submitted)s.")
                % {"date": day(decision_date), "submitted": day(proposal.submitted_at)},
            )
    moment = now_or(at)
    values = {
        "title": proposal.title, "recipient": proposal.recipient, "unit": proposal.unit,
        "person_name": proposal.person_name, "person_rank": proposal.person_rank,
        "person_position": proposal.person_position, "year": proposal.year,
        "decision_number": decision_number, "decision_date": decision_date,
        "granting_authority": granting_authority, "cluster": proposal.cluster, "note": note,
    }  # fmt: skip
    award = create_award(
        values,
        file=file,
        file_name=file_name,
        is_sample=proposal.is_sample,
        by=by,
        at=moment,
        reason=_("Khen thưởng theo hồ sơ đề nghị"),
        extra_errors=extra,
    )
    proposal.status = ProposalStatus.GRANTED
    proposal.award = award
    proposal.decided_at = moment
    proposal.decided_by = actor(by)
    touch(
        proposal,
        by=actor(by),
        at=moment,
        reason=_("Được khen thưởng: quyết định số %(number)s ngày %(date)s")
        % {"number": award.decision_number, "date": day(award.decision_date)},
    )
    return award


@transaction.atomic
def proposal_reject(
    *,
    proposal: Proposal,
    by: Any,
    expected_version: int | None,
    reason: str,
    at: dt.datetime | None = None,
) -> Proposal:
    """Record that the council did not grant a submitted proposal, and why."""
    if not access.can_decide_proposal(by, proposal):
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực quản lý cụm ghi nhận kết quả xét khen thưởng.")
        )
    proposal = locked(proposal, expected_version)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise _status_error(proposal, _("Chỉ ghi nhận kết quả cho hồ sơ đã trình Hội đồng."))
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": [_("Hãy nêu lý do không được khen thưởng.")]})
    moment = now_or(at)
    proposal.status = ProposalStatus.NOT_GRANTED
    proposal.refusal_reason = text
    proposal.decided_at = moment
    proposal.decided_by = actor(by)
    touch(
        proposal,
        by=actor(by),
        at=moment,
        reason=_("Không được khen thưởng: %(reason)s") % {"reason": text},
    )
    return proposal


# ---------------------------------------------------------------------------------------
# The vote's results


def title_for_vote(code: str, name: str, by: Any = None) -> Title:
    """The catalogue's title for a vote's title: by code, else by name; a title the
    catalogue lacks is added to it by `by` (a collective title, to be completed by the
    office)."""
    found = Title.objects.filter(code=code).first()
    if found is not None:
        return found
    folded = fold(name)
    for title in Title.objects.all():
        if fold(title.name) == folded:
            return title
    base = slugify(code)[:30] or "bo-phieu"
    candidate, n = base, 1
    while Title.objects.filter(code=candidate).exists():
        n += 1
        candidate = f"{base[:26]}-{n}"
    title = Title(
        code=candidate,
        name=name[:255],
        kind=TitleKind.COLLECTIVE,
        recipient=TitleRecipient.UNIT,
        level=GrantingLevel.OTHER,
        order=900,
    )
    save_audited(
        title,
        by=actor(by),
        at=timezone.now(),
        reason=_("Thêm từ kết quả bỏ phiếu: cần bổ sung cấp quyết định"),
    )
    return title


@transaction.atomic
def proposal_from_vote_result(*, award_proposal: AwardProposal, by: Any = None) -> Proposal | None:
    """The registry's proposal for one unit a closed vote elected (made once).

    An open proposal of the cluster already made by hand for the same title and unit is
    linked to the vote rather than doubled. Nothing is checked against the person who
    closed the vote: the vote's own rules decided.
    """
    existing = Proposal.objects.filter(vote_proposal=award_proposal).first()
    if existing is not None:
        return existing
    vote: Vote | None = award_proposal.vote
    if vote is None:
        return None
    cluster = vote.cluster
    title = title_for_vote(award_proposal.title_code, award_proposal.title_name, by)
    moment = timezone.now()
    manual = (
        Proposal.objects.select_for_update()
        .filter(
            cluster=cluster,
            title=title,
            unit_id=award_proposal.unit_id,
            recipient=Recipient.UNIT,
            vote_proposal__isnull=True,
            status__in=OPEN_PROPOSAL_STATUSES,
        )
        .first()
    )
    if manual is not None:
        manual.vote_proposal = award_proposal
        touch(
            manual,
            by=actor(by),
            at=moment,
            reason=_("Gắn với kết quả bỏ phiếu %(vote)s") % {"vote": vote},
        )
        return manual
    proposal = Proposal(
        cluster=cluster,
        title=title,
        recipient=Recipient.UNIT,
        unit_id=award_proposal.unit_id,
        year=award_proposal.year,
        proposed_at=vote.conference_date,
        source=ProposalSource.VOTE,
        vote_proposal=award_proposal,
        is_sample=vote.is_sample,
        created_at=moment,
        created_by=actor(by),
        updated_at=moment,
        updated_by=actor(by),
        achievements=_("Được suy tôn tại %(vote)s ngày %(date)s.")
        % {"vote": vote, "date": day(vote.conference_date)},
    )
    save_audited(proposal, by=actor(by), at=moment, reason=_("Từ kết quả bỏ phiếu"))
    return proposal


def proposals_from_vote(*, vote: Vote, by: Any = None) -> list[Proposal]:
    """The registry's proposals for every unit the vote elected (idempotent)."""
    found = []
    for award_proposal in AwardProposal.objects.filter(vote=vote).order_by("pk"):
        proposal = proposal_from_vote_result(award_proposal=award_proposal, by=by)
        if proposal is not None:
            found.append(proposal)
    return found
