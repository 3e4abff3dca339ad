from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import AdminFactory, UserFactory
from tests.org.factories import (
    ClusterFactory,
    ClusterRoleFactory,
    MembershipFactory,
    OfficeFactory,
    ProvincialClusterFactory,
    UnitFactory,
)
from thidua.org import domain
from thidua.org.models import (
    Cluster,
    ClusterLevel,
    Handover,
    LineageEvent,
    LineageKind,
    RoleKind,
    Unit,
    UnitKind,
)

pytestmark = pytest.mark.django_db

FORBIDDEN = {
    "error": {"code": "permission_denied", "message": "Bạn không có quyền thực hiện thao tác này."}
}


def invalid(fields: dict[str, list[str]]) -> dict[str, Any]:
    return {"error": {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields}}


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def officer_of(unit: Unit) -> Any:
    return UserFactory(unit=unit, role="officer")


@pytest.fixture
def office() -> Unit:
    return OfficeFactory(code="CTCT", name="Cục Công tác đảng và công tác chính trị")


@pytest.fixture
def office_client(office: Unit) -> APIClient:
    return client_for(officer_of(office))


@pytest.fixture
def admin_api() -> APIClient:
    return client_for(AdminFactory())


@pytest.fixture
def son_la() -> Unit:
    return UnitFactory(code="SLA", name="Công an tỉnh Sơn La", short_name="Sơn La")


@pytest.fixture
def dong_nai() -> Unit:
    return UnitFactory(code="DNI", name="Công an tỉnh Đồng Nai", short_name="Đồng Nai")


# ---------------------------------------------------------------------------------------
# Authentication


@pytest.mark.parametrize(
    "url", ["/api/v1/units/", "/api/v1/lineage-events/", "/api/v1/clusters/", "/api/v1/handovers/"]
)
def test_it_refuses_anonymous_requests_with_401(url: str) -> None:
    response = APIClient().get(url)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_it_refuses_an_anonymous_unit_creation_and_creates_nothing() -> None:
    response = APIClient().post(
        "/api/v1/units/", {"code": "X", "name": "X", "kind": "other"}, format="json"
    )

    assert response.status_code == 401
    assert Unit.objects.count() == 0


# ---------------------------------------------------------------------------------------
# Units


def test_it_finds_units_by_words_without_diacritics(son_la: Unit, dong_nai: Unit) -> None:
    client = client_for(officer_of(son_la))

    response = client.get("/api/v1/units/", {"search": "dong nai"})

    assert response.status_code == 200
    assert [u["name"] for u in response.json()["results"]] == ["Công an tỉnh Đồng Nai"]


def test_it_lists_units_in_vietnamese_order_with_every_field(
    son_la: Unit, dong_nai: Unit, office: Unit
) -> None:
    commune = UnitFactory(
        code="XA1",
        name="Công an xã Chiềng Mung",
        short_name="Chiềng Mung",
        kind=UnitKind.COMMUNE_POLICE,
        parent=son_la,
        active_from=dt.date(2025, 7, 1),
    )
    client = client_for(officer_of(son_la))

    response = client.get("/api/v1/units/", {"kind": "commune_police"})

    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": commune.pk,
                "code": "XA1",
                "name": "Công an xã Chiềng Mung",
                "short_name": "Chiềng Mung",
                "kind": "commune_police",
                "kind_display": "Công an xã, phường, đặc khu",
                "parent": son_la.pk,
                "parent_name": "Công an tỉnh Sơn La",
                "active_from": "2025-07-01",
                "active_to": None,
                "is_emulation_office": False,
                "is_sample": False,
            }
        ],
    }


def test_it_sorts_đ_after_d(son_la: Unit, dong_nai: Unit) -> None:
    UnitFactory(code="DBN", name="Công an tỉnh Điện Biên", short_name="Điện Biên")
    UnitFactory(code="DLK", name="Công an tỉnh Đắk Lắk", short_name="Đắk Lắk")
    UnitFactory(code="CTO", name="Công an thành phố Cần Thơ", short_name="Cần Thơ")
    client = client_for(officer_of(son_la))

    response = client.get("/api/v1/units/", {"kind": "provincial_police"})

    names = [u["short_name"] for u in response.json()["results"]]
    assert names == ["Cần Thơ", "Đắk Lắk", "Điện Biên", "Đồng Nai", "Sơn La"]


