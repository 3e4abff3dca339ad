"""Demo scoring: Cụm 10's 2024 scores, from self-scores to the published ranking.

The quantitative criteria are scored by the formula from the demo's approved year figures
(thidua.reporting.demo, which reproduces the seed's rates); nobody types those. Everything
else here is sample data and marked so (`is_sample`): the self-scores of the qualitative,
direct, rank and bonus/penalty criteria, the two changes the verifiers made with their
reasons, Đồng Nai's explanation and the office's decision on it. The seed (PLO 23/11/2024)
says the units voted the flags "trên cơ sở kết quả chấm điểm" and highlights Long An,
Tây Ninh and Bình Phước; the sample scores agree with that order.

Written through thidua.scoring.domain by the people concerned, on the days before the
conference of 23/11/2024 (year reports approved on 20/11): the units self-score on 20/11,
Tây Ninh's officer (the cluster head) verifies the others and the office Tây Ninh on 21/11,
the units explain the same afternoon, the office decides, locks and publishes on 22/11.
Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from thidua.covenants.models import Covenant, Criterion, CriterionKind
from thidua.org.models import ClusterLevel, Unit
from thidua.reporting.models import PeriodKind, Report, ReportStatus
from thidua.scoring import domain
from thidua.scoring.domain import Explanation, ScoreInput
from thidua.scoring.models import CovenantScoring, ScoreSheet, SheetStatus

UNITS = ("TNH", "LAN", "BPC", "BDG", "DNI")
HEAD = "TNH"
OFFICE = "cuc.ctct"
OFFICERS = {
    "TNH": "tayninh.canbo",
    "LAN": "longan.canbo",
    "BPC": "binhphuoc.canbo",
    "BDG": "binhduong.canbo",
    "DNI": "dongnai.canbo",
}

# Self-scores (sample) by criterion code: qualitative met, occurrences (4: 10 points per
# case, 15: 5 points per training), points (13), the Ministry's rank on Đề án 06 (11),
# bonus/penalty counts by item (16: 0 = Prime Minister's certificate +5, 1 = Minister's
# certificate +3, 2 = criticism −3).
SELF: dict[str, dict[str, Any]] = {
    "TNH": {"1": True, "3": True, "4": 4, "11": [2], "12": True, "13": "36", "14": True,
            "15": 6, "16": {"1": 1}},
    "LAN": {"1": True, "3": True, "4": 4, "11": [1], "12": True, "13": "38", "14": True,
            "15": 6, "16": {"0": 1}},
    "BPC": {"1": True, "3": True, "4": 3, "11": [3], "12": True, "13": "34", "14": True,
            "15": 5, "16": {"1": 1}},
    "BDG": {"1": True, "3": True, "4": 3, "11": [4], "12": True, "13": "32", "14": True,
            "15": 5, "16": {"0": 1}},
    "DNI": {"1": True, "3": True, "4": 2, "11": [5], "12": True, "13": "30", "14": True,
            "15": 6, "16": {}},
}  # fmt: skip
NOTES = {
    ("LAN", "16"): "Bằng khen của Thủ tướng Chính phủ cho thành tích đấu tranh ma túy (mẫu).",
    ("BDG", "16"): "Bằng khen của Thủ tướng Chính phủ (mẫu).",
    ("DNI", "15"): "Sáu lớp tập huấn nghiệp vụ trong năm (mẫu).",
}
# The verifiers' changes (sample), with their reasons.
VERIFIED: dict[str, dict[str, tuple[Any, str]]] = {
    "BDG": {
        "16": (
            {},
            "Bằng khen của Thủ tướng Chính phủ ghi thành tích năm 2023, không tính vào năm "
            "2024 (mẫu).",
        )
    },
    "DNI": {
        "15": (
            4,
            "Chỉ 4 lớp tập huấn có kế hoạch và danh sách học viên kèm theo; 2 lớp chưa có "
            "minh chứng (mẫu).",
        )
    },
}
EXPLANATIONS = {
    ("DNI", "15"): "Bổ sung kế hoạch và danh sách học viên lớp tập huấn tháng 10/2024; lớp "
    "tháng 12 tổ chức cùng Công an tỉnh Bình Phước (mẫu).",
}
# The office's decisions (sample), with their reasons.
FINAL: dict[str, dict[str, tuple[Any, str]]] = {
    "DNI": {
        "15": (
            5,
            "Chấp nhận lớp tháng 10/2024 có đủ minh chứng bổ sung; lớp tháng 12 do Công an "
            "tỉnh Bình Phước chủ trì nên không tính (mẫu).",
        )
    },
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


SELF_SCORED = _at(dt.date(2024, 11, 20), 14)
SUBMITTED = _at(dt.date(2024, 11, 20), 16)
VERIFIED_AT = _at(dt.date(2024, 11, 21), 9)
VERIFY_DONE = _at(dt.date(2024, 11, 21), 10)
EXPLAINED = _at(dt.date(2024, 11, 21), 14)
DECIDED = _at(dt.date(2024, 11, 22), 8)
FINALIZED = _at(dt.date(2024, 11, 22), 10)
PUBLISHED = _at(dt.date(2024, 11, 22), 15)


def load(*, password: str, stdout: Any) -> list[tuple[str, str]]:
    """Cụm 10's 2024 scoring, locked and published; no users are added."""
    del password
    covenant = Covenant.objects.filter(
        cluster__year=2024,
        cluster__number=10,
        cluster__level=ClusterLevel.MINISTRY,
        cluster__province__isnull=True,
    ).first()
    if covenant is None or CovenantScoring.objects.filter(covenant=covenant).exists():
        return []
    approved = Report.objects.filter(
        period__covenant=covenant,
        period__kind=PeriodKind.YEAR,
        status__in=(ReportStatus.APPROVED, ReportStatus.LOCKED),
    ).count()
    users = _users()
    if approved < len(UNITS) or users is None:
        return []
    _score(covenant, users)
    stdout.write("Loaded the demo scoring of Cụm 10 (2024): locked and published.")
    return []


