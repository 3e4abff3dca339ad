"""Demo periodic reports of Cụm 10: all of 2024, and the first nine months of 2025.

From the source (shared/seeds, PLO 23/11/2024, Cụm 10's year-end report): the clearance
rate ("tỷ lệ điều tra, khám phá án") above 75% in all five provinces; the clearance of very
serious and especially serious cases above 90% in Tây Ninh (93,1%), Long An (95,57%) and
Bình Phước (90,2%), and so below it in Bình Dương and Đồng Nai; 100% of illegal drug users
placed under management; 2.662 files for compulsory rehabilitation against the 1.438 of
the Ministry's target. The year totals below reproduce exactly those figures (108/116 =
93,10%, 151/158 = 95,57%, 92/102 = 90,20%, 2.662 files); everything else, and the split of
every total into months, is sample data. Every report is therefore marked `is_sample`.

2024: the twelve months of the five provinces, submitted, approved and locked; the
quarters, the 6 and 9 months default to their months; the year report (due 15/11/2024,
before the conference of 23/11) carries the totals the units presented. The 2023 figures
that the reduction targets compare with are not in the system: the units typed them in as
the baseline of each figure (sample).

2025: January–June for the five provinces, July–September for Tây Ninh and Đồng Nai,
which absorbed Long An and Bình Phước on 1/7/2025; so merged Tây Ninh is compared with
Tây Ninh + Long An of 2024. September's report of Đồng Nai waits for review, and nobody
has filed the third quarter's or the nine months' reports yet.

Written through thidua.reporting.domain by the people concerned, on the days they would
have acted. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from thidua.covenants.models import Covenant, Criterion
from thidua.org.domain import roles_on
from thidua.org.models import Cluster, ClusterLevel, RoleKind, Unit
from thidua.reporting import domain
from thidua.reporting.access import review_day
from thidua.reporting.domain import FigureInput
from thidua.reporting.models import Period, PeriodKind, Report

UNITS = ("TNH", "BDG", "BPC", "LAN", "DNI")
OFFICE = "cuc.ctct"
# The units' emulation officers: three come with the demo organisation, two are added here.
OFFICERS = {
    "TNH": "tayninh.canbo",
    "LAN": "longan.canbo",
    "BPC": "binhphuoc.canbo",
    "BDG": "binhduong.canbo",
    "DNI": "dongnai.canbo",
}
NEW_OFFICERS = [
    (
        "binhduong.canbo", "BDG", "Ngô Thị Dương (mẫu)",
        "Cán bộ đơn vị: Công an tỉnh Bình Dương, báo cáo định kỳ Cụm 10",
    ),
    (
        "dongnai.canbo", "DNI", "Lý Văn Nai (mẫu)",
        "Cán bộ đơn vị: Công an tỉnh Đồng Nai, báo cáo định kỳ Cụm 10",
    ),
]  # fmt: skip

# ---------------------------------------------------------------------------------------
# Year totals of 2024 per unit. Rates are (numerator, denominator).

# Seed 003: all five above 75% (the figures themselves are sample).
CLEARANCE_2024 = {
    "TNH": (842, 1015), "BDG": (1580, 2043), "BPC": (612, 768), "LAN": (905, 1102),
    "DNI": (1490, 1925),
}  # fmt: skip
# Seed 003: Tây Ninh 93,1%, Long An 95,57%, Bình Phước 90,2%; the other two below 90%.
SERIOUS_CLEARANCE_2024 = {
    "TNH": (108, 116), "LAN": (151, 158), "BPC": (92, 102), "BDG": (176, 198),
    "DNI": (203, 231),
}  # fmt: skip
# Seed 003: 100% of the drug users found placed under management.
DRUG_USERS_2024 = {"TNH": 364, "BDG": 1210, "BPC": 402, "LAN": 538, "DNI": 1086}
# Seed 003: 2.662 files against the cluster's 1.438 (the split per unit is sample; the
# per-unit targets of the demo covenant are 218, 420, 180, 230 and 390).
REHAB_2024 = {"TNH": 412, "BDG": 760, "BPC": 340, "LAN": 430, "DNI": 720}
SMUGGLING_2024 = {"TNH": 38, "BDG": 12, "BPC": 41, "LAN": 33, "DNI": 9}
ECONOMIC_2024 = {"TNH": 84, "BDG": 131, "BPC": 66, "LAN": 92, "DNI": 118}
# Crimes against social order, 2024 and the 2023 baseline typed in by the units.
CRIMES = {
    "TNH": (1095, 1180), "BDG": (2440, 2590), "BPC": (852, 905), "LAN": (1198, 1290),
    "DNI": (2260, 2350),
}  # fmt: skip
# Traffic accidents: (accidents, deaths, injuries) of 2024, then of 2023.
TRAFFIC = {
    "TNH": ((198, 121, 143), (212, 130, 156)),
    "BDG": ((402, 236, 288), (431, 252, 309)),
    "BPC": ((176, 118, 132), (188, 122, 141)),
    "LAN": ((221, 140, 170), (240, 151, 183)),
    "DNI": ((389, 241, 276), (415, 258, 297)),
}

# A year's share of each month, in hundredths (more before Tết and at the year's end).
WEIGHTS = (9, 7, 8, 8, 9, 8, 9, 8, 8, 8, 9, 9)

# 2025: the same months of 2024 changed by these factors (in percent), per criterion code;
# for a rate, (numerator, denominator), the numerator never above the denominator.
CHANGE_2025 = {"7": 94, "10": 95, "9": 104, "6.1": 110, "6.2": 103}
RATE_CHANGE_2025 = {"5.1": (99, 96), "5.2": (100, 97), "8": (97, 97)}
MERGED_2025 = {"TNH": ("TNH", "LAN"), "DNI": ("DNI", "BPC")}
MERGER = dt.date(2025, 7, 1)

SEED_NOTE = {
    "5.2": "Tổng năm khớp báo cáo tổng kết ngày 23/11/2024 của Cụm 10; số liệu từng tháng là mẫu.",
    "9": "Cả Cụm 2.662/1.438 hồ sơ theo báo cáo tổng kết ngày 23/11/2024; số liệu của từng "
    "đơn vị là mẫu.",
}


def _split(total: int) -> list[int]:
    """`total` over the twelve months by WEIGHTS, in whole numbers that add up to it."""
    weight = sum(WEIGHTS)
    base = [total * w // weight for w in WEIGHTS]
    remainders = sorted(range(12), key=lambda i: (-(total * WEIGHTS[i] % weight), i))
    for i in remainders[: total - sum(base)]:
        base[i] += 1
    return base


def _split_rate(numerator: int, denominator: int) -> list[tuple[int, int]]:
    """Monthly (numerator, denominator) pairs adding up to the year's, each n ≤ d."""
    dens = _split(denominator)
    nums = [numerator * d // denominator for d in dens]
    order = sorted(range(12), key=lambda i: (-(numerator * dens[i] % denominator), i))
    for i in [i for i in order if nums[i] < dens[i]][: numerator - sum(nums)]:
        nums[i] += 1
    return list(zip(nums, dens, strict=True))


RATES = ("5.1", "5.2", "8")


@dataclass(frozen=True)
class Month:
    """A unit's figures for a month (or the year): criterion code → a count, a rate's
    (numerator, denominator), or the counts of the parts of an AllOf; and the baselines
    typed in for the reduction targets."""

    values: Mapping[str, Any]
    baselines: Mapping[str, Any]


def _months_2024(code: str) -> list[Month]:
    clearance = _split_rate(*CLEARANCE_2024[code])
    serious = _split_rate(*SERIOUS_CLEARANCE_2024[code])
    drugs = _split(DRUG_USERS_2024[code])
    rehab, smuggling = _split(REHAB_2024[code]), _split(SMUGGLING_2024[code])
    economic = _split(ECONOMIC_2024[code])
    crimes, crimes_2023 = (_split(n) for n in CRIMES[code])
    traffic = [_split(n) for n in TRAFFIC[code][0]]
    traffic_2023 = [_split(n) for n in TRAFFIC[code][1]]
    return [
        Month(
            values={
                "2": 0,
                "5.1": clearance[m],
                "5.2": serious[m],
                "6.1": smuggling[m],
                "6.2": economic[m],
                "7": crimes[m],
                "8": (drugs[m], drugs[m]),
                "9": rehab[m],
                "10": tuple(part[m] for part in traffic),
            },
            baselines={"7": crimes_2023[m], "10": tuple(part[m] for part in traffic_2023)},
        )
        for m in range(12)
    ]


def _add(a: Any, b: Any) -> Any:
    """Counts added; pairs and part tuples added place by place."""
    if isinstance(a, tuple):
        return tuple(x + y for x, y in zip(a, b, strict=True))
    return a + b


def _year_2024(code: str) -> Month:
    """The totals the unit presented at the conference: its twelve months added up."""
    months = _months_2024(code)
    values = dict(months[0].values)
    for month in months[1:]:
        values = {key: _add(values[key], value) for key, value in month.values.items()}
    return Month(values=values, baselines={"7": CRIMES[code][1], "10": TRAFFIC[code][1]})


def _scaled(value: int, percent: int) -> int:
    return (value * percent + 50) // 100


def _month_2025(code: str, month: int) -> Month:
    """A month of 2025: 2024's same month changed by CHANGE_2025, summed over the area the
    unit covers in that month (after the merger, its predecessors' too)."""
    area = MERGED_2025.get(code, (code,)) if month >= MERGER.month else (code,)
    values: dict[str, Any] = {}
    for unit in area:
        source = _months_2024(unit)[month - 1].values
        for key, value in source.items():
            percent = CHANGE_2025.get(key, 100)
            if key in RATES:
                up, down = RATE_CHANGE_2025[key]
                denominator = _scaled(value[1], down)
                changed: Any = (min(_scaled(value[0], up), denominator), denominator)
            elif isinstance(value, tuple):
                changed = tuple(_scaled(v, percent) for v in value)
            else:
                changed = _scaled(value, percent)
            values[key] = changed if key not in values else _add(values[key], changed)
    return Month(values=values, baselines={})


# ---------------------------------------------------------------------------------------
# Loading


def load(*, password: str, stdout: Any) -> list[tuple[str, str]]:
    cum10 = _cluster(2024)
    if cum10 is None or not Covenant.objects.filter(cluster=cum10).exists():
        return []
    logins = _ensure_officers(password)
    users = _users()
    created = _load_2024(cum10.covenant, users)
    cum10_2025 = _cluster(2025)
    if cum10_2025 is not None and Covenant.objects.filter(cluster=cum10_2025).exists():
        created += _load_2025(cum10_2025.covenant, users)
    if created:
        stdout.write(f"Loaded {created} demo periodic reports of Cụm 10 (2024 and 2025).")
    return logins


def _cluster(year: int) -> Cluster | None:
    return Cluster.objects.filter(
        year=year, number=10, level=ClusterLevel.MINISTRY, province__isnull=True
    ).first()


def _ensure_officers(password: str) -> list[tuple[str, str]]:
    user_model: Any = get_user_model()
    logins = []
    for username, code, full_name, description in NEW_OFFICERS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, full_name=full_name, unit=unit, role="officer")
            user.set_password(password)
            user.save()
        elif not user.check_password(password):
            user.set_password(password)
            user.save()
        logins.append((username, description))
    return logins


