"""The count minutes in Word and PDF (Nghị định 30/2020 layout)."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import Any

import pytest

from tests.voting.conftest import World, cast, ids, open_vote
from thidua.voting import documents, domain

pytestmark = pytest.mark.django_db

BALLOTS = [([0], [0, 1, 2]), ([0], [0, 1, 3]), ([1], [0, 2, 3]), ([0], [0, 1, 2]), ([], [])]


@pytest.fixture
def outcome(world: World) -> domain.VoteOutcome:
    vote = open_vote(world)
    vote = domain.vote_update(
        vote=vote,
        committee="Nguyễn Văn An – Phó Trưởng phòng\nLê Thị Bình – cán bộ",
        by=world.head_officer,
    )
    for leader, (gov, ministry) in zip(world.leaders, BALLOTS, strict=True):
        cast(vote, leader, ids(world, *gov), ids(world, *ministry))
    vote = domain.vote_close(vote=vote, by=world.head_officer)
    return domain.vote_result(vote=vote)


def _docx_text(content: bytes) -> tuple[list[str], list[list[list[str]]], Any]:
    from docx import Document

    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return paragraphs, tables, document


def test_it_writes_the_minutes_with_the_motto_the_counts_and_the_result(
    outcome: domain.VoteOutcome,
) -> None:
    paragraphs, tables, _document = _docx_text(documents.minutes_docx(outcome))
    header = tables[0][0]

    assert header[0].split("\n")[:2] == ["BỘ CÔNG AN", "CỤM THI ĐUA SỐ 10"]
    assert header[1].split("\n")[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert header[1].split("\n")[-1].startswith("Thử t0, ngày ")
    assert "BIÊN BẢN KIỂM PHIẾU" in paragraphs
    assert "- Số đại biểu (đơn vị) có quyền bỏ phiếu: 5." in paragraphs
    assert "- Số phiếu thu vào: 5." in paragraphs
    assert "Số phiếu hợp lệ: 5; số phiếu không hợp lệ: 0." in paragraphs
    assert tables[1] == [
        ["STT", "Đơn vị", "Số phiếu", "Tỷ lệ (%)*", "Kết quả"],
        ["1", "Công an tỉnh Thử t0", "3", "60,00%", "Được đề nghị"],
        ["2", "Công an tỉnh Thử t1", "1", "20,00%", "Không đạt ngưỡng"],
        ["3", "Công an tỉnh Thử t2", "0", "0,00%", "Không đạt ngưỡng"],
        ["4", "Công an tỉnh Thử t3", "0", "0,00%", "Không đạt ngưỡng"],
        ["5", "Công an tỉnh Thử t4", "0", "0,00%", "Không đạt ngưỡng"],
    ]
    assert [row[1:3] for row in tables[2][1:4]] == [
        ["Công an tỉnh Thử t0", "4"],
        ["Công an tỉnh Thử t1", "3"],
        ["Công an tỉnh Thử t2", "3"],
    ]
    assert "- Cờ thi đua của Chính phủ: Công an tỉnh Thử t0." in paragraphs
    assert "1. Nguyễn Văn An, Phó Trưởng phòng – Trưởng ban." in paragraphs
    assert tables[-1][0][1].split("\n")[0] == "TRƯỞNG BAN KIỂM PHIẾU"
    assert "Nguyễn Văn An" in tables[-1][0][1]


def test_it_lays_the_word_minutes_out_on_a4_in_times_new_roman(outcome: domain.VoteOutcome) -> None:
    from docx.shared import Pt

    _paragraphs, _tables, document = _docx_text(documents.minutes_docx(outcome))
    section = document.sections[0]

    def mm(length: Any) -> int:
        result: int = round(length.mm)
        return result

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    assert (document.styles["Normal"].font.name, document.styles["Normal"].font.size) == (
        "Times New Roman", Pt(14),
    )  # fmt: skip


def test_it_renders_the_pdf_from_local_fonts(outcome: domain.VoteOutcome) -> None:
    content = documents.minutes_pdf(outcome)

    assert content.startswith(b"%PDF-")
    if shutil.which("pdftotext") and shutil.which("pdffonts"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        fonts = subprocess.run(
            ["pdffonts", "-"], input=content, capture_output=True, check=False
        ).stdout.decode()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "BIÊN BẢN KIỂM PHIẾU" in text
        assert "60,00%" in text
        embedded = {line.split()[0].split("+")[1] for line in fonts.splitlines()[2:]}
        assert embedded == {"Minutes-Serif", "Minutes-Serif-Bold", "Minutes-Serif-Italic"}


def test_it_refuses_to_fetch_anything_from_the_network() -> None:
    fetcher = documents._local_fetcher(set())

    with pytest.raises(ValueError, match="local fonts only"):
        fetcher.fetch("http://example.com/font.ttf")
    with pytest.raises(ValueError, match="local fonts only"):
        fetcher.fetch("file:///etc/passwd")


def test_it_serves_the_minutes_as_downloads_after_the_close(
    world: World, outcome: domain.VoteOutcome
) -> None:
    client = world.client(world.leaders[2])

    docx = client.get(f"/votes/{outcome.vote.pk}/minutes.docx")
    pdf = client.get(f"/votes/{outcome.vote.pk}/minutes.pdf")

    assert docx.headers["Content-Disposition"] == (
        'attachment; filename="bien-ban-kiem-phieu-cum-10-2025.docx"'
    )
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
