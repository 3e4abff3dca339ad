"""Pages of scoring under /scores/ (the JSON API is in api_urls.py)."""

from django.urls import path

from thidua.scoring import views, views_documents, views_sheet

app_name = "scoring"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("covenant/<int:covenant_pk>/", views.score_table, name="table"),
    path("covenant/<int:covenant_pk>/heatmap/", views.heatmap, name="heatmap"),
    path("covenant/<int:covenant_pk>/lock/", views_sheet.covenant_lock, name="covenant_lock"),
    path("covenant/<int:covenant_pk>/reopen/", views_sheet.covenant_reopen, name="covenant_reopen"),
    path(
        "covenant/<int:covenant_pk>/unit/<int:unit_pk>/open/",
        views_sheet.sheet_open,
        name="sheet_open",
    ),
    path("unit/<int:unit_pk>/", views.unit_profile, name="unit_profile"),
    path("sheet/<int:pk>/", views_sheet.sheet_detail, name="sheet"),
    path("sheet/<int:pk>/save/<str:step>/", views_sheet.sheet_save, name="sheet_save"),
    path("sheet/<int:pk>/action/<str:action>/", views_sheet.sheet_action, name="sheet_action"),
    path("sheet/<int:pk>/evidence/", views_sheet.evidence_upload, name="evidence_upload"),
    path("evidence/<int:evidence_pk>/", views_sheet.evidence_download, name="evidence_download"),
    # --- Documents (views_documents.py) ---
    path(
        "covenant/<int:covenant_pk>/bang-diem.xlsx",
        views_documents.score_table_xlsx,
        name="score_table_xlsx",
    ),
    path(
        "covenant/<int:covenant_pk>/bang-diem.docx",
        views_documents.score_table_docx,
        name="score_table_docx",
    ),
    path(
        "covenant/<int:covenant_pk>/bang-diem.pdf",
        views_documents.score_table_pdf,
        name="score_table_pdf",
    ),
]
