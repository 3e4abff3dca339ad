"""The Excel round trip: download a pre-filled workbook, fill it in, upload it back.

Every upload is validated in full and applied to every unit, or to none; refusals are
listed by sheet, row and column in Vietnamese. Workbooks are filled in with openpyxl, as
a spreadsheet program would save them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.reporting.world import FULL, World, build_world, entries, file_report
from thidua.core.xlsx import RowError, original_cell_text, safe_cell_text
from thidua.covenants import domain as covenants
from thidua.org.excel import unit_template_workbook
from thidua.reporting import domain, excel
from thidua.reporting.excel import (
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    XLSX_CONTENT_TYPE,
    ImportResult,
    period_workbook,
    report_workbook,
    workbook_import,
)
from thidua.reporting.models import Figure, Report, ReportStatus

pytestmark = pytest.mark.django_db

TNH_SHEET = "TNH - Tây Ninh"
LAN_SHEET = "LAN - Long An"
BDG_SHEET = "BDG - Bình Dương"
COLUMN = {"value": "H", "numerator": "I", "denominator": "J", "comment": "K"}


# ---------------------------------------------------------------------------------------
# Helpers: what a user does with the workbook


def draft(world: World, code: str = "TNH", month: int = 1) -> Report:
    return domain.report_open(
        period=world.month(month), unit=world.units[code], by=world.officer(code)
    )


def book_of(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))


def bytes_of(book: Any) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def row_of(sheet: Any, code: str, part: int = 0) -> int:
    """The row of a criterion's measure: found by its code, the `part`-th such row."""
    found = [row for row in range(FIRST_ROW, sheet.max_row + 1) if sheet[f"B{row}"].value == code]
    return found[part]


def fill(content: bytes, values: Mapping[str, Mapping[str, Any]], **more: Any) -> bytes:
    """Type {sheet: {"code[#part].field": value}} into the workbook; `more` tampers first."""
    book = book_of(content)
    for sheet_name, cells in values.items():
        sheet = book[sheet_name]
        for where, value in cells.items():
            target, _dot, name = where.partition(".")
            code, _hash, part = target.partition("#")
            sheet[f"{COLUMN[name]}{row_of(sheet, code, int(part or 0))}"] = value
    for hook in more.values():
        hook(book)
    return bytes_of(book)


