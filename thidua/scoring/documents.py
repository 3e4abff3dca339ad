"""The cluster's score table and ranking as documents: Excel, and Word/PDF ready to sign.

`score_document` reads the table (thidua.scoring.domain) once into plain frozen
dataclasses; `render_xlsx`, `render_docx` and `render_pdf` only lay that content out, so
the three files always say the same thing. Points are shown as the score tables print them:
two decimals, rounded half up (the engine's `round_display`); totals and percentages are
rounded from the exact values, never summed from rounded ones.

The Word and PDF files follow Nghị định 30/2020/NĐ-CP (thidua.core.documents) on A4
landscape, because the table has a column per unit: issued by the cluster ("BỘ CÔNG AN /
CỤM THI ĐUA SỐ 10", as its covenant and vote minutes are), signed by the cluster head on
its behalf ("TM. CỤM THI ĐUA / CỤM TRƯỞNG"). A ranking that the office has not locked and
published yet is a draft: boxed "DỰ THẢO" at the top, no date, and a closing sentence
that says the scores may still change. Once published, the ranking printed is the one
announced (frozen on CovenantScoring), whatever has been edited since.

The workbook is an output, not a form: nothing is protected, but every text that a user
typed goes through `safe_cell_text` (formula injection). Numbers are numbers, formatted
"#,##0.00" and "0.00%", which Excel shows the Vietnamese way (1.000,00; 91,89%) on a
Vietnamese system. All three files carry the document's date, never "now": the same
scores always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from thidua.core.documents import (
    A4_LANDSCAPE,
    BLANK,
    DOCX_CONTENT_TYPE,
    DRAFT_MARK,
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    PDF_CONTENT_TYPE,
    blank_number,
    cell_paragraph,
    dated_zip,
    docx_bytes,
    docx_cell_margins,
    docx_draft_mark,
    docx_header,
    docx_new,
    docx_repeat_header,
    docx_row,
    docx_signature,
    fixed_table,
    midnight_utc,
    rule,
    text_width_mm,
    vietnamese_date,
)
from thidua.core.documents import render_pdf as render_html_pdf
from thidua.core.xlsx import XLSX_CONTENT_TYPE, safe_cell_text
from thidua.covenants.documents import document_stem, parent_body, province_short_name
from thidua.covenants.models import Covenant, CriterionKind
from thidua.engine.numbers import format_number_vi, format_percent_vi
from thidua.engine.ranking import TieBreakKey
from thidua.engine.scoring import round_display
from thidua.org.models import ClusterRole, RoleKind, Unit
from thidua.reporting.access import review_day
from thidua.scoring import domain
from thidua.scoring.domain import Source

__all__ = [
    "DOCX_CONTENT_TYPE",
    "PDF_CONTENT_TYPE",
    "XLSX_CONTENT_TYPE",
    "GridRow",
    "Review",
    "ScoreDocument",
    "Signer",
    "Standing",
    "UnitColumn",
    "render_docx",
    "render_pdf",
    "render_xlsx",
    "score_document",
]

PDF_CSS = (
    Path(__file__).resolve().parent / "templates" / "scoring" / "documents" / "score_table.css"
)
TITLE = "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA"
# NĐ 30 abbreviates a document kind by its initials: Bảng tổng hợp, of the Cụm thi đua.
DOCUMENT_SYMBOL = "BTH-CTĐ"
NOT_SCORED = "—"
PAGE = A4_LANDSCAPE
TEXT_WIDTH = PAGE.text_width
HEADER_COLUMNS = (100.0, TEXT_WIDTH - 100.0)
SIGNATURE_COLUMNS = (TEXT_WIDTH / 2, TEXT_WIDTH / 2)
SHEET_TABLE = "Bảng điểm"
SHEET_RANKING = "Xếp hạng"
SHEET_REVIEW = "Chi tiết thẩm định"
POINTS_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"
_HUNDRED = Decimal(100)
_ZERO = round_display(Decimal(0))

# The grid's fixed columns (mm) and the narrow cell margin of its number columns.
_CODE_WIDTH = 12.0
_MAX_WIDTH = 18.0
_TITLE_MIN = 55.0
_GRID_MARGIN = 1.0
_WIDEST_POINTS = "1.000,00"

_SOURCES = {
    Source.AUTO: "Tự động theo số liệu năm",
    Source.SELF: "Tự chấm",
    Source.VERIFIED: "Thẩm định",
    Source.FINAL: "Cơ quan thường trực quyết định",
}
_TIE_BREAKS = {
    TieBreakKey.MORE_EXCEEDED: "đơn vị có nhiều tiêu chí vượt chỉ tiêu hơn xếp trên",
    TieBreakKey.FEWER_PENALTIES: "đơn vị ít lần bị trừ điểm hơn xếp trên",
    TieBreakKey.HIGHER_TOTAL: "đơn vị có tổng điểm cao hơn xếp trên",
}


# ---------------------------------------------------------------------------------------
# Content


@dataclass(frozen=True)
class UnitColumn:
    """A unit's column of the table, with its place in the ranking (as published, once it is)."""

    name: str  # "Công an tỉnh Tây Ninh"
    short: str  # "Tây Ninh": the column's heading
    code: str
    total: Decimal  # two decimals, as printed
    attainable: Decimal
    percent: Decimal | None  # in percent, two decimals: 91.89
    rank: int
    tied: bool

    @property
    def rank_text(self) -> str:
        return rank_text(self.rank, self.tied)


