"""Pages of covenants: the list, creation, the read view, the editor, targets, signing.

Thin: parse the request, authorize through thidua.covenants.access (and thidua.org.access
for the registry), write through thidua.covenants.domain (by way of the forms), render.
HTMX requests get the `{% partialdef %}` they swap; every write also works as a plain POST.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from thidua.core.htmx import is_partial
from thidua.covenants import access, domain
from thidua.covenants.forms import (
    ChangeForm,
    CovenantCopyForm,
    CovenantCreateForm,
    CovenantFieldsForm,
    CriterionForm,
    IndicatorForm,
    MovementForm,
    SignatureForm,
    StatusForm,
    TargetPreviewForm,
    UnitTargetForm,
    needs_reason,
    suggest_code,
)
from thidua.covenants.models import (
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionIndicator,
    CriterionKind,
    Indicator,
    Movement,
    MovementKind,
    Signature,
    UnitTarget,
)
from thidua.engine import render as target_render
from thidua.engine.numbers import format_number_vi
from thidua.engine.targets import TargetError
from thidua.engine.text import fold
from thidua.org import access as org_access
from thidua.org import domain as org_domain
from thidua.org.models import Membership, Unit

EDITOR = "covenants/covenant_edit.html"
GRID = "covenants/target_grid.html"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _today() -> dt.date:
    return timezone.localdate()


def _pts(value: Decimal) -> str:
    return format_number_vi(value, 2, trim=True)


def _covenant(request: HttpRequest, pk: int, *, write: bool = False) -> Covenant:
    return access.get_covenant_for_user(request.user, pk, write=write)


def _criterion(covenant: Covenant, criterion_pk: int) -> Criterion:
    return get_object_or_404(
        Criterion.objects.prefetch_related(
            Prefetch(
                "criterionindicator_set",
                queryset=CriterionIndicator.objects.select_related("indicator"),
            )
        ),
        pk=criterion_pk,
        covenant=covenant,
    )


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# ---------------------------------------------------------------------------------------
# The criteria tree as rows of a table


def sentence(data: Any) -> str:
    """The stored target as its Vietnamese sentence; a broken one says so."""
    try:
        return domain.target_sentence(data)
    except TargetError as error:
        return domain.target_error_message(error)


@dataclass
class UnitException:
    unit: Unit
    sentence: str  # "" when the unit has no target


@dataclass
class Row:
    criterion: Criterion
    depth: int
    ancestors: list[int]
    children_points: Decimal
    has_children: bool
    is_first: bool
    is_last: bool
    target: str = ""
    exceptions: list[UnitException] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return self.criterion.kind == CriterionKind.GROUP

    @property
    def fill(self) -> str:
        """How a group's points are shared among its children: full, under or over."""
        if not self.is_group:
            return ""
        maximum = self.criterion.max_points
        if self.children_points == maximum:
            return "full"
        return "under" if self.children_points < maximum else "over"

    @property
    def ancestor_ids(self) -> str:
        return " ".join(str(pk) for pk in self.ancestors)


@dataclass
class Totals:
    total: Decimal
    scale: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.scale - self.total

    @property
    def excess(self) -> Decimal:
        return self.total - self.scale

    @property
    def state(self) -> str:
        if self.total == self.scale:
            return "full"
        return "under" if self.total < self.scale else "over"


def _details(criterion: Criterion) -> list[str]:
    settings = criterion.settings or {}
    kind = criterion.kind
    if kind == CriterionKind.DIRECT:
        if settings.get("per_occurrence"):
            return [
                _("%(points)s điểm mỗi lần, tối đa %(max)s điểm.")
                % {
                    "points": _pts(Decimal(settings["per_occurrence"])),
                    "max": _pts(criterion.max_points),
                }
            ]
        return [_("Người chấm nhập thẳng số điểm.")]
    if kind == CriterionKind.BONUS_PENALTY:
        lines = []
        for item in settings.get("items", []):
            points = Decimal(item["points"])
            sign = "+" if points > 0 else "−"
            lines.append(f"{sign}{_pts(abs(points))}: {item['label']}")
        return lines
    if kind == CriterionKind.RANK_POINTS:
        table = settings.get("table", domain.DEFAULT_RANK_TABLE)
        ranks = " · ".join(
            _("hạng %(rank)s: %(points)s") % {"rank": i, "points": _pts(Decimal(p))}
            for i, p in enumerate(table, start=1)
        )
        return [_("Điểm theo thứ hạng (%(ranks)s).") % {"ranks": ranks}]
    return []


