"""The score documents: the workbook's exact points, ranks and reasons, the Word and PDF
files in the NĐ 30 layout (a draft until the ranking is published), the downloads and who
may have them, and text that would run as a formula in Excel.

The world of tests/scoring/world.py, scored with SELF: Long An 415,50 (92,33%), Tây Ninh
403,33 (89,63%), Bình Dương 337,30 (74,95%), each of 450 attainable points (as in
test_formula). Criterion 1 by the ½-rule: 77,83 / 100,00 / 51,80 (see test_formula).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.scoring.world import World, all_final, inputs, scoring_version, take_to
from thidua.core.documents import DRAFT_MARK, NATIONAL_MOTTO, NATIONAL_NAME
from thidua.scoring import documents, domain
from thidua.scoring.models import SheetStatus

pytestmark = pytest.mark.django_db

PUBLISHED_AT = dt.datetime(2024, 11, 22, 9, 0, tzinfo=dt.UTC)
REASON = "Chỉ 2 lớp tập huấn có danh sách học viên kèm theo."


def published(world: World) -> World:
    all_final(world)
    domain.covenant_scoring_lock(
        covenant=world.covenant,
        by=world.users["office"],
        expected_version=scoring_version(world),
        at=PUBLISHED_AT,
    )
    return world


def drafted(world: World) -> World:
    for code in world.units:
        take_to(world, code, SheetStatus.DRAFT)
    return world


def verified_with_reason(world: World, reason: str = REASON) -> World:
    """Tây Ninh's officer (the head) cuts Long An's training sessions from 3 to 2."""
    for code in world.units:
        take_to(world, code, SheetStatus.SUBMITTED)
    sheet = world.sheet("LAN")
    domain.score_verify(
        sheet=sheet, by=world.officer("TNH"), expected_version=sheet.version,
        entries=inputs(world, c5=(2, reason)),
    )  # fmt: skip
    return world


def workbook(content: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def column_of(sheet: Any, row: int, title: str) -> int:
    for cell in sheet[row]:
        if cell.value == title:
            return int(cell.column)
    raise KeyError(title)


def row_of(sheet: Any, first_column_value: str) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == first_column_value:
            return int(row[0].row)
    raise KeyError(first_column_value)


def exact(value: Any) -> Decimal:
    """A number read back from the workbook, as the exact decimal it was written from."""
    return Decimal(str(value))


def docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def poppler(tool: str, content: bytes, tmp_path: Any, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    path = tmp_path / "bang-diem.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------
# Content


def test_it_reads_points_totals_and_ranks_into_the_document(world: World) -> None:
    doc = documents.score_document(published(world).covenant)

    assert [(u.short, u.total, u.attainable, u.percent, u.rank) for u in doc.units] == [
        ("Bình Dương", Decimal("337.30"), Decimal("450.00"), Decimal("74.95"), 3),
        ("Long An", Decimal("415.50"), Decimal("450.00"), Decimal("92.33"), 1),
        ("Tây Ninh", Decimal("403.33"), Decimal("450.00"), Decimal("89.63"), 2),
    ]
    rows = {row.code: row for row in doc.rows}
    assert rows["1"].points == (Decimal("51.80"), Decimal("100.00"), Decimal("77.83"))
    # Bình Dương has no target on 2 but filed 90 files: scored against the leader's 150.
    assert rows["2"].points == (Decimal("60.00"), Decimal("90.00"), Decimal("100.00"))
    assert (rows["I"].is_group, rows["I"].points) == (
        True,
        (Decimal("211.80"), Decimal("290.00"), Decimal("277.83")),
    )
    assert [(s.rank, s.unit, s.percent) for s in doc.standings] == [
        (1, "Công an tỉnh Long An", Decimal("92.33")),
        (2, "Công an tỉnh Tây Ninh", Decimal("89.63")),
        (3, "Công an tỉnh Bình Dương", Decimal("74.95")),
    ]


def test_it_dates_a_published_table_and_names_the_cluster_head(world: World) -> None:
    doc = documents.score_document(published(world).covenant)

    assert (doc.parent_body, doc.issuer, doc.number) == (
        "BỘ CÔNG AN",
        "CỤM THI ĐUA SỐ 10",
        "Số:\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0/BTH-CTĐ",
    )
    assert doc.place_date == "Tây Ninh, ngày 22 tháng 11 năm 2024"
    assert (doc.title, doc.subtitle) == (
        "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA",
        "Năm 2024, Cụm thi đua số 10",
    )
    assert doc.signer == documents.Signer(
        lines=("TM. CỤM THI ĐUA", "CỤM TRƯỞNG"), unit="CÔNG AN TỈNH TÂY NINH", name=""
    )
    assert (doc.draft, doc.filename, doc.dated) == (
        False,
        "bang-diem-cum-10-2024",
        dt.date(2024, 11, 22),
    )


def test_it_leaves_the_date_of_a_draft_blank(world: World) -> None:
    doc = documents.score_document(drafted(world).covenant)

    assert doc.draft is True
    assert doc.place_date == "Tây Ninh, ngày …… tháng …… năm 2024"
    assert (doc.filename, doc.display_name) == (
        "bang-diem-cum-10-2024-du-thao",
        "Bảng điểm Cụm thi đua số 10 năm 2024 (dự thảo)",
    )


def test_it_prints_the_ranking_as_published_even_if_scores_move_afterwards(
    world: World,
) -> None:
    from thidua.scoring.models import Score

    published(world)
    # Edited behind the workflow's back: the announced ranking must not follow.
    Score.objects.filter(sheet__unit=world.units["BDG"], criterion=world.criteria["4"]).update(
        self_input={"points": "0"}
    )

    doc = documents.score_document(world.covenant)

    assert [(s.unit, s.total) for s in doc.standings][-1] == (
        "Công an tỉnh Bình Dương",
        Decimal("337.30"),
    )
    assert doc.units[0].total == Decimal("337.30")


def test_it_states_the_method_and_the_covenants_tie_break(world: World) -> None:
    doc = documents.score_document(drafted(world).covenant)

    method = " ".join(doc.method)
    assert "½ × M + (e ÷ e cao nhất) × ½ × M" in method
    assert "thang điểm 500 điểm" in method
    assert (
        "xét lần lượt: đơn vị có nhiều tiêu chí vượt chỉ tiêu hơn xếp trên; đơn vị ít lần bị "
        "trừ điểm hơn xếp trên; vẫn bằng nhau thì đồng hạng."
    ) in method


@pytest.mark.parametrize(
    ("units", "size"), [(3, 12.0), (5, 12.0), (9, 12.0), (10, 11.0), (11, 10.0), (12, 9.0)]
)
def test_it_fits_the_table_on_a_landscape_line(units: int, size: float) -> None:
    from thidua.core.documents import text_width_mm

    layout = documents.grid_layout(units)

    assert layout.size == size
    assert sum(layout.widths) == pytest.approx(297 - 30 - 15)
    # The widest total, "1.000,00", fits in a unit's column between its 1 mm margins.
    assert text_width_mm("1.000,00", size) < layout.widths[-1] - 2
    assert layout.widths[1] >= 55


# ---------------------------------------------------------------------------------------
# Excel


def test_it_writes_the_exact_points_totals_and_ranks_in_the_workbook(world: World) -> None:
    content = documents.render_xlsx(documents.score_document(published(world).covenant))

    book = workbook(content)
    assert book.sheetnames == ["Bảng điểm", "Xếp hạng", "Chi tiết thẩm định"]
    sheet = book["Bảng điểm"]
    header = 5
    assert [c.value for c in sheet[header]] == [
        "Mã", "Nội dung tiêu chí", "Điểm tối đa", "Bình Dương", "Long An", "Tây Ninh",
    ]  # fmt: skip
    lan = column_of(sheet, header, "Long An")
    tnh = column_of(sheet, header, "Tây Ninh")
    criterion_1 = sheet.cell(row=row_of(sheet, "1"), column=tnh)
    assert (exact(criterion_1.value), criterion_1.number_format) == (Decimal("77.83"), "#,##0.00")
    group_1 = sheet.cell(row=row_of(sheet, "I"), column=tnh)
    assert (exact(group_1.value), group_1.font.b) == (Decimal("277.83"), True)
    total = row_of(sheet, "Tổng điểm")
    assert [exact(sheet.cell(row=total, column=c).value) for c in (3, 4, lan, tnh)] == [
        Decimal("500.00"), Decimal("337.30"), Decimal("415.50"), Decimal("403.33"),
    ]  # fmt: skip
    attainable = row_of(sheet, "Điểm tối đa có thể đạt")
    assert exact(sheet.cell(row=attainable, column=lan).value) == Decimal("450.00")
    percent = sheet.cell(row=row_of(sheet, "Tỷ lệ (%)"), column=lan)
    assert (exact(percent.value), percent.number_format) == (Decimal("0.9233"), "0.00%")
    ranks = row_of(sheet, "Xếp hạng")
    assert [sheet.cell(row=ranks, column=c).value for c in (4, lan, tnh)] == [3, 1, 2]
    assert sheet.freeze_panes == "D6"
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth) == ("landscape", 1)


def test_it_lists_the_ranking_on_its_own_sheet(world: World) -> None:
    content = documents.render_xlsx(documents.score_document(published(world).covenant))

    sheet = workbook(content)["Xếp hạng"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6, max_row=8)]
    assert [[r[0], r[1], exact(r[2]), exact(r[3]), exact(r[4]), r[5], r[6]] for r in rows] == [
        [1, "Công an tỉnh Long An", Decimal("415.50"), Decimal("450.00"), Decimal("0.9233"), 2, 0],
        [2, "Công an tỉnh Tây Ninh", Decimal("403.33"), Decimal("450.00"), Decimal("0.8963"), 2, 0],
        [3, "Công an tỉnh Bình Dương", Decimal("337.30"), Decimal("450.00"), Decimal("0.7495"), 1, 0],
    ]  # fmt: skip


def test_it_gives_every_step_and_reason_in_the_review_sheet(world: World) -> None:
    content = documents.render_xlsx(documents.score_document(verified_with_reason(world).covenant))

    sheet = workbook(content)["Chi tiết thẩm định"]
    titles = [c.value for c in sheet[5]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    by_key = {(row[0], row[1]): dict(zip(titles, row, strict=True)) for row in rows}
    training = by_key[("Công an tỉnh Long An", "5")]
    assert (
        exact(training["Tự chấm"]),
        exact(training["Thẩm định"]),
        training["Lý do thẩm định"],
        exact(training["Điểm chính thức"]),
        training["Điểm theo"],
    ) == (Decimal("30.00"), Decimal("20.00"), REASON, Decimal("20.00"), "Thẩm định")
    clearance = by_key[("Công an tỉnh Tây Ninh", "1")]
    assert (clearance["Chỉ tiêu"], clearance["Kết quả thực hiện"]) == (
        "Tỷ lệ điều tra, khám phá án đạt từ 90% trở lên",
        "93,10% (từ 90% trở lên)",
    )
    assert len(rows) == 3 * 7  # three units, seven leaf criteria


def test_it_neutralises_formulas_in_unit_names_and_reasons(world: World) -> None:
    from thidua.org.models import Unit

    Unit.objects.filter(pk=world.units["BDG"].pk).update(
        short_name='=HYPERLINK("http://x.test","Bình Dương")', name="=1+1"
    )
    verified_with_reason(world, reason="=cmd|' /C calc'!A0")

    content = documents.render_xlsx(documents.score_document(world.covenant))

    book = workbook(content)
    header = [c.value for c in book["Bảng điểm"][5]]
    assert '\'=HYPERLINK("http://x.test","Bình Dương")' in header
    assert book["Xếp hạng"]["B8"].value == "'=1+1"
    reasons = [c.value for c in book["Chi tiết thẩm định"]["K"]]
    assert "'=cmd|' /C calc'!A0" in reasons
    formulas = [
        cell.coordinate
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


# ---------------------------------------------------------------------------------------
# Word


def test_it_writes_a_word_document_with_title_units_ranks_and_signature(world: World) -> None:
    content = documents.render_docx(documents.score_document(published(world).covenant))

    text = docx_text(content)
    for expected in (
        NATIONAL_NAME,
        NATIONAL_MOTTO,
        "CỤM THI ĐUA SỐ 10",
        "Tây Ninh, ngày 22 tháng 11 năm 2024",
        "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA",
        "Năm 2024, Cụm thi đua số 10",
        "Công an tỉnh Long An",
        "403,33",
        "92,33%",
        "TM. CỤM THI ĐUA",
        "CỤM TRƯỞNG",
        "CÔNG AN TỈNH TÂY NINH",
        "Nơi nhận:",
        "khóa và công bố ngày 22/11/2024",
    ):
        assert expected in text, expected
    assert DRAFT_MARK not in text


def test_it_lays_the_word_document_out_on_a4_landscape(world: World) -> None:
    from docx import Document

    content = documents.render_docx(documents.score_document(drafted(world).covenant))

    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    sizes = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(size.mm) if size else None for size in sizes] == [297, 210, 20, 20, 30, 15]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    ranking = doc.tables[2]
    assert [cell.text for cell in ranking.rows[1].cells][:3] == [
        "1",
        "Công an tỉnh Long An",
        "415,50",
    ]


def test_it_marks_a_table_not_yet_published_as_a_draft(world: World) -> None:
    content = documents.render_docx(documents.score_document(drafted(world).covenant))

    text = docx_text(content)
    assert text.splitlines()[0] == DRAFT_MARK
    assert "Bảng tổng hợp này là dự thảo" in text


# ---------------------------------------------------------------------------------------
# PDF


def test_it_writes_a_landscape_pdf_with_the_tables_values(world: World, tmp_path: Any) -> None:
    content = documents.render_pdf(documents.score_document(published(world).covenant))

    assert content.startswith(b"%PDF")
    text = poppler("pdftotext", content, tmp_path, "-layout")
    for expected in (
        NATIONAL_MOTTO,
        "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA",
        "77,83",
        "277,83",
        "415,50",
        "92,33%",
        "Công an tỉnh Bình Dương",
        "TM. CỤM THI ĐUA",
        "Trang 1/",
    ):
        assert expected in text, expected
    assert DRAFT_MARK not in text
    info = poppler("pdfinfo", content, tmp_path)
    assert "Page size:       841.89 x 595.276 pts (A4)" in info


def test_it_marks_a_draft_pdf(world: World, tmp_path: Any) -> None:
    content = documents.render_pdf(documents.score_document(drafted(world).covenant))

    text = poppler("pdftotext", content, tmp_path, "-layout")
    assert text.lstrip().startswith(DRAFT_MARK)


def test_it_embeds_only_the_vendored_fonts_in_the_pdf(world: World, tmp_path: Any) -> None:
    content = documents.render_pdf(documents.score_document(drafted(world).covenant))

    listing = poppler("pdffonts", content, tmp_path)
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert sorted({(row[0].split("+")[-1], row[-5]) for row in rows}) == [
        ("Thi-Dua-Serif", "yes"),
        ("Thi-Dua-Serif-Bold", "yes"),
        ("Thi-Dua-Serif-Bold-Italic", "yes"),
        ("Thi-Dua-Serif-Italic", "yes"),
    ]


def test_it_renders_a_table_before_any_unit_has_scored(world: World) -> None:
    doc = documents.score_document(world.covenant)

    assert doc.draft is True
    # No sheet yet: every criterion counts 0 of its maximum, nobody is ahead.
    assert {u.total for u in doc.units} == {Decimal("0.00")}
    assert [u.rank for u in doc.units] == [1, 1, 1]
    assert "1 (đồng hạng)" in docx_text(documents.render_docx(doc))
    assert documents.render_pdf(doc).startswith(b"%PDF")
    assert workbook(documents.render_xlsx(doc))["Xếp hạng"]["A6"].value == "1 (đồng hạng)"


def test_it_gives_the_same_files_for_the_same_scores(world: World) -> None:
    doc = documents.score_document(published(world).covenant)

    for render in (documents.render_xlsx, documents.render_docx, documents.render_pdf):
        assert len({render(doc) for _ in range(2)}) == 1, render.__name__


# ---------------------------------------------------------------------------------------
# Downloads


@pytest.mark.parametrize(
    ("extension", "content_type", "magic"),
    [
        ("xlsx", documents.XLSX_CONTENT_TYPE, b"PK"),
        ("docx", documents.DOCX_CONTENT_TYPE, b"PK"),
        ("pdf", documents.PDF_CONTENT_TYPE, b"%PDF"),
    ],
)
def test_it_downloads_the_table_for_a_member_unit(
    world: World, extension: str, content_type: str, magic: bytes
) -> None:
    published(world)
    client = client_for(world.users["leader:BDG"])

    response = client.get(f"/scores/covenant/{world.covenant.pk}/bang-diem.{extension}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="bang-diem-cum-10-2024.{extension}"; '
        "filename*=UTF-8''B%E1%BA%A3ng%20%C4%91i%E1%BB%83m%20C%E1%BB%A5m%20thi%20%C4%91ua%20"
        f"s%E1%BB%91%2010%20n%C4%83m%202024.{extension}"
    )
    assert b"".join(response.streaming_content).startswith(magic)  # type: ignore[attr-defined]


@pytest.mark.parametrize("extension", ["xlsx", "docx", "pdf"])
def test_it_hides_the_table_from_another_cluster(world: World, extension: str) -> None:
    client = client_for(world.users["outsider"])

    response = client.get(f"/scores/covenant/{world.covenant.pk}/bang-diem.{extension}")

    assert response.status_code == 404


def test_it_sends_an_anonymous_visitor_to_the_sign_in_page(world: World) -> None:
    response = Client().get(f"/scores/covenant/{world.covenant.pk}/bang-diem.pdf")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_reads_the_table_in_the_same_number_of_queries_for_more_units(
    world: World,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.reporting.world import province
    from thidua.covenants.models import Covenant
    from thidua.org import domain as org

    def covenant() -> Covenant:  # as the view's accessor reads it
        return Covenant.objects.select_related("cluster").get(pk=world.covenant.pk)

    drafted(world)
    with CaptureQueriesContext(connection) as three:
        documents.score_document(covenant())
    for code, name in (("DNI", "Đồng Nai"), ("BPC", "Bình Phước")):
        org.membership_add(cluster=world.cluster, unit=province(code, name))

    with CaptureQueriesContext(connection) as five:
        doc = documents.score_document(covenant())

    assert len(doc.units) == 5
    assert len(five) == len(three)
