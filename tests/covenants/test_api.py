from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.covenants.test_documents import (
    CLEARANCE,
    REDUCE_CRIME,
    REDUCE_CRIME_LONG_AN,
    World,
    library,
    make_covenant,
    sign,
    target,
)
from tests.factories import AdminFactory, UserFactory
from thidua.covenants import domain
from thidua.covenants.models import (
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionKind,
    Movement,
    MovementKind,
    Signature,
)
from thidua.engine.targets import target_to_dict
from thidua.org.models import Unit

pytestmark = pytest.mark.django_db

FORBIDDEN = {
    "error": {"code": "permission_denied", "message": "Bạn không có quyền thực hiện thao tác này."}
}
NOT_FOUND = {"error": {"code": "not_found", "message": "Không tìm thấy dữ liệu bạn yêu cầu."}}


CLEARANCE_MEASURE = {
    "name_vi": "tỷ lệ điều tra, khám phá án",
    "name_en": "the case clearance rate",
    "unit_vi": "%",
    "unit_en": "%",
    "direction": "higher_is_better",
    "numerator_vi": "số vụ án được điều tra, khám phá",
    "numerator_en": "cases cleared",
    "denominator_vi": "số vụ án xảy ra",
    "denominator_en": "cases recorded",
}


def invalid(fields: dict[str, list[str]]) -> dict[str, Any]:
    return {"error": {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields}}


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def officer(unit: Unit) -> APIClient:
    return client_for(UserFactory(unit=unit, role="officer"))


def leader(unit: Unit) -> APIClient:
    return client_for(UserFactory(unit=unit, role="leader"))


def ids(response: Any) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def cum10() -> World:
    return make_covenant()


@pytest.fixture
def cum11() -> World:
    return make_covenant(number=11, members=2, criteria=False, offset=4)


# ---------------------------------------------------------------------------------------
# List


def test_it_lists_only_the_covenants_of_the_users_own_cluster(cum10: World, cum11: World) -> None:
    response = officer(cum10.members[1]).get("/api/v1/covenants/")

    assert response.status_code == 200
    assert ids(response) == [cum10.covenant.pk]


def test_it_lists_every_covenant_the_office_manages(cum10: World, cum11: World) -> None:
    response = officer(cum10.office).get("/api/v1/covenants/")

    assert ids(response) == [cum10.covenant.pk, cum11.covenant.pk]


def test_it_lists_everything_for_an_administrator(cum10: World, cum11: World) -> None:
    response = client_for(AdminFactory()).get("/api/v1/covenants/")

    assert ids(response) == [cum10.covenant.pk, cum11.covenant.pk]


def test_it_lists_nothing_for_a_user_without_a_unit(cum10: World) -> None:
    response = client_for(UserFactory()).get("/api/v1/covenants/")

    assert response.json()["count"] == 0


def test_it_filters_the_list_by_year_and_cluster(cum10: World, cum11: World) -> None:
    last_year = make_covenant(year=2024, criteria=False)
    client = officer(cum10.office)

    by_year = client.get("/api/v1/covenants/", {"year": 2024})
    by_cluster = client.get("/api/v1/covenants/", {"cluster": cum11.covenant.cluster_id})

    assert ids(by_year) == [last_year.covenant.pk]
    assert ids(by_cluster) == [cum11.covenant.pk]


def test_it_refuses_a_year_that_is_not_a_number(cum10: World) -> None:
    response = officer(cum10.office).get("/api/v1/covenants/", {"year": "năm nay"})

    assert response.status_code == 400
    assert response.json() == invalid({"year": ["Cần một số nguyên."]})


def test_it_summarises_a_covenant_in_the_list(cum10: World) -> None:
    sign(cum10, cum10.members[0])

    item = officer(cum10.office).get("/api/v1/covenants/").json()["results"][0]

    pk = cum10.covenant.pk
    assert item["cluster"]["number"] == 10
    assert item["movement"]["name"] == "Phong trào thi đua “Vì an ninh Tổ quốc”"
    assert (item["status"], item["status_display"]) == ("open", "Đang ký")
    assert (item["scale"], item["signature_count"]) == ("1000.00", 1)
    assert item["host_unit"]["name"] == "Công an tỉnh Tây Ninh"
    assert (item["docx_url"], item["pdf_url"]) == (
        f"/covenants/{pk}/giao-uoc.docx",
        f"/covenants/{pk}/giao-uoc.pdf",
    )


