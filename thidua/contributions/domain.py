"""Writes and reads of the cluster's funds: one transaction per write, checked by
thidua.contributions.access, audited (who, when, why) in the history rows.

Amounts come in as typed ("150.000.000", "150000000", "150.000.000 đ", 150000000) and are
parsed here, once, for the pages and the API alike: whole đồng, not negative. A payment
above the pledge is refused unless the caller confirms it; the confirmation is written in
the history row's reason. Every write locks the row it changes and checks the version the
writer saw.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import IO, Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.contributions import access
from thidua.contributions.models import MONEY_DIGITS, Fund, FundStatus, Pledge
from thidua.core.files import delete_on_commit
from thidua.core.writes import delete_audited, lock_version, now_or, save_audited, touch
from thidua.engine.numbers import NumberFormatError, arithmetic, format_int_vi, parse_decimal_vi, q2
from thidua.org.models import Cluster, Membership, Unit
from thidua.reporting.domain.evidence import CONTENT_TYPES, check_upload, upload_display_name

ZERO = Decimal(0)
MAX_AMOUNT = Decimal(10) ** MONEY_DIGITS - 1
LIMITS = {
    "title": 255,
    "beneficiary_name": 255,
    "beneficiary_rank": 60,
    "beneficiary_position": 150,
}
NOTE_LIMIT = 500
# "đ", "₫", "VND", "VNĐ", "đồng" after the number, as people write amounts.
_CURRENCY = re.compile(r"\s*(?:đ|₫|vnd|vnđ|đồng|dong)\.?\s*$", re.IGNORECASE)
_SPACED = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+")


class Upload(NamedTuple):
    """An uploaded file and the name it came with."""

    file: IO[bytes] | Any
    name: str


# ---------------------------------------------------------------------------------------
# Amounts


class AmountError(ValueError):
    """An amount that is not whole, non-negative đồng; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_amount(value: Any) -> Decimal:
    """Whole đồng from 150000000, "150000000", "150.000.000", "150 000 000" or "150.000.000 đ".

    Refuses empty, negative, non-numeric and fractional amounts, and English grouping
    ("150,000,000"), with a message saying what to type.
    """
    typed = value
    if isinstance(value, bool) or value is None:
        raise AmountError(_("Hãy nhập số tiền (đồng), ví dụ 20.000.000."))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(str(value))
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        text = _CURRENCY.sub("", value.strip())
        if _SPACED.fullmatch(text):
            text = text.replace(" ", "").replace("\u00a0", "")
        if not text:
            raise AmountError(_("Hãy nhập số tiền (đồng), ví dụ 20.000.000."))
        try:
            amount = parse_decimal_vi(text)
        except NumberFormatError:
            raise AmountError(
                _("“%(value)s” không phải là số tiền: hãy viết như 150.000.000 hoặc 150000000.")
                % {"value": typed}
            ) from None
    else:
        raise AmountError(_("Số tiền phải là một số, ví dụ 150000000."))
    if not amount.is_finite():
        raise AmountError(_("Số tiền phải là một số, ví dụ 150000000."))
    if amount < 0:
        raise AmountError(_("Số tiền không được âm."))
    if amount != amount.to_integral_value():
        raise AmountError(
            _("Số tiền tính bằng đồng, không có phần lẻ: “%(value)s”.") % {"value": typed}
        )
    if amount > MAX_AMOUNT:
        raise AmountError(_("Số tiền quá lớn."))
    return amount.quantize(Decimal(1))


def format_vnd(amount: Decimal | int | None) -> str:
    """150000000 → "150.000.000 đ"; None → "—"."""
    if amount is None:
        return "—"
    return f"{format_int_vi(amount)} đ"


def _amount(errors: dict[str, list[str]], name: str, value: Any, *, optional: bool) -> Any:
    if optional and (value is None or (isinstance(value, str) and not value.strip())):
        return None
    try:
        return parse_amount(value)
    except AmountError as error:
        errors.setdefault(name, []).append(error.message)
        return None


