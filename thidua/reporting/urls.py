from django.urls import path

from thidua.reporting import views, views_excel

app_name = "reporting"

urlpatterns = [
    path("", views.report_home, name="home"),
    path("covenant/<int:covenant_pk>/", views.covenant_reports, name="covenant_reports"),
    path(
        "covenant/<int:covenant_pk>/periods/",
        views.covenant_periods_generate,
        name="periods_generate",
    ),
    path("period/<int:period_pk>/", views.period_board, name="period_board"),
    path("period/<int:period_pk>/unit/<int:unit_pk>/", views.report_start, name="report_start"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/figures/", views.report_figures, name="report_figures"),
    path("<int:pk>/figures/check/", views.figure_check, name="figure_check"),
    path("<int:pk>/action/<str:action>/", views.report_action, name="report_action"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:evidence_pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path(
        "covenant/<int:covenant_pk>/unit/<int:unit_pk>/criterion/<int:criterion_pk>/",
        views.indicator_page,
        name="indicator",
    ),
    # --- Excel round trip (thidua/reporting/views_excel.py) ---
    path("<int:pk>/bao-cao.xlsx", views_excel.report_xlsx, name="report_xlsx"),
    path("<int:pk>/import/", views_excel.report_import, name="report_import"),
    path("period/<int:period_pk>/bao-cao-cum.xlsx", views_excel.period_xlsx, name="period_xlsx"),
    path("period/<int:period_pk>/import/", views_excel.period_import, name="period_import"),
]