def test_it_lists_only_units_active_on_a_day(son_la: Unit) -> None:
    UnitFactory(code="YBI", short_name="Yên Bái", active_to=dt.date(2025, 6, 30))
    client = client_for(officer_of(son_la))

    before = client.get("/api/v1/units/", {"active_on": "2025-06-30", "kind": "provincial_police"})
    after = client.get("/api/v1/units/", {"active_on": "2025-07-01", "kind": "provincial_police"})

    assert [u["code"] for u in before.json()["results"]] == ["SLA", "YBI"]
    assert [u["code"] for u in after.json()["results"]] == ["SLA"]


def test_it_answers_a_malformed_date_filter_with_400(son_la: Unit) -> None:
    client = client_for(officer_of(son_la))

    response = client.get("/api/v1/units/", {"active_on": "30/06/2025", "kind": "khong-co"})

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "kind": ["“khong-co” không phải là giá trị hợp lệ."],
            "active_on": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD, ví dụ 2025-07-01."],
        }
    )


def test_it_refuses_a_search_with_a_nul_character(son_la: Unit) -> None:
    client = client_for(officer_of(son_la))

    response = client.get("/api/v1/units/", {"search": "dong\x00nai"})

    assert response.status_code == 400
    assert response.json() == invalid({"search": ["Không được chứa ký tự NUL."]})


def test_it_retrieves_one_unit(son_la: Unit) -> None:
    client = client_for(officer_of(son_la))

    response = client.get(f"/api/v1/units/{son_la.pk}/")

    assert response.status_code == 200
    assert response.json()["code"] == "SLA"


def test_it_answers_404_for_an_unknown_unit(son_la: Unit) -> None:
    response = client_for(officer_of(son_la)).get("/api/v1/units/999999/")

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Không tìm thấy dữ liệu bạn yêu cầu."}
    }


def test_it_lets_the_office_create_a_unit(office_client: APIClient, son_la: Unit) -> None:
    response = office_client.post(
        "/api/v1/units/",
        {
            "code": "PX03-SLA",
            "name": "Phòng Công tác đảng và công tác chính trị",
            "kind": "provincial_section",
            "parent": son_la.pk,
            "active_from": "2025-03-01",
            "is_emulation_office": True,
        },
        format="json",
    )

    assert response.status_code == 201
    unit = Unit.objects.get(code="PX03-SLA")
    assert response.json() == {
        "id": unit.pk,
        "code": "PX03-SLA",
        "name": "Phòng Công tác đảng và công tác chính trị",
        "short_name": "Phòng Công tác đảng và công tác chính trị",
        "kind": "provincial_section",
        "kind_display": "Phòng thuộc Công an tỉnh",
        "parent": son_la.pk,
        "parent_name": "Công an tỉnh Sơn La",
        "active_from": "2025-03-01",
        "active_to": None,
        "is_emulation_office": True,
        "is_sample": False,
    }


