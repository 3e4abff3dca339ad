"""The awards registry: the catalogue of titles, awards, proposals and their workflow.

Writes (one transaction each, keyword-only, `by=` the acting user) and reads (selectors).
Import from here: `from thidua.awards import domain`.
"""

from thidua.awards.domain.awards import (
    award_create,
    award_delete,
    award_errors,
    award_update,
    default_cluster,
)
from thidua.awards.domain.common import unit_existed_in
from thidua.awards.domain.proposals import (
    proposal_create,
    proposal_delete,
    proposal_errors,
    proposal_from_vote_result,
    proposal_grant,
    proposal_reject,
    proposal_submit,
    proposal_update,
    proposals_from_vote,
    title_for_vote,
)
from thidua.awards.domain.selectors import (
    CountRow,
    CountTable,
    award_counts,
    award_years,
    awards_filtered,
    awards_of_year,
    pending_items,
    proposals_filtered,
    proposals_of_year,
    search_terms,
    unit_awards,
)
from thidua.awards.domain.titles import title_create, title_update, titles_for

__all__ = [
    "CountRow",
    "CountTable",
    "award_counts",
    "award_create",
    "award_delete",
    "award_errors",
    "award_update",
    "award_years",
    "awards_filtered",
    "awards_of_year",
    "default_cluster",
    "pending_items",
    "proposal_create",
    "proposal_delete",
    "proposal_errors",
    "proposal_from_vote_result",
    "proposal_grant",
    "proposal_reject",
    "proposal_submit",
    "proposal_update",
    "proposals_filtered",
    "proposals_from_vote",
    "proposals_of_year",
    "search_terms",
    "title_create",
    "title_for_vote",
    "title_update",
    "titles_for",
    "unit_awards",
    "unit_existed_in",
]
