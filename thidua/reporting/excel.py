"""The Excel round trip of periodic reporting: download a pre-filled workbook, upload it back.

Two kinds of workbook, one layout:

- a unit-period workbook (`report_workbook`): one sheet, the unit's figures for the period;
- a cluster-period workbook (`period_workbook`): one sheet per member unit, the same sheet
  as the unit's own workbook. One sheet per unit (rather than one sheet with a unit column)
  keeps each unit's rows, targets and input cells apart, prints one unit per page run, and
  lets a unit officer fill in their own sheet of the cluster's workbook.

Each unit sheet has a title block (rows 1–5), the column titles on row 6 and one row per
measure (part) of each quantitative criterion from row 7, in the criteria tree's order.
Column A, hidden, holds the row's key "<criterion pk>.<part>"; a very hidden sheet "_meta"
names the covenant, cluster, period and, for each sheet, its unit. The column titles and
the text of the workbook are the file format: Vietnamese whatever the user's language.
Only the yellow input cells are unlocked (a count's value, a rate's numerator and
denominator, the comment); the rest of the sheet and the workbook's structure are
protected, and the number cells carry data validation (not negative; numerator ≤
denominator). Text from the database goes through `safe_cell_text` (formula injection).

`workbook_import` reads an upload through the shared guards (thidua.core.xlsx: size, zip
bomb, DTD), checks that the workbook is one of ours for this cluster, period (and unit)
with its columns where they were, reads every row (numbers as numbers or written the
Vietnamese way, "1.234,5"), then saves every unit's figures through the domain
(report_open, report_figures_save) in one transaction: all of them, or nothing with every
problem listed by sheet, row and column. A row replaces the measure's entered figure
(value, numerator, denominator, comment: an emptied row removes it); a baseline typed in by
hand on the page is kept as it is, and measures without a row are left alone. The figures
are saved on the report's version at import time: the workbook as a whole is the unit's
latest word (a save made on the page between download and upload is overwritten where
the workbook differs; the report's history keeps both).

In a cluster workbook, a sheet of a unit the user may not enter, or whose report is
submitted, approved or locked, is skipped when it holds the figures already stored, and
refused (with the domain's message) when it changes them.

openpyxl is imported inside the functions that use it (it is heavy and only needed here).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.core import xlsx
from thidua.core.xlsx import (
    Rollback,
    RowError,
    cell_text,
    column_letter,
    original_cell_text,
    safe_cell_text,
)
from thidua.covenants.domain import criteria_tree, walk
from thidua.covenants.models import Covenant, Criterion, CriterionKind
from thidua.engine import render
from thidua.engine.numbers import places_of
from thidua.org.models import Unit
from thidua.reporting import access, domain
from thidua.reporting.domain.measures import Measure, parse_number
from thidua.reporting.models import FIGURE_PLACES, Figure, Period, Report

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = xlsx.XLSX_CONTENT_TYPE
FORMAT = "thidua/bao-cao-dinh-ky"
FORMAT_VERSION = 1
META_SHEET = "_meta"
KIND_UNIT = "unit"
KIND_CLUSTER = "cluster"

HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1
# Far more measures than any covenant has; rows beyond are not read.
MAX_ROWS = 2000
MAX_SHEETS = 200
# Excel shows 2 to 4 decimals: 1.234,50 and 93,1235 (figures keep 4 places).
NUMBER_FORMAT = "#,##0.00##"


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    width: float


COLUMNS = (
    Column("key", "Khóa (không sửa)", 12),
    Column("code", "Mã tiêu chí", 9),
    Column("criterion", "Tiêu chí", 42),
    Column("measure", "Chỉ số", 38),
    Column("kind", "Loại số liệu", 11),
    Column("unit", "Đơn vị tính", 10),
    Column("target", "Chỉ tiêu của đơn vị", 42),
    Column("value", "Số lượng", 14),
    Column("numerator", "Tử số", 14),
    Column("denominator", "Mẫu số", 14),
    Column("comment", "Ghi chú, giải trình", 40),
)
HEADERS = tuple(c.title for c in COLUMNS)
LETTER = {c.name: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i] for i, c in enumerate(COLUMNS)}
INDEX = {c.name: i for i, c in enumerate(COLUMNS)}
NUMBER_FIELDS = ("value", "numerator", "denominator")
KIND_COUNT_LABEL = "Số lượng"
KIND_RATE_LABEL = "Tỷ lệ"
NO_TARGET_LABEL = "Không có chỉ tiêu (không bắt buộc nhập)"

_KEY = re.compile(r"^(\d{1,18})\.(\d{1,3})$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class ImportResult:
    """What an import did, or why it did nothing.

    errors: every problem, by sheet, row and column (nothing was saved if there is one);
    reports: the reports whose figures changed; unchanged: the reports read without a
    change; skipped: the sheets left as they were (a unit the user may not enter, or a
    report no longer open, whose figures the workbook does not change); rows: data rows read.
    """

    errors: list[RowError] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    unchanged: list[Report] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------------------------------
# What a sheet shows


@dataclass(frozen=True)
class _Line:
    criterion: Criterion
    measure: Measure
    required: bool
    sentence: str

    @property
    def key(self) -> str:
        return f"{self.criterion.pk}.{self.measure.part}"


def _quantitative(covenant: Covenant) -> list[Criterion]:
    return [
        node.criterion
        for node, _depth in walk(criteria_tree(covenant))
        if node.criterion.kind == CriterionKind.QUANTITATIVE
    ]


def _lines(
    criteria: Sequence[Criterion],
    unit: Unit,
    *,
    sentences: bool = True,
    cache: dict[tuple[int, int | None], list[_Line]] | None = None,
) -> list[_Line]:
    """One line per measure the unit reports, in the tree's order (with the target's sentence
    for the workbook; an import needs none).

    Units without a target of their own on a criterion share its lines: pass the same
    `cache` for every unit of a workbook to read each stored target once.
    """
    cache = {} if cache is None else cache
    lines: list[_Line] = []
    for criterion in criteria:
        own = next((t.pk for t in criterion.unit_targets.all() if t.unit_id == unit.pk), None)
        key = (criterion.pk, own)
        if key not in cache:
            try:
                target = domain.unit_target(criterion, unit)
                measures = domain.criterion_measures(criterion, unit)
            except ValidationError:
                # An unreadable stored target: the page says so; the workbook leaves it out.
                logger.warning("criterion %s has an unreadable target", criterion.pk)
                measures, target = (), None
            sentence = NO_TARGET_LABEL if target is None else ""
            if sentences and target is not None:
                sentence = render.render_vi(target)
            cache[key] = [_Line(criterion, m, target is not None, sentence) for m in measures]
        lines.extend(cache[key])
    return lines


def period_units(period: Period) -> list[Unit]:
    """The units that report for the period: members in its last month, by name."""
    ids = period.expected_memberships().values_list("unit_id", flat=True)
    return list(Unit.objects.filter(pk__in=ids).order_by("sort_name", "code"))


def sheet_title(unit: Unit, used: set[str]) -> str:
    """A sheet name like "TNH - Tây Ninh": at most 31 characters, none that Excel refuses, unique."""
    base = _SHEET_FORBIDDEN.sub(" ", f"{unit.code} - {unit.short_name or unit.name}")
    base = " ".join(base.split()).strip("'")[:31].rstrip() or str(unit.pk)
    title, number = base, 1
    while title.casefold() in used or title.casefold() == META_SHEET:
        number += 1
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
    used.add(title.casefold())
    return title


def _measure_text(line: _Line) -> str:
    measure = line.measure
    name = measure.name_vi[:1].upper() + measure.name_vi[1:]
    indicator = measure.indicator
    if measure.is_rate and indicator is not None and indicator.numerator_vi:
        return f"{name}\n(tử số: {indicator.numerator_vi}; mẫu số: {indicator.denominator_vi})"
    return name


def _measure_unit(measure: Measure) -> str:
    if measure.is_rate:
        return "%"
    return measure.indicator.unit_vi if measure.indicator is not None else ""


def _plain(number: Decimal | None) -> Decimal | int | None:
    """12.0000 from the database as 12, 93.5000 as 93.5."""
    if number is None:
        return None
    if number == number.to_integral_value():
        return int(number)
    return number.normalize()


# ---------------------------------------------------------------------------------------
# Writing


def report_workbook(*, report: Report) -> bytes:
    """The unit's workbook for the report's period, pre-filled with its entered figures."""
    period = report.period
    return _workbook(period.covenant, period, [report.unit], kind=KIND_UNIT)


def period_workbook(*, covenant: Covenant, period: Period, units: Sequence[Unit]) -> bytes:
    """The cluster's workbook for a period: one sheet per unit, in the order given."""
    if period.covenant_id != covenant.pk:
        raise ValidationError(
            _("Kỳ báo cáo %(period)s không thuộc giao ước %(covenant)s.")
            % {"period": period, "covenant": covenant},
            code="period_outside_covenant",
        )
    return _workbook(covenant, period, list(units), kind=KIND_CLUSTER)