def _users() -> dict[str, Any] | None:
    user_model: Any = get_user_model()
    found = {
        u.username: u for u in user_model.objects.filter(username__in=[*OFFICERS.values(), OFFICE])
    }
    if len(found) < len(OFFICERS) + 1:
        return None
    return {**{code: found[name] for code, name in OFFICERS.items()}, "office": found[OFFICE]}


def _inputs(
    criteria: Mapping[str, Criterion], given: Mapping[str, Any], notes: Any
) -> list[ScoreInput]:
    result = []
    for code, value in given.items():
        criterion = criteria[code]
        value, note = value if isinstance(value, tuple) else (value, notes(code))
        result.append(ScoreInput(criterion=criterion, note=note, **_field(criterion, value)))
    return result


def _field(criterion: Criterion, value: Any) -> dict[str, Any]:
    if criterion.kind == CriterionKind.QUALITATIVE:
        return {"met": value}
    if criterion.kind == CriterionKind.BONUS_PENALTY:
        return {"counts": value}
    if criterion.kind == CriterionKind.RANK_POINTS:
        return {"ranks": value}
    if (criterion.settings or {}).get("per_occurrence"):
        return {"occurrences": value}
    return {"points": value}


def _score(covenant: Covenant, users: Mapping[str, Any]) -> None:
    criteria = {c.code: c for c in covenant.criteria.all()}
    units = {u.code: u for u in Unit.objects.filter(code__in=UNITS)}
    office = users["office"]
    sheets: dict[str, ScoreSheet] = {}
    for code in UNITS:
        officer = users[code]
        sheet = domain.scoresheet_open(
            covenant=covenant, unit=units[code], by=officer, is_sample=True, at=SELF_SCORED
        )
        entries = _inputs(criteria, SELF[code], lambda c, code=code: NOTES.get((code, c), ""))
        sheet = domain.score_self_save(
            sheet=sheet, by=officer, expected_version=sheet.version, entries=entries,
            at=SELF_SCORED,
        )  # fmt: skip
        sheets[code] = domain.scoresheet_submit(
            sheet=sheet, by=officer, expected_version=sheet.version, at=SUBMITTED
        )
    for code in UNITS:
        verifier = office if code == HEAD else users[HEAD]
        sheet = sheets[code]
        if code in VERIFIED:
            sheet = domain.score_verify(
                sheet=sheet, by=verifier, expected_version=sheet.version,
                entries=_inputs(criteria, VERIFIED[code], lambda c: ""), at=VERIFIED_AT,
            )  # fmt: skip
        sheets[code] = domain.scoresheet_verify_done(
            sheet=sheet, by=verifier, expected_version=sheet.version, at=VERIFY_DONE
        )
    for code in UNITS:
        sheet = sheets[code]
        if sheet.status != SheetStatus.VERIFIED:
            continue
        officer = users[code]
        explained = [
            Explanation(criterion=criteria[c], text=text)
            for (unit, c), text in EXPLANATIONS.items()
            if unit == code
        ]
        if explained:
            sheet = domain.score_explain(
                sheet=sheet, by=officer, expected_version=sheet.version, entries=explained,
                at=EXPLAINED,
            )  # fmt: skip
        sheets[code] = domain.scoresheet_explain_done(
            sheet=sheet, by=officer, expected_version=sheet.version, at=EXPLAINED
        )
    for code in UNITS:
        sheet = sheets[code]
        if code in FINAL:
            sheet = domain.score_finalize(
                sheet=sheet, by=office, expected_version=sheet.version,
                entries=_inputs(criteria, FINAL[code], lambda c: ""), at=DECIDED,
            )  # fmt: skip
        domain.scoresheet_finalize_done(
            sheet=sheet, by=office, expected_version=sheet.version, at=FINALIZED
        )
    scoring = CovenantScoring.objects.get(covenant=covenant)
    domain.covenant_scoring_lock(
        covenant=covenant, by=office, expected_version=scoring.version, at=PUBLISHED
    )
