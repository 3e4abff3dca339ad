"""The year-end report as an editable Word document in the layout of Nghị định 30/2020.

`render_docx` only lays out what thidua.yearend.domain has read (the report page lays out
the same content), with the parts every document shares (thidua.core.documents): A4
portrait, NĐ 30 margins, Times New Roman 14 pt, the header with the national motto, the
number "Số: …/BC-CTĐ", place and date, headings in Word's heading styles (the navigation
pane shows I. … VI.), real tables, and "Nơi nhận" beside the cluster head's signature
block. Text the officer is expected to rewrite is italic on a yellow highlight. The file
is dated with the document's date, never "now": the same report gives the same bytes.
"""

from __future__ import annotations

from typing import Any

from thidua.core.documents import (
    A4_PORTRAIT,
    DOCX_CONTENT_TYPE,
    docx_bytes,
    docx_header,
    docx_heading_styles,
    docx_new,
    docx_repeat_header,
    docx_row,
    docx_signature,
    fixed_table,
    rule,
    text_width_mm,
)
from thidua.yearend.domain import Heading, Paragraph, Table, YearEndReport

__all__ = ["DOCX_CONTENT_TYPE", "TABLE_WIDTHS", "render_docx"]

PAGE = A4_PORTRAIT
TEXT_WIDTH = PAGE.text_width  # 165 mm
HEADER_COLUMNS = (68.0, TEXT_WIDTH - 68.0)
SIGNATURE_COLUMNS = (TEXT_WIDTH / 2, TEXT_WIDTH / 2)
SUBJECT = "Báo cáo tổng kết công tác thi đua"
TABLE_SIZE = 12.0  # points: a table's text, a little smaller than the body's 14
# Column widths (mm) of each kind of table the report prints; each adds up to TEXT_WIDTH.
TABLE_WIDTHS: dict[str, tuple[float, ...]] = {
    "targets": (14.0, 83.0, 17.0, 17.0, 17.0, 17.0),
    "ranking": (20.0, 65.0, 25.0, 30.0, 25.0),
    "vote": (42.0, 58.0, 20.0, 20.0, 25.0),
    "awards": (10.0, 40.0, 55.0, 60.0),
    "pledges": (60.0, 35.0, 35.0, 35.0),
}


def render_docx(report: YearEndReport) -> bytes:
    doc = docx_new(
        PAGE,
        title=report.display_name,
        author=report.issuer.title(),
        subject=SUBJECT,
        dated=report.dated,
    )
    docx_heading_styles(doc)
    docx_header(
        doc,
        parent_body=report.parent_body,
        issuer=report.issuer,
        number=report.number,
        place_date=report.place_date,
        columns=HEADER_COLUMNS,
    )
    _title(doc, report)
    doc.add_paragraph(report.intro, style="Body Text")
    for section in report.sections:
        doc.add_paragraph(section.heading, style="Heading 1")
        for block in section.blocks:
            if isinstance(block, Heading):
                doc.add_paragraph(block.text, style="Heading 2")
            elif isinstance(block, Table):
                _table(doc, block)
            else:
                _paragraph(doc, block)
    closing = doc.add_paragraph(report.closing, style="Body Text")
    closing.paragraph_format.keep_with_next = True
    signer = report.signer
    docx_signature(
        doc, columns=SIGNATURE_COLUMNS, recipients=report.recipients, lines=signer.lines,
        unit=signer.unit, name=signer.name,
    )  # fmt: skip
    return docx_bytes(doc, report.dated)


def _title(doc: Any, report: YearEndReport) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for index, text in enumerate(report.title):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(18 if index == 0 else 0)
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(14)
    # NĐ 30: a short line under the title's last line.
    rule(doc, TEXT_WIDTH, text_width_mm(report.title[-1], 14, bold=True) * 0.4)


def _paragraph(doc: Any, block: Paragraph) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    paragraph = doc.add_paragraph(style="Body Text")
    run = paragraph.add_run(f"- {block.text}" if block.bullet else block.text)
    if block.editable:
        # Left for the cluster head's officer to complete: easy to find, easy to replace.
        run.italic = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _table(doc: Any, block: Table) -> None:
    from docx.shared import Pt

    widths = TABLE_WIDTHS[block.layout]
    table = fixed_table(doc, 1 + len(block.rows), widths)
    table.style = doc.styles["Table Grid"]
    header = table.rows[0]
    docx_repeat_header(header)
    docx_row(header, block.headers, size=TABLE_SIZE, bold=True, aligns=["center"] * len(widths))
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        docx_row(row, values, size=TABLE_SIZE, aligns=block.aligns)
    if block.last_is_total and block.rows:
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    if block.group_first:
        # One cell per title down the first column, rather than the title on every row.
        for index, span in enumerate(block.spans()):
            if span > 1:
                first = table.cell(index + 1, 0)
                merged = first.merge(table.cell(index + span, 0))
                for extra in merged.paragraphs[1:]:
                    extra._p.getparent().remove(extra._p)
    # Room between a table and the text that follows it.
    after = doc.add_paragraph()
    after.paragraph_format.space_after = Pt(0)
    after.paragraph_format.line_spacing = Pt(6)
