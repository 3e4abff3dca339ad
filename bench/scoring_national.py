"""Scoring and ranking a national year, against a vectorised NumPy computation of the same.

The data generator builds the emulation year 2024 of the whole force: 63 provincial police
in 9 Ministry clusters of 7, and in each province 7–8 clusters of 5–10 commune police
managed by the province's emulation office (PX03) — about 3,700 units in about 500
clusters (BENCH_SCALE=0.1 builds a tenth of the provinces). Every cluster has a covenant in
force of 60 criteria on a scale of 1,000 (the national template, targets set per cluster
and, for some units, per unit): 52 quantitative (at least N, rates "từ p% trở lên" and
"trên p%", 100% coverage, reduce or increase by p% on 2023 or by a range, at most N and zero
tolerance, "giảm 5% cả 3 tiêu chí"), 4 qualitative, 2 direct entries (points, points per
occurrence), rank points and a bonus/penalty item list. Units report 12 monthly reports
(approved, most of them locked); baselines are the 2023 year reports in the system for
about 70 % of the clusters and typed in by the units (monthly) for the others. Every unit
has a score sheet somewhere in the workflow (most final) with its inputs at each step, and
quantitative snapshots of its approved year figures as the scoring app stores them.

The world is written with bulk_create (and one executemany for the 2.4 million figures):
building it through the domain would take hours, and what is measured is the read path.
The rows are those the domain would make; a sample of units is read again through the
product (figures_snapshot) and must give the very snapshots stored.

Measured, side by side in one run:
  (a) the product: the figures read into snapshots (figures_snapshot, on a sample of
      clusters, extrapolated), then every cluster scored and ranked from the database
      (cluster_score_tables and covenant_rankings over every covenant, in batches);
  (b) the same formula vectorised with NumPy on the same figures: the figures loaded once
      into arrays, year sums, ratios r, leaders, the ½-rule, the yardstick for units
      without a target, group caps, totals, percentages, ranks (lexsort), checked against
      (a) to two decimals;
  (c) the heat-map page ("scoring:heatmap") at 5 and at 10 units: queries and time, or,
      while the page does not exist yet, the selector it is built on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from thidua.covenants import domain as covenants_domain
from thidua.covenants.domain import Shape
from thidua.covenants.models import (
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionIndicator,
    CriterionKind,
    Indicator,
    MovementKind,
    Signature,
    UnitTarget,
)
from thidua.engine.evaluation import Count, Evaluation, Ratio, evaluate
from thidua.engine.scoring import DEFAULT_RANK_POINTS
from thidua.engine.targets import (
    AllOf,
    AtLeast,
    AtMost,
    Change,
    ChangeDirection,
    FullCoverage,
    RateAtLeast,
    Target,
    target_from_dict,
    target_to_dict,
)
from thidua.engine.text import fold, sort_key
from thidua.org.models import (
    Cluster,
    ClusterLevel,
    ClusterRole,
    Membership,
    RoleKind,
    RoleSource,
    Unit,
    UnitKind,
)
from thidua.reporting.domain import TargetStatus
from thidua.reporting.models import (
    OFFICIAL_STATUSES,
    PERIOD_SHAPES,
    Period,
    PeriodKind,
    Report,
    ReportStatus,
    month_end,
    months_of,
)
from thidua.reporting.models import Figure as StoredFigure
from thidua.scoring import domain as scoring
from thidua.scoring.domain.figures import _snapshot
from thidua.scoring.models import CovenantScoring, Score, ScoreSheet, SheetStatus

YEAR = 2024
BASELINE_YEAR = YEAR - 1
SEED = 2024
MONTHS = 12
PARTS = 3  # the most parts a target has here ("giảm 5% cả 3 tiêu chí")
BATCH = 50  # covenants per call of the product's selectors, as a national task would page

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP. Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
SYLLABLES = (
    "An", "Bình", "Phú", "Tân", "Hòa", "Long", "Thạnh", "Mỹ", "Hưng", "Thuận", "Phước",
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Quang", "Minh", "Thành", "Vĩnh", "Xuân", "Hải",
    "Sơn", "Đức", "Lộc", "Thịnh", "Hiệp", "Lợi", "Khánh", "Định",
)  # fmt: skip

# ---------------------------------------------------------------------------------------
# The national covenant template: 6 groups, 60 leaves, 1,000 points


@dataclass(frozen=True)
class Quant:
    """A quantitative leaf: the shape, what it measures, and its common target's number."""

    shape: str
    name: str
    unit: str = "vụ"
    number: int = 0  # at least / at most N per commune a year; the percent; the change %
    top: int | None = None  # the upper bound of a range "giảm 5–10%"
    parts: tuple[str, ...] = ()  # AllOf: the measures of the parts


Q = Quant
GROUPS: tuple[tuple[str, str, tuple[Quant, ...]], ...] = (
    ("I", "Đấu tranh phòng, chống tội phạm", (
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ điều tra, khám phá án", "%", 85),
        Q(Shape.RATE_STRICT, "tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng", "%", 90),
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ bắt, vận động đầu thú đối tượng truy nã", "%", 70),
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ thu hồi tài sản trong các vụ án", "%", 60),
        Q(Shape.FULL_COVERAGE, "tỷ lệ tố giác, tin báo về tội phạm được tiếp nhận", "%"),
        Q(Shape.REDUCE, "số vụ phạm tội về trật tự xã hội", "vụ", 5),
        Q(Shape.REDUCE, "số vụ trộm cắp tài sản", "vụ", 5),
        Q(Shape.REDUCE, "số vụ cướp giật tài sản", "vụ", 5, top=10),
        Q(Shape.AT_LEAST, "số vụ phạm tội về ma túy phát hiện, bắt giữ", "vụ", 6),
        Q(Shape.AT_LEAST, "số hồ sơ đưa đối tượng đi cai nghiện bắt buộc", "hồ sơ", 4),
        Q(Shape.AT_LEAST, "số vụ vi phạm về kinh tế phát hiện", "vụ", 5),
        Q(Shape.INCREASE, "số vụ vi phạm về môi trường phát hiện", "vụ", 10),
        Q(Shape.AT_LEAST, "số đối tượng truy nã bắt được", "đối tượng", 3),
        Q(Shape.AT_MOST, "số vụ bạo loạn, khủng bố", "vụ", 0),
    )),
    ("II", "Bảo đảm trật tự, an toàn giao thông và phòng cháy, chữa cháy", (
        Q(Shape.REDUCE_ALL, "tai nạn giao thông", "vụ", 5,
          parts=("số vụ tai nạn giao thông", "số người chết do tai nạn giao thông",
                 "số người bị thương do tai nạn giao thông")),
        Q(Shape.REDUCE, "số vụ cháy", "vụ", 5),
        Q(Shape.REDUCE, "số vụ vi phạm trật tự đô thị", "vụ", 3, top=5),
        Q(Shape.REDUCE, "số vụ tụ tập đua xe trái phép", "vụ", 10),
        Q(Shape.AT_LEAST, "số trường hợp vi phạm nồng độ cồn xử lý", "trường hợp", 40),
        Q(Shape.AT_LEAST, "số buổi tuyên truyền phòng cháy, chữa cháy", "buổi", 12),
        Q(Shape.AT_LEAST, "số cơ sở được kiểm tra an toàn phòng cháy", "cơ sở", 30),
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ cơ sở vi phạm phòng cháy được xử lý", "%", 90),
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ phương tiện vi phạm bị xử lý", "%", 80),
        Q(Shape.AT_MOST, "số vụ cháy lớn gây thiệt hại nghiêm trọng", "vụ", 0),
        Q(Shape.AT_MOST, "số vụ việc phức tạp về an ninh, trật tự kéo dài", "vụ", 2),
        Q(Shape.AT_LEAST, "số lượt tuần tra, kiểm soát giao thông", "lượt", 60),
    )),
    ("III", "Quản lý hành chính về trật tự xã hội", (
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ cấp căn cước đúng hạn", "%", 95),
        Q(Shape.RATE_STRICT, "tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến", "%", 80),
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ thu hồi vũ khí, vật liệu nổ", "%", 75),
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ cơ sở kinh doanh có điều kiện được kiểm tra", "%", 90),
        Q(Shape.RATE_STRICT, "tỷ lệ đăng ký tạm trú được cập nhật đúng hạn", "%", 90),
        Q(Shape.FULL_COVERAGE, "tỷ lệ đơn thư khiếu nại, tố cáo được tiếp nhận", "%"),
        Q(Shape.AT_LEAST, "số lượt kiểm tra cư trú", "lượt", 50),
        Q(Shape.AT_LEAST, "số hồ sơ căn cước thu nhận", "hồ sơ", 300),
        Q(Shape.AT_LEAST, "số tài khoản định danh điện tử kích hoạt", "tài khoản", 250),
        Q(Shape.REDUCE, "số vụ vi phạm về vũ khí, công cụ hỗ trợ", "vụ", 5),
        Q(Shape.REDUCE, "số vụ đánh bạc", "vụ", 5),
        Q(Shape.REDUCE, "số vụ gây rối trật tự công cộng", "vụ", 5),
        Q(Shape.AT_LEAST, "số khẩu súng, vật liệu nổ thu hồi", "khẩu", 2),
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ dữ liệu dân cư được làm sạch", "%", 98),
    )),
    ("IV", "Phong trào toàn dân bảo vệ an ninh Tổ quốc", (
        Q(Shape.AT_LEAST, "số mô hình tự quản về an ninh, trật tự", "mô hình", 3),
        Q(Shape.AT_LEAST, "số buổi họp dân, tuyên truyền pháp luật", "buổi", 10),
        Q(Shape.AT_LEAST, "số tin có giá trị do quần chúng cung cấp", "tin", 15),
        Q(Shape.AT_LEAST, "số tổ an ninh, trật tự cơ sở được kiện toàn", "tổ", 4),
        Q(Shape.AT_LEAST, "số người lầm lỗi được giúp đỡ", "người", 5),
        Q(Shape.RATE_INCLUSIVE, "tỷ lệ người chấp hành xong án phạt tù tái hòa nhập", "%", 90),
        Q(Shape.REDUCE, "số vụ tranh chấp, khiếu kiện đông người", "vụ", 10),
        Q(Shape.REDUCE, "số người nghiện ma túy có hồ sơ quản lý", "người", 5),
        Q(Shape.INCREASE, "số đối tượng nghiện được cai nghiện tự nguyện", "người", 10),
        Q(Shape.RATE_STRICT, "tỷ lệ thôn, tổ dân phố đạt an toàn về an ninh, trật tự", "%", 85),
        Q(Shape.AT_LEAST, "số camera an ninh được lắp đặt", "camera", 20),
        Q(Shape.REDUCE, "số vụ bạo lực gia đình", "vụ", 5),
    )),
)  # fmt: skip
QUANT_POINTS = 15
# Group V: qualitative ×4 (20 each), direct 30, per occurrence 30 (5 a time), rank points 60.
# Group VI: the bonus/penalty items (20).
BONUS_ITEMS = [
    {"label": "Bằng khen của Thủ tướng Chính phủ", "points": "5"},
    {"label": "Bằng khen của Bộ trưởng", "points": "3"},
    {"label": "Bị phê bình", "points": "-3"},
    {"label": "Bị kỷ luật", "points": "-5"},
]


