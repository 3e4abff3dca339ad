from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.factories import UserFactory
from thidua.covenants import documents, domain
from thidua.covenants.models import Covenant, CriterionKind, Indicator, MovementKind
from thidua.engine.targets import Target
from thidua.org import domain as org
from thidua.org.models import ClusterLevel, RoleKind, Unit, UnitKind

pytestmark = pytest.mark.django_db

MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
REDUCE_CRIME = "Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2024."
REDUCE_CRIME_LONG_AN = "Kéo giảm ít nhất 7% số vụ phạm tội về trật tự xã hội so với năm 2024."
CLEARANCE = "Tỷ lệ điều tra, khám phá án đạt trên 75%."
REHAB = "Số hồ sơ đưa đi cai nghiện bắt buộc đạt ít nhất 1.438 hồ sơ."
NO_RIOTS = "Không để xảy ra bạo loạn, khủng bố."


# ---------------------------------------------------------------------------------------
# A covenant built through the domain, shared with tests/covenants/test_api.py


def indicator(code: str, **fields: Any) -> Indicator:
    return domain.indicator_save(indicator=Indicator(code=code, **fields))


LIBRARY = {
    "crimes": "toi-pham-ttxh",
    "clearance": "dieu-tra-kham-pha",
    "rehab": "cai-nghien",
    "riots": "bao-loan",
}


def library() -> dict[str, Indicator]:
    """The indicators, by short key; created on first use."""
    existing = {i.code: i for i in Indicator.objects.filter(code__in=LIBRARY.values())}
    if len(existing) == len(LIBRARY):
        return {key: existing[code] for key, code in LIBRARY.items()}
    return {
        "crimes": indicator(
            "toi-pham-ttxh",
            name_vi="số vụ phạm tội về trật tự xã hội",
            name_en="the number of crimes against social order",
            unit_vi="vụ",
            unit_en="cases",
            higher_is_better=False,
        ),
        "clearance": indicator(
            "dieu-tra-kham-pha",
            name_vi="tỷ lệ điều tra, khám phá án",
            name_en="the case clearance rate",
            unit_vi="%",
            unit_en="%",
            numerator_vi="số vụ án được điều tra, khám phá",
            numerator_en="cases cleared",
            denominator_vi="số vụ án xảy ra",
            denominator_en="cases recorded",
        ),
        "rehab": indicator(
            "cai-nghien",
            name_vi="số hồ sơ đưa đi cai nghiện bắt buộc",
            name_en="the number of files for compulsory rehabilitation",
            unit_vi="hồ sơ",
            unit_en="files",
        ),
        "riots": indicator(
            "bao-loan",
            name_vi="số vụ bạo loạn, khủng bố",
            name_en="the number of riots and terrorist attacks",
            unit_vi="vụ",
            unit_en="cases",
            higher_is_better=False,
            event_vi="bạo loạn, khủng bố",
            event_en="riots or terrorist attacks",
        ),
    }


def office_unit() -> Unit:
    found = Unit.objects.filter(code="X03").first()
    return found or org.unit_create(
        code="X03",
        name="Cục Công tác đảng, công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        is_emulation_office=True,
    )


def province(code: str, name: str) -> Unit:
    found = Unit.objects.filter(code=code).first()
    return found or org.unit_create(
        code=code, name=f"Công an tỉnh {name}", short_name=name, kind=UnitKind.PROVINCIAL_POLICE
    )


PROVINCES = [
    ("TNH", "Tây Ninh"),
    ("LAN", "Long An"),
    ("BPC", "Bình Phước"),
    ("BDG", "Bình Dương"),
    ("DNI", "Đồng Nai"),
    ("BRV", "Bà Rịa - Vũng Tàu"),
    ("LDG", "Lâm Đồng"),
    ("AGG", "An Giang"),
    ("KGG", "Kiên Giang"),
    ("CMU", "Cà Mau"),
    ("BLU", "Bạc Liêu"),
    ("STG", "Sóc Trăng"),
    ("HGG", "Hậu Giang"),
    ("TGG", "Tiền Giang"),
]


@dataclass
class World:
    covenant: Covenant
    members: list[Unit]
    office: Unit

    @property
    def host(self) -> Unit:
        return self.members[0]