def _workbook(covenant: Covenant, period: Period, units: list[Unit], *, kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    with translation.override("vi"):
        criteria = _quantitative(covenant)
        reports = {r.unit_id: r for r in Report.objects.filter(period=period, unit__in=units)}
        figures: dict[tuple[int, int, int], Figure] = {
            (f.report.unit_id, f.criterion_id, f.part): f
            for f in Figure.objects.filter(report__in=reports.values()).select_related("report")
        }
        workbook = Workbook()
        default = workbook.active
        assert default is not None
        workbook.remove(default)
        used: set[str] = set()
        sheets: list[tuple[str, Unit]] = []
        cache: dict[tuple[int, int | None], list[_Line]] = {}
        for unit in units:
            title = sheet_title(unit, used)
            sheet = workbook.create_sheet(title)
            _write_sheet(
                sheet,
                covenant=covenant,
                period=period,
                unit=unit,
                report=reports.get(unit.pk),
                lines=_lines(criteria, unit, cache=cache),
                figures=figures,
            )
            sheets.append((title, unit))
        _write_meta(workbook, covenant=covenant, period=period, kind=kind, sheets=sheets)
        # No adding, renaming, moving or unhiding sheets (the metadata names them).
        workbook.security = WorkbookProtection(lockStructure=True)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()


def _write_meta(
    workbook: Any, *, covenant: Covenant, period: Period, kind: str, sheets: list[tuple[str, Unit]]
) -> None:
    meta = workbook.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    rows: list[list[Any]] = [
        ["format", FORMAT],
        ["version", FORMAT_VERSION],
        ["kind", kind],
        ["covenant", covenant.pk],
        ["cluster", covenant.cluster_id],
        ["cluster_label", safe_cell_text(str(covenant.cluster))],
        ["period", period.pk],
        ["period_label", safe_cell_text(period.label)],
        ["created_at", timezone.now().isoformat(timespec="seconds")],
    ]
    rows += [["unit", unit.pk, safe_cell_text(unit.code), title] for title, unit in sheets]
    for row in rows:
        meta.append(row)
    meta.protection.sheet = True


def _write_sheet(
    sheet: Any,
    *,
    covenant: Covenant,
    period: Period,
    unit: Unit,
    report: Report | None,
    lines: list[_Line],
    figures: dict[tuple[int, int, int], Figure],
) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    last_letter = LETTER[COLUMNS[-1].name]
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    closed_fill = PatternFill("solid", fgColor="EDEDED")
    wrap_top = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)

    # The workbook's text is its format: Vietnamese (the caller overrides the language).
    status = report.get_status_display() if report else "Chưa có báo cáo"
    title_rows = [
        f"BÁO CÁO SỐ LIỆU THI ĐUA – {period.label.upper()}",
        f"Đơn vị: {unit.name} (mã {unit.code})",
        f"{covenant.cluster} – giao ước thi đua năm {covenant.year}. "
        f"Hạn nộp: {period.deadline:%d/%m/%Y}.",
        f"Trạng thái báo cáo khi tải tệp: {status}. "
        f"Tải tệp lúc {timezone.localtime():%d/%m/%Y %H:%M}.",
        "Chỉ nhập vào các ô nền vàng: số lượng cho chỉ số đếm; tử số và mẫu số cho tỷ lệ. "
        "Số có thể gõ dạng số hoặc kiểu Việt Nam (1.234,5). Để trống một dòng là xoá số "
        "liệu của chỉ số đó. Không thêm, xoá hay đổi chỗ cột và dòng.",
    ]
    for number, text in enumerate(title_rows, start=1):
        cell = sheet.cell(row=number, column=2, value=safe_cell_text(text))
        sheet.merge_cells(f"B{number}:{last_letter}{number}")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if number == 1:
            cell.font = Font(bold=True, size=14)
        elif number == 2:
            cell.font = Font(bold=True, size=12)
        elif number == len(title_rows):
            cell.font = Font(italic=True, color="7F6000")
            sheet.row_dimensions[number].height = 32

    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.title)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[LETTER[column.name]].width = column.width
    sheet.column_dimensions["A"].hidden = True
    sheet.row_dimensions[HEADER_ROW].height = 30

    not_negative = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số liệu không hợp lệ",
        error="Hãy nhập một số không âm.",
    )
    validations = [not_negative]
    letters = {name: LETTER[name] for name in (*NUMBER_FIELDS, "comment")}
    for row, line in enumerate(lines, start=FIRST_ROW):
        stored = figures.get((unit.pk, line.criterion.pk, line.measure.part))
        measure = line.measure
        values: dict[str, Any] = {
            "key": line.key,
            "code": safe_cell_text(line.criterion.code),
            "criterion": safe_cell_text(line.criterion.title),
            "measure": safe_cell_text(_measure_text(line)),
            "kind": KIND_RATE_LABEL if measure.is_rate else KIND_COUNT_LABEL,
            "unit": safe_cell_text(_measure_unit(measure)),
            "target": safe_cell_text(line.sentence),
            "value": _plain(stored.value) if stored else None,
            "numerator": _plain(stored.numerator) if stored else None,
            "denominator": _plain(stored.denominator) if stored else None,
            "comment": safe_cell_text(stored.comment) if stored and stored.comment else None,
        }
        sheet.row_dimensions[row].height = _row_height(values)
        open_fields = ("numerator", "denominator") if measure.is_rate else ("value",)
        for index, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row, column=index, value=values[column.name])
            cell.border = border
            cell.alignment = wrap_top
            if column.name in NUMBER_FIELDS:
                cell.number_format = NUMBER_FORMAT
                if column.name in open_fields:
                    cell.fill = input_fill
                    cell.protection = unlocked
                else:
                    cell.fill = closed_fill
            elif column.name == "comment":
                cell.fill = input_fill
                cell.protection = unlocked
                cell.number_format = "@"
        if measure.is_rate:
            n, d = f"{letters['numerator']}{row}", f"{letters['denominator']}{row}"
            for own, formula in (
                (n, f"AND(ISNUMBER({n}),{n}>=0,OR(ISBLANK({d}),{n}<={d}))"),
                (d, f"AND(ISNUMBER({d}),{d}>=0,OR(ISBLANK({n}),{n}<={d}))"),
            ):
                rate = DataValidation(
                    type="custom",
                    formula1=formula,
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle="Số liệu không hợp lệ",
                    error="Tử số và mẫu số là số không âm; tử số không lớn hơn mẫu số.",
                )
                rate.add(own)
                validations.append(rate)
        else:
            not_negative.add(f"{letters['value']}{row}")
    for validation in validations:
        if validation.sqref:
            sheet.add_data_validation(validation)

    # Only the input cells can be changed; columns and rows may still be resized.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.freeze_panes = f"D{FIRST_ROW}"
    # Printing: A4 landscape, one page wide, the column titles on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    last_row = max(FIRST_ROW, FIRST_ROW + len(lines) - 1)
    sheet.print_area = f"B1:{last_letter}{last_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "Trang &P / &N"
    sheet.oddFooter.right.text = f"{unit.code} – {period.label}".replace("&", "&&")


