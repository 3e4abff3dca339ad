"""The organisation pages: who sees and changes what, and what each page says."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AdminFactory, UserFactory
from thidua.org import domain
from thidua.org.models import (
    Cluster,
    ClusterLevel,
    ClusterRole,
    Handover,
    LineageEvent,
    LineageKind,
    Membership,
    RoleKind,
    Unit,
    UnitKind,
)

pytestmark = pytest.mark.django_db

MERGER_DAY = dt.date(2025, 7, 1)
HTMX = {"HX-Request": "true"}


def _text(response: Any) -> str:
    """The page as a reader sees it: no tags, entities decoded, whitespace collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(without_tags).split())


def _province(code: str, short_name: str, **extra: Any) -> Unit:
    return domain.unit_create(
        code=code,
        name=f"Công an tỉnh {short_name}",
        short_name=short_name,
        kind=UnitKind.PROVINCIAL_POLICE,
        **extra,
    )


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office() -> Unit:
    return domain.unit_create(
        code="X03",
        name="Cục Công tác chính trị",
        short_name="Cục Công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        is_emulation_office=True,
    )


@pytest.fixture
def office_client(office: Unit) -> Client:
    return _login(UserFactory(username="x03", unit=office, role="officer"))


@pytest.fixture
def officer_client() -> Client:
    """An officer of an ordinary unit: reads everything public, changes nothing here."""
    return _login(UserFactory(username="hanoi", unit=_province("HN", "Hà Nội"), role="officer"))


@dataclass
class Cluster10:
    """Cụm 10: handed to Long An / Đồng Nai for 2025, then the 01/07/2025 mergers."""

    of_2024: Cluster
    of_2025: Cluster
    units: dict[str, Unit]


@pytest.fixture
def cluster_10(office: Unit) -> Cluster10:
    units = {
        short: _province(code, short)
        for code, short in (
            ("BP", "Bình Phước"),
            ("DN", "Đồng Nai"),
            ("LA", "Long An"),
            ("TN", "Tây Ninh"),
        )
    }
    of_2024 = domain.cluster_create(
        year=2024,
        level=ClusterLevel.MINISTRY,
        number=10,
        managing_office=office,
        name="Công an các tỉnh miền Đông Nam Bộ",
    )
    for unit in units.values():
        domain.membership_add(cluster=of_2024, unit=unit)
    domain.role_assign(cluster=of_2024, unit=units["Tây Ninh"], role=RoleKind.HEAD)
    domain.role_assign(cluster=of_2024, unit=units["Bình Phước"], role=RoleKind.DEPUTY)
    handover = domain.handover_record(
        cluster=of_2024,
        head=units["Long An"],
        deputy=units["Đồng Nai"],
        conference_date=dt.date(2024, 11, 28),
    )
    for former, successor in (("Long An", "Tây Ninh"), ("Bình Phước", "Đồng Nai")):
        domain.lineage_record(
            kind=LineageKind.MERGE,
            effective_date=MERGER_DAY,
            sources=[units[former]],
            targets=[units[successor]],
            decision="Nghị quyết 202/2025/QH15",
        )
    return Cluster10(of_2024=of_2024, of_2025=handover.to_cluster, units=units)


def _cluster(office: Unit, number: int, year: int = 2025, *members: Unit) -> Cluster:
    cluster = domain.cluster_create(
        year=year, level=ClusterLevel.MINISTRY, number=number, managing_office=office
    )
    for unit in members:
        domain.membership_add(cluster=cluster, unit=unit)
    return cluster


# ---------------------------------------------------------------------------------------
# Anyone signed in


@pytest.mark.parametrize(
    "url", ["/org/units/", "/org/clusters/", "/org/units/new/", "/org/lineage/new/"]
)
def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, url: str) -> None:
    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


# ---------------------------------------------------------------------------------------
# Unit list


def test_it_finds_dong_nai_when_searching_without_diacritics(officer_client: Client) -> None:
    _province("DN", "Đồng Nai")
    _province("DL", "Đắk Lắk")

    response = officer_client.get("/org/units/", {"q": "dong nai"}, headers=HTMX)

    text = _text(response)
    assert response.status_code == 200
    assert "Đồng Nai" in text
    assert "Đắk Lắk" not in text
    assert "<html" not in response.content.decode()
    assert "1 đơn vị · khớp với “dong nai”" in text


def test_it_lists_units_in_vietnamese_alphabetical_order(officer_client: Client) -> None:
    for code, short in (
        ("DN", "Đồng Nai"),
        ("GL", "Gia Lai"),
        ("DT", "Dương Tơ"),
        ("CT", "Cần Thơ"),
    ):
        _province(code, short)

    response = officer_client.get("/org/units/")

    text = _text(response)
    positions = [text.index(name) for name in ("Cần Thơ", "Dương Tơ", "Đồng Nai", "Gia Lai")]
    assert positions == sorted(positions)