@dataclass(frozen=True)
class GridRow:
    """A criterion's row: each unit's effective points (a group: its capped total), in the
    order of `ScoreDocument.units`; None where the unit is not scored on it."""

    code: str
    title: str
    depth: int
    is_group: bool
    maximum: Decimal
    points: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Standing:
    rank: int
    tied: bool
    unit: str
    total: Decimal
    attainable: Decimal
    percent: Decimal | None
    exceeded_count: int
    penalty_count: int

    @property
    def rank_text(self) -> str:
        return rank_text(self.rank, self.tied)


@dataclass(frozen=True)
class Review:
    """One unit's score on one leaf criterion at every step, with the reasons given."""

    unit: str
    code: str
    title: str
    kind: str
    maximum: Decimal
    target: str  # a quantitative criterion's target and result as sentences, else ""
    result: str
    self_points: Decimal | None
    self_note: str
    verified_points: Decimal | None  # None: the verifier kept the self-score
    verified_reason: str
    explanation: str
    final_points: Decimal | None  # None: the office kept the verified score
    final_reason: str
    points: Decimal | None
    source: str


@dataclass(frozen=True)
class Signer:
    lines: tuple[str, ...]  # ("TM. CỤM THI ĐUA", "CỤM TRƯỞNG")
    unit: str  # the head unit, "CÔNG AN TỈNH TÂY NINH"; "" when none is assigned
    name: str  # "" : typed in by the clerk


@dataclass(frozen=True)
class ScoreDocument:
    parent_body: str  # "BỘ CÔNG AN"
    issuer: str  # "CỤM THI ĐUA SỐ 10"
    number: str  # "Số:        /BTH-CTĐ"
    place_date: str  # "Tây Ninh, ngày 22 tháng 11 năm 2024"
    title: str
    subtitle: str  # "Năm 2024, Cụm thi đua số 10"
    intro: str
    draft: bool
    status: str  # one line for the workbook: published on …, or a draft
    scale: Decimal
    units: tuple[UnitColumn, ...]
    rows: tuple[GridRow, ...]
    standings: tuple[Standing, ...]
    reviews: tuple[Review, ...]
    notes: tuple[str, ...]  # under the table
    method: tuple[str, ...]
    conclusion: str
    signer: Signer
    recipients: tuple[str, ...]
    filename: str  # ASCII stem: "bang-diem-cum-10-2024"
    display_name: str  # "Bảng điểm Cụm thi đua số 10 năm 2024"
    dated: dt.date  # the file's metadata date


def rank_text(rank: int, tied: bool) -> str:
    return f"{rank} (đồng hạng)" if tied else str(rank)


def points_text(value: Decimal | None) -> str:
    return NOT_SCORED if value is None else format_number_vi(value, 2)


def percent_text(value: Decimal | None) -> str:
    return NOT_SCORED if value is None else format_percent_vi(value, 2)