def upload(content: bytes, name: str = "bao-cao.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def import_report(world: World, report: Report, content: bytes, by: Any = None) -> ImportResult:
    return workbook_import(
        file=upload(content),
        period=report.period,
        by=by or world.officer(report.unit.code),
        unit=report.unit,
    )


def stored(report: Report) -> dict[tuple[str, int], tuple[Any, ...]]:
    return {
        (f.criterion.code, f.part): (f.value, f.numerator, f.denominator, f.comment)
        for f in Figure.objects.filter(report=report).select_related("criterion")
    }


def snapshot() -> tuple[int, int, int, list[tuple[int, int]]]:
    """Figures, their history rows, reports and each report's version."""
    return (
        Figure.objects.count(),
        Figure.history.count(),
        Report.objects.count(),
        list(Report.objects.order_by("pk").values_list("pk", "version")),
    )


def a_month_filled(world: World, report: Report) -> bytes:
    return fill(
        report_workbook(report=report),
        {
            TNH_SHEET: {
                "1.numerator": 1052,
                "1.denominator": 1101,
                "2.value": 12,
                "3.value": "93,5",
                "4#0.value": 20,
                "4#1.value": 3,
                "4#1.comment": "Giảm 2 người so với cùng kỳ",
            }
        },
    )


def zip_of(files: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return output.getvalue()


def set_meta(units: Mapping[str, int] | None = None, **changes: Any) -> Any:
    """A hook for fill(): rewrite keys of the hidden "_meta" sheet, and units of sheets."""

    def hook(book: Any) -> None:
        meta = book["_meta"]
        for row in meta.iter_rows(min_row=1, max_row=meta.max_row):
            key = row[0].value
            if key in changes:
                row[1].value = changes[key]
            if key == "unit" and units and row[3].value in units:
                row[1].value = units[row[3].value]

    return hook


# ---------------------------------------------------------------------------------------
# The workbook


def test_the_unit_workbook_has_one_row_per_measure_under_vietnamese_titles(world: World) -> None:
    report = draft(world)
    domain.report_figures_save(
        report=report,
        by=world.officer("TNH"),
        expected_version=report.version,
        entries=entries(world, {"1": (8, 10), "2": {"value": "12,5", "comment": "Đủ hồ sơ"}}),
    )

    book = book_of(report_workbook(report=Report.objects.get(pk=report.pk)))

    sheet = book[TNH_SHEET]
    assert book.sheetnames == [TNH_SHEET, "_meta"]
    assert book["_meta"].sheet_state == "veryHidden"
    assert [c.value for c in sheet[HEADER_ROW]] == list(HEADERS)
    assert HEADERS[7:] == ("Số lượng", "Tử số", "Mẫu số", "Ghi chú, giải trình")
    rows = [
        [c.value for c in row] for row in sheet.iter_rows(min_row=FIRST_ROW, max_row=sheet.max_row)
    ]
    c = world.criteria
    assert [row[:2] for row in rows] == [
        [f"{c['1'].pk}.0", "1"],
        [f"{c['2'].pk}.0", "2"],
        [f"{c['3'].pk}.0", "3"],
        [f"{c['4'].pk}.0", "4"],
        [f"{c['4'].pk}.1", "4"],
    ]
    assert rows[0][4:10] == ["Tỷ lệ", "%", rows[0][6], None, 8, 10]
    assert rows[0][3].startswith("Tỷ lệ điều tra, khám phá án\n(tử số: số vụ án đã điều tra")
    assert rows[0][6] == "Tỷ lệ điều tra, khám phá án đạt trên 75%"
    assert rows[1][4:] == ["Số lượng", "hồ sơ", rows[1][6], Decimal("12.5"), None, None, "Đủ hồ sơ"]
    assert [row[3] for row in rows[3:]] == [
        "Số vụ tai nạn giao thông",
        "Số người chết do tai nạn giao thông",
    ]
    assert "THÁNG 1/2024" in sheet["B1"].value
    assert "Tây Ninh" in sheet["B2"].value


def test_the_workbook_protects_all_but_the_input_cells_and_validates_numbers(
    world: World,
) -> None:
    sheet = book_of(report_workbook(report=draft(world)))[TNH_SHEET]
    rate, count = row_of(sheet, "1"), row_of(sheet, "2")

    assert sheet.protection.sheet is True
    assert sheet.column_dimensions["A"].hidden is True
    assert sheet.freeze_panes == f"D{FIRST_ROW}"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet[f"A{HEADER_ROW}"].protection.locked is True
    assert [sheet[f"{col}{rate}"].protection.locked for col in "HIJK"] == [
        True,
        False,
        False,
        False,
    ]
    assert [sheet[f"{col}{count}"].protection.locked for col in "HIJK"] == [
        False,
        True,
        True,
        False,
    ]
    assert sheet[f"H{count}"].number_format == "#,##0.00##"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    not_negative = next(v for v in validations.values() if v.type == "decimal")
    assert (not_negative.operator, not_negative.formula1) == ("greaterThanOrEqual", "0")
    assert f"H{count}" in str(not_negative.sqref)
    assert validations[f"I{rate}"].formula1 == (
        f"AND(ISNUMBER(I{rate}),I{rate}>=0,OR(ISBLANK(J{rate}),I{rate}<=J{rate}))"
    )


def test_the_cluster_workbook_has_one_sheet_per_member(world: World) -> None:
    period = world.month(1)
    units = excel.period_units(period)

    book = book_of(period_workbook(covenant=world.covenant, period=period, units=units))

    assert book.sheetnames == [BDG_SHEET, LAN_SHEET, TNH_SHEET, "_meta"]
    meta = {row[0]: row[1:] for row in book["_meta"].iter_rows(values_only=True)}
    assert meta["kind"][0] == "cluster"
    assert meta["period"][0] == period.pk


def test_each_unit_sheet_shows_the_units_own_target(world: World) -> None:
    covenants.unit_target_set(
        criterion=world.criteria["2"], unit=world.units["LAN"], target=None, reason="Miễn"
    )
    period = world.month(1)

    book = book_of(
        period_workbook(covenant=world.covenant, period=period, units=excel.period_units(period))
    )

    lan, tnh = book[LAN_SHEET], book[TNH_SHEET]
    assert lan[f"G{row_of(lan, '2')}"].value == "Không có chỉ tiêu (không bắt buộc nhập)"
    assert tnh[f"G{row_of(tnh, '2')}"].value.endswith("đạt ít nhất 120 hồ sơ")


def test_it_refuses_a_period_of_another_covenant_for_the_cluster_workbook(world: World) -> None:
    other = build_world(number=11, members=(("BPC", "Bình Phước"), ("DNI", "Đồng Nai")), head="BPC")

    with pytest.raises(Exception, match="không thuộc giao ước"):
        period_workbook(covenant=world.covenant, period=other.month(1), units=[])


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","Bấm vào đây")', "+84 912", "-1 vụ", "@SUM(A1)"],
)
def test_it_neutralises_formulas_in_exported_text_and_reads_them_back_unchanged(
    world: World, text: str
) -> None:
    report = draft(world)
    domain.report_figures_save(
        report=report,
        by=world.officer("TNH"),
        expected_version=report.version,
        entries=entries(world, {"2": {"value": 12, "comment": text}}),
    )
    report.refresh_from_db()

    content = report_workbook(report=report)
    cell = book_of(content)[TNH_SHEET][f"K{FIRST_ROW + 1}"]
    result = import_report(world, report, content)

    assert (cell.data_type, cell.value) == ("s", "'" + text)
    assert result.ok
    assert stored(report)[("2", 0)][3] == text
    assert Report.objects.get(pk=report.pk).version == report.version


def test_the_shared_helpers_round_trip_text() -> None:
    for text in ("=1+1", "Bình thường", "'quoted", "-"):
        assert original_cell_text(safe_cell_text(text)) == text


# ---------------------------------------------------------------------------------------
# The round trip


def test_a_tay_ninh_officer_enters_a_month_by_uploading_the_workbook(world: World) -> None:
    report = draft(world)

    result = import_report(world, report, a_month_filled(world, report))

    assert result.errors == []
    assert [r.pk for r in result.reports] == [report.pk]
    assert result.rows == 5
    assert stored(report) == {
        ("1", 0): (None, Decimal(1052), Decimal(1101), ""),
        ("2", 0): (Decimal(12), None, None, ""),
        ("3", 0): (Decimal("93.5"), None, None, ""),
        ("4", 0): (Decimal(20), None, None, ""),
        ("4", 1): (Decimal(3), None, None, "Giảm 2 người so với cùng kỳ"),
    }
    report.refresh_from_db()
    assert (report.version, report.updated_by) == (2, world.officer("TNH"))
    history = Figure.history.filter(report_id=report.pk)
    assert {h.history_change_reason for h in history} == {"Nhập số liệu từ tệp Excel"}
    assert {h.history_user for h in history} == {world.officer("TNH")}
    # The report can be submitted as it stands.
    domain.report_submit(report=report, by=world.officer("TNH"), expected_version=report.version)


def test_it_downloads_what_it_saved_and_an_unchanged_upload_changes_nothing(world: World) -> None:
    report = draft(world)
    import_report(world, report, a_month_filled(world, report))
    report.refresh_from_db()
    before = snapshot()

    again = import_report(world, report, report_workbook(report=report))

    assert (again.errors, again.reports) == ([], [])
    assert [r.pk for r in again.unchanged] == [report.pk]
    assert snapshot() == before


def test_it_reads_vietnamese_text_numbers_and_empties_a_cleared_row(world: World) -> None:
    report = draft(world)
    domain.report_figures_save(
        report=report,
        by=world.officer("TNH"),
        expected_version=report.version,
        entries=entries(world, {"3": {"value": 90, "comment": "cũ"}}),
    )
    report.refresh_from_db()
    content = fill(
        report_workbook(report=report),
        {
            TNH_SHEET: {
                "1.numerator": "1.052",
                "1.denominator": " 1.101 ",
                "2.value": "1.234,5",
                "3.value": None,
                "3.comment": None,
            }
        },
    )

    result = import_report(world, report, content)

    assert result.ok
    assert stored(report) == {
        ("1", 0): (None, Decimal(1052), Decimal(1101), ""),
        ("2", 0): (Decimal("1234.5"), None, None, ""),
    }


def test_it_keeps_a_baseline_typed_in_by_hand(world: World) -> None:
    report = draft(world)
    domain.report_figures_save(
        report=report,
        by=world.officer("TNH"),
        expected_version=report.version,
        entries=entries(world, {"3": {"value": 90, "baseline_value": 100}}),
    )
    report.refresh_from_db()

    result = import_report(
        world, report, fill(report_workbook(report=report), {TNH_SHEET: {"3.value": 80}})
    )

    figure = Figure.objects.get(report=report, criterion=world.criteria["3"])
    assert result.ok
    assert (figure.value, figure.baseline_value) == (Decimal(80), Decimal(100))


def test_an_admin_enters_the_whole_cluster_in_one_workbook(world: World) -> None:
    period = world.month(1)
    content = period_workbook(
        covenant=world.covenant, period=period, units=excel.period_units(period)
    )
    filled = fill(
        content,
        {
            TNH_SHEET: {"2.value": 12, "1.numerator": 8, "1.denominator": 10},
            LAN_SHEET: {"2.value": 7},
        },
    )

    result = workbook_import(file=upload(filled), period=period, by=world.users["admin"])

    assert result.errors == []
    assert sorted(r.unit.code for r in result.reports) == ["LAN", "TNH"]
    # Bình Dương's sheet is empty: no draft is opened for it.
    assert result.skipped == [BDG_SHEET]
    assert not Report.objects.filter(period=period, unit=world.units["BDG"]).exists()
    assert Figure.objects.filter(report__period=period).count() == 3


def test_a_unit_officer_fills_in_their_own_sheet_of_the_cluster_workbook(world: World) -> None:
    period = world.month(1)
    file_report(world, period, "LAN", FULL, until=ReportStatus.LOCKED)
    content = period_workbook(
        covenant=world.covenant, period=period, units=excel.period_units(period)
    )

    result = workbook_import(
        file=upload(fill(content, {TNH_SHEET: {"2.value": 12}})),
        period=period,
        by=world.officer("TNH"),
    )

    assert result.errors == []
    assert [r.unit.code for r in result.reports] == ["TNH"]
    assert sorted(result.skipped) == [BDG_SHEET, LAN_SHEET]


# ---------------------------------------------------------------------------------------
# Bad rows: every problem listed, nothing saved


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"2.value": -3},
            [("H", "Số lượng của tiêu chí 2 không được âm (đã nhập -3).")],
        ),
        (
            {"1.numerator": 12, "1.denominator": 10},
            [("I", "Tiêu chí 1: tử số (12) không được lớn hơn mẫu số (10).")],
        ),
        (
            {"3.value": "khoảng 90"},
            [
                (
                    "H",
                    "Số lượng của tiêu chí 3: “khoảng 90” không phải là số. Hãy viết ví dụ "
                    "1.234 hoặc 1.234,5.",
                )
            ],
        ),
        (
            {"1.numerator": 8},
            [("J", "Tiêu chí 1 đo tỷ lệ: hãy nhập cả tử số và mẫu số.")],
        ),
        (
            {"2.value": 1.23456},
            [("H", "Số lượng của tiêu chí 2 có quá 4 chữ số thập phân.")],
        ),
    ],
    ids=["negative", "numerator-above-denominator", "text", "half-a-rate", "five-decimals"],
)
def test_it_refuses_a_bad_row_by_sheet_row_and_column(
    world: World, cells: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    report = draft(world)
    content = fill(report_workbook(report=report), {TNH_SHEET: {"4#0.value": 20, **cells}})
    code = next(iter(cells)).split(".")[0]
    row = row_of(book_of(content)[TNH_SHEET], code)
    before = snapshot()

    result = import_report(world, report, content)

    assert result.errors == [RowError(TNH_SHEET, row, col, msg) for col, msg in expected]
    assert result.reports == []
    assert snapshot() == before


def test_it_lists_every_problem_of_every_sheet_and_saves_no_unit(world: World) -> None:
    period = world.month(1)
    lan = file_report(world, period, "LAN", {"2": 5}, until=ReportStatus.DRAFT)
    content = period_workbook(
        covenant=world.covenant, period=period, units=excel.period_units(period)
    )
    filled = fill(
        content,
        {
            TNH_SHEET: {"2.value": 12, "3.value": 90},
            LAN_SHEET: {"2.value": 6, "3.value": -1, "1.numerator": 9, "1.denominator": 3},
        },
    )
    before = snapshot()

    result = workbook_import(file=upload(filled), period=period, by=world.users["admin"])

    lan_sheet = book_of(filled)[LAN_SHEET]
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        (LAN_SHEET, row_of(lan_sheet, "1"), "I"),
        (LAN_SHEET, row_of(lan_sheet, "3"), "H"),
    ]
    assert result.reports == []
    assert snapshot() == before
    assert stored(lan) == {("2", 0): (Decimal(5), None, None, "")}
    assert not Report.objects.filter(period=period, unit=world.units["TNH"]).exists()


