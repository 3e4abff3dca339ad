"""Routes of the reporting API, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from thidua.reporting import api

urlpatterns = [
    path("reports/", api.ReportListApi.as_view(), name="report-list"),
    path("reports/periods/", api.PeriodListApi.as_view(), name="report-periods"),
    path(
        "reports/periods/<int:pk>/board/",
        api.PeriodBoardApi.as_view(),
        name="report-period-board",
    ),
    path("reports/<int:pk>/", api.ReportDetailApi.as_view(), name="report-detail"),
    path("reports/<int:pk>/figures/", api.ReportFiguresApi.as_view(), name="report-figures"),
    path("reports/<int:pk>/submit/", api.ReportSubmitApi.as_view(), name="report-submit"),
    path("reports/<int:pk>/approve/", api.ReportApproveApi.as_view(), name="report-approve"),
    path("reports/<int:pk>/return/", api.ReportReturnApi.as_view(), name="report-return"),
    path("reports/<int:pk>/lock/", api.ReportLockApi.as_view(), name="report-lock"),
    path("reports/<int:pk>/reopen/", api.ReportReopenApi.as_view(), name="report-reopen"),
    path(
        "reports/<int:pk>/evaluations/",
        api.ReportEvaluationsApi.as_view(),
        name="report-evaluations",
    ),
]