# ---------------------------------------------------------------------------------------
# Helpers


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _conflict_message() -> str:
    return _(
        "%(what)s vừa được %(who)s lưu lúc %(when)s (phiên bản %(current)s; bạn đang sửa "
        "phiên bản %(yours)s). Thay đổi của bạn chưa được lưu: hãy tải lại trang, xem "
        "thay đổi rồi làm lại."
    )


def _locked_fund(fund: Fund, expected_version: int) -> Fund:
    return lock_version(
        Fund.objects.select_related("cluster", "updated_by"),
        fund.pk,
        expected_version,
        message=_conflict_message(),
        names=lambda current: {"what": _("Khoản đóng góp “%(title)s”") % {"title": current.title}},
    )


def _locked_pledge(pledge: Pledge, expected_version: int) -> Pledge:
    return lock_version(
        Pledge.objects.select_related("fund", "fund__cluster", "unit", "updated_by"),
        pledge.pk,
        expected_version,
        message=_conflict_message(),
        names=lambda current: {"what": _("Phần đóng góp của %(unit)s") % {"unit": current.unit}},
    )


def _closed(fund: Fund) -> ValidationError:
    return ValidationError(
        _(
            "Khoản đóng góp “%(title)s” đã kết thúc%(day)s: không thay đổi được nữa. Cụm "
            "trưởng, Cụm phó hoặc cơ quan thường trực mở lại nếu cần."
        )
        % {"title": fund.title, "day": f" ({_day(fund.closed_on)})" if fund.closed_on else ""},
        code="status",
    )


