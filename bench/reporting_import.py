"""Excel import of one cluster-year, against openpyxl's bare read of the same files.

The data generator builds one cluster of 10 provincial police units, a covenant of 60
quantitative criteria (20 rates, 40 counts: at least N, reduce by p% on 2023, at most N)
in six groups, and its 12 months. For each month it downloads the cluster's workbook
(thidua.reporting.excel.period_workbook: 10 sheets × 60 rows) and fills it in as units
would: whole numbers, some decimals, some numbers typed as Vietnamese text ("1.234,5"),
a few comments. That is 10 × 60 × 12 = 7,200 figures in 12 workbooks.

Measured, side by side in one run:
  (a) openpyxl's bare read of the 12 files: load_workbook(read_only=True), every row of
      every sheet (values only) — the floor any import pays;
  (b) our validated import of the 12 files (thidua.reporting.excel.workbook_import: the
      upload guards, the metadata and header checks, every row parsed and validated, all
      figures saved through the domain with their history, one transaction per file),
      then the same files again (validated, nothing to save);
  (c) the year-to-date recomputation: report_evaluations for every unit at December
      (drafts included, as a unit previewing its year sees it).
"""

from __future__ import annotations

import io
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

UNITS = [
    ("TNH", "Tây Ninh"), ("LAN", "Long An"), ("BDG", "Bình Dương"), ("BPC", "Bình Phước"),
    ("DNI", "Đồng Nai"), ("BRV", "Bà Rịa - Vũng Tàu"), ("HCM", "Thành phố Hồ Chí Minh"),
    ("TGG", "Tiền Giang"), ("BTE", "Bến Tre"), ("VLG", "Vĩnh Long"),
]  # fmt: skip
YEAR = 2024
GROUPS = 6
PER_GROUP = 10
RATES = (
    ("tỷ lệ điều tra, khám phá án", "số vụ án đã điều tra, khám phá", "số vụ án đã khởi tố"),
    ("tỷ lệ giải quyết tố giác, tin báo về tội phạm", "số tin đã giải quyết", "số tin đã tiếp nhận"),
    ("tỷ lệ bắt, vận động đầu thú đối tượng truy nã", "số đối tượng đã bắt", "số đối tượng truy nã"),
    ("tỷ lệ cấp căn cước đúng hạn", "số hồ sơ cấp đúng hạn", "số hồ sơ đã tiếp nhận"),
)  # fmt: skip
COUNTS = (
    ("số vụ phạm tội về trật tự xã hội", "vụ", False),
    ("số hồ sơ đưa đối tượng đi cai nghiện bắt buộc", "hồ sơ", True),
    ("số vụ tai nạn giao thông", "vụ", False),
    ("số buổi tuyên truyền phòng cháy, chữa cháy", "buổi", True),
    ("số vụ cháy", "vụ", False),
    ("số mô hình tự quản về an ninh, trật tự", "mô hình", True),
)


