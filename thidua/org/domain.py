"""Writes and reads for units, lineage, clusters, memberships, roles and handovers.

Every write is one function in one transaction; each refuses bad input with a
ValidationError whose message names the problem, before anything is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.pending import HomePanel, PendingItem
from thidua.engine.text import fold
from thidua.org.models import (
    Cluster,
    ClusterLevel,
    ClusterRole,
    Handover,
    LineageEvent,
    LineageKind,
    Membership,
    ReassignmentNeeded,
    RoleKind,
    RoleSource,
    Unit,
    UnitKind,
)

ONE_DAY = dt.timedelta(days=1)


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# ---------------------------------------------------------------------------------------
# Units


def unit_search(
    *, query: str = "", kind: str = "", active_on: dt.date | None = None
) -> QuerySet[Unit]:
    """Units matching the words of `query` without regard to diacritics, in Vietnamese order."""
    units = Unit.objects.select_related("parent")
    for word in fold(query).split():
        units = units.filter(search_text__contains=word)
    if kind:
        units = units.filter(kind=kind)
    if active_on is not None:
        units = units.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=active_on),
            Q(active_to__isnull=True) | Q(active_to__gte=active_on),
        )
    return units.order_by("sort_name", "code")


def unit_choices() -> list[Unit]:
    return list(Unit.objects.order_by("sort_name").only("id", "code", "short_name", "name"))


def _check_unit(unit: Unit) -> None:
    errors: dict[str, list[str]] = {}
    if not unit.code.strip():
        errors.setdefault("code", []).append(_("Mã đơn vị không được để trống."))
    elif Unit.objects.filter(code=unit.code).exclude(pk=unit.pk).exists():
        errors.setdefault("code", []).append(
            _("Mã đơn vị “%(code)s” đã được dùng cho đơn vị khác.") % {"code": unit.code}
        )
    if not unit.name.strip():
        errors.setdefault("name", []).append(_("Tên đơn vị không được để trống."))
    if unit.kind not in UnitKind.values:
        errors.setdefault("kind", []).append(_("Loại đơn vị không hợp lệ."))
    if unit.active_from and unit.active_to and unit.active_to < unit.active_from:
        errors.setdefault("active_to", []).append(
            _("Ngày kết thúc hoạt động phải sau ngày bắt đầu.")
        )
    if unit.parent_id is not None and unit.pk is not None:
        seen = {unit.pk}
        ancestor = unit.parent
        while ancestor is not None:
            if ancestor.pk in seen:
                errors.setdefault("parent", []).append(
                    _(
                        "Đơn vị cấp trên tạo thành vòng lặp: một đơn vị không thể là cấp trên của chính nó."
                    )
                )
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    short_name: str = "",
    kind: str,
    parent: Unit | None = None,
    active_from: dt.date | None = None,
    active_to: dt.date | None = None,
    is_emulation_office: bool = False,
    is_sample: bool = False,
) -> Unit:
    unit = Unit(
        code=code.strip(),
        name=name.strip(),
        short_name=(short_name or name).strip(),
        kind=kind,
        parent=parent,
        active_from=active_from,
        active_to=active_to,
        is_emulation_office=is_emulation_office,
        is_sample=is_sample,
    )
    _check_unit(unit)
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, **changes: Any) -> Unit:
    allowed = {
        "code", "name", "short_name", "kind", "parent", "active_from", "active_to",
        "is_emulation_office",
    }  # fmt: skip
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(unit, name, value.strip() if isinstance(value, str) else value)
    if "parent" in changes and unit.parent_id == unit.pk:
        raise ValidationError({"parent": [_("Một đơn vị không thể là cấp trên của chính nó.")]})
    _check_unit(unit)
    unit.save()
    return unit


# ---------------------------------------------------------------------------------------
# Lineage


@dataclass(frozen=True)
class Constituents:
    """The units whose data at a date make up a unit; `exact` is False after a split."""

    units: tuple[Unit, ...]
    exact: bool = True


def constituents(*, unit: Unit, on: dt.date) -> Constituents:
    """Which units' data, as they stood on `on`, make up `unit` today.

    Walks the lineage backwards through every event after `on`: a merged unit is made of
    its predecessors (and itself, if it already existed), a renamed one of its former self.
    A unit formed by a split has no exact predecessor: the whole former unit is returned
    with exact=False, so that a comparison can say it is approximate.
    """
    result: dict[int, Unit] = {}
    exact = True
    stack = [unit]
    seen: set[int] = set()
    events = _events_after(on)
    while stack:
        current = stack.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        incoming = [e for e in events if current.pk in e.target_ids]
        for event in incoming:
            if event.kind == LineageKind.SPLIT:
                exact = False
            stack.extend(event.source_units)
        formed_later = current.active_from is not None and current.active_from > on
        if current.is_active_on(on) or (not incoming and not formed_later):
            result[current.pk] = current
    ordered = sorted(result.values(), key=lambda u: (u.sort_name, u.code))
    return Constituents(units=tuple(ordered), exact=exact)


@dataclass
class _Event:
    kind: str
    source_units: list[Unit] = field(default_factory=list)
    target_ids: set[int] = field(default_factory=set)


def _events_after(on: dt.date) -> list[_Event]:
    events = LineageEvent.objects.filter(effective_date__gt=on).prefetch_related(
        "sources", "targets"
    )
    return [
        _Event(
            kind=e.kind,
            source_units=list(e.sources.all()),
            target_ids={t.pk for t in e.targets.all()},
        )
        for e in events
    ]


@dataclass(frozen=True)
class TimelineEntry:
    event: LineageEvent
    direction: str  # "from": `subject` came from `others`; "to": `subject` went into `others`
    others: tuple[Unit, ...]
    subject: Unit  # the unit itself, or one of its predecessors or successors


def lineage_timeline(*, unit: Unit) -> list[TimelineEntry]:
    """The unit's lineage both ways, transitively (A → B → C shows both steps), oldest first."""
    entries: list[TimelineEntry] = []
    for direction in ("from", "to"):
        frontier = {unit.pk: unit}
        visited = set(frontier)
        while frontier:
            lookup = (
                {"targets__in": list(frontier)}
                if direction == "from"
                else {"sources__in": list(frontier)}
            )
            events = (
                LineageEvent.objects.filter(**lookup)
                .distinct()
                .prefetch_related("sources", "targets")
            )
            next_frontier: dict[int, Unit] = {}
            for event in events:
                sources, targets = list(event.sources.all()), list(event.targets.all())
                near, far = (targets, sources) if direction == "from" else (sources, targets)
                for subject in near:
                    if subject.pk in frontier:
                        others = tuple(u for u in far if u.pk != subject.pk)
                        entries.append(TimelineEntry(event, direction, others, subject))
                for other in far:
                    if other.pk not in visited:
                        visited.add(other.pk)
                        next_frontier[other.pk] = other
            frontier = next_frontier
    return sorted(entries, key=lambda e: (e.event.effective_date, e.event.pk, e.direction))


