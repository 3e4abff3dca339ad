"""The contributions pages: the funds, a fund's table edited row by row, the form, Excel."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.contributions.world import World, make_fund, pay, pledge_of
from thidua.contributions import domain
from thidua.contributions.models import Fund, FundStatus, Pledge

pytestmark = pytest.mark.django_db

M = 1_000_000
PDF = b"%PDF-1.4\n%%EOF\n"
HTMX = {"HX-Request": "true"}


def as_(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.user(who))
    return client


def test_it_lists_the_funds_with_their_totals_in_vietnamese(world: World) -> None:
    fund = make_fund(world)
    pay(world, pledge_of(fund, "SLA"), 30 * M)

    response = as_(world, "leader:YBI").get(reverse("contributions:home"))

    assert response.status_code == 200
    row = response.text.split(f'data-testid="fund-{fund.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "150.000.000 đ" in row
    assert "30.000.000 đ" in row
    assert "120.000.000 đ" in row
    assert "20%" in row


def test_it_shows_an_outsider_none_of_the_clusters_funds(world: World) -> None:
    fund = make_fund(world)

    home = as_(world, "officer:TNH").get(reverse("contributions:home"))
    detail = as_(world, "officer:TNH").get(reverse("contributions:fund_detail", args=[fund.pk]))

    assert fund.title not in home.text
    assert detail.status_code == 404


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_lists_funds_in_a_fixed_number_of_queries(world: World) -> None:
    client = as_(world, "office")
    url = reverse("contributions:home")
    make_fund(world)
    few = _queries(client, url)
    for index in range(4):
        fund = make_fund(world, title=f"Quỹ {index}")
        pay(world, pledge_of(fund, "LCI"), 30 * M)
    make_fund(world, by="officer:TNH", cluster=world.cum10, beneficiary_unit=None)

    assert _queries(client, url) == few


def test_it_shows_a_funds_table_in_a_fixed_number_of_queries(world: World) -> None:
    client = as_(world, "office")
    small = make_fund(world, by="officer:TNH", cluster=world.cum10, beneficiary_unit=None)
    few = _queries(client, reverse("contributions:fund_detail", args=[small.pk]))
    big = make_fund(world)
    for code in ("SLA", "LCI", "DBN"):
        pay(world, pledge_of(big, code), 30 * M)

    many = _queries(client, reverse("contributions:fund_detail", args=[big.pk]))

    assert (small.pledges.count(), big.pledges.count()) == (2, 5)
    assert many == few


def _fund_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Xây nhà tình nghĩa",
        "description": "",
        "beneficiary_name": "",
        "beneficiary_rank": "",
        "beneficiary_position": "",
        "beneficiary_unit": "",
        "target_amount": "150.000.000",
        "default_pledge": "",
        "opened_on": "18/03/2024",
        "due_on": "",
        "note": "",
        "pledge_members": "on",
    }
    data.update(overrides)
    return data


def test_it_opens_a_fund_from_the_form_with_amounts_typed_the_vietnamese_way(world: World) -> None:
    response = as_(world, "officer:SLA").post(
        reverse("contributions:fund_create", args=[world.cum2.pk]), _fund_form()
    )

    fund = Fund.objects.get()
    assert response.status_code == 302
    assert fund.target_amount == 150 * M
    assert set(fund.pledges.values_list("pledged", flat=True)) == {30 * M}


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("target_amount", "-150.000.000", "Số tiền không được âm."),
        ("default_pledge", "20tr", "“20tr” không phải là số tiền"),
        ("target_amount", "150000000.5", "không có phần lẻ"),
        ("opened_on", "31/02/2024", "Ngày không hợp lệ"),
    ],
)
def test_it_refuses_a_bad_amount_in_the_form_and_saves_nothing(
    world: World, field: str, typed: str, message: str
) -> None:
    response = as_(world, "officer:SLA").post(
        reverse("contributions:fund_create", args=[world.cum2.pk]), _fund_form(**{field: typed})
    )

    assert response.status_code == 200
    assert message in response.text
    assert not Fund.objects.exists()


def test_it_shows_the_table_with_what_each_unit_owes(world: World) -> None:
    fund = make_fund(world)
    pay(world, pledge_of(fund, "SLA"), 30 * M)

    response = as_(world, "officer:YBI").get(reverse("contributions:fund_detail", args=[fund.pk]))

    yen_bai = response.text.split('data-testid="pledge-YBI"', 1)[1].split("</tr>", 1)[0]
    assert "30.000.000 đ" in yen_bai
    assert 'data-testid="pledge-edit-YBI"' in yen_bai
    assert 'data-testid="pledge-edit-SLA"' not in response.text
    assert 'data-testid="total-outstanding">120.000.000 đ' in response.text


def test_it_edits_a_row_in_place_and_refreshes_the_totals(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "YBI")
    client = as_(world, "officer:YBI")
    url = reverse("contributions:pledge_edit", args=[pledge.pk])

    form = client.get(url, headers=HTMX)
    saved = client.post(
        url,
        {"paid": "30.000.000", "paid_on": "02/04/2024", "note": "UNC 15", "version": 1,
         "receipt": SimpleUploadedFile("unc.pdf", PDF)},
        headers=HTMX,
    )  # fmt: skip

    assert 'data-testid="pledge-form-YBI"' in form.text
    assert 'name="pledged"' not in form.text  # the unit does not change its pledge
    assert saved.status_code == 200
    assert saved.text.lstrip().startswith(f'<tr id="pledge-{pledge.pk}"')
    assert 'id="fund-totals" hx-swap-oob="true"' in saved.text
    # A table part swapped out of band must come in a <template> (htmx 2).
    assert re.search(r'<template>\s*<tfoot id="pledge-foot" hx-swap-oob="true">', saved.text)
    assert 'data-testid="total-paid">30.000.000 đ' in saved.text
    pledge.refresh_from_db()
    assert (pledge.paid, pledge.paid_on, pledge.receipt_name) == (
        30 * M,
        dt.date(2024, 4, 2),
        "unc.pdf",
    )


def test_it_asks_to_confirm_an_overpayment_in_the_row(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "SLA")
    client = as_(world, "officer:SLA")
    url = reverse("contributions:pledge_edit", args=[pledge.pk])
    data = {"pledged": "30.000.000", "paid": "35.000.000", "paid_on": "02/04/2024", "version": 1}

    refused = client.post(url, data, headers=HTMX)
    confirmed = client.post(url, {**data, "confirm_overpay": "on"}, headers=HTMX)

    assert refused.status_code == 200
    assert "lớn hơn số cam kết 30.000.000 đ của Sơn La" in refused.text
    assert 'data-testid="pledge-form-SLA"' in refused.text
    assert 'id="fund-totals"' in confirmed.text
    pledge.refresh_from_db()
    assert pledge.paid == 35 * M


def test_it_refuses_a_negative_payment_without_htmx_too(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "SLA")

    response = as_(world, "office").post(
        reverse("contributions:pledge_edit", args=[pledge.pk]),
        {"pledged": "30.000.000", "paid": "-30.000.000", "paid_on": "02/04/2024", "version": 1},
    )

    assert response.status_code == 200
    assert "Số tiền không được âm." in response.text
    pledge.refresh_from_db()
    assert (pledge.paid, pledge.version) == (0, 1)


def test_the_cancel_link_gives_the_row_back(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "SLA")

    response = as_(world, "leader:SLA").get(
        reverse("contributions:pledge_row", args=[pledge.pk]), headers=HTMX
    )

    assert response.text.lstrip().startswith(f'<tr id="pledge-{pledge.pk}"')
    assert "pledge-edit-SLA" not in response.text  # a leader reads only


def test_it_streams_a_receipt_to_members_only(world: World) -> None:
    fund = make_fund(world)
    pledge = pay(
        world, pledge_of(fund, "SLA"), 30 * M, receipt=domain.Upload(io.BytesIO(PDF), "unc.pdf")
    )
    url = reverse("contributions:receipt_download", args=[pledge.pk])

    member = as_(world, "leader:YBI").get(url)
    outsider = as_(world, "officer:TNH").get(url)
    none = as_(world, "office").get(
        reverse("contributions:receipt_download", args=[pledge_of(fund, "LCI").pk])
    )

    assert b"".join(member.streaming_content) == PDF  # type: ignore[attr-defined]
    assert (outsider.status_code, none.status_code) == (404, 404)


def test_it_exports_the_table_to_excel(world: World) -> None:
    fund = make_fund(world, title='=HYPERLINK("x")')
    pay(world, pledge_of(fund, "SLA"), 30 * M, note="+cmd")

    response = as_(world, "leader:SLA").get(reverse("contributions:fund_xlsx", args=[fund.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(min_row=7, values_only=True)]
    assert sheet["A1"].value == '\'=HYPERLINK("x")'
    assert rows[0][:5] == [1, "Công an tỉnh Điện Biên", 30 * M, 0, 30 * M]
    son_la = next(row for row in rows if row[1] == "Công an tỉnh Sơn La")
    # openpyxl reads a date cell back as a naive datetime.
    assert son_la[5].date() == dt.date(2024, 4, 2)
    assert son_la[2:5] + son_la[6:8] == [30 * M, 30 * M, 0, None, "'+cmd"]
    assert rows[-1][1:5] == ["Tổng cộng", 150 * M, 30 * M, 120 * M]


def test_it_closes_and_reopens_a_fund(world: World) -> None:
    fund = make_fund(world)
    client = as_(world, "officer:LCI")

    client.post(
        reverse("contributions:fund_action", args=[fund.pk, "close"]),
        {"version": 1, "closed_on": "30/06/2024"},
    )
    fund.refresh_from_db()
    closed = (fund.status, fund.closed_on)
    client.post(reverse("contributions:fund_action", args=[fund.pk, "reopen"]), {"version": 2})
    fund.refresh_from_db()

    assert closed == (FundStatus.CLOSED, dt.date(2024, 6, 30))
    assert fund.status == FundStatus.OPEN


def test_it_adds_a_missing_member_from_the_page(world: World) -> None:
    fund = make_fund(world)
    pledge_of(fund, "YBI").delete()
    client = as_(world, "office")

    page = client.get(reverse("contributions:fund_detail", args=[fund.pk]))
    client.post(
        reverse("contributions:pledge_add", args=[fund.pk]),
        {"unit": world.units["YBI"].pk, "pledged": "30.000.000", "version": 1},
    )

    assert 'data-testid="pledge-add"' in page.text
    assert pledge_of(fund, "YBI").pledged == 30 * M
    assert Pledge.objects.filter(fund=fund).count() == 5