def test_it_refuses_anonymous_callers() -> None:
    response = APIClient().get("/api/v1/covenants/")

    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


# ---------------------------------------------------------------------------------------
# Detail


def test_it_shows_the_tree_with_targets_as_sentences(cum10: World) -> None:
    response = officer(cum10.members[1]).get(f"/api/v1/covenants/{cum10.covenant.pk}/")

    assert response.status_code == 200
    body = response.json()
    fight = body["criteria"][0]
    crimes, clearance = fight["children"][0], fight["children"][1]
    assert (fight["code"], fight["kind"], fight["max_points"]) == ("I", "group", "400.00")
    assert crimes["target"]["sentence_vi"] == REDUCE_CRIME.removesuffix(".")
    assert crimes["target"]["sentence_en"] == (
        "Reduce the number of crimes against social order by at least 5% compared with 2024"
    )
    assert crimes["target"]["stored"]["kind"] == "change"
    assert crimes["indicators"] == ["toi-pham-ttxh"]
    assert crimes["unit_targets"] == [
        {
            "unit": {
                "id": cum10.members[1].pk,
                "code": "LAN",
                "name": "Công an tỉnh Long An",
                "short_name": "Long An",
            },
            "target": {
                "stored": target_to_dict(target("reduce", "crimes", "7", baseline_year=2024)),
                "sentence_vi": REDUCE_CRIME_LONG_AN.removesuffix("."),
                "sentence_en": "Reduce the number of crimes against social order by at least 7% "
                "compared with 2024",
                "error": None,
            },
        }
    ]
    assert clearance["target"]["sentence_vi"] == CLEARANCE.removesuffix(".")
    assert [(t["unit"]["code"], t["target"]) for t in clearance["unit_targets"]] == [("BPC", None)]
    assert body["criteria"][2]["children"][0]["settings"] == {"per_occurrence": "5"}
    assert body["total_points"] == "1000.00"


def test_it_lists_members_signatures_and_what_the_user_may_do(cum10: World) -> None:
    sign(cum10, cum10.members[0])
    tay_ninh, long_an = cum10.members[0], cum10.members[1]

    body = leader(long_an).get(f"/api/v1/covenants/{cum10.covenant.pk}/").json()

    signed = {m["unit"]["code"]: m["signature"] for m in body["members"]}
    assert signed["TNH"]["signer_name"] == "Nguyễn Văn Quảng"
    assert signed["LAN"] is None
    assert body["permissions"] == {"can_edit": False, "signable_units": [long_an.pk]}
    assert tay_ninh.pk != long_an.pk