def build(seed: int = 2024) -> dict[str, Any]:
    """One cluster, its 10 units, a covenant of 60 quantitative criteria, 12 months."""
    from django.contrib.auth import get_user_model

    from thidua.covenants import domain as covenants
    from thidua.covenants.domain import Shape
    from thidua.covenants.models import CriterionKind, Indicator, MovementKind
    from thidua.org import domain as org
    from thidua.org.models import ClusterLevel, RoleKind, UnitKind
    from thidua.reporting import domain
    from thidua.reporting.models import PeriodKind

    rng = random.Random(seed)
    office = org.unit_create(
        code="CTCT", name="Cục Công tác đảng và công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT, is_emulation_office=True,
    )  # fmt: skip
    units = [
        org.unit_create(code=code, name=f"Công an tỉnh {name}", short_name=name,
                        kind=UnitKind.PROVINCIAL_POLICE)
        for code, name in UNITS
    ]  # fmt: skip
    cluster = org.cluster_create(
        year=YEAR, level=ClusterLevel.MINISTRY, number=1, managing_office=office
    )
    for unit in units:
        org.membership_add(cluster=cluster, unit=unit)
    org.role_assign(cluster=cluster, unit=units[0], role=RoleKind.HEAD)
    movement = covenants.movement_create(
        name="Vì an ninh Tổ quốc", kind=MovementKind.REGULAR, year=YEAR
    )
    covenant = covenants.covenant_create(cluster=cluster, movement=movement)
    number = 0
    for group in range(1, GROUPS + 1):
        parent = covenants.criterion_add(
            covenant=covenant, parent=None, code=f"{group}", kind=CriterionKind.GROUP,
            title=f"Nhóm tiêu chí {group}", max_points=Decimal(PER_GROUP * 10),
        )  # fmt: skip
        for item in range(1, PER_GROUP + 1):
            number += 1
            is_rate = number % 3 == 0  # 20 rates, 40 counts
            if is_rate:
                name, numerator, denominator = RATES[number % len(RATES)]
                indicator = covenants.indicator_save(
                    indicator=Indicator(
                        code=f"bench-{number}", name_vi=f"{name} ({number})",
                        name_en=f"rate {number}", unit_vi="%", unit_en="%",
                        numerator_vi=numerator, numerator_en="solved",
                        denominator_vi=denominator, denominator_en="total",
                    )
                )  # fmt: skip
                target = covenants.build_target(
                    shape=Shape.RATE_INCLUSIVE, indicators=[indicator], number=rng.choice((80, 90))
                )
            else:
                name, measure_unit, higher = COUNTS[number % len(COUNTS)]
                indicator = covenants.indicator_save(
                    indicator=Indicator(
                        code=f"bench-{number}", name_vi=f"{name} ({number})",
                        name_en=f"count {number}", unit_vi=measure_unit, unit_en="items",
                        higher_is_better=higher,
                    )
                )  # fmt: skip
                if higher:
                    target = covenants.build_target(
                        shape=Shape.AT_LEAST, indicators=[indicator], number=rng.randint(50, 400)
                    )
                elif number % 2:
                    target = covenants.build_target(
                        shape=Shape.REDUCE, indicators=[indicator], number=5,
                        baseline_year=YEAR - 1,
                    )  # fmt: skip
                else:
                    target = covenants.build_target(
                        shape=Shape.AT_MOST, indicators=[indicator], number=rng.randint(10, 60)
                    )
            covenants.criterion_add(
                covenant=covenant, parent=parent, code=f"{group}.{item}",
                title=f"{name[:1].upper()}{name[1:]} – tiêu chí {group}.{item}",
                kind=CriterionKind.QUANTITATIVE, max_points=Decimal(10), target=target,
                indicators=[indicator],
            )  # fmt: skip
    periods = domain.periods_generate(covenant)
    months = sorted((p for p in periods if p.kind == PeriodKind.MONTH), key=lambda p: p.index)
    admin = get_user_model().objects.create_user(
        username="bench.admin", password=None, is_superuser=True, is_staff=True
    )
    return {"covenant": covenant, "units": units, "months": months, "admin": admin}


def workbooks(world: dict[str, Any], seed: int = 7) -> list[bytes]:
    """The 12 cluster workbooks downloaded from the system, filled in with realistic figures."""
    from openpyxl import load_workbook

    from thidua.reporting.excel import FIRST_ROW, period_workbook

    rng = random.Random(seed)
    files = []
    for month in world["months"]:
        content = period_workbook(covenant=world["covenant"], period=month, units=world["units"])
        book = load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            if sheet.title == "_meta":
                continue
            for row in range(FIRST_ROW, sheet.max_row + 1):
                if sheet[f"E{row}"].value == "Tỷ lệ":
                    denominator = rng.randint(10, 250)
                    numerator = round(denominator * rng.uniform(0.7, 1.0))
                    sheet[f"I{row}"], sheet[f"J{row}"] = numerator, denominator
                else:
                    value: Any = rng.randint(0, 1500)
                    draw = rng.random()
                    if draw < 0.05:
                        value = f"{value:,}".replace(",", ".") + ",5"  # "1.234,5" as text
                    elif draw < 0.15:
                        value = value + 0.25
                    sheet[f"H{row}"] = value
                if rng.random() < 0.03:
                    sheet[f"K{row}"] = "Số liệu đã đối chiếu với phòng nghiệp vụ."
        output = io.BytesIO()
        book.save(output)
        files.append(output.getvalue())
    return files


