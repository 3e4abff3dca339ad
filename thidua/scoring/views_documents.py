"""Downloads of a cluster's score table and ranking: Excel, Word and PDF.

Whoever may read the cluster's scores may download them (thidua.scoring.access: its
members, the managing office, administrators); anybody else gets 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET

from thidua.core.documents import download
from thidua.scoring import access, documents


def _score_table(
    request: HttpRequest,
    covenant_pk: int,
    *,
    render: Callable[[documents.ScoreDocument], bytes],
    extension: str,
    content_type: str,
) -> FileResponse:
    covenant = access.get_covenant_for_user(request.user, covenant_pk)
    document = documents.score_document(covenant)
    return download(
        render(document),
        stem=document.filename,
        display_name=document.display_name,
        extension=extension,
        content_type=content_type,
    )


@login_required
@require_GET
def score_table_xlsx(request: HttpRequest, covenant_pk: int) -> FileResponse:
    return _score_table(
        request,
        covenant_pk,
        render=documents.render_xlsx,
        extension="xlsx",
        content_type=documents.XLSX_CONTENT_TYPE,
    )


@login_required
@require_GET
def score_table_docx(request: HttpRequest, covenant_pk: int) -> FileResponse:
    return _score_table(
        request,
        covenant_pk,
        render=documents.render_docx,
        extension="docx",
        content_type=documents.DOCX_CONTENT_TYPE,
    )


@login_required
@require_GET
def score_table_pdf(request: HttpRequest, covenant_pk: int) -> FileResponse:
    return _score_table(
        request,
        covenant_pk,
        render=documents.render_pdf,
        extension="pdf",
        content_type=documents.PDF_CONTENT_TYPE,
    )
