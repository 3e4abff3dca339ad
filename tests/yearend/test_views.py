"""The year-end report's pages: the list of clusters, the printable report, the Word file."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.scoring.world import World
from thidua.org import domain as org
from thidua.org.models import ClusterLevel, RoleKind, Unit, UnitKind

MEMBERS_AND_OFFICE = ("officer:TNH", "officer:BDG", "leader:TNH", "office", "admin")


def _client(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.users[key])
    return client


def _page(world: World) -> str:
    return f"/year-end/cluster/{world.cluster.pk}/"


def _docx(world: World) -> str:
    return f"/year-end/cluster/{world.cluster.pk}/bao-cao-tong-ket.docx"


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# ---------------------------------------------------------------------------------------
# The report page


def test_it_shows_the_report_to_a_member_with_the_word_download(year: World) -> None:
    response = _client(year, "officer:LAN").get(_page(year))

    assert response.status_code == 200
    html = _text(response)
    assert "BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA NĂM 2024" in html
    assert "Long An (95,57%), Tây Ninh (93,1%), Bình Dương (90,2%)" in html
    assert f'href="{_docx(year)}"' in html
    assert "Tải Word" in html
    assert "TM. CỤM THI ĐUA" in html
    assert "CÔNG AN TỈNH TÂY NINH" in html
    # Styles and behaviour come from files (strict CSP): no inline style or script.
    assert "/static/css/yearend.css" in html
    assert "/static/js/yearend.js" in html
    assert " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None


def test_it_prints_the_tables_of_the_report(year: World) -> None:
    html = _text(_client(year, "office").get(_page(year)))

    ranking = re.search(r'data-testid="ye-table-ranking">(.*?)</table>', html)
    assert ranking is not None
    assert re.findall(r"<td class=\"ye-left\">(Công an tỉnh [^<]+)</td>", ranking.group(1))[0] == (
        "Công an tỉnh Long An"
    )
    vote = re.search(r'data-testid="ye-table-vote">(.*?)</table>', html)
    assert vote is not None
    assert 'rowspan="3">Cờ thi đua của Chính phủ</td>' in vote.group(1)


@pytest.mark.parametrize("key", MEMBERS_AND_OFFICE)
def test_it_lets_the_clusters_members_office_and_admins_read_it(year: World, key: str) -> None:
    client = _client(year, key)

    assert client.get(_page(year)).status_code == 200
    assert client.get(_docx(year)).status_code == 200


def test_it_hides_the_report_from_another_cluster(year: World) -> None:
    client = _client(year, "outsider")

    assert client.get(_page(year)).status_code == 404
    assert client.get(_docx(year)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(year: World) -> None:
    for url in (_page(year), _docx(year), "/year-end/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response.headers["Location"]


def test_it_refuses_writes(year: World) -> None:
    response = _client(year, "office").post(_page(year))

    assert response.status_code == 405


def test_it_downloads_the_word_file_with_an_ascii_and_a_vietnamese_name(year: World) -> None:
    response = _client(year, "officer:TNH").get(_docx(year))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bao-cao-tong-ket-cum-10-2024.docx"; ')
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20k%E1%BA%BFt" in disposition
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content[:2] == b"PK"
    assert int(response["Content-Length"]) == len(content)


# ---------------------------------------------------------------------------------------
# The list of clusters


def test_it_lists_the_clusters_whose_report_the_user_may_read(year: World) -> None:
    member = _text(_client(year, "officer:BDG").get("/year-end/"))
    outsider = _text(_client(year, "outsider").get("/year-end/"))

    assert f'href="{_page(year)}"' in member
    assert "Tây Ninh" in member  # the head
    assert f'href="{_page(year)}"' not in outsider
    assert 'data-testid="yearend-empty"' in outsider


def test_it_filters_the_list_by_year(year: World) -> None:
    client = _client(year, "office")

    assert f'href="{_page(year)}"' in _text(client.get("/year-end/", {"year": "2024"}))
    assert f'href="{_page(year)}"' not in _text(client.get("/year-end/", {"year": "2023"}))
    assert client.get("/year-end/", {"year": "năm"}).status_code == 200


def _index_queries(client: Client, office: Unit, count: int) -> int:
    year = 2030 + count
    for number in range(1, count + 1):
        cluster = org.cluster_create(
            year=year, level=ClusterLevel.MINISTRY, number=number, managing_office=office
        )
        unit = org.unit_create(
            code=f"Y{year}-{number}", name=f"Công an tỉnh Thử {year} {number}",
            kind=UnitKind.PROVINCIAL_POLICE,
        )  # fmt: skip
        org.membership_add(cluster=cluster, unit=unit)
        org.role_assign(cluster=cluster, unit=unit, role=RoleKind.HEAD)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/year-end/", {"year": year})
    assert response.content.decode().count('data-testid="yearend-cluster"') == count
    return len(queries.captured_queries)


def test_it_lists_clusters_in_the_same_number_of_queries_whatever_their_number(
    year: World,
) -> None:
    client = _client(year, "office")

    assert _index_queries(client, year.office, 2) == _index_queries(client, year.office, 7)


# ---------------------------------------------------------------------------------------
# Links from the rest of the application


def test_it_links_the_report_from_the_cluster_page_for_those_who_may_read_it(
    year: World,
) -> None:
    url = f"/org/clusters/{year.cluster.pk}/"

    member = _client(year, "officer:BDG").get(url)
    outsider = _client(year, "outsider").get(url)

    assert member.status_code == outsider.status_code == 200
    assert f'href="{_page(year)}" data-testid="year-end-report"' in _text(member)
    assert 'data-testid="year-end-report"' not in _text(outsider)


def test_it_adds_the_year_end_entry_to_the_navigation(year: World) -> None:
    html = _text(_client(year, "leader:TNH").get("/"))

    assert re.search(r'href="/year-end/">\s*Tổng kết\s*</a>', html) is not None
