from django.urls import path

from thidua.covenants import views, views_documents

app_name = "covenants"

urlpatterns = [
    path("", views.covenant_list, name="covenant_list"),
    path("new/<int:cluster_pk>/", views.covenant_create, name="covenant_create"),
    path("<int:pk>/", views.covenant_detail, name="covenant_detail"),
    path("<int:pk>/edit/", views.covenant_edit, name="covenant_edit"),
    path("<int:pk>/criteria/add/", views.criterion_add, name="criterion_add"),
    path("<int:pk>/criteria/<int:criterion_pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path(
        "<int:pk>/criteria/<int:criterion_pk>/delete/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path("<int:pk>/criteria/<int:criterion_pk>/move/", views.criterion_move, name="criterion_move"),
    path("<int:pk>/targets/", views.target_grid, name="target_grid"),
    path(
        "<int:pk>/targets/<int:criterion_pk>/<int:unit_pk>/",
        views.unit_target_edit,
        name="unit_target_edit",
    ),
    path("<int:pk>/signing/", views.signing, name="signing"),
    path("<int:pk>/status/", views.covenant_status, name="covenant_status"),
    path("<int:pk>/giao-uoc.docx", views_documents.covenant_docx, name="covenant_docx"),
    path("<int:pk>/giao-uoc.pdf", views_documents.covenant_pdf, name="covenant_pdf"),
    path("movements/", views.movement_list, name="movement_list"),
    path("movements/new/", views.movement_create, name="movement_create"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
]
