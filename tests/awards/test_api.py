"""The awards API: lists and filters, writes through the domain, the common error format,
409 on conflicts and wrong states, query counts at two sizes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.awards.world import PDF, World, closed_vote
from thidua.awards import domain
from thidua.awards.models import Award, Proposal, Title

JSON = "application/json"


def _award(world: World, unit: str = "LAN", **kwargs: Any) -> Award:
    values: dict[str, Any] = {
        "title": world.title("min"),
        "unit": world.units[unit],
        "year": 2024,
        "decision_number": "1520/QĐ-BCA",
        "decision_date": dt.date(2025, 3, 10),
        "by": world["office"],
    }
    values.update(kwargs)
    return domain.award_create(**values)


def _body(world: World, **overrides: Any) -> dict[str, Any]:
    body = {
        "title": world.title("cstd-cand").pk,
        "recipient": "person",
        "unit": world.units["LAN"].pk,
        "person_name": "Nguyễn Văn An",
        "person_rank": "Thượng tá",
        "person_position": "Trưởng phòng Cảnh sát hình sự",
        "year": 2024,
        "decision_number": "1688/QĐ-BCA",
        "decision_date": "2025-03-18",
    }
    body.update(overrides)
    return body


# ---------------------------------------------------------------------------------------
# Awards


def test_it_lists_awards_with_a_diacritic_free_search(world: World) -> None:
    world.client("office").post("/api/v1/awards/", _body(world), content_type=JSON)
    _award(world, unit="TNH")

    found = world.client("outsider").get("/api/v1/awards/", {"search": "nguyen van an"}).json()

    assert found["count"] == 1
    award = found["results"][0]
    assert award["person"] == {
        "name": "Nguyễn Văn An", "rank": "Thượng tá", "position": "Trưởng phòng Cảnh sát hình sự",
    }  # fmt: skip
    assert (award["title"]["code"], award["unit"]["code"], award["cluster"]["number"]) == (
        "cstd-cand",
        "LAN",
        10,
    )
    assert (award["decision_date"], award["granting_authority"], award["file"]) == (
        "2025-03-18",
        "Bộ trưởng Bộ Công an",
        None,
    )


def test_it_records_an_award_with_a_file_sent_as_multipart(world: World) -> None:
    body = _body(world, file=SimpleUploadedFile("qd.pdf", PDF))

    response = world.client("office").post("/api/v1/awards/", body)

    assert response.status_code == 201
    assert response.json()["file"]["name"] == "qd.pdf"
    assert Award.objects.get().decision_file.read() == PDF


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        (
            {"decision_date": "2023-12-31"},
            {"decision_date": ["Ngày quyết định 31/12/2023 trước năm thành tích 2024."]},
        ),
        ({"year": "hai nghìn"}, {"year": ["Cần một số nguyên."]}),
        (
            {"decision_date": "18/03/2025"},
            {"decision_date": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD, ví dụ 2025-07-01."]},
        ),
        (
            {"recipient": "unit"},
            {
                "title": [
                    "“Chiến sĩ thi đua toàn lực lượng CAND” là danh hiệu cá nhân: không tặng cho tập thể."
                ],
                "person_name": ["Khen thưởng tập thể không ghi họ tên, cấp bậc, chức vụ cá nhân."],
            },
        ),
        ({"unit": 999999}, {"unit": ["Không tìm thấy đơn vị có id 999999."]}),
        (
            {"year": 2026, "unit": "BPC", "decision_date": "2026-01-10"},
            {
                "unit": [
                    "Công an tỉnh Bình Phước không còn hoạt động trong năm 2026 (hoạt động đến 30/06/2025, sau đó sáp nhập hoặc giải thể): không khen thưởng cho năm này được."
                ]
            },
        ),
    ],
)
def test_it_answers_bad_input_with_the_common_error_format(
    world: World, overrides: dict[str, Any], fields: dict[str, list[str]]
) -> None:
    if overrides.get("unit") == "BPC":
        overrides["unit"] = world.units["BPC"].pk

    response = world.client("office").post(
        "/api/v1/awards/", _body(world, **overrides), content_type=JSON
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields}
    }
    assert Award.objects.count() == 0


def test_it_refuses_a_disguised_file(world: World) -> None:
    body = _body(world, file=SimpleUploadedFile("qd.pdf", b"#!/bin/sh\nrm -rf /"))

    response = world.client("office").post("/api/v1/awards/", body)

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["file"] == [
        "Nội dung tệp “qd.pdf” không phải là tệp .pdf như tên của nó: hãy kiểm tra lại tệp."
    ]
    assert Award.objects.count() == 0


@pytest.mark.parametrize("role", ["head", "member", "leader", "outsider"])
def test_it_refuses_to_record_awards_for_others(world: World, role: str) -> None:
    response = world.client(role).post("/api/v1/awards/", _body(world), content_type=JSON)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_it_corrects_an_award_with_version_and_reason(world: World) -> None:
    award = _award(world)
    url = f"/api/v1/awards/{award.pk}/"

    missing = world.client("office").patch(url, {"note": "x"}, content_type=JSON)
    done = world.client("office").patch(
        url, {"version": 1, "reason": "Bổ sung", "note": "Trao tại hội nghị"}, content_type=JSON
    )
    stale = world.client("admin").patch(
        url, {"version": 1, "reason": "x", "note": "y"}, content_type=JSON
    )

    assert sorted(missing.json()["error"]["fields"]) == ["reason", "version"]
    assert (done.status_code, done.json()["note"], done.json()["version"]) == (
        200,
        "Trao tại hội nghị",
        2,
    )
    assert (stale.status_code, stale.json()["error"]["code"]) == (409, "conflict")


def test_it_counts_awards_per_cluster(world: World) -> None:
    _award(world)
    _award(world, unit="TNH", decision_number="2/QĐ")

    body = world.client("leader").get("/api/v1/awards/counts/", {"year": 2024}).json()
    refused = world.client("leader").get("/api/v1/awards/counts/")

    assert [t["code"] for t in body["titles"]] == ["min"]
    assert [
        (r["cluster"]["number"] if r["cluster"] else None, r["counts"]) for r in body["rows"]
    ] == [
        (2, [0]),
        (10, [2]),
    ]
    assert refused.status_code == 400


# ---------------------------------------------------------------------------------------
# The catalogue


def test_it_serves_and_changes_the_catalogue(world: World) -> None:
    title = world.title("giay-khen")

    listed = world.client("member").get("/api/v1/awards/titles/").json()
    changed = world.client("office").patch(
        f"/api/v1/awards/titles/{title.pk}/", {"version": 1, "active": False}, content_type=JSON
    )
    refused = world.client("head").patch(
        f"/api/v1/awards/titles/{title.pk}/", {"version": 2, "active": True}, content_type=JSON
    )

    assert [t["code"] for t in listed][:2] == ["gov", "min"]
    assert (changed.status_code, changed.json()["active"]) == (200, False)
    assert refused.status_code == 403
    assert Title.objects.get(pk=title.pk).active is False


# ---------------------------------------------------------------------------------------
# Proposals


def test_it_takes_a_vote_proposal_through_the_api(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.get(title__code="gov")
    base = f"/api/v1/awards/proposals/{proposal.pk}/"

    seen = world.client("head").get(base).json()
    submitted = world.client("head").post(
        base + "submit/", {"version": 1, "submitted_at": "2024-11-28"}, content_type=JSON
    )
    early = world.client("office").post(
        base + "grant/",
        {"version": 2, "decision_number": "612/QĐ-TTg", "decision_date": "2024-11-01"},
        content_type=JSON,
    )
    granted = world.client("office").post(
        base + "grant/",
        {"version": 2, "decision_number": "612/QĐ-TTg", "decision_date": "2025-05-05"},
        content_type=JSON,
    )
    again = world.client("office").post(
        base + "reject/", {"version": 3, "reason": "x"}, content_type=JSON
    )

    assert (seen["source"], seen["status"], seen["permissions"]) == (
        "vote",
        "proposed",
        {"can_edit": True, "can_submit": True, "can_decide": False},
    )
    assert proposal.vote_proposal is not None
    assert seen["vote"] == proposal.vote_proposal.vote_id
    assert submitted.json()["status"] == "submitted"
    assert early.json()["error"]["fields"] == {
        "decision_date": ["Ngày quyết định 01/11/2024 trước ngày đề nghị 23/11/2024."]
    }
    assert granted.json()["status"] == "granted"
    assert granted.json()["award"]["decision_number"] == "612/QĐ-TTg"
    assert (again.status_code, again.json()["error"]["code"]) == (409, "wrong_status")


def test_it_creates_a_proposal_for_the_callers_own_unit(world: World) -> None:
    body = {
        "cluster": world.cluster.pk, "title": world.title("tap-the-ldxs").pk,
        "unit": world.units["BPC"].pk, "proposed_at": "2024-11-25",
    }  # fmt: skip

    own = world.client("member").post("/api/v1/awards/proposals/", body, content_type=JSON)
    other = world.client("member").post(
        "/api/v1/awards/proposals/", {**body, "unit": world.units["DNI"].pk}, content_type=JSON
    )
    hidden = world.client("outsider").post("/api/v1/awards/proposals/", body, content_type=JSON)

    assert own.status_code == 201
    assert (own.json()["cluster"]["number"], own.json()["unit"]["code"]) == (10, "BPC")
    assert other.status_code == 403
    assert (hidden.status_code, hidden.json()["error"]["fields"]) == (
        400,
        {"cluster": ["Không tìm thấy cụm thi đua có id này."]},
    )
    assert Proposal.objects.count() == 1


def test_it_hides_a_clusters_proposals_from_outsiders(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.first()
    assert proposal is not None

    listed = world.client("outsider").get("/api/v1/awards/proposals/").json()
    detail = world.client("outsider").get(f"/api/v1/awards/proposals/{proposal.pk}/")

    assert listed["count"] == 0
    assert (detail.status_code, detail.json()["error"]["code"]) == (404, "not_found")


def test_it_refuses_workflow_steps_to_those_not_entitled(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.get(title__code="gov")
    base = f"/api/v1/awards/proposals/{proposal.pk}/"

    by_member = world.client("member").post(base + "submit/", {"version": 1}, content_type=JSON)
    by_head = world.client("head").post(
        base + "reject/", {"version": 1, "reason": "x"}, content_type=JSON
    )

    assert (by_member.status_code, by_head.status_code) == (403, 403)
    assert Proposal.objects.get(pk=proposal.pk).status == "proposed"


# ---------------------------------------------------------------------------------------
# Query counts (two sizes)


def _count(client: Any, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.json()["count"]


def test_it_lists_awards_in_a_fixed_number_of_queries(world: World) -> None:
    for n in range(2):
        _award(world, title=world.title("bk-bo-truong"), decision_number=f"{n}/QĐ")
    small, few = _count(world.client("leader"), "/api/v1/awards/")
    for n in range(2, 14):
        _award(world, title=world.title("bk-bo-truong"), decision_number=f"{n}/QĐ")

    large, many = _count(world.client("leader"), "/api/v1/awards/")

    assert (few, many) == (2, 14)
    assert large == small


def test_it_lists_proposals_in_a_fixed_number_of_queries(world: World) -> None:
    closed_vote(world)
    small, few = _count(world.client("leader"), "/api/v1/awards/proposals/")
    for n in range(10):
        domain.proposal_create(
            cluster=world.cluster, title=world.title("cstd-cand"), unit=world.units["DNI"],
            recipient="person", person_name=f"Người {n}", proposed_at=dt.date(2024, 11, 25),
            by=world["head"],
        )  # fmt: skip
    for proposal in Proposal.objects.filter(title__code="min"):
        proposal = domain.proposal_submit(
            proposal=proposal,
            by=world["head"],
            expected_version=1,
            submitted_at=dt.date(2024, 11, 28),
        )
        domain.proposal_grant(
            proposal=proposal, by=world["office"], expected_version=2, decision_number="1520/QĐ-BCA",
            decision_date=dt.date(2025, 3, 10),
        )  # fmt: skip

    large, many = _count(world.client("leader"), "/api/v1/awards/proposals/")

    assert (few, many) == (4, 14)
    assert large == small
