"""Downloads of a covenant as a Word file and as a PDF."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from thidua.covenants import access, documents


def _download(
    content: bytes, *, stem: str, display_name: str, extension: str, content_type: str
) -> FileResponse:
    response = FileResponse(io.BytesIO(content), content_type=content_type)
    response["Content-Length"] = str(len(content))
    # An ASCII name for old clients, and the Vietnamese one (RFC 6266) for the others.
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}.{extension}"; '
        f"filename*=UTF-8''{quote(f'{display_name}.{extension}')}"
    )
    return response


@login_required
def covenant_docx(request: HttpRequest, pk: int) -> FileResponse:
    covenant = access.get_covenant_for_user(request.user, pk)
    document = documents.covenant_document(covenant)
    return _download(
        documents.render_docx(document),
        stem=document.filename,
        display_name=document.display_name,
        extension="docx",
        content_type=documents.DOCX_CONTENT_TYPE,
    )


@login_required
def covenant_pdf(request: HttpRequest, pk: int) -> FileResponse:
    covenant = access.get_covenant_for_user(request.user, pk)
    document = documents.covenant_document(covenant)
    return _download(
        documents.render_pdf(document),
        stem=document.filename,
        display_name=document.display_name,
        extension="pdf",
        content_type=documents.PDF_CONTENT_TYPE,
    )
