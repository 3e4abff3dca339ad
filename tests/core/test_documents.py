"""The shared parts of the administrative documents (thidua.core.documents)."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

import pytest

from thidua.core import documents


def test_it_writes_the_date_the_way_decree_30_does() -> None:
    assert documents.vietnamese_date(dt.date(2025, 2, 4), 2025) == "ngày 04 tháng 02 năm 2025"
    assert documents.vietnamese_date(dt.date(2025, 3, 14), 2025) == "ngày 14 tháng 3 năm 2025"
    assert documents.vietnamese_date(dt.date(2024, 11, 3), 2024) == "ngày 03 tháng 11 năm 2024"
    assert documents.vietnamese_date(None, 2025) == "ngày …… tháng …… năm 2025"


def test_it_refuses_to_fetch_anything_but_project_files() -> None:
    fetcher = documents.url_fetcher()

    with pytest.raises(ValueError, match="local files only"):
        fetcher.fetch("https://fonts.example.test/times.ttf")
    with pytest.raises(ValueError, match="local files only"):
        fetcher.fetch("file:///etc/passwd")


def test_it_dates_every_entry_of_a_zip_with_the_documents_day() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.xml", "<a/>")
        archive.writestr("b.xml", "<b/>")

    dated = documents.dated_zip(out.getvalue(), dt.date(2024, 11, 22))

    entries = zipfile.ZipFile(BytesIO(dated)).infolist()
    assert [(e.filename, e.date_time) for e in entries] == [
        ("a.xml", (2024, 11, 22, 0, 0, 0)),
        ("b.xml", (2024, 11, 22, 0, 0, 0)),
    ]


def test_it_names_a_download_in_ascii_and_in_utf8() -> None:
    response = documents.download(
        b"x", stem="bang-diem", display_name="Bảng điểm", extension="pdf",
        content_type=documents.PDF_CONTENT_TYPE,
    )  # fmt: skip

    assert response["Content-Disposition"] == (
        "attachment; filename=\"bang-diem.pdf\"; filename*=UTF-8''B%E1%BA%A3ng%20%C4%91i%E1%BB%83m.pdf"
    )
    assert response["Content-Length"] == "1"
