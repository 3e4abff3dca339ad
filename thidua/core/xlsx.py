"""Excel files in and out, safely: the guards every .xlsx upload goes through.

An .xlsx is a zip of XML files, so an upload is checked before openpyxl sees it:

- its size against `settings.UPLOAD_MAX_BYTES`, read with a bound (never the whole stream);
- its archive: a bounded number of entries whose declared sizes add up to at most
  `EXPANSION_FACTOR` times the upload limit (a zip bomb is refused before it is inflated);
- its XML: no DTD, hence no entity expansion ("billion laughs") and no external entity,
  whichever XML parser openpyxl picks.

On the way out, `safe_cell_text` keeps text that a user typed from running as a formula
(CSV/formula injection) in a workbook we export.

Every refusal is an `UploadRefused` whose message is for the user (translated). openpyxl
is imported inside the functions that use it (it is heavy and only needed here).
"""

from __future__ import annotations

import io
import logging
import zipfile
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from thidua.core.documents import attachment_disposition
from thidua.engine.text import fold

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A genuine workbook is mostly XML that compresses about ten times; anything that would
# inflate beyond ten times the upload limit is refused before it is decompressed.
EXPANSION_FACTOR = 10
MAX_ZIP_ENTRIES = 500
# Spreadsheet XML never needs a DTD; refusing one rules out entity expansion and
# external entities whichever XML parser openpyxl picks.
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
# What a spreadsheet reads as the start of a formula (or of a DDE payload).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class RowError(NamedTuple):
    """One problem found in an uploaded workbook, for the user.

    sheet: the sheet's name ("" for the whole file); row: its row number (None for the
    whole sheet or file); column: its letter ("" for the whole row).
    """

    sheet: str
    row: int | None
    column: str
    message: str


class UploadRefused(Exception):
    """The upload cannot be read as a safe .xlsx; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def not_xlsx_message() -> str:
    return _("Tệp không phải là bảng tính Excel .xlsx hợp lệ, hoặc đã bị hỏng.")


def safe_cell_text(value: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula (CSV/formula injection).

    A leading "=", "+", "-", "@", tab or carriage return gets an apostrophe in front, as
    Excel itself shows text typed with one.
    """
    if value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def original_cell_text(value: str) -> str:
    """The text `safe_cell_text` was given back from the cell it wrote: "'=x" → "=x".

    For a round trip (export, edit, import) that must not add an apostrophe each time.
    """
    if value.startswith("'") and value[1:].startswith(_FORMULA_PREFIXES):
        return value[1:]
    return value


def cell_text(value: Any) -> str:
    """A cell's value read as text: "" for an empty cell, 12.0 as "12", stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def column_letter(index: int) -> str:
    """The letter of the 0-based column `index`: 0 → "A", 26 → "AA"."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


class Rollback(Exception):
    """Raised inside an import's transaction to undo it when any row failed."""


def read_upload(file: IO[bytes] | Any, *, limit: int | None = None) -> bytes:
    """The bytes of an uploaded .xlsx, read up to `limit` (default UPLOAD_MAX_BYTES).

    Refuses a name that does not end in .xlsx, an empty file and one over the limit (told
    by the declared size, then by reading at most one byte more than the limit).
    """
    limit = settings.UPLOAD_MAX_BYTES if limit is None else limit
    too_big = _("Tệp lớn hơn giới hạn %(size)s MB.") % {"size": limit // (1024 * 1024) or 1}
    name = str(getattr(file, "name", "") or "")
    if name and not name.lower().endswith(".xlsx"):
        raise UploadRefused(
            _("Chỉ nhận tệp Excel dạng .xlsx (tệp đã chọn: %(name)s).") % {"name": name}
        )
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        raise UploadRefused(too_big)
    if hasattr(file, "seek"):
        file.seek(0)
    content: bytes = file.read(limit + 1)
    if len(content) > limit:
        raise UploadRefused(too_big)
    if not content:
        raise UploadRefused(_("Tệp rỗng."))
    return content


def check_archive(
    content: bytes,
    *,
    limit: int | None = None,
    expansion_factor: int = EXPANSION_FACTOR,
    max_entries: int = MAX_ZIP_ENTRIES,
) -> None:
    """Refuse a zip bomb, an archive that is not a workbook, and XML that declares a DTD.

    `limit` is the upload limit (default UPLOAD_MAX_BYTES); the archive may declare at most
    `expansion_factor` times that once inflated, in at most `max_entries` entries.
    """
    limit = settings.UPLOAD_MAX_BYTES if limit is None else limit
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            # Python's zipfile never inflates an entry beyond its declared size (it stops
            # and fails the CRC check), so the declared sizes are a safe bound.
            expanded = sum(entry.file_size for entry in entries)
            inflated_limit = limit * expansion_factor
            if len(entries) > max_entries or expanded > inflated_limit:
                raise UploadRefused(
                    _(
                        "Tệp giải nén ra quá lớn (%(size)s MB, tối đa %(limit)s MB); "
                        "có thể là tệp độc hại. Hãy dùng tệp mẫu."
                    )
                    % {
                        "size": expanded // (1024 * 1024),
                        "limit": inflated_limit // (1024 * 1024),
                    }
                )
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise UploadRefused(not_xlsx_message())
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")) and has_dtd(archive, entry):
                    raise UploadRefused(not_xlsx_message())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise UploadRefused(not_xlsx_message()) from None


def has_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether the entry's XML declares a DTD or an entity (read in chunks, never whole)."""
    tail = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(1 << 16):
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                return True
            tail = window[-16:]
    return False


def open_workbook(content: bytes) -> Workbook:
    """The checked bytes as a read-only openpyxl workbook (values, not formulas).

    Call `check_archive` first. The caller closes the workbook. Anything openpyxl trips on
    is a damaged or foreign file, which the user must hear about, not a server error.
    """
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        logger.info("xlsx upload: openpyxl cannot read the workbook", exc_info=True)
        raise UploadRefused(not_xlsx_message()) from None


def load_upload(file: IO[bytes] | Any) -> Workbook:
    """An uploaded file, read, checked and opened read-only; raises UploadRefused."""
    content = read_upload(file)
    check_archive(content)
    return open_workbook(content)


def xlsx_response(content: bytes, *, display_name: str, fallback: str) -> HttpResponse:
    """A workbook to download, named `display_name` ("Báo cáo Tây Ninh – Tháng 1/2024"; a
    slash becomes "-") and, for old clients, its ASCII folding (`fallback` if none is left)."""
    name = display_name.replace("/", "-")
    folded = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in fold(name))
    stem = "-".join(folded.split()) or fallback
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Length"] = str(len(content))
    response["Content-Disposition"] = attachment_disposition(stem, name, "xlsx")
    return response
