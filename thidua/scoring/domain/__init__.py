"""Scoring: score sheets and their workflow, the score table, the ranking, publication.

Writes (one transaction each, keyword-only, `by=` the acting user) and reads (selectors);
every point, total, percentage and rank is the engine's. docs/scoring.md describes the
workflow and the decisions. Import from here: `from thidua.scoring import domain`.
"""

from thidua.scoring.domain.evidence import score_evidence_add, score_evidence_delete
from thidua.scoring.domain.figures import figures_snapshot, year_period
from thidua.scoring.domain.inputs import ScoreInput, adjustment_items, clean_input, score_input
from thidua.scoring.domain.selectors import (
    CriterionRow,
    Ranking,
    RankingRow,
    ScoreCell,
    ScoreTable,
    Source,
    UnitScores,
    cluster_score_table,
    cluster_score_tables,
    covenant_ranking,
    covenant_rankings,
    published_standings,
    sheet_evidence,
    table_ranking,
    unit_scores,
)
from thidua.scoring.domain.sheets import (
    Explanation,
    can_change_evidence,
    covenant_scoring_lock,
    covenant_scoring_reopen,
    current_step,
    score_explain,
    score_finalize,
    score_self_save,
    score_verify,
    scoresheet_explain_done,
    scoresheet_finalize_done,
    scoresheet_open,
    scoresheet_refresh_figures,
    scoresheet_submit,
    scoresheet_verify_done,
    sheet_actions,
)

__all__ = [
    "CriterionRow",
    "Explanation",
    "Ranking",
    "RankingRow",
    "ScoreCell",
    "ScoreInput",
    "ScoreTable",
    "Source",
    "UnitScores",
    "adjustment_items",
    "can_change_evidence",
    "clean_input",
    "cluster_score_table",
    "cluster_score_tables",
    "covenant_ranking",
    "covenant_rankings",
    "covenant_scoring_lock",
    "covenant_scoring_reopen",
    "current_step",
    "figures_snapshot",
    "published_standings",
    "score_evidence_add",
    "score_evidence_delete",
    "score_explain",
    "score_finalize",
    "score_input",
    "score_self_save",
    "score_verify",
    "scoresheet_explain_done",
    "scoresheet_finalize_done",
    "scoresheet_open",
    "scoresheet_refresh_figures",
    "scoresheet_submit",
    "scoresheet_verify_done",
    "sheet_actions",
    "sheet_evidence",
    "table_ranking",
    "unit_scores",
    "year_period",
]