def test_it_filters_units_by_kind(officer_client: Client) -> None:
    province = _province("TN", "Tây Ninh")
    domain.unit_create(
        code="TN-PX03",
        name="Phòng Công tác chính trị",
        kind=UnitKind.PROVINCIAL_SECTION,
        parent=province,
    )

    response = officer_client.get("/org/units/", {"kind": UnitKind.PROVINCIAL_SECTION})

    text = _text(response)
    assert "Phòng Công tác chính trị" in text
    assert "TN-PX03" in text
    assert (
        "Công an tỉnh Tây Ninh" not in text.split("Thời gian hoạt động", 1)[1].split("Tây Ninh")[0]
    )


def test_it_marks_merged_and_sample_units(officer_client: Client) -> None:
    long_an, tay_ninh = _province("LA", "Long An"), _province("TN", "Tây Ninh", is_sample=True)
    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[long_an], targets=[tay_ninh]
    )

    response = officer_client.get("/org/units/")

    text = _text(response)
    assert (
        "LA Long An Công an tỉnh Long An Công an tỉnh, thành phố — "
        "đến 30/06/2025 Đã sáp nhập/giải thể"
    ) in text
    assert "Tây Ninh Dữ liệu mẫu" in text


def test_it_paginates_fifty_units_a_page(officer_client: Client) -> None:
    for n in range(51):
        _province(f"T{n:02d}", f"Tỉnh {n:02d}")

    first = officer_client.get("/org/units/")
    second = officer_client.get("/org/units/", {"page": 2})

    row = '<span class="unit-code">'
    assert "52 đơn vị Trang 1/2" in _text(first)
    assert (first.content.decode().count(row), second.content.decode().count(row)) == (50, 2)
    assert "Tỉnh 50" in _text(second)


def test_it_shows_the_add_and_import_buttons_only_to_those_who_may_edit(
    office_client: Client, officer_client: Client
) -> None:
    for_office = office_client.get("/org/units/").content.decode()
    for_officer = officer_client.get("/org/units/").content.decode()

    assert 'href="/org/units/new/"' in for_office
    assert 'href="/org/units/import/"' in for_office
    assert 'href="/org/units/new/"' not in for_officer
    assert 'href="/org/units/import/"' not in for_officer


