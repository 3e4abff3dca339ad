"""The scoring pages: overview, table, heat-map, profile, and the sheet's workflow."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.scoring.world import World, all_final, opened, scoring_version, take_to, verifier
from thidua.scoring.models import CovenantScoring, Score, ScoringStatus, SheetStatus


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def test_it_shows_the_ranking_of_the_cluster(client: Any, world: World) -> None:
    all_final(world)

    response = login(client, world.officer("BDG")).get(
        reverse("scoring:table", args=[world.covenant.pk])
    )

    assert response.status_code == 200
    # Long An leads on the clearance rate (95,57%): rank 1.
    ranking = response.text.split('data-testid="ranking"', 1)[1].split("</table>", 1)[0]
    first = ranking.split('data-testid="rank-', 2)[1]
    assert first.startswith("LAN")


def test_it_hides_the_table_from_another_cluster(client: Any, world: World) -> None:
    response = login(client, world.users["outsider"]).get(
        reverse("scoring:table", args=[world.covenant.pk])
    )

    assert response.status_code == 404


def test_it_colours_the_heatmap_by_outcome(client: Any, world: World) -> None:
    all_final(world)

    response = login(client, world.users["office"]).get(
        reverse("scoring:heatmap", args=[world.covenant.pk])
    )

    assert response.status_code == 200
    # Clearance "từ 90% trở lên": Long An 95,57% leads (exceeded), Bình Dương 90,2% exceeds.
    lan = response.text.split('data-testid="heat-LAN-1"', 1)[1][:60]
    assert 'data-class="exceeded"' in lan
    # Bình Dương has no target on 2 and is scored against the leader anyway.
    assert 'data-testid="heat-BDG-2"' in response.text


def heat_queries(client: Any, world: World) -> int:
    url = reverse("scoring:heatmap", args=[world.covenant.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_reads_the_heatmap_in_a_fixed_number_of_queries(client: Any, world: World) -> None:
    client = login(client, world.users["office"])
    opened(world, "TNH")
    few = heat_queries(client, world)
    all_final(world)

    many = heat_queries(client, world)

    assert many == few


def test_it_summarises_every_cluster_for_the_office(client: Any, world: World) -> None:
    take_to(world, "TNH", SheetStatus.FINAL)
    opened(world, "LAN")

    response = login(client, world.users["office"]).get(reverse("scoring:overview"))

    assert response.status_code == 200
    line = response.text.split(f'data-testid="overview-{world.cluster.number}"', 1)[1]
    line = line.split("</tr>", 1)[0]
    assert "1/3" in line  # one unit has its final scores
    # Behind on self-scoring:
    assert "Bình Dương" in line
    assert "Long An" in line


def test_it_profiles_a_unit(client: Any, world: World) -> None:
    all_final(world)

    response = login(client, world.officer("TNH")).get(
        reverse("scoring:unit_profile", args=[world.units["TNH"].pk])
    )

    assert response.status_code == 200
    assert 'data-testid="profile-groups"' in response.text
    assert "sc-chart-data" in response.text


def test_it_refuses_a_profile_the_user_may_not_read(client: Any, world: World) -> None:
    response = login(client, world.users["outsider"]).get(
        reverse("scoring:unit_profile", args=[world.units["TNH"].pk])
    )

    assert response.status_code == 404


# ---------------------------------------------------------------------------------------
# The sheet


def post_sheet(client: Any, sheet: Any, step: str, data: dict[str, Any]) -> Any:
    sheet.refresh_from_db()
    return client.post(
        reverse("scoring:sheet_save", args=[sheet.pk, step]), {"version": sheet.version, **data}
    )


def act(client: Any, sheet: Any, action: str, **data: Any) -> Any:
    sheet.refresh_from_db()
    return client.post(
        reverse("scoring:sheet_action", args=[sheet.pk, action]),
        {"version": sheet.version, **data},
        follow=True,
    )


def self_fields(world: World) -> dict[str, str]:
    c = world.criteria
    return {
        f"{c['3'].pk}.met": "1",
        f"{c['4'].pk}.points": "40",
        f"{c['5'].pk}.occurrences": "3",
        f"{c['6'].pk}.ranks": "1, 2",
        f"{c['7'].pk}.count.1": "1",
    }


def test_it_opens_and_self_scores_a_sheet_in_the_browser(client: Any, world: World) -> None:
    client = login(client, world.officer("LAN"))
    client.post(reverse("scoring:sheet_open", args=[world.covenant.pk, world.units["LAN"].pk]))
    sheet = world.sheet("LAN")

    response = post_sheet(client, sheet, "self", self_fields(world))

    assert response.status_code == 302
    direct = Score.objects.get(sheet=sheet, criterion=world.criteria["4"])
    ranks = Score.objects.get(sheet=sheet, criterion=world.criteria["6"])
    assert direct.self_input == {"points": "40.00"}
    assert ranks.self_input == {"ranks": [1, 2]}


def test_it_refuses_points_above_the_maximum_and_saves_nothing(client: Any, world: World) -> None:
    sheet = opened(world, "LAN")
    fields = self_fields(world)
    fields[f"{world.criteria['4'].pk}.points"] = "50,5"  # maximum 50

    response = post_sheet(login(client, world.officer("LAN")), sheet, "self", fields)

    assert response.status_code == 400
    assert 'data-testid="row-error"' in response.text
    assert not Score.objects.filter(sheet=sheet, self_input__isnull=False).exists()


def test_it_refuses_a_verified_score_without_a_reason(client: Any, world: World) -> None:
    sheet = take_to(world, "LAN", SheetStatus.SUBMITTED)
    client = login(client, verifier(world, "LAN"))

    refused = post_sheet(client, sheet, "verify", {f"{world.criteria['4'].pk}.points": "30"})
    accepted = post_sheet(
        client,
        sheet,
        "verify",
        {
            f"{world.criteria['4'].pk}.points": "30",
            f"{world.criteria['4'].pk}.note": "Thiếu biên bản kiểm tra",
        },
    )

    assert refused.status_code == 400
    assert accepted.status_code == 302
    score = Score.objects.get(sheet=sheet, criterion=world.criteria["4"])
    assert score.verified_input == {"points": "30.00"}
    assert score.verified_reason == "Thiếu biên bản kiểm tra"


def test_it_refuses_verification_by_the_unit_itself(client: Any, world: World) -> None:
    sheet = take_to(world, "LAN", SheetStatus.SUBMITTED)

    response = post_sheet(
        login(client, world.officer("LAN")),
        sheet,
        "verify",
        {f"{world.criteria['4'].pk}.points": "50", f"{world.criteria['4'].pk}.note": "x"},
    )

    assert response.status_code == 403
    assert Score.objects.get(sheet=sheet, criterion=world.criteria["4"]).verified_input is None


def test_it_takes_a_sheet_through_explanation_to_final(client: Any, world: World) -> None:
    sheet = take_to(world, "LAN", SheetStatus.SUBMITTED)
    head = verifier(world, "LAN")
    c4 = world.criteria["4"].pk
    post_sheet(login(client, head), sheet, "verify", {f"{c4}.points": "30", f"{c4}.note": "Thiếu"})
    act(client, sheet, "verify_done")
    post_sheet(
        login(client, world.officer("LAN")),
        sheet,
        "explain",
        {f"{c4}.explanation": "Biên bản gửi kèm"},
    )
    act(client, sheet, "explain_done")
    office = login(client, world.users["office"])
    post_sheet(office, sheet, "final", {f"{c4}.points": "45", f"{c4}.note": "Chấp nhận một phần"})
    done = act(client, sheet, "finalize_done")

    sheet.refresh_from_db()
    score = Score.objects.get(sheet=sheet, criterion=world.criteria["4"])
    assert sheet.status == SheetStatus.FINAL
    assert score.explanation == "Biên bản gửi kèm"
    assert score.final_input == {"points": "45.00"}
    # Self 40, verified 30, final 45: all three shown side by side with the reasons.
    assert "Chấp nhận một phần" in done.text
    assert "Thiếu" in done.text


def test_it_locks_and_publishes_the_ranking_from_the_table(client: Any, world: World) -> None:
    all_final(world)

    response = login(client, world.users["office"]).post(
        reverse("scoring:covenant_lock", args=[world.covenant.pk]),
        {"version": scoring_version(world)},
        follow=True,
    )

    scoring = CovenantScoring.objects.get(covenant=world.covenant)
    assert scoring.status == ScoringStatus.PUBLISHED
    assert 'data-testid="scoring-status"' in response.text


def test_it_refuses_to_lock_before_every_unit_is_final(client: Any, world: World) -> None:
    take_to(world, "TNH", SheetStatus.FINAL)

    login(client, world.users["office"]).post(
        reverse("scoring:covenant_lock", args=[world.covenant.pk]),
        {"version": scoring_version(world)},
    )

    assert CovenantScoring.objects.get(covenant=world.covenant).status == ScoringStatus.OPEN


def test_it_refuses_the_lock_to_the_cluster_officer(client: Any, world: World) -> None:
    all_final(world)

    response = login(client, world.officer("TNH")).post(
        reverse("scoring:covenant_lock", args=[world.covenant.pk]),
        {"version": scoring_version(world)},
    )

    assert response.status_code == 403
    assert CovenantScoring.objects.get(covenant=world.covenant).status == ScoringStatus.OPEN


def test_it_shows_two_decimals_in_the_table(client: Any, world: World) -> None:
    all_final(world)

    response = login(client, world.users["office"]).get(
        reverse("scoring:table", args=[world.covenant.pk])
    )

    total = response.text.split('data-testid="total-LAN">', 1)[1].split("<", 1)[0]
    assert total.count(",") == 1
    assert len(total.split(",")[1]) == 2
    assert Decimal(total.replace(".", "").replace(",", ".")) > 0
