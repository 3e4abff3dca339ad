"""The year-end report as a Word file: NĐ 30 layout, the same text as the report, editable."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX

from tests.scoring.world import World
from thidua.yearend.documents import TABLE_WIDTHS, TEXT_WIDTH, render_docx
from thidua.yearend.domain import year_end_report


def _open(content: bytes) -> Any:
    return Document(io.BytesIO(content))


def _cells(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_it_lays_out_an_a4_portrait_page_with_nd30_margins_in_times_new_roman(
    year: World,
) -> None:
    doc = _open(render_docx(year_end_report(cluster=year.cluster)))

    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    sizes = (
        section.page_width, section.page_height, section.top_margin, section.bottom_margin,
        section.left_margin, section.right_margin,
    )  # fmt: skip
    assert [round(size.mm) for size in sizes] == [210, 297, 20, 20, 30, 15]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14


def test_it_prints_the_header_title_and_numbered_sections(year: World) -> None:
    doc = _open(render_docx(year_end_report(cluster=year.cluster)))

    header = _cells(doc.tables[0])
    assert header[0][0].split("\n")[:2] == ["BỘ CÔNG AN", "CỤM THI ĐUA SỐ 10"]
    assert header[0][1].split("\n")[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert header[1] == [
        "Số:\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0/BC-CTĐ",
        "Tây Ninh, ngày 23 tháng 11 năm 2024",
    ]
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA NĂM 2024" in texts
    assert "CỦA CỤM THI ĐUA SỐ 10" in texts
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA",
        "III. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG",
        "IV. KẾT QUẢ BÌNH XÉT, SUY TÔN VÀ KHEN THƯỞNG",
        "V. BÀN GIAO CỤM TRƯỞNG, CỤM PHÓ NĂM 2025",
        "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025",
    ]
    assert (
        "- Chỉ tiêu “Tỷ lệ điều tra, khám phá án đạt từ 90% trở lên”: 03/03 đơn vị vượt chỉ "
        "tiêu: Long An (95,57%), Tây Ninh (93,1%), Bình Dương (90,2%)."
    ) in texts


def test_it_prints_the_ranking_and_the_vote_as_real_tables(year: World) -> None:
    report = year_end_report(cluster=year.cluster)
    doc = _open(render_docx(report))

    ranking = next(t for t in doc.tables if t.rows[0].cells[0].text == "Xếp hạng")
    rows = _cells(ranking)
    assert rows[0] == ["Xếp hạng", "Đơn vị", "Tổng điểm", "Điểm tối đa có thể đạt", "Tỷ lệ"]
    assert [row[:2] for row in rows[1:]] == [
        [s.rank_text, s.unit] for s in report.ranking.standings
    ]
    assert rows[1][1] == "Công an tỉnh Long An"
    vote = next(t for t in doc.tables if t.rows[0].cells[0].text == "Danh hiệu")
    first_title = [row[0] for row in _cells(vote)[1:4]]
    # One merged cell per title down the first column.
    assert first_title == ["Cờ thi đua của Chính phủ"] * 3
    assert vote.rows[1].cells[0]._tc is vote.rows[3].cells[0]._tc


def test_it_keeps_each_tables_columns_within_the_text_width() -> None:
    assert {kind: round(sum(widths), 6) for kind, widths in TABLE_WIDTHS.items()} == {
        kind: round(TEXT_WIDTH, 6) for kind in TABLE_WIDTHS
    }


def test_it_ends_with_the_recipients_beside_the_cluster_heads_signature(year: World) -> None:
    doc = _open(render_docx(year_end_report(cluster=year.cluster)))

    recipients, signature = doc.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Cục Công tác đảng và công tác chính trị (để báo cáo);",
        "- Các đơn vị trong Cụm;",
        "- Lưu: VT, Cụm thi đua số 10.",
    ]
    assert [p.text for p in signature.paragraphs][:3] == [
        "TM. CỤM THI ĐUA",
        "CỤM TRƯỞNG",
        "CÔNG AN TỈNH TÂY NINH",
    ]
    closing = [p.text for p in doc.paragraphs if p.text.endswith("./.")]
    assert closing == [
        "Trên đây là báo cáo tổng kết công tác thi đua năm 2024 của Cụm thi đua số 10./."
    ]


def test_it_highlights_the_text_the_officer_completes(year: World) -> None:
    doc = _open(render_docx(year_end_report(cluster=year.cluster)))

    highlighted = [
        run.text
        for p in doc.paragraphs
        for run in p.runs
        if run.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert highlighted == [
        "[Đơn vị Cụm trưởng bổ sung các nhiệm vụ trọng tâm năm 2025 của Cụm trước khi ban "
        "hành báo cáo.]"
    ]


def test_it_gives_the_same_bytes_dated_with_the_report_for_the_same_year(year: World) -> None:
    first = render_docx(year_end_report(cluster=year.cluster))
    second = render_docx(year_end_report(cluster=year.cluster))

    assert first == second
    dates = {info.date_time[:3] for info in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert dates == {(2024, 11, 23)}
    assert _open(first).core_properties.title == "Báo cáo tổng kết Cụm thi đua số 10 năm 2024"