def _refused(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def _manager_refusal(cluster: Cluster) -> PermissionDenied:
    return _refused(
        _(
            "Chỉ cán bộ Cụm trưởng, Cụm phó của %(cluster)s hoặc cơ quan thường trực mới quản "
            "lý các khoản đóng góp của cụm."
        )
        % {"cluster": cluster}
    )


def members_of(cluster: Cluster) -> list[Unit]:
    """The units that were members of the cluster-year at any time, in Vietnamese order."""
    ids = Membership.objects.filter(cluster=cluster).values("unit_id")
    return list(Unit.objects.filter(pk__in=ids).order_by("sort_name", "code"))


def split_evenly(total: Decimal, count: int) -> list[Decimal]:
    """`total` đồng in `count` whole parts; the first parts take the đồng left over."""
    if count <= 0:
        return []
    base, left = divmod(int(total), count)
    return [Decimal(base + (1 if index < left else 0)) for index in range(count)]


# ---------------------------------------------------------------------------------------
# Funds


@dataclass(frozen=True)
class FundInput:
    """What the form or the API gives for a fund; amounts as typed (parsed here)."""

    cluster: Cluster
    title: str
    opened_on: dt.date
    description: str = ""
    beneficiary_name: str = ""
    beneficiary_rank: str = ""
    beneficiary_position: str = ""
    beneficiary_unit: Unit | None = None
    target_amount: Any = None
    default_pledge: Any = None
    due_on: dt.date | None = None
    note: str = ""
    is_sample: bool = False


def _clean_fund(data: FundInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "title": " ".join(data.title.split()),
        "description": data.description.strip(),
        "beneficiary_name": " ".join(data.beneficiary_name.split()),
        "beneficiary_rank": " ".join(data.beneficiary_rank.split()),
        "beneficiary_position": " ".join(data.beneficiary_position.split()),
        "beneficiary_unit": data.beneficiary_unit,
        "opened_on": data.opened_on,
        "due_on": data.due_on,
        "note": data.note.strip(),
    }
    if not values["title"]:
        errors["title"] = [_("Hãy nhập mục đích của khoản đóng góp.")]
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors.setdefault(name, []).append(
                _("Không được dài quá %(limit)s ký tự.") % {"limit": limit}
            )
    values["target_amount"] = _amount(errors, "target_amount", data.target_amount, optional=True)
    values["default_pledge"] = _amount(errors, "default_pledge", data.default_pledge, optional=True)
    if data.opened_on is None:
        errors["opened_on"] = [_("Hãy nhập ngày phát động.")]
    elif data.due_on is not None and data.due_on < data.opened_on:
        errors["due_on"] = [
            _("Hạn nộp %(due)s trước ngày phát động %(opened)s.")
            % {"due": _day(data.due_on), "opened": _day(data.opened_on)}
        ]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def fund_create(
    *,
    data: FundInput,
    by: Any,
    pledge_members: bool = True,
    at: dt.datetime | None = None,
) -> Fund:
    """A new fund of the cluster-year; with `pledge_members`, a pledge for every member:
    the default pledge each, or else the target shared evenly, or else nothing yet."""
    if not access.can_manage_funds(by, data.cluster):
        raise _manager_refusal(data.cluster)
    values = _clean_fund(data)
    now = now_or(at)
    fund = Fund(
        **values,
        cluster=data.cluster,
        year=data.cluster.year,
        is_sample=data.is_sample,
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
    )
    save_audited(fund, by=by, at=now, reason=_("Phát động khoản đóng góp"))
    if pledge_members:
        units = members_of(data.cluster)
        if fund.default_pledge is not None:
            amounts = [fund.default_pledge] * len(units)
        elif fund.target_amount is not None:
            amounts = split_evenly(fund.target_amount, len(units))
        else:
            amounts = [ZERO] * len(units)
        for unit, amount in zip(units, amounts, strict=True):
            pledge = Pledge(fund=fund, unit=unit, pledged=amount, updated_at=now, updated_by=by)
            save_audited(
                pledge,
                by=by,
                at=now,
                reason=_("Cam kết %(amount)s") % {"amount": format_vnd(amount)},
            )
    return fund


@transaction.atomic
def fund_update(
    *, fund: Fund, data: FundInput, by: Any, expected_version: int, at: dt.datetime | None = None
) -> Fund:
    """Change the fund's texts, amounts and dates (not its cluster, not the pledges)."""
    if not access.can_manage_funds(by, fund.cluster):
        raise _manager_refusal(fund.cluster)
    fund = _locked_fund(fund, expected_version)
    if not fund.is_open:
        raise _closed(fund)
    values = _clean_fund(replace(data, cluster=fund.cluster))
    for name, value in values.items():
        setattr(fund, name, value)
    touch(fund, by=by, at=now_or(at), reason=_("Sửa thông tin khoản đóng góp"))
    return fund


@transaction.atomic
def fund_close(
    *,
    fund: Fund,
    by: Any,
    expected_version: int,
    closed_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Fund:
    if not access.can_manage_funds(by, fund.cluster):
        raise _manager_refusal(fund.cluster)
    fund = _locked_fund(fund, expected_version)
    if not fund.is_open:
        raise _closed(fund)
    now = now_or(at)
    day = closed_on or timezone.localdate(now)
    if day < fund.opened_on:
        raise ValidationError(
            {
                "closed_on": [
                    _("Ngày kết thúc %(closed)s trước ngày phát động %(opened)s.")
                    % {"closed": _day(day), "opened": _day(fund.opened_on)}
                ]
            }
        )
    fund.status = FundStatus.CLOSED
    fund.closed_on = day
    touch(
        fund, by=by, at=now, reason=_("Kết thúc khoản đóng góp ngày %(day)s") % {"day": _day(day)}
    )
    return fund


@transaction.atomic
def fund_reopen(
    *, fund: Fund, by: Any, expected_version: int, at: dt.datetime | None = None
) -> Fund:
    if not access.can_manage_funds(by, fund.cluster):
        raise _manager_refusal(fund.cluster)
    fund = _locked_fund(fund, expected_version)
    if fund.is_open:
        raise ValidationError(
            _("Khoản đóng góp “%(title)s” đang mở.") % {"title": fund.title}, code="status"
        )
    fund.status = FundStatus.OPEN
    fund.closed_on = None
    touch(fund, by=by, at=now_or(at), reason=_("Mở lại khoản đóng góp"))
    return fund


@transaction.atomic
def fund_delete(
    *, fund: Fund, by: Any, expected_version: int, at: dt.datetime | None = None
) -> None:
    """Remove a fund nobody paid into (one with payments is closed instead)."""
    if not access.can_manage_funds(by, fund.cluster):
        raise _manager_refusal(fund.cluster)
    fund = _locked_fund(fund, expected_version)
    pledges = list(fund.pledges.select_related("unit"))
    if any(p.has_payment for p in pledges):
        raise ValidationError(
            _(
                "Đã có đơn vị nộp tiền vào khoản “%(title)s”: không xóa được. Hãy kết thúc "
                "khoản đóng góp thay vì xóa."
            )
            % {"title": fund.title},
            code="status",
        )
    now = now_or(at)
    for pledge in pledges:
        delete_audited(pledge, by=by, at=now, reason=_("Xóa cùng khoản đóng góp"))
    delete_audited(fund, by=by, at=now, reason=_("Xóa khoản đóng góp"))


# ---------------------------------------------------------------------------------------
# Pledges and payments


@transaction.atomic
def pledge_add(
    *,
    fund: Fund,
    unit: Unit,
    pledged: Any,
    by: Any,
    expected_version: int,
    note: str = "",
    at: dt.datetime | None = None,
) -> Pledge:
    """A member's pledge that the fund lacks (a unit that joined late, a fund without)."""
    if not access.can_manage_funds(by, fund.cluster):
        raise _manager_refusal(fund.cluster)
    fund = _locked_fund(fund, expected_version)
    if not fund.is_open:
        raise _closed(fund)
    errors: dict[str, list[str]] = {}
    amount = _amount(errors, "pledged", pledged, optional=False)
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        errors["note"] = [_("Không được dài quá %(limit)s ký tự.") % {"limit": NOTE_LIMIT}]
    if not Membership.objects.filter(cluster=fund.cluster, unit=unit).exists():
        errors["unit"] = [
            _("%(unit)s không phải thành viên của %(cluster)s.")
            % {"unit": unit, "cluster": fund.cluster}
        ]
    elif Pledge.objects.filter(fund=fund, unit=unit).exists():
        errors["unit"] = [_("%(unit)s đã có trong bảng đóng góp.") % {"unit": unit}]
    if errors:
        raise ValidationError(errors)
    now = now_or(at)
    pledge = Pledge(fund=fund, unit=unit, pledged=amount, note=note, updated_at=now, updated_by=by)
    save_audited(
        pledge, by=by, at=now, reason=_("Cam kết %(amount)s") % {"amount": format_vnd(amount)}
    )
    touch(fund, by=by, at=now, reason=_("Thêm %(unit)s vào bảng đóng góp") % {"unit": unit})
    return pledge


@transaction.atomic
def pledge_delete(
    *, pledge: Pledge, by: Any, expected_version: int, at: dt.datetime | None = None
) -> None:
    """Remove a unit's line while it has paid nothing."""
    fund = pledge.fund
    if not access.can_manage_funds(by, fund.cluster):
        raise _manager_refusal(fund.cluster)
    pledge = _locked_pledge(pledge, expected_version)
    fund = Fund.objects.select_for_update(of=("self",)).get(pk=pledge.fund_id)
    if not fund.is_open:
        raise _closed(fund)
    if pledge.has_payment:
        raise ValidationError(
            _("%(unit)s đã nộp tiền: không xóa được dòng này.") % {"unit": pledge.unit},
            code="status",
        )
    now = now_or(at)
    unit = pledge.unit
    delete_audited(
        pledge, by=by, at=now, reason=_("Bỏ %(unit)s khỏi bảng đóng góp") % {"unit": unit}
    )
    touch(fund, by=by, at=now, reason=_("Bỏ %(unit)s khỏi bảng đóng góp") % {"unit": unit})


@transaction.atomic
def pledge_record_payment(
    *,
    pledge: Pledge,
    by: Any,
    expected_version: int,
    paid: Any,
    paid_on: dt.date | None = None,
    note: str | None = None,
    receipt: Upload | None = None,
    pledged: Any = None,
    confirm_overpay: bool = False,
    at: dt.datetime | None = None,
) -> Pledge:
    """What the unit has paid so far (the total, not an instalment), when, the receipt.

    `pledged` (the cluster officers and the office only) changes the pledge in the same
    write. A total above the pledge needs `confirm_overpay`.
    """
    if not access.can_record_payment(by, pledge):
        raise _refused(
            _(
                "Chỉ cán bộ thi đua của %(unit)s, Cụm trưởng, Cụm phó hoặc cơ quan thường trực mới ghi nhận được."
            )
            % {"unit": pledge.unit}
        )
    pledge = _locked_pledge(pledge, expected_version)
    fund = pledge.fund
    if not fund.is_open:
        raise _closed(fund)
    errors: dict[str, list[str]] = {}
    new_paid = _amount(errors, "paid", paid, optional=False)
    new_pledged = pledge.pledged
    if pledged is not None and not (isinstance(pledged, str) and not pledged.strip()):
        parsed = _amount(errors, "pledged", pledged, optional=False)
        if parsed is not None and parsed != pledge.pledged:
            if not access.can_manage_funds(by, fund.cluster):
                raise _refused(
                    _("Chỉ Cụm trưởng, Cụm phó hoặc cơ quan thường trực mới sửa số cam kết.")
                )
            new_pledged = parsed
    today = timezone.localdate()
    if new_paid is not None and new_paid > 0:
        if paid_on is None:
            errors.setdefault("paid_on", []).append(_("Hãy nhập ngày nộp."))
        elif paid_on > today:
            errors.setdefault("paid_on", []).append(
                _("Ngày nộp %(day)s ở sau hôm nay.") % {"day": _day(paid_on)}
            )
        elif paid_on < fund.opened_on:
            errors.setdefault("paid_on", []).append(
                _("Ngày nộp %(day)s trước ngày phát động %(opened)s.")
                % {"day": _day(paid_on), "opened": _day(fund.opened_on)}
            )
    if note is not None and len(note.strip()) > NOTE_LIMIT:
        errors["note"] = [_("Không được dài quá %(limit)s ký tự.") % {"limit": NOTE_LIMIT}]
    over = new_paid is not None and new_pledged is not None and new_paid > new_pledged
    if over and not confirm_overpay and "paid" not in errors:
        errors["paid"] = [
            _(
                "Số đã nộp %(paid)s lớn hơn số cam kết %(pledged)s của %(unit)s. Nếu đơn vị "
                "nộp vượt thật, hãy đánh dấu “Xác nhận nộp vượt số cam kết”."
            )
            % {
                "paid": format_vnd(new_paid),
                "pledged": format_vnd(new_pledged),
                "unit": pledge.unit,
            }
        ]
    checked = None
    if receipt is not None:
        try:
            checked = check_upload(receipt.file, receipt.name)
        except ValidationError as error:
            errors["receipt"] = error.messages
    if errors:
        raise ValidationError(errors)
    assert new_paid is not None
    now = now_or(at)
    parts = [
        _("Ghi nhận đã nộp %(paid)s") % {"paid": format_vnd(new_paid)},
    ]
    if new_pledged != pledge.pledged:
        parts.append(_("cam kết %(pledged)s") % {"pledged": format_vnd(new_pledged)})
    if over:
        parts.append(_("vượt cam kết, đã xác nhận"))
    old_receipt = pledge.receipt.name if pledge.receipt else ""
    pledge.pledged = new_pledged
    pledge.paid = new_paid
    pledge.paid_on = paid_on if new_paid > 0 else None
    if note is not None:
        pledge.note = note.strip()
    if checked is not None and receipt is not None:
        extension, size = checked
        pledge.receipt.save(f"receipt.{extension}", File(receipt.file), save=False)
        pledge.receipt_name = upload_display_name(receipt.name)
        pledge.receipt_type = CONTENT_TYPES[extension]
        pledge.receipt_size = size
        parts.append(_("chứng từ %(name)s") % {"name": pledge.receipt_name})
    touch(pledge, by=by, at=now, reason="; ".join(parts))
    if checked is not None:
        delete_on_commit(pledge.receipt.storage, old_receipt)
    return pledge


# ---------------------------------------------------------------------------------------
# Reads


@dataclass(frozen=True)
class Totals:
    pledged: Decimal
    paid: Decimal
    outstanding: Decimal
    overpaid: Decimal
    target: Decimal | None = None

    @property
    def base(self) -> Decimal:
        """What progress is measured against: the target, or else what was pledged."""
        return self.target if self.target is not None else self.pledged

    @property
    def progress(self) -> Decimal | None:
        """Percent paid of the base, two decimals; None when there is nothing to measure."""
        if not self.base:
            return None
        with arithmetic():
            return q2(self.paid * 100 / self.base)


def totals_of(pledges: Iterable[Pledge], target: Decimal | None = None) -> Totals:
    """Pledged, paid, outstanding (what units still owe) and overpaid, summed exactly."""
    pledged = paid = outstanding = overpaid = ZERO
    for pledge in pledges:
        pledged += pledge.pledged
        paid += pledge.paid
        outstanding += pledge.outstanding
        overpaid += pledge.overpaid
    return Totals(
        pledged=pledged, paid=paid, outstanding=outstanding, overpaid=overpaid, target=target
    )


@dataclass(frozen=True)
class FundSummary:
    """A fund with its pledges (in Vietnamese order of the units) and their totals."""

    fund: Fund
    pledges: list[Pledge]
    totals: Totals

    @property
    def outstanding_pledges(self) -> list[Pledge]:
        return [p for p in self.pledges if p.outstanding > 0]


@dataclass(frozen=True)
class UnitTotal:
    unit: Unit
    totals: Totals
    funds: list[Fund] = field(default_factory=list)


def _pledges_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "pledges",
        queryset=Pledge.objects.select_related("unit").order_by("unit__sort_name", "unit__code"),
    )


def fund_summary(fund: Fund) -> FundSummary:
    pledges = sorted(fund.pledges.all(), key=lambda p: (p.unit.sort_name, p.unit.code))
    return FundSummary(fund=fund, pledges=pledges, totals=totals_of(pledges, fund.target_amount))


def fund_summary_of(fund_id: int) -> FundSummary:
    """The fund read afresh with its pledges, in a fixed number of queries."""
    fund = (
        Fund.objects.select_related("cluster", "beneficiary_unit", "updated_by")
        .prefetch_related(_pledges_prefetch())
        .get(pk=fund_id)
    )
    return fund_summary(fund)


def fund_summaries(funds: QuerySet[Fund]) -> list[FundSummary]:
    """Each fund with its pledges and totals, in a fixed number of queries."""
    funds = funds.select_related("cluster", "beneficiary_unit").prefetch_related(
        _pledges_prefetch()
    )
    return [fund_summary(fund) for fund in funds]


def funds_of_year(*, cluster: Cluster, year: int) -> list[FundSummary]:
    """The cluster-year's funds with their pledges and totals, for the year-end report."""
    return fund_summaries(
        Fund.objects.filter(cluster=cluster, year=year).order_by("opened_on", "pk")
    )


def unit_totals(summaries: Sequence[FundSummary]) -> list[UnitTotal]:
    """Per unit, across the funds given: pledged, paid, outstanding."""
    by_unit: dict[int, tuple[Unit, list[Pledge], list[Fund]]] = {}
    for summary in summaries:
        for pledge in summary.pledges:
            entry = by_unit.setdefault(pledge.unit_id, (pledge.unit, [], []))
            entry[1].append(pledge)
            entry[2].append(summary.fund)
    rows = [
        UnitTotal(unit=unit, totals=totals_of(pledges), funds=funds)
        for unit, pledges, funds in by_unit.values()
    ]
    return sorted(rows, key=lambda row: (row.unit.sort_name, row.unit.code))