def _shown(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_display(value)


def _cell_points(cell: domain.ScoreCell | None) -> Decimal | None:
    """None for a criterion the unit is not scored on; 0,00 for one it has no data on yet
    (it counts 0 of the maximum in the total)."""
    if cell is None:
        return None
    if cell.points is None:
        return _ZERO if cell.attainable > 0 else None
    return round_display(cell.points)


def _head_unit(covenant: Covenant, day: dt.date) -> Unit | None:
    """The unit heading the cluster on the document's day, else its last head of the year."""
    roles = ClusterRole.objects.filter(cluster=covenant.cluster, role=RoleKind.HEAD).select_related(
        "unit__parent__parent__parent"
    )
    role = (
        roles.filter(start_date__lte=day, end_date__gte=day).first()
        or roles.order_by("-end_date").first()
    )
    return role.unit if role else None


def _tie_break_sentence(keys: tuple[TieBreakKey, ...]) -> str:
    if not keys:
        return "Trường hợp bằng tỷ lệ thì đồng hạng."
    rules = "; ".join(_TIE_BREAKS.get(key, str(key)) for key in keys)
    return f"Trường hợp bằng tỷ lệ thì xét lần lượt: {rules}; vẫn bằng nhau thì đồng hạng."


def _method(covenant: Covenant, keys: tuple[TieBreakKey, ...]) -> tuple[str, ...]:
    """DOMAIN.md §5, the method every table of the product is computed by."""
    scale = format_number_vi(covenant.scale, 2, trim=True)
    return (
        "Tiêu chí định lượng được chấm từ số liệu năm đã được phê duyệt. Gọi M là điểm tối đa "
        "của tiêu chí, r là tỷ lệ thực hiện so với chỉ tiêu (với chỉ tiêu kéo giảm: mức giảm "
        "đạt được so với mức giảm phải đạt; kết quả âm tính 0 điểm), e = r − 1 là mức vượt: "
        "không đạt chỉ tiêu được ½ × M × r; đạt chỉ tiêu được ½ × M; vượt chỉ tiêu và có mức "
        "vượt cao nhất Cụm được M; vượt chỉ tiêu khác được ½ × M + (e ÷ e cao nhất) × ½ × M.",
        "Đơn vị không được giao chỉ tiêu ở tiêu chí nào thì không chấm tiêu chí đó (dấu “—”); "
        "nếu vẫn có kết quả thì được chấm so với đơn vị dẫn đầu Cụm. Tiêu chí định tính: đạt "
        "được điểm tối đa, không đạt 0 điểm. Tiêu chí chấm thẳng, chấm theo thứ hạng, điểm "
        "cộng và điểm trừ chấm theo quy định của giao ước. Điểm của mỗi nhóm tiêu chí không "
        "vượt quá điểm tối đa của nhóm; điểm trừ được trừ sau cùng.",
        "Xếp hạng theo tỷ lệ giữa tổng điểm đạt được và điểm tối đa có thể đạt của từng đơn "
        f"vị (thang điểm {scale} điểm, trừ điểm các tiêu chí đơn vị không được chấm và điểm "
        f"cộng). {_tie_break_sentence(keys)} Điểm và tỷ lệ được tính chính xác, ghi làm tròn "
        "đến hai chữ số thập phân.",
    )


def _review(unit: Unit, cell: domain.ScoreCell) -> Review:
    criterion = cell.criterion
    score = cell.score
    figures = cell.figures
    quantitative = criterion.kind == CriterionKind.QUANTITATIVE
    return Review(
        unit=unit.name,
        code=criterion.code,
        title=criterion.title,
        kind=str(criterion.get_kind_display()),
        maximum=round_display(criterion.max_points),
        target=str(figures.get("target_vi") or "") if quantitative else "",
        result=str(figures.get("result_vi") or "") if quantitative else "",
        self_points=_cell_points(cell) if quantitative else _shown(cell.self_points),
        self_note=score.self_note if score else "",
        verified_points=_shown(cell.verified_points),
        verified_reason=score.verified_reason if score else "",
        explanation=score.explanation if score else "",
        final_points=_shown(cell.final_points),
        final_reason=score.final_reason if score else "",
        points=_cell_points(cell),
        source=_SOURCES.get(cell.source, cell.source),
    )


def score_document(covenant: Covenant) -> ScoreDocument:
    """Everything the score documents say, in Vietnamese whatever the user's language."""
    with translation.override("vi"):
        return _score_document(covenant)


def _score_document(covenant: Covenant) -> ScoreDocument:
    table = domain.cluster_score_table(covenant=covenant)
    ranking = domain.table_ranking(table)
    cluster = covenant.cluster
    year = cluster.year
    office = cluster.managing_office
    published_on = (
        timezone.localdate(ranking.published_at)
        if ranking.published and ranking.published_at
        else None
    )
    draft = published_on is None
    head = _head_unit(covenant, published_on or review_day(cluster))
    place = province_short_name(head) or BLANK

    places = {row.unit.pk: row for row in ranking.rows}
    units = []
    for unit_row in table.units:
        # As announced once published; as the scores stand now in a draft.
        place_row = places.get(unit_row.unit.pk)
        units.append(
            UnitColumn(
                name=unit_row.unit.name,
                short=unit_row.unit.short_name or unit_row.unit.name,
                code=unit_row.unit.code,
                total=round_display(place_row.total if place_row else unit_row.total),
                attainable=round_display(
                    place_row.attainable if place_row else unit_row.attainable
                ),
                percent=place_row.percent_display if place_row else unit_row.percent_display,
                rank=place_row.rank if place_row else unit_row.rank or 0,
                tied=place_row.tied if place_row else unit_row.tied,
            )
        )
    rows = []
    for criterion_row in table.criteria:
        criterion = criterion_row.criterion
        points: list[Decimal | None] = []
        for unit_row in table.units:
            if criterion_row.is_leaf:
                points.append(_cell_points(unit_row.cells.get(criterion.pk)))
                continue
            node = unit_row.nodes.get(criterion.pk)
            shown = node is not None and (node.attainable > 0 or node.total != 0)
            points.append(round_display(node.total) if node is not None and shown else None)
        rows.append(
            GridRow(
                code=criterion.code,
                title=criterion.title,
                depth=criterion_row.depth,
                is_group=not criterion_row.is_leaf,
                maximum=round_display(criterion.max_points),
                points=tuple(points),
            )
        )
    standings = tuple(
        Standing(
            rank=row.rank,
            tied=row.tied,
            unit=row.unit.name,
            total=round_display(row.total),
            attainable=round_display(row.attainable),
            percent=row.percent_display,
            exceeded_count=row.exceeded_count,
            penalty_count=row.penalty_count,
        )
        for row in ranking.rows
    )
    reviews = tuple(
        _review(unit_row.unit, unit_row.cells[criterion.pk])
        for unit_row in table.units
        for criterion in table.leaves
        if criterion.pk in unit_row.cells
    )

    cluster_name = f"Cụm thi đua số {cluster.number}"
    stem = document_stem("bang-diem", cluster, year)
    display_name = f"Bảng điểm {cluster_name} năm {year}"
    if draft:
        stem += "-du-thao"
        display_name += " (dự thảo)"
    if published_on is not None:
        status = f"Kết quả đã khóa, công bố ngày {published_on:%d/%m/%Y}."
        conclusion = (
            f"Kết quả chấm điểm đã được {office.name} khóa và công bố ngày "
            f"{published_on:%d/%m/%Y}, là cơ sở để {cluster_name} bình xét, suy tôn các danh "
            f"hiệu thi đua năm {year}./."
        )
    else:
        status = f"{DRAFT_MARK}: kết quả chưa khóa, công bố; điểm và thứ hạng có thể thay đổi."
        conclusion = (
            f"Bảng tổng hợp này là dự thảo: kết quả chấm điểm của {cluster_name} chưa được "
            f"{office.name} khóa và công bố; điểm và thứ hạng có thể còn thay đổi."
        )
    changed = [row.sheet.updated_at for row in table.units if row.sheet is not None]
    dated = published_on or (timezone.localdate(max(changed)) if changed else dt.date(year, 1, 1))
    return ScoreDocument(
        parent_body=parent_body(cluster),
        issuer=cluster_name.upper(),
        number=blank_number(DOCUMENT_SYMBOL),
        place_date=f"{place}, {vietnamese_date(published_on, year)}",
        title=TITLE,
        subtitle=f"Năm {year}, {cluster_name}",
        intro=(
            f"Căn cứ Giao ước thi đua năm {year} của {cluster_name} và phương pháp chấm điểm "
            "đã thống nhất; căn cứ kết quả tự chấm của các đơn vị, kết quả thẩm định của Cụm "
            f"trưởng và quyết định của {office.name}, {cluster_name} tổng hợp kết quả chấm "
            f"điểm thi đua năm {year} như sau:"
        ),
        draft=draft,
        status=status,
        scale=round_display(covenant.scale),
        units=tuple(units),
        rows=tuple(rows),
        standings=standings,
        reviews=reviews,
        notes=(
            "Điểm ghi làm tròn đến hai chữ số thập phân; dấu “—”: đơn vị không được chấm "
            "tiêu chí này (không được giao chỉ tiêu và không có kết quả).",
        ),
        method=_method(covenant, table.tie_break),
        conclusion=conclusion,
        signer=Signer(
            lines=("TM. CỤM THI ĐUA", "CỤM TRƯỞNG"),
            unit=head.name.upper() if head else "",
            name="",
        ),
        recipients=(
            f"- {office.name} (để báo cáo);",
            f"- Các đơn vị thành viên {cluster_name};",
            f"- Lưu: {cluster_name}.",
        ),
        filename=stem,
        display_name=display_name,
        dated=dated,
    )


# ---------------------------------------------------------------------------------------
# Excel


def render_xlsx(document: ScoreDocument) -> bytes:
    """Three sheets: the table (criteria × units), the ranking, and every unit's score on
    every criterion at each step with the reasons."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    table = workbook.active
    assert table is not None
    table.title = SHEET_TABLE
    _xlsx_table(table, document)
    _xlsx_ranking(workbook.create_sheet(SHEET_RANKING), document)
    _xlsx_reviews(workbook.create_sheet(SHEET_REVIEW), document)
    properties = workbook.properties
    properties.title = safe_cell_text(document.display_name)
    properties.creator = safe_cell_text(document.issuer.title())
    # Not "now" (openpyxl's save would write it): the same scores give the same file.
    properties.created = properties.modified = midnight_utc(document.dated).replace(tzinfo=None)
    out = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return dated_zip(out.getvalue(), document.dated)


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "header_fill": PatternFill("solid", fgColor="DDEBF7"),
        "group_fill": PatternFill("solid", fgColor="F2F2F2"),
        "bold": Font(bold=True),
        "italic": Font(italic=True),
        "title": Font(bold=True, size=14),
        "draft": Font(bold=True, color="C00000"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrap": Alignment(vertical="top", wrap_text=True),
    }


def _xlsx_title(sheet: Any, document: ScoreDocument, columns: int) -> None:
    style = _styles()
    lines = (
        (document.title, style["title"]),
        (document.subtitle, style["bold"]),
        (document.status, style["draft"] if document.draft else None),
    )
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=safe_cell_text(text))
        if font is not None:
            cell.font = font
        if columns > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def _xlsx_header(sheet: Any, row: int, titles: list[str], widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    style = _styles()
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=safe_cell_text(title))
        cell.font = style["bold"]
        cell.fill = style["header_fill"]
        cell.border = style["border"]
        cell.alignment = style["center"]
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[row].height = 45


def _xlsx_print(sheet: Any, *, title_rows: str, footer: str) -> None:
    """A4 landscape, one page wide, the column titles on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "Trang &P / &N"
    sheet.oddFooter.right.text = footer.replace("&", "&&")


def _number(cell: Any, value: Decimal | None, number_format: str = POINTS_FORMAT) -> None:
    if value is None:
        cell.value = NOT_SCORED
        cell.alignment = _styles()["center"]
        return
    cell.value = value
    cell.number_format = number_format


_GRID_FIRST = 5  # the column titles' row of the table sheet


def _xlsx_table(sheet: Any, document: ScoreDocument) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    style = _styles()
    units = document.units
    columns = 3 + len(units)
    _xlsx_title(sheet, document, columns)
    _xlsx_header(
        sheet,
        _GRID_FIRST,
        ["Mã", "Nội dung tiêu chí", "Điểm tối đa", *(u.short for u in units)],
        [8, 60, 11, *([14] * len(units))],
    )
    row = _GRID_FIRST + 1
    for item in document.rows:
        cells = [
            sheet.cell(row=row, column=1, value=safe_cell_text(item.code)),
            sheet.cell(row=row, column=2, value=safe_cell_text(item.title)),
            sheet.cell(row=row, column=3),
        ]
        _number(cells[2], item.maximum)
        for index, points in enumerate(item.points):
            cell = sheet.cell(row=row, column=4 + index)
            _number(cell, points)
            cells.append(cell)
        for cell in cells:
            cell.border = style["border"]
            if item.is_group:
                cell.font = style["bold"]
                cell.fill = style["group_fill"]
        cells[1].alignment = Alignment(wrap_text=True, vertical="top", indent=item.depth)
        cells[0].alignment = style["wrap"]
        row += 1
    summary: list[tuple[str, Decimal | None, list[Any], str, bool]] = [
        ("Tổng điểm", document.scale, [u.total for u in units], POINTS_FORMAT, True),
        ("Điểm tối đa có thể đạt", None, [u.attainable for u in units], POINTS_FORMAT, False),
        (
            "Tỷ lệ (%)",
            None,
            [None if u.percent is None else u.percent / _HUNDRED for u in units],
            PERCENT_FORMAT,
            False,
        ),
        ("Xếp hạng", None, [u.rank for u in units], "0", True),
    ]
    for label, maximum, values, number_format, bold in summary:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        label_cell = sheet.cell(row=row, column=1, value=label)
        maximum_cell = sheet.cell(row=row, column=3)
        if maximum is not None:
            _number(maximum_cell, maximum)
        cells = [label_cell, sheet.cell(row=row, column=2), maximum_cell]
        for index, value in enumerate(values):
            cell = sheet.cell(row=row, column=4 + index)
            _number(cell, value, number_format)
            cells.append(cell)
        for cell in cells:
            cell.border = style["border"]
            if bold:
                cell.font = style["bold"]
        row += 1
    tied = [u.short for u in units if u.tied]
    notes = [*document.notes]
    if tied:
        notes.append(f"Đồng hạng: {', '.join(tied)}.")
    for note in notes:
        row += 1
        sheet.cell(row=row, column=1, value=safe_cell_text(note)).font = style["italic"]
    sheet.freeze_panes = f"D{_GRID_FIRST + 1}"
    sheet.print_area = f"A1:{get_column_letter(columns)}{row}"
    _xlsx_print(sheet, title_rows=f"{_GRID_FIRST}:{_GRID_FIRST}", footer=document.subtitle)


def _xlsx_ranking(sheet: Any, document: ScoreDocument) -> None:
    style = _styles()
    first = 5
    _xlsx_title(sheet, document, 7)
    _xlsx_header(
        sheet,
        first,
        [
            "Xếp hạng",
            "Đơn vị",
            "Tổng điểm",
            "Điểm tối đa có thể đạt",
            "Tỷ lệ (%)",
            "Số tiêu chí vượt chỉ tiêu",
            "Số lần bị trừ điểm",
        ],
        [10, 40, 14, 14, 12, 14, 14],
    )
    for row, standing in enumerate(document.standings, start=first + 1):
        rank = sheet.cell(row=row, column=1, value=standing.rank)
        if standing.tied:
            rank.value = safe_cell_text(standing.rank_text)
        cells = [
            rank,
            sheet.cell(row=row, column=2, value=safe_cell_text(standing.unit)),
            sheet.cell(row=row, column=3),
            sheet.cell(row=row, column=4),
            sheet.cell(row=row, column=5),
            sheet.cell(row=row, column=6, value=standing.exceeded_count),
            sheet.cell(row=row, column=7, value=standing.penalty_count),
        ]
        _number(cells[2], standing.total)
        _number(cells[3], standing.attainable)
        percent = None if standing.percent is None else standing.percent / _HUNDRED
        _number(cells[4], percent, PERCENT_FORMAT)
        for cell in cells:
            cell.border = style["border"]
        rank.alignment = style["center"]
    sheet.freeze_panes = f"A{first + 1}"
    _xlsx_print(sheet, title_rows=f"{first}:{first}", footer=document.subtitle)


REVIEW_COLUMNS = (
    ("Đơn vị", 28),
    ("Mã", 7),
    ("Tiêu chí", 40),
    ("Loại tiêu chí", 14),
    ("Điểm tối đa", 10),
    ("Chỉ tiêu", 30),
    ("Kết quả thực hiện", 24),
    ("Tự chấm", 10),
    ("Ghi chú tự chấm", 28),
    ("Thẩm định", 10),
    ("Lý do thẩm định", 32),
    ("Giải trình của đơn vị", 32),
    ("Quyết định của cơ quan thường trực", 12),
    ("Lý do quyết định", 32),
    ("Điểm chính thức", 11),
    ("Điểm theo", 18),
)


def _xlsx_reviews(sheet: Any, document: ScoreDocument) -> None:
    from openpyxl.utils import get_column_letter

    style = _styles()
    first = 5
    _xlsx_title(sheet, document, 8)
    _xlsx_header(
        sheet, first, [title for title, _w in REVIEW_COLUMNS], [w for _t, w in REVIEW_COLUMNS]
    )
    numbers = {4, 7, 9, 12, 14}  # zero-based: maximum, self, verified, final, effective
    for row, review in enumerate(document.reviews, start=first + 1):
        values: list[Any] = [
            review.unit,
            review.code,
            review.title,
            review.kind,
            review.maximum,
            review.target,
            review.result,
            review.self_points,
            review.self_note,
            review.verified_points,
            review.verified_reason,
            review.explanation,
            review.final_points,
            review.final_reason,
            review.points,
            review.source,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column)
            if column - 1 in numbers:
                if value is not None:
                    cell.value = value
                    cell.number_format = POINTS_FORMAT
            else:
                cell.value = safe_cell_text(str(value)) if value else None
                cell.alignment = style["wrap"]
            cell.border = style["border"]
    last = first + max(1, len(document.reviews))
    sheet.auto_filter.ref = f"A{first}:{get_column_letter(len(REVIEW_COLUMNS))}{last}"
    sheet.freeze_panes = f"D{first + 1}"
    _xlsx_print(sheet, title_rows=f"{first}:{first}", footer=document.subtitle)


# ---------------------------------------------------------------------------------------
# Word


@dataclass(frozen=True)
class _Grid:
    """The table's columns (mm) and type size: the number columns as narrow as the widest
    number allows, the criteria titles the rest of the line."""

    widths: tuple[float, ...]
    size: float


def grid_layout(units: int) -> _Grid:
    for size in (12.0, 11.0, 10.0, 9.0):
        unit = text_width_mm(_WIDEST_POINTS, size) + 2 * _GRID_MARGIN + 0.5
        if _CODE_WIDTH + _MAX_WIDTH + _TITLE_MIN + units * unit <= TEXT_WIDTH or size == 9:
            break
    # Up to 25 mm a unit (a two-word province on one line) while the titles keep 90 mm.
    room = (TEXT_WIDTH - _CODE_WIDTH - _MAX_WIDTH - 90) / max(1, units)
    unit = max(unit, min(25.0, room))
    title = TEXT_WIDTH - _CODE_WIDTH - _MAX_WIDTH - units * unit
    return _Grid((_CODE_WIDTH, title, _MAX_WIDTH, *([unit] * units)), size)


def _summary_rows(document: ScoreDocument) -> list[tuple[str, str, list[str], bool]]:
    """The rows under the criteria: label, the maximum column, each unit's value, bold."""
    units = document.units
    return [
        ("Tổng điểm", points_text(document.scale), [points_text(u.total) for u in units], True),
        ("Điểm tối đa có thể đạt", "", [points_text(u.attainable) for u in units], False),
        ("Tỷ lệ (%)", "", [percent_text(u.percent) for u in units], False),
        ("Xếp hạng", "", [u.rank_text for u in units], True),
    ]


def render_docx(document: ScoreDocument) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = docx_new(
        PAGE,
        title=document.display_name,
        author=document.issuer.title(),
        subject=TITLE,
        dated=document.dated,
    )
    if document.draft:
        docx_draft_mark(doc)
    docx_header(
        doc,
        parent_body=document.parent_body,
        issuer=document.issuer,
        number=document.number,
        place_date=document.place_date,
        columns=HEADER_COLUMNS,
    )
    for text, before in ((document.title, 18), (document.subtitle, 0)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(14)
    rule(doc, TEXT_WIDTH, text_width_mm(document.subtitle, 14, bold=True) * 0.4)
    doc.add_paragraph(document.intro, style="Body Text")

    _docx_heading(doc, "I. KẾT QUẢ CHẤM ĐIỂM THEO TIÊU CHÍ")
    _docx_grid(doc, document)
    for note in document.notes:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(3)
        run = paragraph.add_run(f"Ghi chú: {note}")
        run.italic = True
        run.font.size = Pt(11)
    _docx_heading(doc, "II. KẾT QUẢ XẾP HẠNG")
    _docx_ranking(doc, document)
    _docx_heading(doc, "III. PHƯƠNG PHÁP CHẤM ĐIỂM, XẾP HẠNG")
    for text in document.method:
        doc.add_paragraph(text, style="Body Text")
    doc.add_paragraph(document.conclusion, style="Body Text")
    _docx_signature(doc, document)
    return docx_bytes(doc, document.dated)


def _docx_heading(doc: Any, text: str) -> None:
    from docx.shared import Pt

    paragraph = doc.add_paragraph(style="Body Text")
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True


def _docx_grid(doc: Any, document: ScoreDocument) -> None:
    from docx.shared import Mm

    layout = grid_layout(len(document.units))
    units = len(document.units)
    rows = 1 + len(document.rows) + len(_summary_rows(document))
    table = fixed_table(doc, rows, layout.widths)
    table.style = doc.styles["Table Grid"]
    docx_cell_margins(table, _GRID_MARGIN)
    header = table.rows[0]
    docx_repeat_header(header)
    docx_row(
        header,
        ["Mã", "Nội dung tiêu chí", "Điểm tối đa", *(u.short for u in document.units)],
        size=layout.size,
        bold=True,
        aligns=["center"] * (3 + units),
    )
    for row, item in zip(table.rows[1:], document.rows, strict=False):
        docx_row(
            row,
            [item.code, item.title, points_text(item.maximum), *map(points_text, item.points)],
            size=layout.size,
            bold=item.is_group,
            aligns=["center", "left", "right", *(["right"] * units)],
        )
        row.cells[1].paragraphs[0].paragraph_format.left_indent = Mm(3 * item.depth)
    summary = table.rows[1 + len(document.rows) :]
    for row, (label, maximum, values, bold) in zip(summary, _summary_rows(document), strict=True):
        label_cell = row.cells[0].merge(row.cells[1])
        docx_row(
            row,
            ["", "", maximum, *values],
            size=layout.size,
            bold=bold,
            aligns=["center", "center", "right", *(["right"] * units)],
        )
        cell_paragraph(label_cell, label, size=layout.size, bold=True, first=True)
        # The merged cell keeps the first paragraph of each cell; only the label stays.
        for extra in label_cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)


RANKING_WIDTHS = (28.0, 84.0, 28.0, 28.0, 24.0, 30.0, 30.0)


def _docx_ranking(doc: Any, document: ScoreDocument) -> None:
    size = 12.0
    table = fixed_table(doc, 1 + len(document.standings), RANKING_WIDTHS)
    table.style = doc.styles["Table Grid"]
    docx_repeat_header(table.rows[0])
    docx_row(
        table.rows[0],
        [
            "Xếp hạng",
            "Đơn vị",
            "Tổng điểm",
            "Điểm tối đa có thể đạt",
            "Tỷ lệ (%)",
            "Số tiêu chí vượt chỉ tiêu",
            "Số lần bị trừ điểm",
        ],
        size=size,
        bold=True,
        aligns=["center"] * 7,
    )
    for row, standing in zip(table.rows[1:], document.standings, strict=True):
        docx_row(
            row,
            [
                standing.rank_text,
                standing.unit,
                points_text(standing.total),
                points_text(standing.attainable),
                percent_text(standing.percent),
                str(standing.exceeded_count),
                str(standing.penalty_count),
            ],
            size=size,
            aligns=["center", "left", "right", "right", "right", "center", "center"],
        )


def _docx_signature(doc: Any, document: ScoreDocument) -> None:
    """Nơi nhận on the left and the cluster head's signature on the right, side by side."""
    signer = document.signer
    docx_signature(
        doc, columns=SIGNATURE_COLUMNS, recipients=document.recipients, lines=signer.lines,
        unit=signer.unit, name=signer.name,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------
# PDF


def render_pdf(document: ScoreDocument) -> bytes:
    layout = grid_layout(len(document.units))
    html = render_to_string(
        "scoring/documents/score_table.html",
        {
            "doc": document,
            "header": document,
            "draft": document.draft,
            "draft_mark": DRAFT_MARK,
            "motto": NATIONAL_MOTTO,
            "national_name": NATIONAL_NAME,
            "rows": [
                {
                    "item": item,
                    "maximum": points_text(item.maximum),
                    "points": [points_text(p) for p in item.points],
                }
                for item in document.rows
            ],
            "summary": _summary_rows(document),
            "standings": [
                {
                    "standing": s,
                    "total": points_text(s.total),
                    "attainable": points_text(s.attainable),
                    "percent": percent_text(s.percent),
                }
                for s in document.standings
            ],
        },
    )
    code, title, maximum, *units = layout.widths
    # Column widths and type size depend on the number of units.
    columns = (
        f"table.grid {{ font-size: {layout.size}pt; }}\n"
        f"table.grid col.code {{ width: {code:.2f}mm; }}\n"
        f"table.grid col.title {{ width: {title:.2f}mm; }}\n"
        f"table.grid col.maximum {{ width: {maximum:.2f}mm; }}\n"
        + (f"table.grid col.unit {{ width: {units[0]:.2f}mm; }}\n" if units else "")
    )
    return render_html_pdf(html, [PDF_CSS], extra_css=columns)
