"""Routes of the vote API, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from thidua.voting import api

urlpatterns = [
    path("votes/", api.VoteListApi.as_view(), name="vote-list"),
    path("votes/<int:pk>/", api.VoteDetailApi.as_view(), name="vote-detail"),
    path("votes/<int:pk>/ballots/", api.BallotApi.as_view(), name="vote-ballots"),
    path("votes/<int:pk>/results/", api.ResultApi.as_view(), name="vote-results"),
    path("votes/<int:pk>/receipts/", api.ReceiptListApi.as_view(), name="vote-receipts"),
]