def test_it_refuses_a_count_typed_into_a_rate_row(world: World) -> None:
    report = draft(world)

    def type_count(book: Any) -> None:
        book[TNH_SHEET][f"H{row_of(book[TNH_SHEET], '1')}"] = 80

    result = import_report(world, report, fill(report_workbook(report=report), {}, x=type_count))

    assert [(e.row, e.column) for e in result.errors] == [(FIRST_ROW, "H")]
    assert "hãy nhập tử số và mẫu số" in result.errors[0].message


def test_it_refuses_rows_added_or_mixed_up(world: World) -> None:
    report = draft(world)

    def tamper(book: Any) -> None:
        sheet = book[TNH_SHEET]
        sheet[f"H{sheet.max_row + 2}"] = 5  # a row of its own below the table
        sheet[f"A{FIRST_ROW + 1}"] = "999999.0"  # a key of no criterion
        sheet[f"B{FIRST_ROW + 2}"] = "9"  # a code that does not match its key

    result = import_report(world, report, fill(report_workbook(report=report), {}, x=tamper))

    assert [(e.row, e.column) for e in result.errors] == [
        (FIRST_ROW + 1, "A"),
        (FIRST_ROW + 2, "B"),
        (FIRST_ROW + 6, ""),
    ]
    assert not Figure.objects.exists()