def _unit_list_queries(client: Client, count: int) -> int:
    parent = _province(f"P{count}", f"Cấp trên {count}")
    for n in range(count):
        domain.unit_create(
            code=f"U{count}-{n}",
            name=f"Đơn vị {n}",
            kind=UnitKind.PROVINCIAL_SECTION,
            parent=parent,
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/org/units/", {"q": f"u{count}-"})
    assert response.content.decode().count('<span class="unit-code">') == count
    return len(queries.captured_queries)


def test_it_lists_units_in_the_same_number_of_queries_whatever_their_number(
    office_client: Client,
) -> None:
    assert _unit_list_queries(office_client, 3) == _unit_list_queries(office_client, 12)


# ---------------------------------------------------------------------------------------
# Unit page


def test_it_shows_a_units_lineage_both_ways(officer_client: Client, cluster_10: Cluster10) -> None:
    tay_ninh, long_an = cluster_10.units["Tây Ninh"], cluster_10.units["Long An"]

    of_tay_ninh = _text(officer_client.get(f"/org/units/{tay_ninh.pk}/"))
    of_long_an = officer_client.get(f"/org/units/{long_an.pk}/")

    assert (
        "01/07/2025 — Hợp nhất tiền thân Công an tỉnh Long An sáp nhập vào Công an tỉnh Tây Ninh"
        in of_tay_ninh
    )
    assert "Căn cứ: Nghị quyết 202/2025/QH15" in of_tay_ninh
    assert (
        "01/07/2025 — Hợp nhất kế thừa Công an tỉnh Long An sáp nhập vào Công an tỉnh Tây Ninh"
        in _text(of_long_an)
    )
    assert f'href="/org/units/{tay_ninh.pk}/"' in of_long_an.content.decode()


def test_it_shows_which_units_make_up_a_unit_at_a_past_date(
    officer_client: Client, cluster_10: Cluster10
) -> None:
    tay_ninh = cluster_10.units["Tây Ninh"]

    response = officer_client.get(f"/org/units/{tay_ninh.pk}/", {"on": "31/12/2024"}, headers=HTMX)

    text = _text(response)
    assert "Tại ngày 31/12/2024: Công an tỉnh Long An LA Công an tỉnh Tây Ninh TN" in text
    assert "<html" not in response.content.decode()


def test_it_shows_the_constituents_at_the_end_of_last_year_by_default(
    officer_client: Client, cluster_10: Cluster10
) -> None:
    tay_ninh = cluster_10.units["Tây Ninh"]
    last_year_end = dt.date(dt.date.today().year - 1, 12, 31)  # noqa: DTZ011

    text = _text(officer_client.get(f"/org/units/{tay_ninh.pk}/"))

    assert f"Tại ngày {last_year_end:%d/%m/%Y}:" in text


def test_it_explains_a_badly_typed_constituents_date(
    officer_client: Client, cluster_10: Cluster10
) -> None:
    tay_ninh = cluster_10.units["Tây Ninh"]

    response = officer_client.get(f"/org/units/{tay_ninh.pk}/", {"on": "31-13-2024"}, headers=HTMX)

    assert "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025." in _text(response)


def test_it_shows_a_units_clusters_over_the_years_newest_first(
    officer_client: Client, cluster_10: Cluster10
) -> None:
    long_an = cluster_10.units["Long An"]

    text = _text(officer_client.get(f"/org/units/{long_an.pk}/"))

    assert (
        "2025 Cụm thi đua số 10 Cấp Bộ · Công an các tỉnh miền Đông Nam Bộ 01/01–30/06/2025 "
        "Kết thúc do sắp xếp tổ chức. Cụm trưởng 01/01–30/06/2025 "
        "2024 Cụm thi đua số 10 Cấp Bộ · Công an các tỉnh miền Đông Nam Bộ 01/01–31/12/2024 —"
    ) in text


def test_it_shows_the_parent_and_children_of_a_unit(officer_client: Client) -> None:
    province = _province("TN", "Tây Ninh")
    section = domain.unit_create(
        code="TN-PX03",
        name="Phòng Công tác chính trị",
        short_name="PX03 Tây Ninh",
        kind=UnitKind.PROVINCIAL_SECTION,
        parent=province,
    )

    of_province = officer_client.get(f"/org/units/{province.pk}/").content.decode()
    of_section = officer_client.get(f"/org/units/{section.pk}/").content.decode()

    assert f'<a href="/org/units/{section.pk}/">PX03 Tây Ninh</a>' in of_province
    assert f'<a href="/org/units/{province.pk}/">Công an tỉnh Tây Ninh</a>' in of_section


def test_it_answers_404_for_an_unknown_unit(officer_client: Client) -> None:
    assert officer_client.get("/org/units/999999/").status_code == 404


# ---------------------------------------------------------------------------------------
# Unit create and edit


def _unit_data(**changes: Any) -> dict[str, Any]:
    data = {
        "code": "DN",
        "name": "Công an tỉnh Đồng Nai",
        "short_name": "Đồng Nai",
        "kind": UnitKind.PROVINCIAL_POLICE,
        "parent": "",
        "active_from": "",
        "active_to": "",
    }
    return {**data, **changes}


def test_it_lets_the_office_add_a_unit(office_client: Client) -> None:
    response = office_client.post(
        "/org/units/new/", _unit_data(active_from="01/07/2025"), follow=True
    )

    unit = Unit.objects.get(code="DN")
    assert response.redirect_chain == [(f"/org/units/{unit.pk}/", 302)]
    assert (unit.name, unit.short_name, unit.active_from) == (
        "Công an tỉnh Đồng Nai",
        "Đồng Nai",
        dt.date(2025, 7, 1),
    )
    assert "Đã thêm đơn vị Công an tỉnh Đồng Nai." in _text(response)


def test_it_refuses_a_duplicate_code_in_the_form(office_client: Client) -> None:
    _province("DN", "Đồng Nai")

    response = office_client.post("/org/units/new/", _unit_data(name="Đồng Nai 2"))

    assert response.status_code == 200
    assert "Mã đơn vị “DN” đã được dùng cho đơn vị khác." in _text(response)
    assert Unit.objects.filter(code="DN").count() == 1


def test_it_refuses_a_date_not_typed_as_day_month_year(office_client: Client) -> None:
    response = office_client.post("/org/units/new/", _unit_data(active_from="2025/31/12"))

    assert "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025." in _text(response)
    assert Unit.objects.filter(code="DN").exists() is False


def test_it_lets_the_office_edit_a_unit(office_client: Client) -> None:
    unit = _province("DN", "Đồng Nai")

    response = office_client.post(
        f"/org/units/{unit.pk}/edit/", _unit_data(name="Công an Đồng Nai", short_name="")
    )

    unit.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"/org/units/{unit.pk}/")
    assert (unit.name, unit.short_name) == ("Công an Đồng Nai", "Công an Đồng Nai")


def test_it_refuses_a_parent_cycle_in_the_form(office_client: Client) -> None:
    province = _province("TN", "Tây Ninh")
    section = domain.unit_create(
        code="TN-PX03",
        name="Phòng Công tác chính trị",
        kind=UnitKind.PROVINCIAL_SECTION,
        parent=province,
    )

    response = office_client.post(
        f"/org/units/{province.pk}/edit/",
        _unit_data(code="TN", name="Công an tỉnh Tây Ninh", parent=section.pk),
    )

    province.refresh_from_db()
    text = _text(response)
    assert "Đơn vị cấp trên tạo thành vòng lặp" in text
    assert "Sửa thông tin: Công an tỉnh Tây Ninh" in text
    assert province.parent_id is None