def _ancestry(units: Iterable[Unit]) -> set[int]:
    """All units that some unit came from, transitively (for cycle checks)."""
    found: set[int] = set()
    frontier = {u.pk for u in units}
    while frontier:
        sources = set(
            LineageEvent.sources.through.objects.filter(
                lineageevent__targets__in=frontier
            ).values_list("unit_id", flat=True)
        )
        frontier = sources - found
        found |= sources
    return found


def _check_lineage(
    kind: str, day: dt.date, sources: Sequence[Unit], targets: Sequence[Unit]
) -> None:
    source_ids = {u.pk for u in sources}
    target_ids = {u.pk for u in targets}
    if kind not in LineageKind.values:
        raise ValidationError({"kind": [_("Loại sự kiện không hợp lệ.")]})
    if not sources:
        raise ValidationError({"sources": [_("Cần chọn ít nhất một đơn vị trước sự kiện.")]})
    if len(source_ids) != len(sources) or len(target_ids) != len(targets):
        raise ValidationError(_("Một đơn vị được chọn hai lần."))
    if source_ids & target_ids:
        raise ValidationError(
            _("Một đơn vị không thể hợp nhất, chia tách hay đổi tên vào chính nó.")
        )
    if kind == LineageKind.MERGE and len(targets) != 1:
        raise ValidationError({"targets": [_("Hợp nhất phải có đúng một đơn vị sau.")]})
    if kind == LineageKind.SPLIT and (len(sources) != 1 or len(targets) < 2):
        raise ValidationError(_("Chia tách là một đơn vị thành ít nhất hai đơn vị."))
    if kind == LineageKind.RENAME and (len(sources) != 1 or len(targets) != 1):
        raise ValidationError(_("Đổi tên là một đơn vị thành đúng một đơn vị."))
    if kind == LineageKind.DISSOLVE and targets:
        raise ValidationError({"targets": [_("Giải thể không có đơn vị sau.")]})
    for source in sources:
        if not source.is_active_on(day - ONE_DAY):
            raise ValidationError(
                _("Đơn vị %(unit)s không còn hoạt động trước ngày %(day)s.")
                % {"unit": source, "day": _d(day)}
            )
    for target in targets:
        if not target.is_active_on(day):
            raise ValidationError(
                _("Đơn vị %(unit)s phải hoạt động từ ngày %(day)s.")
                % {"unit": target, "day": _d(day)}
            )
    if target_ids & _ancestry(sources):
        raise ValidationError(
            _("Sự kiện này tạo thành vòng lặp: đơn vị sau đã là tiền thân của đơn vị trước.")
        )


