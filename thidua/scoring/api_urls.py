"""Routes of the scoring API, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from thidua.scoring import api

urlpatterns = [
    path("scores/", api.SheetListApi.as_view(), name="score-list"),
    path("scores/<int:pk>/", api.SheetDetailApi.as_view(), name="score-detail"),
    path("scores/<int:pk>/self/", api.SelfScoreApi.as_view(), name="score-self"),
    path("scores/<int:pk>/submit/", api.SubmitApi.as_view(), name="score-submit"),
    path("scores/<int:pk>/verify/", api.VerifyApi.as_view(), name="score-verify"),
    path("scores/<int:pk>/verify-done/", api.VerifyDoneApi.as_view(), name="score-verify-done"),
    path("scores/<int:pk>/explain/", api.ExplainApi.as_view(), name="score-explain"),
    path("scores/<int:pk>/explain-done/", api.ExplainDoneApi.as_view(), name="score-explain-done"),
    path("scores/<int:pk>/finalize/", api.FinalizeApi.as_view(), name="score-finalize"),
    path(
        "scores/<int:pk>/finalize-done/",
        api.FinalizeDoneApi.as_view(),
        name="score-finalize-done",
    ),
    path(
        "scores/<int:pk>/refresh-figures/",
        api.RefreshFiguresApi.as_view(),
        name="score-refresh-figures",
    ),
    path("scores/<int:pk>/evidence/", api.EvidenceApi.as_view(), name="score-evidence"),
    path("scores/covenants/<int:pk>/", api.TableApi.as_view(), name="score-table"),
    path("scores/covenants/<int:pk>/lock/", api.LockApi.as_view(), name="score-lock"),
    path("scores/covenants/<int:pk>/reopen/", api.ReopenApi.as_view(), name="score-reopen"),
    path("rankings/", api.RankingListApi.as_view(), name="ranking-list"),
]