def _row_height(values: dict[str, Any]) -> float:
    """Points for the row's wrapped text: spreadsheet programs do not size rows on opening."""
    lines = 1
    for column in COLUMNS:
        text = values[column.name]
        if not isinstance(text, str) or column.name == "key":
            continue
        # About 1.2 characters of Vietnamese text per unit of column width.
        per_line = max(1, int(column.width * 1.2))
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, count)
    return min(409.0, 15.0 * lines)


# ---------------------------------------------------------------------------------------
# Reading


class _Refused(Exception):
    """The whole workbook is refused, before any row is read."""

    def __init__(
        self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""
    ) -> None:
        super().__init__(message)
        self.error = RowError(sheet, row, column, message)


@dataclass
class _Meta:
    kind: str
    covenant_id: int
    cluster_id: int
    cluster_label: str
    period_id: int
    period_label: str
    sheets: list[tuple[str, int]]  # (sheet title, unit pk)


@dataclass
class _Row:
    number: int
    line: _Line
    numbers: dict[str, Decimal | None]
    comment: str
    ok: bool

    def same_as(self, stored: Figure | None) -> bool:
        if stored is None:
            return self.comment == "" and all(v is None for v in self.numbers.values())
        return stored.comment == self.comment and all(
            getattr(stored, name) == self.numbers[name] for name in NUMBER_FIELDS
        )