def _users() -> dict[str, Any]:
    user_model: Any = get_user_model()
    names = [*OFFICERS.values(), OFFICE]
    found = {u.username: u for u in user_model.objects.filter(username__in=names)}
    return {**{code: found[name] for code, name in OFFICERS.items()}, "office": found[OFFICE]}


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def _after(period: Period, day: int) -> dt.date:
    """Day `day` of the month after the period."""
    end = period.end
    return (
        dt.date(end.year + 1, 1, day) if end.month == 12 else dt.date(end.year, end.month + 1, day)
    )


def _inputs(criteria: Mapping[str, Criterion], month: Month, notes: bool) -> list[FigureInput]:
    inputs = []
    for key, value in month.values.items():
        criterion = criteria[key]
        comment = SEED_NOTE.get(key, "") if notes else ""
        baseline = month.baselines.get(key)
        if key in RATES:
            numerator, denominator = value
            inputs.append(
                FigureInput(
                    criterion=criterion,
                    numerator=numerator,
                    denominator=denominator,
                    comment=comment,
                )
            )
        elif isinstance(value, tuple):
            for part, count in enumerate(value):
                inputs.append(
                    FigureInput(
                        criterion=criterion,
                        part=part,
                        value=count,
                        baseline_value=baseline[part] if isinstance(baseline, tuple) else None,
                    )
                )
        else:
            inputs.append(
                FigureInput(
                    criterion=criterion,
                    value=value,
                    comment=comment,
                    baseline_value=baseline if isinstance(baseline, int) else None,
                )
            )
    return inputs


