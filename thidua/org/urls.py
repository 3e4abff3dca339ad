from django.urls import path

from thidua.org import views, views_import

app_name = "org"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/import/", views_import.unit_import, name="unit_import"),
    path(
        "units/import/template.xlsx", views_import.unit_import_template, name="unit_import_template"
    ),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("lineage/new/", views.lineage_create, name="lineage_create"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/new/", views.cluster_create, name="cluster_create"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("clusters/<int:pk>/members/add/", views.membership_add, name="membership_add"),
    path(
        "clusters/<int:pk>/members/<int:membership_pk>/end/",
        views.membership_end,
        name="membership_end",
    ),
    path("clusters/<int:pk>/roles/assign/", views.role_assign, name="role_assign"),
    path("clusters/<int:pk>/handover/", views.handover_create, name="handover_create"),
    path("clusters/<int:pk>/next-year/", views.start_next_year, name="start_next_year"),
]