@transaction.atomic
def lineage_record(
    *,
    kind: str,
    effective_date: dt.date,
    sources: Sequence[Unit],
    targets: Sequence[Unit] = (),
    decision: str = "",
    note: str = "",
    by: Any = None,
) -> LineageEvent:
    """Record a merge, split, rename or dissolution and apply what follows from it.

    The units that end stop being active the day before; their cluster memberships end
    then too; a head or deputy role passes to the successor when the successor is a member
    of that cluster on the effective date, otherwise the office is asked to reassign it.
    """
    sources = list(sources)
    targets = list(targets)
    _check_lineage(kind, effective_date, sources, targets)
    event = LineageEvent.objects.create(
        kind=kind, effective_date=effective_date, decision=decision, note=note, created_by=by
    )
    event.sources.set(sources)
    event.targets.set(targets)
    last_day = effective_date - ONE_DAY
    for source in sources:
        source.active_to = last_day
        source.save()
        successor = targets[0] if len(targets) == 1 else None
        _end_memberships(source, last_day)
        _pass_roles(source, successor, effective_date)
    return event


def _end_memberships(unit: Unit, last_day: dt.date) -> None:
    for membership in Membership.objects.filter(unit=unit, end_date__gt=last_day):
        if membership.start_date > last_day:
            membership.delete()
        else:
            membership.end_date = last_day
            membership.note = (membership.note + " " if membership.note else "") + _(
                "Kết thúc do sắp xếp tổ chức."
            )
            membership.save()


def _pass_roles(unit: Unit, successor: Unit | None, effective_date: dt.date) -> None:
    last_day = effective_date - ONE_DAY
    for role in ClusterRole.objects.filter(unit=unit, end_date__gte=effective_date).select_related(
        "cluster"
    ):
        role_end = role.end_date
        if role.start_date >= effective_date:
            role.delete()
        else:
            role.end_date = last_day
            role.save()
        other_role = RoleKind.DEPUTY if role.role == RoleKind.HEAD else RoleKind.HEAD
        holds_other = successor is not None and ClusterRole.objects.filter(
            cluster=role.cluster, unit=successor, role=other_role,
            start_date__lte=role_end, end_date__gte=effective_date,
        ).exists()  # fmt: skip
        if (
            successor is not None
            and not holds_other
            and is_member(cluster=role.cluster, unit=successor, on=effective_date)
        ):
            ClusterRole.objects.create(
                cluster=role.cluster,
                unit=successor,
                role=role.role,
                start_date=max(effective_date, role.start_date),
                end_date=role_end,
                source=RoleSource.SUCCESSION,
            )
        else:
            ReassignmentNeeded.objects.get_or_create(
                cluster=role.cluster,
                role=role.role,
                from_date=max(effective_date, role.start_date),
                former_unit=unit,
            )


# ---------------------------------------------------------------------------------------
# Clusters and memberships


def is_member(*, cluster: Cluster, unit: Unit, on: dt.date) -> bool:
    return Membership.objects.filter(
        cluster=cluster, unit=unit, start_date__lte=on, end_date__gte=on
    ).exists()