# ---------------------------------------------------------------------------------------
# Lineage


def test_it_lets_the_office_record_a_merger(office_client: Client, office: Unit) -> None:
    long_an, tay_ninh = _province("LA", "Long An"), _province("TN", "Tây Ninh")
    cluster = _cluster(office, 10, 2025, long_an, tay_ninh)

    response = office_client.post(
        "/org/lineage/new/",
        {
            "kind": LineageKind.MERGE,
            "effective_date": "01/07/2025",
            "sources": [long_an.pk],
            "targets": [tay_ninh.pk],
            "decision": "Nghị quyết 202/2025/QH15",
            "note": "",
        },
        follow=True,
    )

    event = LineageEvent.objects.get()
    assert response.redirect_chain == [(f"/org/units/{tay_ninh.pk}/", 302)]
    assert (event.effective_date, event.created_by.username) == (MERGER_DAY, "x03")  # type: ignore[union-attr]
    assert Membership.objects.get(cluster=cluster, unit=long_an).end_date == dt.date(2025, 6, 30)
    assert "Đã ghi nhận hợp nhất, sáp nhập 01/07/2025" in _text(response)


def test_it_shows_why_a_merger_into_itself_is_refused(office_client: Client) -> None:
    long_an = _province("LA", "Long An")

    response = office_client.post(
        "/org/lineage/new/",
        {
            "kind": LineageKind.MERGE,
            "effective_date": "01/07/2025",
            "sources": [long_an.pk],
            "targets": [long_an.pk],
        },
    )

    long_an.refresh_from_db()
    assert response.status_code == 200
    assert "Một đơn vị không thể hợp nhất, chia tách hay đổi tên vào chính nó." in _text(response)
    assert (LineageEvent.objects.count(), long_an.active_to) == (0, None)


def test_it_prefills_the_source_from_the_unit_page(office_client: Client) -> None:
    long_an = _province("LA", "Long An")

    response = office_client.get("/org/lineage/new/", {"sources": long_an.pk})

    assert (
        f'<option value="{long_an.pk}" selected>Long An (LA)</option>' in response.content.decode()
    )


# ---------------------------------------------------------------------------------------
# Who may write


@pytest.fixture
def write_urls(cluster_10: Cluster10) -> dict[str, str]:
    cluster = cluster_10.of_2025
    membership = Membership.objects.filter(cluster=cluster).first()
    assert membership is not None
    unit = cluster_10.units["Đồng Nai"]
    return {
        "unit_create": reverse("org:unit_create"),
        "unit_edit": reverse("org:unit_edit", args=[unit.pk]),
        "lineage_create": reverse("org:lineage_create"),
        "cluster_create": reverse("org:cluster_create"),
        "cluster_edit": reverse("org:cluster_edit", args=[cluster.pk]),
        "membership_add": reverse("org:membership_add", args=[cluster.pk]),
        "membership_end": reverse("org:membership_end", args=[cluster.pk, membership.pk]),
        "role_assign": reverse("org:role_assign", args=[cluster.pk]),
        "handover_create": reverse("org:handover_create", args=[cluster.pk]),
        "start_next_year": reverse("org:start_next_year", args=[cluster.pk]),
    }


@pytest.mark.parametrize(
    "name",
    [
        "unit_create",
        "unit_edit",
        "lineage_create",
        "cluster_create",
        "cluster_edit",
        "membership_add",
        "membership_end",
        "role_assign",
        "handover_create",
        "start_next_year",
    ],
)
def test_it_forbids_a_unit_officer_to_write(
    officer_client: Client, write_urls: dict[str, str], name: str
) -> None:
    counts = (Unit.objects.count(), Cluster.objects.count(), Membership.objects.count())

    get = officer_client.get(write_urls[name])
    post = officer_client.post(write_urls[name], {})

    assert (get.status_code, post.status_code) == (403, 403)
    assert "Bạn không có quyền truy cập nội dung này." in _text(post)
    assert (Unit.objects.count(), Cluster.objects.count(), Membership.objects.count()) == counts


def test_it_forbids_another_office_to_manage_the_cluster(
    cluster_10: Cluster10, write_urls: dict[str, str]
) -> None:
    other = domain.unit_create(
        code="PX03-HN",
        name="Phòng Công tác chính trị Hà Nội",
        kind=UnitKind.PROVINCIAL_SECTION,
        is_emulation_office=True,
    )
    client = _login(UserFactory(username="px03", unit=other, role="officer"))

    assert client.get(write_urls["membership_add"]).status_code == 403


# ---------------------------------------------------------------------------------------
# Cluster list