# ---------------------------------------------------------------------------------------
# Wrong workbook: refused whole, with a clear message


def test_it_refuses_moved_columns(world: World) -> None:
    report = draft(world)

    def swap(book: Any) -> None:
        sheet = book[TNH_SHEET]
        sheet[f"H{HEADER_ROW}"], sheet[f"I{HEADER_ROW}"] = "Tử số", "Số lượng"

    result = import_report(world, report, fill(report_workbook(report=report), {}, x=swap))

    assert result.errors == [
        RowError(
            TNH_SHEET,
            HEADER_ROW,
            "H",
            "Cột H phải có tiêu đề “Số lượng”, nhưng tìm thấy “Tử số”. Không thêm, xoá hay "
            "đổi chỗ các cột; hãy tải lại tệp từ hệ thống.",
        )
    ]


def test_it_refuses_an_added_column(world: World) -> None:
    report = draft(world)

    def add(book: Any) -> None:
        book[TNH_SHEET][f"L{HEADER_ROW}"] = "Ghi chú thêm"

    result = import_report(world, report, fill(report_workbook(report=report), {}, x=add))

    assert result.errors == [
        RowError(
            TNH_SHEET,
            HEADER_ROW,
            "L",
            "Cột L (“Ghi chú thêm”) không có trong mẫu; hãy xoá cột này.",
        )
    ]


