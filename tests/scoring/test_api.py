"""The scoring API: sheets and their workflow, the table, lock, rankings, the error
format, permissions, and a fixed number of queries whatever the cluster's size."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.scoring.world import (
    FIGURES,
    SELF,
    World,
    all_final,
    build_world,
    scoring_version,
    take_to,
)
from thidua.covenants import domain as covenants
from thidua.covenants.models import Covenant, Criterion, CriterionKind
from thidua.scoring import domain
from thidua.scoring.models import SheetStatus

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(user: Any, url: str, data: dict[str, Any]) -> Any:
    return _client(user).post(url, data, content_type="application/json")


def _cell(data: dict[str, Any], criterion: Criterion) -> dict[str, Any]:
    return next(row["score"] for row in data["scores"] if row["criterion"]["id"] == criterion.pk)


# ---------------------------------------------------------------------------------------
# Reading


def test_it_lists_the_sheets_the_user_may_see_with_filters(world: World) -> None:
    for code in world.units:
        take_to(world, code, SheetStatus.DRAFT)
    take_to(world, "LAN", SheetStatus.SUBMITTED)
    office = _client(world.users["office"])

    everything = office.get("/api/v1/scores/").json()
    submitted = office.get("/api/v1/scores/?status=submitted&year=2024").json()
    outsider = _client(world.users["outsider"]).get("/api/v1/scores/").json()

    assert [row["unit"]["code"] for row in everything["results"]] == ["BDG", "LAN", "TNH"]
    assert [(row["unit"]["code"], row["status"]) for row in submitted["results"]] == [
        ("LAN", "submitted")
    ]
    assert outsider["count"] == 0


def test_it_refuses_a_bad_filter_in_the_common_format(world: World) -> None:
    response = _client(world.users["office"]).get("/api/v1/scores/?status=done")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert list(response.json()["error"]["fields"]) == ["status"]


def test_it_details_a_sheet_with_its_scores_side_by_side(world: World) -> None:
    sheet = take_to(world, "LAN", SheetStatus.SUBMITTED)
    domain.score_verify(
        sheet=sheet, by=world.officer("TNH"), expected_version=sheet.version,
        entries=[domain.ScoreInput(criterion=world.criteria["5"], occurrences=2, note="Thiếu.")],
    )  # fmt: skip

    data = _client(world.users["leader:LAN"]).get(f"/api/v1/scores/{sheet.pk}/").json()

    assert _cell(data, world.criteria["5"]) | {"figures": None} == {
        "criterion": world.criteria["5"].pk,
        "self_input": {"occurrences": 3}, "self_points": "30.00", "self_note": "",
        "verified_input": {"occurrences": 2}, "verified_points": "20.00",
        "verified_reason": "Thiếu.", "explanation": "", "final_input": None,
        "final_points": None, "final_reason": "", "points": "20.00", "attainable": "40.00",
        "status": "entered", "outcome": None, "step": "verified", "changed_by_verifier": True,
        "changed_by_office": False, "figures": None, "evidence_count": 0, "problem": "",
    }  # fmt: skip
    quantitative = _cell(data, world.criteria["1"])
    assert (quantitative["self_points"], quantitative["step"], quantitative["outcome"]) == (
        "100.00",
        "auto",
        "exceeded",
    )
    assert data["permissions"] == {
        "can_self_score": False,
        "can_verify": False,
        "can_decide": False,
    }
    assert data["sheet"]["version"] == sheet.version + 1
    assert [g["criterion"] for g in data["groups"]] == [
        world.criteria["I"].pk,
        world.criteria["II"].pk,
    ]


def test_it_hides_a_sheet_from_an_outsider(world: World) -> None:
    sheet = take_to(world, "LAN", SheetStatus.DRAFT)

    response = _client(world.users["outsider"]).get(f"/api/v1/scores/{sheet.pk}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_it_shows_the_clusters_table_with_two_decimals(world: World) -> None:
    for code in world.units:
        take_to(world, code, SheetStatus.DRAFT)

    data = (
        _client(world.officer("BDG")).get(f"/api/v1/scores/covenants/{world.covenant.pk}/").json()
    )

    rows = {row["unit"]["code"]: row for row in data["units"]}
    assert [c["code"] for c in data["criteria"]] == ["I", "1", "2", "3", "II", "4", "5", "6", "7"]
    assert rows["TNH"]["scores"][0]["points"] == "77.83"
    assert (rows["LAN"]["totals"]["rank"], rows["LAN"]["totals"]["percent"]) == (1, "92.33")
    assert rows["TNH"]["totals"]["attainable"] == "450.00"
    assert (data["published"], data["complete"], data["scoring"]["status"]) == (
        False,
        False,
        "open",
    )


# ---------------------------------------------------------------------------------------
# The workflow through the API


def test_it_takes_a_sheet_from_self_score_to_the_published_ranking(world: World) -> None:
    lan, head, office = world.officer("LAN"), world.officer("TNH"), world.users["office"]
    for code in ("TNH", "BDG"):
        take_to(world, code, SheetStatus.FINAL)
    opened = _post(
        lan, "/api/v1/scores/", {"covenant": world.covenant.pk, "unit": world.units["LAN"].pk}
    )
    pk = opened.json()["sheet"]["id"]
    c = {code: world.criteria[code].pk for code in world.criteria}
    scores = [
        {"criterion": c["3"], "met": True}, {"criterion": c["4"], "points": "45.5"},
        {"criterion": c["5"], "occurrences": 4}, {"criterion": c["6"], "ranks": [1]},
        {"criterion": c["7"], "counts": {"1": 1}}, {"criterion": c["1"], "note": "Số liệu năm."},
    ]  # fmt: skip

    steps: list[tuple[Any, str, dict[str, Any]]] = [
        (lan, "self", {"version": 1, "scores": scores}),
        (lan, "submit", {"version": 2}),
        (head, "verify", {"version": 3, "scores": [
            {"criterion": c["5"], "occurrences": 3, "note": "Lớp thứ tư thiếu danh sách."}]}),
        (head, "verify-done", {"version": 4}),
        (lan, "explain", {"version": 5, "scores": [
            {"criterion": c["5"], "explanation": "Danh sách lớp thứ tư đã bổ sung."}]}),
        (lan, "explain-done", {"version": 6}),
        (office, "finalize", {"version": 7, "scores": [
            {"criterion": c["5"], "occurrences": 4, "note": "Chấp nhận giải trình."}]}),
        (office, "finalize-done", {"version": 8}),
    ]  # fmt: skip
    answers = [_post(user, f"/api/v1/scores/{pk}/{step}/", body) for user, step, body in steps]
    locked = _post(
        office,
        f"/api/v1/scores/covenants/{world.covenant.pk}/lock/",
        {"version": scoring_version(world)},
    )
    published = _client(world.users["outsider"]).get("/api/v1/rankings/?year=2024").json()

    assert opened.status_code == 201
    assert [a.status_code for a in answers] == [200] * len(steps)
    assert [a.json()["sheet"]["status"] for a in answers] == [
        "draft", "submitted", "submitted", "verified", "verified", "explained", "explained",
        "final",
    ]  # fmt: skip
    final = _cell(answers[-1].json(), world.criteria["5"])
    assert (final["self_points"], final["verified_points"], final["final_points"]) == (
        "40.00", "30.00", "40.00",
    )  # fmt: skip
    assert (locked.status_code, locked.json()["published"]) == (200, True)
    [ranking] = published["results"]
    assert ranking["published"] is True
    assert [(r["rank"], r["unit"]["code"]) for r in ranking["rows"]] == [
        (1, "LAN"), (2, "TNH"), (3, "BDG"),
    ]  # fmt: skip
    assert ranking["rows"][0]["percent"] == str(
        domain.covenant_ranking(covenant=world.covenant).rows[0].percent_display
    )


def test_it_answers_a_stale_version_with_a_conflict(world: World) -> None:
    sheet = take_to(world, "LAN", SheetStatus.DRAFT)

    response = _post(world.officer("LAN"), f"/api/v1/scores/{sheet.pk}/submit/", {"version": 1})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert "bạn đang sửa phiên bản 1" in response.json()["error"]["message"]


def test_it_answers_a_refused_step_with_the_domains_code(world: World) -> None:
    sheet = take_to(world, "LAN", SheetStatus.SUBMITTED)

    response = _post(
        world.users["office"],
        f"/api/v1/scores/{sheet.pk}/finalize-done/",
        {"version": sheet.version},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "status"
    assert response.json()["error"]["message"].startswith("Chưa quyết định điểm chính thức được")


def test_it_names_a_score_above_the_maximum_in_the_common_format(world: World) -> None:
    sheet = take_to(world, "LAN", SheetStatus.DRAFT)
    body = {
        "version": sheet.version,
        "scores": [{"criterion": world.criteria["4"].pk, "points": "50.01"}],
    }

    response = _post(world.officer("LAN"), f"/api/v1/scores/{sheet.pk}/self/", body)

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        str(world.criteria["4"].pk): ["Điểm của tiêu chí 4 vượt điểm tối đa 50."]
    }


def test_it_names_a_criterion_of_another_covenant(world: World) -> None:
    sheet = take_to(world, "LAN", SheetStatus.DRAFT)
    body = {"version": sheet.version, "scores": [{"criterion": 999999, "met": True}]}

    response = _post(world.officer("LAN"), f"/api/v1/scores/{sheet.pk}/self/", body)

    assert response.json()["error"]["fields"] == {
        "scores.0.criterion": ["Không tìm thấy tiêu chí có id 999999 trong giao ước này."]
    }


@pytest.mark.parametrize(
    ("who", "step"),
    [("officer:BDG", "verify"), ("officer:TNH", "finalize"), ("leader:LAN", "self"),
     ("officer:TNH", "self")],
)  # fmt: skip
def test_it_refuses_a_step_before_reading_the_body(world: World, who: str, step: str) -> None:
    sheet = take_to(world, "LAN", SheetStatus.SUBMITTED)

    response = _post(world.users[who], f"/api/v1/scores/{sheet.pk}/{step}/", {})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_it_keeps_a_provisional_ranking_inside_the_cluster(world: World) -> None:
    for code in world.units:
        take_to(world, code, SheetStatus.DRAFT)

    member = _client(world.officer("BDG")).get(f"/api/v1/rankings/?cluster={world.cluster.pk}")
    outsider = _client(world.users["outsider"]).get("/api/v1/rankings/")

    [ranking] = member.json()["results"]
    assert (ranking["published"], ranking["complete"]) == (False, False)
    assert [row["unit"]["code"] for row in ranking["rows"]] == ["LAN", "TNH", "BDG"]
    assert outsider.json()["count"] == 0


def test_it_uploads_an_evidence_file(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    sheet = take_to(world, "LAN", SheetStatus.DRAFT)
    upload = SimpleUploadedFile("bien ban.pdf", b"%PDF-1.4 minh chung", "application/pdf")

    response = _client(world.officer("LAN")).post(
        f"/api/v1/scores/{sheet.pk}/evidence/",
        {"version": sheet.version, "criterion": world.criteria["3"].pk, "file": upload},
    )

    assert response.status_code == 201
    assert (response.json()["name"], response.json()["content_type"]) == (
        "bien ban.pdf",
        "application/pdf",
    )


# ---------------------------------------------------------------------------------------
# A fixed number of queries


FIVE = (("TNH", "Tây Ninh"), ("LAN", "Long An"), ("BDG", "Bình Dương"), ("BPC", "Bình Phước"),
        ("DNI", "Đồng Nai"))  # fmt: skip


def _bigger_world() -> World:
    """Five units and two criteria more: the cluster of the next year."""
    figures = {**FIGURES, "BPC": ((95, 100), 130), "DNI": ((91, 100), 125)}
    world = build_world(members=FIVE, figures=figures, year=2025)
    Covenant.objects.filter(pk=world.covenant.pk).update(scale=Decimal(700))
    Criterion.objects.filter(pk=world.criteria["II"].pk).update(max_points=Decimal(400))
    covenant = Covenant.objects.get(pk=world.covenant.pk)
    for code in ("8", "9"):
        world.criteria[code] = covenants.criterion_add(
            covenant=covenant, parent=Criterion.objects.get(pk=world.criteria["II"].pk),
            code=code, title=f"Tiêu chí {code}", kind=CriterionKind.QUALITATIVE,
            max_points=Decimal(100), reason="Bổ sung",
        )  # fmt: skip
    world.covenant = Covenant.objects.get(pk=world.covenant.pk)
    return world


def _complete(world: World) -> dict[str, Any]:
    return {**SELF, **{f"c{code}": True for code in ("8", "9") if code in world.criteria}}


def _queries(user: Any, url: str) -> int:
    client = _client(user)
    client.get(url)  # sessions, tokens and the like, once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/scores/?cluster={cluster}",
        "/api/v1/scores/{sheet}/",
        "/api/v1/scores/covenants/{covenant}/",
        "/api/v1/rankings/?cluster={cluster}",
    ],
    ids=["list", "detail", "table", "rankings"],
)
def test_it_answers_in_a_fixed_number_of_queries(db: None, url: str) -> None:
    counts = []
    for make in (build_world, _bigger_world):
        # One after the other: building a world sets the shared users' passwords again.
        world = make()
        for code in world.units:
            take_to(world, code, SheetStatus.DRAFT, **_complete(world))
        wanted = url.format(
            cluster=world.cluster.pk, sheet=world.sheet("LAN").pk, covenant=world.covenant.pk
        )
        counts.append(_queries(world.users["office"], wanted))

    assert counts[0] == counts[1]


def test_it_reads_the_table_in_a_fixed_number_of_queries(db: None) -> None:
    small, big = build_world(), _bigger_world()
    all_final(small)
    for code in big.units:
        take_to(big, code, SheetStatus.FINAL, **_complete(big))

    counts = []
    for world in (small, big):
        with CaptureQueriesContext(connection) as queries:
            table = domain.cluster_score_table(covenant=world.covenant)
        counts.append((len(queries), len(table.units), len(table.leaves)))

    assert counts == [(6, 3, 7), (6, 5, 9)]
