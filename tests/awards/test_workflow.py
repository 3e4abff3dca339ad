"""Proposals: who makes them, proposed → submitted → granted (the award) / not granted,
bad input refused with nothing changed; the vote's results arriving as proposals."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from tests.awards.world import World, closed_vote
from thidua.awards import domain
from thidua.awards.models import Award, Proposal, ProposalSource, ProposalStatus, Recipient, Title

PROPOSED = dt.date(2024, 11, 25)


def _propose(world: World, role: str = "head", **overrides: Any) -> Proposal:
    values: dict[str, Any] = {
        "cluster": world.cluster,
        "title": world.title("tap-the-ldxs"),
        "unit": world.units["DNI"],
        "proposed_at": PROPOSED,
        "achievements": "Hoàn thành vượt mức chỉ tiêu.",
        "by": world[role],
    }
    values.update(overrides)
    return domain.proposal_create(**values)


def _submitted(world: World, **overrides: Any) -> Proposal:
    proposal = _propose(world, **overrides)
    return domain.proposal_submit(
        proposal=proposal, by=world["head"], expected_version=1, submitted_at=dt.date(2024, 11, 28)
    )


def _grant(world: World, proposal: Proposal, **overrides: Any) -> Award:
    values: dict[str, Any] = {
        "proposal": proposal,
        "by": world["office"],
        "expected_version": proposal.version,
        "decision_number": "2200/QĐ-BCA",
        "decision_date": dt.date(2025, 3, 12),
    }
    values.update(overrides)
    return domain.proposal_grant(**values)


def _snapshot(proposal: Proposal) -> tuple[Any, ...]:
    fresh = Proposal.objects.get(pk=proposal.pk)
    return (
        fresh.status,
        fresh.version,
        fresh.award_id,
        Award.objects.count(),
        fresh.history.count(),
    )


# ---------------------------------------------------------------------------------------
# Who proposes


@pytest.mark.parametrize("role", ["admin", "office", "head", "deputy"])
def test_it_lets_those_who_run_the_cluster_propose_for_any_member(world: World, role: str) -> None:
    proposal = _propose(world, role)

    assert (proposal.status, proposal.year, proposal.source) == ("proposed", 2024, "manual")
    assert proposal.history.get().history_user == world[role]


def test_it_lets_a_unit_officer_draft_for_its_own_unit_only(world: World) -> None:
    own = _propose(world, "member", unit=world.units["BPC"])

    with pytest.raises(PermissionDenied):
        _propose(world, "member", unit=world.units["DNI"])

    assert Proposal.objects.get() == own


@pytest.mark.parametrize("role", ["leader", "outsider", "other_office"])
def test_it_refuses_proposals_from_anyone_else(world: World, role: str) -> None:
    with pytest.raises(PermissionDenied):
        _propose(world, role, unit=world.units["TNH"])

    assert Proposal.objects.count() == 0


def test_it_lets_a_unit_officer_edit_its_draft_but_not_submit_it(world: World) -> None:
    proposal = _propose(world, "member", unit=world.units["BPC"])

    domain.proposal_update(
        proposal=proposal, by=world["member"], expected_version=1, achievements="Bổ sung thành tích"
    )
    with pytest.raises(PermissionDenied):
        domain.proposal_submit(proposal=proposal, by=world["member"], expected_version=2)

    assert Proposal.objects.get(pk=proposal.pk).status == "proposed"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"unit_code": "SLA"},
            "unit",
            "Sơn La không phải thành viên của Cụm thi đua số 10 (2024).",
        ),
        (
            {"proposed_at": dt.date(2023, 12, 1)},
            "proposed_at",
            "Ngày đề nghị 01/12/2023 trước năm thành tích 2024.",
        ),
        (
            {"title_code": "cstd-cand"},
            "title",
            "“Chiến sĩ thi đua toàn lực lượng CAND” là danh hiệu cá nhân: không tặng cho tập thể.",
        ),
        (
            {"recipient": Recipient.PERSON},
            "title",
            "“Tập thể lao động xuất sắc” là danh hiệu tập thể: không tặng cho cá nhân.",
        ),
        ({"year": 2025}, "year", "Hồ sơ của Cụm thi đua số 10 (2024) là cho năm 2024."),
    ],
)
def test_it_refuses_a_bad_proposal(
    world: World, overrides: dict[str, Any], field: str, message: str
) -> None:
    if "unit_code" in overrides:
        overrides["unit"] = world.units[overrides.pop("unit_code")]
    if "title_code" in overrides:
        overrides["title"] = world.title(overrides.pop("title_code"))

    with pytest.raises(ValidationError) as caught:
        _propose(world, "admin", **overrides)

    assert message in [str(m) for m in caught.value.error_dict[field][0].messages]
    assert Proposal.objects.count() == 0


def test_it_refuses_a_second_open_proposal_of_the_same_title(world: World) -> None:
    _propose(world)

    with pytest.raises(ValidationError) as caught:
        _propose(world, "deputy")

    assert (
        caught.value.error_dict["title"][0]
        .messages[0]
        .startswith("Đã có hồ sơ đề nghị “Tập thể lao động xuất sắc” cho Đồng Nai năm 2024")
    )


# ---------------------------------------------------------------------------------------
# The workflow


def test_it_grants_a_submitted_proposal_by_recording_its_award(world: World) -> None:
    proposal = _submitted(world)

    award = _grant(world, proposal)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.award, proposal.decided_by) == (
        "granted",
        award,
        world["office"],
    )
    assert (award.title.code, award.unit.code, award.year, award.cluster) == (
        "tap-the-ldxs",
        "DNI",
        2024,
        world.cluster,
    )
    assert [h.history_change_reason for h in proposal.history.order_by("history_id")] == [
        "Lập hồ sơ đề nghị",
        "Trình Hội đồng ngày 28/11/2024",
        "Được khen thưởng: quyết định số 2200/QĐ-BCA ngày 12/03/2025",
    ]


def test_it_refuses_a_decision_dated_before_the_proposal(world: World) -> None:
    proposal = _submitted(world)
    before = _snapshot(proposal)

    with pytest.raises(ValidationError) as caught:
        _grant(world, proposal, decision_date=dt.date(2024, 11, 20))

    assert caught.value.error_dict["decision_date"][0].messages == [
        "Ngày quyết định 20/11/2024 trước ngày đề nghị 25/11/2024."
    ]
    assert _snapshot(proposal) == before


def test_it_refuses_a_grant_the_award_rules_refuse_and_changes_nothing(world: World) -> None:
    proposal = _submitted(world)
    before = _snapshot(proposal)

    with pytest.raises(ValidationError) as caught:
        _grant(world, proposal, decision_number="", decision_date=dt.date(2099, 1, 1))

    assert sorted(caught.value.error_dict) == ["decision_date", "decision_number"]
    assert _snapshot(proposal) == before


def test_it_records_a_refusal_with_its_reason(world: World) -> None:
    proposal = _submitted(world)

    with pytest.raises(ValidationError):
        domain.proposal_reject(
            proposal=proposal, by=world["office"], expected_version=2, reason=" "
        )
    domain.proposal_reject(
        proposal=proposal, by=world["office"], expected_version=2, reason="Chưa đủ tiêu chuẩn"
    )

    proposal.refresh_from_db()
    assert (proposal.status, proposal.refusal_reason, proposal.award) == (
        "not_granted",
        "Chưa đủ tiêu chuẩn",
        None,
    )


@pytest.mark.parametrize("role", ["head", "deputy", "member", "leader", "other_office"])
def test_it_lets_only_the_managing_office_decide(world: World, role: str) -> None:
    proposal = _submitted(world)
    before = _snapshot(proposal)

    with pytest.raises(PermissionDenied):
        _grant(world, proposal, by=world[role])
    with pytest.raises(PermissionDenied):
        domain.proposal_reject(proposal=proposal, by=world[role], expected_version=2, reason="x")

    assert _snapshot(proposal) == before


def test_it_refuses_steps_out_of_order(world: World) -> None:
    proposal = _propose(world)

    with pytest.raises(ValidationError) as early:
        _grant(world, proposal)
    submitted = domain.proposal_submit(proposal=proposal, by=world["head"], expected_version=1)
    with pytest.raises(ValidationError) as again:
        domain.proposal_submit(proposal=submitted, by=world["head"], expected_version=2)
    with pytest.raises(ValidationError) as late_edit:
        domain.proposal_update(
            proposal=submitted, by=world["head"], expected_version=2, achievements="x"
        )

    assert [e.value.code for e in (early, again, late_edit)] == ["status"] * 3
    assert early.value.messages[0] == (
        "Chỉ ghi nhận kết quả cho hồ sơ đã trình Hội đồng. Hồ sơ “Tập thể lao động xuất sắc: "
        "Đồng Nai (2024)” đang ở trạng thái “Đề nghị”."
    )


def test_it_detects_a_concurrent_edit(world: World) -> None:
    proposal = _propose(world)
    domain.proposal_update(
        proposal=proposal, by=world["deputy"], expected_version=1, achievements="A"
    )

    with pytest.raises(ValidationError) as caught:
        domain.proposal_submit(proposal=proposal, by=world["head"], expected_version=1)

    assert caught.value.code == "conflict"
    assert Proposal.objects.get(pk=proposal.pk).status == "proposed"


def test_it_refuses_a_submission_dated_before_the_proposal(world: World) -> None:
    proposal = _propose(world)

    with pytest.raises(ValidationError) as caught:
        domain.proposal_submit(
            proposal=proposal,
            by=world["head"],
            expected_version=1,
            submitted_at=dt.date(2024, 11, 1),
        )

    assert caught.value.error_dict["submitted_at"][0].messages == [
        "Ngày trình 01/11/2024 trước ngày đề nghị 25/11/2024."
    ]


def test_it_removes_a_draft_but_never_an_award_from_a_proposal(world: World) -> None:
    draft = _propose(world, unit=world.units["TNH"])
    award = _grant(world, _submitted(world))

    domain.proposal_delete(proposal=draft, by=world["head"], expected_version=1)
    with pytest.raises(ValidationError) as caught:
        domain.award_delete(award=award, by=world["office"], expected_version=1, reason="nhầm")

    assert not Proposal.objects.filter(pk=draft.pk).exists()
    assert caught.value.code == "linked"
    assert Award.objects.filter(pk=award.pk).exists()


def test_it_keeps_a_granted_awards_title_and_recipient(world: World) -> None:
    award = _grant(world, _submitted(world))

    with pytest.raises(ValidationError) as caught:
        domain.award_update(
            award=award, by=world["office"], expected_version=1, reason="x", unit=world.units["TNH"]
        )

    assert "unit" in caught.value.error_dict


# ---------------------------------------------------------------------------------------
# The vote's results


def test_it_turns_a_closed_votes_results_into_proposals(world: World) -> None:
    vote = closed_vote(world)

    proposals = Proposal.objects.filter(cluster=world.cluster).order_by(
        "title__order", "unit__code"
    )

    assert [(p.title.code, p.unit.code, p.source, p.proposed_at) for p in proposals] == [
        ("gov", "LAN", "vote", dt.date(2024, 11, 23)),
        ("min", "BPC", "vote", dt.date(2024, 11, 23)),
        ("min", "LAN", "vote", dt.date(2024, 11, 23)),
        ("min", "TNH", "vote", dt.date(2024, 11, 23)),
    ]
    assert {p.vote_proposal.vote for p in proposals if p.vote_proposal} == {vote}
    assert all(p.vote_proposal for p in proposals)
    assert {p.created_by for p in proposals} == {world["head"]}


def test_it_makes_each_votes_proposal_once(world: World) -> None:
    vote = closed_vote(world)

    again = domain.proposals_from_vote(vote=vote)

    assert len(again) == 4
    assert Proposal.objects.count() == 4


def test_it_links_a_hand_made_proposal_to_the_vote_instead_of_doubling_it(world: World) -> None:
    manual = _propose(world, title=world.title("min"), unit=world.units["TNH"])

    closed_vote(world)

    manual.refresh_from_db()
    assert manual.vote_proposal is not None
    assert manual.source == ProposalSource.MANUAL
    assert Proposal.objects.filter(title__code="min", unit__code="TNH").count() == 1


def test_it_keeps_what_the_vote_decided(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.get(title__code="gov")

    with pytest.raises(ValidationError):
        domain.proposal_update(
            proposal=proposal, by=world["head"], expected_version=1, unit=world.units["TNH"]
        )
    with pytest.raises(PermissionDenied):
        domain.proposal_update(
            proposal=proposal, by=world["deputy"].__class__.objects.get(username="binhphuoc"),
            expected_version=1, achievements="x",
        )  # fmt: skip
    with pytest.raises(ValidationError):
        domain.proposal_delete(proposal=proposal, by=world["head"], expected_version=1)

    assert Proposal.objects.get(pk=proposal.pk).unit.code == "LAN"


def test_it_takes_the_vote_through_to_the_award(world: World) -> None:
    closed_vote(world)
    proposal = Proposal.objects.get(title__code="gov")
    proposal = domain.proposal_submit(
        proposal=proposal, by=world["head"], expected_version=1, submitted_at=dt.date(2024, 11, 28)
    )

    award = _grant(world, proposal, decision_number="612/QĐ-TTg")

    assert (award.title.name, award.unit.code, award.granting_authority) == (
        "Cờ thi đua của Chính phủ",
        "LAN",
        "Thủ tướng Chính phủ",
    )


def test_it_adds_a_title_the_catalogue_lacks_rather_than_losing_the_result(world: World) -> None:
    Title.objects.filter(code="gov").delete()

    closed_vote(world)

    added = Title.objects.get(code="gov")
    assert (added.name, added.level) == ("Cờ thi đua của Chính phủ", "other")
    assert Proposal.objects.filter(title=added).count() == 1


def test_it_picks_up_votes_closed_before_the_registry_existed(world: World) -> None:
    closed_vote(world)
    Proposal.objects.all().delete()
    migration = importlib.import_module("thidua.awards.migrations.0003_proposals_from_votes")

    migration.forwards(apps, None)
    migration.forwards(apps, None)

    proposals = Proposal.objects.order_by("title__order", "unit__code")
    assert [(p.title.code, p.unit.code, p.status, p.source) for p in proposals] == [
        ("gov", "LAN", ProposalStatus.PROPOSED, "vote"),
        ("min", "BPC", ProposalStatus.PROPOSED, "vote"),
        ("min", "LAN", ProposalStatus.PROPOSED, "vote"),
        ("min", "TNH", ProposalStatus.PROPOSED, "vote"),
    ]
