"""Routes of the organisation API, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from thidua.org import api

urlpatterns = [
    path("units/", api.UnitListApi.as_view(), name="unit-list"),
    path("units/<int:pk>/", api.UnitDetailApi.as_view(), name="unit-detail"),
    path("units/<int:pk>/lineage/", api.UnitLineageApi.as_view(), name="unit-lineage"),
    path("lineage-events/", api.LineageEventListApi.as_view(), name="lineage-event-list"),
    path("clusters/", api.ClusterListApi.as_view(), name="cluster-list"),
    path("clusters/<int:pk>/", api.ClusterDetailApi.as_view(), name="cluster-detail"),
    path("handovers/", api.HandoverListApi.as_view(), name="handover-list"),
]
