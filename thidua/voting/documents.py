"""The count minutes (biên bản kiểm phiếu) as Word and PDF, in the Nghị định 30/2020 layout.

Issuing body top left, national motto top right, place and date in italics, the title,
then the facts of the count and the signatures of the counting committee. Times New
Roman (Liberation Serif, metric-compatible, in the PDF) 13–14 pt on A4 with margins of
20 mm top and bottom, 30 mm left, 15 mm right. The heavy libraries are imported inside the
functions that use them; the PDF reads fonts from local files only and fetches nothing
from the network.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from thidua.engine.numbers import format_percent_vi
from thidua.engine.scoring import round_display
from thidua.voting.domain import VoteOutcome
from thidua.voting.models import Vote, VoteMethod

FONT_DIRS = (
    Path(settings.BASE_DIR) / "thidua" / "static" / "fonts",
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
MINISTRY = "BỘ CÔNG AN"
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
TITLE = "BIÊN BẢN KIỂM PHIẾU"


# ---------------------------------------------------------------------------------------
# What the minutes say, once for both formats


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    unit: str
    votes: int
    share: str
    result: str


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    validity: str
    rows: tuple[Row, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Minutes:
    issuer: str
    place_date: str
    subtitle: str
    time_place: tuple[str, ...]
    opening: str
    committee: tuple[Member, ...]
    facts: tuple[str, ...]
    sections: tuple[Section, ...]
    conclusion: tuple[str, ...]
    closing: str
    chair: Member | None
    members: tuple[Member, ...]
    sample: bool


def _pct(value: Any) -> str:
    return format_percent_vi(round_display(value))


def _long_date(day: dt.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _committee(text: str) -> tuple[Member, ...]:
    members = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        name, _sep, role = line.partition("–")
        if not _sep:
            name, _sep, role = line.partition(" - ")
        members.append(Member(name=name.strip(), role=role.strip()))
    return tuple(members)


def minutes_of(outcome: VoteOutcome) -> Minutes:
    """The text of the minutes, in Vietnamese (an administrative document's language)."""
    vote = outcome.vote
    cluster = vote.cluster
    counted_at = timezone.localtime(vote.closed_at) if vote.closed_at else None
    day = counted_at.date() if counted_at else vote.conference_date
    issuer = f"CỤM THI ĐUA SỐ {cluster.number}"
    subtitle = f"Bình xét, suy tôn danh hiệu thi đua năm {cluster.year}"
    if vote.round > 1:
        subtitle += f" (bỏ phiếu lại, vòng {vote.round})"
    time_line = "Thời gian: "
    if counted_at is not None:
        time_line += f"hồi {counted_at.hour:02d} giờ {counted_at.minute:02d} phút, "
    time_line += _long_date(day) + "."
    method = "phiếu giấy" if vote.method == VoteMethod.PAPER else "phiếu điện tử"
    opening = (
        f"Tại Hội nghị tổng kết phong trào thi đua “Vì an ninh Tổ quốc” năm {cluster.year} "
        f"của Cụm thi đua số {cluster.number}, Bộ Công an, các đơn vị trong Cụm đã bỏ phiếu kín "
        f"({method}) bình xét, suy tôn danh hiệu thi đua. Ban kiểm phiếu đã kiểm phiếu và "
        "lập biên bản như sau:"
    )
    facts: tuple[str, ...] = (
        f"Tổng số đơn vị thành viên của Cụm: {outcome.member_units}.",
        f"Số đại biểu (đơn vị) có quyền bỏ phiếu: {outcome.eligible_voters}.",
        f"Số phiếu phát ra: {outcome.ballots_issued}.",
        f"Số phiếu thu vào: {outcome.ballots_cast}.",
        (
            f"Túc số: cần ít nhất {outcome.quorum_needed} phiếu thu vào; "
            + ("đạt." if outcome.quorum_met else "không đạt.")
        ),
    )
    approval = (
        f"Ngưỡng đạt: {'trên' if vote.approval_strict else 'từ'} "
        f"{vote.approval_numerator}/{vote.approval_denominator} tổng số đại biểu có quyền "
        f"bỏ phiếu (ít nhất {outcome.approval_needed} phiếu)."
    )
    facts = (*facts, approval)
    sections = []
    conclusion = []
    for index, title in enumerate(outcome.titles, start=1):
        rows = []
        for number, line in enumerate(title.candidates, start=1):
            if line.elected:
                result = "Được đề nghị"
            elif line.in_runoff:
                result = "Bỏ phiếu lại"
            elif not line.passes_threshold:
                result = "Không đạt ngưỡng"
            elif not line.meets_prerequisite:
                result = "Không đạt điều kiện"
            elif not outcome.quorum_met:
                result = "Không đủ túc số"
            else:
                result = "Ngoài số lượng"
            rows.append(Row(number, line.unit.name, line.votes, _pct(line.share), result))
        note = ""
        if title.runoff:
            names = ", ".join(u.name for u in title.runoff)
            note = (
                f"{names} bằng số phiếu ở vị trí cuối của số lượng; đề nghị Hội nghị bỏ phiếu "
                f"lại cho {title.runoff_seats} suất."
            )
        sections.append(
            Section(
                heading=f"{index}. {title.title.name} (tối đa {title.title.quota} đơn vị)",
                validity=f"Số phiếu hợp lệ: {title.valid}; số phiếu không hợp lệ: {title.invalid}.",
                rows=tuple(rows),
                note=note,
            )
        )
        elected = ", ".join(u.name for u in title.elected) or "không có đơn vị nào"
        conclusion.append(f"{title.title.name}: {elected}.")
    committee = _committee(vote.committee)
    chair = committee[0] if committee else None
    return Minutes(
        issuer=issuer,
        place_date=f"{vote.locality or vote.conference_place}, {_long_date(day)}",
        subtitle=subtitle,
        time_place=(time_line, f"Địa điểm: {vote.conference_place}."),
        opening=opening,
        committee=committee,
        facts=facts,
        sections=tuple(sections),
        conclusion=tuple(conclusion),
        closing=(
            "Biên bản được lập xong, đọc lại trước Hội nghị; các thành viên Ban kiểm phiếu "
            "thống nhất ký tên."
        ),
        chair=chair,
        members=committee[1:],
        sample=vote.is_sample,
    )


def minutes_filename(vote: Vote, extension: str) -> str:
    stem = slugify(f"bien-ban-kiem-phieu-cum-{vote.cluster.number}-{vote.cluster.year}")
    if vote.round > 1:
        stem += f"-vong-{vote.round}"
    return f"{stem}.{extension}"


# ---------------------------------------------------------------------------------------
# Word


def minutes_docx(outcome: VoteOutcome) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    minutes = minutes_of(outcome)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)

    def paragraph(
        container: Any,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float = 14,
        align: Any = None,
        indent: bool = False,
        after: float = 0,
        before: float = 0,
    ) -> Any:
        p = container.add_paragraph()
        if text:
            run = p.add_run(text)
            run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Cm(1)
        p.paragraph_format.space_after = Pt(after)
        p.paragraph_format.space_before = Pt(before)
        return p

    def rule(container: Any, width_cm: float, cell_width_cm: float) -> None:
        """A short horizontal line under a heading: a bottom border on an indented paragraph."""
        p = container.add_paragraph()
        side = Cm(max(0.0, (cell_width_cm - width_cm) / 2))
        p.paragraph_format.left_indent = side
        p.paragraph_format.right_indent = side
        p.paragraph_format.space_after = Pt(2)
        run = p.add_run()
        run.font.size = Pt(2)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "6"),
            ("w:space", "1"),
            ("w:color", "000000"),
        ):
            bottom.set(qn(key), value)
        borders.append(bottom)
        p._p.get_or_add_pPr().append(borders)

    def widths(table: Any, sizes: tuple[Any, ...]) -> None:
        """Fixed column widths, in the grid (Word, LibreOffice) and in every cell."""
        table.autofit = False
        for column, size in zip(table.columns, sizes, strict=True):
            column.width = size
            for cell in column.cells:
                cell.width = size

    center = WD_ALIGN_PARAGRAPH.CENTER
    left_width, right_width = 6.5, 10.0
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(header, (Cm(left_width), Cm(right_width)))
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    run = left.paragraphs[0].add_run(MINISTRY)
    run.font.size = Pt(13)
    left.paragraphs[0].alignment = center
    paragraph(left, minutes.issuer, bold=True, size=13, align=center)
    rule(left, 2.5, left_width)
    paragraph(left, "Số:        /BB-KP", size=13, align=center)
    run = right.paragraphs[0].add_run(MOTTO_1)
    run.bold, run.font.size = True, Pt(13)
    right.paragraphs[0].alignment = center
    paragraph(right, MOTTO_2, bold=True, size=14, align=center)
    rule(right, 5.6, right_width)
    paragraph(right, minutes.place_date, italic=True, size=14, align=center)

    paragraph(document, TITLE, bold=True, size=14, align=center, before=18)
    paragraph(document, minutes.subtitle, bold=True, size=14, align=center)
    rule(document, 3.0, 16.5)
    paragraph(document, after=6)

    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    for line in minutes.time_place:
        paragraph(document, line, indent=True, align=justify, after=3)
    paragraph(document, minutes.opening, indent=True, align=justify, after=6)

    paragraph(document, "I. BAN KIỂM PHIẾU", bold=True, after=3, before=3)
    if minutes.committee:
        for number, member in enumerate(minutes.committee, start=1):
            duty = "Trưởng ban" if number == 1 else "Thành viên"
            role = f", {member.role}" if member.role else ""
            paragraph(document, f"{number}. {member.name}{role} – {duty}.", indent=True, after=2)
    else:
        paragraph(document, "(Chưa ghi tên thành viên Ban kiểm phiếu.)", indent=True, italic=True)

    paragraph(document, "II. KẾT QUẢ KIỂM PHIẾU", bold=True, after=3, before=6)
    for fact in minutes.facts:
        paragraph(document, f"- {fact}", indent=True, align=justify, after=2)
    for part in minutes.sections:
        paragraph(document, part.heading, bold=True, after=2, before=6)
        paragraph(document, part.validity, indent=True, after=3)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        headings = ("STT", "Đơn vị", "Số phiếu", "Tỷ lệ (%)*", "Kết quả")
        column_widths = (Cm(1.4), Cm(6.0), Cm(2.2), Cm(2.6), Cm(4.2))
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            cell.paragraphs[0].alignment = center
            run = cell.paragraphs[0].add_run(text)
            run.bold, run.font.size = True, Pt(13)
        for row in part.rows:
            cells = table.add_row().cells
            values = (str(row.number), row.unit, str(row.votes), row.share, row.result)
            aligns = (center, None, center, center, None)
            for cell, text, align in zip(cells, values, aligns, strict=True):
                run = cell.paragraphs[0].add_run(text)
                run.font.size = Pt(13)
                if align is not None:
                    cell.paragraphs[0].alignment = align
        widths(table, column_widths)
        if part.note:
            paragraph(document, part.note, indent=True, italic=True, before=3)
    paragraph(
        document,
        "* Tỷ lệ so với tổng số đại biểu có quyền bỏ phiếu.",
        italic=True,
        size=12,
        before=3,
    )

    paragraph(document, "III. KẾT LUẬN", bold=True, after=3, before=6)
    if outcome.quorum_met:
        paragraph(
            document,
            "Căn cứ kết quả kiểm phiếu, các đơn vị được đề nghị tặng danh hiệu thi đua:",
            indent=True,
            align=justify,
            after=2,
        )
        for line in minutes.conclusion:
            paragraph(document, f"- {line}", indent=True, after=2)
    else:
        paragraph(
            document,
            "Số phiếu thu vào không đạt túc số; cuộc bỏ phiếu không có kết quả đề nghị.",
            indent=True,
            align=justify,
        )
    paragraph(document, minutes.closing, indent=True, align=justify, before=6)
    if minutes.sample:
        paragraph(document, "(Biên bản lập từ dữ liệu mẫu.)", italic=True, size=12, before=3)

    signatures = document.add_table(rows=1, cols=2)
    signatures.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(signatures, (Cm(8.25), Cm(8.25)))
    members_cell, chair_cell = signatures.rows[0].cells
    paragraph(members_cell, "CÁC THÀNH VIÊN", bold=True, align=center, before=12)
    if minutes.members:
        for member in minutes.members:
            paragraph(members_cell, "", after=36)
            paragraph(members_cell, member.name, bold=True, align=center)
    paragraph(chair_cell, "TRƯỞNG BAN KIỂM PHIẾU", bold=True, align=center, before=12)
    paragraph(chair_cell, "", after=48)
    if minutes.chair is not None:
        paragraph(chair_cell, minutes.chair.name, bold=True, align=center)
    for cell in (members_cell, chair_cell):
        first = cell.paragraphs[0]
        if not first.text:
            first._p.getparent().remove(first._p)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------
