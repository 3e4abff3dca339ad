"""The demo covenants: complete trees, renderable targets, the seeds' figures, idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.db import transaction

from thidua.covenants import demo as covenants_demo
from thidua.covenants import domain
from thidua.covenants.models import (
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionIndicator,
    CriterionKind,
    Indicator,
    Movement,
    Signature,
    UnitTarget,
)
from thidua.engine.targets import AtLeast, target_to_dict
from thidua.org import demo as org_demo
from thidua.org.models import Cluster

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-9"


def _load() -> str:
    out = StringIO()
    org_demo.load(password=PASSWORD, stdout=out)
    logins = covenants_demo.load(password=PASSWORD, stdout=out)
    assert logins == []
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The demo, loaded once for the module and rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _load()
        transaction.set_rollback(True)


def _covenant(year: int, number: int) -> Covenant:
    return Covenant.objects.get(cluster__year=year, cluster__number=number)


def _counts() -> dict[str, int]:
    models = [Movement, Indicator, Covenant, Criterion, CriterionIndicator, UnitTarget, Signature]
    return {m.__name__: m._default_manager.count() for m in models}


def test_it_loads_a_covenant_for_each_seeded_cluster(loaded: str) -> None:
    clusters = sorted(Covenant.objects.values_list("cluster__year", "cluster__number"))

    assert clusters == [(2023, 1), (2024, 2), (2024, 10), (2025, 4), (2025, 8), (2025, 10)]
    assert "Loaded the demo covenants" in loaded


def test_it_gives_every_covenant_exactly_1000_points_at_the_top(loaded: str) -> None:
    for covenant in Covenant.objects.all():
        roots = covenant.criteria.filter(parent=None)

        assert sum((c.max_points for c in roots), Decimal(0)) == Decimal("1000"), covenant
        assert domain.tree_total(covenant) == Decimal("1000")


def test_it_keeps_every_group_within_its_maximum(loaded: str) -> None:
    for covenant in Covenant.objects.all():
        for node, _depth in domain.walk(domain.criteria_tree(covenant)):
            if node.is_group:
                assert node.children, node.criterion
                assert node.children_points <= node.criterion.max_points, node.criterion


def test_it_uses_every_criterion_kind_in_each_signed_covenant(loaded: str) -> None:
    for covenant in Covenant.objects.all():
        kinds = set(covenant.criteria.values_list("kind", flat=True))

        assert kinds == set(CriterionKind.values), covenant


def test_it_renders_the_target_of_every_quantitative_criterion(loaded: str) -> None:
    quantitative = Criterion.objects.filter(kind=CriterionKind.QUANTITATIVE).prefetch_related(
        "unit_targets"
    )
    assert quantitative.count() > 0
    for criterion in quantitative:
        sentences = [domain.target_sentence(criterion.target)] if criterion.target else []
        sentences += [
            domain.target_sentence(t.target) for t in criterion.unit_targets.all() if t.target
        ]

        assert sentences, criterion
        assert all(sentences), criterion
        assert criterion.criterionindicator_set.exists(), criterion


def test_it_writes_cluster_8s_targets_as_the_seed_does(loaded: str) -> None:
    covenant = _covenant(2025, 8)
    sentences = [
        domain.target_sentence(c.target) for c in covenant.criteria.exclude(target__isnull=True)
    ]

    assert "Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2024" in sentences
    assert (
        "Giảm 5% cả 3 tiêu chí về tai nạn giao thông: số vụ, số người chết và số người bị "
        "thương so với năm 2024"
    ) in sentences
    assert (
        "Kéo giảm ít nhất 10% số vụ cháy lớn gây thiệt hại nghiêm trọng về người và tài sản "
        "so với năm 2024"
    ) in sentences
    assert covenant.signing_place == "Công an tỉnh Bà Rịa – Vũng Tàu"
    assert covenant.host_unit is not None
    assert covenant.host_unit.code == "BVT"


def test_it_splits_cluster_10s_rehabilitation_target_per_unit(loaded: str) -> None:
    criterion = _covenant(2024, 10).criteria.get(code="9")
    targets = {
        t.unit.code: domain.load_target(t.target)
        for t in criterion.unit_targets.select_related("unit")
    }

    assert criterion.target is None
    assert sorted(targets) == ["BDG", "BPC", "DNI", "LAN", "TNH"]
    assert all(isinstance(t, AtLeast) for t in targets.values())
    assert sum(t.n for t in targets.values() if isinstance(t, AtLeast)) == Decimal("1438")


def test_it_records_a_unit_without_a_target(loaded: str) -> None:
    criterion = _covenant(2024, 10).criteria.get(code="6.1")
    units = {u.code: u for u in domain.cluster_units(criterion.covenant)}
    without = sorted(
        criterion.unit_targets.filter(target__isnull=True).values_list("unit__code", flat=True)
    )

    assert without == ["BDG", "DNI"]
    assert domain.target_for(criterion, units["BDG"]) is None
    tay_ninh = domain.target_for(criterion, units["TNH"])
    assert tay_ninh is not None
    assert domain.target_sentence(target_to_dict(tay_ninh)) == (
        "Số vụ buôn lậu, vận chuyển trái phép hàng hóa, tiền tệ qua biên giới được phát hiện, "
        "xử lý đạt ít nhất 25 vụ"
    )


def test_it_signs_the_seeded_covenants_and_leaves_cluster_10_of_2025_a_draft(
    loaded: str,
) -> None:
    statuses = {
        (c.cluster.year, c.cluster.number): c.status
        for c in Covenant.objects.select_related("cluster")
    }
    cuc_c05 = Signature.objects.get(covenant=_covenant(2025, 4), unit__code="C05")
    can_tho = Signature.objects.get(covenant=_covenant(2023, 1), unit__code="CTO")

    assert statuses == {
        (2023, 1): CovenantStatus.IN_FORCE,
        (2024, 2): CovenantStatus.IN_FORCE,
        (2024, 10): CovenantStatus.IN_FORCE,
        (2025, 4): CovenantStatus.IN_FORCE,
        (2025, 8): CovenantStatus.IN_FORCE,
        (2025, 10): CovenantStatus.DRAFT,
    }
    assert (
        Signature.objects.filter(covenant__cluster__year=2025, covenant__cluster__number=8).count()
        == 5
    )
    assert (can_tho.signer_name, str(can_tho.signed_on)) == (
        "Thiếu tướng Nguyễn Văn Thuận",
        "2023-03-30",
    )
    assert cuc_c05.signer_name == "Trung tướng Trần Minh Lệ"
    named = {"Thiếu tướng Nguyễn Văn Thuận", "Đại tá Phạm Thanh Hùng", "Trung tướng Trần Minh Lệ"}
    for signature in Signature.objects.exclude(signer_name__in=named):
        assert signature.signer_name.endswith("(mẫu)"), signature


def test_it_starts_cluster_10_of_2025_from_last_year_with_baselines_moved(loaded: str) -> None:
    draft = _covenant(2025, 10)
    crime = draft.criteria.get(code="7")
    rehab = draft.criteria.get(code="9")

    assert draft.created_from == _covenant(2024, 10)
    assert domain.target_sentence(crime.target) == (
        "Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2024"
    )
    assert rehab.unit_targets.count() == 5
    assert draft.criteria.get(code="17").title == (
        "Gương mẫu đi đầu trong sắp xếp tinh gọn tổ chức bộ máy công an các cấp"
    )


def test_it_changes_nothing_when_loaded_twice(loaded: str) -> None:
    before = _counts()
    versions = dict(Covenant.objects.values_list("pk", "version"))

    again = _load()

    assert _counts() == before
    assert dict(Covenant.objects.values_list("pk", "version")) == versions
    assert "Loaded the demo covenants" not in again
    assert Cluster.objects.filter(covenant__isnull=False).count() == 6