@dataclass(frozen=True)
class Leaf:
    code: str
    title: str
    kind: str
    points: int
    group: int  # index in the tree's top level
    quant: Quant | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    indicators: tuple[Indicator, ...] = ()


def template(indicators: dict[str, Indicator]) -> list[Leaf]:
    """The 60 leaves of the national covenant, in tree order."""
    leaves = []
    for g, (_code, _title, quants) in enumerate(GROUPS):
        for i, quant in enumerate(quants, start=1):
            names = quant.parts or (quant.name,)
            leaves.append(
                Leaf(
                    code=f"{i}",
                    title=f"{quant.name[:1].upper()}{quant.name[1:]}",
                    kind=CriterionKind.QUANTITATIVE,
                    points=QUANT_POINTS,
                    group=g,
                    quant=quant,
                    indicators=tuple(indicators[name] for name in names),
                )
            )
    v = len(GROUPS)
    leaves += [
        Leaf("1", "Chấp hành nghiêm chỉ thị, nghị quyết", CriterionKind.QUALITATIVE, 20, v),
        Leaf("2", "Tổ chức đảng trong sạch, vững mạnh", CriterionKind.QUALITATIVE, 20, v),
        Leaf("3", "Không có cán bộ vi phạm kỷ luật", CriterionKind.QUALITATIVE, 20, v),
        Leaf("4", "Thực hiện tốt công tác hậu cần", CriterionKind.QUALITATIVE, 20, v),
        Leaf("5", "Công tác thi đua, khen thưởng", CriterionKind.DIRECT, 30, v),
        Leaf(
            "6",
            "Tập huấn, hội thi nghiệp vụ (5 điểm mỗi đợt)",
            CriterionKind.DIRECT,
            30,
            v,
            settings={"per_occurrence": "5"},
        ),
        Leaf(
            "7",
            "Kết quả kiểm tra của cấp trên (điểm theo thứ hạng)",
            CriterionKind.RANK_POINTS,
            60,
            v,
        ),
        Leaf(
            "1",
            "Khen thưởng và vi phạm trong năm",
            CriterionKind.BONUS_PENALTY,
            20,
            v + 1,
            settings={"items": BONUS_ITEMS},
        ),
    ]
    return leaves


GROUP_TITLES = [title for _code, title, _q in GROUPS] + [
    "Xây dựng lực lượng, công tác đảng",
    "Điểm thưởng, điểm trừ",
]
GROUP_CODES = [code for code, _t, _q in GROUPS] + ["V", "VI"]


def _indicators() -> dict[str, Indicator]:
    """The indicator library of the template, through the domain (54 of them)."""
    made: dict[str, Indicator] = {}
    number = 0
    for _code, _title, quants in GROUPS:
        for quant in quants:
            for name in quant.parts or (quant.name,):
                number += 1
                is_rate = quant.shape in (
                    Shape.RATE_INCLUSIVE,
                    Shape.RATE_STRICT,
                    Shape.FULL_COVERAGE,
                )
                lower = quant.shape in (Shape.REDUCE, Shape.REDUCE_ALL, Shape.AT_MOST)
                extra: dict[str, str] = {}
                if is_rate:
                    extra = {
                        "numerator_vi": "số đã xử lý",
                        "numerator_en": "handled",
                        "denominator_vi": "tổng số",
                        "denominator_en": "total",
                    }
                    if quant.shape == Shape.FULL_COVERAGE:
                        extra |= {
                            "coverage_vi": name.removeprefix("tỷ lệ "),
                            "coverage_en": f"indicator {number}",
                        }
                if quant.shape == Shape.AT_MOST:
                    event = name.removeprefix("số vụ ").removeprefix("số ")
                    extra |= {"event_vi": event, "event_en": f"event {number}"}
                if quant.parts:
                    extra |= {"short_vi": name, "short_en": f"measure {number}"}
                made[name] = covenants_domain.indicator_save(
                    indicator=Indicator(
                        code=f"qg-{number:02d}",
                        name_vi=name,
                        name_en=f"indicator {number}",
                        unit_vi="%" if is_rate else quant.unit,
                        unit_en="%" if is_rate else "items",
                        higher_is_better=not lower,
                        **extra,
                    )
                )
    return made


def _target(leaf: Leaf, number: int | None = None, *, baseline_year: int = BASELINE_YEAR) -> Target:
    """The leaf's target through the domain's builder (number: the cluster's or unit's N)."""
    assert leaf.quant is not None
    quant = leaf.quant
    shape = quant.shape
    if shape in (Shape.AT_LEAST, Shape.AT_MOST):
        value: object = quant.number if number is None else number
    elif shape == Shape.FULL_COVERAGE:
        value = None
    else:
        value = quant.number
    return covenants_domain.build_target(
        shape=shape,
        indicators=list(leaf.indicators),
        number=value,
        max_number=quant.top,
        baseline_year=baseline_year
        if shape in (Shape.REDUCE, Shape.INCREASE, Shape.REDUCE_ALL)
        else None,
        subject_vi="tai nạn giao thông" if quant.parts else "",
        subject_en="traffic accidents" if quant.parts else "",
    )


# ---------------------------------------------------------------------------------------
# The generator


@dataclass
class World:
    admin: Any
    covenants: list[Covenant]
    units: int
    clusters: int
    figures: int
    scale: float
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _ClusterPlan:
    cluster: Cluster
    units: list[Unit]
    factor: float  # how large the cluster's units are: targets and figures scale with it
    system_baseline: bool
    province_level: bool


class _Figures:
    """Figure rows written with one executemany per batch (the bulk of the data)."""

    COLUMNS = (
        "report",
        "criterion",
        "part",
        "indicator",
        "value",
        "numerator",
        "denominator",
        "baseline_value",
        "baseline_numerator",
        "baseline_denominator",
        "comment",
    )

    def __init__(self) -> None:
        meta = StoredFigure._meta
        quote = connection.ops.quote_name
        column_of = {f.name: str(f.column) for f in meta.concrete_fields}
        columns = ", ".join(quote(column_of[name]) for name in self.COLUMNS)
        marks = ", ".join(["%s"] * len(self.COLUMNS))
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= 50_000:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows = []


def _unit(code: str, name: str, short: str, kind: str, **extra: Any) -> Unit:
    unit = Unit(code=code, name=name, short_name=short, kind=kind, **extra)
    # What Unit.save() keeps in step, since bulk_create does not call it.
    unit.search_text = fold(f"{code} {name} {short}")
    unit.sort_name = sort_key(short or name)[:400]
    return unit


def _commune_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if name in seen or name.split()[0] == name.split()[1]:
            continue
        seen.add(name)
        names.append(name)
    return names


def generate(
    *, scale: float = 1.0, seed: int = SEED, clusters_per_province: int | None = None
) -> World:
    """The national year of the module docstring, reproducible from `seed`.

    `scale` takes that share of the 63 provinces (at least 2); `clusters_per_province`
    caps their commune clusters (7–8 by default), for a small world in tests.
    """
    started = time.perf_counter()
    with transaction.atomic():
        world = _generate(scale=scale, seed=seed, clusters_per_province=clusters_per_province)
    world.seconds = time.perf_counter() - started
    return world


