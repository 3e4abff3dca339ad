"""The covenant as an administrative document (Nghị định 30/2020/NĐ-CP), in Word and PDF.

`covenant_document` reads the covenant once into plain frozen dataclasses; `render_docx`
and `render_pdf` only lay that content out, so the two files always say the same thing.
The layout shared with the other documents (header, fonts, margins, page numbers, the
PDF's local-only fonts) is thidua.core.documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify

from thidua.core.documents import (
    A4_PORTRAIT,
    BLANK,
    CELL_MARGIN,
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    blank_number,
    cell_paragraph,
    docx_bytes,
    docx_header,
    docx_heading_styles,
    docx_keep_row,
    docx_new,
    fixed_table,
    text_width_mm,
    vietnamese_date,
)

# Re-exported: the covenant's views and tests name the content types here.
from thidua.core.documents import DOCX_CONTENT_TYPE as DOCX_CONTENT_TYPE
from thidua.core.documents import PDF_CONTENT_TYPE as PDF_CONTENT_TYPE
from thidua.core.documents import render_pdf as render_html_pdf
from thidua.covenants import domain
from thidua.covenants.models import Covenant, Criterion, CriterionKind, Signature
from thidua.engine.numbers import format_number_vi
from thidua.engine.targets import TargetError
from thidua.engine.text import fold
from thidua.org.models import Cluster, ClusterLevel, Unit, UnitKind

PDF_CSS = Path(__file__).resolve().parent / "templates" / "covenants" / "documents" / "covenant.css"
SIGNER_SIZE = 13  # points, the unit names and titles of the signature block
DOCUMENT_SYMBOL = "GƯ-CTĐ"
TITLE = "GIAO ƯỚC THI ĐUA"
# Page and columns in mm; the print CSS (covenant.css, documents/nd30.css) uses the same.
_PAGE = A4_PORTRAIT
_TEXT_WIDTH = _PAGE.text_width
_HEADER_COLUMNS = (68, _TEXT_WIDTH - 68)

# Who signs for each kind of unit when no signature has been recorded yet.
_LEADER_TITLES = {
    UnitKind.MINISTRY_DEPARTMENT: "CỤC TRƯỞNG",
    UnitKind.PROVINCIAL_POLICE: "GIÁM ĐỐC",
    UnitKind.PROVINCIAL_SECTION: "TRƯỞNG PHÒNG",
    UnitKind.DISTRICT_POLICE: "TRƯỞNG CÔNG AN",
    UnitKind.COMMUNE_POLICE: "TRƯỞNG CÔNG AN",
}
_DEFAULT_LEADER_TITLE = "THỦ TRƯỞNG ĐƠN VỊ"


# ---------------------------------------------------------------------------------------
# Content


@dataclass(frozen=True)
class UnitTargetLine:
    unit: str
    sentence: str  # "" when the unit has no target on the criterion


@dataclass(frozen=True)
class Section:
    number: str  # "I.", "1.", "1.1."
    title: str
    depth: int
    points: str  # "300 điểm", or "" for a criterion worth no points of its own
    is_group: bool
    target: str  # the common target as a sentence, "" if none
    unit_targets: tuple[UnitTargetLine, ...]
    notes: tuple[str, ...]  # how a direct, bonus/penalty or rank criterion is scored


@dataclass(frozen=True)
class Signer:
    unit: str  # "CÔNG AN TỈNH TÂY NINH"
    title: str  # "GIÁM ĐỐC"
    name: str  # "" until the unit has signed
    signed: bool
    # The unit's name as printed: ("CÔNG AN TỈNH", "BÀ RỊA - VŨNG TÀU") when one line is
    # too wide for its column, broken where the kind of unit ends rather than mid-name.
    unit_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class CovenantDocument:
    parent_body: str  # "BỘ CÔNG AN"
    issuer: str  # "CỤM THI ĐUA SỐ 10"
    number: str  # "Số: 12/GƯ-CTĐ"
    place_date: str  # "Tây Ninh, ngày 14 tháng 02 năm 2025"
    title: str
    movement: str
    theme: str
    intro: str
    sections: tuple[Section, ...]
    closing_heading: str
    closing: tuple[str, ...]
    signers_heading: str
    signers: tuple[Signer, ...]
    recipients: tuple[str, ...]
    filename: str  # ASCII stem: "giao-uoc-cum-10-2025"
    display_name: str  # "Giao ước Cụm thi đua số 10 năm 2025"
    dated: dt.date  # the signing date, or 1 January of the year: the file's metadata date

    def signer_rows(self) -> list[list[Signer | None]]:
        """The signature table: 2 columns up to 4 units, else 3; a short last row centred."""
        columns = signer_columns(len(self.signers))
        rows: list[list[Signer | None]] = []
        for start in range(0, len(self.signers), columns):
            chunk: list[Signer | None] = list(self.signers[start : start + columns])
            if len(chunk) < columns:
                if columns == 3 and len(chunk) == 1:
                    chunk = [None, chunk[0], None]
                elif columns == 3:
                    chunk = [chunk[0], None, chunk[1]]
                else:
                    chunk = [chunk[0]]  # one unit under two columns: a centred merged cell
            rows.append(chunk)
        return rows


def signer_columns(count: int) -> int:
    return 2 if count <= 4 else 3


def _points(value: Decimal) -> str:
    return format_number_vi(value, 2, trim=True)


def province_short_name(unit: Unit | None) -> str:
    """The province a unit is in, as a place name ("Tây Ninh"); "" when none is found."""
    seen: set[int] = set()
    while unit is not None and unit.pk not in seen:
        if unit.kind == UnitKind.PROVINCIAL_POLICE:
            return unit.short_name or unit.name
        seen.add(unit.pk)
        unit = unit.parent
    return ""


def parent_body(cluster: Cluster) -> str:
    """The body over the cluster in a document's heading: the province for a provincial
    cluster, the Ministry otherwise."""
    if cluster.level == ClusterLevel.PROVINCIAL and cluster.province is not None:
        return str(cluster.province.name).upper()
    return "BỘ CÔNG AN"


def document_stem(kind: str, cluster: Cluster, year: int) -> str:
    """A document's ASCII file stem, "giao-uoc-cum-10-2025"; a provincial cluster's names
    its province too, as cluster numbers repeat across provinces."""
    stem = f"{kind}-cum-{cluster.number}-{year}"
    if cluster.level == ClusterLevel.PROVINCIAL and cluster.province is not None:
        stem += "-" + slugify(fold(cluster.province.short_name or cluster.province.name))
    return stem


def _document_number(covenant: Covenant) -> str:
    number = covenant.document_number.strip()
    if not number:
        return blank_number(DOCUMENT_SYMBOL)
    if "/" in number:
        return f"Số: {number}"
    return f"Số: {number}/{DOCUMENT_SYMBOL}"


def _movement_line(covenant: Covenant) -> str:
    name = covenant.movement.name.strip()
    return name if str(covenant.year) in name else f"{name} năm {covenant.year}"


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def _sentence(data: Any) -> str:
    try:
        text = domain.target_sentence(data)
    except TargetError as exc:
        # An unreadable stored target must not stop the whole document.
        return domain.target_error_message(exc)
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _section_number(code: str) -> str:
    code = code.strip()
    return code if code.endswith((".", ")")) else f"{code}."


def _notes(criterion: Criterion) -> tuple[str, ...]:
    settings_ = criterion.settings or {}
    if criterion.kind == CriterionKind.DIRECT and settings_.get("per_occurrence"):
        each = _points(Decimal(str(settings_["per_occurrence"])))
        return (
            f"Mỗi lần thực hiện được {each} điểm, tối đa {_points(criterion.max_points)} điểm.",
        )
    if criterion.kind == CriterionKind.BONUS_PENALTY:
        notes = []
        for item in settings_.get("items", []):
            points = Decimal(str(item["points"]))
            verb = "Cộng" if points > 0 else "Trừ"
            notes.append(f"{verb} {_points(abs(points))} điểm: {item['label']}.")
        return tuple(notes)
    if criterion.kind == CriterionKind.RANK_POINTS:
        table = settings_.get("table", domain.DEFAULT_RANK_TABLE)
        ranks = "; ".join(
            f"xếp thứ {rank}: {_points(Decimal(str(p)))} điểm" for rank, p in enumerate(table, 1)
        )
        return (f"Điểm theo thứ hạng trong đánh giá của cơ quan chức năng: {ranks}.",)
    return ()


def _section(node: domain.Node, depth: int) -> Section:
    criterion = node.criterion
    lines: list[UnitTargetLine] = []
    if criterion.kind == CriterionKind.QUANTITATIVE:
        own = sorted(criterion.unit_targets.all(), key=lambda t: t.unit.sort_name)
        for unit_target in own:
            if unit_target.target == criterion.target:
                continue  # the same as everyone's: nothing to list
            sentence = _sentence(unit_target.target) if unit_target.target else ""
            lines.append(UnitTargetLine(unit=unit_target.unit.name, sentence=sentence))
    shown_points = criterion.max_points > 0
    return Section(
        number=_section_number(criterion.code),
        title=criterion.title.strip(),
        depth=depth,
        points=f"{_points(criterion.max_points)} điểm" if shown_points else "",
        is_group=node.is_group,
        target=_sentence(criterion.target)
        if criterion.kind == CriterionKind.QUANTITATIVE and criterion.target
        else "",
        unit_targets=tuple(lines),
        notes=_notes(criterion),
    )


def _unit_lines(unit: Unit, column_mm: float) -> tuple[str, ...]:
    name = unit.name.upper()
    if text_width_mm(name, SIGNER_SIZE, bold=True) <= column_mm - 2 * CELL_MARGIN:
        return (name,)
    short = (unit.short_name or "").upper()
    if short and name.endswith(short) and name != short:
        return (name[: -len(short)].strip(), short)
    return (name,)


def _signer(unit: Unit, signature: Signature | None, column_mm: float) -> Signer:
    lines = _unit_lines(unit, column_mm)
    if signature is not None:
        return Signer(
            unit=unit.name.upper(),
            title=signature.signer_title.upper(),
            name=signature.signer_name,
            signed=True,
            unit_lines=lines,
        )
    title = _LEADER_TITLES.get(UnitKind(unit.kind), _DEFAULT_LEADER_TITLE)
    return Signer(unit=unit.name.upper(), title=title, name="", signed=False, unit_lines=lines)


def covenant_document(covenant: Covenant) -> CovenantDocument:
    """Everything the document says, read in a fixed number of queries."""
    cluster = covenant.cluster
    year = covenant.year
    members = domain.required_signers(covenant)
    signatures = {
        s.unit_id: s for s in Signature.objects.filter(covenant=covenant).select_related("unit")
    }
    host = (
        Unit.objects.select_related("parent__parent__parent").get(pk=covenant.host_unit_id)
        if covenant.host_unit_id
        else None
    )
    place = covenant.signing_place.strip() or province_short_name(host) or BLANK
    cluster_name = f"Cụm thi đua số {cluster.number}"
    movement = _movement_line(covenant)
    sections = tuple(
        _section(node, depth) for node, depth in domain.walk(domain.criteria_tree(covenant))
    )
    copies = len(members) + 1
    column_mm = _TEXT_WIDTH / signer_columns(len(members))
    closing = (
        f"Giao ước thi đua này có hiệu lực kể từ ngày ký. Các đơn vị thành viên {cluster_name} "
        "cam kết tổ chức thực hiện thắng lợi các nội dung, chỉ tiêu đã giao ước; định kỳ sơ "
        f"kết, tổng kết, tự chấm điểm theo thang điểm {_points(covenant.scale)} điểm và phương "
        "pháp chấm điểm đã thống nhất, làm cơ sở bình xét, suy tôn các danh hiệu thi đua "
        f"năm {year}.",
        f"Giao ước được lập thành {copies:02d} bản có giá trị như nhau, mỗi đơn vị thành viên "
        f"giữ 01 bản, gửi {cluster.managing_office.name} 01 bản để theo dõi./.",
    )
    return CovenantDocument(
        parent_body=parent_body(cluster),
        issuer=cluster_name.upper(),
        number=_document_number(covenant),
        place_date=f"{place}, {vietnamese_date(covenant.signing_date, year)}",
        title=TITLE,
        movement=movement,
        theme=covenant.theme.strip(),
        intro=(
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 và các văn bản hướng dẫn thi "
            f"hành; thực hiện {movement[:1].lower()}{movement[1:]}, các đơn vị thành viên "
            f"{cluster_name} gồm: {_join([u.name for u in members])} thống nhất ký kết giao "
            f"ước thi đua năm {year} với các nội dung, chỉ tiêu sau:"
        ),
        sections=sections,
        closing_heading="Điều khoản thi hành",
        closing=closing,
        signers_heading="ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC",
        signers=tuple(_signer(u, signatures.get(u.pk), column_mm) for u in members),
        recipients=(
            f"- {cluster.managing_office.name} (để báo cáo);",
            f"- Các đơn vị thành viên {cluster_name};",
            f"- Lưu: {cluster_name}.",
        ),
        filename=document_stem("giao-uoc", cluster, year),
        display_name=f"Giao ước {cluster_name} năm {year}",
        dated=covenant.signing_date or dt.date(year, 1, 1),
    )


# ---------------------------------------------------------------------------------------
# Word


def render_docx(document: CovenantDocument) -> bytes:
    from docx.shared import Mm

    doc = docx_new(
        _PAGE,
        title=document.display_name,
        author=document.issuer.title(),
        subject=TITLE,
        dated=document.dated,
    )
    docx_heading_styles(doc)
    docx_header(
        doc,
        parent_body=document.parent_body,
        issuer=document.issuer,
        number=document.number,
        place_date=document.place_date,
        columns=_HEADER_COLUMNS,
    )
    _docx_title(doc, document)
    body = doc.add_paragraph(document.intro, style="Body Text")
    body.paragraph_format.space_before = Mm(3)
    for item in document.sections:
        _docx_section(doc, item)
    doc.add_paragraph(document.closing_heading, style="Heading 1")
    for text in document.closing:
        doc.add_paragraph(text, style="Body Text")
    _docx_signers(doc, document)
    _docx_recipients(doc, document)
    return docx_bytes(doc, document.dated)


def _docx_title(doc: Any, document: CovenantDocument) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lines = [(document.title, True, False, 24), (document.movement, True, False, 0)]
    if document.theme:
        lines.append((document.theme, False, True, 0))
    for text, bold, italic, before in lines:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(14)


def _docx_section(doc: Any, item: Section) -> None:
    from docx.shared import Mm

    heading = doc.add_paragraph(style=f"Heading {min(item.depth + 1, 4)}")
    heading.add_run(f"{item.number} {item.title}")
    if item.points:
        points = heading.add_run(f" ({item.points})")
        points.bold = False
        points.italic = True
    if not item.is_group:
        # A leaf reads as text, not as a heading of nothing.
        heading.paragraph_format.keep_with_next = bool(
            item.target or item.notes or item.unit_targets
        )
    if item.target:
        paragraph = doc.add_paragraph(style="Body Text")
        label = paragraph.add_run("Chỉ tiêu: ")
        label.italic = True
        paragraph.add_run(item.target)
    if item.unit_targets:
        intro = "Đơn vị có chỉ tiêu riêng:" if item.target else "Chỉ tiêu của từng đơn vị:"
        label = doc.add_paragraph(style="Body Text").add_run(intro)
        label.italic = True
        for line in item.unit_targets:
            paragraph = doc.add_paragraph(style="Body Text")
            paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.add_run(f"- {line.unit}: ").bold = True
            if line.sentence:
                paragraph.add_run(line.sentence)
            else:
                paragraph.add_run("không giao chỉ tiêu.").italic = True
    for note in item.notes:
        doc.add_paragraph(note, style="Body Text")


def _docx_signers(doc: Any, document: CovenantDocument) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.space_before = Pt(18)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    run = heading.add_run(document.signers_heading)
    run.bold = True
    run.font.size = Pt(13)

    rows = document.signer_rows()
    columns = len(rows[0]) if rows else 2
    table = fixed_table(doc, len(rows), tuple([_TEXT_WIDTH / columns] * columns))
    for row, signers in zip(table.rows, rows, strict=True):
        # A signature block never breaks across two pages.
        docx_keep_row(row)
        cells = list(row.cells)
        if len(signers) == 1 and columns == 2:
            cells = [cells[0].merge(cells[1])]
        for cell, signer in zip(cells, signers, strict=False):
            if signer is None:
                continue
            unit = cell_paragraph(cell, "", size=SIGNER_SIZE, first=True)
            for index, line in enumerate(signer.unit_lines or (signer.unit,)):
                run = unit.add_run(line)
                run.bold = True
                run.font.size = Pt(SIGNER_SIZE)
                if index + 1 < len(signer.unit_lines):
                    run.add_break()
            cell_paragraph(cell, signer.title, size=SIGNER_SIZE, bold=True)
            mark = "(Đã ký)" if signer.signed else ""
            gap = cell_paragraph(cell, mark, size=SIGNER_SIZE, italic=True)
            gap.paragraph_format.space_before = Pt(20)
            name = cell_paragraph(cell, signer.name, size=14, bold=True)
            name.paragraph_format.space_before = Pt(32)
            name.paragraph_format.space_after = Pt(12)


def _docx_recipients(doc: Any, document: CovenantDocument) -> None:
    from docx.shared import Pt

    label = doc.add_paragraph()
    label.paragraph_format.space_before = Pt(12)
    label.paragraph_format.keep_with_next = True
    run = label.add_run("Nơi nhận:")
    run.bold = run.italic = True
    run.font.size = Pt(12)
    for index, line in enumerate(document.recipients, 1):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = index < len(document.recipients)
        paragraph.add_run(line).font.size = Pt(11)


# ---------------------------------------------------------------------------------------
# PDF


def render_pdf(document: CovenantDocument) -> bytes:
    html = render_to_string(
        "covenants/documents/covenant.html",
        {
            "doc": document,
            "header": document,
            "rows": document.signer_rows(),
            "motto": NATIONAL_MOTTO,
            "national_name": NATIONAL_NAME,
        },
    )
    return render_html_pdf(html, [PDF_CSS])
