"""Downloads of a covenant as a Word file and as a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from thidua.core.documents import download
from thidua.covenants import access, documents


@login_required
def covenant_docx(request: HttpRequest, pk: int) -> FileResponse:
    covenant = access.get_covenant_for_user(request.user, pk)
    document = documents.covenant_document(covenant)
    return download(
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
    return download(
        documents.render_pdf(document),
        stem=document.filename,
        display_name=document.display_name,
        extension="pdf",
        content_type=documents.PDF_CONTENT_TYPE,
    )