@dataclass
class _Sheet:
    index: int
    title: str
    unit: Unit
    rows: list[_Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def fail(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(self.title, row, column, message))


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    return int(text) if text.isdigit() and len(text) < 19 else None


def _not_ours() -> _Refused:
    return _Refused(
        _(
            "Tệp này không phải tệp số liệu báo cáo tải từ hệ thống (không có thông tin nhận "
            "dạng). Hãy tải tệp Excel từ trang báo cáo rồi điền vào tệp đó."
        )
    )


def _read_meta(workbook: Any) -> _Meta:
    if META_SHEET not in workbook.sheetnames:
        raise _not_ours()
    values: dict[str, Any] = {}
    sheets: list[tuple[str, int]] = []
    for row in workbook[META_SHEET].iter_rows(
        min_row=1, max_row=MAX_SHEETS + 20, max_col=4, values_only=True
    ):
        key = cell_text(row[0]) if row else ""
        if key == "unit":
            unit_id = _int(row[1])
            title = cell_text(row[3]) if len(row) > 3 else ""
            if unit_id is None or not title:
                raise _not_ours()
            sheets.append((title, unit_id))
        elif key:
            values[key] = row[1] if len(row) > 1 else None
    if cell_text(values.get("format")) != FORMAT:
        raise _not_ours()
    if _int(values.get("version")) != FORMAT_VERSION:
        raise _Refused(_("Tệp được tạo theo mẫu cũ, hệ thống không còn đọc được; hãy tải tệp mới."))
    ids = [_int(values.get(k)) for k in ("covenant", "cluster", "period")]
    kind = cell_text(values.get("kind"))
    if None in ids or kind not in (KIND_UNIT, KIND_CLUSTER) or not sheets:
        raise _not_ours()
    if len(sheets) > MAX_SHEETS or (kind == KIND_UNIT and len(sheets) != 1):
        raise _not_ours()
    covenant_id, cluster_id, period_id = (int(i) for i in ids if i is not None)
    return _Meta(
        kind=kind,
        covenant_id=covenant_id,
        cluster_id=cluster_id,
        cluster_label=original_cell_text(cell_text(values.get("cluster_label"))),
        period_id=period_id,
        period_label=original_cell_text(cell_text(values.get("period_label"))),
        sheets=sheets,
    )


def _check_meta(meta: _Meta, *, period: Period, unit: Unit | None) -> None:
    """Refuse a workbook of another cluster, covenant, period or unit, saying whose it is."""
    covenant = period.covenant
    if meta.covenant_id != covenant.pk or meta.cluster_id != covenant.cluster_id:
        raise _Refused(
            _(
                "Tệp này là số liệu của %(file_cluster)s (%(file_period)s), không phải của "
                "%(cluster)s. Hãy tải tệp của đúng cụm thi đua."
            )
            % {
                "file_cluster": meta.cluster_label or _("cụm khác"),
                "file_period": meta.period_label or _("kỳ khác"),
                "cluster": covenant.cluster,
            }
        )
    if meta.period_id != period.pk:
        if not Period.objects.filter(pk=meta.period_id, covenant=covenant).exists():
            raise _Refused(
                _(
                    "Kỳ báo cáo ghi trong tệp (%(file_period)s) không thuộc giao ước của "
                    "%(cluster)s. Hãy tải lại tệp từ trang báo cáo."
                )
                % {"file_period": meta.period_label or "?", "cluster": covenant.cluster}
            )
        raise _Refused(
            _(
                "Tệp này là số liệu kỳ %(file_period)s, không phải kỳ %(period)s. Hãy nhập "
                "tệp ở trang của kỳ %(file_period)s, hoặc tải tệp của kỳ %(period)s."
            )
            % {"file_period": meta.period_label, "period": period}
        )
    if unit is not None:
        if meta.kind != KIND_UNIT:
            raise _Refused(
                _(
                    "Tệp này là bảng số liệu của cả cụm; hãy nhập ở trang nhập số liệu của cụm, "
                    "hoặc tải tệp riêng của %(unit)s."
                )
                % {"unit": unit}
            )
        title, unit_id = meta.sheets[0]
        if unit_id != unit.pk:
            raise _Refused(
                _(
                    "Tệp này là số liệu của đơn vị khác (trang “%(sheet)s”), không phải của "
                    "%(unit)s. Hãy tải tệp từ báo cáo của %(unit)s."
                )
                % {"sheet": title, "unit": unit}
            )


def _check_header(title: str, header: tuple[Any, ...]) -> None:
    found = [" ".join(cell_text(value).split()) for value in header]
    found += [""] * (len(HEADERS) - len(found))
    for index, expected in enumerate(HEADERS):
        if found[index] != expected:
            letter = column_letter(index)
            raise _Refused(
                _(
                    "Cột %(column)s phải có tiêu đề “%(expected)s”, nhưng tìm thấy “%(found)s”. "
                    "Không thêm, xoá hay đổi chỗ các cột; hãy tải lại tệp từ hệ thống."
                )
                % {"column": letter, "expected": expected, "found": found[index] or _("(trống)")},
                sheet=title,
                row=HEADER_ROW,
                column=letter,
            )
    for index in range(len(HEADERS), len(found)):
        if found[index]:
            letter = column_letter(index)
            raise _Refused(
                _("Cột %(column)s (“%(found)s”) không có trong mẫu; hãy xoá cột này.")
                % {"column": letter, "found": found[index]},
                sheet=title,
                row=HEADER_ROW,
                column=letter,
            )


def _number(raw: Any, *, name: str, code: str) -> Decimal | None:
    """A number cell, or Vietnamese text ("1.234,5"); anything else is a ValidationError."""
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raw = "x"  # refused below as "not a number"
        else:
            number = Decimal(repr(raw))
            if places_of(number) > FIGURE_PLACES:
                # Binary noise of a computed cell (0.1 + 0.2), not a fifth decimal typed.
                rounded = number.quantize(Decimal(1).scaleb(-FIGURE_PLACES))
                if abs(number - rounded) < Decimal("1e-9"):
                    number = rounded
            raw = number
    elif isinstance(raw, dt.date | dt.time | dt.timedelta):
        raise ValidationError(
            _("%(field)s của tiêu chí %(code)s phải là một số, không phải ngày giờ.")
            % {"field": _field_title(name), "code": code}
        )
    return parse_number(raw, field=name, code=code)


def _field_title(name: str) -> str:
    return {"value": _("Số lượng"), "numerator": _("Tử số"), "denominator": _("Mẫu số")}[name]


def _read_sheet(
    sheet: _Sheet, lines: Iterable[tuple[Any, ...]], measures: dict[str, _Line]
) -> None:
    iterator: Iterator[tuple[Any, ...]] = iter(lines)
    header = next(iterator, ())
    _check_header(sheet.title, header)
    seen: dict[str, int] = {}
    for number, values in enumerate(iterator, start=FIRST_ROW):
        cells = (tuple(values) + (None,) * len(COLUMNS))[: len(COLUMNS)]
        key = cell_text(cells[INDEX["key"]])
        entered = [cells[INDEX[name]] for name in (*NUMBER_FIELDS, "comment")]
        if number >= FIRST_ROW + MAX_ROWS and (key or any(cell_text(v) for v in entered)):
            raise _Refused(
                _("Trang “%(sheet)s” có quá nhiều dòng (tối đa %(max)s).")
                % {"sheet": sheet.title, "max": MAX_ROWS},
                sheet=sheet.title,
            )
        if not key:
            if any(cell_text(value) for value in entered):
                sheet.fail(
                    number,
                    "",
                    _(
                        "Dòng này không có trong mẫu (thiếu khóa ở cột A); hãy nhập số liệu "
                        "vào đúng dòng của chỉ số."
                    ),
                )
            continue
        line = measures.get(key) if _KEY.match(key) else None
        if line is None:
            sheet.fail(
                number,
                LETTER["key"],
                _(
                    "Dòng này không khớp chỉ số nào của giao ước cho %(unit)s (khóa “%(key)s”); "
                    "có thể giao ước đã thay đổi. Hãy tải lại tệp."
                )
                % {"unit": sheet.unit, "key": key[:40]},
            )
            continue
        code = cell_text(cells[INDEX["code"]])
        if original_cell_text(code) != line.criterion.code:
            sheet.fail(
                number,
                LETTER["code"],
                _(
                    "Mã tiêu chí “%(found)s” không khớp dòng của tiêu chí %(code)s; không đổi "
                    "chỗ các dòng. Hãy tải lại tệp."
                )
                % {"found": code, "code": line.criterion.code},
            )
            continue
        if key in seen:
            sheet.fail(
                number,
                LETTER["key"],
                _("Chỉ số này đã có ở dòng %(row)s; mỗi chỉ số chỉ một dòng.") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        row = _Row(number=number, line=line, numbers={}, comment="", ok=True)
        for name in NUMBER_FIELDS:
            try:
                row.numbers[name] = _number(cells[INDEX[name]], name=name, code=line.criterion.code)
            except ValidationError as invalid:
                row.numbers[name] = None
                row.ok = False
                sheet.fail(number, LETTER[name], invalid.messages[0])
        comment = cells[INDEX["comment"]]
        row.comment = original_cell_text(cell_text(comment)) if comment is not None else ""
        sheet.rows.append(row)


def _read_workbook(workbook: Any, meta: _Meta, period: Period) -> list[_Sheet]:
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[pk for _t, pk in meta.sheets])}
    criteria = _quantitative(period.covenant)
    sheets = []
    seen_units: set[int] = set()
    cache: dict[tuple[int, int | None], list[_Line]] = {}
    for index, (title, unit_id) in enumerate(meta.sheets):
        unit = units.get(unit_id)
        if unit is None or unit_id in seen_units:
            raise _not_ours()
        seen_units.add(unit_id)
        if title not in workbook.sheetnames:
            raise _Refused(
                _("Không tìm thấy trang “%(sheet)s” của %(unit)s; không đổi tên hay xoá trang.")
                % {"sheet": title, "unit": unit}
            )
        sheet = _Sheet(index=index, title=title, unit=unit)
        lines = _lines(criteria, unit, sentences=False, cache=cache)
        measures = {line.key: line for line in lines}
        cells = workbook[title].iter_rows(
            min_row=HEADER_ROW,
            max_row=FIRST_ROW + MAX_ROWS + 1,
            max_col=len(COLUMNS) + 10,
            values_only=True,
        )
        _read_sheet(sheet, cells, measures)
        sheets.append(sheet)
    return sheets


