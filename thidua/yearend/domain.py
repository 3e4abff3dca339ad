"""The year-end report of a cluster (báo cáo tổng kết), assembled from the year's data.

`year_end_report(cluster=)` reads everything the report says once, in a bounded number of
queries, into frozen dataclasses whose text is already what the document prints:
Vietnamese administrative prose, numbers the Vietnamese way ("1.234,56", "95,57%",
"150.000.000 đồng"), dates "ngày 23 tháng 11 năm 2024". The Word file and the printable
page (thidua.yearend.documents, the report page) only lay it out, so they say the same.

Where the numbers come from (nothing is computed here but through the owning app):
- the cluster, its members, head and deputy, the handover: thidua.org;
- the covenant (theme, movement, signing date and place): thidua.covenants;
- each target's result per member unit on the approved year figures: thidua.reporting
  (`report_evaluations` on the covenant's YEAR period, lineage-aware, the engine's outcome);
- the ranking, published or provisional: thidua.scoring (`covenant_ranking`);
- the vote: thidua.voting (`vote_result` of the cluster's closed votes);
- conferences, awards and proposals, exemplary models and practices, contributions: their
  apps' selectors, each read only when the app is installed, so that the report works
  with or without them (`_optional`).

Queries: a fixed number for everything, plus reporting's fixed number per member unit (a
unit's evaluations are lineage-aware and read per unit) and voting's per vote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, ClassVar, TypeAlias, TypeVar

from django.apps import apps
from django.utils import timezone, translation
from django.utils.text import Truncator

from thidua.core.documents import BLANK, blank_number, vietnamese_date
from thidua.covenants.documents import document_stem, parent_body, province_short_name
from thidua.covenants.models import Covenant, CovenantStatus, Criterion, CriterionKind
from thidua.engine.evaluation import Count, Evaluation, Outcome, Ratio
from thidua.engine.numbers import arithmetic, format_int_vi, format_number_vi, format_percent_vi
from thidua.engine.scoring import round_display
from thidua.engine.targets import AllOf, AtLeast, AtMost, Change, ChangeDirection, Target
from thidua.engine.text import fold
from thidua.org.models import Cluster, ClusterLevel, ClusterRole, Handover, Membership, RoleKind
from thidua.org.models import Unit as OrgUnit
from thidua.reporting import domain as reporting
from thidua.scoring import domain as scoring
from thidua.scoring.models import ScoreSheet
from thidua.voting import domain as voting
from thidua.voting.models import Vote, VoteStatus

DOCUMENT_SYMBOL = "BC-CTĐ"  # Báo cáo, of the Cụm thi đua (NĐ 30 abbreviations)
TITLE = "BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA NĂM {year}"
MOVEMENT = "“Vì an ninh Tổ quốc”"
NOT_SCORED = "—"
# Proposals not decided yet (thidua.awards' ProposalStatus values), and how a report says so.
WAITING = {"proposed": "chưa trình Hội đồng", "submitted": "đã trình Hội đồng"}
OPEN_PROPOSALS = frozenset(WAITING)
# What a conference decided, in the order a report tells it.
DECIDED_ORDER = {"covenant_signed": 0, "vote_held": 1, "handover_made": 2}

_T = TypeVar("_T")


# ---------------------------------------------------------------------------------------
# The content


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; `editable`: a default the officer is expected to rewrite."""

    kind: ClassVar[str] = "paragraph"
    text: str
    editable: bool = False
    bullet: bool = False  # a "- …" item of a list


@dataclass(frozen=True)
class Heading:
    """A numbered sub-heading inside a section: "1. Kết quả thực hiện …"."""

    kind: ClassVar[str] = "heading"
    text: str


@dataclass(frozen=True)
class Cell:
    text: str
    align: str


