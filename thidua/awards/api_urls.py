"""Routes of the awards API, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from thidua.awards import api

urlpatterns = [
    path("awards/", api.AwardListApi.as_view(), name="award-list"),
    path("awards/counts/", api.AwardCountsApi.as_view(), name="award-counts"),
    path("awards/<int:pk>/", api.AwardDetailApi.as_view(), name="award-detail"),
    path("awards/titles/", api.AwardTitleListApi.as_view(), name="award-title-list"),
    path("awards/titles/<int:pk>/", api.AwardTitleDetailApi.as_view(), name="award-title-detail"),
    path("awards/proposals/", api.AwardProposalListApi.as_view(), name="award-proposal-list"),
    path(
        "awards/proposals/<int:pk>/",
        api.AwardProposalDetailApi.as_view(),
        name="award-proposal-detail",
    ),
    path(
        "awards/proposals/<int:pk>/submit/",
        api.AwardProposalSubmitApi.as_view(),
        name="award-proposal-submit",
    ),
    path(
        "awards/proposals/<int:pk>/grant/",
        api.AwardProposalGrantApi.as_view(),
        name="award-proposal-grant",
    ),
    path(
        "awards/proposals/<int:pk>/reject/",
        api.AwardProposalRejectApi.as_view(),
        name="award-proposal-reject",
    ),
]