def make_covenant(
    *,
    number: int = 10,
    year: int = 2025,
    members: int = 4,
    criteria: bool = True,
    signing_date: dt.date | None = dt.date(2025, 2, 14),
    offset: int = 0,
) -> World:
    """Cụm thi đua số `number`: Tây Ninh (head), Long An, Bình Phước… with a real tree."""
    office = office_unit()
    units = [province(code, name) for code, name in PROVINCES[offset : offset + members]]
    cluster = org.cluster_create(
        year=year, level=ClusterLevel.MINISTRY, number=number, managing_office=office
    )
    for unit in units:
        org.membership_add(cluster=cluster, unit=unit)
    org.role_assign(cluster=cluster, unit=units[0], role=RoleKind.HEAD)
    movement = domain.movement_create(
        name="Phong trào thi đua “Vì an ninh Tổ quốc”", kind=MovementKind.REGULAR, year=year
    )
    covenant = domain.covenant_create(
        cluster=cluster,
        movement=movement,
        theme="Gương mẫu đi đầu, tăng tốc bứt phá, hoàn thành xuất sắc nhiệm vụ",
        signing_date=signing_date.replace(year=year) if signing_date else None,
        host_unit=units[0],
    )
    if criteria:
        add_tree(covenant, units)
    covenant.refresh_from_db()
    return World(covenant=covenant, members=units, office=office)


def target(shape: str, key: str, number: object = None, **kwargs: Any) -> Target:
    return domain.build_target(shape=shape, indicators=[library()[key]], number=number, **kwargs)


def add_tree(covenant: Covenant, units: list[Unit]) -> None:
    """I (1–3), II (4–5), III (6–7): 1.000 points; II and III leave 50 points free each.

    Codes are unique within a covenant.
    """

    def add(parent: Any, code: str, title: str, kind: str, points: int, **kw: Any) -> Any:
        return domain.criterion_add(
            covenant=covenant,
            parent=parent,
            code=code,
            title=title,
            kind=kind,
            max_points=Decimal(points),
            **kw,
        )

    year = covenant.year - 1
    lib = library()
    fight = add(None, "I", "Công tác đấu tranh phòng, chống tội phạm", CriterionKind.GROUP, 400)
    crimes = add(
        fight,
        "1",
        "Kéo giảm tội phạm về trật tự xã hội",
        CriterionKind.QUANTITATIVE,
        150,
        target=target("reduce", "crimes", "5", baseline_year=year),
        indicators=[lib["crimes"]],
    )
    clearance = add(
        fight,
        "2",
        "Điều tra, khám phá án",
        CriterionKind.QUANTITATIVE,
        150,
        target=target("rate_strict", "clearance", "75"),
        indicators=[lib["clearance"]],
    )
    add(
        fight,
        "3",
        "Đưa người nghiện đi cai nghiện bắt buộc",
        CriterionKind.QUANTITATIVE,
        100,
        target=target("at_least", "rehab", "1438"),
        indicators=[lib["rehab"]],
    )
    order = add(None, "II", "Bảo đảm an ninh, trật tự", CriterionKind.GROUP, 400)
    add(
        order,
        "4",
        "Không để xảy ra bạo loạn, khủng bố",
        CriterionKind.QUANTITATIVE,
        200,
        target=target("at_most", "riots", "0"),
        indicators=[lib["riots"]],
    )
    add(
        order,
        "5",
        "Xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        CriterionKind.QUALITATIVE,
        150,
    )
    force = add(None, "III", "Xây dựng lực lượng", CriterionKind.GROUP, 200)
    add(
        force,
        "6",
        "Tổ chức tập huấn nghiệp vụ",
        CriterionKind.DIRECT,
        100,
        settings={"per_occurrence": "5"},
    )
    add(
        force,
        "7",
        "Khen thưởng, kỷ luật",
        CriterionKind.BONUS_PENALTY,
        50,
        settings={
            "items": [
                {"label": "Được tặng Bằng khen của Bộ trưởng", "points": "3"},
                {"label": "Bị phê bình", "points": "-3"},
            ]
        },
    )
    if len(units) >= 3:
        domain.unit_target_set(
            criterion=crimes,
            unit=units[1],
            target=target("reduce", "crimes", "7", baseline_year=year),
        )
        domain.unit_target_set(criterion=clearance, unit=units[2], target=None)


