"""The awards list as an Excel workbook (openpyxl, imported here only).

One row per award, Vietnamese headers, decision dates as real dates shown dd/mm/yyyy.
Text typed by users goes through `safe_cell_text`, so nothing in the file runs as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from thidua.awards.models import Award
from thidua.core.xlsx import XLSX_CONTENT_TYPE, safe_cell_text

__all__ = ["HEADERS", "XLSX_CONTENT_TYPE", "awards_workbook"]

# The document's language is Vietnamese whatever the interface language (an export read
# beside the decisions themselves).
HEADERS = (
    "STT",
    "Năm thành tích",
    "Danh hiệu, hình thức khen thưởng",
    "Loại",
    "Đối tượng",
    "Họ và tên",
    "Cấp bậc",
    "Chức vụ",
    "Đơn vị",
    "Cụm thi đua",
    "Số quyết định",
    "Ngày quyết định",
    "Cấp quyết định",
    "Ghi chú",
)
WIDTHS = (6, 10, 36, 22, 10, 24, 14, 28, 32, 20, 20, 14, 26, 30)
KINDS = {
    "collective": "Danh hiệu tập thể",
    "individual": "Danh hiệu cá nhân",
    "commendation": "Hình thức khen thưởng",
}
RECIPIENTS = {"unit": "Tập thể", "person": "Cá nhân"}


def _text(value: str) -> str:
    return safe_cell_text(value or "")


def awards_workbook(awards: Iterable[Award], *, heading: str, subheading: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Khen thưởng"
    sheet["A1"] = _text(heading)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = _text(subheading)
    sheet["A2"].font = Font(italic=True)
    header_row = 4
    for column, (label, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=header_row, column=column, value=label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    row = header_row
    for index, award in enumerate(awards, start=1):
        row += 1
        cluster = award.cluster
        values = (
            index,
            award.year,
            _text(award.title.name),
            KINDS.get(award.title.kind, award.title.kind),
            RECIPIENTS.get(award.recipient, award.recipient),
            _text(award.person_name),
            _text(award.person_rank),
            _text(award.person_position),
            _text(award.unit.name),
            f"Cụm thi đua số {cluster.number} ({cluster.year})" if cluster else "",
            _text(award.decision_number),
            award.decision_date,
            _text(award.granting_authority),
            _text(award.note + (" (dữ liệu mẫu)" if award.is_sample else "")),
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=12).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if row > header_row:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{row}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
