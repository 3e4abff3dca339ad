"""Pages of scoring: the office's overview, a cluster's score table and heat-map, a unit's
profile. The score sheet (the workflow) is in views_sheet.py.

Thin: authorize through thidua.scoring.access, read through thidua.scoring.domain's
selectors (every point, total and rank is the engine's), render.
"""

from __future__ import annotations

from decimal import Decimal
from statistics import median
from typing import Any, NamedTuple

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.covenants.models import Covenant, CriterionKind
from thidua.engine.numbers import format_number_vi
from thidua.engine.ranking import TieBreakKey
from thidua.engine.scoring import ScoreStatus
from thidua.org.models import Membership, Unit
from thidua.scoring import access, domain
from thidua.scoring.domain import ScoreCell, ScoreTable, UnitScores
from thidua.scoring.domain.selectors import MISSING
from thidua.scoring.models import CovenantScoring, SheetStatus

HUNDRED = Decimal(100)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def english_active() -> bool:
    return (get_language() or "vi").startswith("en")


def points(value: Decimal | None) -> str:
    return "—" if value is None else format_number_vi(value, 2)


# ---------------------------------------------------------------------------------------
# How a cell reads: its colour class and its tooltip


def cell_class(cell: ScoreCell) -> str:
    """not-met / met / exceeded for quantitative targets; full / partial / zero otherwise."""
    if cell.status == ScoreStatus.NOT_SCORED:
        return "none"
    if cell.is_quantitative:
        if cell.status in (ScoreStatus.BENCHMARKED, ScoreStatus.NO_BENCHMARK):
            return "none"
        outcome = cell.outcome
        if cell.status in (ScoreStatus.EXCEEDED, ScoreStatus.LEADER) or outcome == "exceeded":
            return "exceeded"
        if outcome == "met" or cell.status == ScoreStatus.MET:
            return "met"
        if outcome == "not_met" or cell.status == ScoreStatus.NOT_MET:
            return "not-met"
        return "no-data"
    if cell.criterion.kind == CriterionKind.BONUS_PENALTY:
        if cell.penalty_count:
            return "not-met"
        return "exceeded" if (cell.points or 0) > 0 else "none"
    if cell.points is None:
        return "no-data"
    if cell.attainable and cell.points >= cell.attainable:
        return "met"
    return "not-met" if cell.points == 0 else "partial"


def cell_title(unit: Unit, cell: ScoreCell) -> str:
    criterion = cell.criterion
    parts = [f"{unit.short_name or unit.name} · {criterion.code}. {criterion.title[:120]}"]
    parts.append(
        _("Điểm: %(points)s / %(max)s")
        % {"points": points(cell.points), "max": points(criterion.max_points)}
    )
    figures = cell.figures
    if figures:
        target = figures.get("target_en" if english_active() else "target_vi")
        result = figures.get("result_en" if english_active() else "result_vi")
        if target:
            parts.append(_("Chỉ tiêu: %(target)s") % {"target": target})
        if result:
            parts.append(_("Kết quả: %(result)s") % {"result": result})
    if cell.changed_by_verifier:
        parts.append(
            _("Tự chấm %(own)s, thẩm định %(verified)s")
            % {"own": points(cell.self_points), "verified": points(cell.verified_points)}
        )
    if cell.changed_by_office:
        parts.append(_("Điểm chính thức: %(final)s") % {"final": points(cell.final_points)})
    return "\n".join(parts)


def status_label(status: str) -> str:
    if status == MISSING:
        return _("Chưa mở bảng điểm")
    return str(SheetStatus(status).label)


# ---------------------------------------------------------------------------------------
# The office's overview


