from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import AdminFactory, UserFactory
from tests.org.factories import OfficeFactory, UnitFactory
from thidua.org.excel import (
    HEADERS,
    MAX_ROWS,
    XLSX_CONTENT_TYPE,
    ImportResult,
    RowError,
    safe_cell_text,
    unit_import,
    unit_template_workbook,
)
from thidua.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

SHEET = "Đơn vị"


def workbook_with(rows: Sequence[Sequence[Any]], *, headers: Sequence[Any] | None = None) -> bytes:
    """The downloaded template, filled in as a user would, with openpyxl."""
    book = openpyxl.load_workbook(io.BytesIO(unit_template_workbook()))
    sheet = book[SHEET]
    if headers is not None:
        for index, title in enumerate(headers, start=1):
            sheet.cell(row=1, column=index, value=title)
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(content: bytes, name: str = "don-vi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def zip_of(entries: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return output.getvalue()


@pytest.fixture
def ministry() -> Unit:
    return UnitFactory(code="BCA", name="Bộ Công an", kind=UnitKind.MINISTRY)


@pytest.fixture
def importer() -> Any:
    return AdminFactory()


@pytest.fixture
def office_client() -> Client:
    client = Client()
    client.force_login(UserFactory(unit=OfficeFactory(code="CTCT"), role="officer"))
    return client


# ---------------------------------------------------------------------------------------
# The template


def test_it_builds_a_template_with_a_bold_frozen_vietnamese_header() -> None:
    book = openpyxl.load_workbook(io.BytesIO(unit_template_workbook()))

    sheet = book[SHEET]
    assert book.sheetnames == ["Đơn vị", "Hướng dẫn"]
    assert [cell.value for cell in sheet[1]] == [
        "Mã đơn vị",
        "Tên đầy đủ",
        "Tên ngắn",
        "Loại đơn vị",
        "Mã đơn vị cấp trên",
        "Hoạt động từ ngày",
        "Hoạt động đến ngày",
        "Cơ quan thường trực thi đua (Có/Không)",
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1


def test_it_offers_the_vietnamese_kind_labels_as_a_list_in_the_template() -> None:
    book = openpyxl.load_workbook(io.BytesIO(unit_template_workbook()))

    validations = {str(v.sqref): v for v in book[SHEET].data_validations.dataValidation}
    kind_list = validations["D2:D1001"]
    sheet_name, cells = kind_list.formula1.split("!")
    listed = [row[0].value for row in book["Hướng dẫn"][cells.replace("$", "")]]
    assert (kind_list.type, sheet_name) == ("list", "'Hướng dẫn'")
    assert listed == [
        "Bộ Công an",
        "Đơn vị trực thuộc Bộ (Cục, Bộ Tư lệnh…)",
        "Công an tỉnh, thành phố",
        "Phòng thuộc Công an tỉnh",
        "Công an huyện, quận, thị xã",
        "Công an xã, phường, đặc khu",
        "Khác",
    ]
    assert validations["H2:H1001"].formula1 == '"Có,Không"'


def test_it_lets_a_signed_in_user_download_the_template(client: Client, user: Any) -> None:
    client.force_login(user)

    response = client.get(reverse("org:unit_import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-don-vi.xlsx"'
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames == [SHEET, "Hướng dẫn"]


def test_it_sends_an_anonymous_visitor_to_the_login_page(client: Client) -> None:
    template = client.get(reverse("org:unit_import_template"))
    page = client.get(reverse("org:unit_import"))

    assert (template.status_code, page.status_code) == (302, 302)
    assert Unit.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+84 912", "'+84 912"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Công an tỉnh Đồng Nai", "Công an tỉnh Đồng Nai"),
    ],
)
def test_it_neutralises_formulas_in_exported_text(text: str, safe: str) -> None:
    assert safe_cell_text(text) == safe


# ---------------------------------------------------------------------------------------
# Import through the page


def test_it_imports_the_filled_template_through_the_page(
    office_client: Client, ministry: Unit
) -> None:
    template = office_client.get(reverse("org:unit_import_template")).content
    book = openpyxl.load_workbook(io.BytesIO(template))
    book[SHEET].append(
        ["XA-CM", "Công an xã Chiềng Mung", "Chiềng Mung", "Công an xã, phường, đặc khu",
         "SLA", "01/07/2025", None, None]
    )  # fmt: skip
    book[SHEET].append(
        ["SLA", "Công an tỉnh Sơn La", "Sơn La", "Công an tỉnh, thành phố", "BCA",
         dt.date(2004, 1, 1), None, "Không"]
    )  # fmt: skip
    book[SHEET].append(
        ["PX03-SLA", "Phòng Công tác đảng, công tác chính trị", "", "provincial_section",
         "SLA", None, None, "Có"]
    )  # fmt: skip
    filled = io.BytesIO()
    book.save(filled)

    response = office_client.post(
        reverse("org:unit_import"), {"file": upload(filled.getvalue())}, follow=True
    )

    assert response.status_code == 200
    assert "Đã nhập xong: 3 đơn vị mới, 0 đơn vị được cập nhật, 0 đơn vị không thay đổi." in (
        response.content.decode()
    )
    created = {
        u.code: (u.name, u.short_name, u.kind, u.parent.code if u.parent else None,
                 u.active_from, u.active_to, u.is_emulation_office)
        for u in Unit.objects.exclude(code__in=["BCA", "CTCT"]).select_related("parent")
    }  # fmt: skip
    assert created == {
        "SLA": ("Công an tỉnh Sơn La", "Sơn La", "provincial_police", "BCA",
                dt.date(2004, 1, 1), None, False),
        "XA-CM": ("Công an xã Chiềng Mung", "Chiềng Mung", "commune_police", "SLA",
                  dt.date(2025, 7, 1), None, False),
        "PX03-SLA": ("Phòng Công tác đảng, công tác chính trị",
                     "Phòng Công tác đảng, công tác chính trị", "provincial_section", "SLA",
                     None, None, True),
    }  # fmt: skip


def test_it_shows_the_row_errors_on_the_page_and_saves_nothing(office_client: Client) -> None:
    content = workbook_with([["", "Không mã", "", "Khác", "", "", "", ""]])

    response = office_client.post(reverse("org:unit_import"), {"file": upload(content)})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp có 1 lỗi; chưa đơn vị nào được lưu." in html
    assert '<td>A <span class="text-body-secondary small">(Mã đơn vị)</span></td>' in html
    assert "<td>Thiếu mã đơn vị.</td>" in html
    assert Unit.objects.filter(name="Không mã").count() == 0


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_it_forbids_import_to_a_unit_user(client: Client, role: str) -> None:
    client.force_login(UserFactory(unit=UnitFactory(code="SLA"), role=role))
    content = workbook_with([["NEW", "Mới", "", "Khác", "", "", "", ""]])

    page = client.get(reverse("org:unit_import"))
    posted = client.post(reverse("org:unit_import"), {"file": upload(content)})

    assert (page.status_code, posted.status_code) == (403, 403)
    assert Unit.objects.filter(code="NEW").count() == 0


def test_it_shows_the_upload_form_to_the_office(office_client: Client) -> None:
    response = office_client.get(reverse("org:unit_import"))

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("org:unit_import_template") in html
    assert 'enctype="multipart/form-data"' in html
    assert "style=" not in html


# ---------------------------------------------------------------------------------------
# Import: validation


def test_it_updates_units_by_code_and_keeps_what_is_left_empty(
    ministry: Unit, importer: Any
) -> None:
    son_la = UnitFactory(
        code="SLA", name="Công an Sơn La", short_name="Sơn La", parent=ministry,
        active_from=dt.date(2004, 1, 1),
    )  # fmt: skip
    UnitFactory(code="DBN", name="Công an tỉnh Điện Biên", short_name="Điện Biên")
    content = workbook_with(
        [
            ["SLA", "Công an tỉnh Sơn La", "", "Công an tỉnh, thành phố", "", "", "", ""],
            ["DBN", "Công an tỉnh Điện Biên", "Điện Biên", "provincial_police", "", "", "", ""],
        ]
    )

    result = unit_import(upload(content), by=importer)

    assert result == ImportResult(created=0, updated=1, unchanged=1)
    son_la.refresh_from_db()
    assert (son_la.name, son_la.short_name, son_la.parent, son_la.active_from) == (
        "Công an tỉnh Sơn La",
        "Sơn La",
        ministry,
        dt.date(2004, 1, 1),
    )


def test_it_names_a_moved_column_in_the_header(importer: Any) -> None:
    headers = list(HEADERS)
    headers[3], headers[4] = headers[4], headers[3]
    content = workbook_with([["X", "X", "", "Khác", "", "", "", ""]], headers=headers)

    result = unit_import(upload(content), by=importer)

    assert result.errors == (
        RowError(
            SHEET, 1, "D",
            "Cột D phải có tiêu đề “Loại đơn vị”, nhưng tìm thấy “Mã đơn vị cấp trên”.",
        ),
    )  # fmt: skip
    assert Unit.objects.count() == 0


def test_it_refuses_an_extra_column(importer: Any) -> None:
    content = workbook_with([], headers=[*HEADERS, "Ghi chú"])

    result = unit_import(upload(content), by=importer)

    assert result.errors == (
        RowError(SHEET, 1, "I", "Cột I (“Ghi chú”) không có trong mẫu; hãy xoá cột này."),
    )


def test_it_lists_every_bad_row_and_creates_nothing(ministry: Unit, importer: Any) -> None:
    content = workbook_with(
        [
            ["OK1", "Đơn vị đúng", "", "Khác", "BCA", "01/01/2025", "", "Có"],  # row 2
            ["", "Không có mã", "", "Khác", "", "", "", ""],  # row 3
            ["OK1", "Trùng mã", "", "Khác", "", "", "", ""],  # row 4
            ["K1", "", "", "Phòng ban", "", "", "", ""],  # row 5
            ["K2", "Cấp trên lạ", "", "Khác", "KHONGCO", "", "", ""],  # row 6
            ["K3", "Ngày sai", "", "Khác", "", "31/02/2025", "2025-07-01", "Chắc chắn"],  # row 7
            ["K4", "Đến trước từ", "", "Khác", "", "01/07/2025", "30/06/2025", ""],  # row 8
            ["V1", "Vòng một", "", "Khác", "V2", "", "", ""],  # row 9
            ["V2", "Vòng hai", "", "Khác", "V1", "", "", ""],  # row 10
            ["V3", "Chính nó", "", "Khác", "V3", "", "", ""],  # row 11
        ]
    )

    result = unit_import(upload(content), by=importer)

    assert result.errors == (
        RowError(SHEET, 3, "A", "Thiếu mã đơn vị."),
        RowError(SHEET, 4, "A", "Mã đơn vị “OK1” đã có ở dòng 2."),
        RowError(SHEET, 5, "B", "Thiếu tên đầy đủ."),
        RowError(SHEET, 5, "D", "Loại đơn vị “Phòng ban” không có trong danh sách."),
        RowError(
            SHEET, 6, "E",
            "Không tìm thấy đơn vị cấp trên có mã “KHONGCO” trong tệp hay trong hệ thống.",
        ),
        RowError(
            SHEET, 7, "F",
            "Ngày “31/02/2025” không hợp lệ; hãy ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        ),
        RowError(
            SHEET, 7, "G",
            "Ngày “2025-07-01” không hợp lệ; hãy ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        ),
        RowError(SHEET, 7, "H", "Chỉ ghi “Có” hoặc “Không” (tìm thấy “Chắc chắn”)."),
        RowError(SHEET, 8, "G", "Ngày kết thúc hoạt động phải sau ngày bắt đầu."),
        RowError(SHEET, 9, "E", "Đơn vị cấp trên tạo thành vòng lặp: V1 → V2 → V1."),
        RowError(SHEET, 10, "E", "Đơn vị cấp trên tạo thành vòng lặp: V2 → V1 → V2."),
        RowError(SHEET, 11, "E", "Một đơn vị không thể là cấp trên của chính nó."),
    )  # fmt: skip
    assert list(Unit.objects.values_list("code", flat=True)) == ["BCA"]


def test_it_finds_a_cycle_through_units_already_in_the_database(importer: Any) -> None:
    top = UnitFactory(code="TOP")
    UnitFactory(code="MID", parent=top)
    content = workbook_with([["TOP", "Trên cùng", "", "Khác", "MID", "", "", ""]])

    result = unit_import(upload(content), by=importer)

    assert result.errors == (
        RowError(SHEET, 2, "E", "Đơn vị cấp trên tạo thành vòng lặp: TOP → MID → TOP."),
    )
    top.refresh_from_db()
    assert top.parent is None


def test_it_saves_nothing_when_the_domain_refuses_one_row(importer: Any) -> None:
    UnitFactory(code="OLD", active_from=dt.date(2020, 1, 1))
    content = workbook_with(
        [
            ["NEW", "Đơn vị mới", "", "Khác", "", "", "", ""],
            ["OLD", "Đơn vị cũ", "", "Khác", "", "", "31/12/2019", ""],
        ]
    )

    result = unit_import(upload(content), by=importer)

    assert result.errors == (
        RowError(SHEET, 3, "G", "Ngày kết thúc hoạt động phải sau ngày bắt đầu."),
    )
    assert list(Unit.objects.values_list("code", flat=True)) == ["OLD"]


def test_it_refuses_a_workbook_without_units(importer: Any) -> None:
    result = unit_import(upload(workbook_with([])), by=importer)

    assert result.errors == (
        RowError("", None, "", "Trang tính “Đơn vị” chưa có dòng đơn vị nào."),
    )


# ---------------------------------------------------------------------------------------
# Import: hostile or foreign files


def test_it_refuses_a_file_that_is_not_xlsx_by_name(importer: Any) -> None:
    result = unit_import(upload(b"code,name\nX,Y\n", name="don-vi.csv"), by=importer)

    assert result.errors == (
        RowError("", None, "", "Chỉ nhận tệp Excel dạng .xlsx (tệp đã chọn: don-vi.csv)."),
    )


@pytest.mark.parametrize(
    "content",
    [
        b"code,name\nX,Y\n",
        zip_of({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}),
        zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not-a-workbook"}),
    ],
    ids=["text", "word-zip", "broken-xml"],
)
def test_it_refuses_a_file_that_is_not_a_workbook(content: bytes, importer: Any) -> None:
    result = unit_import(upload(content), by=importer)

    assert result.errors == (
        RowError("", None, "", "Tệp không phải là bảng tính Excel .xlsx hợp lệ, hoặc đã bị hỏng."),
    )


def test_it_refuses_a_zip_bomb_before_inflating_it(settings: Any, importer: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    bomb = zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * (11 * 1024 * 1024),
        }
    )

    result = unit_import(upload(bomb), by=importer)

    assert len(bomb) < 100_000
    assert result.errors == (
        RowError(
            "", None, "",
            "Tệp giải nén ra quá lớn (11 MB, tối đa 10 MB); có thể là tệp độc hại. "
            "Hãy dùng tệp mẫu.",
        ),
    )  # fmt: skip


def test_it_refuses_a_workbook_that_declares_entities(importer: Any) -> None:
    content = zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>',
        }
    )

    result = unit_import(upload(content), by=importer)

    assert result.errors == (
        RowError("", None, "", "Tệp không phải là bảng tính Excel .xlsx hợp lệ, hoặc đã bị hỏng."),
    )


def test_it_refuses_a_file_over_the_upload_limit(settings: Any, importer: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1024 * 1024

    result = unit_import(upload(b"PK" + b"x" * (1024 * 1024)), by=importer)

    assert result.errors == (RowError("", None, "", "Tệp lớn hơn giới hạn 1 MB."),)


def test_it_refuses_more_rows_than_one_import_takes(importer: Any) -> None:
    rows = [[f"U{n}", f"Đơn vị {n}", "", "Khác", "", "", "", ""] for n in range(MAX_ROWS + 1)]

    result = unit_import(upload(workbook_with(rows)), by=importer)

    assert result.errors == (
        RowError("", None, "", "Tệp có quá nhiều dòng: tối đa 5000 đơn vị mỗi lần nhập."),
    )
    assert Unit.objects.count() == 0