def tree_rows(roots: list[domain.Node]) -> list[Row]:
    rows: list[Row] = []

    def visit(nodes: list[domain.Node], depth: int, ancestors: list[int]) -> None:
        for index, node in enumerate(nodes):
            criterion = node.criterion
            row = Row(
                criterion=criterion,
                depth=depth,
                ancestors=ancestors,
                children_points=node.children_points,
                has_children=bool(node.children),
                is_first=index == 0,
                is_last=index == len(nodes) - 1,
                details=_details(criterion),
            )
            if criterion.kind == CriterionKind.QUANTITATIVE:
                row.target = sentence(criterion.target) if criterion.target else ""
                row.indicators = [
                    link.indicator.name_vi for link in criterion.criterionindicator_set.all()
                ]
                for unit_target in sorted(
                    criterion.unit_targets.all(), key=lambda t: t.unit.sort_name
                ):
                    if unit_target.target is None:
                        row.exceptions.append(UnitException(unit_target.unit, ""))
                    elif unit_target.target != criterion.target:
                        row.exceptions.append(
                            UnitException(unit_target.unit, sentence(unit_target.target))
                        )
            rows.append(row)
            visit(node.children, depth + 1, [*ancestors, criterion.pk])

    visit(roots, 0, [])
    return rows


def _tree_context(covenant: Covenant) -> dict[str, Any]:
    roots = domain.criteria_tree(covenant)
    total = sum((node.criterion.max_points for node in roots), Decimal(0))
    return {"rows": tree_rows(roots), "totals": Totals(total=total, scale=covenant.scale)}


@dataclass
class SignerRow:
    unit: Unit
    signature: Signature | None
    required: bool = True


def _signer_rows(covenant: Covenant) -> list[SignerRow]:
    signatures = {s.unit_id: s for s in covenant.signatures.select_related("unit", "recorded_by")}
    rows = [
        SignerRow(unit, signatures.pop(unit.pk, None)) for unit in domain.required_signers(covenant)
    ]
    # A unit that signed but is no longer required (it left the cluster) is still shown.
    rows.extend(SignerRow(s.unit, s, required=False) for s in signatures.values())
    return rows


_STATUS_ACTIONS: dict[str, list[str]] = {
    CovenantStatus.DRAFT: [StatusForm.OPEN],
    CovenantStatus.OPEN: [StatusForm.DRAFT],
    CovenantStatus.SIGNED: [StatusForm.IN_FORCE],
}


def _status_actions(covenant: Covenant) -> list[str]:
    """The status changes a write user may make next."""
    return _STATUS_ACTIONS.get(covenant.status, [])


def _base_context(request: HttpRequest, covenant: Covenant, tab: str) -> dict[str, Any]:
    return {
        "covenant": covenant,
        "tab": tab,
        "can_edit": access.can_edit_covenant(request.user, covenant),
        "needs_reason": needs_reason(covenant),
    }


# ---------------------------------------------------------------------------------------
# List and creation


@login_required
def covenant_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _int(request.GET.get("year"))
    covenants_qs = (
        access.covenants_visible_to(user)
        .select_related("cluster", "cluster__province", "movement")
        .prefetch_related(
            Prefetch(
                "cluster__memberships",
                queryset=Membership.objects.only(
                    "id", "cluster_id", "unit_id", "start_date", "end_date"
                ),
            )
        )
        .annotate(signature_count=Count("signatures", distinct=True))
        .order_by("-cluster__year", "cluster__level", "cluster__province_id", "cluster__number")
    )
    years = sorted(
        set(access.covenants_visible_to(user).values_list("cluster__year", flat=True)), reverse=True
    )
    if year is not None:
        covenants_qs = covenants_qs.filter(cluster__year=year)
    covenants = list(covenants_qs)
    for covenant in covenants:
        covenant.required_count = _required_count(covenant)  # type: ignore[attr-defined]
    context = {
        "covenants": covenants,
        "years": years,
        "year": year,
        "creatable": _creatable_clusters(user, year),
        "can_manage_library": org_access.is_admin(user) or org_access.is_office(user),
    }
    return _render(request, "covenants/covenant_list.html", context)