def _progress(table: ScoreTable) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for row in table.units:
        counts[row.status] = counts.get(row.status, 0) + 1
    percents = [row.percent_display for row in table.units if row.percent_display is not None]
    leader = next((row for row in table.ranking if row.rank == 1), None)
    behind = [row for row in table.units if row.status in (MISSING, SheetStatus.DRAFT)]
    done = sum(1 for row in table.units if row.status in (SheetStatus.FINAL, SheetStatus.LOCKED))
    return {
        "table": table,
        "covenant": table.covenant,
        "leader": leader,
        "leaders": [row for row in table.ranking if row.rank == 1],
        "min": min(percents) if percents else None,
        "max": max(percents) if percents else None,
        "median": median(percents) if percents else None,
        "percents": sorted(percents),
        "counts": counts,
        "behind": behind,
        "done": done,
        "total": len(table.units),
        "published": table.published,
    }


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Every cluster the user may read, one line each: its leader, the spread of scores,
    who is behind on scoring."""
    visible = access.covenants_with_scores_visible_to(request.user).select_related("cluster")
    years = sorted({c.cluster.year for c in visible}, reverse=True)
    year = _int(request.GET.get("year"))
    if year is None:
        with_scoring = set(
            CovenantScoring.objects.filter(covenant__in=visible).values_list(
                "covenant__cluster__year", flat=True
            )
        )
        year = max(with_scoring) if with_scoring else (years[0] if years else None)
    covenants = list(
        visible.filter(cluster__year=year).order_by("cluster__level", "cluster__number")
        if year is not None
        else Covenant.objects.none()
    )
    tables = domain.cluster_score_tables(covenants=covenants)
    lines = [_progress(table) for table in tables]
    return render(
        request,
        "scoring/overview.html",
        {
            "years": years,
            "year": year,
            "lines": lines,
            "published": sum(1 for line in lines if line["published"]),
            "behind": sum(len(line["behind"]) for line in lines),
        },
    )


# ---------------------------------------------------------------------------------------
# A cluster's table and heat-map


def _covenant(request: HttpRequest, covenant_pk: int) -> Covenant:
    return access.get_covenant_for_user(request.user, covenant_pk)


def header_context(request: HttpRequest, covenant: Covenant, table: ScoreTable) -> dict[str, Any]:
    user = request.user
    own_unit = getattr(user, "unit_id", None)
    member_ids = {row.unit.pk for row in table.units}
    return {
        "covenant": covenant,
        "table": table,
        "scoring": table.scoring,
        "can_decide": access.can_decide(user, covenant.cluster),
        "own_unit_id": own_unit if own_unit in member_ids else None,
        "tie_break_text": tie_break_text(table),
    }


def tie_break_text(table: ScoreTable) -> str:
    labels = {
        TieBreakKey.MORE_EXCEEDED: _("nhiều tiêu chí vượt chỉ tiêu hơn"),
        TieBreakKey.FEWER_PENALTIES: _("ít lần bị trừ điểm hơn"),
        TieBreakKey.HIGHER_TOTAL: _("tổng điểm cao hơn"),
    }
    named = [labels.get(key, str(key)) for key in table.tie_break]
    if not named:
        return _("Bằng tỷ lệ điểm thì đồng hạng.")
    return _("Bằng tỷ lệ điểm thì xét lần lượt: %(keys)s; vẫn bằng thì đồng hạng.") % {
        "keys": "; ".join(named)
    }


def _table_rows(table: ScoreTable) -> list[dict[str, Any]]:
    """Criteria rows with every unit's effective points (groups: the capped totals)."""
    rows = []
    for row in table.criteria:
        criterion = row.criterion
        cells = []
        for unit_row in table.units:
            if row.is_leaf:
                cell = unit_row.cells.get(criterion.pk)
                cells.append(
                    {
                        "unit": unit_row.unit,
                        "cell": cell,
                        "text": points(cell.points) if cell else "—",
                        "class": cell_class(cell) if cell else "none",
                        "changed": bool(
                            cell and (cell.changed_by_verifier or cell.changed_by_office)
                        ),
                        "title": cell_title(unit_row.unit, cell) if cell else "",
                    }
                )
            else:
                node = unit_row.nodes.get(criterion.pk)
                cells.append(
                    {
                        "unit": unit_row.unit,
                        "text": points(node.total) if node else "—",
                        "class": "group",
                        "capped": bool(node and node.capped),
                        "title": "",
                    }
                )
        rows.append({"row": row, "criterion": criterion, "cells": cells})
    return rows


@login_required
@require_GET
def score_table(request: HttpRequest, covenant_pk: int) -> HttpResponse:
    """The cluster's table: criteria × units, totals, percentages and ranks."""
    covenant = _covenant(request, covenant_pk)
    table = domain.cluster_score_table(covenant=covenant)
    context = header_context(request, covenant, table)
    context.update(
        {
            "tab": "table",
            "rows": _table_rows(table),
            "can_open": [
                row.unit
                for row in table.units
                if row.sheet is None and access.can_score_unit(request.user, row.unit)
            ],
        }
    )
    return render(request, "scoring/table.html", context)