def test_it_refuses_the_workbook_of_another_unit(world: World) -> None:
    tnh, lan = draft(world, "TNH"), draft(world, "LAN")

    result = import_report(world, tnh, report_workbook(report=lan))

    assert result.errors == [
        RowError(
            "",
            None,
            "",
            "Tệp này là số liệu của đơn vị khác (trang “LAN - Long An”), không phải của "
            "Tây Ninh. Hãy tải tệp từ báo cáo của Tây Ninh.",
        )
    ]


def test_it_refuses_the_workbook_of_another_period(world: World) -> None:
    january, february = draft(world, month=1), draft(world, month=2)

    result = import_report(world, january, fill(report_workbook(report=february), {}))

    assert result.errors == [
        RowError(
            "",
            None,
            "",
            "Tệp này là số liệu kỳ Tháng 2/2024, không phải kỳ Tháng 1/2024. Hãy nhập tệp ở "
            "trang của kỳ Tháng 2/2024, hoặc tải tệp của kỳ Tháng 1/2024.",
        )
    ]


def test_it_refuses_the_workbook_of_another_cluster(world: World) -> None:
    other = build_world(number=11, members=(("BPC", "Bình Phước"), ("DNI", "Đồng Nai")), head="BPC")
    theirs = draft(other, "BPC")

    result = workbook_import(
        file=upload(report_workbook(report=theirs)),
        period=world.month(1),
        by=world.users["admin"],
    )

    assert result.errors == [
        RowError(
            "",
            None,
            "",
            "Tệp này là số liệu của Cụm thi đua số 11 (2024) (Tháng 1/2024), không phải của "
            "Cụm thi đua số 10 (2024). Hãy tải tệp của đúng cụm thi đua.",
        )
    ]