def _required_count(covenant: Covenant) -> int:
    """How many units must sign: domain.required_signers, from the prefetched memberships."""
    day = covenant.signing_date or covenant.cluster.start
    memberships = list(covenant.cluster.memberships.all())
    on_day = {m.unit_id for m in memberships if m.start_date <= day <= m.end_date}
    return len(on_day or {m.unit_id for m in memberships})


def _creatable_clusters(user: Any, year: int | None) -> list[Any]:
    """Clusters without a covenant that the user runs (this year and last, unless filtered)."""
    clusters = access.clusters_with_internal_access(user).filter(covenant__isnull=True)
    if year is not None:
        clusters = clusters.filter(year=year)
    else:
        clusters = clusters.filter(year__gte=_today().year - 1)
    clusters = clusters.select_related("province").order_by("-year", "level", "number")
    return [c for c in clusters if org_access.can_run_cluster(user, c)]


def _movements_for(year: int) -> QuerySet[Movement]:
    return Movement.objects.filter(year__in=(year - 1, year, year + 1)).order_by("-year", "name")


@login_required
@require_http_methods(["GET", "POST"])
def covenant_create(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = org_access.get_cluster_for_user(request.user, cluster_pk)
    if not access.can_create_covenant(request.user, cluster):
        raise PermissionDenied
    existing = Covenant.objects.filter(cluster=cluster).first()
    if existing is not None:
        messages.info(request, _("%(cluster)s đã có giao ước.") % {"cluster": cluster})
        return redirect("covenants:covenant_edit", existing.pk)
    movements = _movements_for(cluster.year)
    default_movement = (
        movements.filter(year=cluster.year, kind=MovementKind.REGULAR).first()
        or movements.filter(year=cluster.year).first()
    )
    sources = (
        access.covenants_visible_to(request.user)
        .exclude(cluster=cluster)
        .select_related("cluster")
        .order_by("-cluster__year", "cluster__level", "cluster__number")
    )
    # The default source: the latest earlier covenant of the same cluster number and level.
    previous = sources.filter(
        cluster__year__lt=cluster.year,
        cluster__level=cluster.level,
        cluster__province_id=cluster.province_id,
        cluster__number=cluster.number,
    ).first()
    mode = request.POST.get("mode") if request.method == "POST" else None
    head = org_domain.roles_on(cluster=cluster, on=cluster.start).get("head")
    blank = CovenantCreateForm(
        request.POST if mode == "blank" else None,
        cluster=cluster,
        movements=movements,
        initial={"movement": default_movement, "host_unit": head, "scale": Decimal(1000)},
        auto_id="blank_%s",
    )
    copy = CovenantCopyForm(
        request.POST if mode == "copy" else None,
        sources=sources,
        movements=movements,
        initial={"source": previous, "movement": default_movement},
        auto_id="copy_%s",
    )
    covenant: Covenant | None = None
    if mode == "blank" and blank.is_valid():
        data = blank.cleaned_data
        try:
            covenant = domain.covenant_create(
                cluster=cluster,
                movement=data["movement"],
                theme=data.get("theme", ""),
                signing_date=data.get("signing_date"),
                signing_place=data.get("signing_place", ""),
                host_unit=data.get("host_unit"),
                scale=data["scale"],
            )
        except ValidationError as error:
            blank.add_domain_error(error)
    elif mode == "copy" and copy.is_valid():
        try:
            covenant = domain.covenant_copy(
                source=copy.cleaned_data["source"],
                cluster=cluster,
                movement=copy.cleaned_data.get("movement"),
            )
        except ValidationError as error:
            copy.add_domain_error(error)
    if covenant is not None:
        messages.success(
            request,
            _("Đã lập giao ước của %(cluster)s. Hãy soạn nội dung, tiêu chí và chỉ tiêu.")
            % {"cluster": cluster},
        )
        return redirect("covenants:covenant_edit", covenant.pk)
    blank.mark_invalid()
    copy.mark_invalid()
    context = {
        "cluster": cluster,
        "blank": blank,
        "copy": copy,
        "mode": mode or ("copy" if previous else "blank"),
        "has_sources": sources.exists(),
        "has_movements": movements.exists(),
        "can_manage_library": org_access.is_admin(request.user)
        or org_access.is_office(request.user),
    }
    return _render(request, "covenants/covenant_create.html", context)


# ---------------------------------------------------------------------------------------
# The read view


@login_required
def covenant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant(request, pk)
    context = _base_context(request, covenant, "detail")
    context.update(_tree_context(covenant))
    context["signers"] = _signer_rows(covenant)
    context["status_actions"] = _status_actions(covenant)
    return _render(request, "covenants/covenant_detail.html", context)


# ---------------------------------------------------------------------------------------
# The editor


def _add_form(
    covenant: Covenant, data: Any = None, parent: Criterion | None = None
) -> CriterionForm:
    siblings = list(
        covenant.criteria.filter(parent=parent)
        .order_by("position", "id")
        .values_list("code", flat=True)
    )
    initial = {
        "parent": parent,
        "code": suggest_code(parent, siblings),
        "kind": CriterionKind.QUANTITATIVE if parent is not None else CriterionKind.GROUP,
    }
    return CriterionForm(data, covenant=covenant, initial=initial, auto_id="add_%s")


def _editor_context(request: HttpRequest, covenant: Covenant, **extra: Any) -> dict[str, Any]:
    context = _base_context(request, covenant, "edit")
    context.update(_tree_context(covenant))
    context["editable"] = True
    context.update(extra)
    return context


def _tree_response(
    request: HttpRequest,
    covenant: Covenant,
    *,
    message: str = "",
    error: str = "",
    fresh_add_form: bool = False,
    add_parent: Criterion | None = None,
) -> HttpResponse:
    """The tree partial, the new version for every form on the page, maybe a fresh add form."""
    covenant.refresh_from_db()
    context = _editor_context(request, covenant, tree_message=message, tree_error=error)
    html = render_to_string(f"{EDITOR}#tree", context, request)
    html += render_to_string(f"{EDITOR}#version_oob", context, request)
    if fresh_add_form:
        # Built after the refresh, so that it carries the new version.
        context["add_form"] = _add_form(covenant, parent=add_parent)
        html += render_to_string(f"{EDITOR}#add_panel_oob", context, request)
    return HttpResponse(html)


def _after_tree_change(
    request: HttpRequest, covenant: Covenant, *, message: str = "", error: str = ""
) -> HttpResponse:
    if is_partial(request):
        return _tree_response(request, covenant, message=message, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect("covenants:covenant_edit", covenant.pk)


@login_required
@require_http_methods(["GET", "POST"])
def covenant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant(request, pk, write=True)
    if request.method == "GET" and is_partial(request):
        return _tree_response(request, covenant)
    movements = _movements_for(covenant.year)
    form = CovenantFieldsForm(
        request.POST or None, covenant=covenant, movements=movements, auto_id="cov_%s"
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.covenant_update(covenant=covenant, **form.changes(), **form.change_args())
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã lưu thông tin chung của giao ước."))
            return redirect("covenants:covenant_edit", covenant.pk)
    form.mark_invalid()
    context = _editor_context(
        request, covenant, fields_form=form, add_form=_add_form(covenant), fields_open=form.is_bound
    )
    return _render(request, EDITOR, context)


def _preview(request: HttpRequest, covenant: Covenant) -> HttpResponse:
    """The target sentence of the fields being typed, or what is still wrong with them."""
    context: dict[str, Any] = {"sentence": "", "error": "", "empty": False}
    if request.GET.get("kind", CriterionKind.QUANTITATIVE) == CriterionKind.QUANTITATIVE:
        form = TargetPreviewForm(request.GET, covenant=covenant)
        if not request.GET.get("shape"):
            context["empty"] = True
        else:
            target, error = form.target_or_error()
            context["sentence"] = target_render.render_vi(target) if target else ""
            context["error"] = error
    return _render(request, f"{EDITOR}#preview", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant(request, pk, write=True)
    if request.method == "GET" and request.GET.get("preview"):
        return _preview(request, covenant)
    parent = None
    if request.method == "GET" and (parent_pk := _int(request.GET.get("parent"))):
        parent = get_object_or_404(
            Criterion, pk=parent_pk, covenant=covenant, kind=CriterionKind.GROUP
        )
    form = _add_form(covenant, request.POST if request.method == "POST" else None, parent)
    if request.method == "POST" and form.is_valid():
        try:
            criterion = form.add()
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            message = _("Đã thêm “%(code)s. %(title)s”.") % {
                "code": criterion.code,
                "title": criterion.title,
            }
            if is_partial(request):
                return _tree_response(
                    request, covenant, message=message, fresh_add_form=True,
                    add_parent=criterion.parent,
                )  # fmt: skip
            messages.success(request, message)
            return redirect("covenants:covenant_edit", covenant.pk)
    form.mark_invalid()
    context = {**_base_context(request, covenant, "edit"), "add_form": form, "form": form}
    if is_partial(request):
        response = _render(request, f"{EDITOR}#add_form", context)
        if request.method == "POST":
            retarget(response, "#criterion-add-panel")
            reswap(response, "innerHTML")
        return response
    return _render(request, "covenants/criterion_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    covenant = _covenant(request, pk, write=True)
    if request.method == "GET" and request.GET.get("preview"):
        return _preview(request, covenant)
    criterion = _criterion(covenant, criterion_pk)
    form = CriterionForm(
        request.POST if request.method == "POST" else None,
        covenant=covenant,
        criterion=criterion,
        auto_id=f"c{criterion.pk}_%s",
    )
    if request.method == "POST" and form.is_valid():
        try:
            criterion = form.update()
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            message = _("Đã lưu “%(code)s. %(title)s”.") % {
                "code": criterion.code,
                "title": criterion.title,
            }
            return _after_tree_change(request, covenant, message=message)
    form.mark_invalid()
    context = {**_base_context(request, covenant, "edit"), "form": form, "criterion": criterion}
    if is_partial(request):
        response = _render(request, f"{EDITOR}#row_form", context)
        if request.method == "POST":
            retarget(response, f"#crit-{criterion.pk}")
            reswap(response, "outerHTML")
        return response
    return _render(request, "covenants/criterion_form.html", context)


@login_required
@require_POST
def criterion_delete(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    covenant = _covenant(request, pk, write=True)
    criterion = _criterion(covenant, criterion_pk)
    form = ChangeForm(request.POST, covenant=covenant)
    if not form.is_valid():
        return _after_tree_change(request, covenant, error=_("Biểu mẫu đã cũ: hãy tải lại trang."))
    label = f"{criterion.code}. {criterion.title}"
    try:
        domain.criterion_delete(criterion=criterion, **form.change_args())
    except ValidationError as error:
        return _after_tree_change(request, covenant, error=_error_text(error))
    return _after_tree_change(
        request, covenant, message=_("Đã xóa “%(label)s”.") % {"label": label}
    )


@login_required
@require_POST
def criterion_move(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    covenant = _covenant(request, pk, write=True)
    criterion = _criterion(covenant, criterion_pk)
    form = ChangeForm(request.POST, covenant=covenant)
    offset = _int(request.POST.get("offset"))
    if not form.is_valid() or offset not in (-1, 1):
        return _after_tree_change(request, covenant, error=_("Biểu mẫu đã cũ: hãy tải lại trang."))
    try:
        domain.criterion_move(criterion=criterion, offset=offset, **form.change_args())
    except ValidationError as error:
        return _after_tree_change(request, covenant, error=_error_text(error))
    return _after_tree_change(
        request, covenant, message=_("Đã chuyển “%(code)s”.") % {"code": criterion.code}
    )


# ---------------------------------------------------------------------------------------
# Targets per unit


@dataclass
class Cell:
    criterion: Criterion
    unit: Unit
    state: str  # common | own | none | unset
    data: Any  # the target shown (engine dict) or None

    @property
    def dom_id(self) -> str:
        return f"cell-{self.criterion.pk}-{self.unit.pk}"


def _cell(criterion: Criterion, unit: Unit, unit_target: UnitTarget | None) -> Cell:
    if unit_target is not None:
        state = "own" if unit_target.target is not None else "none"
        return Cell(criterion, unit, state, unit_target.target)
    if criterion.target is None:
        return Cell(criterion, unit, "unset", None)
    return Cell(criterion, unit, "common", criterion.target)


@dataclass
class GridRow:
    criterion: Criterion
    depth: int
    cells: list[Cell]


def _has_quantitative(node: domain.Node) -> bool:
    return any(
        child.criterion.kind == CriterionKind.QUANTITATIVE or _has_quantitative(child)
        for child in node.children
    )


@login_required
def target_grid(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant(request, pk)
    context = _base_context(request, covenant, "targets")
    units = domain.cluster_units(covenant)
    rows: list[GridRow] = []
    quantitative = 0
    for node, depth in domain.walk(domain.criteria_tree(covenant)):
        criterion = node.criterion
        if criterion.kind == CriterionKind.QUANTITATIVE:
            quantitative += 1
            own = {t.unit_id: t for t in criterion.unit_targets.all()}
            cells = [_cell(criterion, unit, own.get(unit.pk)) for unit in units]
            rows.append(GridRow(criterion, depth, cells))
        elif criterion.kind == CriterionKind.GROUP and _has_quantitative(node):
            rows.append(GridRow(criterion, depth, []))
    context.update(units=units, rows=rows, quantitative=quantitative, editable=context["can_edit"])
    return _render(request, GRID, context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_target_edit(
    request: HttpRequest, pk: int, criterion_pk: int, unit_pk: int
) -> HttpResponse:
    covenant = _covenant(request, pk, write=True)
    criterion = _criterion(covenant, criterion_pk)
    # Any unit may be named here; the domain refuses one that is not a member.
    unit = get_object_or_404(Unit, pk=unit_pk)
    unit_target = UnitTarget.objects.filter(criterion=criterion, unit=unit).first()
    context = {**_base_context(request, covenant, "targets"), "editable": True}
    if request.method == "GET" and request.GET.get("cancel"):
        context["cell"] = _cell(criterion, unit, unit_target)
        return _render(request, f"{GRID}#cell", context)
    form = UnitTargetForm(
        request.POST if request.method == "POST" else None,
        covenant=covenant,
        criterion=criterion,
        unit=unit,
        unit_target=unit_target,
        auto_id=f"t{criterion.pk}_{unit.pk}_%s",
    )
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            if not is_partial(request):
                messages.success(
                    request,
                    _("Đã lưu chỉ tiêu “%(code)s” của %(unit)s.")
                    % {"code": criterion.code, "unit": unit},
                )
                return redirect("covenants:target_grid", covenant.pk)
            covenant.refresh_from_db()
            unit_target = UnitTarget.objects.filter(criterion=criterion, unit=unit).first()
            context.update(covenant=covenant, cell=_cell(criterion, unit, unit_target), saved=True)
            html = render_to_string(f"{GRID}#cell", context, request)
            html += render_to_string(f"{EDITOR}#version_oob", context, request)
            return HttpResponse(html)
    form.mark_invalid()
    context.update(
        form=form, cell=_cell(criterion, unit, unit_target), criterion=criterion, unit=unit
    )
    if is_partial(request):
        return _render(request, f"{GRID}#cell_form", context)
    return _render(request, "covenants/unit_target_form.html", context)


# ---------------------------------------------------------------------------------------
# Signing and status


@login_required
@require_http_methods(["GET", "POST"])
def signing(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant(request, pk)
    signable = access.signable_units(request.user, covenant)
    posted: SignatureForm | None = None
    if request.method == "POST":
        unit_id = _int(request.POST.get("unit"))
        unit = next((u for u in signable if u.pk == unit_id), None)
        if unit is None:
            raise PermissionDenied
        posted = SignatureForm(request.POST, covenant=covenant, auto_id=f"s{unit.pk}_%s")
        if posted.is_valid():
            data = posted.cleaned_data
            try:
                domain.covenant_sign(
                    covenant=covenant,
                    unit=unit,
                    signer_name=data["signer_name"],
                    signer_title=data["signer_title"],
                    signed_on=data["signed_on"],
                    by=request.user,
                )
            except ValidationError as error:
                posted.add_domain_error(error)
            else:
                messages.success(request, _("Đã ghi nhận chữ ký của %(unit)s.") % {"unit": unit})
                return redirect("covenants:signing", covenant.pk)
        posted.mark_invalid()
    signers = _signer_rows(covenant)
    signed = {row.unit.pk for row in signers if row.signature is not None}
    is_open = covenant.status == CovenantStatus.OPEN
    forms = []
    for unit in signable:
        if unit.pk in signed:
            continue
        if posted is not None and posted.data.get("unit") == str(unit.pk):
            forms.append((unit, posted))
        elif is_open:
            initial = _signature_initial(request.user, covenant, unit)
            forms.append(
                (unit, SignatureForm(covenant=covenant, initial=initial, auto_id=f"s{unit.pk}_%s"))
            )
    shown = {unit.pk for unit, _form in forms}
    refused = posted if posted is not None and _int(posted.data.get("unit")) not in shown else None
    context = _base_context(request, covenant, "signing")
    context.update(
        signers=signers,
        signed_count=len(signed),
        required_count=sum(1 for row in signers if row.required),
        forms=forms,
        refused=refused,
        status_actions=_status_actions(covenant),
        is_open=is_open,
    )
    return _render(request, "covenants/signing.html", context)


def _signature_initial(user: Any, covenant: Covenant, unit: Unit) -> dict[str, Any]:
    today = _today()
    day = covenant.signing_date or (today if today.year == covenant.year else None)
    initial: dict[str, Any] = {"unit": unit.pk, "signed_on": day}
    if user.unit_id == unit.pk:
        initial.update(signer_name=user.full_name, signer_title=user.position)
    return initial


_STATUS_DONE = {
    StatusForm.OPEN: _("Đã đưa giao ước ra ký: các đơn vị thành viên có thể ký."),
    StatusForm.DRAFT: _("Đã đưa giao ước về dự thảo; các chữ ký đã có được hủy."),
    StatusForm.IN_FORCE: _("Giao ước đã có hiệu lực."),
}


@login_required
@require_POST
def covenant_status(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = _covenant(request, pk, write=True)
    form = StatusForm(request.POST, covenant=covenant)
    back = "covenants:covenant_detail"
    if form.is_valid():
        back = {
            "signing": "covenants:signing",
            "edit": "covenants:covenant_edit",
        }.get(form.cleaned_data.get("back") or "", back)
        try:
            form.save()
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, str(_STATUS_DONE[form.cleaned_data["action"]]))
    else:
        messages.error(request, _("Thao tác không hợp lệ."))
    return redirect(back, covenant.pk)


# ---------------------------------------------------------------------------------------
# Movements and the indicator library


def _can_manage_library(user: Any) -> bool:
    return org_access.is_admin(user) or org_access.is_office(user)


@login_required
def movement_list(request: HttpRequest) -> HttpResponse:
    movements = Movement.objects.select_related("launched_by").annotate(
        covenant_count=Count("covenants")
    )
    by_year: dict[int, list[Movement]] = defaultdict(list)
    for movement in movements.order_by("-year", "name"):
        by_year[movement.year].append(movement)
    context = {
        "by_year": sorted(by_year.items(), reverse=True),
        "can_create": _can_manage_library(request.user),
    }
    return _render(request, "covenants/movement_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request: HttpRequest) -> HttpResponse:
    if not _can_manage_library(request.user):
        raise PermissionDenied
    year = _today().year
    name = _("Phong trào thi đua “Vì an ninh Tổ quốc” năm %(year)s") % {"year": year}
    form = MovementForm(
        request.POST or None, initial={"year": year, "kind": MovementKind.REGULAR, "name": name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            movement = form.save()
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã thêm %(movement)s.") % {"movement": movement.name})
            return redirect("covenants:movement_list")
    form.mark_invalid()
    return _render(request, "covenants/movement_form.html", {"form": form})


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    indicators = list(Indicator.objects.annotate(use_count=Count("criteria")).order_by("name_vi"))
    if query:
        words = fold(query).split()
        indicators = [
            i for i in indicators
            if all(w in fold(f"{i.code} {i.name_vi} {i.name_en}") for w in words)
        ]  # fmt: skip
    context = {
        "indicators": indicators,
        "query": query,
        "can_edit": _can_manage_library(request.user),
    }
    return _render(request, "covenants/indicator_list.html", context)


def _indicator_form(request: HttpRequest, indicator: Indicator | None) -> HttpResponse:
    if not _can_manage_library(request.user):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save_through_domain()
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã lưu chỉ số “%(name)s”.") % {"name": saved.name_vi})
            return redirect(reverse("covenants:indicator_list") + f"?q={saved.code}")
    form.mark_invalid()
    return _render(request, "covenants/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest) -> HttpResponse:
    return _indicator_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not _can_manage_library(request.user):
        raise PermissionDenied
    return _indicator_form(request, get_object_or_404(Indicator, pk=pk))
