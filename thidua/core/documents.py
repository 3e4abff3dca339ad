"""Administrative documents in the layout of Nghị định 30/2020/NĐ-CP: the shared parts.

Each app reads its document into plain frozen dataclasses and lays them out with these
helpers (the covenant, the score table), so every document has the same header (issuing
body top left, national motto top right, number, place and date), fonts, margins, page
numbers and download headers:

- Word (python-docx): Times New Roman, which every office installation has, 13–14 pt; the
  file's dates are the document's own date, never "now", so the same content always gives
  the same bytes.
- PDF (WeasyPrint): Liberation Serif (metric-compatible with Times New Roman) from
  thidua/static/fonts/, embedded; nothing is fetched outside the project (no network),
  so it looks the same on every server. The shared print styles are
  thidua/templates/documents/nd30.css, the shared header documents/_header.html.

Nothing here imports an app. The heavy libraries are imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.http import FileResponse

FONT_DIR = Path(settings.BASE_DIR) / "thidua" / "static" / "fonts"
BASE_CSS = Path(settings.BASE_DIR) / "thidua" / "templates" / "documents" / "nd30.css"
FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
DOCX_FONT = "Times New Roman"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_MARK = "DỰ THẢO"
BLANK = "……"  # left for the clerk to fill in by hand
CELL_MARGIN = 1.9  # Word's default left and right cell margin, in mm


@dataclass(frozen=True)
class Page:
    """An A4 page and its margins in mm (NĐ 30: top and bottom 20–25, left 30–35, right
    15–20, whichever way the page is turned)."""

    width: float
    height: float
    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def landscape(self) -> bool:
        return self.width > self.height


A4_PORTRAIT = Page(width=210, height=297)
A4_LANDSCAPE = Page(width=297, height=210)


def vietnamese_date(day: dt.date | None, year: int) -> str:
    """ "ngày 14 tháng 02 năm 2025": a zero before days under 10 and before months 1 and 2."""
    if day is None:
        return f"ngày {BLANK} tháng {BLANK} năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def blank_number(symbol: str) -> str:
    """ "Số:        /GƯ-CTĐ": non-breaking spaces where the clerk writes the number by hand."""
    return f"Số:{chr(0xA0) * 8}/{symbol}"


@cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, int], int]:
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / FONT_FILES[(bold, italic)])
    metrics = font["hmtx"]
    widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, font["head"].unitsPerEm


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The printed width of a line, from the metrics Times New Roman shares with Liberation."""
    widths, per_em = _advances(bold, italic)
    units = sum(widths.get(ord(char), per_em // 2) for char in text)
    return units / per_em * size_pt * 25.4 / 72


def dated_zip(content: bytes, day: dt.date) -> bytes:
    """The same zip (.docx, .xlsx) with every entry dated `day` instead of when it was written."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(
                item.filename, date_time=(day.year, day.month, day.day, 0, 0, 0)
            )
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()


def midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def download(
    content: bytes, *, stem: str, display_name: str, extension: str, content_type: str
) -> FileResponse:
    """A file download: an ASCII name for old clients, the Vietnamese one (RFC 6266) for
    the others."""
    response = FileResponse(io.BytesIO(content), content_type=content_type)
    response["Content-Length"] = str(len(content))
    response["Content-Disposition"] = attachment_disposition(stem, display_name, extension)
    return response


def attachment_disposition(stem: str, display_name: str, extension: str) -> str:
    """Content-Disposition of a download: the ASCII `stem` for old clients, the Vietnamese
    name (RFC 6266) for the others."""
    return (
        f'attachment; filename="{stem}.{extension}"; '
        f"filename*=UTF-8''{quote(f'{display_name}.{extension}')}"
    )


# ---------------------------------------------------------------------------------------
# Word


def docx_new(page: Page, *, title: str, author: str, subject: str, dated: dt.date) -> Any:
    """An empty Word document: the page, the fonts and paragraph styles, page numbers in
    the footer, and the document's date (not "now") in its properties."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    section.footer_distance = Mm(10)
    docx_base_styles(doc)
    docx_page_numbers(section)
    core = doc.core_properties
    core.title, core.author, core.subject = title, author, subject
    core.created = core.modified = midnight_utc(dated)
    core.revision = 1
    return doc


def docx_bytes(doc: Any, dated: dt.date) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return dated_zip(out.getvalue(), dated)


def set_fonts(rpr: Any, name: str) -> None:
    """Name the font for every script in a w:rPr and drop theme fonts, which would win."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def docx_base_styles(doc: Any) -> None:
    """Times New Roman everywhere; Normal 14 pt single-spaced; Body Text justified with a
    10 mm first-line indent and 6 pt before, as NĐ 30 sets the body of a document."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    run_defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    if run_defaults is not None:
        rpr = run_defaults.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run_defaults.append(rpr)
        set_fonts(rpr, DOCX_FONT)
    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), DOCX_FONT)
    normal.font.size = Pt(14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    body = doc.styles["Body Text"]
    body.font.size = Pt(14)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(10)
    body.paragraph_format.space_before = Pt(6)
    body.paragraph_format.space_after = Pt(0)
    body.paragraph_format.line_spacing = 1.15


def docx_page_numbers(section: Any) -> None:
    """ "Trang 1/3" centred in the footer, from Word's PAGE and NUMPAGES fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("Trang ", "PAGE"), ("/", "NUMPAGES")):
        run = paragraph.add_run(text)
        run.font.size = Pt(11)
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), f" {field} ")
        inner = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "22")
        rpr.append(size)
        inner.append(rpr)
        value = OxmlElement("w:t")
        value.text = "1"
        inner.append(value)
        simple.append(inner)
        paragraph._p.append(simple)


def cell_paragraph(
    cell: Any,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    first: bool = False,
    align: str = "center",
) -> Any:
    """A paragraph in a table cell (the cell's first one when `first`), centred by default."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    return paragraph


def rule(cell: Any, column_mm: float, length_mm: float) -> None:
    """A centred horizontal line: an empty paragraph's bottom border between indents."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = cell.add_paragraph()
    inner = column_mm - 2 * CELL_MARGIN
    side = max(0.0, (inner - length_mm) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = Pt(3)
    fmt.space_after = Pt(4)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def fixed_table(doc: Any, rows: int, widths: Sequence[float]) -> Any:
    """A centred table whose columns keep the given widths (mm) in Word and LibreOffice."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for index, width in enumerate(widths):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)
    return table


def docx_header(
    doc: Any,
    *,
    parent_body: str,
    issuer: str,
    number: str,
    place_date: str,
    columns: tuple[float, float],
) -> Any:
    """The NĐ 30 header: the issuing body and its number on the left, the national name and
    motto with the place and date on the right, each name underlined by a short rule."""
    left_mm, right_mm = columns
    table = fixed_table(doc, 2, columns)
    left, right = table.rows[0].cells
    cell_paragraph(left, parent_body, size=13, first=True)
    cell_paragraph(left, issuer, size=13, bold=True)
    # NĐ 30: under the issuer, a line a third to a half as long as the name.
    rule(left, left_mm, text_width_mm(issuer, 13, bold=True) * 0.4)
    cell_paragraph(right, NATIONAL_NAME, size=12, bold=True, first=True)
    cell_paragraph(right, NATIONAL_MOTTO, size=13, bold=True)
    # Under the motto, a line as long as the motto.
    rule(right, right_mm, text_width_mm(NATIONAL_MOTTO, 13, bold=True))
    number_cell, place = table.rows[1].cells
    cell_paragraph(number_cell, number, size=13, first=True)
    cell_paragraph(place, place_date, size=14, italic=True, first=True)
    return table


def docx_draft_mark(doc: Any) -> None:
    """NĐ 30's draft indication: "DỰ THẢO", bold capitals in a box, top right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.space_after = Pt(4)
    run = paragraph.add_run(DRAFT_MARK)
    run.bold = True
    run.font.size = Pt(14)
    border = OxmlElement("w:bdr")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
        border.set(qn(key), value)
    run._r.get_or_add_rPr().append(border)


def docx_repeat_header(row: Any) -> None:
    """The table's first row printed again at the top of every page it runs onto."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def docx_cell_margins(table: Any, mm: float) -> None:
    """Narrower left and right cell margins than Word's 1,9 mm, for tables of many numbers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(mm / 25.4 * 1440)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def docx_keep_row(row: Any) -> None:
    """A row never breaks across two pages."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def docx_heading_styles(doc: Any) -> None:
    """Headings 1–4 in the body's font and size, black, indented like the body text: the
    document's numbered parts (I. → 1. → 1.1.) show in Word's navigation pane."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    for level, italic in ((1, False), (2, False), (3, True), (4, True)):
        style = doc.styles[f"Heading {level}"]
        set_fonts(style.element.get_or_add_rPr(), DOCX_FONT)
        style.font.size = Pt(14)
        style.font.bold = True
        style.font.italic = italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Mm(10)
        fmt.left_indent = Mm(0)
        fmt.space_before = Pt(6)
        fmt.space_after = Pt(0)
        fmt.line_spacing = 1.15
        fmt.keep_with_next = True


def docx_row(
    row: Any, texts: Sequence[str], *, size: float, bold: bool = False, aligns: Sequence[str]
) -> None:
    """A table row that never breaks across pages, one text per cell, vertically centred."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    docx_keep_row(row)
    for cell, text, align in zip(row.cells, texts, aligns, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell_paragraph(cell, text, size=size, bold=bold, first=True, align=align)


def docx_signature(
    doc: Any,
    *,
    columns: tuple[float, float],
    recipients: Sequence[str],
    lines: Sequence[str],
    unit: str,
    name: str,
) -> None:
    """NĐ 30's closing: "Nơi nhận:" on the left and, side by side with it, the signature
    block on the right ("TM. CỤM THI ĐUA / CỤM TRƯỞNG", the unit, room to sign, the name)."""
    from docx.shared import Pt

    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_before = Pt(6)
    spacer.paragraph_format.keep_with_next = True
    table = fixed_table(doc, 1, columns)
    row = table.rows[0]
    docx_keep_row(row)
    left, right = row.cells
    cell_paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, first=True, align="left")
    for line in recipients:
        cell_paragraph(left, line, size=11, align="left")
    cell_paragraph(right, lines[0], size=13, bold=True, first=True)
    for line in lines[1:]:
        cell_paragraph(right, line, size=13, bold=True)
    if unit:
        cell_paragraph(right, unit, size=13, bold=True)
    signed = cell_paragraph(right, name, size=14, bold=True)
    signed.paragraph_format.space_before = Pt(72)


# ---------------------------------------------------------------------------------------
# PDF


def _allowed_file(path: Path) -> bool:
    root = Path(settings.BASE_DIR).resolve()
    return path.resolve().is_relative_to(root)


def url_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Fonts and styles from the project's own files; never the network or other files."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and _allowed_file(Path(unquote(parts.path))):
                return super().fetch(url, headers)
            raise ValueError(f"Refused to fetch {url!r}: documents use local files only.")

    return LocalOnlyFetcher(allowed_protocols=("file", "data"), timeout=1)


def render_pdf(html: str, stylesheets: Sequence[Path], extra_css: str = "") -> bytes:
    """The HTML printed with the shared styles (nd30.css), then the given ones, then
    `extra_css` (what depends on the content, e.g. column widths); font URLs resolve
    against thidua/static/fonts/."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = url_fetcher()
    fonts = FontConfiguration()
    base_url = FONT_DIR.as_uri() + "/"
    sheets = [
        CSS(
            string=path.read_text(encoding="utf-8"),
            base_url=base_url,
            url_fetcher=fetcher,
            font_config=fonts,
        )
        for path in (BASE_CSS, *stylesheets)
    ]
    if extra_css:
        sheets.append(CSS(string=extra_css, url_fetcher=fetcher, font_config=fonts))
    pdf = HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        stylesheets=sheets, font_config=fonts
    )
    assert pdf is not None
    return bytes(pdf)
