"""A fund's table as an Excel workbook: one row per unit (pledged, paid, outstanding, date,
receipt, note) and the totals, amounts as whole numbers shown "150.000.000" by Excel's
own grouping. Text typed by users goes through `safe_cell_text` (formula injection). The
workbook's texts are Vietnamese whatever the interface language (a document's language).
openpyxl is imported inside (it is heavy and only needed here).
"""

from __future__ import annotations

import io
from typing import Any

from thidua.contributions.domain import FundSummary, format_vnd
from thidua.core.xlsx import safe_cell_text

MONEY_FORMAT = "#,##0"
HEADERS = (
    "STT",
    "Đơn vị",
    "Cam kết (đồng)",
    "Đã nộp (đồng)",
    "Còn thiếu (đồng)",
    "Ngày nộp",
    "Chứng từ",
    "Ghi chú",
)
WIDTHS = (6, 30, 18, 18, 18, 12, 28, 36)


def _text(value: Any) -> str:
    return safe_cell_text(str(value or ""))


def fund_workbook(summary: FundSummary) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    fund = summary.fund
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Đóng góp"
    bold = Font(bold=True)
    sheet["A1"] = _text(fund.title)
    sheet["A1"].font = Font(bold=True, size=13)
    cluster = f"Cụm thi đua số {fund.cluster.number} năm {fund.year}"
    if fund.cluster.name:
        cluster += f" – {fund.cluster.name}"
    sheet["A2"] = _text(cluster)
    beneficiary = " ".join(part for part in (fund.beneficiary_rank, fund.beneficiary_name) if part)
    if fund.beneficiary_position:
        beneficiary += f", {fund.beneficiary_position}"
    if fund.beneficiary_unit is not None:
        beneficiary += f" ({fund.beneficiary_unit.name})"
    sheet["A3"] = _text(f"Người, nơi thụ hưởng: {beneficiary.strip(' ,') or '—'}")
    target = format_vnd(fund.target_amount) if fund.target_amount is not None else "—"
    sheet["A4"] = _text(f"Phát động ngày {fund.opened_on:%d/%m/%Y}; tổng số cần đóng góp: {target}")
    header_row = 6
    for column, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    row = header_row
    for index, pledge in enumerate(summary.pledges, start=1):
        row += 1
        values: list[Any] = [
            index,
            _text(pledge.unit.name),
            int(pledge.pledged),
            int(pledge.paid),
            int(pledge.outstanding),
            pledge.paid_on,
            _text(pledge.receipt_name),
            _text(pledge.note),
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if column in (3, 4, 5):
                cell.number_format = MONEY_FORMAT
            if column == 6 and value is not None:
                cell.number_format = "DD/MM/YYYY"
    row += 1
    totals = summary.totals
    sheet.cell(row=row, column=2, value="Tổng cộng").font = bold
    for column, amount in ((3, totals.pledged), (4, totals.paid), (5, totals.outstanding)):
        cell = sheet.cell(row=row, column=column, value=int(amount))
        cell.number_format = MONEY_FORMAT
        cell.font = bold
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    workbook.properties.title = _text(fund.title)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