@login_required
@require_GET
def heatmap(request: HttpRequest, covenant_pk: int) -> HttpResponse:
    """Units (by rank) × leaf criteria, coloured not met / met / exceeded, values on hover."""
    covenant = _covenant(request, covenant_pk)
    table = domain.cluster_score_table(covenant=covenant)
    leaves = [row.criterion for row in table.criteria if row.is_leaf]
    groups = [row for row in table.criteria if row.depth == 0]
    unit_rows = []
    for unit_row in table.ranking:
        cells = []
        for criterion in leaves:
            cell = unit_row.cells.get(criterion.pk)
            cells.append(
                {
                    "criterion": criterion,
                    "class": cell_class(cell) if cell else "none",
                    "text": points(cell.points) if cell else "—",
                    "title": cell_title(unit_row.unit, cell) if cell else "",
                }
            )
        unit_rows.append({"scores": unit_row, "cells": cells})
    context = header_context(request, covenant, table)
    context.update(
        {
            "tab": "heatmap",
            "leaves": leaves,
            "groups": groups,
            "unit_rows": unit_rows,
            "counts": _outcome_counts(unit_rows),
        }
    )
    return render(request, "scoring/heatmap.html", context)


def _outcome_counts(unit_rows: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in unit_rows:
        for cell in row["cells"]:
            counts[cell["class"]] = counts.get(cell["class"], 0) + 1
    return counts


# ---------------------------------------------------------------------------------------
# A unit's profile


class YearScores(NamedTuple):
    table: ScoreTable
    scores: UnitScores


@login_required
@require_GET
def unit_profile(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """A unit over the years: total and rank per year, points by criteria group, its
    strongest and weakest criteria in the latest year."""
    unit = get_object_or_404(Unit, pk=unit_pk)
    cluster_ids = Membership.objects.filter(unit=unit).values_list("cluster_id", flat=True)
    covenants = list(
        access.covenants_with_scores_visible_to(request.user)
        .filter(cluster_id__in=cluster_ids)
        .select_related("cluster")
        .order_by("cluster__year", "cluster__level")
    )
    if not covenants:
        raise Http404
    tables = domain.cluster_score_tables(covenants=covenants)
    years: list[YearScores] = []
    for table in tables:
        try:
            years.append(YearScores(table, table.unit(unit)))
        except KeyError:
            continue
    latest = next((y for y in reversed(years) if y.scores.sheet is not None), None) or (
        years[-1] if years else None
    )
    groups: list[dict[str, Any]] = []
    strengths: list[dict[str, Any]] = []
    weaknesses: list[dict[str, Any]] = []
    if latest is not None:
        table, mine = latest.table, latest.scores
        for row in table.criteria:
            if row.depth != 0:
                continue
            node = mine.nodes.get(row.criterion.pk)
            if node is None:
                continue
            groups.append(
                {
                    "criterion": row.criterion,
                    "total": node.total,
                    "maximum": node.maximum,
                    "attainable": node.attainable,
                    "share": (node.total / node.attainable * HUNDRED) if node.attainable else None,
                }
            )
        judged = []
        for cell in mine.cells.values():
            if cell.points is None or not cell.attainable:
                continue
            if cell.criterion.kind == CriterionKind.BONUS_PENALTY:
                continue
            judged.append((cell.points / cell.attainable, cell))
        judged.sort(key=lambda item: (item[0], item[1].criterion.position))
        strengths = [
            {"cell": cell, "share": share * HUNDRED, "class": cell_class(cell)}
            for share, cell in reversed(judged[-5:])
            if share >= 1 or cell_class(cell) == "exceeded"
        ]
        weaknesses = [
            {"cell": cell, "share": share * HUNDRED, "class": cell_class(cell)}
            for share, cell in judged[:5]
            if share < 1
        ]
    chart = {
        "labels": [str(y.table.covenant.cluster.year) for y in years],
        "percent": [
            float(y.scores.percent_display) if y.scores.percent_display is not None else None
            for y in years
        ],
        "rank": [y.scores.rank for y in years],
        "groups": [g["criterion"].code for g in groups],
        "group_share": [
            float(round(g["share"], 2)) if g["share"] is not None else None for g in groups
        ],
        "names": {"percent": _("Tỷ lệ điểm (%)"), "group": _("Tỷ lệ điểm đạt được của nhóm (%)")},
    }
    return render(
        request,
        "scoring/profile.html",
        {
            "unit": unit,
            "years": years,
            "latest": latest,
            "groups": groups,
            "strengths": strengths,
            "weaknesses": weaknesses,
            "chart": chart,
        },
    )
