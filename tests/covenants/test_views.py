"""The covenant pages: who sees and edits what, the editor, the target grid, signing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from thidua.covenants import domain
from thidua.covenants.domain import Shape
from thidua.covenants.models import (
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionKind,
    Indicator,
    Movement,
    MovementKind,
    Signature,
    UnitTarget,
)
from thidua.org import domain as org
from thidua.org.models import Cluster, ClusterLevel, RoleKind, Unit, UnitKind

pytestmark = pytest.mark.django_db

SIGNED_ON = dt.date(2025, 3, 4)
HTMX = {"HX-Request": "true"}
CONFLICT = "Giao ước vừa được người khác sửa"


# ---------------------------------------------------------------------------------------
# Arrange: a Ministry cluster of three provinces headed by Sơn La, and one outside it


def _province(code: str, name: str) -> Unit:
    return org.unit_create(
        code=code, name=f"Công an tỉnh {name}", short_name=name, kind=UnitKind.PROVINCIAL_POLICE
    )


@pytest.fixture
def office() -> Unit:
    return org.unit_create(
        code="CTCT",
        name="Cục Công tác đảng và công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        is_emulation_office=True,
    )


@pytest.fixture
def units() -> dict[str, Unit]:
    return {
        "SLA": _province("SLA", "Sơn La"),
        "LCA": _province("LCA", "Lào Cai"),
        "DBI": _province("DBI", "Điện Biên"),
    }


@pytest.fixture
def outsider() -> Unit:
    return _province("HNI", "Hà Nội")


def _cluster(office: Unit, number: int, members: list[Unit], year: int = 2025) -> Cluster:
    cluster = org.cluster_create(
        year=year, level=ClusterLevel.MINISTRY, number=number, managing_office=office
    )
    for unit in members:
        org.membership_add(cluster=cluster, unit=unit)
    return cluster


@pytest.fixture
def cluster(office: Unit, units: dict[str, Unit]) -> Cluster:
    cluster = _cluster(office, 2, list(units.values()))
    org.role_assign(cluster=cluster, unit=units["SLA"], role=RoleKind.HEAD)
    return cluster


@pytest.fixture
def other_cluster(office: Unit, outsider: Unit) -> Cluster:
    return _cluster(office, 1, [outsider])


@pytest.fixture
def movement() -> Movement:
    return domain.movement_create(
        name="Phong trào thi đua “Vì an ninh Tổ quốc” năm 2025",
        kind=MovementKind.REGULAR,
        year=2025,
    )


@pytest.fixture
def covenant(cluster: Cluster, movement: Movement) -> Covenant:
    return domain.covenant_create(
        cluster=cluster,
        movement=movement,
        theme="Gương mẫu đi đầu, tăng tốc bứt phá",
        signing_date=SIGNED_ON,
        signing_place="Sơn La",
    )


@pytest.fixture
def clearance() -> Indicator:
    return domain.indicator_save(
        indicator=Indicator(
            code="ty-le-dieu-tra-kham-pha-an",
            name_vi="tỷ lệ điều tra, khám phá án",
            name_en="the crime clearance rate",
            unit_vi="%",
            unit_en="%",
            higher_is_better=True,
            numerator_vi="số vụ án được điều tra, khám phá",
            numerator_en="cases cleared",
            denominator_vi="số vụ án xảy ra",
            denominator_en="cases that occurred",
        )
    )


@pytest.fixture
def crimes() -> Indicator:
    return domain.indicator_save(
        indicator=Indicator(
            code="toi-pham-ttxh",
            name_vi="số vụ phạm tội về trật tự xã hội",
            name_en="the number of crimes against social order",
            unit_vi="vụ",
            unit_en="cases",
            higher_is_better=False,
        )
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def head_officer(units: dict[str, Unit]) -> Client:
    """An officer of the head unit: runs the cluster."""
    return _client(UserFactory(username="canbo.sonla", unit=units["SLA"], role="officer"))


@pytest.fixture
def office_officer(office: Unit) -> Client:
    return _client(UserFactory(username="canbo.ctct", unit=office, role="officer"))


@pytest.fixture
def member_officer(units: dict[str, Unit]) -> Client:
    """An officer of a member unit that is neither head nor deputy: reads only."""
    return _client(UserFactory(username="canbo.dienbien", unit=units["DBI"], role="officer"))


@pytest.fixture
def lca_leader(units: dict[str, Unit]) -> Client:
    return _client(
        UserFactory(
            username="lanhdao.laocai", unit=units["LCA"], role="leader", full_name="Nguyễn Văn A"
        )
    )


@pytest.fixture
def outsider_officer(outsider: Unit, other_cluster: Cluster) -> Client:
    return _client(UserFactory(username="canbo.hanoi", unit=outsider, role="officer"))


def _rate_leaf(
    covenant: Covenant,
    clearance: Indicator,
    parent: Criterion | None = None,
    points: int = 100,
    code: str = "1",
) -> Criterion:
    target = domain.build_target(
        shape=Shape.RATE_STRICT, indicators=[clearance], number=Decimal(75)
    )
    return domain.criterion_add(
        covenant=covenant, parent=parent, code=code, title="Điều tra, khám phá án",
        kind=CriterionKind.QUANTITATIVE, max_points=Decimal(points), target=target,
        indicators=[clearance],
    )  # fmt: skip


def _group(covenant: Covenant, code: str = "I", points: int = 1000) -> Criterion:
    return domain.criterion_add(
        covenant=covenant, parent=None, code=code, title="Công tác bảo đảm an ninh, trật tự",
        kind=CriterionKind.GROUP, max_points=Decimal(points),
    )  # fmt: skip


def _version(covenant: Covenant) -> int:
    covenant.refresh_from_db()
    return covenant.version


def _add_data(covenant: Covenant, **fields: Any) -> dict[str, Any]:
    data = {"version": _version(covenant), "code": "I", "title": "Nội dung", "kind": "group",
            "max_points": "100"}  # fmt: skip
    data.update(fields)
    return data


def _full_leaf(covenant: Covenant, clearance: Indicator) -> Criterion:
    """A leaf worth the whole scale: a covenant is opened for signing only when complete."""
    return _rate_leaf(covenant, clearance, points=1000)


def _sign_all(covenant: Covenant, units: dict[str, Unit]) -> None:
    domain.covenant_open_for_signing(covenant=covenant)
    for unit in units.values():
        domain.covenant_sign(
            covenant=covenant, unit=unit, signer_name="Lê Văn B", signer_title="Giám đốc",
            signed_on=SIGNED_ON,
        )  # fmt: skip


# ---------------------------------------------------------------------------------------
# Who sees what


PAGES = ["covenant_detail", "covenant_edit", "target_grid", "signing"]


@pytest.mark.parametrize("name", PAGES)
def test_it_renders_every_covenant_page_for_the_cluster_head(
    head_officer: Client, covenant: Covenant, clearance: Indicator, name: str
) -> None:
    _rate_leaf(covenant, clearance, _group(covenant))

    response = head_officer.get(reverse(f"covenants:{name}", args=[covenant.pk]))

    assert response.status_code == 200
    assert "Cụm thi đua số 2" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_it_renders_every_covenant_page_for_the_emulation_office(
    office_officer: Client, covenant: Covenant, name: str
) -> None:
    response = office_officer.get(reverse(f"covenants:{name}", args=[covenant.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_it_hides_every_covenant_page_from_an_officer_of_another_cluster(
    outsider_officer: Client, covenant: Covenant, name: str
) -> None:
    response = outsider_officer.get(reverse(f"covenants:{name}", args=[covenant.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [("covenant_detail", 200), ("target_grid", 200), ("signing", 200), ("covenant_edit", 403)],
)
def test_it_lets_a_member_read_but_not_edit(
    member_officer: Client, covenant: Covenant, name: str, status: int
) -> None:
    response = member_officer.get(reverse(f"covenants:{name}", args=[covenant.pk]))

    assert response.status_code == status


def test_it_refuses_a_criterion_from_a_member_who_does_not_run_the_cluster(
    member_officer: Client, covenant: Covenant
) -> None:
    response = member_officer.post(
        reverse("covenants:criterion_add", args=[covenant.pk]), _add_data(covenant)
    )

    assert response.status_code == 403
    assert Criterion.objects.count() == 0


def test_it_sends_anonymous_visitors_to_the_login_page(covenant: Covenant) -> None:
    response = Client().get(reverse("covenants:covenant_detail", args=[covenant.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_the_grid_read_only_to_a_member(
    member_officer: Client, covenant: Covenant, clearance: Indicator
) -> None:
    _rate_leaf(covenant, clearance)

    body = member_officer.get(reverse("covenants:target_grid", args=[covenant.pk])).content.decode()

    assert "&gt; 75%" in body
    assert "hx-get" not in body.split('data-testid="target-grid"')[1]


# ---------------------------------------------------------------------------------------
# The list and creation


def test_it_lists_covenants_by_year_with_their_signatures(
    head_officer: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    _full_leaf(covenant, clearance)
    domain.covenant_open_for_signing(covenant=covenant)
    domain.covenant_sign(
        covenant=covenant, unit=units["LCA"], signer_name="A", signer_title="Giám đốc",
        signed_on=SIGNED_ON,
    )  # fmt: skip

    body = head_officer.get(reverse("covenants:covenant_list")).content.decode()

    assert "Năm 2025" in body
    assert 'data-testid="sign-count">1/3<' in body
    assert "Đang ký" in body


def test_it_offers_to_create_the_covenant_of_a_cluster_the_user_runs(
    head_officer: Client, cluster: Cluster
) -> None:
    body = head_officer.get(reverse("covenants:covenant_list")).content.decode()

    assert reverse("covenants:covenant_create", args=[cluster.pk]) in body
    assert "Lập giao ước" in body


def test_it_offers_no_creation_to_a_member(member_officer: Client, cluster: Cluster) -> None:
    body = member_officer.get(reverse("covenants:covenant_list")).content.decode()

    assert reverse("covenants:covenant_create", args=[cluster.pk]) not in body


def test_it_creates_a_blank_covenant(
    head_officer: Client, cluster: Cluster, movement: Movement, units: dict[str, Unit]
) -> None:
    response = head_officer.post(
        reverse("covenants:covenant_create", args=[cluster.pk]),
        {"mode": "blank", "movement": movement.pk, "theme": "Tăng tốc bứt phá",
         "signing_date": "04/03/2025", "signing_place": "Sơn La", "host_unit": units["SLA"].pk,
         "scale": "1.000"},
    )  # fmt: skip

    covenant = Covenant.objects.get(cluster=cluster)
    assert response.status_code == 302
    assert response["Location"] == reverse("covenants:covenant_edit", args=[covenant.pk])
    assert (covenant.scale, covenant.signing_date, covenant.host_unit) == (
        Decimal(1000), SIGNED_ON, units["SLA"],
    )  # fmt: skip


def test_it_refuses_a_signing_date_outside_the_year(
    head_officer: Client, cluster: Cluster, movement: Movement
) -> None:
    response = head_officer.post(
        reverse("covenants:covenant_create", args=[cluster.pk]),
        {"mode": "blank", "movement": movement.pk, "signing_date": "04/03/2024", "scale": "1000"},
    )

    assert response.status_code == 200
    assert "Ngày ký phải thuộc năm 2025." in response.content.decode()
    assert Covenant.objects.count() == 0


def test_it_copies_last_years_covenant_as_the_default(
    head_officer: Client,
    office: Unit,
    units: dict[str, Unit],
    cluster: Cluster,
    movement: Movement,
    clearance: Indicator,
) -> None:
    last_year = _cluster(office, 2, list(units.values()), year=2024)
    old = domain.covenant_create(
        cluster=last_year,
        movement=domain.movement_create(name="Năm 2024", kind=MovementKind.REGULAR, year=2024),
    )
    _rate_leaf(old, clearance, _group(old))
    url = reverse("covenants:covenant_create", args=[cluster.pk])

    page = head_officer.get(url).content.decode()
    response = head_officer.post(url, {"mode": "copy", "source": old.pk, "movement": movement.pk})

    assert f'<option value="{old.pk}" selected>' in page
    copied = Covenant.objects.get(cluster=cluster)
    assert response.status_code == 302
    assert (copied.created_from, copied.movement) == (old, movement)
    assert list(copied.criteria.order_by("code").values_list("code", flat=True)) == ["1", "I"]


def test_it_forbids_creation_to_a_member(member_officer: Client, cluster: Cluster) -> None:
    response = member_officer.get(reverse("covenants:covenant_create", args=[cluster.pk]))

    assert response.status_code == 403


# ---------------------------------------------------------------------------------------
# The read view


def test_it_shows_the_document_header_and_the_tree(
    member_officer: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    leaf = _rate_leaf(covenant, clearance, _group(covenant))
    domain.unit_target_set(criterion=leaf, unit=units["DBI"], target=None)

    body = member_officer.get(
        reverse("covenants:covenant_detail", args=[covenant.pk])
    ).content.decode()

    assert "“Gương mẫu đi đầu, tăng tốc bứt phá”" in body
    assert "Sơn La, ngày 04 tháng 3 năm 2025" in body
    assert "Tỷ lệ điều tra, khám phá án đạt trên 75%" in body
    assert "Điện Biên</span>: <em>không giao chỉ tiêu</em>" in body
    assert 'data-testid="points-total">1.000 / 1.000<' in body
    assert body.count("Chưa ký") == 3
    assert "Soạn thảo" not in body.split('data-testid="covenant-document"')[1]


# ---------------------------------------------------------------------------------------
# The editor


def test_it_adds_a_group_and_a_rate_leaf_that_the_read_view_states(
    head_officer: Client, covenant: Covenant, clearance: Indicator
) -> None:
    url = reverse("covenants:criterion_add", args=[covenant.pk])

    group = head_officer.post(url, _add_data(covenant, code="I", max_points="1.000"), headers=HTMX)
    parent = Criterion.objects.get(code="I")
    leaf = head_officer.post(
        url,
        _add_data(
            covenant, parent=parent.pk, code="1", title="Điều tra, khám phá án",
            kind="quantitative", max_points="100", indicator_1=clearance.pk,
            shape=Shape.RATE_STRICT, number="75",
        ),
        headers=HTMX,
    )  # fmt: skip
    detail = head_officer.get(reverse("covenants:covenant_detail", args=[covenant.pk]))

    assert group.status_code == 200
    assert "Đã thêm “I. Nội dung”." in group.content.decode()
    assert "Đã thêm “1. Điều tra, khám phá án”." in leaf.content.decode()
    assert 'data-testid="group-fill">100 / 1.000<' in leaf.content.decode()
    assert "Tỷ lệ điều tra, khám phá án đạt trên 75%" in detail.content.decode()
    assert Criterion.objects.get(code="1").parent == parent


def test_it_sends_the_new_version_to_every_form_of_the_page(
    head_officer: Client, covenant: Covenant
) -> None:
    response = head_officer.post(
        reverse("covenants:criterion_add", args=[covenant.pk]), _add_data(covenant), headers=HTMX
    )

    body = response.content.decode()
    version = _version(covenant)
    assert f'value="{version}" class="covenant-version" hx-swap-oob' in body
    assert 'id="criterion-add-panel" hx-swap-oob="innerHTML"' in body
    assert f'name="version" value="{version}" class="covenant-version" id="add_version"' in body


def test_it_refuses_points_over_the_scale_and_saves_nothing(
    head_officer: Client, covenant: Covenant
) -> None:
    version = _version(covenant)

    response = head_officer.post(
        reverse("covenants:criterion_add", args=[covenant.pk]),
        _add_data(covenant, max_points="1.200"),
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#criterion-add-panel"
    assert "Tổng điểm các nội dung (1.200) vượt thang điểm 1.000." in response.content.decode()
    assert Criterion.objects.count() == 0
    assert _version(covenant) == version


def test_it_refuses_children_over_their_group(
    head_officer: Client, covenant: Covenant, clearance: Indicator
) -> None:
    group = _group(covenant, points=50)

    response = head_officer.post(
        reverse("covenants:criterion_add", args=[covenant.pk]),
        _add_data(covenant, parent=group.pk, code="1", kind="qualitative", max_points="60"),
    )

    assert (
        "Tổng điểm các tiêu chí con của “I” (60) vượt điểm tối đa 50." in response.content.decode()
    )
    assert Criterion.objects.count() == 1


def test_it_refuses_a_stale_version(head_officer: Client, covenant: Covenant) -> None:
    stale = _version(covenant)
    _group(covenant, code="I", points=100)

    response = head_officer.post(
        reverse("covenants:criterion_add", args=[covenant.pk]),
        _add_data(covenant, code="II", version=stale),
    )

    assert CONFLICT in response.content.decode()
    assert list(Criterion.objects.values_list("code", flat=True)) == ["I"]


def test_it_refuses_a_stale_version_of_the_covenant_fields(
    head_officer: Client, covenant: Covenant, movement: Movement
) -> None:
    stale = _version(covenant)
    _group(covenant)

    response = head_officer.post(
        reverse("covenants:covenant_edit", args=[covenant.pk]),
        {"version": stale, "movement": movement.pk, "theme": "Khác", "scale": "1000",
         "tie_break": "default"},
    )  # fmt: skip

    assert CONFLICT in response.content.decode()
    covenant.refresh_from_db()
    assert covenant.theme == "Gương mẫu đi đầu, tăng tốc bứt phá"


def test_it_saves_the_covenant_fields(
    head_officer: Client, covenant: Covenant, movement: Movement, units: dict[str, Unit]
) -> None:
    response = head_officer.post(
        reverse("covenants:covenant_edit", args=[covenant.pk]),
        {"version": _version(covenant), "movement": movement.pk, "theme": "Kỷ cương, bứt phá",
         "signing_date": "05/03/2025", "signing_place": "Điện Biên", "host_unit": units["DBI"].pk,
         "scale": "1.000", "tie_break": "none", "document_number": "01/GƯ"},
    )  # fmt: skip

    covenant.refresh_from_db()
    assert response.status_code == 302
    assert (covenant.theme, covenant.signing_date, covenant.host_unit, covenant.tie_break) == (
        "Kỷ cương, bứt phá", dt.date(2025, 3, 5), units["DBI"], "none",
    )  # fmt: skip


def test_it_restores_the_default_tie_break_rule(
    head_officer: Client, covenant: Covenant, movement: Movement
) -> None:
    url = reverse("covenants:covenant_edit", args=[covenant.pk])
    data = {"movement": movement.pk, "scale": "1000"}
    head_officer.post(url, {**data, "version": _version(covenant), "tie_break": "none"})

    response = head_officer.post(
        url, {**data, "version": _version(covenant), "tie_break": "default"}
    )

    covenant.refresh_from_db()
    assert response.status_code == 302
    assert covenant.tie_break == "default"


def test_it_edits_a_criterion_inline_and_keeps_its_target(
    head_officer: Client, covenant: Covenant, clearance: Indicator
) -> None:
    leaf = _rate_leaf(covenant, clearance)
    url = reverse("covenants:criterion_edit", args=[covenant.pk, leaf.pk])

    form = head_officer.get(url, headers=HTMX)
    response = head_officer.post(
        url,
        {"version": _version(covenant), "code": "1", "title": "Khám phá án", "kind": "quantitative",
         "max_points": "120", "indicator_1": clearance.pk, "shape": Shape.RATE_STRICT,
         "number": "75"},
        headers=HTMX,
    )  # fmt: skip

    leaf.refresh_from_db()
    assert f'id="crit-{leaf.pk}" class="cov-row-form"' in form.content.decode()
    assert 'value="75"' in form.content.decode()
    assert "Đã lưu “1. Khám phá án”." in response.content.decode()
    assert (leaf.title, leaf.max_points) == ("Khám phá án", Decimal(120))
    assert domain.target_sentence(leaf.target) == "Tỷ lệ điều tra, khám phá án đạt trên 75%"


def test_it_shows_an_inline_edit_error_in_the_row(
    head_officer: Client, covenant: Covenant, clearance: Indicator
) -> None:
    leaf = _rate_leaf(covenant, clearance)

    response = head_officer.post(
        reverse("covenants:criterion_edit", args=[covenant.pk, leaf.pk]),
        {"version": _version(covenant), "code": "1", "title": "Khám phá án", "kind": "quantitative",
         "max_points": "100", "indicator_1": clearance.pk, "shape": Shape.RATE_STRICT,
         "number": "120"},
        headers=HTMX,
    )  # fmt: skip

    assert response["HX-Retarget"] == f"#crit-{leaf.pk}"
    assert "Tỷ lệ không thể vượt quá 100%." in response.content.decode()
    leaf.refresh_from_db()
    assert leaf.title == "Điều tra, khám phá án"


def test_it_saves_the_settings_of_each_kind(head_officer: Client, covenant: Covenant) -> None:
    url = reverse("covenants:criterion_add", args=[covenant.pk])

    head_officer.post(url, _add_data(covenant, code="A", kind="direct", max_points="20",
                                     per_occurrence="5"))  # fmt: skip
    head_officer.post(url, _add_data(covenant, code="B", kind="bonus_penalty", max_points="10",
                                     bonus_items="Bằng khen | +3\nBị phê bình | -3"))  # fmt: skip
    head_officer.post(url, _add_data(covenant, code="C", kind="rank_points", max_points="60",
                                     rank_table="60; 45; 30; 15; 0"))  # fmt: skip

    settings = dict(Criterion.objects.values_list("code", "settings"))
    assert settings == {
        "A": {"per_occurrence": "5"},
        "B": {
            "items": [
                {"label": "Bằng khen", "points": "3"},
                {"label": "Bị phê bình", "points": "-3"},
            ]
        },
        "C": {"table": ["60", "45", "30", "15", "0"]},
    }


def test_it_reads_vietnamese_numbers_in_targets(
    head_officer: Client, covenant: Covenant, crimes: Indicator
) -> None:
    head_officer.post(
        reverse("covenants:criterion_add", args=[covenant.pk]),
        _add_data(covenant, code="1", kind="quantitative", max_points="12,5", indicator_1=crimes.pk,
                  shape=Shape.REDUCE, number="7,5", baseline_year="2024"),
    )  # fmt: skip

    criterion = Criterion.objects.get()
    assert criterion.max_points == Decimal("12.5")
    assert domain.target_sentence(criterion.target) == (
        "Kéo giảm ít nhất 7,5% số vụ phạm tội về trật tự xã hội so với năm 2024"
    )


def test_it_previews_the_target_sentence(
    head_officer: Client, covenant: Covenant, clearance: Indicator
) -> None:
    query = {"preview": "1", "kind": "quantitative", "indicator_1": str(clearance.pk),
             "shape": Shape.RATE_INCLUSIVE, "number": "90"}  # fmt: skip

    response = head_officer.get(
        reverse("covenants:criterion_add", args=[covenant.pk]), query, headers=HTMX
    )

    assert 'data-testid="target-preview">Tỷ lệ điều tra, khám phá án đạt từ 90% trở lên<' in (
        response.content.decode()
    )


def test_it_moves_and_deletes_criteria(head_officer: Client, covenant: Covenant) -> None:
    first = _group(covenant, code="I", points=100)
    second = _group(covenant, code="II", points=100)

    head_officer.post(
        reverse("covenants:criterion_move", args=[covenant.pk, second.pk]),
        {"version": _version(covenant), "offset": "-1"},
        headers=HTMX,
    )
    response = head_officer.post(
        reverse("covenants:criterion_delete", args=[covenant.pk, first.pk]),
        {"version": _version(covenant)},
        headers=HTMX,
    )

    assert "Đã xóa “I. Công tác bảo đảm an ninh, trật tự”." in response.content.decode()
    assert list(Criterion.objects.values_list("code", "position")) == [("II", 0)]


# ---------------------------------------------------------------------------------------
# The target grid


def _target_url(covenant: Covenant, criterion: Criterion, unit: Unit) -> str:
    return reverse("covenants:unit_target_edit", args=[covenant.pk, criterion.pk, unit.pk])


def test_it_sets_a_unit_target_and_then_no_target(
    head_officer: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    leaf = _rate_leaf(covenant, clearance)
    url = _target_url(covenant, leaf, units["LCA"])

    form = head_officer.get(url, headers=HTMX)
    own = head_officer.post(
        url,
        {"version": _version(covenant), "mode": "own", "shape": Shape.RATE_STRICT, "number": "80"},
        headers=HTMX,
    )
    own_target = UnitTarget.objects.get().target
    none = head_officer.post(url, {"version": _version(covenant), "mode": "none"}, headers=HTMX)

    assert 'data-testid="unit-target-form"' in form.content.decode()
    assert 'data-state="own"' in own.content.decode()
    assert "&gt; 80%" in own.content.decode()
    assert domain.target_sentence(own_target) == "Tỷ lệ điều tra, khám phá án đạt trên 80%"
    assert 'data-state="none"' in none.content.decode()
    assert UnitTarget.objects.get().target is None
    grid = head_officer.get(reverse("covenants:target_grid", args=[covenant.pk])).content.decode()
    assert grid.count('data-state="common"') == 2
    assert grid.count('data-state="none"') == 1


def test_it_returns_a_unit_to_the_common_target(
    head_officer: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    leaf = _rate_leaf(covenant, clearance)
    domain.unit_target_set(criterion=leaf, unit=units["LCA"], target=None)

    response = head_officer.post(
        _target_url(covenant, leaf, units["LCA"]), {"version": _version(covenant), "mode": "common"}
    )

    assert response.status_code == 302
    assert UnitTarget.objects.count() == 0


def test_it_refuses_a_target_for_a_unit_outside_the_cluster(
    head_officer: Client, covenant: Covenant, clearance: Indicator, outsider: Unit
) -> None:
    leaf = _rate_leaf(covenant, clearance)

    response = head_officer.post(
        _target_url(covenant, leaf, outsider),
        {"version": _version(covenant), "mode": "none"},
        headers=HTMX,
    )

    assert "Hà Nội không phải thành viên của Cụm thi đua số 2 (2025)." in response.content.decode()
    assert UnitTarget.objects.count() == 0


def test_it_refuses_a_unit_target_from_a_reader(
    member_officer: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    leaf = _rate_leaf(covenant, clearance)

    response = member_officer.post(
        _target_url(covenant, leaf, units["DBI"]), {"version": _version(covenant), "mode": "none"}
    )

    assert response.status_code == 403
    assert UnitTarget.objects.count() == 0


# ---------------------------------------------------------------------------------------
# Signing and status


def _sign_data(unit: Unit) -> dict[str, Any]:
    return {"unit": unit.pk, "signer_name": "Nguyễn Văn A", "signer_title": "Giám đốc",
            "signed_on": "04/03/2025"}  # fmt: skip


def test_it_records_the_signature_of_a_member_leader(
    lca_leader: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    _full_leaf(covenant, clearance)
    domain.covenant_open_for_signing(covenant=covenant)
    url = reverse("covenants:signing", args=[covenant.pk])

    page = lca_leader.get(url).content.decode()
    response = lca_leader.post(url, _sign_data(units["LCA"]))

    signature = Signature.objects.get()
    assert 'value="Nguyễn Văn A"' in page
    assert response.status_code == 302
    assert (signature.unit, signature.signer_title, signature.signed_on) == (
        units["LCA"], "Giám đốc", SIGNED_ON,
    )  # fmt: skip


def test_it_refuses_to_sign_twice(
    head_officer: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    _full_leaf(covenant, clearance)
    domain.covenant_open_for_signing(covenant=covenant)
    url = reverse("covenants:signing", args=[covenant.pk])
    head_officer.post(url, _sign_data(units["LCA"]))

    response = head_officer.post(url, _sign_data(units["LCA"]))

    assert response.status_code == 200
    assert "Lào Cai đã ký giao ước này." in response.content.decode()
    assert Signature.objects.count() == 1


def test_it_refuses_a_signature_before_the_covenant_is_open(
    lca_leader: Client, covenant: Covenant, units: dict[str, Unit]
) -> None:
    response = lca_leader.post(
        reverse("covenants:signing", args=[covenant.pk]), _sign_data(units["LCA"])
    )

    assert "Giao ước không ở trạng thái đang ký." in response.content.decode()
    assert Signature.objects.count() == 0


def test_it_refuses_a_leader_signing_for_another_member(
    lca_leader: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    _full_leaf(covenant, clearance)
    domain.covenant_open_for_signing(covenant=covenant)

    response = lca_leader.post(
        reverse("covenants:signing", args=[covenant.pk]), _sign_data(units["DBI"])
    )

    assert response.status_code == 403
    assert Signature.objects.count() == 0


def test_it_refuses_a_signature_for_a_unit_outside_the_cluster(
    head_officer: Client, covenant: Covenant, clearance: Indicator, outsider: Unit
) -> None:
    _full_leaf(covenant, clearance)
    domain.covenant_open_for_signing(covenant=covenant)

    response = head_officer.post(
        reverse("covenants:signing", args=[covenant.pk]), _sign_data(outsider)
    )

    assert response.status_code == 403
    assert Signature.objects.count() == 0


def test_it_hides_the_signing_page_from_a_leader_outside_the_cluster(
    outsider: Unit, covenant: Covenant
) -> None:
    client = _client(UserFactory(username="lanhdao.hanoi", unit=outsider, role="leader"))

    response = client.post(reverse("covenants:signing", args=[covenant.pk]), _sign_data(outsider))

    assert response.status_code == 404
    assert Signature.objects.count() == 0


def _status(client: Client, covenant: Covenant, action: str, reason: str = "") -> Any:
    return client.post(
        reverse("covenants:covenant_status", args=[covenant.pk]),
        {"action": action, "reason": reason, "back": "signing"},
        follow=True,
    )


def _status_of(covenant: Covenant) -> str:
    covenant.refresh_from_db()
    return covenant.status


def test_it_moves_the_covenant_through_its_statuses(
    head_officer: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    _full_leaf(covenant, clearance)

    opened = _status(head_officer, covenant, "open")
    assert _status_of(covenant) == CovenantStatus.OPEN
    no_reason = _status(head_officer, covenant, "draft")
    assert _status_of(covenant) == CovenantStatus.OPEN
    _status(head_officer, covenant, "draft", reason="Sửa chỉ tiêu")
    assert _status_of(covenant) == CovenantStatus.DRAFT
    _sign_all(covenant, units)
    assert _status_of(covenant) == CovenantStatus.SIGNED
    in_force = _status(head_officer, covenant, "in_force")

    assert _status_of(covenant) == CovenantStatus.IN_FORCE
    assert "Đã đưa giao ước ra ký" in opened.content.decode()
    assert "Hãy ghi lý do." in no_reason.content.decode()
    assert "Giao ước đã có hiệu lực." in in_force.content.decode()
    assert in_force.redirect_chain[-1][0] == reverse("covenants:signing", args=[covenant.pk])


def test_it_refuses_to_open_an_empty_covenant(head_officer: Client, covenant: Covenant) -> None:
    response = _status(head_officer, covenant, "open")

    assert "Giao ước chưa có tiêu chí nào." in response.content.decode()
    assert _status_of(covenant) == CovenantStatus.DRAFT


def test_it_refuses_a_status_change_from_a_reader(
    member_officer: Client, covenant: Covenant, clearance: Indicator
) -> None:
    _rate_leaf(covenant, clearance)

    response = member_officer.post(
        reverse("covenants:covenant_status", args=[covenant.pk]), {"action": "open"}
    )

    assert response.status_code == 403
    assert _status_of(covenant) == CovenantStatus.DRAFT


def test_it_refuses_a_change_after_signing_without_a_reason(
    head_officer: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    leaf = _full_leaf(covenant, clearance)
    _sign_all(covenant, units)
    url = reverse("covenants:criterion_edit", args=[covenant.pk, leaf.pk])
    data = {"version": _version(covenant), "code": "1", "title": "Khám phá án",
            "kind": "quantitative", "max_points": "1000", "indicator_1": clearance.pk,
            "shape": Shape.RATE_STRICT, "number": "75"}  # fmt: skip

    form = head_officer.get(url, headers=HTMX).content.decode()
    refused = head_officer.post(url, data, headers=HTMX)
    leaf.refresh_from_db()
    title_after_refusal = leaf.title
    accepted = head_officer.post(url, {**data, "reason": "Theo kết luận hội nghị"}, headers=HTMX)

    assert "Lý do thay đổi" in form
    assert "Giao ước đã ký: mọi thay đổi phải ghi rõ lý do." in refused.content.decode()
    assert title_after_refusal == "Điều tra, khám phá án"
    assert "Đã lưu “1. Khám phá án”." in accepted.content.decode()
    assert leaf.history.first().history_change_reason == "Theo kết luận hội nghị"


def test_it_refuses_a_unit_target_after_signing_without_a_reason(
    head_officer: Client, covenant: Covenant, clearance: Indicator, units: dict[str, Unit]
) -> None:
    leaf = _full_leaf(covenant, clearance)
    _sign_all(covenant, units)

    response = head_officer.post(
        _target_url(covenant, leaf, units["LCA"]),
        {"version": _version(covenant), "mode": "none"},
        headers=HTMX,
    )

    assert "Giao ước đã ký: mọi thay đổi phải ghi rõ lý do." in response.content.decode()
    assert UnitTarget.objects.count() == 0


# ---------------------------------------------------------------------------------------
# Movements and the indicator library


def test_it_lets_the_office_add_a_movement(office_officer: Client) -> None:
    response = office_officer.post(
        reverse("covenants:movement_create"),
        {"name": "Đợt cao điểm tấn công trấn áp tội phạm", "kind": "peak", "year": "2025",
         "start_date": "01/06/2025", "end_date": "31/08/2025"},
    )  # fmt: skip

    assert response.status_code == 302
    movement = Movement.objects.get()
    assert (movement.kind, movement.start_date) == (MovementKind.PEAK, dt.date(2025, 6, 1))


def test_it_refuses_a_movement_ending_before_it_starts(office_officer: Client) -> None:
    response = office_officer.post(
        reverse("covenants:movement_create"),
        {"name": "Đợt cao điểm", "kind": "peak", "year": "2025", "start_date": "01/06/2025",
         "end_date": "31/05/2025"},
    )  # fmt: skip

    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert Movement.objects.count() == 0


@pytest.mark.parametrize("name", ["movement_create", "indicator_create"])
def test_it_keeps_the_library_to_the_office(member_officer: Client, name: str) -> None:
    response = member_officer.get(reverse(f"covenants:{name}"))

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["movement_list", "indicator_list"])
def test_it_shows_the_library_to_every_signed_in_user(
    member_officer: Client, movement: Movement, clearance: Indicator, name: str
) -> None:
    response = member_officer.get(reverse(f"covenants:{name}"))

    assert response.status_code == 200


def test_it_shows_sample_sentences_of_an_indicator(
    member_officer: Client, clearance: Indicator
) -> None:
    body = member_officer.get(
        reverse("covenants:indicator_list"), {"q": "kham pha"}
    ).content.decode()

    assert "Tỷ lệ điều tra, khám phá án đạt trên 90%" in body
    assert 'data-testid="indicator-count">1 chỉ số<' in body


def test_it_saves_an_indicator_through_the_domain(office_officer: Client) -> None:
    response = office_officer.post(
        reverse("covenants:indicator_create"),
        {"code": "bao-loan", "name_vi": "số vụ bạo loạn, khủng bố", "name_en": "riots",
         "unit_vi": "vụ", "unit_en": "cases", "event_vi": "bạo loạn, khủng bố", "event_en": ""},
    )  # fmt: skip

    assert (
        "Cụm từ tiếng Việt và tiếng Anh của chỉ số phải nhập cùng nhau."
        in response.content.decode()
    )
    assert Indicator.objects.count() == 0


def test_it_edits_an_indicator(office_officer: Client, crimes: Indicator) -> None:
    response = office_officer.post(
        reverse("covenants:indicator_edit", args=[crimes.pk]),
        {"code": crimes.code, "name_vi": "số vụ phạm tội", "name_en": "crimes", "unit_vi": "vụ",
         "unit_en": "cases"},
    )  # fmt: skip

    crimes.refresh_from_db()
    assert response.status_code == 302
    assert (crimes.name_vi, crimes.higher_is_better) == ("số vụ phạm tội", False)


# ---------------------------------------------------------------------------------------
# Query counts: the pages cost the same whatever their size


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _covenants(
    office: Unit, units: dict[str, Unit], movement: Movement, count: int, start: int
) -> None:
    for number in range(start, start + count):
        year = 2024 + number % 2
        cluster = _cluster(office, number, [], year=year)
        of_year = (
            movement
            if movement.year == year
            else domain.movement_create(name=movement.name, kind=movement.kind, year=year)
        )
        domain.covenant_create(cluster=cluster, movement=of_year)


def test_it_lists_covenants_in_the_same_number_of_queries(
    office_officer: Client, office: Unit, units: dict[str, Unit], movement: Movement
) -> None:
    _covenants(office, units, movement, 2, start=10)
    small = _queries(office_officer, reverse("covenants:covenant_list"))
    _covenants(office, units, movement, 4, start=20)

    large = _queries(office_officer, reverse("covenants:covenant_list"))

    assert Covenant.objects.count() == 6
    assert large == small


def _criteria(covenant: Covenant, clearance: Indicator, units: dict[str, Unit], count: int) -> None:
    group = domain.criterion_add(
        covenant=covenant, parent=None, code=f"G{count}", title="Nhóm", kind=CriterionKind.GROUP,
        max_points=Decimal(count * 10),
    )  # fmt: skip
    for index in range(count - 1):
        leaf = _rate_leaf(covenant, clearance, group, points=10, code=str(index + 1))
        domain.unit_target_set(criterion=leaf, unit=units["DBI"], target=None)


@pytest.mark.parametrize("name", ["covenant_detail", "covenant_edit", "target_grid"])
def test_it_shows_the_tree_in_the_same_number_of_queries(
    head_officer: Client,
    covenant: Covenant,
    clearance: Indicator,
    units: dict[str, Unit],
    name: str,
) -> None:
    url = reverse(f"covenants:{name}", args=[covenant.pk])
    _criteria(covenant, clearance, units, 5)
    small = _queries(head_officer, url)
    _criteria(covenant, clearance, units, 15)

    large = _queries(head_officer, url)

    assert Criterion.objects.count() == 20
    assert large == small