# ---------------------------------------------------------------------------------------
# The import


def workbook_import(
    *, file: IO[bytes] | Any, period: Period, by: Any, unit: Unit | None = None
) -> ImportResult:
    """Save the figures of an uploaded workbook for `period`: every unit's, or none.

    With `unit`, the workbook must be that unit's own for the period (the report's import
    page); without it, a cluster (or unit) workbook of the period applies to each unit the
    user may enter. `by` enters the figures and is recorded as their author.
    """
    try:
        workbook = xlsx.load_upload(file)
    except xlsx.UploadRefused as refused:
        return ImportResult(errors=[RowError("", None, "", refused.message)])
    try:
        meta = _read_meta(workbook)
        _check_meta(meta, period=period, unit=unit)
        sheets = _read_workbook(workbook, meta, period)
    except _Refused as refused:
        return ImportResult(errors=[refused.error])
    except Exception:
        # Past the guards, whatever openpyxl trips on is a damaged file, not a server error.
        logger.info("report import: cannot read the workbook", exc_info=True)
        return ImportResult(errors=[RowError("", None, "", xlsx.not_xlsx_message())])
    finally:
        workbook.close()
    result = _apply(sheets, period=period, by=by, single=unit is not None)
    logger.info(
        "report import by %s for period %s: %s reports changed, %s unchanged, %s skipped, "
        "%s errors",
        getattr(by, "pk", None),
        period.pk,
        len(result.reports),
        len(result.unchanged),
        len(result.skipped),
        len(result.errors),
    )
    return result


