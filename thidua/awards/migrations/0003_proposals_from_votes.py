"""Votes closed before the registry existed: their results become proposals, as a vote
closed later does (thidua.awards.receivers). Idempotent: a result already linked is left."""

import unicodedata

from django.db import migrations
from django.utils import timezone


def _fold(text):
    text = text.casefold().replace("đ", "d")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(stripped.split())


def forwards(apps, schema_editor):
    AwardProposal = apps.get_model("voting", "AwardProposal")
    Proposal = apps.get_model("awards", "Proposal")
    Title = apps.get_model("awards", "Title")
    linked = set(
        Proposal.objects.exclude(vote_proposal=None).values_list("vote_proposal_id", flat=True)
    )
    now = timezone.now()
    for result in AwardProposal.objects.exclude(vote=None).select_related("vote__cluster"):
        if result.pk in linked:
            continue
        title = Title.objects.filter(code=result.title_code).first()
        if title is None:
            wanted = _fold(result.title_name)
            title = next((t for t in Title.objects.all() if _fold(t.name) == wanted), None)
        if title is None:
            title = Title.objects.create(
                code=result.title_code[:30], name=result.title_name[:255], kind="collective",
                recipient="unit", level="other", order=900,
            )
        vote = result.vote
        Proposal.objects.create(
            cluster=vote.cluster,
            title=title,
            recipient="unit",
            unit_id=result.unit_id,
            year=result.year,
            proposed_at=vote.conference_date,
            source="vote",
            vote_proposal=result,
            is_sample=vote.is_sample,
            created_at=now,
            updated_at=now,
            achievements="Được suy tôn tại cuộc bỏ phiếu bình xét ngày %s."
            % vote.conference_date.strftime("%d/%m/%Y"),
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_seed_titles"), ("voting", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