def test_it_lists_the_latest_years_clusters_with_head_and_deputy(
    officer_client: Client, cluster_10: Cluster10
) -> None:
    response = officer_client.get("/org/clusters/")

    text = _text(response)
    assert "1 cụm · năm 2025" in text
    assert "Thành viên, cụm trưởng, cụm phó tại ngày 31/12/2025" in text
    assert (
        "Cụm thi đua số 10 · 2025 Công an các tỉnh miền Đông Nam Bộ Cấp Bộ "
        "Cục Công tác chính trị 2 Tây Ninh Đồng Nai"
    ) in text


def test_it_filters_clusters_by_year_and_level(
    officer_client: Client, cluster_10: Cluster10
) -> None:
    of_2024 = officer_client.get("/org/clusters/", {"year": "2024"}, headers=HTMX)
    provincial = officer_client.get("/org/clusters/", {"year": "2024", "level": "provincial"})

    assert (
        "Cụm thi đua số 10 · 2024 Công an các tỉnh miền Đông Nam Bộ Cấp Bộ "
        "Cục Công tác chính trị 4 Tây Ninh Bình Phước"
    ) in _text(of_2024)
    assert "<html" not in of_2024.content.decode()
    assert "Không có cụm nào ở cấp đã chọn trong năm này." in _text(provincial)


def test_it_shows_the_create_button_to_offices_only(
    office_client: Client, officer_client: Client, cluster_10: Cluster10
) -> None:
    admin_client = _login(AdminFactory())

    assert 'href="/org/clusters/new/"' in office_client.get("/org/clusters/").content.decode()
    assert 'href="/org/clusters/new/"' in admin_client.get("/org/clusters/").content.decode()
    assert 'href="/org/clusters/new/"' not in officer_client.get("/org/clusters/").content.decode()


def test_it_hides_another_provinces_clusters(officer_client: Client, office: Unit) -> None:
    tay_ninh = _province("TN", "Tây Ninh")
    domain.cluster_create(
        year=2025,
        level=ClusterLevel.PROVINCIAL,
        province=tay_ninh,
        number=1,
        managing_office=office,
        name="Công an các xã biên giới",
    )

    response = officer_client.get("/org/clusters/")

    assert "Công an các xã biên giới" not in _text(response)


def _cluster_list_queries(client: Client, office: Unit, count: int) -> int:
    year = 2030 + count
    for number in range(1, count + 1):
        members = [_province(f"{year}-{number}-{n}", f"Tỉnh {year} {number} {n}") for n in range(3)]
        cluster = _cluster(office, number, year, *members)
        domain.role_assign(cluster=cluster, unit=members[0], role=RoleKind.HEAD)
        domain.role_assign(cluster=cluster, unit=members[1], role=RoleKind.DEPUTY)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/org/clusters/", {"year": year})
    assert _text(response).count("Cụm thi đua số") == count
    return len(queries.captured_queries)


def test_it_lists_clusters_in_the_same_number_of_queries_whatever_their_number(
    office_client: Client, office: Unit
) -> None:
    assert _cluster_list_queries(office_client, office, 3) == _cluster_list_queries(
        office_client, office, 12
    )


# ---------------------------------------------------------------------------------------
# Cluster page


def test_it_shows_both_head_periods_after_the_merger(
    officer_client: Client, cluster_10: Cluster10
) -> None:
    response = officer_client.get(f"/org/clusters/{cluster_10.of_2025.pk}/")

    text = _text(response)
    assert "Cụm thi đua số 10 – năm 2025 Công an các tỉnh miền Đông Nam Bộ" in text
    assert (
        "Cụm trưởng Long An Bàn giao tại hội nghị tổng kết 01/01–30/06/2025 "
        "Tây Ninh Đơn vị kế thừa sau hợp nhất 01/07–31/12/2025 "
        "Cụm phó Đồng Nai Bàn giao tại hội nghị tổng kết 01/01–31/12/2025"
    ) in text


def test_it_shows_when_and_why_a_membership_ended_early(
    officer_client: Client, cluster_10: Cluster10
) -> None:
    text = _text(officer_client.get(f"/org/clusters/{cluster_10.of_2025.pk}/"))

    assert "Long An Công an tỉnh Long An đến 30/06/2025 Kết thúc do sắp xếp tổ chức." in text
    assert "Tây Ninh Công an tỉnh Tây Ninh Cả năm Cụm trưởng 01/07–31/12/2025" in text


def test_it_shows_the_handovers_in_and_out_and_the_other_years(
    officer_client: Client, cluster_10: Cluster10
) -> None:
    of_2024 = officer_client.get(f"/org/clusters/{cluster_10.of_2024.pk}/")
    of_2025 = officer_client.get(f"/org/clusters/{cluster_10.of_2025.pk}/")

    assert (
        "Bàn giao cho năm 2025 Tại hội nghị tổng kết ngày 28/11/2024: "
        "Cụm trưởng Long An Cụm phó Đồng Nai Xem cụm năm 2025"
    ) in _text(of_2024)
    assert "Nhận bàn giao từ năm 2024 Tại hội nghị tổng kết ngày 28/11/2024:" in _text(of_2025)
    assert f'href="/org/clusters/{cluster_10.of_2024.pk}/"' in of_2025.content.decode()
    assert "Qua các năm Cụm 10 – năm 2024" in _text(of_2025)