def _entries(sheet: _Sheet, stored: dict[tuple[int, int, int], Figure]) -> list[Any]:
    result = []
    for row in sheet.rows:
        if not row.ok:
            continue
        figure = stored.get((sheet.unit.pk, row.line.criterion.pk, row.line.measure.part))
        result.append(
            domain.FigureInput(
                criterion=row.line.criterion,
                part=row.line.measure.part,
                comment=row.comment,
                # What the page typed in by hand stays: the workbook does not show it.
                baseline_value=figure.baseline_value if figure else None,
                baseline_numerator=figure.baseline_numerator if figure else None,
                baseline_denominator=figure.baseline_denominator if figure else None,
                **row.numbers,
            )
        )
    return result


def _domain_errors(sheet: _Sheet, invalid: ValidationError) -> list[RowError]:
    """The domain's "<criterion pk>.<part>.<field>" errors on the sheet's rows and columns."""
    if not hasattr(invalid, "error_dict"):
        return [RowError(sheet.title, None, "", message) for message in invalid.messages]
    rows = {(r.line.criterion.pk, r.line.measure.part): r.number for r in sheet.rows}
    errors = []
    for key, problems in invalid.error_dict.items():
        criterion_id, _dot, rest = key.partition(".")
        part, _dot, name = rest.partition(".")
        number = None
        if criterion_id.isdigit() and part.isdigit():
            number = rows.get((int(criterion_id), int(part)))
        column = LETTER.get(name, LETTER["code"] if name in ("criterion", "part") else "")
        for problem in problems:
            for message in problem.messages:
                errors.append(RowError(sheet.title, number, column, message))
    return errors