def test_it_refuses_a_period_outside_the_covenant(world: World) -> None:
    other = build_world(number=11, members=(("BPC", "Bình Phước"), ("DNI", "Đồng Nai")), head="BPC")
    report = draft(world)
    content = fill(
        report_workbook(report=report),
        {TNH_SHEET: {"2.value": 3}},
        x=set_meta(period=other.month(1).pk, period_label="Tháng 1/2024"),
    )

    result = import_report(world, report, content)

    assert result.errors == [
        RowError(
            "",
            None,
            "",
            "Kỳ báo cáo ghi trong tệp (Tháng 1/2024) không thuộc giao ước của Cụm thi đua số "
            "10 (2024). Hãy tải lại tệp từ trang báo cáo.",
        )
    ]
    assert not Figure.objects.exists()


def test_it_refuses_figures_for_a_unit_outside_the_cluster(world: World) -> None:
    period = world.month(1)
    content = period_workbook(
        covenant=world.covenant, period=period, units=excel.period_units(period)
    )
    outsider = world.users["outsider"].unit
    filled = fill(
        content,
        {TNH_SHEET: {"2.value": 12}, BDG_SHEET: {"2.value": 4}},
        x=set_meta(units={BDG_SHEET: outsider.pk}),
    )

    result = workbook_import(file=upload(filled), period=period, by=world.users["admin"])

    assert result.errors == [
        RowError(
            BDG_SHEET,
            None,
            "",
            "Đà Nẵng không phải thành viên của Cụm thi đua số 10 (2024) trong kỳ Tháng 1/2024 "
            "nên không có số liệu kỳ này.",
        )
    ]
    assert not Figure.objects.exists()


def test_it_refuses_a_cluster_workbook_on_a_report_page(world: World) -> None:
    report = draft(world)
    period = world.month(1)
    content = period_workbook(covenant=world.covenant, period=period, units=[world.units["TNH"]])

    result = import_report(world, report, content)

    assert "bảng số liệu của cả cụm" in result.errors[0].message


@pytest.mark.parametrize(
    ("until", "words"),
    [
        (ReportStatus.LOCKED, "đã khóa: không sửa được số liệu"),
        (ReportStatus.APPROVED, "đã được duyệt: không sửa được số liệu"),
        (ReportStatus.SUBMITTED, "đã nộp, đang chờ duyệt"),
    ],
)
def test_it_refuses_an_upload_for_a_closed_report(world: World, until: str, words: str) -> None:
    report = file_report(world, world.month(1), "TNH", FULL, until=until)
    content = fill(report_workbook(report=report), {TNH_SHEET: {"2.value": 99}})
    before = snapshot()

    result = import_report(world, report, content)

    assert len(result.errors) == 1
    assert (result.errors[0].sheet, result.errors[0].row) == (TNH_SHEET, None)
    assert words in result.errors[0].message
    assert snapshot() == before