def sign(world: World, unit: Unit, name: str = "Nguyễn Văn Quảng") -> None:
    covenant = Covenant.objects.get(pk=world.covenant.pk)
    if covenant.status == "draft":
        domain.covenant_open_for_signing(covenant=covenant)
    domain.covenant_sign(
        covenant=covenant,
        unit=unit,
        signer_name=name,
        signer_title="Giám đốc",
        signed_on=dt.date(covenant.year, 2, 14),
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------
# Content


def test_it_fills_the_header_from_the_covenant() -> None:
    world = make_covenant()
    Covenant.objects.filter(pk=world.covenant.pk).update(document_number="12")
    world.covenant.refresh_from_db()

    doc = documents.covenant_document(world.covenant)

    assert (doc.parent_body, doc.issuer, doc.number) == (
        "BỘ CÔNG AN",
        "CỤM THI ĐUA SỐ 10",
        "Số: 12/GƯ-CTĐ",
    )
    assert doc.place_date == "Tây Ninh, ngày 14 tháng 02 năm 2025"
    assert doc.movement == "Phong trào thi đua “Vì an ninh Tổ quốc” năm 2025"
    assert doc.filename == "giao-uoc-cum-10-2025"


def test_it_leaves_number_place_and_date_blank_when_unknown() -> None:
    world = make_covenant(signing_date=None, criteria=False)
    Covenant.objects.filter(pk=world.covenant.pk).update(host_unit=None)
    world.covenant.refresh_from_db()

    doc = documents.covenant_document(world.covenant)

    assert doc.number == "Số:\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0/GƯ-CTĐ"
    assert doc.place_date == "……, ngày …… tháng …… năm 2025"


def test_it_numbers_the_tree_and_lists_units_with_their_own_target() -> None:
    world = make_covenant()

    doc = documents.covenant_document(world.covenant)

    assert [(s.number, s.depth, s.points) for s in doc.sections[:3]] == [
        ("I.", 0, "400 điểm"),
        ("1.", 1, "150 điểm"),
        ("2.", 1, "150 điểm"),
    ]
    crimes, clearance = doc.sections[1], doc.sections[2]
    assert crimes.target == REDUCE_CRIME
    assert crimes.unit_targets == (
        documents.UnitTargetLine(unit="Công an tỉnh Long An", sentence=REDUCE_CRIME_LONG_AN),
    )
    assert clearance.unit_targets == (
        documents.UnitTargetLine(unit="Công an tỉnh Bình Phước", sentence=""),
    )
    assert doc.sections[-1].notes == (
        "Cộng 3 điểm: Được tặng Bằng khen của Bộ trưởng.",
        "Trừ 3 điểm: Bị phê bình.",
    )


def test_it_puts_every_member_in_the_signature_block_with_the_recorded_signer() -> None:
    world = make_covenant()
    sign(world, world.members[0])

    doc = documents.covenant_document(world.covenant)

    assert doc.signers[-1] == documents.Signer(
        unit="CÔNG AN TỈNH TÂY NINH",
        title="GIÁM ĐỐC",
        name="Nguyễn Văn Quảng",
        signed=True,
        unit_lines=("CÔNG AN TỈNH TÂY NINH",),
    )
    assert [s.unit for s in doc.signers] == [
        "CÔNG AN TỈNH BÌNH DƯƠNG",
        "CÔNG AN TỈNH BÌNH PHƯỚC",
        "CÔNG AN TỈNH LONG AN",
        "CÔNG AN TỈNH TÂY NINH",
    ]
    assert doc.signers[0].name == ""


@pytest.mark.parametrize(("members", "rows"), [(2, [2]), (4, [2, 2]), (5, [3, 3]), (7, [3, 3, 3])])
def test_it_lays_the_signers_out_in_two_or_three_columns(members: int, rows: list[int]) -> None:
    world = make_covenant(members=members, criteria=False)

    doc = documents.covenant_document(world.covenant)

    assert [len(row) for row in doc.signer_rows()] == rows


def test_it_breaks_a_long_unit_name_after_its_kind_in_three_columns() -> None:
    world = make_covenant(members=6, criteria=False)

    doc = documents.covenant_document(world.covenant)

    lines = {s.unit: s.unit_lines for s in doc.signers}
    assert lines["CÔNG AN TỈNH BÀ RỊA - VŨNG TÀU"] == ("CÔNG AN TỈNH", "BÀ RỊA - VŨNG TÀU")
    assert lines["CÔNG AN TỈNH LONG AN"] == ("CÔNG AN TỈNH", "LONG AN")


# ---------------------------------------------------------------------------------------
# Word


def docx_text(content: bytes) -> tuple[str, list[str]]:
    """The body paragraphs, and the text of every table cell, read back with python-docx."""
    from docx import Document

    doc = Document(io.BytesIO(content))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return body, cells


def test_it_writes_a_word_document_with_motto_title_targets_and_signers() -> None:
    world = make_covenant()
    sign(world, world.members[0])

    content = documents.render_docx(documents.covenant_document(world.covenant))

    body, cells = docx_text(content)
    header = " ".join(cells[:4])
    assert NATIONAL_NAME in header
    assert MOTTO in header
    assert "CỤM THI ĐUA SỐ 10" in header
    assert "GIAO ƯỚC THI ĐUA" in body
    for sentence in (REDUCE_CRIME, REDUCE_CRIME_LONG_AN, CLEARANCE, REHAB, NO_RIOTS):
        assert sentence in body
    signature_cells = "\n".join(cells[4:])
    for unit in world.members:
        assert unit.name.upper() in signature_cells
    assert "Nguyễn Văn Quảng" in signature_cells


def test_it_sets_a4_margins_and_times_new_roman_in_the_word_document() -> None:
    from docx import Document

    world = make_covenant(criteria=False)

    doc = Document(io.BytesIO(documents.render_docx(documents.covenant_document(world.covenant))))

    section = doc.sections[0]
    sizes = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(size.mm) if size else None for size in sizes] == [210, 297, 20, 20, 30, 15]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14