# PDF


def _font_files() -> dict[tuple[str, str], Path]:
    for folder in FONT_DIRS:
        found = {key: folder / name for key, name in FONT_FILES.items()}
        if all(path.is_file() for path in found.values()):
            return found
    return {}


def _local_fetcher(allowed: set[Path]) -> Any:
    from weasyprint.urls import URLFetcher

    class LocalFontsOnly(URLFetcher):  # type: ignore[misc]
        """Serves the font files named in the stylesheet and refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            from urllib.parse import unquote, urlparse

            parsed = urlparse(url)
            if parsed.scheme != "file" or Path(unquote(parsed.path)).resolve() not in allowed:
                raise ValueError(f"refused to fetch {url!r}: documents use local fonts only")
            return super().fetch(url, headers)

    return LocalFontsOnly(allowed_protocols=["file"])


def minutes_html(outcome: VoteOutcome) -> str:
    with translation.override("vi"):
        return render_to_string(
            "voting/minutes.html", {"m": minutes_of(outcome), "outcome": outcome}
        )


def minutes_css() -> str:
    faces = [
        {"weight": weight, "style": style, "url": path.resolve().as_uri()}
        for (weight, style), path in _font_files().items()
    ]
    return render_to_string("voting/minutes.css", {"faces": faces})


def minutes_pdf(outcome: VoteOutcome) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    allowed = {path.resolve() for path in _font_files().values()}
    fetcher = _local_fetcher(allowed)
    fonts = FontConfiguration()
    stylesheet = CSS(string=minutes_css(), font_config=fonts, url_fetcher=fetcher)
    html = HTML(string=minutes_html(outcome), url_fetcher=fetcher, base_url="file:///")
    return bytes(html.write_pdf(stylesheets=[stylesheet], font_config=fonts))