def _reviewer(cluster: Cluster, unit: Unit, when: dt.datetime, users: Mapping[str, Any]) -> Any:
    """The cluster head's officer on that day; the office for the head's own report."""
    head = roles_on(cluster=cluster, on=review_day(cluster, when.date())).get(RoleKind.HEAD)
    if head is None or head.pk == unit.pk or head.code not in users:
        return users["office"]
    return users[head.code]


@dataclass(frozen=True)
class Plan:
    """One report to file: when it is submitted, approved and locked (None: not yet)."""

    period: Period
    unit: Unit
    inputs: Sequence[FigureInput]
    submitted: dt.datetime
    approved: dt.datetime | None
    locked: dt.datetime | None


def _file(plan: Plan, users: Mapping[str, Any]) -> bool:
    if Report.objects.filter(period=plan.period, unit=plan.unit).exists():
        return False
    officer = users[plan.unit.code]
    opened = plan.submitted - dt.timedelta(days=2)
    report = domain.report_open(
        period=plan.period, unit=plan.unit, by=officer, is_sample=True, at=opened
    )
    if plan.inputs:
        report = domain.report_figures_save(
            report=report, by=officer, expected_version=report.version, entries=plan.inputs,
            at=opened + dt.timedelta(hours=1),
        )  # fmt: skip
    report = domain.report_submit(
        report=report, by=officer, expected_version=report.version, at=plan.submitted
    )
    if plan.approved is None:
        return True
    cluster = plan.period.covenant.cluster
    reviewer = _reviewer(cluster, plan.unit, plan.approved, users)
    report = domain.report_approve(
        report=report, by=reviewer, expected_version=report.version, at=plan.approved
    )
    if plan.locked is not None:
        domain.report_lock(
            report=report, by=users["office"], expected_version=report.version, at=plan.locked
        )
    return True