def _check_cluster(cluster: Cluster) -> None:
    errors: dict[str, list[str]] = {}
    if cluster.level == ClusterLevel.PROVINCIAL and cluster.province_id is None:
        errors["province"] = [_("Cụm cấp tỉnh phải thuộc một Công an tỉnh, thành phố.")]
    if cluster.level == ClusterLevel.MINISTRY and cluster.province_id is not None:
        errors["province"] = [_("Cụm cấp Bộ không thuộc Công an tỉnh nào.")]
    if not 2000 <= cluster.year <= 2100:
        errors["year"] = [_("Năm không hợp lệ.")]
    duplicate = Cluster.objects.filter(
        year=cluster.year, level=cluster.level, province=cluster.province, number=cluster.number
    ).exclude(pk=cluster.pk)
    if duplicate.exists():
        errors["number"] = [
            _("Đã có Cụm thi đua số %(number)s năm %(year)s ở cấp này.")
            % {"number": cluster.number, "year": cluster.year}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cluster_create(
    *,
    year: int,
    level: str,
    number: int,
    managing_office: Unit,
    name: str = "",
    province: Unit | None = None,
    note: str = "",
    is_sample: bool = False,
) -> Cluster:
    cluster = Cluster(
        year=year,
        level=level,
        number=number,
        managing_office=managing_office,
        name=name,
        province=province,
        note=note,
        is_sample=is_sample,
    )
    _check_cluster(cluster)
    cluster.save()
    return cluster


@transaction.atomic
def cluster_update(*, cluster: Cluster, **changes: Any) -> Cluster:
    allowed = {"name", "number", "managing_office", "note"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(cluster, name, value)
    _check_cluster(cluster)
    cluster.save()
    return cluster


def _overlapping_clusters(
    cluster: Cluster, unit: Unit, start: dt.date, end: dt.date
) -> QuerySet[Membership]:
    return Membership.objects.filter(
        unit=unit,
        cluster__level=cluster.level,
        cluster__province=cluster.province,
        start_date__lte=end,
        end_date__gte=start,
    ).exclude(cluster=cluster)


@transaction.atomic
def membership_add(
    *,
    cluster: Cluster,
    unit: Unit,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    note: str = "",
) -> Membership:
    start = start_date or cluster.start
    end = end_date or cluster.end
    if not (cluster.start <= start <= end <= cluster.end):
        raise ValidationError(
            _(
                "Thời gian là thành viên phải nằm trong năm %(year)s và ngày bắt đầu trước ngày kết thúc."
            )
            % {"year": cluster.year}
        )
    if not (unit.is_active_on(start) and unit.is_active_on(end)):
        raise ValidationError(
            _("%(unit)s không hoạt động trong suốt thời gian %(start)s – %(end)s.")
            % {"unit": unit, "start": _d(start), "end": _d(end)}
        )
    other = _overlapping_clusters(cluster, unit, start, end).select_related("cluster").first()
    if other is not None:
        raise ValidationError(
            _(
                "%(unit)s đã là thành viên của %(cluster)s trong thời gian này; một đơn vị chỉ thuộc một cụm ở mỗi cấp."
            )
            % {"unit": unit, "cluster": other.cluster}
        )
    if Membership.objects.filter(
        cluster=cluster, unit=unit, start_date__lte=end, end_date__gte=start
    ).exists():
        raise ValidationError(
            _("%(unit)s đã là thành viên của cụm trong thời gian này.") % {"unit": unit}
        )
    return Membership.objects.create(
        cluster=cluster, unit=unit, start_date=start, end_date=end, note=note
    )


@transaction.atomic
def membership_end(*, membership: Membership, end_date: dt.date) -> Membership:
    if not membership.start_date <= end_date <= membership.end_date:
        raise ValidationError(_("Ngày kết thúc phải nằm trong thời gian là thành viên."))
    roles = ClusterRole.objects.filter(
        cluster=membership.cluster, unit=membership.unit, end_date__gt=end_date
    )
    if roles.exists():
        raise ValidationError(
            _("%(unit)s đang là cụm trưởng hoặc cụm phó sau ngày này; hãy phân công lại trước.")
            % {"unit": membership.unit}
        )
    membership.end_date = end_date
    membership.save()
    return membership


def members_on(*, cluster: Cluster, on: dt.date) -> list[Unit]:
    return [
        m.unit
        for m in Membership.objects.filter(cluster=cluster, start_date__lte=on, end_date__gte=on)
        .select_related("unit")
        .order_by("unit__sort_name")
    ]


# ---------------------------------------------------------------------------------------
# Roles and handovers


def _member_throughout(cluster: Cluster, unit: Unit, start: dt.date, end: dt.date) -> bool:
    day = start
    for membership in Membership.objects.filter(cluster=cluster, unit=unit).order_by("start_date"):
        if membership.start_date <= day <= membership.end_date:
            day = membership.end_date + ONE_DAY
            if day > end:
                return True
    return False


@transaction.atomic
def role_assign(
    *,
    cluster: Cluster,
    unit: Unit,
    role: str,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    source: str = RoleSource.ASSIGNMENT,
    handover: Handover | None = None,
) -> ClusterRole:
    """Give `unit` the head or deputy role from `start_date`; whoever held it stops the day before."""
    start = start_date or cluster.start
    end = end_date or cluster.end
    if role not in RoleKind.values:
        raise ValidationError({"role": [_("Vai trò không hợp lệ.")]})
    if not (cluster.start <= start <= end <= cluster.end):
        raise ValidationError(
            _("Thời gian giữ vai trò phải nằm trong năm %(year)s.") % {"year": cluster.year}
        )
    if not _member_throughout(cluster, unit, start, end):
        raise ValidationError(
            _("%(unit)s không phải thành viên của cụm trong suốt thời gian %(start)s – %(end)s.")
            % {"unit": unit, "start": _d(start), "end": _d(end)}
        )
    other_role = RoleKind.DEPUTY if role == RoleKind.HEAD else RoleKind.HEAD
    if ClusterRole.objects.filter(
        cluster=cluster, unit=unit, role=other_role, start_date__lte=end, end_date__gte=start
    ).exists():
        raise ValidationError(_("Một đơn vị không thể vừa là cụm trưởng vừa là cụm phó."))
    for held in ClusterRole.objects.filter(
        cluster=cluster, role=role, start_date__lte=end, end_date__gte=start
    ):
        if held.start_date >= start and held.end_date <= end:
            held.delete()
        elif held.start_date < start:
            tail_end = held.end_date
            held.end_date = start - ONE_DAY
            held.save()
            if tail_end > end:
                ClusterRole.objects.create(
                    cluster=cluster, unit=held.unit, role=role, start_date=end + ONE_DAY,
                    end_date=tail_end, source=held.source, handover=held.handover,
                )  # fmt: skip
        else:
            held.start_date = end + ONE_DAY
            held.save()
    ReassignmentNeeded.objects.filter(
        cluster=cluster, role=role, from_date__gte=start, from_date__lte=end, resolved_at=None
    ).update(resolved_at=timezone.now())
    return ClusterRole.objects.create(
        cluster=cluster,
        unit=unit,
        role=role,
        start_date=start,
        end_date=end,
        source=source,
        handover=handover,
    )


def roles_on(*, cluster: Cluster, on: dt.date) -> dict[str, Unit]:
    return {
        r.role: r.unit
        for r in ClusterRole.objects.filter(
            cluster=cluster, start_date__lte=on, end_date__gte=on
        ).select_related("unit")
    }


def next_year_cluster(*, cluster: Cluster) -> Cluster | None:
    return Cluster.objects.filter(
        year=cluster.year + 1, level=cluster.level, province=cluster.province, number=cluster.number
    ).first()


@dataclass(frozen=True)
class Replacement:
    former: Unit
    successor: Unit | None  # None: dissolved, or split with no single successor


def next_year_plan(*, cluster: Cluster) -> tuple[list[Unit], list[Replacement]]:
    """Next year's members: this year's, with merged members replaced by their successor."""
    first_day = dt.date(cluster.year + 1, 1, 1)
    members: dict[int, Unit] = {}
    replacements: list[Replacement] = []
    for membership in (
        Membership.objects.filter(cluster=cluster)
        .select_related("unit")
        .order_by("unit__sort_name")
    ):
        unit = membership.unit
        if unit.is_active_on(first_day):
            members.setdefault(unit.pk, unit)
            continue
        successor = _successor_on(unit, first_day)
        replacements.append(Replacement(former=unit, successor=successor))
        if successor is not None:
            members.setdefault(successor.pk, successor)
    ordered = sorted(members.values(), key=lambda u: (u.sort_name, u.code))
    return ordered, replacements


def _successor_on(unit: Unit, day: dt.date) -> Unit | None:
    current = unit
    for _step in range(50):
        if current.is_active_on(day):
            return current
        event = (
            LineageEvent.objects.filter(sources=current, effective_date__lte=day)
            .prefetch_related("targets")
            .order_by("effective_date")
            .first()
        )
        if event is None:
            return None
        targets = list(event.targets.all())
        if len(targets) != 1:
            return None
        current = targets[0]
    return None


@transaction.atomic
def cluster_start_next_year(*, cluster: Cluster, members: Sequence[Unit] | None = None) -> Cluster:
    """Copy a cluster to next year; `members` is the office's confirmed list (default: the plan)."""
    if next_year_cluster(cluster=cluster) is not None:
        raise ValidationError(
            _("Cụm thi đua số %(number)s năm %(year)s đã có.")
            % {"number": cluster.number, "year": cluster.year + 1}
        )
    if members is None:
        members, _replacements = next_year_plan(cluster=cluster)
    new = cluster_create(
        year=cluster.year + 1,
        level=cluster.level,
        number=cluster.number,
        managing_office=cluster.managing_office,
        name=cluster.name,
        province=cluster.province,
        is_sample=cluster.is_sample,
    )
    for unit in members:
        membership_add(cluster=new, unit=unit)
    return new


@transaction.atomic
def handover_record(
    *,
    cluster: Cluster,
    head: Unit,
    deputy: Unit,
    conference_date: dt.date,
    note: str = "",
    by: Any = None,
) -> Handover:
    """Cluster X hands head and deputy to A and B for next year; next year's roles follow."""
    if head.pk == deputy.pk:
        raise ValidationError(_("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."))
    if conference_date.year not in (cluster.year, cluster.year + 1):
        raise ValidationError(
            {
                "conference_date": [
                    _("Ngày hội nghị phải thuộc năm %(year)s hoặc đầu năm sau.")
                    % {"year": cluster.year}
                ]
            }
        )
    if Handover.objects.filter(from_cluster=cluster).exists():
        raise ValidationError(_("Cụm này đã bàn giao cho năm sau; hãy sửa bản bàn giao đã có."))
    target = next_year_cluster(cluster=cluster) or cluster_start_next_year(cluster=cluster)
    handover = Handover.objects.create(
        from_cluster=cluster,
        to_cluster=target,
        head=head,
        deputy=deputy,
        conference_date=conference_date,
        note=note,
        created_by=by,
    )
    for unit, role in ((head, RoleKind.HEAD), (deputy, RoleKind.DEPUTY)):
        start = max(target.start, _first_membership_day(target, unit))
        role_assign(
            cluster=target,
            unit=unit,
            role=role,
            start_date=start,
            end_date=_last_continuous_day(target, unit, start),
            source=RoleSource.HANDOVER,
            handover=handover,
        )
    return handover


def _first_membership_day(cluster: Cluster, unit: Unit) -> dt.date:
    first = Membership.objects.filter(cluster=cluster, unit=unit).order_by("start_date").first()
    if first is None:
        raise ValidationError(
            _("%(unit)s không phải thành viên của %(cluster)s.")
            % {"unit": unit, "cluster": cluster}
        )
    return first.start_date


def _last_continuous_day(cluster: Cluster, unit: Unit, start: dt.date) -> dt.date:
    day = start
    for membership in Membership.objects.filter(cluster=cluster, unit=unit).order_by("start_date"):
        if membership.start_date <= day <= membership.end_date + ONE_DAY:
            day = max(day, membership.end_date)
    return day


# ---------------------------------------------------------------------------------------
# What waits for the office


def pending_role_reassignments(user: Any) -> list[PendingItem]:
    from thidua.org import access

    if not user.is_authenticated:
        return []
    clusters = access.clusters_managed_by(user)
    items = []
    for need in ReassignmentNeeded.objects.filter(
        cluster__in=clusters, resolved_at=None
    ).select_related("cluster", "former_unit"):
        items.append(
            PendingItem(
                title=_("%(cluster)s: phân công lại %(role)s từ %(day)s")
                % {
                    "cluster": need.cluster,
                    "role": need.get_role_display().lower(),
                    "day": _d(need.from_date),
                },
                url=f"/org/clusters/{need.cluster_id}/",
                due=need.from_date,
                detail=_("%(unit)s đã sáp nhập; đơn vị kế thừa không thuộc cụm.")
                % {"unit": need.former_unit},
                urgent=True,
            )
        )
    return items


def home_panel(user: Any) -> HomePanel | None:
    """The user's unit and its clusters over the last years, with its role in each."""
    if not user.is_authenticated or user.unit_id is None:
        return None
    memberships = (
        Membership.objects.filter(unit_id=user.unit_id)
        .select_related("cluster")
        .order_by("-cluster__year", "cluster__number", "start_date")
    )
    roles = {
        (r.cluster_id, r.role)
        for r in ClusterRole.objects.filter(unit_id=user.unit_id).only("cluster_id", "role")
    }
    rows = []
    seen: set[int] = set()
    for membership in memberships:
        if membership.cluster_id in seen:
            continue
        seen.add(membership.cluster_id)
        held = [
            label for value, label in RoleKind.choices if (membership.cluster_id, value) in roles
        ]
        rows.append({"cluster": membership.cluster, "roles": held})
    return HomePanel(
        template="org/home_panel.html", context={"unit": user.unit, "clusters": rows[:8]}
    )