def test_it_shows_the_management_buttons_to_the_office_only(
    office_client: Client, officer_client: Client, cluster_10: Cluster10
) -> None:
    url = f"/org/clusters/{cluster_10.of_2025.pk}/"

    for_office = office_client.get(url).content.decode()
    for_officer = officer_client.get(url).content.decode()

    for testid in ("member-add", "role-assign", "handover-add", "start-next-year"):
        assert f'data-testid="{testid}"' in for_office
        assert f'data-testid="{testid}"' not in for_officer


def test_it_alerts_the_office_to_a_role_left_without_a_successor(
    office_client: Client, officer_client: Client, office: Unit
) -> None:
    brvt, hcm = _province("BRVT", "Bà Rịa – Vũng Tàu"), _province("HCM", "TP. Hồ Chí Minh")
    cluster = _cluster(office, 8, 2025, brvt)
    domain.role_assign(cluster=cluster, unit=brvt, role=RoleKind.HEAD)
    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[brvt], targets=[hcm]
    )

    for_office = _text(office_client.get(f"/org/clusters/{cluster.pk}/"))
    for_officer = _text(officer_client.get(f"/org/clusters/{cluster.pk}/"))
    home = _text(office_client.get("/"))

    expected = (
        "Cần phân công lại Cụm trưởng từ ngày 01/07/2025: Bà Rịa – Vũng Tàu đã thôi hoạt động "
        "và đơn vị kế thừa không thuộc cụm."
    )
    assert expected in for_office
    assert "Cần phân công lại" not in for_officer
    assert (
        "Cụm thi đua số 8 (2025): phân công lại cụm trưởng từ 01/07/2025 "
        "Bà Rịa – Vũng Tàu đã sáp nhập; đơn vị kế thừa không thuộc cụm."
    ) in home


# ---------------------------------------------------------------------------------------
# Cluster writes


def test_it_swaps_the_add_member_form_into_the_cluster_page(
    office_client: Client, office: Unit
) -> None:
    cluster = _cluster(office, 1, 2025)
    _province("HN", "Hà Nội")

    response = office_client.get(f"/org/clusters/{cluster.pk}/members/add/", headers=HTMX)

    content = response.content.decode()
    assert "<html" not in content
    assert f'hx-post="/org/clusters/{cluster.pk}/members/add/"' in content
    assert 'value="01/01/2025"' in content
    assert 'value="31/12/2025"' in content


def test_it_lets_the_office_add_a_member(office_client: Client, office: Unit) -> None:
    cluster = _cluster(office, 1, 2025)
    hanoi = _province("HN", "Hà Nội")

    response = office_client.post(
        f"/org/clusters/{cluster.pk}/members/add/",
        {"unit": hanoi.pk, "start_date": "", "end_date": "", "note": ""},
        headers=HTMX,
    )

    membership = Membership.objects.get(cluster=cluster)
    assert (response.status_code, response["HX-Redirect"]) == (200, f"/org/clusters/{cluster.pk}/")
    assert (membership.unit, membership.start_date, membership.end_date) == (
        hanoi,
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )


def test_it_refuses_a_member_already_in_another_cluster_of_the_level(
    office_client: Client, office: Unit
) -> None:
    hanoi = _province("HN", "Hà Nội")
    _cluster(office, 1, 2025, hanoi)
    other = _cluster(office, 2, 2025)

    response = office_client.post(
        f"/org/clusters/{other.pk}/members/add/",
        {"unit": hanoi.pk, "start_date": "01/03/2025", "end_date": "31/12/2025"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert (
        "Hà Nội đã là thành viên của Cụm thi đua số 1 (2025) trong thời gian này; "
        "một đơn vị chỉ thuộc một cụm ở mỗi cấp."
    ) in _text(response)
    assert Membership.objects.filter(cluster=other).count() == 0


def test_it_lets_the_office_end_a_membership(office_client: Client, office: Unit) -> None:
    hanoi = _province("HN", "Hà Nội")
    cluster = _cluster(office, 1, 2025, hanoi)
    membership = Membership.objects.get(cluster=cluster)

    response = office_client.post(
        f"/org/clusters/{cluster.pk}/members/{membership.pk}/end/", {"end_date": "30/09/2025"}
    )

    membership.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"/org/clusters/{cluster.pk}/")
    assert membership.end_date == dt.date(2025, 9, 30)


def test_it_refuses_to_end_the_membership_of_the_head(
    office_client: Client, cluster_10: Cluster10
) -> None:
    cluster = cluster_10.of_2025
    membership = Membership.objects.get(cluster=cluster, unit=cluster_10.units["Đồng Nai"])

    response = office_client.post(
        f"/org/clusters/{cluster.pk}/members/{membership.pk}/end/",
        {"end_date": "30/09/2025"},
        headers=HTMX,
    )

    membership.refresh_from_db()
    assert (
        "Đồng Nai đang là cụm trưởng hoặc cụm phó sau ngày này; hãy phân công lại trước."
        in _text(response)
    )
    assert membership.end_date == dt.date(2025, 12, 31)


def test_it_answers_404_for_a_membership_of_another_cluster(
    office_client: Client, office: Unit
) -> None:
    hanoi = _province("HN", "Hà Nội")
    _cluster(office, 1, 2025, hanoi)
    other = _cluster(office, 2, 2025)
    membership = Membership.objects.get(unit=hanoi)

    response = office_client.get(f"/org/clusters/{other.pk}/members/{membership.pk}/end/")

    assert response.status_code == 404


def test_it_lets_the_office_assign_a_head_from_a_date(office_client: Client, office: Unit) -> None:
    hanoi, hcm = _province("HN", "Hà Nội"), _province("HCM", "TP. Hồ Chí Minh")
    cluster = _cluster(office, 1, 2025, hanoi, hcm)
    domain.role_assign(cluster=cluster, unit=hanoi, role=RoleKind.HEAD)

    response = office_client.post(
        f"/org/clusters/{cluster.pk}/roles/assign/",
        {"unit": hcm.pk, "role": RoleKind.HEAD, "start_date": "01/07/2025", "end_date": ""},
        follow=True,
    )

    periods = [
        (r.unit.short_name, r.start_date, r.end_date)
        for r in ClusterRole.objects.filter(cluster=cluster).order_by("start_date")
    ]
    assert periods == [
        ("Hà Nội", dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        ("TP. Hồ Chí Minh", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
    ]
    assert "TP. Hồ Chí Minh là cụm trưởng từ 01/07/2025 đến 31/12/2025." in _text(response)


def test_it_refuses_a_head_role_for_a_unit_that_left(
    office_client: Client, cluster_10: Cluster10
) -> None:
    cluster = cluster_10.of_2025
    before = ClusterRole.objects.filter(cluster=cluster).count()

    response = office_client.post(
        f"/org/clusters/{cluster.pk}/roles/assign/",
        {"unit": cluster_10.units["Bình Phước"].pk, "role": RoleKind.DEPUTY},
        headers=HTMX,
    )

    assert (
        "Bình Phước không phải thành viên của cụm trong suốt thời gian 01/01/2025 – 31/12/2025."
    ) in _text(response)
    assert ClusterRole.objects.filter(cluster=cluster).count() == before


def test_it_lets_the_office_record_the_year_end_handover(
    office_client: Client, cluster_10: Cluster10
) -> None:
    cluster = cluster_10.of_2025
    dong_nai, tay_ninh = cluster_10.units["Đồng Nai"], cluster_10.units["Tây Ninh"]

    response = office_client.post(
        f"/org/clusters/{cluster.pk}/handover/",
        {"head": dong_nai.pk, "deputy": tay_ninh.pk, "conference_date": "27/11/2025", "note": ""},
    )

    handover = Handover.objects.get(from_cluster=cluster)
    assert response.status_code == 302
    assert (handover.to_cluster.year, handover.head, handover.deputy) == (2026, dong_nai, tay_ninh)
    assert domain.roles_on(cluster=handover.to_cluster, on=dt.date(2026, 1, 1)) == {
        "head": dong_nai,
        "deputy": tay_ninh,
    }


def test_it_refuses_the_same_unit_as_head_and_deputy(
    office_client: Client, cluster_10: Cluster10
) -> None:
    dong_nai = cluster_10.units["Đồng Nai"]

    response = office_client.post(
        f"/org/clusters/{cluster_10.of_2025.pk}/handover/",
        {"head": dong_nai.pk, "deputy": dong_nai.pk, "conference_date": "27/11/2025"},
        headers=HTMX,
    )

    assert "Cụm trưởng và cụm phó phải là hai đơn vị khác nhau." in _text(response)
    assert (Handover.objects.count(), Cluster.objects.filter(year=2026).count()) == (1, 0)


def test_it_shows_next_years_plan_with_the_replacements(
    office_client: Client, cluster_10: Cluster10
) -> None:
    response = office_client.get(f"/org/clusters/{cluster_10.of_2025.pk}/next-year/")

    text = _text(response)
    content = response.content.decode()
    assert "Bình Phước → Đồng Nai (sáp nhập 01/07/2025)" in text
    assert "Long An → Tây Ninh (sáp nhập 01/07/2025)" in text
    for unit in (cluster_10.units["Đồng Nai"], cluster_10.units["Tây Ninh"]):
        assert f'name="members" value="{unit.pk}" checked' in content
    assert f'value="{cluster_10.units["Long An"].pk}"' not in content


def test_it_lists_a_dissolved_member_as_dropped(office_client: Client, office: Unit) -> None:
    a, b = _province("A", "Tỉnh A"), _province("B", "Tỉnh B")
    cluster = _cluster(office, 3, 2025, a, b)
    domain.lineage_record(kind=LineageKind.DISSOLVE, effective_date=MERGER_DAY, sources=[a])

    text = _text(office_client.get(f"/org/clusters/{cluster.pk}/next-year/"))

    assert (
        "Tỉnh A (giải thể 01/07/2025) Không có đơn vị kế thừa duy nhất: không đưa vào cụm năm sau."
    ) in text


def test_it_starts_next_year_with_the_checked_members(
    office_client: Client, cluster_10: Cluster10
) -> None:
    tay_ninh = cluster_10.units["Tây Ninh"]

    response = office_client.post(
        f"/org/clusters/{cluster_10.of_2025.pk}/next-year/", {"members": [tay_ninh.pk]}, follow=True
    )

    following = Cluster.objects.get(year=2026, number=10)
    assert response.redirect_chain == [(f"/org/clusters/{following.pk}/", 302)]
    assert domain.members_on(cluster=following, on=following.start) == [tay_ninh]
    assert "Đã tạo Cụm thi đua số 10 năm 2026 với 1 thành viên." in _text(response)


def test_it_says_when_next_year_already_exists(
    office_client: Client, cluster_10: Cluster10
) -> None:
    response = office_client.post(f"/org/clusters/{cluster_10.of_2024.pk}/next-year/", {})

    assert response.status_code == 200
    assert "Cụm thi đua số 10 năm 2025 đã được tạo." in _text(response)
    assert Cluster.objects.filter(number=10).count() == 2


# ---------------------------------------------------------------------------------------
# Cluster create and edit


def _cluster_data(**changes: Any) -> dict[str, Any]:
    data = {
        "year": "2026",
        "level": ClusterLevel.MINISTRY,
        "province": "",
        "number": "5",
        "name": "Công an các tỉnh Tây Nguyên",
        "note": "",
    }
    return {**data, **changes}


def test_it_creates_a_cluster_managed_by_the_office_that_makes_it(
    office_client: Client, office: Unit
) -> None:
    elsewhere = domain.unit_create(
        code="PX03-HN",
        name="PX03 Hà Nội",
        kind=UnitKind.PROVINCIAL_SECTION,
        is_emulation_office=True,
    )

    response = office_client.post(
        "/org/clusters/new/", _cluster_data(managing_office=elsewhere.pk), follow=True
    )

    cluster = Cluster.objects.get()
    assert response.redirect_chain == [(f"/org/clusters/{cluster.pk}/", 302)]
    assert (cluster.year, cluster.number, cluster.managing_office) == (2026, 5, office)
    assert "Đã tạo Cụm thi đua số 5 (2026)." in _text(response)


def test_it_lets_the_administrator_choose_the_managing_office(office: Unit) -> None:
    client = _login(AdminFactory())

    response = client.post("/org/clusters/new/", _cluster_data(managing_office=office.pk))

    assert response.status_code == 302
    assert Cluster.objects.get().managing_office == office


def test_it_refuses_a_cluster_number_already_used_that_year(
    office_client: Client, office: Unit
) -> None:
    _cluster(office, 5, 2026)

    response = office_client.post("/org/clusters/new/", _cluster_data())

    assert "Đã có Cụm thi đua số 5 năm 2026 ở cấp này." in _text(response)
    assert Cluster.objects.count() == 1


def test_it_refuses_a_provincial_cluster_without_a_province(office_client: Client) -> None:
    response = office_client.post(
        "/org/clusters/new/", _cluster_data(level=ClusterLevel.PROVINCIAL)
    )

    assert "Cụm cấp tỉnh phải thuộc một Công an tỉnh, thành phố." in _text(response)
    assert Cluster.objects.count() == 0


def test_it_lets_the_office_edit_its_cluster(office_client: Client, office: Unit) -> None:
    cluster = _cluster(office, 5, 2026)

    response = office_client.post(
        f"/org/clusters/{cluster.pk}/edit/",
        {"number": "6", "name": "Khối Tây Nguyên", "note": "Ghi chú"},
    )

    cluster.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"/org/clusters/{cluster.pk}/")
    assert (cluster.number, cluster.name, cluster.note, cluster.managing_office) == (
        6,
        "Khối Tây Nguyên",
        "Ghi chú",
        office,
    )


def test_it_keeps_the_cluster_unchanged_when_the_edit_is_refused(
    office_client: Client, office: Unit
) -> None:
    _cluster(office, 5, 2026)
    cluster = _cluster(office, 6, 2026)

    response = office_client.post(f"/org/clusters/{cluster.pk}/edit/", {"number": "5", "name": "X"})

    cluster.refresh_from_db()
    text = _text(response)
    assert "Đã có Cụm thi đua số 5 năm 2026 ở cấp này." in text
    assert "Sửa Cụm thi đua số 6 – năm 2026" in text
    assert (cluster.number, cluster.name) == (6, "")