# ---------------------------------------------------------------------------------------
# PDF


def pdf_text(content: bytes, tmp_path: Any) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


def test_it_writes_a_pdf_with_motto_and_targets(tmp_path: Any) -> None:
    world = make_covenant()

    content = documents.render_pdf(documents.covenant_document(world.covenant))

    assert content.startswith(b"%PDF")
    text = pdf_text(content, tmp_path)
    assert MOTTO in text
    assert NATIONAL_NAME in text
    assert CLEARANCE in text
    assert "Trang 1/" in text


def test_it_embeds_only_the_vendored_fonts_in_the_pdf(tmp_path: Any) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    world = make_covenant(criteria=False)
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(documents.render_pdf(documents.covenant_document(world.covenant)))

    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)

    # Named after the @font-face family of covenant.css: no system font was used.
    rows = [line.split() for line in listing.stdout.splitlines()[2:]]
    assert sorted((row[0].split("+")[-1], row[-5]) for row in rows) == [
        ("Thi-Dua-Serif", "yes"),
        ("Thi-Dua-Serif-Bold", "yes"),
        ("Thi-Dua-Serif-Bold-Italic", "yes"),
        ("Thi-Dua-Serif-Italic", "yes"),
    ]


def test_it_gives_the_same_files_for_the_same_covenant() -> None:
    world = make_covenant(members=2)
    doc = documents.covenant_document(world.covenant)

    pdfs = {documents.render_pdf(doc) for _ in range(2)}
    words = {documents.render_docx(doc) for _ in range(2)}

    assert (len(pdfs), len(words)) == (1, 1)


# ---------------------------------------------------------------------------------------
# Downloads


def test_it_downloads_the_word_file_with_an_ascii_and_a_utf8_name() -> None:
    world = make_covenant()
    client = client_for(UserFactory(unit=world.members[1], role="officer"))

    response = client.get(f"/covenants/{world.covenant.pk}/giao-uoc.docx")

    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="giao-uoc-cum-10-2025.docx"; '
        "filename*=UTF-8''Giao%20%C6%B0%E1%BB%9Bc%20C%E1%BB%A5m%20thi%20%C4%91ua%20s%E1%BB%91"
        "%2010%20n%C4%83m%202025.docx"
    )
    body, _cells = docx_text(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert REDUCE_CRIME in body


def test_it_downloads_the_pdf_for_the_managing_office(tmp_path: Any) -> None:
    world = make_covenant()
    client = client_for(UserFactory(unit=world.office, role="officer"))

    response = client.get(f"/covenants/{world.covenant.pk}/giao-uoc.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="giao-uoc-cum-10-2025.pdf"; '
    )
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert MOTTO in pdf_text(content, tmp_path)


@pytest.mark.parametrize("extension", ["docx", "pdf"])
def test_it_hides_another_clusters_covenant(extension: str) -> None:
    world = make_covenant(members=2, criteria=False)
    other = make_covenant(number=11, members=2, criteria=False, offset=2)
    client = client_for(UserFactory(unit=other.members[0], role="leader"))

    response = client.get(f"/covenants/{world.covenant.pk}/giao-uoc.{extension}")

    assert response.status_code == 404


def test_it_sends_an_anonymous_visitor_to_the_sign_in_page() -> None:
    world = make_covenant(members=2, criteria=False)

    response = Client().get(f"/covenants/{world.covenant.pk}/giao-uoc.pdf")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
