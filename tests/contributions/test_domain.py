"""Funds, pledges and payments: totals, every refusal (nothing saved), the audit trail."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.contributions.world import OPENED, World, fund_input, make_fund, pay, pledge_of
from thidua.contributions import domain
from thidua.contributions.models import Fund, FundStatus, Pledge

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
M = 1_000_000


def _amounts(fund: Fund) -> dict[str, int]:
    return {p.unit.code: int(p.pledged) for p in fund.pledges.select_related("unit")}


def test_it_shares_the_target_evenly_among_the_members(world: World) -> None:
    fund = make_fund(world)

    assert _amounts(fund) == {code: 30 * M for code in ("SLA", "LCI", "DBN", "LCU", "YBI")}
    assert (fund.year, fund.status, fund.version) == (2024, FundStatus.OPEN, 1)
    assert fund.history.get().history_change_reason == "Phát động khoản đóng góp"


def test_it_gives_each_member_the_default_pledge(world: World) -> None:
    fund = make_fund(world, target_amount=None, default_pledge="20.000.000")

    assert set(_amounts(fund).values()) == {20 * M}
    assert domain.fund_summary_of(fund.pk).totals.pledged == Decimal(100 * M)


def test_it_may_open_a_fund_without_pledges(world: World) -> None:
    fund = domain.fund_create(data=fund_input(world), by=world.user("office"), pledge_members=False)

    assert not fund.pledges.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"target_amount": "-150.000.000"}, {"target_amount": ["Số tiền không được âm."]}),
        (
            {"default_pledge": "hai mươi triệu"},
            {
                "default_pledge": [
                    "“hai mươi triệu” không phải là số tiền: hãy viết như 150.000.000 hoặc 150000000."
                ]
            },
        ),
        (
            {"target_amount": "150.000.000,5"},
            {"target_amount": ["Số tiền tính bằng đồng, không có phần lẻ: “150.000.000,5”."]},
        ),
        ({"title": "  "}, {"title": ["Hãy nhập mục đích của khoản đóng góp."]}),
        (
            {"due_on": dt.date(2024, 3, 1)},
            {"due_on": ["Hạn nộp 01/03/2024 trước ngày phát động 18/03/2024."]},
        ),
        ({"beneficiary_rank": "x" * 61}, {"beneficiary_rank": ["Không được dài quá 60 ký tự."]}),
    ],
)
def test_it_refuses_a_bad_fund_and_saves_nothing(
    world: World, overrides: dict[str, Any], expected: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as error:
        make_fund(world, **overrides)

    assert error.value.message_dict == expected
    assert (Fund.objects.count(), Pledge.objects.count()) == (0, 0)


@pytest.mark.parametrize("who", ["officer:LCU", "leader:SLA", "officer:TNH", "nobody"])
def test_only_the_cluster_officers_and_the_office_open_a_fund(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        make_fund(world, by=who)

    assert not Fund.objects.exists()


@pytest.mark.parametrize("who", ["officer:SLA", "officer:LCI", "office", "admin"])
def test_the_head_deputy_office_and_admin_open_a_fund(world: World, who: str) -> None:
    assert make_fund(world, by=who).pledges.count() == 5


def test_it_records_each_units_payment_and_the_totals(world: World) -> None:
    fund = make_fund(world)
    for code in ("SLA", "LCI", "DBN", "LCU"):
        pay(world, pledge_of(fund, code), "30.000.000")
    pay(world, pledge_of(fund, "YBI"), "10.000.000", by="officer:YBI", note="Đợt 1")

    summary = domain.fund_summary_of(fund.pk)

    assert (summary.totals.pledged, summary.totals.paid, summary.totals.outstanding) == (
        Decimal(150 * M),
        Decimal(130 * M),
        Decimal(20 * M),
    )
    assert summary.totals.progress == Decimal("86.67")
    assert [p.unit.code for p in summary.outstanding_pledges] == ["YBI"]
    yen_bai = pledge_of(fund, "YBI")
    assert (yen_bai.paid_on, yen_bai.note, yen_bai.updated_by) == (
        dt.date(2024, 4, 2),
        "Đợt 1",
        world.user("officer:YBI"),
    )
    assert yen_bai.history.first().history_change_reason == "Ghi nhận đã nộp 10.000.000 đ"


def test_a_unit_officer_records_only_its_own_units_payment(world: World) -> None:
    fund = make_fund(world)

    with pytest.raises(PermissionDenied):
        pay(world, pledge_of(fund, "LCI"), 30 * M, by="officer:YBI")
    with pytest.raises(PermissionDenied):
        pay(world, pledge_of(fund, "YBI"), 30 * M, by="leader:YBI")

    assert domain.fund_summary_of(fund.pk).totals.paid == 0


def test_a_unit_officer_cannot_change_what_its_unit_pledged(world: World) -> None:
    fund = make_fund(world)

    with pytest.raises(PermissionDenied):
        pay(world, pledge_of(fund, "YBI"), 10 * M, by="officer:YBI", pledged="10.000.000")

    assert pledge_of(fund, "YBI").pledged == Decimal(30 * M)


def test_it_refuses_an_overpayment_unless_confirmed_and_writes_the_confirmation(
    world: World,
) -> None:
    fund = make_fund(world)

    with pytest.raises(ValidationError) as error:
        pay(world, pledge_of(fund, "SLA"), "35.000.000")
    refused = pledge_of(fund, "SLA")
    pay(world, refused, "35.000.000", confirm_overpay=True)

    assert error.value.message_dict == {
        "paid": [
            "Số đã nộp 35.000.000 đ lớn hơn số cam kết 30.000.000 đ của Sơn La. Nếu đơn vị nộp "
            "vượt thật, hãy đánh dấu “Xác nhận nộp vượt số cam kết”."
        ]
    }
    assert (refused.paid, refused.version) == (0, 1)
    pledge = pledge_of(fund, "SLA")
    assert pledge.paid == Decimal(35 * M)
    assert pledge.history.first().history_change_reason == (
        "Ghi nhận đã nộp 35.000.000 đ; vượt cam kết, đã xác nhận"
    )
    totals = domain.fund_summary_of(fund.pk).totals
    # An overpayment covers nobody else's share.
    assert (totals.outstanding, totals.overpaid) == (Decimal(120 * M), Decimal(5 * M))


def test_lowering_a_pledge_below_the_payment_needs_the_confirmation_too(world: World) -> None:
    fund = make_fund(world)
    pay(world, pledge_of(fund, "SLA"), 30 * M)

    with pytest.raises(ValidationError) as error:
        pay(world, pledge_of(fund, "SLA"), 30 * M, pledged="25.000.000")

    assert list(error.value.message_dict) == ["paid"]
    assert pledge_of(fund, "SLA").pledged == Decimal(30 * M)


@pytest.mark.parametrize(
    ("paid", "paid_on", "field", "message"),
    [
        ("-1", dt.date(2024, 4, 2), "paid", "Số tiền không được âm."),
        ("ba mươi", dt.date(2024, 4, 2), "paid", "“ba mươi” không phải là số tiền: hãy viết như 150.000.000 hoặc 150000000."),
        ("1,5", dt.date(2024, 4, 2), "paid", "Số tiền tính bằng đồng, không có phần lẻ: “1,5”."),
        ("30.000.000", None, "paid_on", "Hãy nhập ngày nộp."),
        ("30.000.000", dt.date(2024, 3, 1), "paid_on", "Ngày nộp 01/03/2024 trước ngày phát động 18/03/2024."),
    ],
)  # fmt: skip
def test_it_refuses_a_bad_payment_and_changes_nothing(
    world: World, paid: str, paid_on: dt.date | None, field: str, message: str
) -> None:
    fund = make_fund(world)

    with pytest.raises(ValidationError) as error:
        pay(world, pledge_of(fund, "SLA"), paid, paid_on=paid_on)

    assert error.value.message_dict == {field: [message]}
    pledge = pledge_of(fund, "SLA")
    assert (pledge.paid, pledge.paid_on, pledge.version) == (0, None, 1)


def test_it_refuses_a_payment_dated_in_the_future(world: World) -> None:
    fund = make_fund(world)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        pay(world, pledge_of(fund, "SLA"), 30 * M, paid_on=tomorrow)

    assert list(error.value.message_dict) == ["paid_on"]


def test_it_refuses_a_stale_version(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "SLA")
    pay(world, pledge, 10 * M)

    with pytest.raises(ValidationError) as error:
        domain.pledge_record_payment(
            pledge=pledge, by=world.user("office"), expected_version=1, paid=20 * M,
            paid_on=dt.date(2024, 4, 3),
        )  # fmt: skip

    assert error.value.code == "conflict"
    assert "Phần đóng góp của Sơn La vừa được Cán bộ Sơn La lưu" in error.value.messages[0]
    assert pledge_of(fund, "SLA").paid == Decimal(10 * M)


def test_it_keeps_a_checked_receipt_and_refuses_a_disguised_one(world: World) -> None:
    fund = make_fund(world)
    pledge = pay(
        world,
        pledge_of(fund, "SLA"),
        30 * M,
        receipt=domain.Upload(io.BytesIO(PDF), "uy-nhiem-chi.pdf"),
    )

    with pytest.raises(ValidationError) as error:
        pay(world, pledge, 30 * M, receipt=domain.Upload(io.BytesIO(b"MZ\x90"), "bien-lai.pdf"))

    assert list(error.value.message_dict) == ["receipt"]
    pledge.refresh_from_db()
    assert (pledge.receipt_name, pledge.receipt_type, pledge.version) == (
        "uy-nhiem-chi.pdf",
        "application/pdf",
        2,
    )
    assert (pledge.receipt.name or "").startswith(f"contributions/{fund.pk}/")


def test_a_closed_fund_takes_no_more_payments_until_reopened(world: World) -> None:
    fund = make_fund(world)
    fund = domain.fund_close(
        fund=fund, by=world.user("officer:SLA"), expected_version=1, closed_on=dt.date(2024, 7, 1)
    )

    with pytest.raises(ValidationError) as error:
        pay(world, pledge_of(fund, "SLA"), 30 * M)
    fund = domain.fund_reopen(fund=fund, by=world.user("office"), expected_version=2)
    pay(world, pledge_of(fund, "SLA"), 30 * M)

    assert error.value.code == "status"
    assert "đã kết thúc (01/07/2024)" in error.value.messages[0]
    assert (fund.status, fund.closed_on) == (FundStatus.OPEN, None)
    assert pledge_of(fund, "SLA").paid == Decimal(30 * M)


def test_it_refuses_to_close_before_the_opening(world: World) -> None:
    fund = make_fund(world)

    with pytest.raises(ValidationError) as error:
        domain.fund_close(
            fund=fund, by=world.user("office"), expected_version=1, closed_on=dt.date(2024, 1, 1)
        )

    assert error.value.message_dict == {
        "closed_on": ["Ngày kết thúc 01/01/2024 trước ngày phát động 18/03/2024."]
    }


def test_it_adds_a_missing_member_once_and_refuses_a_stranger(world: World) -> None:
    fund = domain.fund_create(data=fund_input(world), by=world.user("office"), pledge_members=False)
    by = world.user("officer:SLA")

    pledge = domain.pledge_add(
        fund=fund, unit=world.units["YBI"], pledged="20.000.000", by=by, expected_version=1
    )
    with pytest.raises(ValidationError) as twice:
        domain.pledge_add(fund=fund, unit=world.units["YBI"], pledged=1, by=by, expected_version=2)
    with pytest.raises(ValidationError) as stranger:
        domain.pledge_add(fund=fund, unit=world.units["TNH"], pledged=1, by=by, expected_version=2)

    assert pledge.pledged == Decimal(20 * M)
    assert twice.value.message_dict == {"unit": ["Yên Bái đã có trong bảng đóng góp."]}
    assert stranger.value.message_dict == {
        "unit": ["Tây Ninh không phải thành viên của Cụm thi đua số 2 (2024)."]
    }
    assert fund.pledges.count() == 1


def test_it_deletes_a_line_or_a_fund_only_while_nothing_was_paid(world: World) -> None:
    fund = make_fund(world)
    paid = pay(world, pledge_of(fund, "SLA"), 30 * M)
    by = world.user("office")

    domain.pledge_delete(pledge=pledge_of(fund, "YBI"), by=by, expected_version=1)
    with pytest.raises(ValidationError):
        domain.pledge_delete(pledge=paid, by=by, expected_version=paid.version)
    fund.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        domain.fund_delete(fund=fund, by=by, expected_version=fund.version)

    assert error.value.code == "status"
    assert sorted(_amounts(fund)) == ["DBN", "LCI", "LCU", "SLA"]
    empty = make_fund(world, title="Khác")
    domain.fund_delete(fund=empty, by=by, expected_version=1)
    assert not Fund.objects.filter(pk=empty.pk).exists()
    assert (
        Pledge.history.filter(
            history_type="-", history_change_reason="Xóa cùng khoản đóng góp"
        ).count()
        == 5
    )


def test_it_edits_the_fund_but_not_once_closed(world: World) -> None:
    fund = make_fund(world)
    by = world.user("officer:SLA")

    fund = domain.fund_update(
        fund=fund, data=fund_input(world, title="Nhà tình nghĩa", default_pledge="30.000.000"),
        by=by, expected_version=1,
    )  # fmt: skip
    fund = domain.fund_close(fund=fund, by=by, expected_version=2, closed_on=OPENED)
    with pytest.raises(ValidationError):
        domain.fund_update(
            fund=fund, data=fund_input(world, title="Sửa"), by=by, expected_version=3
        )

    fund.refresh_from_db()
    assert (fund.title, fund.default_pledge) == ("Nhà tình nghĩa", Decimal(30 * M))


def test_it_gives_the_year_end_report_the_years_funds_with_totals(world: World) -> None:
    house = make_fund(world)
    pay(world, pledge_of(house, "SLA"), 30 * M)
    make_fund(world, title="Quỹ khác", target_amount=None, default_pledge=10 * M)
    make_fund(world, by="officer:TNH", cluster=world.cum10, beneficiary_unit=None)

    found = domain.funds_of_year(cluster=world.cum2, year=2024)
    units = domain.unit_totals(found)

    assert [s.fund.title for s in found] == ["Xây nhà tình nghĩa", "Quỹ khác"]
    assert [(s.totals.pledged, s.totals.paid) for s in found] == [
        (Decimal(150 * M), Decimal(30 * M)),
        (Decimal(50 * M), Decimal(0)),
    ]
    assert [(u.unit.code, u.totals.pledged, u.totals.outstanding) for u in units][:2] == [
        ("DBN", Decimal(40 * M), Decimal(40 * M)),
        ("LCU", Decimal(40 * M), Decimal(40 * M)),
    ]
    assert {u.unit.code: u.totals.paid for u in units}["SLA"] == Decimal(30 * M)
    assert domain.funds_of_year(cluster=world.cum2, year=2025) == []