def _generate(*, scale: float, seed: int, clusters_per_province: int | None) -> World:
    rng = random.Random(seed)
    now = timezone.now()
    admin = get_user_model().objects.create_user(
        username="bench.scoring", password=None, is_superuser=True, is_staff=True
    )
    office = _unit(
        "X01",
        "Cục Công tác đảng và công tác chính trị",
        "Cục Công tác chính trị",
        UnitKind.MINISTRY_DEPARTMENT,
        is_emulation_office=True,
    )
    office.save()
    movements = {
        year: covenants_domain.movement_create(
            name="Vì an ninh Tổ quốc", kind=MovementKind.REGULAR, year=year
        )
        for year in (BASELINE_YEAR, YEAR)
    }
    leaves = template(_indicators())
    quant_leaves = [i for i, leaf in enumerate(leaves) if leaf.quant is not None]

    # Units: provinces, their emulation offices (PX03) and commune police.
    provinces_count = max(2, round(len(PROVINCES) * scale))
    provinces = [
        _unit(f"P{p:02d}", f"Công an tỉnh {name}", name, UnitKind.PROVINCIAL_POLICE)
        for p, name in enumerate(PROVINCES[:provinces_count], start=1)
    ]
    Unit.objects.bulk_create(provinces)
    offices = [
        _unit(
            f"{p.code}-PX03",
            f"Phòng Công tác đảng và công tác chính trị – {p.short_name}",
            f"PX03 {p.short_name}",
            UnitKind.PROVINCIAL_SECTION,
            is_emulation_office=True,
            parent=p,
        )
        for p in provinces
    ]
    Unit.objects.bulk_create(offices)
    sizes_by_province: list[list[int]] = []
    communes_by_province: list[list[Unit]] = []
    for province in provinces:
        sizes = [rng.randint(5, 10) for _ in range(rng.choice((7, 8, 8)))]
        sizes = sizes[:clusters_per_province] if clusters_per_province is not None else sizes
        sizes_by_province.append(sizes)
        names = _commune_names(rng, sum(sizes))
        communes_by_province.append(
            [
                _unit(
                    f"{province.code}-X{i:03d}",
                    f"Công an xã {name}",
                    f"Xã {name}",
                    UnitKind.COMMUNE_POLICE,
                    parent=province,
                )
                for i, name in enumerate(names, start=1)
            ]
        )
    Unit.objects.bulk_create([u for group in communes_by_province for u in group])

    # Clusters of 2024 (and of 2023 where the baseline year is in the system).
    plans: list[_ClusterPlan] = []
    ministry_sizes = []
    left = len(provinces)
    while left > 0:
        size = min(left, 7) if left - 7 >= 5 or left <= 10 else 5
        ministry_sizes.append(left if left <= 10 else size)
        left -= ministry_sizes[-1]
    start = 0
    for number, size in enumerate(ministry_sizes, start=1):
        cluster = Cluster(
            year=YEAR,
            level=ClusterLevel.MINISTRY,
            number=number,
            name=f"Cụm thi đua số {number}",
            managing_office=office,
        )
        plans.append(
            _ClusterPlan(
                cluster,
                provinces[start : start + size],
                rng.uniform(20, 40),
                rng.random() < 0.7,
                True,
            )
        )
        start += size
    for province, office_unit, sizes, communes in zip(
        provinces, offices, sizes_by_province, communes_by_province, strict=True
    ):
        start = 0
        for number, size in enumerate(sizes, start=1):
            cluster = Cluster(
                year=YEAR,
                level=ClusterLevel.PROVINCIAL,
                province=province,
                number=number,
                name=f"Cụm thi đua số {number} – Công an xã",
                managing_office=office_unit,
            )
            plans.append(
                _ClusterPlan(
                    cluster,
                    communes[start : start + size],
                    rng.uniform(0.7, 1.4),
                    rng.random() < 0.7,
                    False,
                )
            )
            start += size
    Cluster.objects.bulk_create([p.cluster for p in plans])
    old_clusters = {
        id(plan): Cluster(
            year=BASELINE_YEAR,
            level=plan.cluster.level,
            province=plan.cluster.province,
            number=plan.cluster.number,
            name=plan.cluster.name,
            managing_office=plan.cluster.managing_office,
        )
        for plan in plans
        if plan.system_baseline
    }
    Cluster.objects.bulk_create(list(old_clusters.values()))

    memberships, roles = [], []
    for plan in plans:
        clusters = [plan.cluster]
        if id(plan) in old_clusters:
            clusters.append(old_clusters[id(plan)])
        for cluster in clusters:
            jan1, dec31 = dt.date(cluster.year, 1, 1), dt.date(cluster.year, 12, 31)
            memberships += [
                Membership(cluster=cluster, unit=u, start_date=jan1, end_date=dec31)
                for u in plan.units
            ]
            roles += [
                ClusterRole(
                    cluster=cluster,
                    unit=plan.units[0],
                    role=RoleKind.HEAD,
                    start_date=jan1,
                    end_date=dec31,
                    source=RoleSource.ASSIGNMENT,
                ),
                ClusterRole(
                    cluster=cluster,
                    unit=plan.units[1],
                    role=RoleKind.DEPUTY,
                    start_date=jan1,
                    end_date=dec31,
                    source=RoleSource.ASSIGNMENT,
                ),
            ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    ClusterRole.objects.bulk_create(roles, batch_size=5000)

    # Covenants in force, signed by every member, with the template's criteria.
    def covenant_for(cluster: Cluster) -> Covenant:
        return Covenant(
            cluster=cluster,
            movement=movements[cluster.year],
            status=CovenantStatus.IN_FORCE,
            theme="Gương mẫu đi đầu, tăng tốc bứt phá",
            signing_date=dt.date(cluster.year, 3, 1),
            signing_place="Hội trường Công an tỉnh",
            version=70,
        )

    new_covenants = {id(plan): covenant_for(plan.cluster) for plan in plans}
    old_covenants = {key: covenant_for(cluster) for key, cluster in old_clusters.items()}
    Covenant.objects.bulk_create([*new_covenants.values(), *old_covenants.values()])
    signatures = []
    for plan in plans:
        for covenant in filter(None, (new_covenants[id(plan)], old_covenants.get(id(plan)))):
            signatures += [
                Signature(
                    covenant=covenant,
                    unit=u,
                    signer_name=f"Trưởng {u.short_name}",
                    signer_title="Trưởng Công an",
                    signed_on=dt.date(covenant.cluster.year, 3, 1),
                )
                for u in plan.units
            ]
    Signature.objects.bulk_create(signatures, batch_size=5000)

    # Targets: the cluster's N for counts (scaled to its units), shared sentences cached.
    targets: dict[tuple[int, int | None, int], Target] = {}

    def target_of(index: int, number: int | None, year: int = YEAR) -> Target:
        key = (index, number, year)
        if key not in targets:
            # A covenant compares with the year before it.
            targets[key] = _target(leaves[index], number, baseline_year=year - 1)
        return targets[key]

    def cluster_number(plan: _ClusterPlan, index: int) -> int | None:
        quant = leaves[index].quant
        assert quant is not None
        if quant.shape != Shape.AT_LEAST:
            return None
        return max(1, round(quant.number * plan.factor))

    all_covenants = [(plan, new_covenants[id(plan)]) for plan in plans] + [
        (plan, old_covenants[id(plan)]) for plan in plans if id(plan) in old_covenants
    ]
    groups = []
    for _plan, covenant in all_covenants:
        groups += [
            Criterion(
                covenant=covenant,
                parent=None,
                position=g,
                code=code,
                title=title,
                kind=CriterionKind.GROUP,
                max_points=Decimal(sum(x.points for x in leaves if x.group == g)),
            )
            for g, (code, title) in enumerate(zip(GROUP_CODES, GROUP_TITLES, strict=True))
        ]
    Criterion.objects.bulk_create(groups, batch_size=5000)
    group_of = {(g.covenant_id, g.position): g for g in groups}
    criteria: dict[int, list[Criterion]] = {}
    rows = []
    for plan, covenant in all_covenants:
        made = []
        positions: dict[int, int] = defaultdict(int)
        year = plan.cluster.year if covenant is new_covenants[id(plan)] else BASELINE_YEAR
        for index, leaf in enumerate(leaves):
            stored = None
            if leaf.quant is not None:
                stored = target_to_dict(target_of(index, cluster_number(plan, index), year))
            made.append(
                Criterion(
                    covenant=covenant,
                    parent=group_of[(covenant.pk, leaf.group)],
                    position=positions[leaf.group],
                    code=leaf.code,
                    title=leaf.title,
                    kind=leaf.kind,
                    max_points=Decimal(leaf.points),
                    settings=leaf.settings,
                    target=stored,
                )
            )
            positions[leaf.group] += 1
        criteria[covenant.pk] = made
        rows += made
    Criterion.objects.bulk_create(rows, batch_size=5000)
    CriterionIndicator.objects.bulk_create(
        [
            CriterionIndicator(criterion=criterion, indicator=indicator, part=part)
            for made in criteria.values()
            for criterion, leaf in zip(made, leaves, strict=True)
            for part, indicator in enumerate(leaf.indicators)
        ],
        batch_size=5000,
    )

    # Periods: the 19 of each covenant's year, as periods_generate makes them.
    # Keyed by the kinds' plain strings: a TextChoices member hashes unlike its value.
    periods: dict[tuple[int, str, int], Period] = {}
    for _plan, covenant in all_covenants:
        year = covenant.signing_date.year if covenant.signing_date else YEAR
        for kind, index in PERIOD_SHAPES:
            first, last = months_of(kind, index)
            deadline = dt.date(year + 1, 1, 5) if last == 12 else dt.date(year, last + 1, 5)
            periods[(covenant.pk, kind, index)] = Period(
                covenant=covenant,
                kind=kind,
                index=index,
                start=dt.date(year, first, 1),
                end=month_end(year, last),
                deadline=deadline,
            )
    Period.objects.bulk_create(list(periods.values()), batch_size=5000)

    # Per-unit targets, gaps and the unit's behaviour, drawn once per unit and leaf.
    unit_targets: list[UnitTarget] = []
    own: dict[tuple[int, int], tuple[bool, int | None]] = {}  # (unit, leaf) → (has, N)
    silent: set[tuple[int, int]] = set()  # no target and no figures
    gaps: set[tuple[int, int]] = set()  # one month's figure left blank
    late: set[int] = set()  # December still waiting for approval
    twins: dict[int, int] = {}  # unit → the unit whose figures and inputs it repeats
    # The first commune cluster holds one of each rare case for sure (a unit without a
    # target that reports, one that does not, a late December, a tie), so that even the
    # tests' small world has them; elsewhere they come by chance.
    first_plan = plans[len(ministry_sizes)] if len(plans) > len(ministry_sizes) else plans[0]
    at_least = [i for i in quant_leaves if leaves[i].quant.shape == Shape.AT_LEAST]  # type: ignore[union-attr]
    rates = [i for i in quant_leaves if leaves[i].quant.shape == Shape.RATE_INCLUSIVE]  # type: ignore[union-attr]
    for plan in plans:
        covenant = new_covenants[id(plan)]
        forced = plan is first_plan
        for position, unit in enumerate(plan.units):
            if forced and position == 4:
                # A twin of the first unit: equal on every figure and input, so tied.
                twins[unit.pk] = plan.units[0].pk
                continue
            if forced and position == 0:
                continue  # the twin's model: the cluster's targets, every figure there
            if (forced and position == 3) or (not forced and rng.random() < 0.007):
                late.add(unit.pk)
            for index in quant_leaves:
                shape = leaves[index].quant.shape  # type: ignore[union-attr]
                draw = rng.random()
                forced_none = forced and (
                    (position == 1 and index == at_least[0])
                    or (position == 2 and index == rates[0])
                )
                no_target_allowed = shape in (Shape.AT_LEAST, Shape.RATE_INCLUSIVE, Shape.REDUCE)
                if forced_none or (no_target_allowed and draw < 0.015):
                    own[(unit.pk, index)] = (False, None)
                    if (forced and position == 2) or (not forced and rng.random() < 0.5):
                        silent.add((unit.pk, index))
                elif shape == Shape.AT_LEAST and draw < 0.065:
                    base = cluster_number(plan, index) or 1
                    number = max(1, round(base * rng.choice((0.7, 0.8, 1.2, 1.3))))
                    own[(unit.pk, index)] = (True, number)
                if not forced and rng.random() < 0.002:
                    gaps.add((unit.pk, index))
                if (unit.pk, index) in own:
                    has, own_n = own[(unit.pk, index)]
                    unit_targets.append(
                        UnitTarget(
                            criterion=criteria[covenant.pk][index],
                            unit=unit,
                            target=target_to_dict(target_of(index, own_n)) if has else None,
                        )
                    )
    UnitTarget.objects.bulk_create(unit_targets, batch_size=5000)

    # Reports: 12 months of 2024 per unit; the 2023 year report where it is in the system.
    reports: dict[tuple[int, int], Report] = {}
    old_reports: dict[int, Report] = {}
    for plan in plans:
        covenant = new_covenants[id(plan)]
        for unit in plan.units:
            for month in range(1, MONTHS + 1):
                waiting = month == MONTHS and unit.pk in late
                status = (
                    ReportStatus.SUBMITTED
                    if waiting
                    else ReportStatus.LOCKED
                    if month <= 10
                    else ReportStatus.APPROVED
                )
                day = dt.datetime(YEAR + (month == 12), month % 12 + 1, 3, 9, tzinfo=dt.UTC)
                reports[(unit.pk, month)] = Report(
                    period=periods[(covenant.pk, PeriodKind.MONTH.value, month)],
                    unit=unit,
                    status=status,
                    version=4,
                    submitted_at=day,
                    submitted_by=admin,
                    reviewed_at=None if waiting else day,
                    reviewed_by=None if waiting else admin,
                    locked_at=day if status == ReportStatus.LOCKED else None,
                    locked_by=admin if status == ReportStatus.LOCKED else None,
                    created_at=day,
                    updated_at=day,
                    updated_by=admin,
                )
            if id(plan) in old_covenants:
                day = dt.datetime(YEAR, 1, 10, 9, tzinfo=dt.UTC)
                old_reports[unit.pk] = Report(
                    period=periods[(old_covenants[id(plan)].pk, PeriodKind.YEAR.value, 1)],
                    unit=unit,
                    status=ReportStatus.LOCKED,
                    version=5,
                    submitted_at=day,
                    submitted_by=admin,
                    reviewed_at=day,
                    reviewed_by=admin,
                    locked_at=day,
                    locked_by=admin,
                    created_at=day,
                    updated_at=day,
                    updated_by=admin,
                )
    Report.objects.bulk_create([*reports.values(), *old_reports.values()], batch_size=5000)

    # Score sheets, somewhere in the workflow (most of them final).
    sheets: dict[int, ScoreSheet] = {}
    for plan in plans:
        covenant = new_covenants[id(plan)]
        for unit in plan.units:
            sheet_status = rng.choices(
                [
                    SheetStatus.FINAL,
                    SheetStatus.EXPLAINED,
                    SheetStatus.VERIFIED,
                    SheetStatus.SUBMITTED,
                    SheetStatus.DRAFT,
                ],
                weights=[75, 10, 8, 5, 2],
            )[0]
            sheets[unit.pk] = ScoreSheet(
                covenant=covenant,
                unit=unit,
                status=sheet_status,
                version=12,
                figures_at=now,
                submitted_at=None if sheet_status == SheetStatus.DRAFT else now,
                finalized_at=now if sheet_status == SheetStatus.FINAL else None,
                created_at=now,
                updated_at=now,
                updated_by=admin,
            )
    ScoreSheet.objects.bulk_create(list(sheets.values()), batch_size=5000)
    CovenantScoring.objects.bulk_create(
        [
            CovenantScoring(covenant=c, updated_at=now, updated_by=admin)
            for c in new_covenants.values()
        ],
        batch_size=5000,
    )

    # Figures, snapshots and scores, cluster by cluster.
    figures = _Figures()
    baseline_rows = 0
    scores: list[Score] = []
    for plan in plans:
        covenant = new_covenants[id(plan)]
        made = criteria[covenant.pk]
        old_made = criteria[old_covenants[id(plan)].pk] if id(plan) in old_covenants else None
        drawn: dict[int, list[Score]] = {}
        draws: dict[tuple[int, int], tuple[Monthly, Baselines]] = {}
        for unit in plan.units:
            twin = twins.get(unit.pk)
            unit_scores: list[Score] = []
            for index, leaf in enumerate(leaves):
                criterion = made[index]
                if leaf.quant is None:
                    continue
                has, own_n = own.get((unit.pk if twin is None else twin, index), (True, None))
                target = (
                    target_of(index, own_n if own_n is not None else cluster_number(plan, index))
                    if has
                    else None
                )
                if twin is not None:
                    monthly, baseline = draws[(twin, index)]
                else:
                    monthly, baseline = _draw(
                        rng,
                        leaf.quant,
                        target or target_of(index, cluster_number(plan, index)),
                        plan.factor,
                    )
                    if (unit.pk, index) in silent:
                        monthly = {}
                    if (unit.pk, index) in gaps:
                        for part in monthly:
                            monthly[part] = [
                                m if i != 6 else None for i, m in enumerate(monthly[part])
                            ]
                for part, values in monthly.items():
                    indicator = leaf.indicators[part]
                    for month, figure in enumerate(values, start=1):
                        if figure is None:
                            continue
                        typed = (
                            baseline[part][month - 1]
                            if not plan.system_baseline and part in baseline
                            else None
                        )
                        row = (
                            reports[(unit.pk, month)].pk,
                            criterion.pk,
                            part,
                            indicator.pk,
                            *figure,
                            typed,
                            None,
                            None,
                            "",
                        )
                        figures.add(row)
                draws[(unit.pk, index)] = (monthly, baseline)
                if plan.system_baseline and old_made is not None:
                    for part, before in baseline.items():
                        baseline_rows += 1
                        figures.add(
                            (
                                old_reports[unit.pk].pk,
                                old_made[index].pk,
                                part,
                                leaf.indicators[part].pk,
                                sum(before),
                                None,
                                None,
                                None,
                                None,
                                None,
                                "",
                            )
                        )
                snapshot = _snapshot_of(
                    criterion=criterion,
                    target=target,
                    quant=leaf.quant,
                    monthly=monthly,
                    baseline=baseline,
                    complete=unit.pk not in late and (twin is None or twin not in late),
                )
                unit_scores.append(
                    Score(sheet=sheets[unit.pk], criterion=criterion, figures=snapshot)
                )
            if twin is None:
                unit_scores += _inputs(rng, leaves, made, sheets[unit.pk], len(plan.units))
            else:
                unit_scores += [
                    Score(
                        sheet=sheets[unit.pk],
                        criterion=s.criterion,
                        self_input=s.self_input,
                        verified_input=s.verified_input,
                        final_input=s.final_input,
                        self_note=s.self_note,
                        verified_reason=s.verified_reason,
                        final_reason=s.final_reason,
                    )
                    for s in drawn[twin]
                    if s.figures is None
                ]
            drawn[unit.pk] = unit_scores
            scores += unit_scores
        if len(scores) > 20_000:
            Score.objects.bulk_create(scores, batch_size=2000)
            scores = []
    Score.objects.bulk_create(scores, batch_size=2000)
    figures.flush()

    units = sum(len(plan.units) for plan in plans)
    return World(
        admin=admin,
        covenants=[new_covenants[id(plan)] for plan in plans],
        units=units,
        clusters=len(plans),
        figures=figures.written,
        scale=scale,
        counts={
            "late": len(late),
            "gaps": len(gaps),
            "no_target": sum(1 for h, _n in own.values() if not h),
            "own_target": sum(1 for h, _n in own.values() if h),
            "silent": len(silent),
            "system_baseline": sum(1 for p in plans if p.system_baseline),
            "baseline_figures": baseline_rows,
        },
    )


Monthly = dict[int, list[tuple[int | None, int | None, int | None] | None]]
Baselines = dict[int, list[int]]


def _draw(
    rng: random.Random, quant: Quant, target: Target, factor: float
) -> tuple[Monthly, Baselines]:
    """A unit's monthly figures on a leaf (value, numerator, denominator) and baselines."""
    shape = quant.shape
    monthly: Monthly = {}
    baseline: Baselines = {}
    if shape == Shape.AT_LEAST:
        assert isinstance(target, AtLeast)
        mean = float(target.n) * max(0.2, rng.gauss(1.05, 0.2)) / MONTHS
        monthly[0] = [(round(mean * rng.uniform(0.5, 1.5)), None, None) for _ in range(MONTHS)]
    elif shape in (Shape.RATE_INCLUSIVE, Shape.RATE_STRICT):
        assert isinstance(target, RateAtLeast)
        share = min(1.0, float(target.percent) / 100 * rng.gauss(1.02, 0.06))
        rows = []
        for _ in range(MONTHS):
            denominator = max(1, round(rng.randint(3, 30) * factor))
            numerator = min(denominator, round(denominator * share * rng.uniform(0.96, 1.04)))
            rows.append((None, numerator, denominator))
        monthly[0] = rows  # type: ignore[assignment]
    elif shape == Shape.FULL_COVERAGE:
        rows = []
        short = rng.random() < 0.15
        for month in range(MONTHS):
            denominator = max(1, round(rng.randint(2, 20) * factor))
            numerator = denominator - 1 if short and month == 5 else denominator
            rows.append((None, numerator, denominator))
        monthly[0] = rows  # type: ignore[assignment]
    elif shape == Shape.AT_MOST:
        assert isinstance(target, AtMost)
        chance = 0.004 if target.n == 0 else 0.12
        monthly[0] = [(1 if rng.random() < chance else 0, None, None) for _ in range(MONTHS)]
    else:
        parts = len(quant.parts) or 1
        sign = 1 if shape == Shape.INCREASE else -1
        for part in range(parts):
            change = rng.gauss(quant.number + 1, 4) / 100
            before = [max(1, round(rng.randint(2, 15) * factor)) for _ in range(MONTHS)]
            baseline[part] = before
            monthly[part] = [
                (max(0, round(b * (1 + sign * change) * rng.uniform(0.9, 1.1))), None, None)
                for b in before
            ]
    return monthly, baseline


def _year(
    values: Sequence[tuple[int | None, int | None, int | None] | None], complete: bool
) -> Count | Ratio | None:
    """The year to date of 12 months (None unless all are there), as the engine sums it."""
    if not complete or len(values) != MONTHS or any(v is None for v in values):
        return None
    present = [v for v in values if v is not None]
    if present[0][0] is not None:
        return Count(Decimal(sum(v[0] or 0 for v in present)))
    return Ratio(Decimal(sum(v[1] or 0 for v in present)), Decimal(sum(v[2] or 0 for v in present)))


def _snapshot_of(
    *,
    criterion: Criterion,
    target: Target | None,
    quant: Quant,
    monthly: Monthly,
    baseline: Baselines,
    complete: bool,
) -> dict[str, Any]:
    """The snapshot the scoring app stores: its own _snapshot on the year's figures."""
    ytd = {part: _year(values, complete) for part, values in monthly.items()}
    base = {part: Count(Decimal(sum(values))) for part, values in baseline.items()}
    if quant.parts:
        actual: Any = {p: f for p, f in ytd.items() if f is not None}
        before: Any = base
    else:
        actual, before = ytd.get(0), base.get(0)
    evaluation: Evaluation | None = evaluate(target, actual, before) if target is not None else None
    status = TargetStatus(
        criterion=criterion,
        target=target,
        sentence="",
        measures=(),
        ytd=actual,
        baseline=before,
        evaluation=evaluation,
        projection=None,
        periods_elapsed=MONTHS,
        periods_in_year=MONTHS,
    )
    return _snapshot(status)


def _inputs(
    rng: random.Random,
    leaves: Sequence[Leaf],
    made: Sequence[Criterion],
    sheet: ScoreSheet,
    units: int,
) -> list[Score]:
    """The unit's inputs on the other kinds, at each step its sheet has passed."""
    verified_step = sheet.status in (SheetStatus.VERIFIED, SheetStatus.EXPLAINED, SheetStatus.FINAL)
    final_step = sheet.status == SheetStatus.FINAL

    def draw(leaf: Leaf) -> dict[str, Any]:
        if leaf.kind == CriterionKind.QUALITATIVE:
            return {"met": rng.random() < 0.92}
        if leaf.kind == CriterionKind.DIRECT and leaf.settings.get("per_occurrence"):
            return {"occurrences": rng.randint(0, 9)}
        if leaf.kind == CriterionKind.DIRECT:
            return {"points": str(Decimal(rng.randint(30, 60)) / 2)}
        if leaf.kind == CriterionKind.RANK_POINTS:
            return {"ranks": [rng.randint(1, units) for _ in range(2)]}
        counts = {}
        for item, chance in enumerate((0.05, 0.3, 0.1, 0.02)):
            if rng.random() < chance:
                counts[str(item)] = 1 + (rng.random() < 0.2)
        return {"counts": counts}

    made_scores = []
    for leaf, criterion in zip(leaves, made, strict=True):
        if leaf.quant is not None:
            continue
        score = Score(sheet=sheet, criterion=criterion)
        if sheet.status != SheetStatus.DRAFT or rng.random() < 0.8:
            score.self_input = draw(leaf)
            score.self_note = "Có minh chứng kèm theo."
        if verified_step and rng.random() < 0.1:
            score.verified_input = draw(leaf)
            score.verified_reason = "Đối chiếu hồ sơ, điều chỉnh theo minh chứng."
        if final_step and rng.random() < 0.04:
            score.final_input = draw(leaf)
            score.final_reason = "Cơ quan thường trực quyết định sau giải trình."
        made_scores.append(score)
    return made_scores


# ---------------------------------------------------------------------------------------
# (b) The same formula, vectorised with NumPy

SHAPE_CODES = {AtLeast: 1, AtMost: 2, RateAtLeast: 3, FullCoverage: 4, Change: 5, AllOf: 6}
AT_LEAST, AT_MOST, RATE, FULL, CHANGE, ALL_OF = 1, 2, 3, 4, 5, 6
KIND_CODES = {
    CriterionKind.QUANTITATIVE: 1,
    CriterionKind.QUALITATIVE: 2,
    CriterionKind.DIRECT: 3,
    CriterionKind.BONUS_PENALTY: 4,
    CriterionKind.RANK_POINTS: 5,
}


@dataclass
class Arrays:
    """Everything the formula needs, one row per (covenant, unit) and one column per leaf.

    Covenants share the national template (the same tree), so leaves line up by their
    position in the tree; per-covenant numbers (maxima, targets) are per row.
    """

    covenant_ids: np.ndarray  # (K,)
    row_covenant: np.ndarray  # (U,) index into covenant_ids; rows grouped by covenant
    row_unit: np.ndarray  # (U,) unit ids
    starts: np.ndarray  # (K,) first row of each covenant
    kind: np.ndarray  # (C,) KIND_CODES
    group: np.ndarray  # (C,) top-level group of each leaf
    maximum: np.ndarray  # (K, C)
    group_max: np.ndarray  # (K, G)
    scale: np.ndarray  # (K,)
    tie_break: list[str]
    # Quantitative, per (row, leaf): the target (the unit's, else the shape of the common one).
    has_target: np.ndarray  # (U, C) bool
    shape: np.ndarray  # (U, C, P) SHAPE codes of each part (0: no part)
    number: np.ndarray  # (U, C, P) n, percent or minimum change
    reduce: np.ndarray  # (U, C, P) bool: a reduction (else an increase)
    all_of: np.ndarray  # (U, C) bool
    value: np.ndarray  # (U, C, P) year sums of counts / numerators
    denominator: np.ndarray  # (U, C, P)
    complete: np.ndarray  # (U, C, P) bool: every month there, approved or locked
    baseline: np.ndarray  # (U, C, P) NaN when unknown
    # The other kinds: effective points, penalties and penalty counts.
    points: np.ndarray  # (U, C) NaN: no data
    penalty: np.ndarray  # (U, C)
    penalty_count: np.ndarray  # (U, C)


@dataclass
class Scored:
    total: np.ndarray
    attainable: np.ndarray
    percent: np.ndarray  # NaN when nothing is attainable
    rank: np.ndarray
    exceeded: np.ndarray
    leaf_points: np.ndarray  # (U, C)


def _raw(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a values_list query without the ORM's per-value conversions."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _params(target: Target) -> list[tuple[int, float, bool]]:
    parts = target.parts if isinstance(target, AllOf) else (target,)
    result = []
    for part in parts:
        if isinstance(part, AtLeast | AtMost):
            result.append((SHAPE_CODES[type(part)], float(part.n), False))
        elif isinstance(part, RateAtLeast):
            result.append((RATE, float(part.percent), False))
        elif isinstance(part, FullCoverage):
            result.append((FULL, 100.0, False))
        else:
            assert isinstance(part, Change)
            if part.baseline_year != BASELINE_YEAR:
                raise ValueError("The vectorised baseline reads the year before only.")
            result.append(
                (CHANGE, float(part.min_percent), part.direction is ChangeDirection.REDUCE)
            )
    return result


def load_arrays(covenant_ids: Sequence[int]) -> Arrays:
    """Read the figures, targets and inputs of the covenants into arrays (eight queries)."""
    covenants = {
        c.pk: c for c in Covenant.objects.filter(pk__in=covenant_ids).select_related("cluster")
    }
    ids = [pk for pk in covenant_ids if pk in covenants]
    K = len(ids)
    index_of = {pk: k for k, pk in enumerate(ids)}
    criteria = list(
        Criterion.objects.filter(covenant_id__in=ids)
        .order_by("covenant_id", "position", "id")
        .values_list("id", "covenant_id", "parent_id", "kind", "max_points", "settings", "target")
    )
    by_covenant: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for item in criteria:
        by_covenant[item[1]].append(item)
    leaf_of: dict[int, tuple[int, int]] = {}  # criterion id → (covenant index, column)
    structure: tuple[Any, ...] | None = None
    kinds: list[int] = []
    groups: list[int] = []
    maximum = np.zeros((K, 0))
    group_max = np.zeros((K, 0))
    settings: list[dict[str, Any]] = []
    common: dict[tuple[int, int], Any] = {}
    for pk in ids:
        entries = by_covenant[pk]
        tops = [e for e in entries if e[2] is None]
        children: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for e in entries:
            if e[2] is not None:
                children[e[2]].append(e)
        leaves = [(g, leaf) for g, top in enumerate(tops) for leaf in children[top[0]]]
        if any(children.get(leaf[0]) for _g, leaf in leaves) or any(
            not children[t[0]] for t in tops
        ):
            raise ValueError("The vectorised tree has two levels: groups of leaves.")
        shape_here = tuple((g, leaf[3]) for g, leaf in leaves)
        if structure is None:
            structure = shape_here
            kinds = [KIND_CODES[kind] for _g, kind in shape_here]
            groups = [g for g, _kind in shape_here]
            maximum = np.zeros((K, len(leaves)))
            group_max = np.zeros((K, len(tops)))
            settings = [leaf[5] or {} for _g, leaf in leaves]
        elif shape_here != structure:
            raise ValueError("The vectorised computation needs the same tree in every covenant.")
        k = index_of[pk]
        for j, (_g, leaf) in enumerate(leaves):
            leaf_of[leaf[0]] = (k, j)
            maximum[k, j] = float(leaf[4])
            common[(k, j)] = leaf[6]
        for g, top in enumerate(tops):
            group_max[k, g] = float(top[4])
    C = len(kinds)

    # Rows: the members in December, grouped by covenant.
    members: dict[int, list[int]] = defaultdict(list)
    cluster_of = {c.cluster_id: index_of[pk] for pk, c in covenants.items() if pk in index_of}
    for cluster_id, unit_id, start, end in Membership.objects.filter(
        cluster_id__in=list(cluster_of)
    ).values_list("cluster_id", "unit_id", "start_date", "end_date"):
        k = cluster_of[cluster_id]
        year = covenants[ids[k]].cluster.year
        if (
            start <= dt.date(year, 12, 31)
            and end >= dt.date(year, 12, 1)
            and unit_id not in members[k]
        ):
            members[k].append(unit_id)
    row_covenant = np.concatenate([np.full(len(members[k]), k) for k in range(K)]).astype(np.int64)
    row_unit = np.concatenate([np.array(sorted(members[k]), dtype=np.int64) for k in range(K)])
    U = len(row_unit)
    starts = np.searchsorted(row_covenant, np.arange(K))
    keys = row_covenant * (1 << 32) + row_unit  # sorted: covenant first, then unit id

    def rows_of(k: np.ndarray, unit: np.ndarray) -> np.ndarray:
        found: np.ndarray = np.searchsorted(keys, k * (1 << 32) + unit)
        return found

    # Targets: the common one, overridden by the unit's own (None: no target).
    has_target = np.zeros((U, C), dtype=bool)
    shape = np.zeros((U, C, PARTS), dtype=np.int64)
    number = np.zeros((U, C, PARTS))
    reduce = np.zeros((U, C, PARTS), dtype=bool)
    all_of = np.zeros((U, C), dtype=bool)
    parsed: dict[str, list[tuple[int, float, bool]]] = {}

    def fill(rows: np.ndarray | slice, j: int, data: Any) -> None:
        text = repr(data)
        if text not in parsed:
            parsed[text] = _params(target_from_dict(data))
        for part, (code, n, down) in enumerate(parsed[text]):
            shape[rows, j, part] = code
            number[rows, j, part] = n
            reduce[rows, j, part] = down
        all_of[rows, j] = len(parsed[text]) > 1

    for (k, j), data in common.items():
        if kinds[j] == KIND_CODES[CriterionKind.QUANTITATIVE] and data is not None:
            rows = slice(starts[k], starts[k] + len(members[k]))
            fill(rows, j, data)
            has_target[rows, j] = True
    for criterion_id, unit_id, data in UnitTarget.objects.filter(
        criterion__covenant_id__in=ids
    ).values_list("criterion_id", "unit_id", "target"):
        k, j = leaf_of[criterion_id]
        row = int(rows_of(np.array([k]), np.array([unit_id]))[0])
        if row >= U or keys[row] != k * (1 << 32) + unit_id:
            continue
        if data is None:
            has_target[row, j] = False  # measured like the common target, if it reports
        else:
            fill(np.array([row]), j, data)
            has_target[row, j] = True

    # The year's figures: every month approved or locked, summed per measure.
    lookup_k = np.full(max(leaf_of) + 1, -1, dtype=np.int64)
    lookup_j = np.full(max(leaf_of) + 1, -1, dtype=np.int64)
    for criterion_id, (k, j) in leaf_of.items():
        lookup_k[criterion_id], lookup_j[criterion_id] = k, j
    figures = np.array(
        _raw(
            StoredFigure.objects.filter(
                report__period__covenant_id__in=ids,
                report__period__kind=PeriodKind.MONTH,
                report__status__in=list(OFFICIAL_STATUSES),
            ).values_list(
                "report__unit_id",
                "criterion_id",
                "part",
                "value",
                "numerator",
                "denominator",
                "baseline_value",
            )
        ),
        dtype=np.float64,
    ).reshape(-1, 7)
    criterion = figures[:, 1].astype(np.int64)
    k_of = lookup_k[criterion]
    figure_row = rows_of(k_of, figures[:, 0].astype(np.int64))
    j_of = lookup_j[criterion]
    flat = (figure_row * C + j_of) * PARTS + figures[:, 2].astype(np.int64)
    size = U * C * PARTS
    is_rate = np.isin(shape, (RATE, FULL))
    count_seen = ~np.isnan(figures[:, 3])
    rate_seen = ~np.isnan(figures[:, 4]) & ~np.isnan(figures[:, 5])
    seen = np.where(is_rate.reshape(-1)[flat], rate_seen, count_seen)
    months = np.bincount(flat[seen], minlength=size).reshape(U, C, PARTS)
    value = np.bincount(
        flat,
        np.where(
            is_rate.reshape(-1)[flat], np.nan_to_num(figures[:, 4]), np.nan_to_num(figures[:, 3])
        ),
        minlength=size,
    ).reshape(U, C, PARTS)
    denominator = np.bincount(flat, np.nan_to_num(figures[:, 5]), minlength=size).reshape(
        U, C, PARTS
    )
    complete = months == MONTHS
    typed_seen = ~np.isnan(figures[:, 6])
    typed_months = np.bincount(flat[typed_seen], minlength=size).reshape(U, C, PARTS)
    typed = np.bincount(flat, np.nan_to_num(figures[:, 6]), minlength=size).reshape(U, C, PARTS)

    # Baselines: the baseline year's report in the system wins; else the typed-in one.
    indicator_at: dict[tuple[int, int], int] = {}
    for criterion_id, part, indicator_id in CriterionIndicator.objects.filter(
        criterion__covenant_id__in=ids
    ).values_list("criterion_id", "part", "indicator_id"):
        if criterion_id in leaf_of:
            k, j = leaf_of[criterion_id]
            indicator_at[(k, indicator_id)] = j * PARTS + part
    system = np.full(size, np.nan)
    unit_rows: dict[int, list[int]] = defaultdict(list)
    for r, unit_id in enumerate(row_unit.tolist()):
        unit_rows[unit_id].append(r)
    for unit_id, indicator_id, figure in _raw(
        StoredFigure.objects.filter(
            report__period__covenant__cluster__year=BASELINE_YEAR,
            report__period__kind=PeriodKind.YEAR,
            report__status__in=list(OFFICIAL_STATUSES),
            report__unit_id__in=list(unit_rows),
            indicator__isnull=False,
        ).values_list("report__unit_id", "indicator_id", "value")
    ):
        if figure is None:
            continue
        for r in unit_rows[unit_id]:
            column = indicator_at.get((int(row_covenant[r]), indicator_id))
            if column is not None:
                system[r * C * PARTS + column] = float(figure)
    baseline = system.reshape(U, C, PARTS)
    baseline = np.where(np.isnan(baseline) & (typed_months == MONTHS), typed, baseline)

    # The other kinds: the effective input (final, else verified, else self), scored.
    points = np.full((U, C), np.nan)
    penalty = np.zeros((U, C))
    penalty_count = np.zeros((U, C))
    for _covenant, unit_id, criterion_id, own, verified, final in _raw(
        Score.objects.filter(sheet__covenant_id__in=ids)
        .exclude(criterion__kind=CriterionKind.QUANTITATIVE)
        .values_list(
            "sheet__covenant_id",
            "sheet__unit_id",
            "criterion_id",
            "self_input",
            "verified_input",
            "final_input",
        )
    ):
        data = next((d for d in (final, verified, own) if d is not None), None)
        if data is None:
            continue
        if isinstance(data, str):  # a JSON column as the driver returns it
            data = json.loads(data)
            if data is None:
                continue
        k, j = leaf_of[criterion_id]
        r = int(rows_of(np.array([k]), np.array([unit_id]))[0])
        _score_input(
            points, penalty, penalty_count, r, j, kinds[j], settings[j], maximum[k, j], data
        )

    tie_break = [covenants[pk].tie_break for pk in ids]
    return Arrays(
        covenant_ids=np.array(ids),
        row_covenant=row_covenant,
        row_unit=row_unit,
        starts=starts,
        kind=np.array(kinds),
        group=np.array(groups),
        maximum=maximum,
        group_max=group_max,
        scale=np.array([float(covenants[pk].scale) for pk in ids]),
        tie_break=tie_break,
        has_target=has_target,
        shape=shape,
        number=number,
        reduce=reduce,
        all_of=all_of,
        value=value,
        denominator=denominator,
        complete=complete,
        baseline=baseline,
        points=points,
        penalty=penalty,
        penalty_count=penalty_count,
    )


def _score_input(
    points: np.ndarray,
    penalty: np.ndarray,
    penalty_count: np.ndarray,
    r: int,
    j: int,
    kind: int,
    settings: dict[str, Any],
    maximum: float,
    data: dict[str, Any],
) -> None:
    """One stored input's points (the engine's rules for each kind, in floats)."""
    if kind == KIND_CODES[CriterionKind.QUALITATIVE]:
        if data.get("met") is not None:
            points[r, j] = maximum if data["met"] else 0.0
    elif kind == KIND_CODES[CriterionKind.DIRECT]:
        each = settings.get("per_occurrence")
        if each not in (None, "") and data.get("occurrences") is not None:
            points[r, j] = min(maximum, float(each) * data["occurrences"])
        elif data.get("points") is not None:
            points[r, j] = float(data["points"])
    elif kind == KIND_CODES[CriterionKind.RANK_POINTS]:
        ranks = data.get("ranks") or []
        table = [float(p) for p in settings.get("table") or DEFAULT_RANK_POINTS.points]
        if ranks:
            points[r, j] = sum(table[x - 1] if x <= len(table) else 0.0 for x in ranks) / len(ranks)
    elif kind == KIND_CODES[CriterionKind.BONUS_PENALTY]:
        items = [float(item["points"]) for item in settings.get("items", [])]
        amounts = [
            (items[int(code)] * count, count) for code, count in (data.get("counts") or {}).items()
        ]
        bonus = sum(a for a, _c in amounts if a >= 0)
        minus = sum(a for a, _c in amounts if a < 0)
        points[r, j] = bonus + minus
        penalty[r, j] = minus
        penalty_count[r, j] = sum(c for a, c in amounts if a < 0)


def _segment_max(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The maximum of each covenant's rows, per column (−inf where all are −inf)."""
    result: np.ndarray = np.maximum.reduceat(values, starts, axis=0)
    return result


def score_vectorised(a: Arrays) -> Scored:
    """DOMAIN.md §5 on the arrays: r, the ½-rule, leaders, caps, totals, percent, rank."""
    U = a.has_target.shape[0]
    half_max = a.maximum[a.row_covenant] / 2  # (U, C)
    M = a.maximum[a.row_covenant]
    quant = a.kind == KIND_CODES[CriterionKind.QUANTITATIVE]

    # r and the achieved amount of every part, then of the criterion.
    with np.errstate(divide="ignore", invalid="ignore"):
        v, d, n, b = a.value, a.denominator, a.number, a.baseline
        pct = np.where(d > 0, v * 100 / d, np.nan)
        known = a.complete & (a.shape > 0)
        change = np.where(a.reduce, b - v, v - b)
        zero_base = np.where(a.reduce, (v == 0) * 1.0, (v > 0) * 1.0)
        ratio = np.select(
            [
                a.shape == AT_LEAST,
                a.shape == AT_MOST,
                a.shape == RATE,
                a.shape == FULL,
                (a.shape == CHANGE) & (b == 0),
                a.shape == CHANGE,
            ],
            [
                v / n,
                np.where(v <= n, 1.0, np.where(n == 0, 0.0, n / v)),
                v * 100 / (d * n),
                np.where(v == d, 1.0, v / d),
                zero_base,
                change * 100 / (b * n),
            ],
            np.nan,
        )
        achieved = np.select(
            [
                np.isin(a.shape, (AT_LEAST, AT_MOST)),
                np.isin(a.shape, (RATE, FULL)),
                (a.shape == CHANGE) & (b != 0),
            ],
            [v, pct, change * 100 / b],
            np.nan,
        )
        known &= ~(np.isin(a.shape, (RATE, FULL)) & (d == 0))
        known &= ~((a.shape == CHANGE) & np.isnan(b))
    ratio = np.where(known, ratio, np.nan)
    achieved = np.where(known, achieved, np.nan)
    # AllOf: the smallest known ratio once a part fails or every part is known.
    parts = a.shape > 0
    smallest = np.nanmin(np.where(parts & known, ratio, np.inf), axis=2)
    smallest = np.where(np.isinf(smallest), np.nan, smallest)
    all_known = np.all(known | ~parts, axis=2)
    fails = np.any(known & (ratio < 1), axis=2)
    r = np.where(a.all_of, np.where(fails | all_known, smallest, np.nan), ratio[:, :, 0])
    actual = np.where(a.all_of, np.nan, achieved[:, :, 0])
    single_no_actual = np.isin(a.shape[:, :, 0], (AT_MOST,)) & ~a.has_target
    actual = np.where(single_no_actual, np.nan, actual)

    # The formula; the leader is the largest r among units with a target in the cluster.
    rated = quant & a.has_target & ~np.isnan(r)
    best = _segment_max(np.where(rated, r, -np.inf), a.starts)[a.row_covenant]
    best_points = np.select([best <= 0, best < 1, best == 1], [0.0, half_max * best, half_max], M)
    with np.errstate(divide="ignore", invalid="ignore"):
        formula = np.select(
            [r <= 0, r < 1, r == 1, r == best],
            [0.0, half_max * r, half_max, M],
            half_max + half_max * (r - 1) / (best - 1),
        )
        yard = _segment_max(
            np.where(rated & (r == best) & ~np.isnan(actual), actual, -np.inf), a.starts
        )[a.row_covenant]
        benchmarked = quant & ~a.has_target & ~np.isnan(actual) & np.isfinite(best) & (yard > 0)
        against = np.clip(best_points * actual / yard, 0, best_points)
    points = np.where(rated, formula, np.where(benchmarked, against, 0.0))
    attainable = np.where(quant & (a.has_target | benchmarked), M, 0.0)
    exceeded = rated & (r > 1)

    # The other kinds.
    other = ~quant
    bonus = a.kind == KIND_CODES[CriterionKind.BONUS_PENALTY]
    given = np.nan_to_num(a.points)
    positive = np.where(bonus, given - a.penalty, given)
    points = np.where(other, np.minimum(M, positive), points)
    attainable = np.where(other & ~bonus, M, attainable)
    penalty = np.where(other & bonus, a.penalty, 0.0)
    penalty_count = np.where(other & bonus, a.penalty_count, 0.0)

    # Groups capped at their maximum, penalties after the caps; the root capped at the scale.
    G = a.group_max.shape[1]
    member = np.eye(G)[a.group]  # (C, G)
    group_max = a.group_max[a.row_covenant]
    earned = np.minimum(group_max, points @ member).sum(axis=1)
    reach = np.minimum(group_max, attainable @ member).sum(axis=1)
    scale = a.scale[a.row_covenant]
    total = np.minimum(scale, earned) + penalty.sum(axis=1)
    reach = np.minimum(scale, reach)
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(reach > 0, total * 100 / reach, np.nan)

    # Ranking: percent, then more criteria exceeded, then fewer penalties (the default).
    more = exceeded.sum(axis=1)
    fewer = penalty_count.sum(axis=1)
    if any(rule.strip().lower() != "default" for rule in a.tie_break):
        raise ValueError("The vectorised ranking implements the default tie-break only.")
    unrated = np.isnan(percent)
    share = np.where(unrated, 0.0, np.round(percent, 9))  # equal, not off by a last bit
    keys = (
        np.where(unrated, 0, fewer),
        np.where(unrated, 0, -more),
        -share,
        unrated,
        a.row_covenant,
    )
    order = np.lexsort(keys)
    sorted_keys = np.stack([k[order] for k in keys])
    new = np.ones(U, dtype=bool)
    new[1:] = np.any(sorted_keys[:, 1:] != sorted_keys[:, :-1], axis=0)
    position = np.arange(U)
    first = np.maximum.accumulate(np.where(new, position, 0))
    rank = np.empty(U, dtype=np.int64)
    rank[order] = first - a.starts[a.row_covenant[order]] + 1
    return Scored(
        total=total, attainable=reach, percent=percent, rank=rank, exceeded=more, leaf_points=points
    )


# ---------------------------------------------------------------------------------------
# (a) The product, and the check


@dataclass(frozen=True)
class Standing:
    total: Decimal
    attainable: Decimal
    percent: Decimal | None
    rank: int


def product_standings(
    covenants: Sequence[Covenant], *, batch: int = BATCH
) -> dict[tuple[int, int], Standing]:
    """(covenant id, unit id) → the score table's totals and rank, through the product."""
    result = {}
    for start in range(0, len(covenants), batch):
        for table in scoring.cluster_score_tables(covenants=covenants[start : start + batch]):
            for row in table.units:
                result[(table.covenant.pk, row.unit.pk)] = Standing(
                    row.total, row.attainable, row.percent, row.rank or 0
                )
    return result


def product_rankings(covenants: Sequence[Covenant], *, batch: int = BATCH) -> int:
    rows = 0
    for start in range(0, len(covenants), batch):
        for ranking in scoring.covenant_rankings(covenants=covenants[start : start + batch]):
            rows += len(ranking.rows)
    return rows


def _shown(value: Decimal | float) -> Decimal:
    return Decimal(repr(float(value)) if isinstance(value, float) else value).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def compare(
    product: dict[tuple[int, int], Standing], arrays: Arrays, scored: Scored
) -> tuple[list[str], float]:
    """Mismatches between the product and the NumPy result (two decimals, ranks), and the
    largest difference of a total."""
    problems = []
    largest = 0.0
    seen = set()
    for r in range(len(arrays.row_unit)):
        key = (int(arrays.covenant_ids[arrays.row_covenant[r]]), int(arrays.row_unit[r]))
        seen.add(key)
        expected = product.get(key)
        if expected is None:
            problems.append(f"{key}: not in the product's tables")
            continue
        total = float(scored.total[r])
        largest = max(largest, abs(total - float(expected.total)))
        mine = (
            _shown(total),
            _shown(float(scored.attainable[r])),
            None if np.isnan(scored.percent[r]) else _shown(float(scored.percent[r])),
            int(scored.rank[r]),
        )
        theirs = (
            _shown(expected.total),
            _shown(expected.attainable),
            None if expected.percent is None else _shown(expected.percent),
            expected.rank,
        )
        if mine != theirs:
            problems.append(f"covenant {key[0]}, unit {key[1]}: product {theirs}, NumPy {mine}")
    problems += [f"{key}: only in the product" for key in product.keys() - seen]
    return problems, largest


# ---------------------------------------------------------------------------------------
# (c) The heat-map page


def heatmap(covenant: Covenant, user: Any, *, repeat: int = 5) -> tuple[str, int, float]:
    """(what was measured, queries, median seconds): the page if its URL exists, else the
    selector it renders (cluster_score_table)."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("scoring:heatmap", args=[covenant.pk])
    except NoReverseMatch:
        url = None
    times = []
    queries = 0
    if url is None:
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                scoring.cluster_score_table(covenant=covenant)
                times.append(time.perf_counter() - started)
            queries = len(captured)
        return "selector cluster_score_table (no page yet)", queries, statistics.median(times)
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    from django.conf import settings

    with (
        override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={**settings.STORAGES, "staticfiles": plain_static},
        ),
        warnings.catch_warnings(),
    ):
        # WhiteNoise notes that the scratch folder has no collected static files: true.
        warnings.filterwarnings("ignore", message="No directory at")
        client = Client()
        client.force_login(user)
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"The heat-map page answered {response.status_code}.")
            queries = len(captured)
    return f"page GET {url}", queries, statistics.median(times)


# ---------------------------------------------------------------------------------------
# The run


def timed(action: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _sample_refresh(covenants: Iterable[Covenant]) -> tuple[int, int, list[str]]:
    """figures_snapshot for every unit of the covenants; (units, snapshots, differences)."""
    units = 0
    compared = 0
    problems: list[str] = []
    for covenant in covenants:
        stored: dict[tuple[int, int], Any] = {
            (unit_id, criterion_id): figures
            for unit_id, criterion_id, figures in Score.objects.filter(
                sheet__covenant=covenant, criterion__kind=CriterionKind.QUANTITATIVE
            ).values_list("sheet__unit_id", "criterion_id", "figures")
        }
        for membership in Membership.objects.filter(cluster_id=covenant.cluster_id).select_related(
            "unit"
        ):
            units += 1
            for criterion_id, snapshot in scoring.figures_snapshot(
                covenant=covenant, unit=membership.unit
            ).items():
                compared += 1
                if stored.get((membership.unit_id, criterion_id)) != snapshot:
                    problems.append(
                        f"unit {membership.unit_id}, criterion {criterion_id}: stored "
                        f"{stored.get((membership.unit_id, criterion_id))}, read {snapshot}"
                    )
    return units, compared, problems


def run() -> None:
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    world = generate(scale=scale)
    covenants = world.covenants
    c = world.counts
    monthly = world.figures - c["baseline_figures"]
    print(
        f"Data ({connection.vendor}, scale {scale:g}): {world.units:,} units in "
        f"{world.clusters:,} clusters, 60 criteria each (52 quantitative), 12 monthly reports "
        f"each: {monthly:,} figures of 2024 and {c['baseline_figures']:,} of 2023 (the system "
        f"baseline of {c['system_baseline']} clusters; the others typed theirs in), "
        f"{Score.objects.count():,} scores; generated in {world.seconds:.1f} s.\n"
        f"  {c['own_target']:,} own targets, {c['no_target']:,} unit-criteria without a "
        f"target ({c['silent']:,} of them not reported), {c['gaps']} with a month left blank, "
        f"{c['late']} units with December not yet approved.",
        flush=True,
    )

    # (a) The product: figures read into snapshots (a sample), then every table.
    sample = covenants[:: max(1, len(covenants) // 12)][:12]
    refresh, (sample_units, compared, problems) = timed(lambda: _sample_refresh(sample))
    if problems:
        raise SystemExit(
            f"{len(problems)} of {compared} stored snapshots differ from figures_snapshot; "
            f"first: {problems[0]}"
        )
    per_unit = refresh / sample_units
    tables, standings = timed(lambda: product_standings(covenants))
    rankings, ranked_rows = timed(lambda: product_rankings(covenants))

    # (b) NumPy: load once, compute (median of 3), check against (a).
    ids = [covenant.pk for covenant in covenants]
    load, arrays = timed(lambda: load_arrays(ids))
    compute, scored = timed(lambda: score_vectorised(arrays), repeat=3)
    problems, largest = compare(standings, arrays, scored)

    # (c) The heat-map at 5 and at 10 units.
    sizes: dict[int, Covenant] = {}
    for covenant in covenants:
        size = Membership.objects.filter(cluster_id=covenant.cluster_id).count()
        sizes.setdefault(size, covenant)
        if 5 in sizes and 10 in sizes:
            break
    heat = {size: heatmap(sizes[size], world.admin) for size in (5, 10) if size in sizes}

    n = len(covenants)
    extrapolated = per_unit * world.units
    rows = [
        ("(1) year figures read, all units", extrapolated, load),
        ("(2) score + rank every cluster", tables, compute),
        ("    ranking only (covenant_rankings)", rankings, compute),
        ("(1) + (2) end to end", extrapolated + tables, load + compute),
    ]
    print(f"\n{'what':<40} {'product':>10} {'NumPy':>10} {'product/NumPy':>14}")
    for label, product, vectorised in rows:
        print(f"{label:<40} {product:>8.2f} s {vectorised:>8.3f} s {product / vectorised:>13.0f}×")
    print(
        f"\n(1) product: figures_snapshot (reporting's year to date and baseline through the "
        f"engine), {per_unit * 1000:.0f} ms per unit on {sample_units} units of {len(sample)} "
        f"clusters, × {world.units:,} units; NumPy: load_arrays, 8 queries and the year sums.\n"
        f"(2) product: cluster_score_tables, {BATCH} covenants a call, "
        f"{tables / n * 1000:.1f} ms per cluster; NumPy: score_vectorised, "
        f"{compute / n * 1e6:.0f} µs per cluster."
    )
    print(
        f"Check: {compared:,} stored snapshots read again by the product, all equal; "
        f"{len(standings):,} units ({ranked_rows:,} ranking rows) scored by both, "
        f"{len(problems)} mismatch(es) in total, attainable, percent (two decimals) or rank; "
        f"largest difference of a total {largest:.1e} points."
    )
    for problem in problems[:10]:
        print("   ", problem)
    for size, (what, queries, seconds) in heat.items():
        print(f"Heat-map, {size} units: {queries} queries, {seconds * 1000:.1f} ms ({what}).")
    if problems:
        raise SystemExit("The NumPy computation and the product disagree (listed above).")