def _periods(covenant: Covenant, **kwargs: Any) -> dict[tuple[str, int], Period]:
    return {(p.kind, p.index): p for p in domain.periods_generate(covenant, **kwargs)}


def _criteria(covenant: Covenant) -> dict[str, Criterion]:
    return {c.code: c for c in covenant.criteria.all()}


def _load_2024(covenant: Covenant, users: Mapping[str, Any]) -> int:
    periods = _periods(covenant, year_deadline=dt.date(2024, 11, 15))
    criteria = _criteria(covenant)
    units = {u.code: u for u in Unit.objects.filter(code__in=UNITS)}
    plans = []
    for code in UNITS:
        for month, figures in enumerate(_months_2024(code), start=1):
            period = periods[(PeriodKind.MONTH, month)]
            plans.append(_done(period, units[code], _inputs(criteria, figures, notes=False)))
        for kind, count in ((PeriodKind.QUARTER, 4), (PeriodKind.HALF_YEAR, 1),
                            (PeriodKind.NINE_MONTHS, 1)):  # fmt: skip
            for index in range(1, count + 1):
                plans.append(_done(periods[(kind, index)], units[code], ()))
        plans.append(
            Plan(
                period=periods[(PeriodKind.YEAR, 1)],
                unit=units[code],
                inputs=_inputs(criteria, _year_2024(code), notes=True),
                submitted=_at(dt.date(2024, 11, 14)),
                approved=_at(dt.date(2024, 11, 20)),
                locked=_at(dt.date(2024, 11, 22)),
            )
        )
    return sum(_file(plan, users) for plan in sorted(plans, key=_order))


def _done(period: Period, unit: Unit, inputs: Sequence[FigureInput]) -> Plan:
    """Submitted by day 3 (4 for several months), approved on the 8th, locked on the 15th."""
    return Plan(
        period=period,
        unit=unit,
        inputs=inputs,
        submitted=_at(_after(period, 3 if period.kind == PeriodKind.MONTH else 4)),
        approved=_at(_after(period, 8)),
        locked=_at(_after(period, 15)),
    )


def _order(plan: Plan) -> tuple[dt.date, int, str]:
    # Months before the quarters, 6 and 9 months and year that add them up.
    return plan.period.end, -plan.period.start.toordinal(), plan.unit.code


def _load_2025(covenant: Covenant, users: Mapping[str, Any]) -> int:
    periods = _periods(covenant)
    criteria = _criteria(covenant)
    units = {u.code: u for u in Unit.objects.filter(code__in=UNITS)}
    last_day = _at(MERGER - dt.timedelta(days=1), 16)
    plans = []
    for code in UNITS:
        continuing = code in MERGED_2025
        for month in range(1, 10 if continuing else 7):
            period = periods[(PeriodKind.MONTH, month)]
            plan = _done(period, units[code], _inputs(criteria, _month_2025(code, month), False))
            if not continuing and month == 6:
                # Filed on its last day, before the merger of 1/7.
                plan = Plan(period, units[code], plan.inputs, last_day, plan.approved, plan.locked)
            if month >= 7:
                pending = month == 9 and code == "DNI"
                plan = Plan(
                    period, units[code], plan.inputs, plan.submitted,
                    None if pending else plan.approved, None,
                )  # fmt: skip
            plans.append(plan)
        for kind, index in ((PeriodKind.QUARTER, 1), (PeriodKind.QUARTER, 2),
                            (PeriodKind.HALF_YEAR, 1)):  # fmt: skip
            plan = _done(periods[(kind, index)], units[code], ())
            if not continuing and periods[(kind, index)].end.month == 6:
                plan = Plan(plan.period, plan.unit, (), last_day, plan.approved, plan.locked)
            plans.append(plan)
    return sum(_file(plan, users) for plan in sorted(plans, key=_order))
