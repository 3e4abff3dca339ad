"""Excel import of units: the template workbook, and an all-or-nothing import.

The column titles and the labels of the kind list are the file format, not UI text:
they stay Vietnamese whatever the user's language, so that a template downloaded in one
language imports in the other. Messages to the user are translated as usual.

openpyxl is imported inside the functions that use it (it is heavy and only needed here).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.core import xlsx
from thidua.core.xlsx import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE  # re-exported
from thidua.core.xlsx import Rollback, cell_text, column_letter
from thidua.core.xlsx import RowError as RowError  # re-exported
from thidua.core.xlsx import safe_cell_text as safe_cell_text  # re-exported
from thidua.engine.text import fold
from thidua.org import domain
from thidua.org.models import Unit, UnitKind

logger = logging.getLogger(__name__)

SHEET = "Đơn vị"
GUIDE_SHEET = "Hướng dẫn"
HEADERS = (
    "Mã đơn vị",
    "Tên đầy đủ",
    "Tên ngắn",
    "Loại đơn vị",
    "Mã đơn vị cấp trên",
    "Hoạt động từ ngày",
    "Hoạt động đến ngày",
    "Cơ quan thường trực thi đua (Có/Không)",
)
LETTERS = "ABCDEFGH"
FIELD_COLUMNS = {
    "code": "A",
    "name": "B",
    "short_name": "C",
    "kind": "D",
    "parent": "E",
    "active_from": "F",
    "active_to": "G",
    "is_emulation_office": "H",
}
YES, NO = "Có", "Không"

MAX_ROWS = 5000
# Rows the template prepares (validation lists, formats); more rows still import.
TEMPLATE_ROWS = 1000
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YES = {"co", "x", "1", "true", "yes"}
_NO = {"khong", "0", "false", "no", ""}


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[RowError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def kind_labels() -> list[tuple[str, str]]:
    """(code, Vietnamese label) of every unit kind, as the template lists them."""
    with translation.override("vi"):
        return [(value, str(label)) for value, label in UnitKind.choices]


# ---------------------------------------------------------------------------------------
# The template


def unit_template_workbook() -> bytes:
    """The empty import template: the "Đơn vị" sheet to fill, and a "Hướng dẫn" sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    guide = workbook.create_sheet(GUIDE_SHEET)

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    for index, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    for letter, width in zip(LETTERS, (14, 44, 26, 36, 18, 16, 16, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    # Codes and dates are text cells: "001" must not become the number 1, and a typed
    # "01/07/2025" must stay 1 July, where a date cell under a US locale reads 7 January.
    # Real date values pasted in still arrive as dates.
    for letter in ("A", "E", "F", "G"):
        sheet.column_dimensions[letter].number_format = "@"

    labels = kind_labels()
    list_top = _write_guide(guide, labels)
    list_range = f"'{GUIDE_SHEET}'!$A${list_top}:$A${list_top + len(labels) - 1}"
    last = TEMPLATE_ROWS + 1
    kind_list = DataValidation(
        type="list",
        formula1=list_range,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Loại đơn vị"),
        error=_("Hãy chọn một loại trong danh sách."),
    )
    kind_list.add(f"D2:D{last}")
    yes_no = DataValidation(
        type="list", formula1=f'"{YES},{NO}"', allow_blank=True, showErrorMessage=True
    )
    yes_no.add(f"H2:H{last}")
    for validation in (kind_list, yes_no):
        sheet.add_data_validation(validation)

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_guide(guide: Any, labels: list[tuple[str, str]]) -> int:
    """Fill the guide sheet; return the first row of the list of kind labels."""
    from openpyxl.styles import Alignment, Font

    columns = [
        (_("Có"), _("Mã riêng của đơn vị, tối đa 30 ký tự, không trùng.")),
        (_("Có"), _("Ví dụ: Công an tỉnh Đồng Nai.")),
        (_("Không"), _("Ví dụ: Đồng Nai. Để trống: đơn vị mới lấy tên đầy đủ.")),
        (_("Có"), _("Chọn trong danh sách bên dưới.")),
        (
            _("Không"),
            _("Mã của đơn vị cấp trên: đã có trong hệ thống hoặc ở một dòng khác của tệp."),
        ),
        (_("Không"), _("Dạng dd/mm/yyyy, ví dụ 01/07/2025.")),
        (_("Không"), _("Dạng dd/mm/yyyy, không trước ngày ở cột F.")),
        (_("Không"), _("“Có” hoặc “Không”. Để trống: đơn vị mới là “Không”.")),
    ]
    intro = _(
        "Điền mỗi đơn vị trên một dòng của trang “%(sheet)s”, không đổi tên hay thứ tự các "
        "cột. Đơn vị đã có trong hệ thống (cùng mã) được cập nhật; ô để trống ở cột không "
        "bắt buộc thì giữ nguyên giá trị cũ. Nếu có lỗi, không đơn vị nào được lưu."
    ) % {"sheet": SHEET}
    example = ("DNI", "Công an tỉnh Đồng Nai", "Đồng Nai", labels[2][1], "BCA", "", "", NO)
    bold_rows: list[int] = []

    def add(*values: str, bold: bool = False, wrap: bool = False) -> None:
        guide.append([safe_cell_text(value) for value in values])
        if bold:
            bold_rows.append(guide.max_row)
        if wrap:
            for cell in guide[guide.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    add(_("Hướng dẫn nhập danh sách đơn vị"), bold=True)
    add(intro, wrap=True)
    add()
    add(_("Cột"), _("Tiêu đề"), _("Bắt buộc"), _("Cách ghi"), bold=True)
    for letter, title, (required, how) in zip(LETTERS, HEADERS, columns, strict=True):
        add(letter, title, required, how, wrap=True)
    add()
    add(_("Ví dụ một dòng:"), bold=True)
    add(*example)
    add()
    add(_("Loại đơn vị"), bold=True)
    list_top: int = guide.max_row + 1
    for _code, label in labels:
        add(label)

    for row in bold_rows:
        for cell in guide[row]:
            cell.font = Font(bold=True)
    guide["A1"].font = Font(bold=True, size=13)
    for letter, width in zip("ABCD", (22, 40, 12, 70), strict=True):
        guide.column_dimensions[letter].width = width
    return list_top


# ---------------------------------------------------------------------------------------
# The import


@dataclass
class _Row:
    number: int
    code: str = ""
    name: str = ""
    short_name: str = ""
    kind: str = ""
    parent_code: str = ""
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    is_emulation_office: bool | None = None
    errors: list[RowError] = field(default_factory=list)

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(SHEET, self.number, column, message))


class _Refused(Exception):
    def __init__(self, message: str, *, row: int | None = None, column: str = "") -> None:
        super().__init__(message)
        self.error = RowError(SHEET if row else "", row, column, message)


def unit_import(file: IO[bytes] | Any, *, by: Any) -> ImportResult:
    """Create or update (by code) every unit of the workbook, or none if any row is wrong.

    `by` is the user who imports, for the log; the audit trail records them from the request.
    """
    try:
        # The shared guards: size, zip bomb, not a workbook, DTD (thidua.core.xlsx).
        content = xlsx.read_upload(file)
        xlsx.check_archive(content)
        rows = _read_rows(content)
    except xlsx.UploadRefused as refused:
        return ImportResult(errors=(RowError("", None, "", refused.message),))
    except _Refused as refused:
        return ImportResult(errors=(refused.error,))
    errors = _validate(rows)
    if errors:
        return ImportResult(errors=tuple(errors))
    result = _save(rows)
    logger.info(
        "unit import by %s: %s created, %s updated, %s unchanged, %s errors",
        getattr(by, "pk", None),
        result.created,
        result.updated,
        result.unchanged,
        len(result.errors),
    )
    return result


def _read_rows(content: bytes) -> list[_Row]:
    workbook = xlsx.open_workbook(content)
    try:
        if SHEET not in workbook.sheetnames:
            raise _Refused(
                _("Không tìm thấy trang tính “%(sheet)s”; hãy dùng tệp mẫu.") % {"sheet": SHEET}
            )
        sheet = workbook[SHEET]
        # Explicit bounds: the sheet's own dimension is not trusted to be small.
        lines = sheet.iter_rows(
            min_row=1, max_row=MAX_ROWS + 2, max_col=len(HEADERS) + 20, values_only=True
        )
        return _parse(lines)
    except _Refused:
        raise
    except Exception:
        logger.info("unit import: openpyxl cannot read the sheet", exc_info=True)
        raise _Refused(xlsx.not_xlsx_message()) from None
    finally:
        workbook.close()


def _parse(lines: Iterable[tuple[Any, ...]]) -> list[_Row]:
    iterator: Iterator[tuple[Any, ...]] = iter(lines)
    header = next(iterator, ())
    _check_header(header)
    kinds = _kind_lookup()
    rows: list[_Row] = []
    for number, values in enumerate(iterator, start=2):
        cells = (tuple(values) + (None,) * len(HEADERS))[: len(HEADERS)]
        if all(cell_text(value) == "" for value in cells):
            continue
        if number > MAX_ROWS + 1:
            raise _Refused(
                _("Tệp có quá nhiều dòng: tối đa %(max)s đơn vị mỗi lần nhập.") % {"max": MAX_ROWS}
            )
        rows.append(_parse_row(number, cells, kinds))
    if not rows:
        raise _Refused(_("Trang tính “%(sheet)s” chưa có dòng đơn vị nào.") % {"sheet": SHEET})
    return rows


def _check_header(header: tuple[Any, ...]) -> None:
    found = [cell_text(value) for value in header]
    found += [""] * (len(HEADERS) - len(found))
    for index, expected in enumerate(HEADERS):
        if " ".join(found[index].split()) != expected:
            letter = LETTERS[index]
            raise _Refused(
                _("Cột %(column)s phải có tiêu đề “%(expected)s”, nhưng tìm thấy “%(found)s”.")
                % {"column": letter, "expected": expected, "found": found[index] or _("(trống)")},
                row=1,
                column=letter,
            )
    for index in range(len(HEADERS), len(found)):
        if found[index]:
            letter = column_letter(index)
            raise _Refused(
                _("Cột %(column)s (“%(found)s”) không có trong mẫu; hãy xoá cột này.")
                % {"column": letter, "found": found[index]},
                row=1,
                column=letter,
            )


def _parse_row(number: int, cells: tuple[Any, ...], kinds: dict[str, str]) -> _Row:
    row = _Row(number=number)
    code, name, short_name, kind, parent, active_from, active_to, office = cells
    row.code = cell_text(code)
    if not row.code:
        row.fail("A", _("Thiếu mã đơn vị."))
    elif len(row.code) > 30:
        row.fail("A", _("Mã đơn vị dài quá 30 ký tự."))
    row.name = cell_text(name)
    if not row.name:
        row.fail("B", _("Thiếu tên đầy đủ."))
    elif len(row.name) > 255:
        row.fail("B", _("Tên đầy đủ dài quá 255 ký tự."))
    row.short_name = cell_text(short_name)
    if len(row.short_name) > 100:
        row.fail("C", _("Tên ngắn dài quá 100 ký tự."))
    row.kind = _parse_kind(row, cell_text(kind), kinds)
    row.parent_code = cell_text(parent)
    row.active_from = _parse_date(row, "F", active_from)
    row.active_to = _parse_date(row, "G", active_to)
    if row.active_from and row.active_to and row.active_to < row.active_from:
        row.fail("G", _("Ngày kết thúc hoạt động phải sau ngày bắt đầu."))
    row.is_emulation_office = _parse_yes_no(row, office)
    return row


def _kind_lookup() -> dict[str, str]:
    """Folded code or label (Vietnamese, or the user's language) → kind code."""
    lookup = {fold(str(label)): str(code) for code, label in UnitKind.choices}
    for code, label in kind_labels():
        lookup[fold(label)] = code
        lookup[code] = code
    return lookup


def _parse_kind(row: _Row, value: str, kinds: dict[str, str]) -> str:
    if not value:
        row.fail("D", _("Thiếu loại đơn vị."))
        return ""
    kind = kinds.get(fold(value))
    if kind is not None:
        return kind
    row.fail("D", _("Loại đơn vị “%(value)s” không có trong danh sách.") % {"value": value})
    return ""


def _parse_date(row: _Row, column: str, value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    match = _DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    row.fail(
        column,
        _("Ngày “%(value)s” không hợp lệ; hãy ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.")
        % {"value": text},
    )
    return None


def _parse_yes_no(row: _Row, value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if not text:
        return None
    folded = fold(text)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    row.fail("H", _("Chỉ ghi “Có” hoặc “Không” (tìm thấy “%(value)s”).") % {"value": text})
    return None


def _validate(rows: list[_Row]) -> list[RowError]:
    """Every problem of every row: codes, parents and cycles among them."""
    in_db: dict[str, str | None] = dict(Unit.objects.values_list("code", "parent__code"))
    first_row: dict[str, int] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in first_row:
            row.fail(
                "A",
                _("Mã đơn vị “%(code)s” đã có ở dòng %(row)s.")
                % {"code": row.code, "row": first_row[row.code]},
            )
        else:
            first_row[row.code] = row.number
    parent_of: dict[str, str] = {}
    for row in rows:
        if not row.parent_code:
            continue
        if row.parent_code == row.code:
            row.fail("E", _("Một đơn vị không thể là cấp trên của chính nó."))
        elif row.parent_code not in first_row and row.parent_code not in in_db:
            row.fail(
                "E",
                _("Không tìm thấy đơn vị cấp trên có mã “%(code)s” trong tệp hay trong hệ thống.")
                % {"code": row.parent_code},
            )
        elif row.code and first_row.get(row.code) == row.number:
            parent_of[row.code] = row.parent_code
    for row in rows:
        if row.code in parent_of and first_row.get(row.code) == row.number:
            cycle = _cycle_from(row.code, parent_of, in_db)
            if cycle:
                row.fail(
                    "E",
                    _("Đơn vị cấp trên tạo thành vòng lặp: %(path)s.")
                    % {"path": " → ".join(cycle)},
                )
    errors = [error for row in rows for error in row.errors]
    return sorted(errors, key=lambda e: (e.row or 0, e.column))


def _cycle_from(
    code: str, parent_of: dict[str, str], in_db: dict[str, str | None]
) -> list[str] | None:
    """The chain code → … → code if following the parents (file first) comes back."""
    path = [code]
    seen = {code}
    current: str | None = code
    while True:
        current = parent_of[current] if current in parent_of else in_db.get(current or "")
        if current is None:
            return None
        if current == code:
            return [*path, code]
        if current in seen:
            return None  # a cycle further up, reported on its own rows
        seen.add(current)
        path.append(current)


def _parents_first(rows: list[_Row]) -> list[_Row]:
    by_code = {row.code: row for row in rows}
    ordered: list[_Row] = []
    placed: set[str] = set()
    for row in rows:
        chain = []
        current: _Row | None = row
        while current is not None and current.code not in placed:
            chain.append(current)
            placed.add(current.code)
            current = by_code.get(current.parent_code)
        ordered.extend(reversed(chain))
    return ordered


def _save(rows: list[_Row]) -> ImportResult:
    codes = {row.code for row in rows} | {row.parent_code for row in rows if row.parent_code}
    errors: list[RowError] = []
    created = updated = unchanged = 0
    try:
        with transaction.atomic():
            # No select_related: the domain's cycle check then reads each ancestor as it
            # stands after the rows saved before this one.
            units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
            for row in _parents_first(rows):
                parent = units.get(row.parent_code) if row.parent_code else None
                if row.parent_code and parent is None:
                    continue  # its parent's row failed and says so
                existing = units.get(row.code)
                try:
                    if existing is None:
                        units[row.code] = domain.unit_create(
                            code=row.code,
                            name=row.name,
                            short_name=row.short_name or row.name,
                            kind=row.kind,
                            parent=parent,
                            active_from=row.active_from,
                            active_to=row.active_to,
                            is_emulation_office=bool(row.is_emulation_office),
                        )
                        created += 1
                        continue
                    changes = _changes(existing, row, parent)
                    if not changes:
                        unchanged += 1
                        continue
                    units[row.code] = domain.unit_update(unit=existing, **changes)
                    updated += 1
                except ValidationError as invalid:
                    errors.extend(_row_errors(row.number, invalid))
            if errors:
                raise Rollback
    except Rollback:
        return ImportResult(errors=tuple(sorted(errors, key=lambda e: (e.row or 0, e.column))))
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def _changes(unit: Unit, row: _Row, parent: Unit | None) -> dict[str, Any]:
    """What the row changes; an empty optional cell keeps the current value."""
    wanted: dict[str, Any] = {"name": row.name, "kind": row.kind}
    if row.short_name:
        wanted["short_name"] = row.short_name
    if parent is not None:
        wanted["parent"] = parent
    if row.active_from is not None:
        wanted["active_from"] = row.active_from
    if row.active_to is not None:
        wanted["active_to"] = row.active_to
    if row.is_emulation_office is not None:
        wanted["is_emulation_office"] = row.is_emulation_office
    changes = {}
    for name, value in wanted.items():
        current = unit.parent_id if name == "parent" else getattr(unit, name)
        new = value.pk if name == "parent" else value
        if current != new:
            changes[name] = value
    return changes


def _row_errors(number: int, invalid: ValidationError) -> list[RowError]:
    if hasattr(invalid, "error_dict"):
        return [
            RowError(SHEET, number, FIELD_COLUMNS.get(name, ""), message)
            for name, problems in invalid.error_dict.items()
            for problem in problems
            for message in problem.messages
        ]
    return [RowError(SHEET, number, "", message) for message in invalid.messages]