def test_it_refuses_a_cluster_workbook_that_changes_a_locked_report(world: World) -> None:
    period = world.month(1)
    file_report(world, period, "LAN", FULL, until=ReportStatus.LOCKED)
    content = period_workbook(
        covenant=world.covenant, period=period, units=excel.period_units(period)
    )

    result = workbook_import(
        file=upload(fill(content, {TNH_SHEET: {"2.value": 1}, LAN_SHEET: {"2.value": 99}})),
        period=period,
        by=world.users["admin"],
    )

    assert [(e.sheet, e.row) for e in result.errors] == [(LAN_SHEET, None)]
    assert "đã khóa" in result.errors[0].message
    assert not Report.objects.filter(period=period, unit=world.units["TNH"]).exists()


# ---------------------------------------------------------------------------------------
# Who may upload


def test_another_units_officer_cannot_upload_a_units_workbook(world: World) -> None:
    report = draft(world)

    result = import_report(world, report, a_month_filled(world, report), by=world.officer("LAN"))

    assert result.errors == [
        RowError(
            TNH_SHEET,
            None,
            "",
            "Chỉ cán bộ thi đua của Tây Ninh mới nhập số liệu báo cáo của đơn vị.",
        )
    ]
    assert not Figure.objects.exists()


@pytest.mark.parametrize("who", ["officer:LAN", "outsider", "leader:TNH", "office"])
def test_only_the_units_officer_changes_its_sheet_of_the_cluster_workbook(
    world: World, who: str
) -> None:
    period = world.month(1)
    content = period_workbook(
        covenant=world.covenant, period=period, units=excel.period_units(period)
    )

    result = workbook_import(
        file=upload(fill(content, {TNH_SHEET: {"2.value": 12}})),
        period=period,
        by=world.users[who],
    )

    assert [(e.sheet, e.row) for e in result.errors] == [(TNH_SHEET, None)]
    assert "Bạn không nhập được số liệu của Tây Ninh" in result.errors[0].message
    assert not Report.objects.exists()


# ---------------------------------------------------------------------------------------
# Hostile or foreign files


def refused(world: World, file: SimpleUploadedFile) -> list[RowError]:
    report = draft(world)
    return workbook_import(
        file=file, period=report.period, by=world.officer("TNH"), unit=report.unit
    ).errors


NOT_XLSX = "Tệp không phải là bảng tính Excel .xlsx hợp lệ, hoặc đã bị hỏng."


@pytest.mark.parametrize(
    "content",
    [
        b"code,value\n2,12\n",
        zip_of({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}),
        zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not-a-workbook"}),
        zip_of(
            {
                "[Content_Types].xml": b"<Types/>",
                "xl/workbook.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>',
            }
        ),
    ],
    ids=["not-a-zip", "word-zip", "broken-xml", "dtd"],
)
def test_it_refuses_a_file_that_is_not_a_safe_workbook(world: World, content: bytes) -> None:
    assert refused(world, upload(content)) == [RowError("", None, "", NOT_XLSX)]


def test_it_refuses_a_zip_bomb_before_inflating_it(world: World, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    bomb = zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * (11 * 1024 * 1024),
        }
    )

    assert len(bomb) < 100_000
    assert refused(world, upload(bomb)) == [
        RowError(
            "",
            None,
            "",
            "Tệp giải nén ra quá lớn (11 MB, tối đa 10 MB); có thể là tệp độc hại. "
            "Hãy dùng tệp mẫu.",
        )
    ]


