"""Files the users upload: where they are kept and how they are sent back.

The checks of what is uploaded (type, size, first bytes) are `check_upload` in
thidua/reporting/domain/evidence.py; this module is the storage side every app shares.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from functools import partial
from pathlib import PurePosixPath

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def stored_name(folder: str, filename: str, allowed: Collection[str]) -> str:
    """A path of our own making: nothing of the uploaded name but a known extension.

    The name typed by the user is kept beside the file for display only, so a name like
    "../../settings.py" or "báo cáo.pdf.exe" can never choose where the file lands.
    """
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower().lstrip(".")
    suffix = f".{extension}" if extension in allowed else ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def stream_file(
    stored: FieldFile, *, filename: str, content_type: str, as_attachment: bool = True
) -> FileResponse:
    """The stored file streamed to a reader the caller has let through; 404 when it is gone.

    Never served from a public folder, and never sniffed into another type by the browser.
    """
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def delete_on_commit(storage: Storage, name: str | None) -> None:
    """Delete a stored file once the change that removes or replaces it is committed.

    A rolled-back change keeps its file; nothing happens for an empty name.
    """
    if name:
        transaction.on_commit(partial(storage.delete, name))
