"""The rules of the organisation registry, with the real 2025 mergers as cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.org import domain
from thidua.org.models import (
    Cluster,
    ClusterLevel,
    ClusterRole,
    Handover,
    LineageEvent,
    LineageKind,
    Membership,
    ReassignmentNeeded,
    RoleKind,
    RoleSource,
    Unit,
    UnitKind,
)

pytestmark = pytest.mark.django_db

MERGER_DAY = dt.date(2025, 7, 1)


def _province(code: str, short_name: str) -> Unit:
    return domain.unit_create(
        code=code,
        name=f"Công an tỉnh {short_name}",
        short_name=short_name,
        kind=UnitKind.PROVINCIAL_POLICE,
    )


def _office() -> Unit:
    return domain.unit_create(
        code="X03",
        name="Cục Công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        is_emulation_office=True,
    )


def _cluster(number: int, year: int, members: list[Unit], office: Unit | None = None) -> Cluster:
    cluster = domain.cluster_create(
        year=year, level=ClusterLevel.MINISTRY, number=number, managing_office=office or _office()
    )
    for unit in members:
        domain.membership_add(cluster=cluster, unit=unit)
    return cluster


def _roles(cluster: Cluster) -> list[tuple[str, str, dt.date, dt.date, str]]:
    return [
        (r.role, r.unit.short_name, r.start_date, r.end_date, r.source)
        for r in ClusterRole.objects.filter(cluster=cluster)
        .select_related("unit")
        .order_by("role", "start_date")
    ]


def _message(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return error.value.messages


# ---------------------------------------------------------------------------------------
# Mergers and what follows from them


def test_it_ends_a_merged_members_membership_the_day_before_the_merger() -> None:
    long_an, tay_ninh = _province("LA", "Long An"), _province("TN", "Tây Ninh")
    cluster = _cluster(10, 2025, [long_an, tay_ninh])

    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[long_an], targets=[tay_ninh]
    )

    membership = Membership.objects.get(cluster=cluster, unit=long_an)
    long_an.refresh_from_db()
    assert (membership.end_date, long_an.active_to) == (dt.date(2025, 6, 30), dt.date(2025, 6, 30))
    assert membership.note == "Kết thúc do sắp xếp tổ chức."


def test_it_passes_the_head_role_to_a_successor_that_is_a_member() -> None:
    long_an, tay_ninh = _province("LA", "Long An"), _province("TN", "Tây Ninh")
    cluster = _cluster(10, 2025, [long_an, tay_ninh])
    domain.role_assign(cluster=cluster, unit=long_an, role=RoleKind.HEAD)

    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[long_an], targets=[tay_ninh]
    )

    assert _roles(cluster) == [
        ("head", "Long An", dt.date(2025, 1, 1), dt.date(2025, 6, 30), RoleSource.ASSIGNMENT),
        ("head", "Tây Ninh", dt.date(2025, 7, 1), dt.date(2025, 12, 31), RoleSource.SUCCESSION),
    ]
    assert ReassignmentNeeded.objects.count() == 0


def test_it_asks_the_office_to_reassign_when_the_successor_is_not_a_member() -> None:
    brvt, hcm = _province("BRVT", "Bà Rịa – Vũng Tàu"), _province("HCM", "TP. Hồ Chí Minh")
    cluster = _cluster(8, 2025, [brvt])
    domain.role_assign(cluster=cluster, unit=brvt, role=RoleKind.HEAD)

    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[brvt], targets=[hcm]
    )

    need = ReassignmentNeeded.objects.get()
    assert (need.cluster, need.role, need.from_date, need.former_unit, need.resolved_at) == (
        cluster,
        RoleKind.HEAD,
        MERGER_DAY,
        brvt,
        None,
    )
    assert _roles(cluster) == [
        ("head", "Bà Rịa – Vũng Tàu", dt.date(2025, 1, 1), dt.date(2025, 6, 30), "assignment")
    ]


def test_it_resolves_the_reassignment_when_the_office_assigns_the_role() -> None:
    brvt, dong_nai = _province("BRVT", "Bà Rịa – Vũng Tàu"), _province("DN", "Đồng Nai")
    hcm = _province("HCM", "TP. Hồ Chí Minh")
    cluster = _cluster(8, 2025, [brvt, dong_nai])
    domain.role_assign(cluster=cluster, unit=brvt, role=RoleKind.HEAD)
    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[brvt], targets=[hcm]
    )

    domain.role_assign(cluster=cluster, unit=dong_nai, role=RoleKind.HEAD, start_date=MERGER_DAY)

    assert ReassignmentNeeded.objects.filter(resolved_at=None).count() == 0


# ---------------------------------------------------------------------------------------
# Constituents: whose data make up a unit at a past date


def test_it_makes_tay_ninh_of_2024_from_long_an_and_tay_ninh() -> None:
    long_an, tay_ninh = _province("LA", "Long An"), _province("TN", "Tây Ninh")
    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[long_an], targets=[tay_ninh]
    )

    result = domain.constituents(unit=tay_ninh, on=dt.date(2024, 6, 30))

    assert ([u.short_name for u in result.units], result.exact) == (["Long An", "Tây Ninh"], True)


def test_it_makes_ho_chi_minh_city_of_2024_from_three_provinces() -> None:
    brvt, binh_duong = _province("BRVT", "Bà Rịa – Vũng Tàu"), _province("BD", "Bình Dương")
    hcm = _province("HCM", "TP. Hồ Chí Minh")
    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[binh_duong, brvt], targets=[hcm]
    )

    result = domain.constituents(unit=hcm, on=dt.date(2024, 6, 30))

    assert [u.short_name for u in result.units] == [
        "Bà Rịa – Vũng Tàu",
        "Bình Dương",
        "TP. Hồ Chí Minh",
    ]


def test_it_makes_a_merged_unit_of_itself_after_the_merger() -> None:
    long_an, tay_ninh = _province("LA", "Long An"), _province("TN", "Tây Ninh")
    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[long_an], targets=[tay_ninh]
    )

    result = domain.constituents(unit=tay_ninh, on=dt.date(2025, 12, 31))

    assert [u.short_name for u in result.units] == ["Tây Ninh"]


def test_it_shows_the_lineage_both_ways() -> None:
    long_an, tay_ninh = _province("LA", "Long An"), _province("TN", "Tây Ninh")
    event = domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[long_an], targets=[tay_ninh]
    )

    of_tay_ninh = domain.lineage_timeline(unit=tay_ninh)
    of_long_an = domain.lineage_timeline(unit=long_an)

    assert [(e.event, e.direction, e.others) for e in of_tay_ninh] == [(event, "from", (long_an,))]
    assert [(e.event, e.direction, e.others) for e in of_long_an] == [(event, "to", (tay_ninh,))]


def test_it_shows_the_lineage_through_several_steps() -> None:
    a, b, c = _province("A", "Tỉnh A"), _province("B", "Tỉnh B"), _province("C", "Tỉnh C")
    first = domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=dt.date(2025, 3, 1), sources=[a], targets=[b]
    )
    second = domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[b], targets=[c]
    )

    of_c = domain.lineage_timeline(unit=c)
    of_a = domain.lineage_timeline(unit=a)

    assert [(e.event, e.subject, e.others) for e in of_c] == [(first, b, (a,)), (second, c, (b,))]
    assert [(e.event, e.subject, e.others) for e in of_a] == [(first, a, (b,)), (second, b, (c,))]


def test_it_asks_the_office_when_the_successor_already_holds_the_other_role() -> None:
    long_an, tay_ninh = _province("LA", "Long An"), _province("TN", "Tây Ninh")
    cluster = _cluster(10, 2025, [long_an, tay_ninh])
    domain.role_assign(cluster=cluster, unit=long_an, role=RoleKind.HEAD)
    domain.role_assign(cluster=cluster, unit=tay_ninh, role=RoleKind.DEPUTY)

    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[long_an], targets=[tay_ninh]
    )

    assert _roles(cluster) == [
        ("deputy", "Tây Ninh", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "assignment"),
        ("head", "Long An", dt.date(2025, 1, 1), dt.date(2025, 6, 30), "assignment"),
    ]
    assert list(ReassignmentNeeded.objects.values_list("role", "from_date")) == [
        ("head", MERGER_DAY)
    ]


def test_it_never_lengthens_a_membership_when_ending_it() -> None:
    long_an = _province("LA", "Long An")
    cluster = _cluster(10, 2025, [long_an])
    membership = Membership.objects.get(cluster=cluster, unit=long_an)
    domain.membership_end(membership=membership, end_date=dt.date(2025, 6, 30))

    with pytest.raises(ValidationError) as error:
        domain.membership_end(membership=membership, end_date=dt.date(2025, 12, 31))

    assert _message(error) == ["Ngày kết thúc phải nằm trong thời gian là thành viên."]
    membership.refresh_from_db()
    assert membership.end_date == dt.date(2025, 6, 30)


# ---------------------------------------------------------------------------------------
# Lineage refused


def test_it_refuses_to_merge_a_unit_into_itself() -> None:
    long_an = _province("LA", "Long An")

    with pytest.raises(ValidationError) as error:
        domain.lineage_record(
            kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[long_an], targets=[long_an]
        )

    assert _message(error) == ["Một đơn vị không thể hợp nhất, chia tách hay đổi tên vào chính nó."]
    assert LineageEvent.objects.count() == 0


def test_it_refuses_a_merger_back_into_a_predecessor() -> None:
    a, b = _province("A", "Tỉnh A"), _province("B", "Tỉnh B")
    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[a], targets=[b]
    )

    with pytest.raises(ValidationError) as error:
        domain.lineage_record(
            kind=LineageKind.MERGE, effective_date=dt.date(2025, 3, 1), sources=[b], targets=[a]
        )

    assert _message(error) == [
        "Sự kiện này tạo thành vòng lặp: đơn vị sau đã là tiền thân của đơn vị trước."
    ]
    assert LineageEvent.objects.count() == 1


def test_it_refuses_a_later_merger_into_a_unit_that_no_longer_exists() -> None:
    a, b = _province("A", "Tỉnh A"), _province("B", "Tỉnh B")
    domain.lineage_record(
        kind=LineageKind.MERGE, effective_date=MERGER_DAY, sources=[a], targets=[b]
    )

    with pytest.raises(ValidationError) as error:
        domain.lineage_record(
            kind=LineageKind.MERGE, effective_date=dt.date(2026, 1, 1), sources=[b], targets=[a]
        )

    assert _message(error) == ["Đơn vị Tỉnh A phải hoạt động từ ngày 01/01/2026."]
    b.refresh_from_db()
    assert b.active_to is None


@pytest.mark.parametrize(
    ("kind", "sources", "targets", "message"),
    [
        (LineageKind.MERGE, ["A", "B"], [], "Hợp nhất phải có đúng một đơn vị sau."),
        (LineageKind.SPLIT, ["A"], ["B"], "Chia tách là một đơn vị thành ít nhất hai đơn vị."),
        (LineageKind.RENAME, ["A"], ["B", "C"], "Đổi tên là một đơn vị thành đúng một đơn vị."),
        (LineageKind.DISSOLVE, ["A"], ["B"], "Giải thể không có đơn vị sau."),
    ],
)
def test_it_refuses_an_event_of_the_wrong_shape(
    kind: str, sources: list[str], targets: list[str], message: str
) -> None:
    units = {code: _province(code, f"Tỉnh {code}") for code in ("A", "B", "C")}

    with pytest.raises(ValidationError) as error:
        domain.lineage_record(
            kind=kind,
            effective_date=MERGER_DAY,
            sources=[units[c] for c in sources],
            targets=[units[c] for c in targets],
        )

    assert _message(error) == [message]


# ---------------------------------------------------------------------------------------
# Memberships and roles refused


def test_it_refuses_a_head_that_is_not_a_member() -> None:
    long_an, dong_nai = _province("LA", "Long An"), _province("DN", "Đồng Nai")
    cluster = _cluster(10, 2025, [long_an])

    with pytest.raises(ValidationError) as error:
        domain.role_assign(cluster=cluster, unit=dong_nai, role=RoleKind.HEAD)

    assert _message(error) == [
        "Đồng Nai không phải thành viên của cụm trong suốt thời gian 01/01/2025 – 31/12/2025."
    ]
    assert ClusterRole.objects.count() == 0


def test_it_refuses_a_unit_in_two_clusters_of_the_same_level_at_once() -> None:
    office = _office()
    dong_nai = _province("DN", "Đồng Nai")
    _cluster(10, 2025, [dong_nai], office)
    other = _cluster(11, 2025, [], office)

    with pytest.raises(ValidationError) as error:
        domain.membership_add(cluster=other, unit=dong_nai, start_date=dt.date(2025, 6, 1))

    assert _message(error) == [
        "Đồng Nai đã là thành viên của Cụm thi đua số 10 (2025) trong thời gian này; "
        "một đơn vị chỉ thuộc một cụm ở mỗi cấp."
    ]
    assert Membership.objects.filter(cluster=other).count() == 0


def test_it_refuses_a_member_that_is_not_active_during_the_membership() -> None:
    long_an = domain.unit_create(
        code="LA",
        name="Công an tỉnh Long An",
        short_name="Long An",
        kind=UnitKind.PROVINCIAL_POLICE,
        active_to=dt.date(2025, 6, 30),
    )
    cluster = _cluster(10, 2025, [])

    with pytest.raises(ValidationError) as error:
        domain.membership_add(cluster=cluster, unit=long_an)

    assert _message(error) == [
        "Long An không hoạt động trong suốt thời gian 01/01/2025 – 31/12/2025."
    ]


def test_it_accepts_a_member_for_the_time_it_was_active() -> None:
    long_an = domain.unit_create(
        code="LA",
        name="Công an tỉnh Long An",
        short_name="Long An",
        kind=UnitKind.PROVINCIAL_POLICE,
        active_to=dt.date(2025, 6, 30),
    )
    cluster = _cluster(10, 2025, [])

    membership = domain.membership_add(cluster=cluster, unit=long_an, end_date=dt.date(2025, 6, 30))

    assert (membership.start_date, membership.end_date) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 6, 30),
    )


def test_it_refuses_to_end_a_membership_while_the_unit_holds_a_role() -> None:
    long_an = _province("LA", "Long An")
    cluster = _cluster(10, 2025, [long_an])
    domain.role_assign(cluster=cluster, unit=long_an, role=RoleKind.HEAD)
    membership = Membership.objects.get(cluster=cluster)

    with pytest.raises(ValidationError) as error:
        domain.membership_end(membership=membership, end_date=dt.date(2025, 6, 30))

    assert _message(error) == [
        "Long An đang là cụm trưởng hoặc cụm phó sau ngày này; hãy phân công lại trước."
    ]


# ---------------------------------------------------------------------------------------
# The year-end handover and the next year


def _cluster_10_of_2024() -> tuple[Cluster, dict[str, Unit]]:
    units = {
        short: _province(code, short)
        for code, short in (
            ("BP", "Bình Phước"),
            ("DN", "Đồng Nai"),
            ("LA", "Long An"),
            ("TN", "Tây Ninh"),
        )
    }
    cluster = _cluster(10, 2024, list(units.values()))
    domain.role_assign(cluster=cluster, unit=units["Tây Ninh"], role=RoleKind.HEAD)
    domain.role_assign(cluster=cluster, unit=units["Bình Phước"], role=RoleKind.DEPUTY)
    return cluster, units


def test_it_hands_over_to_next_years_cluster_with_its_roles() -> None:
    cluster, units = _cluster_10_of_2024()

    handover = domain.handover_record(
        cluster=cluster,
        head=units["Long An"],
        deputy=units["Đồng Nai"],
        conference_date=dt.date(2024, 11, 28),
    )

    following = handover.to_cluster
    assert (following.year, following.number, following.level) == (2025, 10, ClusterLevel.MINISTRY)
    assert [u.short_name for u in domain.members_on(cluster=following, on=following.start)] == [
        "Bình Phước",
        "Đồng Nai",
        "Long An",
        "Tây Ninh",
    ]
    assert _roles(following) == [
        ("deputy", "Đồng Nai", dt.date(2025, 1, 1), dt.date(2025, 12, 31), RoleSource.HANDOVER),
        ("head", "Long An", dt.date(2025, 1, 1), dt.date(2025, 12, 31), RoleSource.HANDOVER),
    ]


def test_it_passes_the_handed_over_head_role_on_after_the_merger() -> None:
    cluster, units = _cluster_10_of_2024()
    handover = domain.handover_record(
        cluster=cluster,
        head=units["Long An"],
        deputy=units["Đồng Nai"],
        conference_date=dt.date(2024, 11, 28),
    )

    domain.lineage_record(
        kind=LineageKind.MERGE,
        effective_date=MERGER_DAY,
        sources=[units["Long An"]],
        targets=[units["Tây Ninh"]],
    )

    assert [r for r in _roles(handover.to_cluster) if r[0] == "head"] == [
        ("head", "Long An", dt.date(2025, 1, 1), dt.date(2025, 6, 30), RoleSource.HANDOVER),
        ("head", "Tây Ninh", dt.date(2025, 7, 1), dt.date(2025, 12, 31), RoleSource.SUCCESSION),
    ]


def test_it_refuses_a_second_handover_and_the_same_unit_twice() -> None:
    cluster, units = _cluster_10_of_2024()

    with pytest.raises(ValidationError) as same:
        domain.handover_record(
            cluster=cluster,
            head=units["Long An"],
            deputy=units["Long An"],
            conference_date=dt.date(2024, 11, 28),
        )

    assert _message(same) == ["Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."]
    assert (Handover.objects.count(), Cluster.objects.filter(year=2025).count()) == (0, 0)


def test_it_starts_next_year_with_successors_in_place_of_merged_members() -> None:
    units = {
        short: _province(code, short)
        for code, short in (
            ("BP", "Bình Phước"),
            ("DN", "Đồng Nai"),
            ("LA", "Long An"),
            ("TN", "Tây Ninh"),
            ("LD", "Lâm Đồng"),
        )
    }
    cluster = _cluster(10, 2025, [units[n] for n in ("Bình Phước", "Long An", "Tây Ninh")])
    domain.lineage_record(
        kind=LineageKind.MERGE,
        effective_date=MERGER_DAY,
        sources=[units["Bình Phước"]],
        targets=[units["Đồng Nai"]],
    )
    domain.lineage_record(
        kind=LineageKind.MERGE,
        effective_date=MERGER_DAY,
        sources=[units["Long An"]],
        targets=[units["Tây Ninh"]],
    )

    planned, replacements = domain.next_year_plan(cluster=cluster)
    following = domain.cluster_start_next_year(cluster=cluster)

    assert [u.short_name for u in planned] == ["Đồng Nai", "Tây Ninh"]
    assert [
        (r.former.short_name, r.successor and r.successor.short_name) for r in replacements
    ] == [
        ("Bình Phước", "Đồng Nai"),
        ("Long An", "Tây Ninh"),
    ]
    assert [u.short_name for u in domain.members_on(cluster=following, on=following.start)] == [
        "Đồng Nai",
        "Tây Ninh",
    ]


def test_it_drops_a_dissolved_member_from_next_years_plan() -> None:
    a, b = _province("A", "Tỉnh A"), _province("B", "Tỉnh B")
    cluster = _cluster(3, 2025, [a, b])
    domain.lineage_record(kind=LineageKind.DISSOLVE, effective_date=MERGER_DAY, sources=[a])

    planned, replacements = domain.next_year_plan(cluster=cluster)

    assert ([u.short_name for u in planned], replacements) == (
        ["Tỉnh B"],
        [domain.Replacement(former=a, successor=None)],
    )


def test_it_refuses_to_start_the_same_next_year_twice() -> None:
    cluster = _cluster(10, 2025, [_province("TN", "Tây Ninh")])
    domain.cluster_start_next_year(cluster=cluster)

    with pytest.raises(ValidationError) as error:
        domain.cluster_start_next_year(cluster=cluster)

    assert _message(error) == ["Cụm thi đua số 10 năm 2026 đã có."]


# ---------------------------------------------------------------------------------------
# Units


def test_it_refuses_a_duplicate_code() -> None:
    _province("LA", "Long An")

    with pytest.raises(ValidationError) as error:
        _province("LA", "Long An 2")

    assert error.value.message_dict == {"code": ["Mã đơn vị “LA” đã được dùng cho đơn vị khác."]}
    assert Unit.objects.count() == 1


def test_it_refuses_a_parent_cycle() -> None:
    province = _province("TN", "Tây Ninh")
    section = domain.unit_create(
        code="TN-PX03",
        name="Phòng Công tác đảng và công tác chính trị",
        kind=UnitKind.PROVINCIAL_SECTION,
        parent=province,
    )

    with pytest.raises(ValidationError) as error:
        domain.unit_update(unit=province, parent=section)

    assert error.value.message_dict == {
        "parent": [
            "Đơn vị cấp trên tạo thành vòng lặp: một đơn vị không thể là cấp trên của chính nó."
        ]
    }
    province.refresh_from_db()
    assert province.parent_id is None


def test_it_refuses_a_unit_as_its_own_parent() -> None:
    province = _province("TN", "Tây Ninh")

    with pytest.raises(ValidationError) as error:
        domain.unit_update(unit=province, parent=province)

    assert error.value.message_dict == {
        "parent": ["Một đơn vị không thể là cấp trên của chính nó."]
    }


def test_it_finds_units_without_diacritics_in_vietnamese_order() -> None:
    for code, short in (
        ("DN", "Đồng Nai"),
        ("DL", "Đắk Lắk"),
        ("DB", "Điện Biên"),
        ("HN", "Hà Nội"),
    ):
        _province(code, short)

    found = domain.unit_search(query="d")

    assert [u.short_name for u in domain.unit_search(query="dong nai")] == ["Đồng Nai"]
    assert [u.short_name for u in found] == ["Đắk Lắk", "Điện Biên", "Đồng Nai"]
