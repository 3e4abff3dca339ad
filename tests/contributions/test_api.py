"""The contributions API under /api/v1/contributions/: funds with pledges and totals,
payments with their version, every refusal in the common error format."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.contributions.world import World, make_fund, pay, pledge_of
from thidua.contributions.models import Fund, Pledge

pytestmark = pytest.mark.django_db

URL = "/api/v1/contributions/"
M = 1_000_000
PDF = b"%PDF-1.4\n%%EOF\n"
FORBIDDEN = {
    "error": {"code": "permission_denied", "message": "Bạn không có quyền thực hiện thao tác này."}
}
NOT_FOUND = {"error": {"code": "not_found", "message": "Không tìm thấy dữ liệu bạn yêu cầu."}}


def invalid(fields: dict[str, list[str]]) -> dict[str, Any]:
    return {"error": {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields}}


def as_(world: World, who: str) -> APIClient:
    client = APIClient()
    client.force_login(world.user(who))
    return client


def _payment(pledge: Pledge, **overrides: Any) -> dict[str, Any]:
    body = {"version": pledge.version, "paid": "30.000.000", "paid_on": "2024-04-02"}
    body.update(overrides)
    return body


def test_it_lists_funds_with_pledges_and_totals(world: World) -> None:
    fund = make_fund(world)
    pay(world, pledge_of(fund, "SLA"), 30 * M)

    response = as_(world, "leader:YBI").get(URL)

    assert response.status_code == 200
    data = response.json()["results"][0]
    assert (data["title"], data["target_amount"], data["status"]) == (
        "Xây nhà tình nghĩa",
        "150000000",
        "open",
    )
    assert data["totals"] == {
        "pledged": "150000000",
        "paid": "30000000",
        "outstanding": "120000000",
        "overpaid": "0",
        "progress": "20.00",
        "display": {
            "pledged": "150.000.000 đ",
            "paid": "30.000.000 đ",
            "outstanding": "120.000.000 đ",
        },
    }
    assert [p["unit"]["code"] for p in data["pledges"]] == ["DBN", "LCU", "LCI", "SLA", "YBI"]


def test_it_lists_nothing_of_another_cluster(world: World) -> None:
    make_fund(world)

    assert as_(world, "officer:TNH").get(URL).json()["count"] == 0


def _list_queries(world: World, count: int) -> int:
    Fund.objects.all().delete()
    for index in range(count):
        fund = make_fund(world, title=f"Quỹ {index}")
        pay(world, pledge_of(fund, "SLA"), 30 * M)
    client = as_(world, "office")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.json()["count"] == count
    return len(queries)


def test_it_lists_any_number_of_funds_in_the_same_number_of_queries(world: World) -> None:
    assert _list_queries(world, 1) == _list_queries(world, 5)


def test_it_opens_a_fund_with_a_default_pledge_per_unit(world: World) -> None:
    response = as_(world, "officer:SLA").post(
        URL,
        {"cluster": world.cum2.pk, "title": "Quỹ nghĩa tình", "default_pledge": "20.000.000",
         "opened_on": "2024-03-18"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201
    assert response.json()["totals"]["pledged"] == "100000000"
    assert {p["pledged"] for p in response.json()["pledges"]} == {"20000000"}


def test_it_refuses_a_fund_in_another_or_an_unknown_cluster(world: World) -> None:
    body = {"title": "Quỹ", "opened_on": "2024-03-18"}

    outsider = as_(world, "officer:TNH").post(
        URL, {**body, "cluster": world.cum2.pk}, format="json"
    )
    member = as_(world, "officer:YBI").post(URL, {**body, "cluster": world.cum2.pk}, format="json")

    assert (outsider.status_code, outsider.json()) == (404, NOT_FOUND)
    assert (member.status_code, member.json()) == (403, FORBIDDEN)
    assert not Fund.objects.exists()


def test_it_names_bad_amounts_and_dates(world: World) -> None:
    response = as_(world, "office").post(
        URL,
        {"cluster": world.cum2.pk, "title": "Quỹ", "target_amount": -5, "default_pledge": 1.5,
         "opened_on": "2024-03-18", "due_on": "2024-03-01"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "target_amount": ["Số tiền không được âm."],
            "default_pledge": ["Số tiền tính bằng đồng, không có phần lẻ: “1.5”."],
            "due_on": ["Hạn nộp 01/03/2024 trước ngày phát động 18/03/2024."],
        }
    )
    assert not Fund.objects.exists()


def test_a_unit_records_its_payment_with_its_version(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "YBI")

    response = as_(world, "officer:YBI").post(
        f"{URL}pledges/{pledge.pk}/payment/", _payment(pledge, paid=30_000_000), format="json"
    )

    assert response.status_code == 200
    assert (
        response.json()["paid"],
        response.json()["outstanding"],
        response.json()["version"],
    ) == (
        "30000000",
        "0",
        2,
    )


def test_it_attaches_a_receipt_sent_as_multipart(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "YBI")

    response = as_(world, "officer:YBI").post(
        f"{URL}pledges/{pledge.pk}/payment/",
        _payment(pledge, receipt=SimpleUploadedFile("unc.pdf", PDF)),
    )

    assert response.status_code == 200
    assert response.json()["receipt"]["name"] == "unc.pdf"


def test_it_refuses_a_payment_of_another_unit(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "LCI")

    response = as_(world, "officer:YBI").post(
        f"{URL}pledges/{pledge.pk}/payment/", _payment(pledge), format="json"
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"paid": "-1"}, {"paid": ["Số tiền không được âm."]}),
        ({"paid": "ba mươi triệu"}, {"paid": ["“ba mươi triệu” không phải là số tiền: hãy viết như 150.000.000 hoặc 150000000."]}),
        ({"paid": None}, {"paid": ["Trường này không được để trống."]}),
        ({"paid_on": "02/04/2024"}, {"paid_on": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD, ví dụ 2025-07-01."]}),
        (
            {"paid": "35.000.000"},
            {"paid": ["Số đã nộp 35.000.000 đ lớn hơn số cam kết 30.000.000 đ của Sơn La. Nếu đơn vị nộp vượt thật, hãy đánh dấu “Xác nhận nộp vượt số cam kết”."]},
        ),
    ],
)  # fmt: skip
def test_it_refuses_a_bad_payment_with_400_and_changes_nothing(
    world: World, overrides: dict[str, Any], fields: dict[str, list[str]]
) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "SLA")

    response = as_(world, "officer:SLA").post(
        f"{URL}pledges/{pledge.pk}/payment/", _payment(pledge, **overrides), format="json"
    )

    assert (response.status_code, response.json()) == (400, invalid(fields))
    pledge.refresh_from_db()
    assert (pledge.paid, pledge.version) == (0, 1)


def test_it_accepts_an_overpayment_when_confirmed(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "SLA")

    response = as_(world, "officer:SLA").post(
        f"{URL}pledges/{pledge.pk}/payment/",
        _payment(pledge, paid="35.000.000", confirm_overpay=True),
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["paid"] == "35000000"


def test_it_answers_409_to_a_stale_payment_and_to_a_closed_fund(world: World) -> None:
    fund = make_fund(world)
    pledge = pledge_of(fund, "SLA")
    client = as_(world, "officer:SLA")
    client.post(f"{URL}pledges/{pledge.pk}/payment/", _payment(pledge), format="json")

    stale = client.post(
        f"{URL}pledges/{pledge.pk}/payment/", _payment(pledge, paid=1), format="json"
    )
    client.post(f"{URL}{fund.pk}/close/", {"version": 1, "closed_on": "2024-06-30"}, format="json")
    closed = client.post(
        f"{URL}pledges/{pledge.pk}/payment/", _payment(pledge, version=2), format="json"
    )

    assert (stale.status_code, stale.json()["error"]["code"]) == (409, "conflict")
    assert (closed.status_code, closed.json()["error"]["code"]) == (409, "wrong_status")
    pledge.refresh_from_db()
    assert pledge.paid == 30 * M


def test_it_edits_reopens_adds_and_deletes(world: World) -> None:
    fund = make_fund(world)
    pledge_of(fund, "YBI").delete()
    client = as_(world, "office")

    edited = client.patch(
        f"{URL}{fund.pk}/", {"title": "Nhà tình nghĩa", "version": 1}, format="json"
    )
    added = client.post(
        f"{URL}{fund.pk}/pledges/",
        {"version": 2, "unit": world.units["YBI"].pk, "pledged": "30.000.000"},
        format="json",
    )
    line = pledge_of(fund, "YBI")
    removed = client.delete(f"{URL}pledges/{line.pk}/?version={line.version}")
    deleted = client.delete(f"{URL}{fund.pk}/?version=4")

    assert edited.json()["title"] == "Nhà tình nghĩa"
    assert added.status_code == 201
    assert removed.status_code == 204
    assert deleted.status_code == 204
    assert not Fund.objects.exists()


def test_an_outsider_gets_404_on_a_fund_and_a_pledge(world: World) -> None:
    fund = make_fund(world)
    client = as_(world, "officer:TNH")

    assert client.get(f"{URL}{fund.pk}/").json() == NOT_FOUND
    assert client.get(f"{URL}pledges/{pledge_of(fund, 'SLA').pk}/").status_code == 404
