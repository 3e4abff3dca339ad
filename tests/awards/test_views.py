"""The awards pages: lists, search without diacritics, counts, the Excel export, forms
that refuse bad input with nothing saved, files, proposals and their actions."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.awards.world import PDF, World, closed_vote
from thidua.awards import domain
from thidua.awards.models import Award, Proposal, Recipient, Title

HTMX: Any = {"HTTP_HX_REQUEST": "true"}


def _award(world: World, code: str = "min", unit: str = "LAN", **kwargs: Any) -> Award:
    values: dict[str, Any] = {
        "title": world.title(code),
        "unit": world.units[unit],
        "year": 2024,
        "decision_number": "1520/QĐ-BCA",
        "decision_date": dt.date(2025, 3, 10),
        "by": world["office"],
    }
    values.update(kwargs)
    return domain.award_create(**values)


def _person(world: World, name: str, unit: str = "LAN", **kwargs: Any) -> Award:
    return _award(
        world, "bk-bo-truong", unit, recipient=Recipient.PERSON, person_name=name,
        person_rank="Thượng tá", person_position="Trưởng phòng", decision_number=f"QĐ {name}",
        **kwargs,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------
# The list, search, counts


def test_it_finds_a_person_typed_without_diacritics(world: World) -> None:
    _person(world, "Nguyễn Văn An")
    _person(world, "Trần Thị Bích Ngọc", unit="TNH")

    html = world.client("leader").get("/awards/", {"q": "nguyen van"}).content.decode()

    assert "Nguyễn Văn An" in html
    assert "Trần Thị Bích Ngọc" not in html


def test_it_finds_awards_by_unit_name_without_diacritics(world: World) -> None:
    _award(world, unit="DNI")
    _award(world, unit="TNH")

    html = world.client("outsider").get("/awards/", {"q": "dong nai"}).content.decode()

    assert html.count('data-testid="award-row"') == 1
    assert "Công an tỉnh Đồng Nai" in html


def test_it_filters_by_year_and_title_and_swaps_only_the_results(world: World) -> None:
    _award(world)
    _award(world, "min", "TNH", year=2023, decision_date=dt.date(2024, 1, 20), cluster=None)
    title = world.title("min")

    response = world.client("member").get("/awards/", {"year": 2023, "title": title.pk}, **HTMX)

    html = response.content.decode()
    assert html.count('data-testid="award-row"') == 1
    assert "Tây Ninh" in html
    assert "<html" not in html


def test_it_ignores_a_filter_that_is_not_valid(world: World) -> None:
    _award(world)

    response = world.client("member").get("/awards/", {"year": "hai nghìn", "cluster": "x"})

    assert response.status_code == 200
    assert response.content.decode().count('data-testid="award-row"') == 1


def test_it_counts_awards_per_cluster_and_title(world: World) -> None:
    _award(world)
    _award(world, unit="TNH", decision_number="1521/QĐ-BCA")
    _award(world, "bk-bo-truong", "SLA", by=world["admin"])
    _award(world, "bk-bo-truong", "BPC", year=2023, decision_date=dt.date(2024, 1, 5))

    table = domain.award_counts(user=world["leader"], year=2024)
    html = world.client("leader").get("/awards/counts/", {"year": 2024}).content.decode()

    assert [t.code for t in table.titles] == ["min", "bk-bo-truong"]
    assert [(r.cluster.number if r.cluster else None, r.counts) for r in table.rows] == [
        (2, (0, 1)),
        (10, (2, 0)),
    ]
    assert (table.totals, table.total) == ((2, 1), 3)
    assert 'data-testid="count-total">3<' in html


def test_it_lists_a_units_awards_over_the_years(world: World) -> None:
    _award(world)
    _person(world, "Nguyễn Văn An")
    _award(world, "bk-thu-tuong", year=2023, decision_date=dt.date(2023, 12, 6))

    html = world.client("outsider").get(f"/awards/unit/{world.units['LAN'].pk}/").content.decode()

    assert html.count('data-testid="award-year"') == 2
    assert html.index("Năm 2024") < html.index("Năm 2023")
    assert "Thượng tá Nguyễn Văn An, Trưởng phòng" in html


def test_it_links_a_units_awards_from_its_page(world: World) -> None:
    unit = world.units["LAN"]

    html = world.client("member").get(f"/org/units/{unit.pk}/").content.decode()

    assert f'href="/awards/unit/{unit.pk}/"' in html


# ---------------------------------------------------------------------------------------
# The Excel export


def test_it_exports_the_filtered_list_to_excel(world: World) -> None:
    from openpyxl import load_workbook

    _award(world)
    _person(world, '=HYPERLINK("http://x")', unit="TNH")
    _award(world, year=2023, unit="DNI", decision_date=dt.date(2024, 1, 3), cluster=None)

    response = world.client("leader").get("/awards/khen-thuong.xlsx", {"year": 2024})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="khen-thuong-2024.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0][:6] == [
        "STT",
        "Năm thành tích",
        "Danh hiệu, hình thức khen thưởng",
        "Loại",
        "Đối tượng",
        "Họ và tên",
    ]
    assert len(rows) == 3
    by_unit = {row[8]: row for row in rows[1:]}
    lan = by_unit["Công an tỉnh Long An"]
    assert lan[1:5] == [2024, "Cờ thi đua của Bộ Công an", "Danh hiệu tập thể", "Tập thể"]
    assert (lan[9], lan[10], lan[11].date(), lan[12]) == (
        "Cụm thi đua số 10 (2024)", "1520/QĐ-BCA", dt.date(2025, 3, 10), "Bộ trưởng Bộ Công an",
    )  # fmt: skip
    assert sheet.cell(row=5, column=12).number_format == "DD/MM/YYYY"
    assert by_unit["Công an tỉnh Tây Ninh"][5] == '\'=HYPERLINK("http://x")'


# ---------------------------------------------------------------------------------------
# Recording and correcting through the pages


def _form(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": world.title("min").pk,
        "recipient": "unit",
        "unit": world.units["LAN"].pk,
        "year": "2024",
        "decision_number": "1520/QĐ-BCA",
        "decision_date": "10/03/2025",
        "granting_authority": "",
        "cluster": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_it_records_an_award_with_its_decision_file(world: World) -> None:
    data = _form(world, file=SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf"))

    response = world.client("office").post("/awards/new/", data)

    award = Award.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/awards/{award.pk}/"
    download: Any = world.client("outsider").get(f"/awards/{award.pk}/file/")
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"decision_date": "31/12/2023"}, "Ngày quyết định 31/12/2023 trước năm thành tích 2024."),
        ({"decision_date": "31/02/2025"}, "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy"),
        ({"year": "năm ngoái"}, "Năm phải là một số nguyên, ví dụ 2024."),
        (
            {"recipient": "person", "person_name": "Nguyễn Văn An"},
            "là danh hiệu tập thể: không tặng cho cá nhân.",
        ),
        ({"unit": "NEW"}, "chưa được thành lập trong năm 2024"),
    ],
)
def test_it_shows_what_is_wrong_and_saves_nothing(
    world: World, overrides: dict[str, Any], message: str
) -> None:
    if overrides.get("unit") == "NEW":
        overrides["unit"] = world.units["NEW"].pk

    response = world.client("office").post("/awards/new/", _form(world, **overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Award.objects.count() == 0


def test_it_refuses_a_disguised_file_on_the_page(world: World, settings: Any) -> None:
    upload = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00evil", content_type="application/pdf")

    response = world.client("office").post("/awards/new/", _form(world, file=upload))

    assert "không phải là tệp .pdf như tên của nó" in response.content.decode()
    assert Award.objects.count() == 0


def test_it_drops_the_persons_fields_of_a_collective(world: World) -> None:
    world.client("office").post("/awards/new/", _form(world, person_name="Bỏ qua"))

    assert Award.objects.get().person_name == ""


def test_it_asks_for_a_reason_to_correct_an_award(world: World) -> None:
    award = _award(world)
    data = _form(world, decision_number="1521/QĐ-BCA", version="1", cluster=world.cluster.pk)

    refused = world.client("office").post(f"/awards/{award.pk}/edit/", data)
    done = world.client("office").post(
        f"/awards/{award.pk}/edit/", {**data, "reason": "Ghi sai số"}
    )

    assert "Hãy nêu lý do sửa khen thưởng." in refused.content.decode()
    assert done.status_code == 302
    award.refresh_from_db()
    assert (award.decision_number, award.history.first().history_change_reason) == (
        "1521/QĐ-BCA",
        "Ghi sai số",
    )


def test_it_tells_a_stale_editor_who_saved_in_between(world: World) -> None:
    award = _award(world)
    domain.award_update(award=award, by=world["admin"], expected_version=1, reason="x", note="a")
    data = _form(world, version="1", reason="y", cluster=world.cluster.pk)

    response = world.client("office").post(f"/awards/{award.pk}/edit/", data)

    assert "vừa được" in response.content.decode()
    assert Award.objects.get(pk=award.pk).version == 2


def test_it_deletes_with_a_reason(world: World) -> None:
    award = _award(world)

    refused = world.client("office").post(f"/awards/{award.pk}/delete/", {"version": 1})
    done = world.client("office").post(
        f"/awards/{award.pk}/delete/", {"version": 1, "reason": "Ghi trùng"}
    )

    assert refused.status_code == 302
    assert done.status_code == 302
    assert done["Location"] == "/awards/"
    assert Award.objects.count() == 0


def test_it_manages_the_catalogue_through_its_pages(world: World) -> None:
    title = world.title("giay-khen")
    data = {
        "code": "giay-khen", "name": "Giấy khen", "kind": "commendation", "recipient": "any",
        "level": "unit_head", "authority": "Giám đốc Công an tỉnh", "order": "130", "active": "on",
        "version": "1",
    }  # fmt: skip

    response = world.client("office").post(f"/awards/titles/{title.pk}/edit/", data)

    assert response.status_code == 302
    assert Title.objects.get(pk=title.pk).granting_authority == "Giám đốc Công an tỉnh"
    assert world.client("head").get(f"/awards/titles/{title.pk}/edit/").status_code == 403


# ---------------------------------------------------------------------------------------
# Proposals


def test_it_lets_a_unit_officer_draft_a_proposal_for_its_unit(world: World) -> None:
    page = world.client("member").get(f"/awards/proposals/new/{world.cluster.pk}/")
    data = {
        "title": world.title("cstd-cand").pk, "recipient": "person", "unit": world.units["BPC"].pk,
        "person_name": "Nguyễn Hữu Phước", "person_rank": "Thiếu tá", "person_position": "Đội trưởng",
        "proposed_at": "25/11/2024", "achievements": "Triệt phá 3 chuyên án",
    }  # fmt: skip

    response = world.client("member").post(f"/awards/proposals/new/{world.cluster.pk}/", data)

    assert 'data-testid="proposal-form"' in page.content.decode()
    proposal = Proposal.objects.get()
    assert response["Location"] == f"/awards/proposals/{proposal.pk}/"
    assert (proposal.unit.code, proposal.person_label) == (
        "BPC",
        "Thiếu tá Nguyễn Hữu Phước, Đội trưởng",
    )


def test_it_hides_a_clusters_proposals_from_other_clusters(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.first()
    assert proposal is not None

    listed = world.client("outsider").get("/awards/proposals/").content.decode()
    detail = world.client("outsider").get(f"/awards/proposals/{proposal.pk}/")

    assert 'data-testid="proposal-row"' not in listed
    assert detail.status_code == 404
    assert world.client("leader").get(f"/awards/proposals/{proposal.pk}/").status_code == 200


def test_it_shows_each_role_the_actions_it_may_take(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.get(title__code="gov")

    head = world.client("head").get(f"/awards/proposals/{proposal.pk}/").content.decode()
    leader = world.client("leader").get(f"/awards/proposals/{proposal.pk}/").content.decode()
    domain.proposal_submit(
        proposal=proposal, by=world["head"], expected_version=1, submitted_at=dt.date(2024, 11, 28)
    )
    office = world.client("office").get(f"/awards/proposals/{proposal.pk}/").content.decode()

    assert 'data-testid="proposal-submit"' in head
    assert 'data-testid="proposal-grant"' not in head
    assert "proposal-submit" not in leader
    assert "proposal-edit" not in leader
    assert 'data-testid="proposal-grant"' in office
    assert 'data-testid="proposal-reject"' in office


def test_it_takes_a_proposal_through_the_pages(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.get(title__code="gov")
    url = f"/awards/proposals/{proposal.pk}/action/"

    world.client("head").post(url + "submit/", {"version": 1, "submitted_at": "28/11/2024"})
    early = world.client("office").post(
        url + "grant/",
        {"version": 2, "decision_number": "612/QĐ-TTg", "decision_date": "01/11/2024"},
    )
    done = world.client("office").post(
        url + "grant/",
        {
            "version": 2, "decision_number": "612/QĐ-TTg", "decision_date": "05/05/2025",
            "file": SimpleUploadedFile("qd.pdf", PDF),
        },
    )  # fmt: skip

    assert early.status_code == 400
    assert "Ngày quyết định 01/11/2024 trước ngày đề nghị 23/11/2024." in early.content.decode()
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "granted"
    assert proposal.award is not None
    assert (proposal.award.decision_number, proposal.award.file_name) == ("612/QĐ-TTg", "qd.pdf")


def test_it_refuses_a_stale_action_with_a_message(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.get(title__code="gov")

    response = world.client("head").post(
        f"/awards/proposals/{proposal.pk}/action/submit/", {"version": 7}
    )

    assert response.status_code == 400
    assert "vừa được" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == "proposed"


# ---------------------------------------------------------------------------------------
# Query counts (two sizes)


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _people(world: World, start: int, count: int) -> None:
    for n in range(start, start + count):
        _person(world, f"Người {n}", unit=("LAN", "TNH", "DNI")[n % 3])


@pytest.mark.parametrize(
    "url", ["/awards/", "/awards/counts/?year=2024", "/awards/khen-thuong.xlsx"]
)
def test_it_lists_awards_in_a_fixed_number_of_queries(world: World, url: str) -> None:
    _people(world, 0, 2)
    client = world.client("leader")
    small = _queries(client, url)
    _people(world, 2, 12)

    assert _queries(client, url) == small


def test_it_lists_a_units_awards_in_a_fixed_number_of_queries(world: World) -> None:
    url = f"/awards/unit/{world.units['LAN'].pk}/"
    _people(world, 0, 3)
    small = _queries(world.client("leader"), url)
    _people(world, 3, 12)

    assert _queries(world.client("leader"), url) == small


def test_it_lists_proposals_in_a_fixed_number_of_queries(world: World) -> None:
    def propose(names: range) -> None:
        for n in names:
            domain.proposal_create(
                cluster=world.cluster, title=world.title("cstd-cand"), unit=world.units["DNI"],
                recipient="person", person_name=f"Người {n}", proposed_at=dt.date(2024, 11, 25),
                by=world["head"],
            )  # fmt: skip

    propose(range(2))
    small = _queries(world.client("leader"), "/awards/proposals/")
    propose(range(2, 14))

    assert _queries(world.client("leader"), "/awards/proposals/") == small


# ---------------------------------------------------------------------------------------
# The home page


def test_it_tells_the_head_what_to_submit_and_the_office_what_to_decide(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.get(title__code="gov")
    domain.proposal_submit(
        proposal=proposal, by=world["head"], expected_version=1, submitted_at=dt.date(2024, 11, 28)
    )

    head = [item.title for item in domain.pending_items(world["head"])]
    office = [item.title for item in domain.pending_items(world["office"])]
    home = world.client("office").get("/").content.decode()

    assert head == ["Trình Hội đồng: 3 hồ sơ đề nghị của Cụm thi đua số 10 (2024)"]
    assert office == ["Ghi nhận kết quả khen thưởng: 1 hồ sơ của Cụm thi đua số 10 (2024)"]
    assert "Ghi nhận kết quả khen thưởng: 1 hồ sơ" in home
    assert domain.pending_items(world["leader"]) == []
    assert domain.pending_items(world["member"]) == []