def _denied(unit: Unit, *, single: bool) -> str:
    if single:
        return _("Chỉ cán bộ thi đua của %(unit)s mới nhập số liệu báo cáo của đơn vị.") % {
            "unit": unit
        }
    return _(
        "Bạn không nhập được số liệu của %(unit)s: chỉ cán bộ thi đua của đơn vị mới nhập. "
        "Trang này khác với số liệu đang lưu nên không bỏ qua được; hãy tải lại tệp."
    ) % {"unit": unit}


def _apply(sheets: list[_Sheet], *, period: Period, by: Any, single: bool) -> ImportResult:
    units = [sheet.unit for sheet in sheets]
    reports = {r.unit_id: r for r in Report.objects.filter(period=period, unit__in=units)}
    stored: dict[tuple[int, int, int], Figure] = {
        (f.report.unit_id, f.criterion_id, f.part): f
        for f in Figure.objects.filter(report__in=reports.values()).select_related("report")
    }
    result = ImportResult(rows=sum(len(sheet.rows) for sheet in sheets))
    errors: dict[int, list[RowError]] = {sheet.index: list(sheet.errors) for sheet in sheets}
    reason = _("Nhập số liệu từ tệp Excel")
    try:
        with transaction.atomic():
            for sheet in sheets:
                unit = sheet.unit
                failed = errors[sheet.index]
                if not domain.is_member_in(period, unit):
                    failed.append(
                        RowError(
                            sheet.title,
                            None,
                            "",
                            _(
                                "%(unit)s không phải thành viên của %(cluster)s trong kỳ "
                                "%(period)s nên không có số liệu kỳ này."
                            )
                            % {"unit": unit, "cluster": period.covenant.cluster, "period": period},
                        )
                    )
                    continue
                changed = bool(sheet.errors) or any(
                    not row.same_as(
                        stored.get((unit.pk, row.line.criterion.pk, row.line.measure.part))
                    )
                    for row in sheet.rows
                )
                report = reports.get(unit.pk)
                may_enter = access.can_enter_figures(by, unit)
                closed = not may_enter or report is None or not report.is_editable
                if not changed and not single and closed:
                    # Nothing to enter here (another unit's sheet, a closed report): as it was.
                    result.skipped.append(sheet.title)
                    continue
                if not may_enter:
                    failed.append(RowError(sheet.title, None, "", _denied(unit, single=single)))
                    continue
                if not changed and report is not None and report.is_editable:
                    result.unchanged.append(report)
                    continue
                try:
                    if report is None:
                        report = domain.report_open(period=period, unit=unit, by=by)
                    before = report.version
                    report = domain.report_figures_save(
                        report=report,
                        by=by,
                        expected_version=report.version,
                        entries=_entries(sheet, stored),
                        reason=reason,
                    )
                except ValidationError as invalid:
                    failed.extend(_domain_errors(sheet, invalid))
                    continue
                except PermissionDenied as denied:
                    failed.append(RowError(sheet.title, None, "", str(denied)))
                    continue
                (result.reports if report.version != before else result.unchanged).append(report)
            if any(errors.values()):
                raise Rollback
    except Rollback:
        ordered = [
            error
            for sheet in sheets
            for error in sorted(
                dict.fromkeys(errors[sheet.index]), key=lambda e: (e.row or 0, e.column)
            )
        ]
        return ImportResult(errors=ordered, rows=result.rows)
    return result
