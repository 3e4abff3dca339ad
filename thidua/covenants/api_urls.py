"""Routes of the covenants API, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from thidua.covenants import api

urlpatterns = [
    path("covenants/", api.CovenantListApi.as_view(), name="covenant-list"),
    path("covenants/<int:pk>/", api.CovenantDetailApi.as_view(), name="covenant-detail"),
    path(
        "covenants/<int:pk>/criteria/", api.CriterionCreateApi.as_view(), name="covenant-criteria"
    ),
    path("covenants/<int:pk>/sign/", api.CovenantSignApi.as_view(), name="covenant-sign"),
    path("indicators/", api.IndicatorListApi.as_view(), name="indicator-list"),
    path("movements/", api.MovementListApi.as_view(), name="movement-list"),
]
