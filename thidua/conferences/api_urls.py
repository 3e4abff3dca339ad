"""Routes of the conferences API, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from thidua.conferences import api

urlpatterns = [
    path("conferences/", api.ConferenceListApi.as_view(), name="conference-list"),
    path("conferences/<int:pk>/", api.ConferenceDetailApi.as_view(), name="conference-detail"),
    path(
        "conferences/<int:pk>/outcomes/",
        api.ConferenceOutcomesApi.as_view(),
        name="conference-outcomes",
    ),
    path(
        "conferences/<int:pk>/outcomes/<int:outcome_pk>/",
        api.ConferenceOutcomeApi.as_view(),
        name="conference-outcome",
    ),
]
