"""Routes of the practices API, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from thidua.practices import api

urlpatterns = [
    path("practices/", api.PracticeListApi.as_view(), name="practice-list"),
    path("practices/<int:pk>/", api.PracticeDetailApi.as_view(), name="practice-detail"),
    path("practices/<int:pk>/publish/", api.PracticePublishApi.as_view(), name="practice-publish"),
    path("practices/<int:pk>/promote/", api.PracticePromoteApi.as_view(), name="practice-promote"),
    path(
        "practices/<int:pk>/unpublish/",
        api.PracticeUnpublishApi.as_view(),
        name="practice-unpublish",
    ),
    path("practices/<int:pk>/files/", api.PracticeFilesApi.as_view(), name="practice-files"),
]
