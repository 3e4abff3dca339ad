"""draft → submitted → verified → explained → final → locked, each step and each refusal:
points above the maximum, a changed score without a reason, a decision before the
verification, a unit outside the cluster, changes after locking, a stale version."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.scoring.world import (
    World,
    all_final,
    build_world,
    file_year,
    inputs,
    opened,
    scoring_version,
    self_scored,
    take_to,
    verifier,
)
from thidua.core.audit import audit_entries
from thidua.covenants.models import Covenant, CovenantStatus
from thidua.reporting import domain as reporting
from thidua.reporting.models import Report
from thidua.scoring import domain
from thidua.scoring.domain import Explanation
from thidua.scoring.models import (
    CovenantScoring,
    Score,
    ScoreEvidence,
    ScoreSheet,
    ScoringStatus,
    SheetStatus,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% minh chung\n"


def _state(sheet: ScoreSheet) -> tuple[str, int]:
    sheet.refresh_from_db()
    return sheet.status, sheet.version


def _inputs_stored(sheet: ScoreSheet) -> dict[str, Any]:
    return {
        s.criterion.code: (s.self_input, s.verified_input, s.final_input, s.explanation)
        for s in Score.objects.filter(sheet=sheet).select_related("criterion")
    }


def _message(caught: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(caught.value.messages)


def _verify(world: World, sheet: ScoreSheet, **given: Any) -> ScoreSheet:
    code = sheet.unit.code
    return domain.score_verify(
        sheet=sheet, by=verifier(world, code), expected_version=sheet.version,
        entries=inputs(world, **given),
    )  # fmt: skip


def _submitted(world: World, code: str = "LAN") -> ScoreSheet:
    return take_to(world, code, SheetStatus.SUBMITTED)


def _verified_with_a_change(world: World, code: str = "LAN") -> ScoreSheet:
    sheet = _verify(world, _submitted(world, code), c5=(2, "Chỉ có 2 lớp có minh chứng."))
    return domain.scoresheet_verify_done(
        sheet=sheet, by=verifier(world, code), expected_version=sheet.version
    )


# ---------------------------------------------------------------------------------------
# Opening and self-scoring


def test_it_opens_a_draft_with_a_score_per_criterion_and_the_figures_read(world: World) -> None:
    sheet = opened(world, "LAN")

    scores = {s.criterion.code: s for s in sheet.scores.select_related("criterion")}
    assert (sheet.status, sheet.version, sheet.figures_at is not None) == (
        SheetStatus.DRAFT,
        1,
        True,
    )
    assert sorted(scores) == ["1", "2", "3", "4", "5", "6", "7"]
    assert (scores["2"].figures or {})["result_vi"] == "120/100 hồ sơ (120,00%)"
    assert scores["3"].figures is None
    assert CovenantScoring.objects.get(covenant=world.covenant).status == ScoringStatus.OPEN


def test_it_opens_the_same_sheet_again_without_a_change(world: World) -> None:
    first = opened(world, "LAN")

    again = opened(world, "LAN")

    assert (again.pk, again.version) == (first.pk, first.version)


def test_it_refuses_to_score_a_unit_that_is_not_in_the_cluster(world: World) -> None:
    outsider = world.users["outsider"]

    with pytest.raises(ValidationError) as caught:
        domain.scoresheet_open(covenant=world.covenant, unit=outsider.unit, by=outsider)

    assert _message(caught) == (
        "Đà Nẵng không phải thành viên của Cụm thi đua số 10 (2024) vào cuối năm 2024 nên "
        "không được chấm điểm theo giao ước này."
    )
    assert not ScoreSheet.objects.exists()


def test_it_refuses_to_score_a_covenant_not_signed_yet(world: World) -> None:
    Covenant.objects.filter(pk=world.covenant.pk).update(status=CovenantStatus.OPEN)
    world.covenant.refresh_from_db()

    with pytest.raises(ValidationError) as caught:
        opened(world, "LAN")

    assert caught.value.code == "covenant_not_signed"
    assert not ScoreSheet.objects.exists()


def test_it_scores_the_self_scores_with_the_engine(world: World) -> None:
    sheet = self_scored(world, "LAN")

    row = domain.unit_scores(covenant=world.covenant, unit=world.units["LAN"])
    assert _inputs_stored(sheet)["6"] == ({"ranks": [1, 2]}, None, None, "")
    assert [row.cell(world.criteria[c]).self_points for c in ("3", "4", "5", "6", "7")] == [
        Decimal(100), Decimal(40), Decimal(30), Decimal("52.5"), Decimal(3),
    ]  # fmt: skip
    assert sheet.version == 2


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"c4": Decimal(60)}, "Điểm của tiêu chí 4 vượt điểm tối đa 50."),
        ({"c4": Decimal(-1)}, "Điểm của tiêu chí 4 không được âm."),
        ({"c4": Decimal("1.005")}, "Điểm của tiêu chí 4 có nhiều nhất 2 chữ số thập phân."),
        ({"c4": "mười"}, "Điểm của tiêu chí 4: “mười” không phải là số."),
        ({"c5": -2}, "Số lần của tiêu chí 5 không được âm."),
        ({"c5": 5000}, "Số lần của tiêu chí 5 không quá 1000."),
        ({"c6": [0]}, "Thứ hạng ở tiêu chí 6 phải là số nguyên từ 1 đến 3."),
        ({"c6": []}, "Tiêu chí 6 chấm theo thứ hạng: hãy nhập thứ hạng của từng đơn vị đánh giá."),
        ({"c7": {"9": 1}}, "Tiêu chí 7 không có mục cộng, trừ số 9."),
        ({"c1": Decimal(80)}, "Tiêu chí 1 là tiêu chí định lượng: điểm được tính tự động từ "
                              "số liệu năm đã duyệt, không ai nhập điểm này."),
    ],
    ids=["above-max", "negative", "three-decimals", "not-a-number", "negative-count",
         "absurd-count", "rank-zero", "no-rank", "unknown-item", "quantitative"],
)  # fmt: skip
def test_it_refuses_a_bad_self_score_and_saves_nothing(
    world: World, given: dict[str, Any], message: str
) -> None:
    sheet = opened(world, "LAN")

    with pytest.raises(ValidationError) as caught:
        domain.score_self_save(
            sheet=sheet, by=world.officer("LAN"), expected_version=sheet.version,
            entries=inputs(world, c3=True, **given),
        )  # fmt: skip

    assert _message(caught) == message
    assert _state(sheet) == (SheetStatus.DRAFT, 1)
    assert _inputs_stored(sheet)["3"] == (None, None, None, "")


def test_it_refuses_an_input_of_another_kind(world: World) -> None:
    sheet = opened(world, "LAN")

    with pytest.raises(ValidationError) as caught:
        domain.score_self_save(
            sheet=sheet, by=world.officer("LAN"), expected_version=sheet.version,
            entries=[domain.ScoreInput(criterion=world.criteria["3"], points=Decimal(100))],
        )  # fmt: skip

    assert _message(caught) == ("Tiêu chí 3 là tiêu chí định tính: chỉ chọn đạt hoặc không đạt.")


def test_it_submits_a_complete_self_score(world: World) -> None:
    sheet = self_scored(world, "LAN")

    sheet = domain.scoresheet_submit(
        sheet=sheet, by=world.officer("LAN"), expected_version=sheet.version
    )

    assert (sheet.status, sheet.submitted_by) == (SheetStatus.SUBMITTED, world.officer("LAN"))


def test_it_refuses_to_submit_an_incomplete_self_score(world: World) -> None:
    sheet = self_scored(world, "LAN", c3=True, c4=Decimal(10))

    with pytest.raises(ValidationError) as caught:
        domain.scoresheet_submit(
            sheet=sheet, by=world.officer("LAN"), expected_version=sheet.version
        )

    assert _message(caught) == ("Chưa đủ để nộp bảng điểm của Long An: tiêu chí 5; tiêu chí 6.")
    assert _state(sheet) == (SheetStatus.DRAFT, 2)


def test_it_refuses_to_submit_before_the_year_figures_are_approved(db: None) -> None:
    world = build_world(figures={"TNH": ((931, 1000), 150), "BDG": ((902, 1000), 90)})
    sheet = self_scored(world, "LAN")

    with pytest.raises(ValidationError) as caught:
        domain.scoresheet_submit(
            sheet=sheet, by=world.officer("LAN"), expected_version=sheet.version
        )

    assert _message(caught) == (
        "Chưa đủ để nộp bảng điểm của Long An: tiêu chí 1 (chưa có số liệu năm đã duyệt); "
        "tiêu chí 2 (chưa có số liệu năm đã duyệt)."
    )


def test_it_reads_the_figures_again_on_submission(db: None) -> None:
    world = build_world(figures={"TNH": ((931, 1000), 150), "BDG": ((902, 1000), 90)})
    sheet = self_scored(world, "LAN")
    file_year(world, "LAN", ((9557, 10000), 120))

    sheet = domain.scoresheet_submit(
        sheet=sheet, by=world.officer("LAN"), expected_version=sheet.version
    )

    figures = sheet.scores.get(criterion=world.criteria["1"]).figures or {}
    assert (sheet.status, figures["result_vi"]) == (
        SheetStatus.SUBMITTED,
        "95,57% (từ 90% trở lên)",
    )


# ---------------------------------------------------------------------------------------
# Verification


def test_it_refuses_a_changed_verified_score_without_a_reason(world: World) -> None:
    sheet = _submitted(world)
    version = sheet.version

    with pytest.raises(ValidationError) as caught:
        _verify(world, sheet, c3=(False, "Thiếu biên bản."), c5=2)

    assert _message(caught) == (
        "Điểm thẩm định của tiêu chí 5 (20) khác điểm tự chấm (30): hãy ghi lý do."
    )
    assert _inputs_stored(sheet)["3"][1] is None
    assert _state(sheet) == (SheetStatus.SUBMITTED, version)


def test_it_keeps_a_verified_score_with_its_reason_beside_the_self_score(world: World) -> None:
    sheet = _verify(world, _submitted(world), c5=(2, "Chỉ có 2 lớp có minh chứng."), c3=True)

    cell = domain.unit_scores(covenant=world.covenant, unit=world.units["LAN"]).cell(
        world.criteria["5"]
    )
    assert (cell.self_points, cell.verified_points, cell.points, cell.source) == (
        Decimal(30), Decimal(20), Decimal(20), "verified",
    )  # fmt: skip
    assert (cell.changed_by_verifier, cell.score and cell.score.verified_reason) == (
        True,
        "Chỉ có 2 lớp có minh chứng.",
    )
    assert sheet.status == SheetStatus.SUBMITTED


def test_it_sends_a_changed_sheet_to_the_unit_for_its_explanation(world: World) -> None:
    sheet = _verified_with_a_change(world)

    assert (sheet.status, sheet.verified_by) == (SheetStatus.VERIFIED, world.officer("TNH"))


def test_it_sends_an_unchanged_sheet_straight_to_the_office(world: World) -> None:
    sheet = _submitted(world)

    sheet = domain.scoresheet_verify_done(
        sheet=sheet, by=world.officer("TNH"), expected_version=sheet.version
    )

    assert (sheet.status, sheet.explained_at) == (SheetStatus.EXPLAINED, None)


def test_it_refuses_to_verify_a_draft(world: World) -> None:
    sheet = self_scored(world, "LAN")

    with pytest.raises(ValidationError) as caught:
        _verify(world, sheet, c5=(2, "Thiếu minh chứng."))

    assert _message(caught) == (
        "Chỉ thẩm định được bảng điểm đã nộp. Bảng điểm của Long An đang ở bước “Đang tự chấm”."
    )


# ---------------------------------------------------------------------------------------
# Explanation


def test_it_keeps_the_units_explanation_where_the_verifier_changed_a_score(world: World) -> None:
    sheet = _verified_with_a_change(world)
    officer = world.officer("LAN")

    sheet = domain.score_explain(
        sheet=sheet, by=officer, expected_version=sheet.version,
        entries=[Explanation(criterion=world.criteria["5"], text="Bổ sung danh sách lớp 3.")],
    )  # fmt: skip
    sheet = domain.scoresheet_explain_done(sheet=sheet, by=officer, expected_version=sheet.version)

    assert _inputs_stored(sheet)["5"][3] == "Bổ sung danh sách lớp 3."
    assert (sheet.status, sheet.explained_by) == (SheetStatus.EXPLAINED, officer)


def test_it_refuses_an_explanation_where_nothing_was_changed(world: World) -> None:
    sheet = _verified_with_a_change(world)

    with pytest.raises(ValidationError) as caught:
        domain.score_explain(
            sheet=sheet, by=world.officer("LAN"), expected_version=sheet.version,
            entries=[Explanation(criterion=world.criteria["4"], text="Không đồng ý.")],
        )  # fmt: skip

    assert _message(caught) == (
        "Điểm của tiêu chí 4 không bị thay đổi khi thẩm định nên không cần giải trình."
    )


# ---------------------------------------------------------------------------------------
# The office's decision


def _finalize(world: World, sheet: ScoreSheet, **given: Any) -> ScoreSheet:
    return domain.score_finalize(
        sheet=sheet, by=world.users["office"], expected_version=sheet.version,
        entries=inputs(world, **given),
    )  # fmt: skip


@pytest.mark.parametrize("status", [SheetStatus.DRAFT, SheetStatus.SUBMITTED, SheetStatus.VERIFIED])
def test_it_refuses_a_final_decision_before_the_verification(world: World, status: str) -> None:
    sheet = (
        _verified_with_a_change(world)
        if status == SheetStatus.VERIFIED
        else take_to(world, "LAN", status)
    )

    with pytest.raises(ValidationError) as caught:
        _finalize(world, sheet, c5=(3, "Chấp nhận."))

    assert caught.value.code == "status"
    assert _message(caught).startswith(
        "Chưa quyết định điểm chính thức được: cơ quan thường trực quyết định sau khi Cụm "
        "trưởng thẩm định và đơn vị giải trình."
    )
    assert _inputs_stored(sheet)["5"][2] is None


def test_it_requires_a_reason_when_the_final_score_differs_from_the_verified(world: World) -> None:
    sheet = _verified_with_a_change(world)
    sheet = domain.scoresheet_explain_done(
        sheet=sheet, by=world.officer("LAN"), expected_version=sheet.version
    )

    with pytest.raises(ValidationError) as caught:
        _finalize(world, sheet, c5=3)

    assert _message(caught) == (
        "Điểm chính thức của tiêu chí 5 (30) khác điểm thẩm định (20): hãy ghi lý do."
    )


def test_it_shows_self_verified_and_final_scores_side_by_side(world: World) -> None:
    sheet = _verified_with_a_change(world)
    sheet = domain.scoresheet_explain_done(
        sheet=sheet, by=world.officer("LAN"), expected_version=sheet.version
    )
    sheet = _finalize(world, sheet, c5=(3, "Minh chứng bổ sung hợp lệ."))

    sheet = domain.scoresheet_finalize_done(
        sheet=sheet, by=world.users["office"], expected_version=sheet.version
    )

    cell = domain.unit_scores(covenant=world.covenant, unit=world.units["LAN"]).cell(
        world.criteria["5"]
    )
    assert (cell.self_points, cell.verified_points, cell.final_points, cell.points) == (
        Decimal(30), Decimal(20), Decimal(30), Decimal(30),
    )  # fmt: skip
    assert cell.score is not None
    assert (cell.score.verified_reason, cell.score.final_reason, cell.source) == (
        "Chỉ có 2 lớp có minh chứng.",
        "Minh chứng bổ sung hợp lệ.",
        "final",
    )
    assert (sheet.status, sheet.finalized_by) == (SheetStatus.FINAL, world.users["office"])


# ---------------------------------------------------------------------------------------
# Locking, publishing, reopening


def _lock(world: World) -> CovenantScoring:
    return domain.covenant_scoring_lock(
        covenant=world.covenant, by=world.users["office"], expected_version=scoring_version(world)
    )


def test_it_locks_every_sheet_and_publishes_the_ranking(world: World) -> None:
    all_final(world)
    table = domain.cluster_score_table(covenant=world.covenant)

    scoring = _lock(world)

    assert scoring.status == ScoringStatus.PUBLISHED
    assert set(ScoreSheet.objects.values_list("status", flat=True)) == {SheetStatus.LOCKED}
    assert [(item["unit"], item["rank"], item["percent"]) for item in scoring.ranking] == [
        (row.unit.pk, row.rank, str(row.percent)) for row in table.ranking
    ]
    assert domain.covenant_ranking(covenant=world.covenant).published


def test_it_refuses_to_lock_while_a_unit_has_no_final_scores(world: World) -> None:
    take_to(world, "TNH", SheetStatus.FINAL)
    take_to(world, "LAN", SheetStatus.SUBMITTED)

    with pytest.raises(ValidationError) as caught:
        _lock(world)

    assert _message(caught) == (
        "Chưa khóa được: các đơn vị sau chưa có điểm chính thức: Bình Dương (chưa mở bảng "
        "điểm); Long An (Đã nộp, chờ thẩm định)."
    )
    assert set(ScoreSheet.objects.values_list("status", flat=True)) == {
        SheetStatus.FINAL,
        SheetStatus.SUBMITTED,
    }
    assert CovenantScoring.objects.get().status == ScoringStatus.OPEN


def _evidence(world: World, sheet: ScoreSheet) -> Any:
    return domain.score_evidence_add(
        sheet=sheet, criterion=world.criteria["3"], by=world.officer("LAN"),
        expected_version=sheet.version, file=io.BytesIO(PDF), name="bien-ban.pdf",
    )  # fmt: skip


CHANGES: dict[str, Callable[[World, ScoreSheet], Any]] = {
    "self-score": lambda w, s: domain.score_self_save(
        sheet=s, by=w.officer("LAN"), expected_version=s.version, entries=inputs(w, c3=False)
    ),
    "submit": lambda w, s: domain.scoresheet_submit(
        sheet=s, by=w.officer("LAN"), expected_version=s.version
    ),
    "verify": lambda w, s: _verify(w, s, c5=(1, "Sai.")),
    "explain-done": lambda w, s: domain.scoresheet_explain_done(
        sheet=s, by=w.officer("LAN"), expected_version=s.version
    ),
    "finalize": lambda w, s: _finalize(w, s, c5=(1, "Sai.")),
    "refresh": lambda w, s: domain.scoresheet_refresh_figures(
        sheet=s, by=w.users["office"], expected_version=s.version, reason="Sửa số liệu"
    ),
    "evidence": _evidence,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_it_refuses_every_change_after_locking(world: World, change: str) -> None:
    all_final(world)
    _lock(world)
    sheet = world.sheet("LAN")
    before = (sheet.version, _inputs_stored(sheet))

    with pytest.raises(ValidationError) as caught:
        CHANGES[change](world, sheet)

    assert _message(caught) == (
        "Kết quả chấm điểm của Long An đã khóa và công bố: không sửa được nữa. Nếu cần sửa, "
        "cơ quan thường trực thi đua phải mở lại kết quả, kèm lý do."
    )
    after = _state(sheet)
    assert (after[0], (after[1], _inputs_stored(sheet))) == (SheetStatus.LOCKED, before)


def test_it_reopens_with_a_reason_for_the_office_to_decide_again(world: World) -> None:
    all_final(world)
    _lock(world)

    scoring = domain.covenant_scoring_reopen(
        covenant=world.covenant, by=world.users["office"], expected_version=scoring_version(world),
        reason="Long An bổ sung minh chứng tiêu chí 5",
    )  # fmt: skip
    sheet = _finalize(world, world.sheet("LAN"), c5=(4, "Minh chứng bổ sung."))

    assert (scoring.status, scoring.ranking, scoring.reopen_reason) == (
        ScoringStatus.OPEN,
        [],
        "Long An bổ sung minh chứng tiêu chí 5",
    )
    assert set(ScoreSheet.objects.values_list("status", flat=True)) == {SheetStatus.EXPLAINED}
    assert _inputs_stored(sheet)["5"][2] == {"occurrences": 4}
    assert not domain.covenant_ranking(covenant=world.covenant).published


def test_it_refuses_to_reopen_without_a_reason(world: World) -> None:
    all_final(world)
    _lock(world)

    with pytest.raises(ValidationError) as caught:
        domain.covenant_scoring_reopen(
            covenant=world.covenant, by=world.users["office"],
            expected_version=scoring_version(world), reason="  ",
        )  # fmt: skip

    assert caught.value.message_dict == {"reason": ["Hãy ghi lý do mở lại kết quả chấm điểm."]}
    assert CovenantScoring.objects.get().status == ScoringStatus.PUBLISHED


# ---------------------------------------------------------------------------------------
# Concurrency, audit, figures, evidence


def test_it_refuses_a_stale_version_naming_who_saved_in_between(world: World) -> None:
    sheet = opened(world, "LAN")
    stale = sheet.version
    domain.score_self_save(
        sheet=sheet, by=world.users["admin"], expected_version=stale,
        entries=inputs(world, c3=True),
    )  # fmt: skip

    with pytest.raises(ValidationError) as caught:
        domain.score_self_save(
            sheet=sheet, by=world.officer("LAN"), expected_version=stale,
            entries=inputs(world, c3=False),
        )  # fmt: skip

    assert caught.value.code == "conflict"
    assert f"vừa được {world.users['admin'].display_name} lưu lúc" in _message(caught)
    assert f"phiên bản {stale + 1}; bạn đang sửa phiên bản {stale}" in _message(caught)
    assert _inputs_stored(sheet)["3"][0] == {"met": True}


def test_it_keeps_who_changed_a_score_when_from_what_to_what_and_why(world: World) -> None:
    sheet = _verify(world, _submitted(world), c5=(2, "Chỉ có 2 lớp có minh chứng."))

    score = sheet.scores.get(criterion=world.criteria["5"])
    latest = audit_entries(model=Score, object_id=str(score.pk))[0][0]
    changes = {c.field: (c.before, c.after) for c in latest.changes}
    assert (latest.user_id, latest.reason) == (
        world.officer("TNH").pk,
        "Chỉ có 2 lớp có minh chứng.",
    )
    assert changes == {
        "verified_input": (None, {"occurrences": 2}),
        "verified_reason": ("", "Chỉ có 2 lớp có minh chứng."),
    }
    steps = [
        (row.status, row.history_user_id, row.history_change_reason)
        for row in ScoreSheet.history.filter(id=sheet.pk).order_by("history_date", "history_id")
    ]
    assert steps[-2:] == [
        (SheetStatus.SUBMITTED, world.officer("LAN").pk, "Nộp bảng tự chấm"),
        (SheetStatus.SUBMITTED, world.officer("TNH").pk, "Thẩm định"),
    ]


def test_the_history_says_what_happened_in_the_officers_language(world: World) -> None:
    # The reason is a statement ("Self-score submitted"), not the button's command.
    with translation.override("en"):
        sheet = _submitted(world)
    reasons = ScoreSheet.history.filter(id=sheet.pk, status=SheetStatus.SUBMITTED)
    assert reasons.latest("history_date").history_change_reason == "Self-score submitted"


def test_it_reads_corrected_figures_again_when_the_office_refreshes(world: World) -> None:
    for code in world.units:
        take_to(world, code, SheetStatus.SUBMITTED)
    # Bình Dương's year report is reopened and corrected to 96% (the new leader).
    office = world.users["office"]
    report = Report.objects.get(unit=world.units["BDG"], period=world.year)
    report = reporting.report_reopen(
        report=report, by=office, expected_version=report.version, reason="Sai số vụ"
    )
    officer = world.officer("BDG")
    report = reporting.report_figures_save(
        report=report, by=officer, expected_version=report.version,
        entries=[reporting.FigureInput(criterion=world.criteria["1"], numerator=96, denominator=100),
                 reporting.FigureInput(criterion=world.criteria["2"], value=90)],
    )  # fmt: skip
    report = reporting.report_submit(report=report, by=officer, expected_version=report.version)
    reporting.report_approve(report=report, by=office, expected_version=report.version)
    sheet = world.sheet("BDG")

    domain.scoresheet_refresh_figures(
        sheet=sheet, by=office, expected_version=sheet.version, reason="Báo cáo năm đã sửa"
    )

    table = domain.cluster_score_table(covenant=world.covenant)
    points = {c: table.unit(world.units[c]).cell(world.criteria["1"]).points for c in world.units}
    # Bình Dương now leads with e = 6 ÷ 90; Long An's e = 5,57 ÷ 90.
    expected = Decimal(50) + Decimal(50) * Decimal("5.57") / Decimal(6)
    assert points["BDG"] == Decimal(100)
    assert abs((points["LAN"] or Decimal(0)) - expected) < Decimal("1e-20")


def test_it_keeps_an_evidence_file_under_a_name_of_its_own(world: World) -> None:
    sheet = opened(world, "LAN")

    evidence = _evidence(world, sheet)

    assert evidence.original_name == "bien-ban.pdf"
    assert evidence.file.name.startswith(f"scoring/evidence/{evidence.score_id}/")
    assert evidence.file.name.endswith(".pdf")
    assert _state(sheet) == (SheetStatus.DRAFT, 2)


def test_it_refuses_an_evidence_file_that_is_not_what_its_name_says(world: World) -> None:
    sheet = opened(world, "LAN")

    with pytest.raises(ValidationError) as caught:
        domain.score_evidence_add(
            sheet=sheet, criterion=world.criteria["3"], by=world.officer("LAN"),
            expected_version=sheet.version,
            file=SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf"), name="bien-ban.pdf",
        )  # fmt: skip

    assert caught.value.message_dict["file"] == [
        "Nội dung tệp “bien-ban.pdf” không phải là tệp .pdf như tên của nó: hãy kiểm tra lại tệp."
    ]
    assert not ScoreEvidence.objects.exists()


def test_it_removes_an_evidence_file_while_the_unit_holds_the_sheet(world: World) -> None:
    sheet = opened(world, "LAN")
    evidence = _evidence(world, sheet)
    sheet.refresh_from_db()

    domain.score_evidence_delete(
        evidence=evidence, by=world.officer("LAN"), expected_version=sheet.version
    )

    assert not ScoreEvidence.objects.exists()
    assert ScoreEvidence.history.filter(history_type="-").get().history_user == world.officer("LAN")


def test_it_keeps_the_published_ranking_when_the_covenant_changes_afterwards(world: World) -> None:
    all_final(world)
    scoring = _lock(world)
    published = domain.covenant_ranking(covenant=world.covenant)
    Covenant.objects.filter(pk=world.covenant.pk).update(tie_break="none", scale=Decimal(600))

    again = domain.covenant_ranking(covenant=world.covenant)

    assert [(r.unit.pk, r.rank, r.percent) for r in again.rows] == [
        (r.unit.pk, r.rank, r.percent) for r in published.rows
    ]
    assert [r["unit"] for r in scoring.ranking] == [r.unit.pk for r in again.rows]


def test_it_keeps_a_long_reason_whole_and_its_start_in_the_history(world: World) -> None:
    reason = "Biên bản kiểm tra ngày 15/11/2024 ghi nhận chỉ có hai lớp tập huấn có kế hoạch, " * 3

    sheet = _verify(world, _submitted(world), c5=(2, reason))

    score = sheet.scores.get(criterion=world.criteria["5"])
    change = score.history.latest().history_change_reason
    assert score.verified_reason == reason.strip()
    assert (len(change), change[-1], change[:60]) == (100, "…", reason[:60])


def test_it_files_every_change_under_the_scored_unit_on_the_audit_page(world: World) -> None:
    take_to(world, "BDG", SheetStatus.SUBMITTED)
    sheet = self_scored(world, "LAN")
    _evidence(world, sheet)

    entries, _more = audit_entries(unit_id=world.units["LAN"].pk, limit=500)

    found = {
        label: {e.object_id for e in entries if e.model_label == label}
        for label in ("scoring.ScoreSheet", "scoring.Score", "scoring.ScoreEvidence")
    }
    assert found == {
        "scoring.ScoreSheet": {sheet.pk},
        "scoring.Score": set(Score.objects.filter(sheet=sheet).values_list("pk", flat=True)),
        "scoring.ScoreEvidence": set(ScoreEvidence.objects.values_list("pk", flat=True)),
    }