def test_it_hides_another_clusters_covenant(cum10: World, cum11: World) -> None:
    response = officer(cum11.members[0]).get(f"/api/v1/covenants/{cum10.covenant.pk}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_it_shows_a_broken_stored_target_without_failing(cum10: World) -> None:
    Criterion.objects.filter(covenant=cum10.covenant, code="3").update(target={"kind": "?"})

    body = officer(cum10.office).get(f"/api/v1/covenants/{cum10.covenant.pk}/").json()

    rehab = body["criteria"][0]["children"][2]
    assert rehab["target"] == {
        "stored": {"kind": "?"},
        "sentence_vi": "",
        "sentence_en": "",
        "error": "Chỉ tiêu lưu trữ không hợp lệ.",
    }


# ---------------------------------------------------------------------------------------
# Create


@pytest.fixture
def empty_cluster(cum10: World) -> World:
    """Cụm 10 of 2026, members and head set, without a covenant."""
    world = make_covenant(year=2026, criteria=False)
    Covenant.objects.filter(pk=world.covenant.pk).delete()
    return world


def test_it_lets_the_office_create_a_covenant(empty_cluster: World) -> None:
    movement = cum_movement(2026)

    response = officer(empty_cluster.office).post(
        "/api/v1/covenants/",
        {
            "cluster": empty_cluster.covenant.cluster_id,
            "movement": movement,
            "theme": "Tăng tốc",
            "signing_date": "2026-02-20",
            "signing_place": "Long An",
        },
        format="json",
    )

    assert response.status_code == 201
    covenant = Covenant.objects.get(cluster_id=empty_cluster.covenant.cluster_id)
    assert response.json()["id"] == covenant.pk
    assert (covenant.theme, covenant.signing_place, covenant.status) == (
        "Tăng tốc",
        "Long An",
        CovenantStatus.DRAFT,
    )


def cum_movement(year: int) -> int:
    return domain.movement_create(name="Vì an ninh Tổ quốc", kind="regular", year=year).pk


def test_it_lets_the_cluster_head_copy_last_years_covenant(
    cum10: World, empty_cluster: World
) -> None:
    head = officer(empty_cluster.members[0])

    response = head.post(
        "/api/v1/covenants/",
        {
            "cluster": empty_cluster.covenant.cluster_id,
            "copy_from": cum10.covenant.pk,
            "signing_place": "Tây Ninh",
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    crimes = body["criteria"][0]["children"][0]
    assert crimes["target"]["sentence_vi"] == (
        "Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2025"
    )
    # The copy takes this year's regular movement, never last year's.
    assert (body["signing_place"], body["movement"]["id"]) == (
        "Tây Ninh",
        Movement.objects.get(year=2026, kind=MovementKind.REGULAR).pk,
    )


def test_it_refuses_to_copy_a_covenant_whose_stored_target_is_broken(
    cum10: World, empty_cluster: World
) -> None:
    Criterion.objects.filter(covenant=cum10.covenant, code="1").update(
        target={"version": 1, "kind": "change"}
    )

    response = officer(empty_cluster.office).post(
        "/api/v1/covenants/",
        {"cluster": empty_cluster.covenant.cluster_id, "copy_from": cum10.covenant.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "non_field_errors": [
                "Chỉ tiêu của tiêu chí 1 trong giao ước nguồn không đọc được: "
                "Chỉ tiêu lưu trữ không hợp lệ."
            ]
        }
    )
    assert not Covenant.objects.filter(cluster_id=empty_cluster.covenant.cluster_id).exists()


@pytest.mark.parametrize("who", ["member officer", "leader of the head"])
def test_it_refuses_creation_to_who_does_not_run_the_cluster(
    empty_cluster: World, who: str
) -> None:
    client = (
        officer(empty_cluster.members[1])
        if who == "member officer"
        else leader(empty_cluster.members[0])
    )

    response = client.post(
        "/api/v1/covenants/",
        {"cluster": empty_cluster.covenant.cluster_id, "movement": cum_movement(2026)},
        format="json",
    )

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_it_refuses_a_second_covenant_for_the_cluster(cum10: World) -> None:
    response = officer(cum10.office).post(
        "/api/v1/covenants/",
        {"cluster": cum10.covenant.cluster_id, "movement": cum10.covenant.movement_id},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {"non_field_errors": ["Cụm thi đua số 10 (2025) đã có giao ước."]}
    )


def test_it_asks_for_a_movement_or_a_covenant_to_copy(empty_cluster: World) -> None:
    response = officer(empty_cluster.office).post(
        "/api/v1/covenants/", {"cluster": empty_cluster.covenant.cluster_id}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {"movement": ["Hãy chọn phong trào thi đua (hoặc giao ước để sao chép)."]}
    )


def test_it_names_an_unknown_cluster(cum10: World) -> None:
    response = officer(cum10.office).post(
        "/api/v1/covenants/",
        {"cluster": 987654, "movement": cum10.covenant.movement_id},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == invalid({"cluster": ["Không tìm thấy cụm thi đua có id 987654."]})


# ---------------------------------------------------------------------------------------
# Criteria


def criteria_url(world: World) -> str:
    return f"/api/v1/covenants/{world.covenant.pk}/criteria/"


def group_id(world: World, code: str = "I") -> int:
    return Criterion.objects.get(covenant=world.covenant, code=code, parent=None).pk


def test_it_adds_a_criterion_with_a_target_built_from_the_library(cum10: World) -> None:
    version = Covenant.objects.get(pk=cum10.covenant.pk).version

    response = officer(cum10.office).post(
        criteria_url(cum10),
        {
            "parent": group_id(cum10, "II"),
            "code": "8",
            "title": "Tiếp nhận tố giác",
            "kind": "quantitative",
            "max_points": "0",
            "target": {
                "shape": "rate_inclusive",
                "indicators": ["dieu-tra-kham-pha"],
                "number": "90,5",
            },
            "expected_version": version,
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["covenant_version"] == version + 1
    assert body["criterion"]["target"]["sentence_vi"] == (
        "Tỷ lệ điều tra, khám phá án đạt từ 90,5% trở lên"
    )
    assert body["criterion"]["indicators"] == ["dieu-tra-kham-pha"]
    assert (body["criterion"]["max_points"], body["criterion"]["children"]) == ("0.00", [])


def test_it_adds_a_criterion_with_the_engines_stored_target(cum10: World) -> None:
    stored = target_to_dict(target("at_most", "riots", "0"))

    response = officer(cum10.members[0]).post(
        criteria_url(cum10),
        {
            "parent": group_id(cum10, "II"),
            "code": "8",
            "title": "An ninh",
            "kind": "quantitative",
            "max_points": "50",
            "target": stored,
        },
        format="json",
    )

    assert response.status_code == 201
    assert (
        response.json()["criterion"]["target"]["sentence_vi"]
        == "Không để xảy ra bạo loạn, khủng bố"
    )
    assert response.json()["criterion"]["indicators"] == []


def test_it_refuses_a_rate_above_100_percent_and_creates_nothing(cum10: World) -> None:
    before = (Criterion.objects.count(), Covenant.objects.get(pk=cum10.covenant.pk).version)

    response = officer(cum10.office).post(
        criteria_url(cum10),
        {
            "code": "IV",
            "title": "Điều tra",
            "kind": "quantitative",
            "max_points": "50",
            "target": {"shape": "rate_strict", "indicators": ["dieu-tra-kham-pha"], "number": 120},
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == invalid({"target": ["Tỷ lệ không thể vượt quá 100%."]})
    assert (Criterion.objects.count(), Covenant.objects.get(pk=cum10.covenant.pk).version) == before


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        (
            {
                "target": {
                    "version": 1,
                    "kind": "rate_at_least",
                    "strict": True,
                    "percent": "150",
                    "measure": CLEARANCE_MEASURE,
                }
            },
            {"target": ["Tỷ lệ không thể vượt quá 100%."]},
        ),
        (
            {"target": {"version": 1, "kind": "at_least"}},
            {"target": ["Chỉ tiêu lưu trữ không hợp lệ."]},
        ),
        (
            {"target": {"shape": "at_least", "indicators": ["khong-co"], "number": "5"}},
            {"target.indicators": ["Không tìm thấy chỉ số có mã khong-co."]},
        ),
        (
            {
                "target": {
                    "shape": "reduce",
                    "indicators": ["toi-pham-ttxh"],
                    "number": "5",
                    "baseline_year": 2025,
                }
            },
            {"target": ["Năm so sánh phải trước năm của giao ước."]},
        ),
        (
            {"max_points": "5000"},
            {"non_field_errors": ["Tổng điểm các nội dung (6.000) vượt thang điểm 1.000."]},
        ),
        (
            {"kind": "bonus_penalty", "settings": {"items": ["cộng 3"]}},
            {"settings": ["“items” phải là danh sách các mục {“label”, “points”}."]},
        ),
        (
            {"parent": 987654},
            {"parent": ["Không tìm thấy tiêu chí có id 987654 trong giao ước này."]},
        ),
    ],
)
def test_it_explains_what_is_wrong_with_a_criterion(
    cum10: World, payload: dict[str, Any], fields: dict[str, list[str]]
) -> None:
    count = Criterion.objects.count()
    data = {"code": "IV", "title": "Mới", "kind": "quantitative", "max_points": "50", **payload}

    response = officer(cum10.office).post(criteria_url(cum10), data, format="json")

    assert response.status_code == 400
    assert response.json() == invalid(fields)
    assert Criterion.objects.count() == count


def test_it_refuses_a_criterion_sent_from_a_stale_version(cum10: World) -> None:
    current = Covenant.objects.get(pk=cum10.covenant.pk).version
    data = {
        "code": "IV",
        "title": "Mới",
        "kind": "qualitative",
        "max_points": "10",
        "expected_version": current - 1,
    }

    response = officer(cum10.office).post(criteria_url(cum10), data, format="json")

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "non_field_errors": [
                f"Giao ước vừa được người khác sửa (phiên bản {current}, bạn đang sửa phiên bản "
                f"{current - 1}). Hãy tải lại trang để xem thay đổi rồi sửa lại."
            ]
        }
    )


def test_it_refuses_criteria_to_a_member_that_does_not_run_the_cluster(cum10: World) -> None:
    response = officer(cum10.members[1]).post(
        criteria_url(cum10),
        {"code": "IV", "title": "Mới", "kind": "qualitative", "max_points": "10"},
        format="json",
    )

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_it_hides_the_covenant_from_another_clusters_editor(cum10: World, cum11: World) -> None:
    response = officer(cum11.members[0]).post(
        criteria_url(cum10),
        {"code": "IV", "title": "Mới", "kind": "qualitative", "max_points": "10"},
        format="json",
    )

    assert response.status_code == 404


# ---------------------------------------------------------------------------------------
# Signing


def sign_url(world: World) -> str:
    return f"/api/v1/covenants/{world.covenant.pk}/sign/"


def signature_of(unit: Unit) -> dict[str, Any]:
    return {
        "unit": unit.pk,
        "signer_name": "Trần Văn Bình",
        "signer_title": "Giám đốc",
        "signed_on": "2025-02-14",
    }


@pytest.fixture
def open_covenant(cum10: World) -> World:
    domain.covenant_open_for_signing(covenant=cum10.covenant)
    return cum10


def test_it_lets_a_leader_sign_for_the_unit(open_covenant: World) -> None:
    long_an = open_covenant.members[1]

    response = leader(long_an).post(sign_url(open_covenant), signature_of(long_an), format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["unit"]["code"], body["signer_name"], body["signed_on"]) == (
        "LAN",
        "Trần Văn Bình",
        "2025-02-14",
    )
    assert body["covenant_status"] == "open"


def test_it_marks_the_covenant_signed_when_the_last_member_signs(open_covenant: World) -> None:
    for unit in open_covenant.members[:-1]:
        sign(open_covenant, unit)
    last = open_covenant.members[-1]

    response = officer(open_covenant.office).post(
        sign_url(open_covenant), signature_of(last), format="json"
    )

    assert response.json()["covenant_status"] == "signed"


def test_it_refuses_to_sign_twice(open_covenant: World) -> None:
    long_an = open_covenant.members[1]
    client = leader(long_an)
    client.post(sign_url(open_covenant), signature_of(long_an), format="json")

    response = client.post(sign_url(open_covenant), signature_of(long_an), format="json")

    assert response.status_code == 400
    assert response.json() == invalid({"non_field_errors": ["Long An đã ký giao ước này."]})
    assert Signature.objects.filter(unit=long_an).count() == 1


def test_it_refuses_a_unit_outside_the_cluster(open_covenant: World, cum11: World) -> None:
    outsider = cum11.members[0]

    response = officer(open_covenant.office).post(
        sign_url(open_covenant), signature_of(outsider), format="json"
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {"unit": ["Đồng Nai không phải thành viên của cụm nên không ký giao ước này."]}
    )


def test_it_refuses_a_leader_signing_for_another_member(open_covenant: World) -> None:
    long_an, binh_phuoc = open_covenant.members[1], open_covenant.members[2]

    response = leader(long_an).post(
        sign_url(open_covenant), signature_of(binh_phuoc), format="json"
    )

    assert response.status_code == 403
    assert Signature.objects.count() == 0


def test_it_refuses_signing_to_an_officer_of_a_member(open_covenant: World) -> None:
    long_an = open_covenant.members[1]

    response = officer(long_an).post(sign_url(open_covenant), signature_of(long_an), format="json")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_it_refuses_signing_a_draft(cum10: World) -> None:
    long_an = cum10.members[1]

    response = leader(long_an).post(sign_url(cum10), signature_of(long_an), format="json")

    assert response.status_code == 400
    assert response.json() == invalid(
        {"non_field_errors": ["Giao ước không ở trạng thái đang ký."]}
    )


# ---------------------------------------------------------------------------------------
# Library and movements


def test_it_lists_the_indicator_library_to_anyone_signed_in() -> None:
    library()

    response = client_for(UserFactory()).get("/api/v1/indicators/")

    assert response.status_code == 200
    results = response.json()["results"]
    # Vietnamese order: "số hồ sơ" < "số vụ bạo loạn" < "số vụ phạm tội" < "tỷ lệ".
    assert [i["code"] for i in results] == [
        "cai-nghien",
        "bao-loan",
        "toi-pham-ttxh",
        "dieu-tra-kham-pha",
    ]
    assert (results[3]["is_rate"], results[3]["unit_vi"]) == (True, "%")


def test_it_lists_movements_by_year(cum10: World) -> None:
    make_covenant(year=2024, criteria=False)
    client = client_for(UserFactory())

    response = client.get("/api/v1/movements/", {"year": 2024})

    assert [(m["year"], m["kind"], m["kind_display"]) for m in response.json()["results"]] == [
        (2024, "regular", "Thường xuyên (hằng năm)")
    ]


# ---------------------------------------------------------------------------------------
# Query counts


def queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_it_lists_covenants_in_a_fixed_number_of_queries() -> None:
    first = make_covenant(number=1, members=2, criteria=False)
    make_covenant(number=2, members=2, criteria=False, offset=2)
    client = officer(first.office)
    small = queries(client, "/api/v1/covenants/")
    for number in range(3, 7):
        world = make_covenant(number=number, members=2, offset=2 * (number - 1))
        sign(world, world.members[0])

    large = queries(client, "/api/v1/covenants/")

    assert client.get("/api/v1/covenants/").json()["count"] == 6
    assert large == small


def add_criteria(world: World, count: int) -> None:
    group = domain.criterion_add(
        covenant=world.covenant,
        parent=None,
        code="I",
        title="Nhóm",
        kind=CriterionKind.GROUP,
        max_points=Decimal(1000),
    )
    for index in range(count - 1):
        criterion = domain.criterion_add(
            covenant=world.covenant,
            parent=group,
            code=str(index + 1),
            title=f"Tiêu chí {index}",
            kind=CriterionKind.QUANTITATIVE,
            max_points=Decimal(10),
            target=target("at_least", "rehab", str(index + 1)),
            indicators=[library()["rehab"]],
        )
        domain.unit_target_set(criterion=criterion, unit=world.members[1], target=None)


def test_it_shows_the_detail_in_a_fixed_number_of_queries() -> None:
    small = make_covenant(number=1, members=2, criteria=False)
    large = make_covenant(number=2, members=2, criteria=False, offset=2)
    add_criteria(small, 5)
    add_criteria(large, 20)
    client = officer(small.office)

    counts = [queries(client, f"/api/v1/covenants/{w.covenant.pk}/") for w in (small, large)]

    body = client.get(f"/api/v1/covenants/{large.covenant.pk}/").json()
    assert len(body["criteria"][0]["children"]) == 19
    assert counts[0] == counts[1]
