"""Pages of the vote: list, setup, ballot and receipt, conference screen, results, minutes.

Thin: authorize through thidua.voting.access, call thidua.voting.domain (through the
forms), render. Nothing here reads ballots; results come from domain.vote_result, which
refuses before the close.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.forms import submit
from thidua.core.htmx import is_partial
from thidua.voting import access, domain, forms, ranking
from thidua.voting.models import PaperTally, Vote, VoteMethod

PAGE_SIZE = 50
# The conference screen asks for the turnout this often (seconds).
TURNOUT_POLL_SECONDS = 4


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _refused(request: HttpRequest, vote: Vote | None, message: str, status: int) -> HttpResponse:
    context = {"vote": vote, "message": message}
    return render(request, "voting/refused.html", context, status=status)


_REFUSAL_STATUS = {"not_eligible": 403, "paper_vote": 409, "busy": 503}


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# ---------------------------------------------------------------------------------------
# List and setup


@login_required
@require_GET
def vote_list(request: HttpRequest) -> HttpResponse:
    votes = domain.with_counts(
        access.votes_visible_to(request.user).select_related("cluster")
    ).order_by("-conference_date", "-round", "-id")
    page = Paginator(votes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_create": access.clusters_runnable_by(request.user).exists(),
    }
    response = render(
        request,
        "voting/vote_list.html#results" if is_partial(request) else "voting/vote_list.html",
        context,
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def vote_create(request: HttpRequest) -> HttpResponse:
    clusters = access.clusters_runnable_by(request.user)
    if not clusters.exists():
        raise PermissionDenied
    form = forms.VoteCreateForm(_posted(request), clusters=clusters, by=request.user)
    if request.method == "POST" and form.is_valid():
        # The chosen cluster goes through the accessor like every other object.
        access.get_cluster_for_new_vote(request.user, form.cleaned_data["cluster"].pk)
        if (vote := submit(form)) is not None:
            messages.success(
                request,
                _(
                    "Đã tạo cuộc bỏ phiếu. Hãy kiểm tra danh hiệu, đơn vị được bình xét "
                    "và đại biểu trước khi mở."
                ),
            )
            return redirect("voting:vote_detail", pk=vote.pk)
    return render(request, "voting/vote_create.html", {"form": form})


@login_required
@require_GET
def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk)
    can_run = access.can_run_vote(request.user, vote)
    titles = list(vote.titles.select_related("requires"))
    standings = ranking.ranking_for(vote.cluster)
    candidates = [
        {"unit": c.unit, "standing": standings.get(c.unit_id)}
        for c in vote.candidates.select_related("unit").order_by("unit__sort_name")
    ]
    paper = (
        PaperTally.objects.filter(vote=vote).select_related("entered_by", "confirmed_by").first()
    )
    turnout = domain.turnout(vote=vote)
    context = {
        "vote": vote,
        "titles": titles,
        "candidates": candidates,
        "turnout": turnout,
        "casting": domain.casting_state(vote=vote, user=request.user),
        "can_run": can_run,
        "roll": domain.voter_roll(vote=vote) if can_run else [],
        "problems": domain.open_problems(vote) if can_run and vote.is_draft else [],
        "paper": paper if can_run else None,
        "can_confirm": access.can_confirm_paper(request.user, vote, paper),
        "result_available": domain.result_available(vote),
        "runoffs": list(vote.runoffs.order_by("round", "pk")),
        "approval_needed": domain.votes_needed(domain.approval_of(vote), turnout.eligible),
        "quorum_needed": domain.votes_needed(domain.quorum_of(vote), vote.member_units),
    }
    return render(request, "voting/vote_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vote_settings(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk, write=True)
    form = forms.VoteSettingsForm(_posted(request), vote=vote, by=request.user)
    if request.method == "POST" and submit(form) is not None:
        messages.success(request, _("Đã lưu cấu hình cuộc bỏ phiếu."))
        return redirect("voting:vote_detail", pk=vote.pk)
    return render(request, "voting/vote_settings.html", {"vote": vote, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def vote_roll(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk, write=True)
    if not vote.is_draft:
        messages.error(request, _("Cuộc bỏ phiếu đã mở; không thể đổi đơn vị và đại biểu."))
        return redirect("voting:vote_detail", pk=vote.pk)
    form = forms.VoteRollForm(_posted(request), vote=vote, by=request.user)
    if request.method == "POST" and submit(form) is not None:
        messages.success(request, _("Đã lưu danh sách đơn vị và đại biểu."))
        return redirect("voting:vote_detail", pk=vote.pk)
    return render(request, "voting/vote_roll.html", {"vote": vote, "form": form})


@login_required
@require_POST
def vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk, write=True)
    try:
        domain.vote_open(vote=vote, by=request.user)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã mở bỏ phiếu. Các đại biểu có thể bỏ phiếu."))
    return redirect("voting:vote_detail", pk=vote.pk)


@login_required
@require_POST
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk, write=True)
    try:
        domain.vote_close(vote=vote, by=request.user)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        if vote.method == VoteMethod.PAPER:
            messages.success(request, _("Đã kết thúc bỏ phiếu. Hãy nhập kết quả kiểm phiếu."))
            return redirect("voting:paper", pk=vote.pk)
        messages.success(request, _("Đã kết thúc bỏ phiếu; kết quả đã được công bố."))
    return redirect("voting:vote_detail", pk=vote.pk)


@login_required
@require_POST
def runoff_create(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk, write=True)
    try:
        runoff = domain.vote_start_runoff(
            vote=vote, title_code=request.POST.get("title", ""), by=request.user
        )
    except domain.ResultNotAvailable as refusal:
        messages.error(request, refusal.message)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Đã tạo vòng bỏ phiếu lại; hãy kiểm tra và mở khi hội nghị sẵn sàng.")
        )
        return redirect("voting:vote_detail", pk=runoff.pk)
    return redirect("voting:result", pk=vote.pk)


# ---------------------------------------------------------------------------------------
# The ballot


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk)
    state = domain.casting_state(vote=vote, user=request.user)
    if state.refusal is not None:
        status = _REFUSAL_STATUS.get(state.refusal.code, 409)
        return _refused(request, vote, state.refusal.message, status)
    form = forms.BallotForm(
        _posted(request), vote=vote, standings=ranking.ranking_for(vote.cluster)
    )
    if request.method == "POST" and form.is_valid():
        try:
            receipt = domain.ballot_cast(vote=vote, user=request.user, choices=form.choices())
        except domain.BallotRefused as refusal:
            if refusal.code != "invalid_ballot":
                return _refused(
                    request, vote, refusal.message, _REFUSAL_STATUS.get(refusal.code, 409)
                )
            form.add_error(None, refusal.message)
        else:
            # Rendered, not redirected: the receipt is never stored with the voter, not even
            # in the session, so this response is the only place it appears.
            context = {
                "vote": vote,
                "receipt": receipt,
                "unit": state.record.unit if state.record else None,
            }
            return render(request, "voting/receipt.html", context)
    context = {"vote": vote, "form": form, "unit": state.record.unit if state.record else None}
    return render(request, "voting/ballot.html", context)


# ---------------------------------------------------------------------------------------
# The conference screen


def _screen_context(request: HttpRequest, vote: Vote) -> dict[str, Any]:
    available = domain.result_available(vote)
    outcome = domain.vote_result(vote=vote) if available else None
    return {
        "vote": vote,
        "state": f"{vote.status}-{int(available)}",
        "turnout": domain.turnout(vote=vote),
        "outcome": outcome,
        "now": timezone.now(),
        "poll_seconds": TURNOUT_POLL_SECONDS,
        "dark": request.GET.get("theme", "dark") != "light",
    }


@never_cache
@login_required
@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk)
    return render(request, "voting/projector.html", _screen_context(request, vote))


@never_cache
@login_required
@require_GET
def turnout(request: HttpRequest, pk: int) -> HttpResponse:
    """The turnout fragment the screen polls; a change of state reloads the whole screen."""
    vote = access.get_vote_for_user(request.user, pk)
    context = _screen_context(request, vote)
    shown = request.GET.get("state", "")
    if shown and shown != context["state"]:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "voting/projector.html#turnout", context)


# ---------------------------------------------------------------------------------------
# Results, receipts, minutes


@login_required
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk)
    try:
        outcome = domain.vote_result(vote=vote)
    except domain.ResultNotAvailable as refusal:
        return _refused(request, vote, refusal.message, 403)
    context = {
        "vote": vote,
        "outcome": outcome,
        "can_run": access.can_run_vote(request.user, vote),
        "proposals": list(
            vote.proposals.select_related("unit").order_by("title_code", "unit__sort_name")
        ),
    }
    return render(request, "voting/result.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def receipt_list(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk)
    try:
        codes = domain.receipts(vote=vote)
    except domain.ResultNotAvailable as refusal:
        return _refused(request, vote, refusal.message, 403)
    # POST, so that a code typed by its voter never lands in an access log beside the user.
    form = forms.ReceiptCheckForm(_posted(request))
    checked = None
    if form.is_bound and form.is_valid():
        code = domain.normalise_receipt(form.cleaned_data["code"])
        checked = {"code": code, "counted": domain.receipt_counted(vote=vote, code=code)}
    context = {"vote": vote, "codes": codes, "form": form, "checked": checked}
    return render(request, "voting/receipts.html", context)


def _document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    from thidua.voting import documents

    vote = access.get_vote_for_user(request.user, pk)
    try:
        outcome = domain.vote_result(vote=vote)
    except domain.ResultNotAvailable as refusal:
        return _refused(request, vote, refusal.message, 403)
    if kind == "docx":
        content = documents.minutes_docx(outcome)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content = documents.minutes_pdf(outcome)
        mime = "application/pdf"
    response = HttpResponse(content, content_type=mime)
    filename = documents.minutes_filename(vote, kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, "docx")


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, "pdf")


# ---------------------------------------------------------------------------------------
# Paper counts


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk, write=True)
    if not access.can_enter_paper(request.user, vote):
        return _refused(
            request,
            vote,
            _("Cuộc bỏ phiếu này là bỏ phiếu điện tử; kết quả do hệ thống kiểm."),
            409,
        )
    if not vote.is_closed:
        return _refused(
            request, vote, _("Hãy kết thúc bỏ phiếu trước khi nhập kết quả kiểm phiếu."), 409
        )
    current = (
        PaperTally.objects.filter(vote=vote).select_related("entered_by", "confirmed_by").first()
    )
    if current is not None and current.is_confirmed:
        return redirect("voting:result", pk=vote.pk)
    form = forms.PaperTallyForm(_posted(request), vote=vote, by=request.user)
    if request.method == "POST" and submit(form) is not None:
        messages.success(
            request,
            _("Đã lưu kết quả kiểm phiếu. Kết quả chỉ có hiệu lực khi một người khác xác nhận."),
        )
        return redirect("voting:paper", pk=vote.pk)
    context = {
        "vote": vote,
        "form": form,
        "paper": current,
        "can_confirm": access.can_confirm_paper(request.user, vote, current),
        "eligible": domain.turnout(vote=vote).eligible,
    }
    return render(request, "voting/paper.html", context)


@login_required
@require_POST
def paper_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for_user(request.user, pk, write=True)
    try:
        domain.paper_tally_confirm(vote=vote, by=request.user)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
        return redirect("voting:paper", pk=vote.pk)
    messages.success(request, _("Đã xác nhận kết quả kiểm phiếu; kết quả đã được công bố."))
    return redirect(reverse("voting:result", kwargs={"pk": vote.pk}))
