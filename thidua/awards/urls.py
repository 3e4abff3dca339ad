from django.urls import path

from thidua.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.award_list, name="award_list"),
    path("khen-thuong.xlsx", views.award_export, name="award_export"),
    path("counts/", views.award_counts, name="award_counts"),
    path("new/", views.award_create, name="award_create"),
    path("<int:pk>/", views.award_detail, name="award_detail"),
    path("<int:pk>/edit/", views.award_edit, name="award_edit"),
    path("<int:pk>/delete/", views.award_delete, name="award_delete"),
    path("<int:pk>/file/", views.award_file, name="award_file"),
    path("unit/<int:unit_pk>/", views.unit_awards, name="unit_awards"),
    path("titles/", views.title_list, name="title_list"),
    path("titles/new/", views.title_create, name="title_create"),
    path("titles/<int:pk>/edit/", views.title_edit, name="title_edit"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/<int:cluster_pk>/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path(
        "proposals/<int:pk>/action/<str:action>/",
        views.proposal_action,
        name="proposal_action",
    ),
]