def test_it_lets_an_admin_create_a_unit(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/v1/units/", {"code": "BCA", "name": "Bộ Công an", "kind": "ministry"}, format="json"
    )

    assert response.status_code == 201
    assert Unit.objects.get(code="BCA").name == "Bộ Công an"


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_it_forbids_a_unit_user_to_create_a_unit(son_la: Unit, role: str) -> None:
    client = client_for(UserFactory(unit=son_la, role=role))
    count = Unit.objects.count()

    response = client.post(
        "/api/v1/units/", {"code": "X", "name": "X", "kind": "other"}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Unit.objects.count() == count


def test_it_forbids_a_leader_of_an_office_to_create_a_unit(office: Unit) -> None:
    client = client_for(UserFactory(unit=office, role="leader"))

    response = client.post(
        "/api/v1/units/", {"code": "X", "name": "X", "kind": "other"}, format="json"
    )

    assert response.status_code == 403


def test_it_refuses_a_duplicate_code_and_an_unknown_parent(
    office_client: APIClient, son_la: Unit
) -> None:
    count = Unit.objects.count()

    unknown_parent = office_client.post(
        "/api/v1/units/",
        {"code": "NEW", "name": "Mới", "kind": "other", "parent": 999999},
        format="json",
    )
    duplicate = office_client.post(
        "/api/v1/units/", {"code": "SLA", "name": "Trùng", "kind": "other"}, format="json"
    )

    assert unknown_parent.status_code == 400
    assert unknown_parent.json() == invalid({"parent": ["Không tìm thấy đơn vị có id 999999."]})
    assert duplicate.status_code == 400
    assert duplicate.json() == invalid({"code": ["Mã đơn vị “SLA” đã được dùng cho đơn vị khác."]})
    assert Unit.objects.count() == count


def test_it_refuses_a_body_that_is_not_an_object(office_client: APIClient) -> None:
    response = office_client.post("/api/v1/units/", [1, 2], format="json")

    assert response.status_code == 400
    assert response.json() == invalid(
        {"non_field_errors": ["Dữ liệu gửi lên phải là một đối tượng JSON, nhận được list."]}
    )


def test_it_refuses_malformed_json(office_client: APIClient) -> None:
    response = office_client.post("/api/v1/units/", data="{code:", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_it_updates_a_unit_with_patch(office_client: APIClient, son_la: Unit) -> None:
    response = office_client.patch(
        f"/api/v1/units/{son_la.pk}/", {"short_name": "CA Sơn La"}, format="json"
    )

    assert response.status_code == 200
    son_la.refresh_from_db()
    assert son_la.short_name == "CA Sơn La"
    assert son_la.name == "Công an tỉnh Sơn La"


def test_it_refuses_to_make_a_unit_its_own_parent(office_client: APIClient, son_la: Unit) -> None:
    response = office_client.patch(
        f"/api/v1/units/{son_la.pk}/", {"parent": son_la.pk, "name": "Đổi"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {"parent": ["Một đơn vị không thể là cấp trên của chính nó."]}
    )
    son_la.refresh_from_db()
    assert (son_la.parent_id, son_la.name) == (None, "Công an tỉnh Sơn La")


def test_it_refuses_dates_in_the_wrong_order(office_client: APIClient, son_la: Unit) -> None:
    response = office_client.patch(
        f"/api/v1/units/{son_la.pk}/",
        {"active_from": "2025-07-01", "active_to": "2025-06-30"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {"active_to": ["Ngày kết thúc hoạt động phải sau ngày bắt đầu."]}
    )
    son_la.refresh_from_db()
    assert (son_la.active_from, son_la.active_to) == (None, None)


def test_it_forbids_a_unit_officer_to_update_a_unit(son_la: Unit) -> None:
    client = client_for(officer_of(son_la))

    response = client.patch(f"/api/v1/units/{son_la.pk}/", {"name": "Khác"}, format="json")

    assert response.status_code == 403
    son_la.refresh_from_db()
    assert son_la.name == "Công an tỉnh Sơn La"


# ---------------------------------------------------------------------------------------
# Lineage


@pytest.fixture
def merged() -> tuple[Unit, Unit]:
    """Long An merges into Tây Ninh from 2025-07-01 (Tây Ninh goes on)."""
    long_an = UnitFactory(code="LAN", name="Công an tỉnh Long An", short_name="Long An")
    tay_ninh = UnitFactory(code="TNH", name="Công an tỉnh Tây Ninh", short_name="Tây Ninh")
    domain.lineage_record(
        kind=LineageKind.MERGE,
        effective_date=dt.date(2025, 7, 1),
        sources=[long_an],
        targets=[tay_ninh],
        decision="Nghị quyết 202/2025/QH15",
    )
    return long_an, tay_ninh


def brief(unit: Unit) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "short_name": unit.short_name}


def test_it_shows_the_constituents_of_a_merged_unit_before_the_merge(
    merged: tuple[Unit, Unit],
) -> None:
    long_an, tay_ninh = merged
    event = LineageEvent.objects.get()
    client = client_for(officer_of(tay_ninh))

    response = client.get(f"/api/v1/units/{tay_ninh.pk}/lineage/", {"on": "2024-06-30"})

    assert response.status_code == 200
    assert response.json() == {
        "unit": brief(tay_ninh),
        "events": [
            {
                "id": event.pk,
                "kind": "merge",
                "kind_display": "Hợp nhất, sáp nhập",
                "effective_date": "2025-07-01",
                "direction": "from",
                "units": [brief(long_an)],
            }
        ],
        "constituents": {
            "on": "2024-06-30",
            "units": [brief(long_an), brief(tay_ninh)],
            "exact": True,
        },
    }


def test_it_shows_where_a_merged_unit_went(merged: tuple[Unit, Unit]) -> None:
    long_an, tay_ninh = merged
    client = client_for(officer_of(tay_ninh))

    response = client.get(f"/api/v1/units/{long_an.pk}/lineage/")

    body = response.json()
    assert [(e["direction"], e["units"]) for e in body["events"]] == [("to", [brief(tay_ninh)])]
    assert body["constituents"] is None


def test_it_answers_a_malformed_lineage_date_with_400(merged: tuple[Unit, Unit]) -> None:
    _long_an, tay_ninh = merged
    client = client_for(officer_of(tay_ninh))

    response = client.get(f"/api/v1/units/{tay_ninh.pk}/lineage/", {"on": "2024-02-30"})

    assert response.status_code == 400
    assert response.json() == invalid(
        {"on": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD, ví dụ 2025-07-01."]}
    )


def test_it_lets_the_office_record_a_merge(office_client: APIClient) -> None:
    binh_phuoc = UnitFactory(code="BPC", name="Công an tỉnh Bình Phước", short_name="Bình Phước")
    dong_nai = UnitFactory(code="DNI", name="Công an tỉnh Đồng Nai", short_name="Đồng Nai")

    response = office_client.post(
        "/api/v1/lineage-events/",
        {
            "kind": "merge",
            "effective_date": "2025-07-01",
            "sources": [binh_phuoc.pk],
            "targets": [dong_nai.pk],
            "decision": "Nghị quyết 202/2025/QH15",
        },
        format="json",
    )

    assert response.status_code == 201
    event = LineageEvent.objects.get()
    assert response.json() == {
        "id": event.pk,
        "kind": "merge",
        "kind_display": "Hợp nhất, sáp nhập",
        "effective_date": "2025-07-01",
        "decision": "Nghị quyết 202/2025/QH15",
        "note": "",
        "sources": [brief(binh_phuoc)],
        "targets": [brief(dong_nai)],
    }
    binh_phuoc.refresh_from_db()
    assert binh_phuoc.active_to == dt.date(2025, 6, 30)


def test_it_refuses_to_merge_a_unit_into_itself(office_client: APIClient) -> None:
    long_an = UnitFactory(code="LAN")
    tay_ninh = UnitFactory(code="TNH")

    response = office_client.post(
        "/api/v1/lineage-events/",
        {
            "kind": "merge",
            "effective_date": "2025-07-01",
            "sources": [long_an.pk, tay_ninh.pk],
            "targets": [tay_ninh.pk],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {"non_field_errors": ["Một đơn vị không thể hợp nhất, chia tách hay đổi tên vào chính nó."]}
    )
    assert LineageEvent.objects.count() == 0
    assert list(
        Unit.objects.filter(code__in=["LAN", "TNH"]).values_list("active_to", flat=True)
    ) == [
        None,
        None,
    ]


def test_it_refuses_unknown_units_and_malformed_dates_in_an_event(
    office_client: APIClient,
) -> None:
    long_an = UnitFactory(code="LAN")

    response = office_client.post(
        "/api/v1/lineage-events/",
        {
            "kind": "merge",
            "effective_date": "01/07/2025",
            "sources": [long_an.pk],
            "targets": [987654],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "effective_date": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD, ví dụ 2025-07-01."],
            "targets": ["Không tìm thấy đơn vị có id 987654."],
        }
    )
    assert LineageEvent.objects.count() == 0


def test_it_forbids_a_unit_officer_to_record_lineage(merged: tuple[Unit, Unit]) -> None:
    _long_an, tay_ninh = merged
    other = UnitFactory(code="DNI")
    client = client_for(officer_of(tay_ninh))

    response = client.post(
        "/api/v1/lineage-events/",
        {"kind": "dissolve", "effective_date": "2025-03-01", "sources": [other.pk]},
        format="json",
    )

    assert response.status_code == 403
    assert LineageEvent.objects.count() == 1


def test_it_lists_lineage_events_newest_first(merged: tuple[Unit, Unit]) -> None:
    _long_an, tay_ninh = merged
    district = UnitFactory(code="H1", kind=UnitKind.DISTRICT_POLICE, parent=tay_ninh)
    domain.lineage_record(
        kind=LineageKind.DISSOLVE, effective_date=dt.date(2025, 3, 1), sources=[district]
    )
    client = client_for(officer_of(tay_ninh))

    response = client.get("/api/v1/lineage-events/")

    assert [e["effective_date"] for e in response.json()["results"]] == [
        "2025-07-01",
        "2025-03-01",
    ]


# ---------------------------------------------------------------------------------------
# Clusters: who sees what


@pytest.fixture
def clusters(office: Unit, son_la: Unit, dong_nai: Unit) -> dict[str, Cluster]:
    return {
        "ministry": ClusterFactory(number=2, name="Cụm 2", managing_office=office),
        "son_la": ProvincialClusterFactory(number=1, name="Cụm xã Sơn La", province=son_la),
        "dong_nai": ProvincialClusterFactory(number=1, name="Cụm xã Đồng Nai", province=dong_nai),
    }


def visible_ids(client: APIClient, **params: Any) -> set[int]:
    response = client.get("/api/v1/clusters/", params)
    assert response.status_code == 200
    return {c["id"] for c in response.json()["results"]}


def test_it_shows_a_unit_officer_ministry_clusters_and_its_own_provinces_clusters(
    clusters: dict[str, Cluster], son_la: Unit
) -> None:
    commune = UnitFactory(code="XA1", kind=UnitKind.COMMUNE_POLICE, parent=son_la)
    client = client_for(officer_of(commune))

    assert visible_ids(client) == {clusters["ministry"].pk, clusters["son_la"].pk}


def test_it_hides_another_provinces_cluster_even_by_id(
    clusters: dict[str, Cluster], son_la: Unit
) -> None:
    client = client_for(officer_of(son_la))

    response = client.get(f"/api/v1/clusters/{clusters['dong_nai'].pk}/")

    assert response.status_code == 404


def test_it_shows_an_admin_every_cluster(
    clusters: dict[str, Cluster], admin_api: APIClient
) -> None:
    assert visible_ids(admin_api) == {c.pk for c in clusters.values()}


def test_it_filters_clusters_by_year_level_and_number(
    clusters: dict[str, Cluster], admin_api: APIClient, office: Unit
) -> None:
    older = ClusterFactory(year=2024, number=2, managing_office=office)

    assert visible_ids(admin_api, year=2024) == {older.pk}
    assert visible_ids(admin_api, level="provincial") == {
        clusters["son_la"].pk,
        clusters["dong_nai"].pk,
    }
    assert visible_ids(admin_api, number=2, year=2025) == {clusters["ministry"].pk}


def test_it_shows_a_cluster_with_members_roles_and_office(
    office: Unit, son_la: Unit, dong_nai: Unit
) -> None:
    cluster = ClusterFactory(year=2025, number=2, name="Cụm 2", managing_office=office)
    MembershipFactory(cluster=cluster, unit=son_la)
    MembershipFactory(cluster=cluster, unit=dong_nai, end_date=dt.date(2025, 6, 30))
    ClusterRoleFactory(cluster=cluster, unit=dong_nai, role=RoleKind.DEPUTY)
    ClusterRoleFactory(cluster=cluster, unit=son_la, role=RoleKind.HEAD)
    client = client_for(officer_of(son_la))

    response = client.get(f"/api/v1/clusters/{cluster.pk}/")

    assert response.json() == {
        "id": cluster.pk,
        "year": 2025,
        "level": "ministry",
        "level_display": "Cấp Bộ",
        "number": 2,
        "name": "Cụm 2",
        "province": None,
        "managing_office": brief(office),
        "note": "",
        "is_sample": False,
        "members": [
            {
                "unit": dong_nai.pk,
                "code": "DNI",
                "name": "Công an tỉnh Đồng Nai",
                "short_name": "Đồng Nai",
                "start_date": "2025-01-01",
                "end_date": "2025-06-30",
            },
            {
                "unit": son_la.pk,
                "code": "SLA",
                "name": "Công an tỉnh Sơn La",
                "short_name": "Sơn La",
                "start_date": "2025-01-01",
                "end_date": "2025-12-31",
            },
        ],
        "roles": [
            {
                "role": "head",
                "role_display": "Cụm trưởng",
                "unit": son_la.pk,
                "code": "SLA",
                "name": "Công an tỉnh Sơn La",
                "short_name": "Sơn La",
                "start_date": "2025-01-01",
                "end_date": "2025-12-31",
                "source": "assignment",
            },
            {
                "role": "deputy",
                "role_display": "Cụm phó",
                "unit": dong_nai.pk,
                "code": "DNI",
                "name": "Công an tỉnh Đồng Nai",
                "short_name": "Đồng Nai",
                "start_date": "2025-01-01",
                "end_date": "2025-12-31",
                "source": "assignment",
            },
        ],
    }


# ---------------------------------------------------------------------------------------
# Clusters: who changes what


def cluster_payload(**changes: Any) -> dict[str, Any]:
    return {"year": 2026, "level": "ministry", "number": 7, "name": "Cụm 7", **changes}


def test_it_lets_the_office_create_a_cluster_it_manages(
    office_client: APIClient, office: Unit
) -> None:
    response = office_client.post("/api/v1/clusters/", cluster_payload(), format="json")

    assert response.status_code == 201
    cluster = Cluster.objects.get(year=2026, number=7)
    assert cluster.managing_office == office
    assert response.json()["managing_office"] == brief(office)
    assert (response.json()["members"], response.json()["roles"]) == ([], [])


def test_it_forbids_an_office_to_create_a_cluster_for_another_office(
    office_client: APIClient,
) -> None:
    other_office = OfficeFactory(code="PX03")

    response = office_client.post(
        "/api/v1/clusters/", cluster_payload(managing_office=other_office.pk), format="json"
    )

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Cluster.objects.count() == 0


def test_it_forbids_a_unit_officer_to_create_a_cluster(son_la: Unit, office: Unit) -> None:
    client = client_for(officer_of(son_la))

    response = client.post(
        "/api/v1/clusters/", cluster_payload(managing_office=office.pk), format="json"
    )

    assert response.status_code == 403
    assert Cluster.objects.count() == 0


def test_it_forbids_a_cluster_officer_to_create_or_change_a_cluster(
    office: Unit, son_la: Unit
) -> None:
    cluster = ClusterFactory(managing_office=office, name="Cụm 2")
    MembershipFactory(cluster=cluster, unit=son_la)
    ClusterRoleFactory(cluster=cluster, unit=son_la, role=RoleKind.HEAD)
    client = client_for(officer_of(son_la))

    created = client.post(
        "/api/v1/clusters/", cluster_payload(managing_office=office.pk), format="json"
    )
    changed = client.patch(f"/api/v1/clusters/{cluster.pk}/", {"name": "Khác"}, format="json")

    assert (created.status_code, changed.status_code) == (403, 403)
    cluster.refresh_from_db()
    assert (Cluster.objects.count(), cluster.name) == (1, "Cụm 2")


def test_it_lets_an_admin_create_a_cluster_for_any_office(
    admin_api: APIClient, son_la: Unit
) -> None:
    px03 = OfficeFactory(code="PX03-SLA", kind=UnitKind.PROVINCIAL_SECTION, parent=son_la)

    response = admin_api.post(
        "/api/v1/clusters/",
        cluster_payload(level="provincial", province=son_la.pk, managing_office=px03.pk),
        format="json",
    )

    assert response.status_code == 201
    cluster = Cluster.objects.get()
    assert (cluster.level, cluster.province, cluster.managing_office) == (
        ClusterLevel.PROVINCIAL,
        son_la,
        px03,
    )


def test_it_asks_an_admin_for_the_managing_office(admin_api: APIClient) -> None:
    response = admin_api.post("/api/v1/clusters/", cluster_payload(), format="json")

    assert response.status_code == 400
    assert response.json() == invalid(
        {"managing_office": ["Hãy chọn cơ quan thường trực quản lý cụm."]}
    )


def test_it_refuses_a_managing_office_that_is_not_an_office(
    admin_api: APIClient, son_la: Unit
) -> None:
    response = admin_api.post(
        "/api/v1/clusters/", cluster_payload(managing_office=son_la.pk), format="json"
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {"managing_office": ["Sơn La không phải cơ quan thường trực thi đua."]}
    )
    assert Cluster.objects.count() == 0


def test_it_refuses_a_second_cluster_with_the_same_number(
    office_client: APIClient, office: Unit
) -> None:
    ClusterFactory(year=2026, number=7, managing_office=office)

    response = office_client.post("/api/v1/clusters/", cluster_payload(), format="json")

    assert response.status_code == 400
    assert response.json() == invalid({"number": ["Đã có Cụm thi đua số 7 năm 2026 ở cấp này."]})
    assert Cluster.objects.count() == 1


def test_it_refuses_an_impossible_year_and_a_provincial_cluster_without_a_province(
    office_client: APIClient,
) -> None:
    response = office_client.post(
        "/api/v1/clusters/", cluster_payload(level="provincial", year=1999), format="json"
    )

    assert response.status_code == 400
    assert response.json() == invalid({"year": ["Phải lớn hơn hoặc bằng 2000."]})
    fixed = office_client.post(
        "/api/v1/clusters/", cluster_payload(level="provincial"), format="json"
    )
    assert fixed.json() == invalid(
        {"province": ["Cụm cấp tỉnh phải thuộc một Công an tỉnh, thành phố."]}
    )
    assert Cluster.objects.count() == 0


def test_it_lets_the_office_rename_its_cluster(office_client: APIClient, office: Unit) -> None:
    cluster = ClusterFactory(managing_office=office, name="Cụm 2")

    response = office_client.patch(
        f"/api/v1/clusters/{cluster.pk}/", {"name": "Cụm Tây Bắc"}, format="json"
    )

    assert response.status_code == 200
    cluster.refresh_from_db()
    assert cluster.name == "Cụm Tây Bắc"


def test_it_forbids_an_office_to_change_another_offices_cluster(
    office_client: APIClient,
) -> None:
    cluster = ClusterFactory(name="Cụm 2")

    response = office_client.patch(
        f"/api/v1/clusters/{cluster.pk}/", {"name": "Khác"}, format="json"
    )

    assert response.status_code == 403
    cluster.refresh_from_db()
    assert cluster.name == "Cụm 2"


# ---------------------------------------------------------------------------------------
# Handovers


@pytest.fixture
def cum10(office: Unit) -> dict[str, Any]:
    """Cụm 10 of 2024: five members, Tây Ninh heads it."""
    cluster = ClusterFactory(year=2024, number=10, managing_office=office)
    units = {}
    for code, short in [
        ("TNH", "Tây Ninh"),
        ("BDG", "Bình Dương"),
        ("BPC", "Bình Phước"),
        ("LAN", "Long An"),
        ("DNI", "Đồng Nai"),
    ]:
        units[code] = UnitFactory(code=code, name=f"Công an tỉnh {short}", short_name=short)
        domain.membership_add(cluster=cluster, unit=units[code])
    domain.role_assign(cluster=cluster, unit=units["TNH"], role=RoleKind.HEAD)
    return {"cluster": cluster, **units}


def handover_payload(cum10: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "cluster": cum10["cluster"].pk,
        "head": cum10["LAN"].pk,
        "deputy": cum10["DNI"].pk,
        "conference_date": "2024-11-23",
        "note": "Hội nghị tổng kết tại Công an tỉnh Tây Ninh.",
        **changes,
    }


def test_it_lets_the_office_record_a_handover(
    office_client: APIClient, cum10: dict[str, Any]
) -> None:
    response = office_client.post("/api/v1/handovers/", handover_payload(cum10), format="json")

    assert response.status_code == 201
    handover = Handover.objects.get()
    next_year = Cluster.objects.get(year=2025, number=10)
    assert response.json() == {
        "id": handover.pk,
        "cluster": cum10["cluster"].pk,
        "cluster_name": "Cụm thi đua số 10 (2024)",
        "year": 2024,
        "to_cluster": next_year.pk,
        "head": brief(cum10["LAN"]),
        "deputy": brief(cum10["DNI"]),
        "conference_date": "2024-11-23",
        "note": "Hội nghị tổng kết tại Công an tỉnh Tây Ninh.",
    }
    assert domain.roles_on(cluster=next_year, on=dt.date(2025, 3, 1)) == {
        "head": cum10["LAN"],
        "deputy": cum10["DNI"],
    }


def test_it_lets_an_admin_record_a_handover(admin_api: APIClient, cum10: dict[str, Any]) -> None:
    response = admin_api.post("/api/v1/handovers/", handover_payload(cum10), format="json")

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        (
            {"deputy": "LAN"},
            {"non_field_errors": ["Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."]},
        ),
        (
            {"head": "OUTSIDER"},
            {"non_field_errors": ["Sơn La không phải thành viên của Cụm thi đua số 10 (2025)."]},
        ),
        (
            {"conference_date": "2023-11-23"},
            {"conference_date": ["Ngày hội nghị phải thuộc năm 2024 hoặc đầu năm sau."]},
        ),
        (
            {"conference_date": "23/11/2024"},
            {"conference_date": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD, ví dụ 2025-07-01."]},
        ),
        ({"cluster": 424242}, {"cluster": ["Không tìm thấy cụm thi đua có id 424242."]}),
        ({"head": 999999}, {"head": ["Không tìm thấy đơn vị có id 999999."]}),
    ],
)
def test_it_refuses_a_bad_handover_and_saves_nothing(
    office_client: APIClient,
    cum10: dict[str, Any],
    son_la: Unit,
    changes: dict[str, Any],
    fields: dict[str, list[str]],
) -> None:
    known = {"LAN": cum10["LAN"].pk, "OUTSIDER": son_la.pk}
    payload = handover_payload(cum10, **{k: known.get(v, v) for k, v in changes.items()})
    clusters, roles = Cluster.objects.count(), cum10["cluster"].roles.count()

    response = office_client.post("/api/v1/handovers/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == invalid(fields)
    assert (Handover.objects.count(), Cluster.objects.count()) == (0, clusters)
    assert cum10["cluster"].roles.count() == roles


def test_it_refuses_a_second_handover_of_the_same_cluster(
    office_client: APIClient, cum10: dict[str, Any]
) -> None:
    office_client.post("/api/v1/handovers/", handover_payload(cum10), format="json")

    response = office_client.post(
        "/api/v1/handovers/", handover_payload(cum10, head=cum10["BPC"].pk), format="json"
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {"non_field_errors": ["Cụm này đã bàn giao cho năm sau; hãy sửa bản bàn giao đã có."]}
    )
    assert Handover.objects.get().head == cum10["LAN"]


def test_it_forbids_the_head_units_officer_to_record_the_handover(cum10: dict[str, Any]) -> None:
    client = client_for(officer_of(cum10["TNH"]))

    response = client.post("/api/v1/handovers/", handover_payload(cum10), format="json")

    assert response.status_code == 403
    assert (Handover.objects.count(), Cluster.objects.count()) == (0, 1)


def test_it_forbids_another_office_to_record_the_handover(cum10: dict[str, Any]) -> None:
    client = client_for(officer_of(OfficeFactory(code="PX03")))

    response = client.post("/api/v1/handovers/", handover_payload(cum10), format="json")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Handover.objects.count() == 0


def test_it_lists_handovers_of_visible_clusters_only(
    office: Unit, cum10: dict[str, Any], son_la: Unit, dong_nai: Unit
) -> None:
    domain.handover_record(
        cluster=cum10["cluster"],
        head=cum10["LAN"],
        deputy=cum10["DNI"],
        conference_date=dt.date(2024, 11, 23),
    )
    hidden = ProvincialClusterFactory(year=2024, province=dong_nai)
    for code in ("X1", "X2"):
        domain.membership_add(cluster=hidden, unit=UnitFactory(code=code, parent=dong_nai))
    domain.handover_record(
        cluster=hidden,
        head=Unit.objects.get(code="X1"),
        deputy=Unit.objects.get(code="X2"),
        conference_date=dt.date(2024, 12, 1),
    )
    client = client_for(officer_of(son_la))

    response = client.get("/api/v1/handovers/")

    assert [h["cluster"] for h in response.json()["results"]] == [cum10["cluster"].pk]


# ---------------------------------------------------------------------------------------
# Query counts: the lists cost the same at any size


def queries_for(client: APIClient, url: str) -> int:
    client.get(url)  # warm-up: sessions, content types
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_units(count: int, office: Unit, province: Unit) -> None:
    for _index in range(count):
        UnitFactory(parent=province)


def add_clusters(count: int, office: Unit, province: Unit) -> None:
    for _index in range(count):
        cluster = ClusterFactory(managing_office=office)
        head, deputy = UnitFactory(), UnitFactory()
        for unit in (head, deputy, UnitFactory()):
            MembershipFactory(cluster=cluster, unit=unit)
        ClusterRoleFactory(cluster=cluster, unit=head, role=RoleKind.HEAD)
        ClusterRoleFactory(cluster=cluster, unit=deputy, role=RoleKind.DEPUTY)


def add_handovers(count: int, office: Unit, province: Unit) -> None:
    for _index in range(count):
        cluster = ClusterFactory(year=2024, managing_office=office)
        head, deputy = UnitFactory(), UnitFactory()
        for unit in (head, deputy):
            domain.membership_add(cluster=cluster, unit=unit)
        domain.handover_record(
            cluster=cluster, head=head, deputy=deputy, conference_date=dt.date(2024, 11, 20)
        )


def add_lineage(count: int, office: Unit, province: Unit) -> None:
    for _index in range(count):
        domain.lineage_record(
            kind=LineageKind.MERGE,
            effective_date=dt.date(2025, 7, 1),
            sources=[UnitFactory(), UnitFactory()],
            targets=[UnitFactory()],
        )


@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("/api/v1/units/", add_units),
        ("/api/v1/clusters/", add_clusters),
        ("/api/v1/handovers/", add_handovers),
        ("/api/v1/lineage-events/", add_lineage),
    ],
)
def test_it_lists_with_a_fixed_number_of_queries(
    url: str, add: Any, office: Unit, son_la: Unit
) -> None:
    client = client_for(officer_of(son_la))
    add(3, office, son_la)
    small = queries_for(client, url)

    add(9, office, son_la)
    large = queries_for(client, url)

    assert client.get(url).json()["count"] >= 12
    assert large == small
