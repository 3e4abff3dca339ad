"""The covenant rules with the seeds' figures: targets, points, members, signing, copying."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

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
from thidua.engine.render import render_vi
from thidua.engine.targets import Target, target_to_dict
from thidua.org import domain as org
from thidua.org.models import Cluster, ClusterLevel, Unit, UnitKind

pytestmark = pytest.mark.django_db

CUM8 = [("PYN", "Phú Yên"), ("KHA", "Khánh Hòa"), ("NTN", "Ninh Thuận"), ("BTN", "Bình Thuận"),
        ("BVT", "Bà Rịa – Vũng Tàu")]  # fmt: skip
SIGNED_ON = dt.date(2025, 2, 14)


# ---------------------------------------------------------------------------------------
# Arrange: the organisation through thidua.org.domain, the library through indicator_save


@pytest.fixture
def office() -> Unit:
    return org.unit_create(
        code="CTCT",
        name="Cục Công tác đảng và công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        is_emulation_office=True,
    )


def _province(code: str, name: str) -> Unit:
    return org.unit_create(
        code=code, name=f"Công an tỉnh {name}", short_name=name, kind=UnitKind.PROVINCIAL_POLICE
    )


def _cluster(office: Unit, year: int, number: int, members: list[Unit]) -> Cluster:
    cluster = org.cluster_create(
        year=year, level=ClusterLevel.MINISTRY, number=number, managing_office=office
    )
    for unit in members:
        org.membership_add(cluster=cluster, unit=unit)
    return cluster


@pytest.fixture
def units() -> dict[str, Unit]:
    return {code: _province(code, name) for code, name in CUM8}


@pytest.fixture
def outsider() -> Unit:
    return _province("DNI", "Đồng Nai")


@pytest.fixture
def cluster(office: Unit, units: dict[str, Unit]) -> Cluster:
    return _cluster(office, 2025, 8, list(units.values()))


def _movement(year: int) -> Movement:
    return domain.movement_create(name="Vì an ninh Tổ quốc", kind=MovementKind.REGULAR, year=year)


@pytest.fixture
def covenant(cluster: Cluster) -> Covenant:
    return domain.covenant_create(
        cluster=cluster,
        movement=_movement(2025),
        signing_date=SIGNED_ON,
        signing_place="Công an tỉnh Bà Rịa – Vũng Tàu",
    )


def _indicator(code: str, name: str, unit: str, *, higher: bool, **phrases: str) -> Indicator:
    return domain.indicator_save(
        indicator=Indicator(
            code=code, name_vi=name, name_en=f"{code} (en)", unit_vi=unit,
            unit_en="%" if unit == "%" else "cases", higher_is_better=higher,
            **{f"{key}_vi": value for key, value in phrases.items()},
            **{f"{key}_en": f"{key} of {code}" for key in phrases},
        )
    )  # fmt: skip


@pytest.fixture
def library() -> dict[str, Indicator]:
    rate = {"numerator": "số đã xử lý", "denominator": "tổng số"}
    return {
        "ttxh": _indicator("ttxh", "số vụ phạm tội về trật tự xã hội", "vụ", higher=False),
        "tam-dinh-chi": _indicator(
            "tam-dinh-chi", "số lượng các vụ án, vụ việc tạm đình chỉ", "vụ", higher=False
        ),
        "tiep-nhan": _indicator(
            "tiep-nhan",
            "tỷ lệ tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý",
            "%",
            higher=True,
            coverage="tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý",
            **rate,
        ),
        "giai-quyet": _indicator(
            "giai-quyet",
            "tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố",
            "%",
            higher=True,
            **rate,
        ),
        "dtkp": _indicator("dtkp", "tỷ lệ điều tra, khám phá án", "%", higher=True, **rate),
        "dtkp-rnt": _indicator(
            "dtkp-rnt",
            "tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng",
            "%",
            higher=True,
            **rate,
        ),
        "cai-nghien": _indicator(
            "cai-nghien",
            "số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc",
            "hồ sơ",
            higher=True,
        ),
        "ma-tuy": _indicator(
            "ma-tuy",
            "tỷ lệ người sử dụng trái phép chất ma túy được lập hồ sơ quản lý",
            "%",
            higher=True,
            coverage="người sử dụng trái phép chất ma túy được lập hồ sơ đưa vào diện quản lý",
            **rate,
        ),
        "tngt-vu": _indicator(
            "tngt-vu", "số vụ tai nạn giao thông", "vụ", higher=False, short="số vụ"
        ),
        "tngt-chet": _indicator(
            "tngt-chet", "số người chết do tai nạn giao thông", "người", higher=False,
            short="số người chết",
        ),
        "tngt-thuong": _indicator(
            "tngt-thuong", "số người bị thương do tai nạn giao thông", "người", higher=False,
            short="số người bị thương",
        ),
        "chay-lon": _indicator(
            "chay-lon", "số vụ cháy lớn", "vụ", higher=False, event="cháy lớn"
        ),
        "bao-loan": _indicator(
            "bao-loan", "số vụ bạo loạn, khủng bố, phá hoại", "vụ", higher=False,
            event="bạo loạn, khủng bố, phá hoại",
        ),
    }  # fmt: skip


def _target(library: dict[str, Indicator], shape: str, codes: list[str], **values: Any) -> Target:
    return domain.build_target(shape=shape, indicators=[library[c] for c in codes], **values)


def _leaf(
    covenant: Covenant,
    code: str,
    points: int,
    *,
    parent: Criterion | None = None,
    target: Target | None = None,
    **options: Any,
) -> Criterion:
    return domain.criterion_add(
        covenant=covenant,
        parent=parent,
        code=code,
        title=f"Tiêu chí {code}",
        kind=CriterionKind.QUANTITATIVE if target else CriterionKind.QUALITATIVE,
        max_points=Decimal(points),
        target=target,
        **options,
    )


def _group(
    covenant: Covenant, code: str, points: int, parent: Criterion | None = None
) -> Criterion:
    return domain.criterion_add(
        covenant=covenant, parent=parent, code=code, title=f"Nhóm {code}",
        kind=CriterionKind.GROUP, max_points=Decimal(points),
    )  # fmt: skip


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return list(error.value.messages)


def _sign(covenant: Covenant, unit: Unit) -> Signature:
    return domain.covenant_sign(
        covenant=covenant,
        unit=unit,
        signer_name="Nguyễn Văn An (mẫu)",
        signer_title=f"Giám đốc {unit.name}",
        signed_on=SIGNED_ON,
    )


def _signed(covenant: Covenant, units: dict[str, Unit]) -> Covenant:
    _leaf(covenant, "1", 1000)
    domain.covenant_open_for_signing(covenant=covenant)
    for unit in units.values():
        _sign(covenant, unit)
    return Covenant.objects.get(pk=covenant.pk)


# ---------------------------------------------------------------------------------------
# Targets: every shape of the seeds, stored and read back as the covenants write it

SHAPES = [
    pytest.param(
        Shape.REDUCE, ["ttxh"], {"number": "5", "baseline_year": 2024},
        "Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2024",
        id="seed-002-reduce-at-least",
    ),
    pytest.param(
        Shape.REDUCE, ["tam-dinh-chi"], {"number": "5", "max_number": "10", "baseline_year": 2024},
        "Giảm 5–10% số lượng các vụ án, vụ việc tạm đình chỉ so với năm 2024",
        id="seed-000-reduce-range",
    ),
    pytest.param(
        Shape.REDUCE, ["ttxh"], {"number": "7,5", "baseline_year": 2024},
        "Kéo giảm ít nhất 7,5% số vụ phạm tội về trật tự xã hội so với năm 2024",
        id="decimal-comma",
    ),
    pytest.param(
        Shape.FULL_COVERAGE, ["tiep-nhan"], {},
        "100% tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý",
        id="seed-000-full-coverage",
    ),
    pytest.param(
        Shape.RATE_STRICT, ["giai-quyet"], {"number": "90"},
        "Tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố đạt trên 90%",
        id="seed-001-rate-above",
    ),
    pytest.param(
        Shape.RATE_STRICT, ["dtkp"], {"number": "75"},
        "Tỷ lệ điều tra, khám phá án đạt trên 75%",
        id="seed-003-clearance",
    ),
    pytest.param(
        Shape.RATE_STRICT, ["dtkp-rnt"], {"number": "90"},
        "Tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng đạt trên 90%",
        id="seed-004-serious-clearance",
    ),
    pytest.param(
        Shape.RATE_INCLUSIVE, ["dtkp"], {"number": "90"},
        "Tỷ lệ điều tra, khám phá án đạt từ 90% trở lên",
        id="rate-at-least",
    ),
    pytest.param(
        Shape.AT_LEAST, ["cai-nghien"], {"number": "1438"},
        "Số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc đạt ít nhất 1.438 hồ sơ",
        id="seed-003-at-least",
    ),
    pytest.param(
        Shape.FULL_COVERAGE, ["ma-tuy"], {},
        "100% người sử dụng trái phép chất ma túy được lập hồ sơ đưa vào diện quản lý",
        id="seed-003-drug-users",
    ),
    pytest.param(
        Shape.AT_MOST, ["bao-loan"], {"number": "0"},
        "Không để xảy ra bạo loạn, khủng bố, phá hoại",
        id="seed-004-zero-tolerance",
    ),
    pytest.param(
        Shape.AT_MOST, ["chay-lon"], {"number": "3"},
        "Không quá 3 vụ cháy lớn",
        id="at-most",
    ),
    pytest.param(
        Shape.REDUCE, ["chay-lon"], {"number": "10", "baseline_year": 2024},
        "Kéo giảm ít nhất 10% số vụ cháy lớn so với năm 2024",
        id="seed-002-large-fires",
    ),
    pytest.param(
        Shape.REDUCE_ALL, ["tngt-vu", "tngt-chet", "tngt-thuong"],
        {"number": "5", "baseline_year": 2024, "subject_vi": "tai nạn giao thông",
         "subject_en": "traffic accidents"},
        "Giảm 5% cả 3 tiêu chí về tai nạn giao thông: số vụ, số người chết và số người bị "
        "thương so với năm 2024",
        id="seed-002-all-three",
    ),
    pytest.param(
        Shape.INCREASE, ["cai-nghien"], {"number": "10", "baseline_year": 2024},
        "Tăng ít nhất 10% số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc so với năm 2024",
        id="increase",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("shape", "codes", "values", "sentence"), SHAPES)
def test_it_stores_each_target_shape_and_reads_it_back_in_vietnamese(
    covenant: Covenant,
    library: dict[str, Indicator],
    shape: str,
    codes: list[str],
    values: dict[str, Any],
    sentence: str,
) -> None:
    target = _target(library, shape, codes, **values)

    criterion = _leaf(covenant, "1", 100, target=target, indicators=[library[c] for c in codes])

    stored = Criterion.objects.get(pk=criterion.pk)
    assert domain.target_sentence(stored.target) == sentence
    assert domain.load_target(stored.target) == target
    linked = stored.criterionindicator_set.order_by("part").values_list(
        "indicator__code", flat=True
    )
    assert list(linked) == codes


def test_it_reads_a_target_back_in_english(library: dict[str, Indicator]) -> None:
    target = _target(library, Shape.REDUCE, ["ttxh"], number="5", baseline_year=2024)

    sentence = domain.target_sentence(target_to_dict(target), "en")

    assert sentence == "Reduce ttxh (en) by at least 5% compared with 2024"


# ---------------------------------------------------------------------------------------
# Bad input: refused with a Vietnamese message, nothing saved


@pytest.mark.parametrize(
    ("shape", "values", "message"),
    [
        pytest.param(
            Shape.RATE_INCLUSIVE, {"number": "101"}, "Tỷ lệ không thể vượt quá 100%.", id="rate"
        ),
        pytest.param(
            Shape.RATE_STRICT,
            {"number": "100"},
            "Không có tỷ lệ nào “trên 100%”; hãy dùng chỉ tiêu 100% (bao phủ toàn bộ).",
            id="above-100",
        ),
        pytest.param(
            Shape.REDUCE,
            {"number": "10", "max_number": "5", "baseline_year": 2024},
            "Khoảng tỷ lệ bị đảo: giá trị đầu phải nhỏ hơn giá trị sau.",
            id="inverted-range",
        ),
        pytest.param(
            Shape.REDUCE,
            {"number": "năm", "baseline_year": 2024},
            "Mức tăng/giảm phải là một số, không phải “năm”.",
            id="not-a-number",
        ),
        pytest.param(Shape.REDUCE, {"number": "5"}, "Hãy nhập năm so sánh.", id="no-baseline-year"),
    ],
)
def test_it_refuses_an_impossible_target_and_saves_nothing(
    covenant: Covenant,
    library: dict[str, Indicator],
    shape: str,
    values: dict[str, Any],
    message: str,
) -> None:
    code = "dtkp" if shape in (Shape.RATE_STRICT, Shape.RATE_INCLUSIVE) else "tam-dinh-chi"
    before = Criterion.objects.count()

    with pytest.raises(ValidationError) as error:
        _leaf(covenant, "1", 100, target=_target(library, shape, [code], **values))

    assert _messages(error) == [message]
    assert Criterion.objects.count() == before


@pytest.mark.parametrize("year", [2025, 2026])
def test_it_refuses_a_baseline_year_not_before_the_covenant_year(
    covenant: Covenant, library: dict[str, Indicator], year: int
) -> None:
    single = _target(library, Shape.REDUCE, ["ttxh"], number="5", baseline_year=year)
    several = _target(
        library, Shape.REDUCE_ALL, ["tngt-vu", "tngt-chet"], number="5", baseline_year=year
    )
    before = Criterion.objects.count()

    for target in (single, several):
        with pytest.raises(ValidationError) as error:
            _leaf(covenant, "1", 100, target=target)

        assert _messages(error) == ["Năm so sánh phải trước năm của giao ước."]
    assert Criterion.objects.count() == before


def test_it_refuses_a_unit_target_with_a_baseline_year_not_before_the_covenant_year(
    covenant: Covenant, library: dict[str, Indicator], units: dict[str, Unit]
) -> None:
    criterion = _leaf(
        covenant, "1", 100, target=_target(library, Shape.REDUCE, ["ttxh"], number="5",
                                           baseline_year=2024),
    )  # fmt: skip
    late = _target(library, Shape.REDUCE, ["ttxh"], number="5", baseline_year=2025)

    with pytest.raises(ValidationError) as error:
        domain.unit_target_set(criterion=criterion, unit=units["PYN"], target=late)

    assert _messages(error) == ["Năm so sánh phải trước năm của giao ước."]
    assert UnitTarget.objects.count() == 0


def test_it_refuses_children_worth_more_than_their_group(covenant: Covenant) -> None:
    group = _group(covenant, "I", 100)
    _leaf(covenant, "1", 60, parent=group)
    before = Criterion.objects.count()

    with pytest.raises(ValidationError) as error:
        _leaf(covenant, "2", 50, parent=group)

    assert _messages(error) == ["Tổng điểm các tiêu chí con của “I” (110) vượt điểm tối đa 100."]
    assert Criterion.objects.count() == before


def test_it_refuses_contents_worth_more_than_the_scale(covenant: Covenant) -> None:
    _group(covenant, "I", 600)
    before = Criterion.objects.count()

    with pytest.raises(ValidationError) as error:
        _group(covenant, "II", 500)

    assert _messages(error) == ["Tổng điểm các nội dung (1.100) vượt thang điểm 1.000."]
    assert Criterion.objects.count() == before


def test_it_refuses_a_target_for_a_unit_outside_the_cluster(
    covenant: Covenant, library: dict[str, Indicator], outsider: Unit
) -> None:
    criterion = _leaf(
        covenant, "1", 90, target=_target(library, Shape.AT_LEAST, ["cai-nghien"], number="300")
    )
    target = _target(library, Shape.AT_LEAST, ["cai-nghien"], number="390")

    with pytest.raises(ValidationError) as error:
        domain.unit_target_set(criterion=criterion, unit=outsider, target=target)

    assert _messages(error) == ["Đồng Nai không phải thành viên của Cụm thi đua số 8 (2025)."]
    assert UnitTarget.objects.count() == 0


def test_it_refuses_a_second_signature_of_the_same_unit(
    covenant: Covenant, units: dict[str, Unit]
) -> None:
    _leaf(covenant, "1", 1000)
    domain.covenant_open_for_signing(covenant=covenant)
    _sign(covenant, units["PYN"])

    with pytest.raises(ValidationError) as error:
        _sign(covenant, units["PYN"])

    assert _messages(error) == ["Phú Yên đã ký giao ước này."]
    assert Signature.objects.count() == 1


def test_it_refuses_the_signature_of_a_unit_outside_the_cluster(
    covenant: Covenant, outsider: Unit
) -> None:
    _leaf(covenant, "1", 1000)
    domain.covenant_open_for_signing(covenant=covenant)

    with pytest.raises(ValidationError) as error:
        _sign(covenant, outsider)

    assert _messages(error) == ["Đồng Nai không phải thành viên của cụm nên không ký giao ước này."]
    assert Signature.objects.count() == 0


def test_it_refuses_a_change_after_signing_without_a_reason(
    covenant: Covenant, units: dict[str, Unit], library: dict[str, Indicator]
) -> None:
    covenant = _signed(covenant, units)
    leaf = covenant.criteria.get()
    before = (Criterion.objects.count(), covenant.version)

    with pytest.raises(ValidationError) as added:
        _leaf(covenant, "2", 50)
    with pytest.raises(ValidationError) as updated:
        domain.criterion_update(criterion=leaf, title="Nội dung khác")

    message = ["Giao ước đã ký: mọi thay đổi phải ghi rõ lý do."]
    assert _messages(added) == message
    assert _messages(updated) == message
    covenant.refresh_from_db()
    assert (Criterion.objects.count(), covenant.version) == before
    assert Criterion.objects.get(pk=leaf.pk).title == "Tiêu chí 1"


def test_it_keeps_the_reason_of_a_change_after_signing(
    covenant: Covenant, units: dict[str, Unit], library: dict[str, Indicator]
) -> None:
    covenant = _signed(covenant, units)
    reason = "Bộ Công an điều chỉnh chỉ tiêu"
    target = _target(library, Shape.RATE_STRICT, ["dtkp"], number="75")
    leaf = _leaf(covenant, "2", 0, target=target, reason=reason)

    domain.criterion_update(
        criterion=leaf, target=_target(library, Shape.RATE_STRICT, ["dtkp"], number="80"),
        reason=reason,
    )  # fmt: skip

    latest = Criterion.objects.get(pk=leaf.pk).history.latest()
    assert (latest.history_change_reason, latest.target["percent"]) == (reason, "80")


def test_it_keeps_the_reason_of_a_change_to_a_criterion_without_a_target(
    covenant: Covenant, units: dict[str, Unit]
) -> None:
    covenant = _signed(covenant, units)
    leaf = covenant.criteria.get()

    domain.criterion_update(criterion=leaf, title="Nội dung đã sửa", reason="Sửa nội dung")

    latest = Criterion.objects.get(pk=leaf.pk).history.latest()
    assert (latest.title, latest.history_change_reason) == ("Nội dung đã sửa", "Sửa nội dung")


def test_it_reads_a_target_typed_with_vietnamese_thousands(
    library: dict[str, Indicator],
) -> None:
    target = _target(library, Shape.AT_LEAST, ["cai-nghien"], number="1.438")

    assert render_vi(target) == (
        "Số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc đạt ít nhất 1.438 hồ sơ"
    )


def test_it_opens_for_signing_only_a_tree_that_uses_the_whole_scale(covenant: Covenant) -> None:
    _leaf(covenant, "1", 20)

    with pytest.raises(ValidationError) as error:
        domain.covenant_open_for_signing(covenant=covenant)

    assert _messages(error) == ["Tổng điểm các nội dung là 20, chưa bằng thang điểm 1.000."]
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.DRAFT


def test_it_refuses_a_criterion_code_used_twice(covenant: Covenant) -> None:
    _leaf(covenant, "1", 100)

    with pytest.raises(ValidationError) as error:
        _leaf(covenant, "1", 100)

    assert _messages(error) == ["Mã “1” đã có ở cùng cấp."]
    assert Criterion.objects.count() == 1


def test_it_refuses_a_change_made_on_a_stale_version(covenant: Covenant) -> None:
    seen = covenant.version
    _leaf(covenant, "1", 100, expected_version=seen)
    before = Criterion.objects.count()

    with pytest.raises(ValidationError) as error:
        _leaf(covenant, "2", 100, expected_version=seen)

    assert _messages(error) == [
        f"Giao ước vừa được người khác sửa (phiên bản {seen + 1}, bạn đang sửa phiên bản "
        f"{seen}). Hãy tải lại trang để xem thay đổi rồi sửa lại."
    ]
    assert Criterion.objects.count() == before


def test_it_refuses_a_second_covenant_for_the_same_cluster(covenant: Covenant) -> None:
    with pytest.raises(ValidationError) as error:
        domain.covenant_create(cluster=covenant.cluster, movement=covenant.movement)

    assert _messages(error) == ["Cụm thi đua số 8 (2025) đã có giao ước."]
    assert Covenant.objects.count() == 1


# ---------------------------------------------------------------------------------------
# Signing, copying, the tree


def test_it_marks_the_covenant_signed_when_every_member_has_signed(
    covenant: Covenant, units: dict[str, Unit]
) -> None:
    _leaf(covenant, "1", 1000)
    domain.covenant_open_for_signing(covenant=covenant)
    members = list(units.values())
    for unit in members[:-1]:
        _sign(covenant, unit)
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.OPEN

    _sign(covenant, members[-1])

    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.SIGNED
    assert Signature.objects.filter(covenant=covenant).count() == 5
    assert domain.covenant_put_in_force(covenant=covenant).status == CovenantStatus.IN_FORCE


def test_it_copies_a_covenant_with_baselines_moved_and_member_targets_only(
    office: Unit, library: dict[str, Indicator]
) -> None:
    tay_ninh, binh_duong, long_an = (
        _province("TNH", "Tây Ninh"), _province("BDG", "Bình Dương"), _province("LAN", "Long An")
    )  # fmt: skip
    source = domain.covenant_create(
        cluster=_cluster(office, 2024, 10, [tay_ninh, binh_duong, long_an]),
        movement=_movement(2024),
    )
    group = _group(source, "I", 300)
    crime = _target(library, Shape.REDUCE, ["ttxh"], number="5", baseline_year=2023)
    traffic = _target(
        library,
        Shape.REDUCE_ALL,
        ["tngt-vu", "tngt-chet", "tngt-thuong"],
        number="5",
        baseline_year=2023,
        subject_vi="tai nạn giao thông",
        subject_en="traffic accidents",
    )
    _leaf(source, "1", 100, parent=group, target=crime)
    _leaf(source, "2", 100, parent=group, target=traffic)
    rehab = _leaf(
        source, "3", 100, parent=group,
        target=_target(library, Shape.AT_LEAST, ["cai-nghien"], number="200"),
    )  # fmt: skip
    for unit, n in ((tay_ninh, "218"), (binh_duong, "420")):
        domain.unit_target_set(
            criterion=rehab, unit=unit,
            target=_target(library, Shape.AT_LEAST, ["cai-nghien"], number=n),
        )  # fmt: skip
    domain.unit_target_set(criterion=rehab, unit=long_an, target=None)
    next_year = _cluster(office, 2025, 10, [tay_ninh, long_an])

    copy = domain.covenant_copy(source=source, cluster=next_year, movement=_movement(2025))

    criteria = {c.code: c for c in copy.criteria.all()}
    assert (copy.status, copy.created_from) == (CovenantStatus.DRAFT, source)
    assert sorted(criteria) == ["1", "2", "3", "I"]
    assert criteria["1"].parent == criteria["I"]
    assert domain.target_sentence(criteria["1"].target) == (
        "Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2024"
    )
    assert domain.target_sentence(criteria["2"].target) == (
        "Giảm 5% cả 3 tiêu chí về tai nạn giao thông: số vụ, số người chết và số người bị "
        "thương so với năm 2024"
    )
    copied = {
        t.unit.code: domain.target_sentence(t.target) for t in criteria["3"].unit_targets.all()
    }
    assert copied == {
        "TNH": "Số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc đạt ít nhất 218 hồ sơ",
        "LAN": "",
    }
    assert domain.target_sentence(source.criteria.get(code="1").target) == (
        "Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2023"
    )
    assert domain.tree_total(copy) == domain.tree_total(source) == Decimal("300")


def test_it_adds_up_the_tree_from_its_top_level_contents(covenant: Covenant) -> None:
    first = _group(covenant, "I", 400)
    _group(covenant, "1", 250, parent=first)
    _leaf(covenant, "2", 150, parent=first)
    _leaf(covenant, "II", 350)
    _group(covenant, "III", 250)

    assert domain.tree_total(covenant) == Decimal("1000")


def test_it_stores_the_settings_of_each_scored_kind(covenant: Covenant) -> None:
    group = _group(covenant, "I", 100)
    training = domain.criterion_add(
        covenant=covenant, parent=group, code="1", title="Tập huấn: 5 điểm mỗi lớp",
        kind=CriterionKind.DIRECT, max_points=Decimal(20), settings={"per_occurrence": "5"},
    )  # fmt: skip
    ranked = domain.criterion_add(
        covenant=covenant, parent=group, code="2", title="Điểm theo thứ hạng",
        kind=CriterionKind.RANK_POINTS, max_points=Decimal(60),
    )  # fmt: skip
    adjustments = domain.criterion_add(
        covenant=covenant, parent=group, code="3", title="Điểm cộng, điểm trừ",
        kind=CriterionKind.BONUS_PENALTY, max_points=Decimal(10),
        settings={"items": [{"label": "Được Bộ trưởng tặng Bằng khen", "points": "3"},
                            {"label": "Bị phê bình", "points": "-3"}]},
    )  # fmt: skip

    assert training.settings == {"per_occurrence": "5"}
    assert ranked.settings == {"table": ["60", "45", "30", "15", "0"]}
    assert adjustments.settings == {
        "items": [
            {"label": "Được Bộ trưởng tặng Bằng khen", "points": "3"},
            {"label": "Bị phê bình", "points": "-3"},
        ]
    }