@dataclass(frozen=True)
class Line:
    """A row as printed: `span` rows for its first cell (0: merged into the row above)."""

    span: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A table as printed: `layout` names its column widths in the document and the page."""

    kind: ClassVar[str] = "table"
    layout: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    aligns: tuple[str, ...]  # per column: "left", "center" or "right"
    group_first: bool = False  # rows with the same first cell share one (merged) cell
    last_is_total: bool = False  # the last row adds up the others (printed bold)

    def spans(self) -> tuple[int, ...]:
        """Per row, how many rows its first cell spans: 0 for a row continuing the one above."""
        spans = [0] * len(self.rows)
        start = 0
        for index in range(1, len(self.rows) + 1):
            if index == len(self.rows) or self.rows[index][0] != self.rows[start][0]:
                spans[start] = index - start
                start = index
        return tuple(spans)

    @property
    def lines(self) -> tuple[Line, ...]:
        spans = self.spans() if self.group_first else (1,) * len(self.rows)
        return tuple(
            Line(
                span, tuple(Cell(text, align) for text, align in zip(row, self.aligns, strict=True))
            )
            for span, row in zip(spans, self.rows, strict=True)
        )


Block: TypeAlias = Paragraph | Heading | Table


@dataclass(frozen=True)
class Section:
    number: str  # "I"
    title: str  # "ĐẶC ĐIỂM TÌNH HÌNH"
    blocks: tuple[Block, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class Member:
    name: str  # "Công an tỉnh Tây Ninh"
    short_name: str  # "Tây Ninh"
    roles: tuple[str, ...]  # ("Cụm trưởng",), with the dates when not the whole year
    note: str  # "thành viên đến ngày 30/06/2025", "" for the whole year


@dataclass(frozen=True)
class Overview:
    """I. The cluster, its members, head and deputy, office and covenant."""

    members: tuple[Member, ...]
    heads: tuple[str, ...]  # unit names, in date order
    deputies: tuple[str, ...]
    office: str
    covenant_signed_on: dt.date | None
    covenant_place: str
    theme: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class UnitResult:
    unit: str  # short name, as reports cite units: "Tây Ninh"
    outcome: str  # an engine Outcome value; "" for a unit without a target
    value: str  # "93,1%", "412/218 hồ sơ", "giảm 7,2%"; "" when there is nothing to cite

    @property
    def cited(self) -> str:
        return f"{self.unit} ({self.value})" if self.value else self.unit


@dataclass(frozen=True)
class TargetResult:
    """One quantitative criterion: how the member units did against their targets."""

    code: str
    title: str
    target: str  # the shared target as a sentence, or "" when each unit has its own
    units_with_target: int
    exceeded: tuple[UnitResult, ...]
    met: tuple[UnitResult, ...]
    not_met: tuple[UnitResult, ...]
    no_data: tuple[UnitResult, ...]
    without_target: tuple[UnitResult, ...]
    cluster_total: str  # "2.662/1.438 hồ sơ (185,12%)" for a count target, else ""
    sentence: str

    @property
    def achieved(self) -> tuple[UnitResult, ...]:
        return self.exceeded + self.met


@dataclass(frozen=True)
class Targets:
    """II. The targets of the covenant and their results over the year."""

    has_figures: bool
    results: tuple[TargetResult, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Standing:
    rank: int
    tied: bool
    unit: str
    total: str  # "918,88"
    attainable: str
    percent: str  # "91,89%"

    @property
    def rank_text(self) -> str:
        return f"{self.rank} (đồng hạng)" if self.tied else str(self.rank)


@dataclass(frozen=True)
class RankingPart:
    """III. The scores' ranking: as published by the office, or as the scores stand."""

    published: bool
    published_on: dt.date | None
    standings: tuple[Standing, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Elected:
    unit: str  # full name
    votes: int
    share: str  # of the eligible voters: "80%"


@dataclass(frozen=True)
class TitleVote:
    title: str  # "Cờ thi đua của Chính phủ"
    quota: int
    elected: tuple[Elected, ...]
    runoff: tuple[str, ...]  # units still tied, when the run-off is not counted yet


@dataclass(frozen=True)
class VotePart:
    """IV.1 The secret ballot for the titles, on the basis of the scores."""

    held_on: dt.date | None
    place: str
    titles: tuple[TitleVote, ...]
    table: Table | None
    paragraphs: tuple[str, ...]
    closing: str = ""  # after the table: the request to the office


@dataclass(frozen=True)
class HandoverPart:
    """V. Next year's head and deputy, handed over at the year-end conference."""

    conference_date: dt.date | None
    head: str  # "" when not handed over yet
    deputy: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ConferenceLine:
    day: dt.date
    kind: str  # the kind's label: "Hội nghị tổng kết"
    title: str
    place: str
    held: bool
    chair: str
    guests: tuple[str, ...]
    decided: tuple[str, ...]  # "ký kết giao ước thi đua", …
    sentence: str


@dataclass(frozen=True)
class ConferencesPart:
    """II.1 The cluster's conferences of the year (thidua.conferences)."""

    conferences: tuple[ConferenceLine, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class AwardLine:
    title: str
    recipient: str
    decision: str  # "Quyết định số 123/QĐ-BCA ngày 10/12/2024 của Bộ trưởng Bộ Công an"


@dataclass(frozen=True)
class ProposalLine:
    title: str
    recipient: str
    status: str  # the status' label: "Đã trình Hội đồng"
    status_code: str = ""


@dataclass(frozen=True)
class AwardsPart:
    """IV.2 Awards for the year and the cluster's proposals (thidua.awards)."""

    awards: tuple[AwardLine, ...]
    proposals: tuple[ProposalLine, ...]
    table: Table | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class PracticeLine:
    kind: str
    title: str
    unit: str
    person: str
    summary: str
    results: str


@dataclass(frozen=True)
class PracticesPart:
    """II.3 Exemplary collectives and people, good models and practices (thidua.practices)."""

    practices: tuple[PracticeLine, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class PledgeLine:
    unit: str
    pledged: str  # "30.000.000"
    paid: str
    outstanding: str


@dataclass(frozen=True)
class FundLine:
    title: str
    beneficiary: str
    pledged: str  # "150.000.000 đồng"
    paid: str
    outstanding: str
    pledges: tuple[PledgeLine, ...]
    sentence: str
    table: Table


@dataclass(frozen=True)
class ContributionsPart:
    """II.4 Shared funds and charity of the cluster (thidua.contributions)."""

    funds: tuple[FundLine, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Signer:
    lines: tuple[str, ...]  # ("TM. CỤM THI ĐUA", "CỤM TRƯỞNG")
    unit: str  # the head unit, "CÔNG AN TỈNH TÂY NINH"; "" when none is assigned
    name: str  # "": typed in by the clerk


@dataclass(frozen=True)
class YearEndReport:
    cluster_id: int
    year: int
    cluster_name: str  # "Cụm thi đua số 10"
    parent_body: str  # "BỘ CÔNG AN"
    issuer: str  # "CỤM THI ĐUA SỐ 10"
    number: str  # "Số:        /BC-CTĐ"
    place_date: str  # "Tây Ninh, ngày 23 tháng 11 năm 2024"
    title: tuple[str, ...]  # the title's lines, in capitals
    intro: str
    overview: Overview
    conferences: ConferencesPart | None  # None: the conferences app is not installed
    targets: Targets
    practices: PracticesPart | None
    contributions: ContributionsPart | None
    ranking: RankingPart
    vote: VotePart
    awards: AwardsPart | None
    handover: HandoverPart
    outlook: tuple[Paragraph, ...]
    sections: tuple[Section, ...]  # the body as printed, numbered I … VI
    closing: str  # the last sentence before the signature, ending "./."
    signer: Signer
    recipients: tuple[str, ...]
    is_sample: bool
    filename: str  # ASCII stem: "bao-cao-tong-ket-cum-10-2024"
    display_name: str  # "Báo cáo tổng kết Cụm thi đua số 10 năm 2024"
    dated: dt.date  # the document's date, or 31 December: the file's metadata date
    missing: tuple[str, ...] = field(default=())  # optional parts left out (app not installed)


# ---------------------------------------------------------------------------------------
# Vietnamese text


def two_digits(count: int) -> str:
    """Counts in administrative prose: "05/05 đơn vị", "03 hội nghị"."""
    return f"{count:02d}"


def join_names(names: Sequence[str]) -> str:
    """ "A", "A và B", "A, B và C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def money(amount: Decimal | int) -> str:
    """VND has no decimals: 150000000 → "150.000.000 đồng"."""
    return f"{format_int_vi(round_display(Decimal(amount)).to_integral_value())} đồng"


def _money_number(amount: Decimal | int) -> str:
    return format_int_vi(round_display(Decimal(amount)).to_integral_value())


def percent(value: Decimal) -> str:
    """Two decimals at most, as reports cite rates: 93.1034… → "93,1%", 95.5696… → "95,57%"."""
    return format_percent_vi(value, 2, trim=True)


def _number(value: Decimal) -> str:
    return format_number_vi(value, 2, trim=True)


def short_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def long_date(day: dt.date) -> str:
    return vietnamese_date(day, day.year)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":", "…")) else f"{text}."


def _quoted(text: str) -> str:
    """ "“…”" around a theme or a name, unless it already is."""
    text = " ".join(text.split()).strip().rstrip(".")
    if text.startswith(("“", '"')) and text.endswith(("”", '"')):
        text = text[1:-1]
    return f"“{text}”"


def _movement(covenant: Covenant | None) -> str:
    """ "phong trào thi đua “Vì an ninh Tổ quốc”"."""
    name = covenant.movement.name.strip() if covenant is not None else ""
    if not name or fold(name) == fold("Vì an ninh Tổ quốc"):
        return f"phong trào thi đua {MOVEMENT}"
    lowered = fold(name)
    if lowered.startswith("phong trao"):
        return name[:1].lower() + name[1:]
    return f"phong trào thi đua {_quoted(name)}"


# ---------------------------------------------------------------------------------------
# Reading the year


@dataclass(frozen=True)
class _Year:
    """What every part needs, read once."""

    cluster: Cluster
    members: tuple[OrgUnit, ...]  # the year's members: head, deputy, then alphabetical
    memberships: tuple[Membership, ...]
    roles: tuple[ClusterRole, ...]
    covenant: Covenant | None
    year_members: tuple[OrgUnit, ...]  # members in December, whom the year report covers

    @property
    def name(self) -> str:
        return f"Cụm thi đua số {self.cluster.number}"

    def role_holders(self, role: str) -> list[ClusterRole]:
        return sorted((r for r in self.roles if r.role == role), key=lambda r: r.start_date)

    def head_on(self, day: dt.date | None) -> OrgUnit | None:
        heads = self.role_holders(RoleKind.HEAD)
        if day is not None:
            for role in heads:
                if role.start_date <= day <= role.end_date:
                    return role.unit
        return heads[-1].unit if heads else None


def _read_year(cluster: Cluster) -> _Year:
    memberships = tuple(
        Membership.objects.filter(cluster=cluster)
        .select_related("unit__parent__parent__parent")
        .order_by("start_date", "id")
    )
    roles = tuple(
        ClusterRole.objects.filter(cluster=cluster)
        .select_related("unit__parent__parent__parent")
        .order_by("start_date", "id")
    )
    covenant = (
        Covenant.objects.filter(cluster=cluster)
        .select_related("movement", "host_unit__parent__parent__parent")
        .first()
    )
    units: dict[int, OrgUnit] = {}
    december: dict[int, OrgUnit] = {}
    for membership in memberships:
        units.setdefault(membership.unit_id, membership.unit)
        if membership.start_date <= cluster.end and membership.end_date >= dt.date(
            cluster.year, 12, 1
        ):
            december.setdefault(membership.unit_id, membership.unit)
    first_role: dict[int, int] = {}
    for role in roles:
        rank = 0 if role.role == RoleKind.HEAD else 1
        first_role[role.unit_id] = min(first_role.get(role.unit_id, 2), rank)

    def order(unit: OrgUnit) -> tuple[int, str, str]:
        return (first_role.get(unit.pk, 2), unit.sort_name, unit.code)

    return _Year(
        cluster=cluster,
        members=tuple(sorted(units.values(), key=order)),
        memberships=memberships,
        roles=roles,
        covenant=covenant,
        year_members=tuple(sorted(december.values(), key=lambda u: (u.sort_name, u.code))),
    )


# ---------------------------------------------------------------------------------------
# I. The cluster


def _period_note(start: dt.date, end: dt.date, cluster: Cluster) -> str:
    if start <= cluster.start and end >= cluster.end:
        return ""
    if start <= cluster.start:
        return f"đến ngày {short_date(end)}"
    if end >= cluster.end:
        return f"từ ngày {short_date(start)}"
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


def _role_label(role: ClusterRole, cluster: Cluster) -> str:
    label = "Cụm trưởng" if role.role == RoleKind.HEAD else "Cụm phó"
    note = _period_note(role.start_date, role.end_date, cluster)
    return f"{label} {note}" if note else label


def _holders_text(roles: list[ClusterRole], cluster: Cluster) -> str:
    parts = []
    for role in roles:
        note = _period_note(role.start_date, role.end_date, cluster)
        parts.append(f"{role.unit.name} ({note})" if note else role.unit.name)
    return join_names(parts)


def _overview(year: _Year, counts: tuple[int, int]) -> Overview:
    cluster = year.cluster
    office = cluster.managing_office.name
    roles_of: dict[int, list[str]] = {}
    for role in year.roles:
        roles_of.setdefault(role.unit_id, []).append(_role_label(role, cluster))
    spans: dict[int, list[Membership]] = {}
    for membership in year.memberships:
        spans.setdefault(membership.unit_id, []).append(membership)
    members = []
    for unit in year.members:
        notes = [
            note
            for m in spans.get(unit.pk, [])
            if (note := _period_note(m.start_date, m.end_date, cluster))
        ]
        members.append(
            Member(
                name=unit.name,
                short_name=unit.short_name or unit.name,
                roles=tuple(roles_of.get(unit.pk, [])),
                note=("thành viên " + "; ".join(notes)) if notes else "",
            )
        )
    heads = year.role_holders(RoleKind.HEAD)
    deputies = year.role_holders(RoleKind.DEPUTY)
    paragraphs: list[str] = []
    listed = [
        f"{member.name} ({member.note})" if member.note else member.name for member in members
    ]
    kind = "" if cluster.level == ClusterLevel.MINISTRY else " cấp tỉnh"
    group = f" ({cluster.name.strip()})" if cluster.name.strip() else ""
    if members:
        paragraphs.append(
            f"{year.name}{kind}{group} năm {cluster.year} gồm {two_digits(len(members))} đơn "
            f"vị: {join_names(listed)}; cơ quan thường trực: {office}."
        )
    else:
        paragraphs.append(
            f"{year.name}{kind}{group} năm {cluster.year} chưa có đơn vị thành viên trong hệ "
            f"thống; cơ quan thường trực: {office}."
        )
    roles_text = []
    if heads:
        roles_text.append(f"đơn vị Cụm trưởng: {_holders_text(heads, cluster)}")
    if deputies:
        roles_text.append(f"đơn vị Cụm phó: {_holders_text(deputies, cluster)}")
    if roles_text:
        paragraphs.append(_capitalised("; ".join(roles_text)) + ".")
    else:
        paragraphs.append("Cụm chưa được phân công đơn vị Cụm trưởng, Cụm phó trong hệ thống.")

    covenant = year.covenant
    place = ""
    theme = ""
    if covenant is None:
        paragraphs.append(
            f"Giao ước thi đua năm {cluster.year} của Cụm chưa được lập trong hệ thống."
        )
    else:
        theme = covenant.theme.strip()
        place = covenant.signing_place.strip() or (
            covenant.host_unit.name if covenant.host_unit else ""
        )
        groups, leaves = counts
        scale = _number(covenant.scale)
        shape = (
            f"Giao ước gồm {two_digits(groups)} nhóm nội dung với {two_digits(leaves)} tiêu "
            f"chí, thang điểm {scale} điểm"
            if groups
            else f"Giao ước gồm {two_digits(leaves)} tiêu chí, thang điểm {scale} điểm"
        )
        theme_text = ""
        if theme:
            # A theme that quotes a slogan itself reads better after a colon than nested.
            if "“" in theme:
                theme_text = f", với chủ đề: {theme.rstrip('.')}"
            else:
                theme_text = f", với chủ đề {_quoted(theme)}"
        movement = _movement(covenant)
        if covenant.status in (CovenantStatus.SIGNED, CovenantStatus.IN_FORCE):
            when = (
                f"{_capitalised(long_date(covenant.signing_date))}, "
                if covenant.signing_date
                else ""
            )
            where = f"tại {place}, " if place else ""
            opening = (
                f"{when}{where}các đơn vị trong Cụm đã tổ chức Hội nghị ký kết giao ước thi "
                f"đua thực hiện {movement} năm {cluster.year}{theme_text}."
            )
            paragraphs.append(_capitalised(opening))
        else:
            paragraphs.append(
                f"Giao ước thi đua thực hiện {movement} năm {cluster.year} của Cụm chưa được "
                f"các đơn vị ký kết đầy đủ (trạng thái: {covenant.get_status_display()})"
                f"{theme_text}."
            )
        paragraphs.append(
            f"{shape}; các đơn vị thống nhất quy chế hoạt động, nội dung, chỉ tiêu và phương "
            "pháp chấm điểm làm cơ sở bình xét, suy tôn các danh hiệu thi đua cuối năm."
        )
    return Overview(
        members=tuple(members),
        heads=tuple(r.unit.name for r in heads),
        deputies=tuple(r.unit.name for r in deputies),
        office=office,
        covenant_signed_on=covenant.signing_date if covenant else None,
        covenant_place=place,
        theme=theme,
        paragraphs=tuple(paragraphs),
    )


def _criteria_counts(covenant: Covenant | None) -> tuple[int, int]:
    """(top-level groups, criteria that take a score)."""
    if covenant is None:
        return 0, 0
    rows = list(Criterion.objects.filter(covenant=covenant).values_list("kind", "parent_id"))
    groups = sum(1 for kind, parent in rows if kind == CriterionKind.GROUP and parent is None)
    leaves = sum(1 for kind, _parent in rows if kind != CriterionKind.GROUP)
    return groups, leaves


# ---------------------------------------------------------------------------------------
# II. Targets and results


def _count(value: Decimal) -> str:
    return _number(value)


def _unit_value(target: Target, evaluation: Evaluation) -> str:
    """What a report cites after the unit's name; "" when nothing useful can be cited."""
    if evaluation.outcome is Outcome.NO_DATA:
        return ""
    if isinstance(target, AllOf):
        return ""
    achieved = evaluation.achieved
    if isinstance(target, AtLeast):
        if achieved is None:
            return ""
        return f"{_count(achieved)}/{_count(target.n)} {target.measure.unit_vi}".strip()
    if isinstance(target, AtMost):
        if achieved is None:
            return ""
        if target.zero_tolerance:
            return "" if evaluation.outcome.is_met else f"xảy ra {_count(achieved)}"
        return f"{_count(achieved)} {target.measure.unit_vi}".strip()
    if isinstance(target, Change):
        if achieved is None:
            return ""
        reduce = target.direction is ChangeDirection.REDUCE
        verb, opposite = ("giảm", "tăng") if reduce else ("tăng", "giảm")
        if achieved > 0:
            return f"{verb} {percent(achieved)}"
        if achieved < 0:
            return f"{opposite} {percent(-achieved)}"
        return "không đổi"
    # RateAtLeast, FullCoverage: achieved is the rate in %.
    return percent(achieved) if achieved is not None else ""


def _figure_value(status: reporting.TargetStatus) -> str:
    """A unit without a target: its own figure, when it reported one."""
    figure = status.ytd
    if isinstance(figure, Ratio) and figure.percent is not None:
        return percent(figure.percent)
    if isinstance(figure, Count):
        return _count(figure.value)
    return ""


def _cluster_total(rows: Sequence[tuple[OrgUnit, reporting.TargetStatus]]) -> str:
    """The cluster's total against the sum of the targets, for a count every unit must reach
    ("2.662/1.438 hồ sơ"), when every unit with the target has its figure."""
    targeted = [(unit, status) for unit, status in rows if status.target is not None]
    if not targeted:
        return ""
    measure = None
    actual = target_sum = Decimal(0)
    for _unit, status in targeted:
        target = status.target
        evaluation = status.evaluation
        if not isinstance(target, AtLeast) or not isinstance(status.ytd, Count):
            return ""
        if evaluation is None or evaluation.outcome is Outcome.NO_DATA:
            return ""
        if measure is not None and target.measure.unit_vi != measure:
            return ""
        measure = target.measure.unit_vi
        actual += status.ytd.value
        target_sum += target.n
    with arithmetic():
        share = actual * 100 / target_sum
    return f"{_count(actual)}/{_count(target_sum)} {measure} ({format_percent_vi(share)})".replace(
        "  ", " "
    )


def _by_result(results: list[tuple[Decimal | None, UnitResult]]) -> tuple[UnitResult, ...]:
    """Best first (the engine's achievement ratio), units without a ratio last."""
    ordered = sorted(
        results, key=lambda item: (item[0] is None, -(item[0] or Decimal(0)), fold(item[1].unit))
    )
    return tuple(result for _ratio, result in ordered)


def _target_result(
    criterion: Criterion, rows: Sequence[tuple[OrgUnit, reporting.TargetStatus]]
) -> TargetResult | None:
    exceeded: list[tuple[Decimal | None, UnitResult]] = []
    met: list[tuple[Decimal | None, UnitResult]] = []
    not_met: list[tuple[Decimal | None, UnitResult]] = []
    no_data: list[tuple[Decimal | None, UnitResult]] = []
    without: list[tuple[Decimal | None, UnitResult]] = []
    sentences: set[str] = set()
    for unit, status in rows:
        name = unit.short_name or unit.name
        target, evaluation = status.target, status.evaluation
        if target is None or evaluation is None:
            without.append((None, UnitResult(name, "", _figure_value(status))))
            continue
        sentences.add(status.sentence)
        unit_result = UnitResult(name, evaluation.outcome.value, _unit_value(target, evaluation))
        bucket = {
            Outcome.EXCEEDED: exceeded,
            Outcome.MET: met,
            Outcome.NOT_MET: not_met,
            Outcome.NO_DATA: no_data,
        }[evaluation.outcome]
        bucket.append((evaluation.ratio, unit_result))
    with_target = len(exceeded) + len(met) + len(not_met) + len(no_data)
    if not with_target:
        return None
    shared = next(iter(sentences)) if len(sentences) == 1 else ""
    # A cluster total answers the Ministry's target for the whole cluster, split among the
    # units ("2.662/1.438 hồ sơ"); a target every unit must reach on its own has none.
    total = "" if shared else _cluster_total(rows)
    found = TargetResult(
        code=criterion.code,
        title=criterion.title.strip(),
        target=shared.strip().rstrip("."),
        units_with_target=with_target,
        exceeded=_by_result(exceeded),
        met=_by_result(met),
        not_met=_by_result(not_met),
        no_data=_by_result(no_data),
        without_target=_by_result(without),
        cluster_total=total,
        sentence="",
    )
    return _with_sentence(found)


def _cited(results: Iterable[UnitResult]) -> str:
    return ", ".join(r.cited for r in results)


def _with_sentence(result: TargetResult) -> TargetResult:
    of = two_digits(result.units_with_target)
    if result.target:
        subject = f"Chỉ tiêu {_quoted(result.target)}"
        given = "chỉ tiêu"
    else:
        subject = _capitalised(result.title.rstrip("."))
        given = "chỉ tiêu được giao"
    clauses = []
    if result.cluster_total:
        total_met = not result.not_met and not result.no_data
        verdict = "vượt chỉ tiêu" if total_met else "chưa đạt chỉ tiêu"
        clauses.append(f"cả Cụm đạt {result.cluster_total}, {verdict}")
    achieved = result.achieved
    if achieved:
        if result.exceeded and result.met:
            label = f"đạt, vượt {given}"
        elif result.exceeded:
            label = f"vượt {given}"
        else:
            label = f"đạt {given}"
        everyone = len(achieved) == result.units_with_target
        # "05/05 đơn vị đạt chỉ tiêu" says it all when every unit has the same result.
        values = {r.value for r in achieved}
        quiet = values == {""} or (len(achieved) > 1 and len(values) == 1)
        names = "" if quiet and everyone else f": {_cited(achieved)}"
        clauses.append(f"{two_digits(len(achieved))}/{of} đơn vị {label}{names}")
    if result.not_met:
        clauses.append(
            f"{two_digits(len(result.not_met))}/{of} đơn vị chưa đạt: {_cited(result.not_met)}"
        )
    if result.no_data:
        names = ", ".join(r.unit for r in result.no_data)
        clauses.append(f"{two_digits(len(result.no_data))}/{of} đơn vị chưa có số liệu: {names}")
    text = f"{subject}: {'; '.join(clauses)}."
    if result.without_target:
        names = join_names([r.unit for r in result.without_target])
        text += f" {names} không được giao chỉ tiêu này."
    return replace(result, sentence=text)


def _targets(year: _Year) -> Targets:
    covenant = year.covenant
    if covenant is None:
        return Targets(
            has_figures=False,
            results=(),
            paragraphs=(
                "Chưa có giao ước thi đua nên chưa có chỉ tiêu để đánh giá kết quả thực hiện.",
            ),
        )
    period = scoring.year_period(covenant)
    if period is None:
        return Targets(
            has_figures=False,
            results=(),
            paragraphs=(
                f"Chưa mở kỳ báo cáo năm {year.cluster.year} nên chưa có số liệu để tổng hợp "
                "kết quả thực hiện các chỉ tiêu thi đua.",
            ),
        )
    by_criterion: dict[int, list[tuple[OrgUnit, reporting.TargetStatus]]] = {}
    criteria: dict[int, Criterion] = {}
    for unit in year.year_members:
        for status in reporting.report_evaluations(
            unit=unit, covenant=covenant, as_of_period=period, language="vi"
        ):
            criteria.setdefault(status.criterion.pk, status.criterion)
            by_criterion.setdefault(status.criterion.pk, []).append((unit, status))
    results = tuple(
        found
        for pk, rows in by_criterion.items()
        if (found := _target_result(criteria[pk], rows)) is not None
    )
    judged = [r for r in results if r.units_with_target]
    has_figures = any(r.achieved or r.not_met for r in judged)
    intro = (
        f"Căn cứ số liệu báo cáo năm {year.cluster.year} đã được phê duyệt của các đơn vị, "
        f"kết quả thực hiện {two_digits(len(judged))} chỉ tiêu định lượng của giao ước như sau:"
    )
    if not judged:
        intro = "Giao ước không có chỉ tiêu định lượng được giao cho các đơn vị."
    elif not has_figures:
        intro = (
            f"Các đơn vị chưa có số liệu báo cáo năm {year.cluster.year} được phê duyệt; kết "
            "quả thực hiện các chỉ tiêu sẽ được tổng hợp khi số liệu được phê duyệt."
        )
    return Targets(has_figures=has_figures, results=results, paragraphs=(intro,))


def _targets_table(targets: Targets) -> Table | None:
    if not targets.results:
        return None
    rows = tuple(
        (
            r.code,
            _capitalised(r.target) if r.target else r.title,
            str(len(r.exceeded)),
            str(len(r.met)),
            str(len(r.not_met)),
            str(len(r.no_data)),
        )
        for r in targets.results
    )
    return Table(
        layout="targets",
        headers=("Mã", "Chỉ tiêu", "Vượt", "Đạt", "Chưa đạt", "Chưa có số liệu"),
        rows=rows,
        aligns=("center", "left", "center", "center", "center", "center"),
    )


# ---------------------------------------------------------------------------------------
# III. Ranking


def _ranking(year: _Year) -> RankingPart:
    covenant = year.covenant
    if covenant is None:
        return RankingPart(False, None, (), ("Chưa có giao ước thi đua nên chưa chấm điểm.",))
    ranking = scoring.covenant_ranking(covenant=covenant)
    scored = ranking.published or ScoreSheet.objects.filter(covenant=covenant).exists()
    if not scored or not ranking.rows:
        return RankingPart(
            False,
            None,
            (),
            (
                f"Các đơn vị chưa tự chấm điểm thi đua năm {year.cluster.year}; kết quả chấm "
                "điểm, xếp hạng sẽ được bổ sung khi có.",
            ),
        )
    standings = tuple(
        Standing(
            rank=row.rank,
            tied=row.tied,
            unit=row.unit.name,
            total=format_number_vi(round_display(row.total), 2),
            attainable=format_number_vi(round_display(row.attainable), 2),
            percent=NOT_SCORED
            if row.percent_display is None
            else format_percent_vi(row.percent_display, 2),
        )
        for row in ranking.rows
    )
    published_on = (
        timezone.localdate(ranking.published_at)
        if ranking.published and ranking.published_at
        else None
    )
    office = year.cluster.managing_office.name
    scale = _number(covenant.scale)
    if ranking.published:
        when = f" ngày {short_date(published_on)}" if published_on else ""
        opening = (
            f"Trên cơ sở kết quả tự chấm của các đơn vị và kết quả thẩm định, {office} đã khóa "
            f"và công bố kết quả chấm điểm thi đua năm {year.cluster.year} của Cụm{when} "
            f"(thang điểm {scale} điểm). Kết quả xếp hạng như sau:"
        )
    else:
        opening = (
            f"Kết quả chấm điểm thi đua năm {year.cluster.year} (thang điểm {scale} điểm) chưa "
            f"được {office} khóa, công bố; bảng dưới đây là kết quả tạm tính tại thời điểm lập "
            "báo cáo, có thể còn thay đổi:"
        )
    paragraphs = [opening]
    leaders = [s for s in standings if s.rank == 1]
    if leaders and leaders[0].percent != NOT_SCORED:
        first = leaders[0]
        if len(leaders) == 1:
            paragraphs.append(
                f"{first.unit} dẫn đầu Cụm với {first.total} điểm, đạt {first.percent} số "
                "điểm tối đa có thể đạt."
            )
        else:
            names = join_names([s.unit for s in leaders])
            paragraphs.append(
                f"{names} đồng hạng nhất với tỷ lệ {first.percent} số điểm tối đa có thể đạt."
            )
    return RankingPart(
        published=ranking.published,
        published_on=published_on,
        standings=standings,
        paragraphs=tuple(paragraphs),
    )


def _ranking_table(part: RankingPart) -> Table | None:
    if not part.standings:
        return None
    return Table(
        layout="ranking",
        headers=("Xếp hạng", "Đơn vị", "Tổng điểm", "Điểm tối đa có thể đạt", "Tỷ lệ"),
        rows=tuple((s.rank_text, s.unit, s.total, s.attainable, s.percent) for s in part.standings),
        aligns=("center", "left", "right", "right", "right"),
    )


# ---------------------------------------------------------------------------------------
# IV. The vote


def _share(value: Decimal) -> str:
    return percent(value)


def _vote(year: _Year) -> VotePart:
    votes = list(
        Vote.objects.filter(cluster=year.cluster, parent__isnull=True).order_by(
            "conference_date", "id"
        )
    )
    if not votes:
        return VotePart(
            None,
            "",
            (),
            None,
            (
                f"Cụm chưa tổ chức bỏ phiếu bình xét, suy tôn danh hiệu thi đua năm "
                f"{year.cluster.year} trong hệ thống.",
            ),
        )
    paragraphs: list[str] = []
    titles: list[TitleVote] = []
    rows: list[tuple[str, ...]] = []
    held_on: dt.date | None = None
    place = ""
    for vote in votes:
        if not voting.result_available(vote):
            state = (
                "chưa kết thúc"
                if vote.status != VoteStatus.CLOSED
                else "chưa có kết quả kiểm phiếu được xác nhận"
            )
            paragraphs.append(
                f"Cuộc bỏ phiếu “{vote.name}” (hội nghị ngày {short_date(vote.conference_date)}) "
                f"{state}; kết quả sẽ được bổ sung sau khi kiểm phiếu."
            )
            continue
        outcome = voting.vote_result(vote=vote)
        held_on = held_on or vote.conference_date
        place = place or vote.conference_place
        method = "phiếu giấy" if vote.is_paper else "phiếu điện tử"
        paragraphs.append(
            f"{_capitalised(long_date(vote.conference_date))}, tại {vote.conference_place}, "
            f"Cụm đã tổ chức bỏ phiếu kín ({method}) bình xét, suy tôn danh hiệu thi đua năm "
            f"{year.cluster.year} trên cơ sở kết quả chấm điểm: "
            f"{two_digits(outcome.ballots_cast)}/{two_digits(outcome.eligible_voters)} đơn vị "
            "có quyền bỏ phiếu đã bỏ phiếu"
            + ("." if outcome.quorum_met else "; không đủ túc số nên kết quả không có giá trị.")
        )
        for title in outcome.titles:
            elected = list(title.elected)
            lines = {line.unit.pk: line for line in title.candidates}
            still_tied: tuple[str, ...] = ()
            runoff_lines = {}
            if title.runoff:
                runoff = title.runoff_vote
                if runoff is not None and voting.result_available(runoff):
                    counted = voting.vote_result(vote=runoff).titles[0]
                    elected += list(counted.elected)
                    runoff_lines = {line.unit.pk: line for line in counted.candidates}
                else:
                    still_tied = tuple(u.name for u in title.runoff)
            chosen = tuple(
                Elected(
                    unit=unit.name,
                    votes=(runoff_lines.get(unit.pk) or lines[unit.pk]).votes,
                    share=_share((runoff_lines.get(unit.pk) or lines[unit.pk]).share),
                )
                for unit in elected
            )
            titles.append(
                TitleVote(
                    title=title.title.name,
                    quota=title.title.quota,
                    elected=chosen,
                    runoff=still_tied,
                )
            )
            voters = outcome.eligible_voters
            if chosen:
                named = "; ".join(f"{e.unit} ({e.votes}/{voters} phiếu, {e.share})" for e in chosen)
                text = f"{title.title.name}: suy tôn {named}."
            else:
                text = f"{title.title.name}: không có đơn vị nào đủ điều kiện được suy tôn."
            if still_tied:
                text += (
                    f" {join_names(list(still_tied))} bằng số phiếu, phải bỏ phiếu lại "
                    f"({title.runoff_seats} suất)."
                )
            paragraphs.append(text)
            chosen_names = {e.unit for e in chosen}
            for line in title.candidates:
                if line.unit.name in chosen_names:
                    verdict = "Được suy tôn"
                elif line.in_runoff:
                    verdict = "Bỏ phiếu lại"
                else:
                    verdict = ""
                rows.append(
                    (title.title.name, line.unit.name, str(line.votes), _share(line.share), verdict)
                )
    table = None
    if rows:
        table = Table(
            layout="vote",
            headers=("Danh hiệu", "Đơn vị", "Số phiếu", "Tỷ lệ", "Kết quả"),
            rows=tuple(rows),
            aligns=("left", "left", "center", "right", "center"),
            group_first=True,
        )
    closing = ""
    if any(t.elected for t in titles):
        closing = (
            f"{year.name} đề nghị {year.cluster.managing_office.name} tổng hợp, trình cấp có "
            "thẩm quyền xét tặng các danh hiệu thi đua cho các đơn vị được suy tôn."
        )
    return VotePart(
        held_on=held_on, place=place, titles=tuple(titles), table=table,
        paragraphs=tuple(paragraphs), closing=closing,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------
# V. Handover


def _handover(year: _Year, handover: Handover | None) -> HandoverPart:
    next_year = year.cluster.year + 1
    if handover is None:
        return HandoverPart(
            None,
            "",
            "",
            (
                f"Việc bàn giao Cụm trưởng, Cụm phó năm {next_year} chưa được ghi nhận; đề "
                f"nghị Hội nghị tổng kết thống nhất đơn vị Cụm trưởng, Cụm phó năm {next_year} "
                f"để báo cáo {year.cluster.managing_office.name}.",
            ),
        )
    return HandoverPart(
        conference_date=handover.conference_date,
        head=handover.head.name,
        deputy=handover.deputy.name,
        paragraphs=(
            f"Tại Hội nghị tổng kết {long_date(handover.conference_date)}, các đơn vị trong Cụm "
            f"đã thống nhất, ký kết bàn giao đơn vị Cụm trưởng năm {next_year} cho "
            f"{handover.head.name} và đơn vị Cụm phó năm {next_year} cho "
            f"{handover.deputy.name}.",
        ),
    )


# ---------------------------------------------------------------------------------------
# VI. Next year


def _outlook(year: _Year, handover: Handover | None) -> tuple[Paragraph, ...]:
    next_year = year.cluster.year + 1
    head = (
        f"Đơn vị Cụm trưởng năm {next_year} ({handover.head.name})"
        if handover is not None
        else f"Đơn vị Cụm trưởng năm {next_year}"
    )
    return (
        Paragraph(
            f"Tiếp tục quán triệt, triển khai thực hiện hiệu quả {_movement(year.covenant)} "
            f"năm {next_year}; bám sát nhiệm vụ chính trị, nhiệm vụ trọng tâm của từng đơn "
            "vị để xác định cụ thể các nội dung giao ước thi đua và các chỉ tiêu phấn đấu.",
            bullet=True,
        ),
        Paragraph(
            "Chú trọng phát hiện, bồi dưỡng, tuyên truyền, nhân rộng điển hình tiên tiến, gương "
            "người tốt, việc tốt; phổ biến các mô hình hay, cách làm mới; nâng cao chất lượng "
            "công tác kiểm tra, đánh giá, sơ kết, tổng kết phong trào thi đua và công tác khen "
            "thưởng, bảo đảm khách quan, chính xác.",
            bullet=True,
        ),
        Paragraph(
            f"{head} chủ trì, phối hợp với các đơn vị trong Cụm xây dựng kế hoạch, tổ chức ký "
            f"kết giao ước thi đua năm {next_year}.",
            bullet=True,
        ),
        Paragraph(
            f"[Đơn vị Cụm trưởng bổ sung các nhiệm vụ trọng tâm năm {next_year} của Cụm trước "
            "khi ban hành báo cáo.]",
            editable=True,
        ),
    )


# ---------------------------------------------------------------------------------------
# The parts that other apps provide, each read only when its app is installed


def _optional(app: str, read: Callable[[], _T]) -> _T | None:
    """The part read by `read`, or None when `app` is not installed in this deployment."""
    if not apps.is_installed(app):
        return None
    return read()


def _conferences(year: _Year, conferences: Sequence[Any]) -> ConferencesPart:
    lines = []
    held_kinds: dict[str, int] = {}
    for conference in conferences:
        kind = str(conference.get_kind_display())
        held = bool(conference.is_held)
        if held:
            held_kinds[kind] = held_kinds.get(kind, 0) + 1
        place = conference.place.strip() or (
            conference.host_unit.name if conference.host_unit else ""
        )
        chair = conference.chair_line
        guests = tuple(g.line for g in conference.guests.all() if g.line)
        outcomes = sorted(conference.outcomes.all(), key=lambda o: DECIDED_ORDER.get(o.kind, 9))
        decided = tuple(d for d in map(_decided, outcomes) if d)
        title = conference.title.strip() or kind
        text = f"{_capitalised(long_date(conference.date))}"
        if place:
            text += f", tại {place}"
        text += f": {title}"
        if not held:
            text += " (dự kiến)"
        if chair:
            text += f", do {chair} chủ trì"
        if guests:
            text += f"; dự có {'; '.join(guests)}"
        text += "."
        if decided and held:
            text += f" Tại hội nghị, các đơn vị đã {join_names(list(decided))}."
        lines.append(
            ConferenceLine(
                day=conference.date,
                kind=kind,
                title=title,
                place=place,
                held=held,
                chair=chair,
                guests=guests,
                decided=decided,
                sentence=text,
            )
        )
    total = sum(held_kinds.values())
    if total:
        kinds = ", ".join(f"{two_digits(n)} {kind.lower()}" for kind, n in held_kinds.items())
        intro = (
            f"Trong năm {year.cluster.year}, Cụm đã tổ chức {two_digits(total)} hội nghị, hoạt "
            f"động chung ({kinds}):"
        )
    else:
        intro = f"Trong năm {year.cluster.year}, Cụm chưa ghi nhận hội nghị nào đã tổ chức."
        if lines:
            intro += " Các hội nghị dự kiến:"
    return ConferencesPart(conferences=tuple(lines), paragraphs=(intro,))


def _decided(outcome: Any) -> str:
    kind = getattr(outcome, "kind", "")
    if kind == "covenant_signed":
        return "ký kết giao ước thi đua"
    if kind == "vote_held":
        return "bỏ phiếu kín bình xét, suy tôn danh hiệu thi đua"
    if kind == "handover_made":
        handover = getattr(outcome, "handover", None)
        if handover is not None:
            return (
                f"bàn giao Cụm trưởng năm {handover.to_cluster.year} cho {handover.head.name}, "
                f"Cụm phó cho {handover.deputy.name}"
            )
        return "bàn giao Cụm trưởng, Cụm phó năm sau"
    return ""


def _year_end_conference(conferences: Sequence[Any]) -> Any:
    """The held year-end summary conference of the year, if the conferences app has one."""
    for conference in conferences:
        if conference.kind == "year_end" and conference.is_held:
            return conference
    return None


def _person(rank: str, name: str, position: str) -> str:
    who = " ".join(p for p in (rank.strip(), name.strip()) if p)
    return f"{who}, {position.strip()}" if who and position.strip() else who


def _recipient(item: Any) -> str:
    """An award's or a proposal's recipient with the unit's full name, as reports write it."""
    unit = item.unit.name if item.unit is not None else ""
    if item.is_personal:
        return f"{item.person_label} ({unit})" if unit else item.person_label
    return unit


def _awards(year: _Year) -> AwardsPart:
    from thidua.awards.domain.selectors import awards_of_year, proposals_of_year

    awards = awards_of_year(cluster=year.cluster, year=year.cluster.year)
    proposals = proposals_of_year(cluster=year.cluster, year=year.cluster.year)
    award_lines = []
    for award in awards:
        decision = f"Quyết định số {award.decision_number} ngày {short_date(award.decision_date)}"
        if award.granting_authority:
            decision += f" của {award.granting_authority}"
        award_lines.append(
            AwardLine(title=award.title.name, recipient=_recipient(award), decision=decision)
        )
    proposal_lines = tuple(
        ProposalLine(
            title=p.title.name,
            recipient=_recipient(p),
            status=str(p.get_status_display()),
            status_code=p.status,
        )
        for p in proposals
        if p.award_id is None
    )
    paragraphs = []
    if award_lines:
        paragraphs.append(
            f"Thành tích năm {year.cluster.year}, các tập thể, cá nhân thuộc các đơn vị trong "
            f"Cụm đã được khen thưởng {two_digits(len(award_lines))} lượt:"
        )
    else:
        paragraphs.append(
            f"Chưa có quyết định khen thưởng thành tích năm {year.cluster.year} của các đơn vị "
            "trong Cụm được ghi nhận."
        )
    waiting = [line for line in proposal_lines if line.status_code in OPEN_PROPOSALS]
    refused = [line for line in proposal_lines if line.status_code not in OPEN_PROPOSALS]
    if waiting:
        items = "; ".join(
            f"{line.title} cho {line.recipient} ({WAITING.get(line.status_code, line.status)})"
            for line in waiting
        )
        paragraphs.append(f"Hồ sơ đề nghị khen thưởng đang chờ quyết định: {items}.")
    if refused:
        items = "; ".join(f"{line.title} cho {line.recipient}" for line in refused)
        paragraphs.append(f"Hồ sơ đề nghị không được khen thưởng: {items}.")
    table = None
    if award_lines:
        table = Table(
            layout="awards",
            headers=("TT", "Danh hiệu, hình thức", "Tập thể, cá nhân", "Quyết định"),
            rows=tuple(
                (str(index), a.title, a.recipient, a.decision)
                for index, a in enumerate(award_lines, start=1)
            ),
            aligns=("center", "left", "left", "left"),
        )
    return AwardsPart(
        awards=tuple(award_lines),
        proposals=proposal_lines,
        table=table,
        paragraphs=tuple(paragraphs),
    )


def _practices(year: _Year) -> PracticesPart:
    from thidua.practices.domain import practices_of_year

    practices = practices_of_year(cluster=year.cluster, year=year.cluster.year)
    lines = []
    for practice in practices:
        person = (
            _person(practice.person_rank, practice.person_name, practice.person_position)
            if practice.person_name
            else ""
        )
        lines.append(
            PracticeLine(
                kind=str(practice.get_kind_display()),
                title=practice.title.strip(),
                unit=practice.unit.name if practice.unit_id else "",
                person=person,
                summary=_summary(practice.description, 60),
                results=_summary(practice.results, 40),
            )
        )
    if lines:
        intro = (
            f"Các đơn vị trong Cụm đã phát hiện, bồi dưỡng, tuyên truyền và nhân rộng "
            f"{two_digits(len(lines))} điển hình tiên tiến, mô hình hay, cách làm mới, tiêu biểu:"
        )
    else:
        intro = (
            f"Chưa có điển hình tiên tiến, mô hình hay, cách làm mới năm {year.cluster.year} "
            "được các đơn vị phổ biến trong Cụm."
        )
    return PracticesPart(practices=tuple(lines), paragraphs=(intro,))


def _summary(text: str, words: int) -> str:
    """The first sentences of `text` up to about `words` words; a long first sentence cut."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    kept: list[str] = []
    count = 0
    for sentence in sentences:
        length = len(sentence.split())
        if kept and count + length > words:
            break
        kept.append(sentence)
        count += length
    summary = " ".join(kept)
    if count > words:
        summary = Truncator(summary).words(words, truncate="…")
    return summary


def practice_sentence(line: PracticeLine) -> str:
    who = line.person or line.unit
    owner = f" của {who}" if who else ""
    if line.person and line.unit:
        owner = f" của {line.person} ({line.unit})"
    title = line.title if "“" in line.title else _quoted(line.title)
    text = f"{title} ({line.kind.lower()}){owner}"
    if line.summary:
        text += f": {_sentence(line.summary)}"
    else:
        text += "."
    if line.results:
        text += f" Kết quả: {_sentence(line.results)}"
    return text


def _contributions(year: _Year) -> ContributionsPart:
    from thidua.contributions.domain import funds_of_year

    summaries = funds_of_year(cluster=year.cluster, year=year.cluster.year)
    funds = []
    for summary in summaries:
        fund = summary.fund
        totals = summary.totals
        beneficiary = _person(
            fund.beneficiary_rank, fund.beneficiary_name, fund.beneficiary_position
        )
        if fund.beneficiary_unit_id and fund.beneficiary_unit is not None:
            unit_name = fund.beneficiary_unit.name
            beneficiary = f"{beneficiary}, {unit_name}" if beneficiary else unit_name
        pledges = tuple(
            PledgeLine(
                unit=p.unit.name,
                pledged=_money_number(p.pledged),
                paid=_money_number(p.paid),
                outstanding=_money_number(p.outstanding),
            )
            for p in summary.pledges
        )
        text = (
            f"{_capitalised(fund.title.strip().rstrip('.'))}: {two_digits(len(pledges))} đơn "
            f"vị cam kết đóng góp {money(totals.pledged)}, đã nộp {money(totals.paid)}"
        )
        if totals.outstanding:
            owing = [p.unit.name for p in summary.pledges if p.outstanding > 0]
            text += f"; còn phải nộp {money(totals.outstanding)} ({join_names(owing)})."
        else:
            text += ", đã hoàn thành."
        if beneficiary:
            text += f" Người, nơi thụ hưởng: {beneficiary}."
        table = Table(
            layout="pledges",
            headers=("Đơn vị", "Cam kết (đồng)", "Đã nộp (đồng)", "Còn phải nộp (đồng)"),
            rows=(
                *((p.unit, p.pledged, p.paid, p.outstanding) for p in pledges),
                (
                    "Cộng",
                    _money_number(totals.pledged),
                    _money_number(totals.paid),
                    _money_number(totals.outstanding),
                ),
            ),
            aligns=("left", "right", "right", "right"),
            last_is_total=True,
        )
        funds.append(
            FundLine(
                title=fund.title.strip(),
                beneficiary=beneficiary,
                pledged=money(totals.pledged),
                paid=money(totals.paid),
                outstanding=money(totals.outstanding),
                pledges=pledges,
                sentence=text,
                table=table,
            )
        )
    if funds:
        intro = (
            "Phát huy truyền thống tương thân, tương ái, các đơn vị trong Cụm đã tham gia "
            "đóng góp, hỗ trợ:"
        )
    else:
        intro = f"Năm {year.cluster.year}, Cụm chưa ghi nhận khoản đóng góp, hỗ trợ chung nào."
    return ContributionsPart(funds=tuple(funds), paragraphs=(intro,))


# ---------------------------------------------------------------------------------------
# Assembling the document


def _sections(
    year: _Year,
    overview: Overview,
    conferences: ConferencesPart | None,
    targets: Targets,
    practices: PracticesPart | None,
    contributions: ContributionsPart | None,
    ranking: RankingPart,
    vote: VotePart,
    awards: AwardsPart | None,
    handover: HandoverPart,
    outlook: tuple[Paragraph, ...],
) -> tuple[Section, ...]:
    next_year = year.cluster.year + 1
    first = tuple(Paragraph(text) for text in overview.paragraphs)

    results: list[Block] = []
    number = 0

    def heading(text: str) -> Heading:
        nonlocal number
        number += 1
        return Heading(f"{number}. {text}")

    if conferences is not None:
        results.append(heading("Công tác tổ chức hội nghị, hoạt động chung của Cụm"))
        results += [Paragraph(text) for text in conferences.paragraphs]
        results += [Paragraph(c.sentence, bullet=True) for c in conferences.conferences]
    results.append(heading("Kết quả thực hiện các nội dung, chỉ tiêu thi đua"))
    results += [Paragraph(text) for text in targets.paragraphs]
    if targets.has_figures:
        if (table := _targets_table(targets)) is not None:
            results.append(table)
        results += [Paragraph(r.sentence, bullet=True) for r in targets.results]
    if practices is not None:
        results.append(
            heading("Công tác phát hiện, nhân rộng điển hình tiên tiến, mô hình hay, cách làm mới")
        )
        results += [Paragraph(text) for text in practices.paragraphs]
        results += [Paragraph(practice_sentence(p), bullet=True) for p in practices.practices]
    if contributions is not None:
        results.append(heading("Công tác đóng góp, hỗ trợ, an sinh"))
        results += [Paragraph(text) for text in contributions.paragraphs]
        for fund in contributions.funds:
            results.append(Paragraph(fund.sentence, bullet=True))
            results.append(fund.table)

    scores: list[Block] = [Paragraph(text) for text in ranking.paragraphs[:1]]
    if (table := _ranking_table(ranking)) is not None:
        scores.append(table)
    scores += [Paragraph(text) for text in ranking.paragraphs[1:]]

    titles: list[Block] = []
    if awards is not None:
        titles.append(Heading("1. Kết quả bình xét, suy tôn danh hiệu thi đua"))
    titles += [Paragraph(text) for text in vote.paragraphs]
    if vote.table is not None:
        titles.append(vote.table)
    if vote.closing:
        titles.append(Paragraph(vote.closing))
    if awards is not None:
        titles.append(Heading("2. Công tác khen thưởng"))
        titles += [Paragraph(text) for text in awards.paragraphs[:1]]
        if awards.table is not None:
            titles.append(awards.table)
        titles += [Paragraph(text) for text in awards.paragraphs[1:]]

    vote_title = (
        "KẾT QUẢ BÌNH XÉT, SUY TÔN VÀ KHEN THƯỞNG" if awards else "KẾT QUẢ BÌNH XÉT, SUY TÔN"
    )
    return (
        Section("I", "ĐẶC ĐIỂM TÌNH HÌNH", first),
        Section("II", "KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA", tuple(results)),
        Section("III", "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG", tuple(scores)),
        Section("IV", vote_title, tuple(titles)),
        Section(
            "V",
            f"BÀN GIAO CỤM TRƯỞNG, CỤM PHÓ NĂM {next_year}",
            tuple(Paragraph(text) for text in handover.paragraphs),
        ),
        Section("VI", f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {next_year}", outlook),
    )


def year_end_report(*, cluster: Cluster) -> YearEndReport:
    """Everything the year-end report of `cluster` says, in Vietnamese whatever the user's
    language (an administrative document's language)."""
    with translation.override("vi"):
        return _year_end_report(cluster)


def _year_end_report(cluster: Cluster) -> YearEndReport:
    cluster = Cluster.objects.select_related("managing_office", "province").get(pk=cluster.pk)
    year = _read_year(cluster)
    handover = (
        Handover.objects.filter(from_cluster=cluster)
        .select_related("head", "deputy", "to_cluster")
        .first()
    )
    missing: list[str] = []
    conference_rows: list[Any] = []

    def read_conferences() -> ConferencesPart:
        from thidua.conferences.domain import conferences_of_year

        conference_rows.extend(conferences_of_year(cluster=cluster))
        return _conferences(year, conference_rows)

    conferences = _optional("thidua.conferences", read_conferences)
    awards = _optional("thidua.awards", lambda: _awards(year))
    practices = _optional("thidua.practices", lambda: _practices(year))
    contributions = _optional("thidua.contributions", lambda: _contributions(year))
    for app, part in (
        ("thidua.conferences", conferences),
        ("thidua.awards", awards),
        ("thidua.practices", practices),
        ("thidua.contributions", contributions),
    ):
        if part is None:
            missing.append(app)

    overview = _overview(year, _criteria_counts(year.covenant))
    targets = _targets(year)
    ranking = _ranking(year)
    vote = _vote(year)
    handover_part = _handover(year, handover)
    outlook = _outlook(year, handover)

    # The document's day and place: the year-end conference's, else the vote's (held at it).
    summit = _year_end_conference(conference_rows)
    day: dt.date | None = None
    place = ""
    if summit is not None:
        day = summit.date
        host = summit.host_unit
        place = province_short_name(host) if host is not None else ""
    if day is None and vote.held_on is not None:
        day = vote.held_on
    if day is None and handover is not None:
        day = handover.conference_date
    if not place:
        votes = Vote.objects.filter(cluster=cluster, parent__isnull=True).exclude(locality="")
        place = next(iter(votes.values_list("locality", flat=True)[:1]), "")
    head = year.head_on(day)
    if not place:
        place = province_short_name(head) or (
            province_short_name(cluster.province) if cluster.province else ""
        )
    place = place or BLANK

    stem = document_stem("bao-cao-tong-ket", cluster, cluster.year)
    movement = _movement(year.covenant)
    office = cluster.managing_office.name
    sections = _sections(
        year, overview, conferences, targets, practices, contributions, ranking, vote,
        awards, handover_part, outlook,
    )  # fmt: skip
    return YearEndReport(
        cluster_id=cluster.pk,
        year=cluster.year,
        cluster_name=year.name,
        parent_body=parent_body(cluster),
        issuer=year.name.upper(),
        number=blank_number(DOCUMENT_SYMBOL),
        place_date=f"{place}, {vietnamese_date(day, cluster.year)}",
        title=(TITLE.format(year=cluster.year), f"CỦA {year.name.upper()}"),
        intro=(
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 và các văn bản hướng dẫn thi "
            f"hành; thực hiện {movement} năm {cluster.year} và giao ước thi đua đã ký kết, "
            f"{year.name} báo cáo tổng kết công tác thi đua năm {cluster.year} như sau:"
        ),
        overview=overview,
        conferences=conferences,
        targets=targets,
        practices=practices,
        contributions=contributions,
        ranking=ranking,
        vote=vote,
        awards=awards,
        handover=handover_part,
        outlook=outlook,
        sections=sections,
        closing=(
            f"Trên đây là báo cáo tổng kết công tác thi đua năm {cluster.year} của {year.name}./."
        ),
        signer=Signer(
            lines=("TM. CỤM THI ĐUA", "CỤM TRƯỞNG"),
            unit=head.name.upper() if head is not None else "",
            name="",
        ),
        recipients=(
            f"- {office} (để báo cáo);",
            "- Các đơn vị trong Cụm;",
            f"- Lưu: VT, {year.name}.",
        ),
        is_sample=cluster.is_sample,
        filename=stem,
        display_name=f"Báo cáo tổng kết {year.name} năm {cluster.year}",
        dated=day or cluster.end,
        missing=tuple(missing),
    )