def test_it_refuses_an_oversized_file(world: World, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1024 * 1024

    assert refused(world, upload(b"PK" + b"x" * (1024 * 1024))) == [
        RowError("", None, "", "Tệp lớn hơn giới hạn 1 MB.")
    ]


def test_it_refuses_a_file_that_is_not_xlsx_by_name(world: World) -> None:
    assert refused(world, upload(b"x", name="bao-cao.xls")) == [
        RowError("", None, "", "Chỉ nhận tệp Excel dạng .xlsx (tệp đã chọn: bao-cao.xls).")
    ]


def test_it_refuses_a_workbook_not_made_by_the_system(world: World) -> None:
    errors = refused(world, upload(unit_template_workbook()))

    assert len(errors) == 1
    assert "không phải tệp số liệu báo cáo tải từ hệ thống" in errors[0].message


# ---------------------------------------------------------------------------------------
# The pages


def test_it_downloads_the_units_workbook(client: Client, world: World) -> None:
    report = draft(world)
    client.force_login(world.users["leader:TNH"])

    response = client.get(reverse("reporting:report_xlsx", kwargs={"pk": report.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-tay-ninh-thang-1-2024.xlsx"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20T%C3%A2y%20Ninh%20%E2%80%93%20Th%C3%A1ng"
        "%201-2024.xlsx"
    )
    assert book_of(response.content).sheetnames == [TNH_SHEET, "_meta"]


def test_it_downloads_the_clusters_workbook(client: Client, world: World) -> None:
    client.force_login(world.users["office"])

    response = client.get(reverse("reporting:period_xlsx", kwargs={"period_pk": world.month(3).pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "bao-cao-cum-thi-dua-so-10-2024-thang-3-2024.xlsx" in response["Content-Disposition"]
    assert book_of(response.content).sheetnames == [BDG_SHEET, LAN_SHEET, TNH_SHEET, "_meta"]


def test_an_outsider_gets_no_workbook(client: Client, world: World) -> None:
    report = draft(world)
    client.force_login(world.users["outsider"])

    pages = [
        reverse("reporting:report_xlsx", kwargs={"pk": report.pk}),
        reverse("reporting:period_xlsx", kwargs={"period_pk": report.period.pk}),
        reverse("reporting:report_import", kwargs={"pk": report.pk}),
        reverse("reporting:period_import", kwargs={"period_pk": report.period.pk}),
    ]

    assert [client.get(page).status_code for page in pages] == [404, 404, 404, 404]


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, world: World) -> None:
    report = draft(world)

    response = client.get(reverse("reporting:report_xlsx", kwargs={"pk": report.pk}))

    assert response.status_code == 302


def test_the_import_page_is_for_the_units_officer(client: Client, world: World) -> None:
    report = draft(world)
    url = reverse("reporting:report_import", kwargs={"pk": report.pk})

    client.force_login(world.officer("LAN"))
    forbidden = client.get(url)
    client.force_login(world.officer("TNH"))
    page = client.get(url)

    assert forbidden.status_code == 403
    assert page.status_code == 200
    assert reverse("reporting:report_xlsx", kwargs={"pk": report.pk}) in page.content.decode()


def test_the_import_page_saves_and_goes_back_to_the_report(client: Client, world: World) -> None:
    report = draft(world)
    client.force_login(world.officer("TNH"))

    response = client.post(
        reverse("reporting:report_import", kwargs={"pk": report.pk}),
        {"file": upload(a_month_filled(world, report))},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:report_detail", kwargs={"pk": report.pk})
    assert len(stored(report)) == 5


def test_the_import_page_shows_the_errors_in_a_table(client: Client, world: World) -> None:
    report = draft(world)
    client.force_login(world.officer("TNH"))
    content = fill(report_workbook(report=report), {TNH_SHEET: {"2.value": -3, "3.value": "abc"}})

    response = client.post(
        reverse("reporting:report_import", kwargs={"pk": report.pk}), {"file": upload(content)}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="import-errors"' in page
    assert "Tệp có 2 lỗi; chưa số liệu nào được lưu." in page
    assert "Số lượng của tiêu chí 2 không được âm (đã nhập -3)." in page
    assert f"<td>{TNH_SHEET}</td>" in page
    assert not Figure.objects.exists()


def test_the_cluster_import_page_applies_the_officers_own_sheet(
    client: Client, world: World
) -> None:
    period = world.month(1)
    content = period_workbook(
        covenant=world.covenant, period=period, units=excel.period_units(period)
    )
    url = reverse("reporting:period_import", kwargs={"period_pk": period.pk})

    client.force_login(world.users["office"])
    office = client.get(url)
    client.force_login(world.officer("LAN"))
    page = client.get(url)
    response = client.post(url, {"file": upload(fill(content, {LAN_SHEET: {"2.value": 7}}))})

    assert (office.status_code, page.status_code) == (403, 200)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reporting:period_board", kwargs={"period_pk": period.pk}
    )
    assert Figure.objects.get().report.unit == world.units["LAN"]
