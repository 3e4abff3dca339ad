"""The vote's results arrive in the registry as proposals.

thidua.voting saves an `AwardProposal` for each unit a vote elects, inside the transaction
that closes the vote (or confirms its paper count). Receiving that save here keeps voting
unaware of the registry (it is the lower app) and makes the proposal in the same
transaction: a vote whose close is rolled back leaves no proposal behind.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from thidua.voting.models import AwardProposal

DISPATCH_UID = "thidua.awards.proposal_from_vote_result"


def _on_vote_result(
    sender: Any, instance: AwardProposal, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not created or raw:
        return
    from thidua.awards.domain import proposal_from_vote_result

    proposal_from_vote_result(award_proposal=instance, by=getattr(instance, "_history_user", None))


def connect() -> None:
    post_save.connect(_on_vote_result, sender=AwardProposal, dispatch_uid=DISPATCH_UID)