def bare_read(files: list[bytes]) -> int:
    """openpyxl's own read of the files: every value of every row of every sheet."""
    from openpyxl import load_workbook

    cells = 0
    for content in files:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
        book.close()
    return cells


def validated_import(world: dict[str, Any], files: list[bytes]) -> tuple[int, int]:
    """Our import of every file; (reports changed, errors)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.reporting.excel import XLSX_CONTENT_TYPE, workbook_import

    changed = errors = 0
    for month, content in zip(world["months"], files, strict=True):
        upload = SimpleUploadedFile(f"thang-{month.index}.xlsx", content, XLSX_CONTENT_TYPE)
        result = workbook_import(file=upload, period=month, by=world["admin"])
        changed += len(result.reports)
        errors += len(result.errors)
        for error in result.errors[:3]:
            print("   ", error)
    return changed, errors


def year_to_date(world: dict[str, Any]) -> int:
    from thidua.reporting.domain import report_evaluations

    judged = 0
    for unit in world["units"]:
        statuses = report_evaluations(
            unit=unit, covenant=world["covenant"], as_of_period=world["months"][-1],
            include_unapproved=True, language="vi",
        )  # fmt: skip
        judged += sum(1 for s in statuses if s.evaluation is not None)
    return judged


def timed(action: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """The median time of `repeat` runs, and the last run's result."""
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run() -> None:
    from django.db import connection

    from thidua.reporting.models import Figure

    started = time.perf_counter()
    world = build()
    files = workbooks(world)
    figures = len(world["units"]) * len(world["months"]) * GROUPS * PER_GROUP
    size = sum(len(f) for f in files)
    print(
        f"Data: {len(world['units'])} units × {GROUPS * PER_GROUP} criteria × "
        f"{len(world['months'])} months = {figures:,} figures in {len(files)} workbooks "
        f"({size / 1024:,.0f} KiB); generated in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}."
    )

    bare, cells = timed(lambda: bare_read(files), repeat=3)
    first, (changed, errors) = timed(lambda: validated_import(world, files))
    saved = Figure.objects.count()
    again, (changed_again, errors_again) = timed(lambda: validated_import(world, files))
    ytd, judged = timed(lambda: year_to_date(world), repeat=3)
    if errors or errors_again or saved != figures or changed != 120 or changed_again != 0:
        raise SystemExit(
            f"The import did not do what it should: {errors} + {errors_again} errors, "
            f"{saved} figures saved of {figures}, {changed} then {changed_again} reports changed."
        )

    rows = [
        ("(a) openpyxl bare read (read_only, every row)", bare, f"{cells:,} cells"),
        ("(b) validated import, first upload (saves)", first, f"{saved:,} figures saved"),
        ("    validated import, same files again", again, "validated, nothing to save"),
        ("(c) year to date at December, every unit", ytd, f"{judged} targets judged"),
    ]
    print()
    print(f"{'what':<48} {'time':>9} {'per file':>10} {'× bare read':>12}  notes")
    for label, seconds, note in rows:
        per_file = f"{seconds / len(files) * 1000:,.0f} ms" if label[1] in "ab " else ""
        print(f"{label:<48} {seconds:>7.2f} s {per_file:>10} {seconds / bare:>11.1f}×  {note}")
    print(
        f"\nImport / bare read: {first / bare:.1f}× on the first upload, "
        f"{again / bare:.1f}× on a re-upload; per figure {first / figures * 1000:.2f} ms."
    )
