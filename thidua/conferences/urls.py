"""Pages of the conferences under /conferences/."""

from django.urls import path

from thidua.conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.conference_list, name="conference_list"),
    path("new/<int:cluster_pk>/", views.conference_create, name="conference_create"),
    path("guest-row/", views.guest_row, name="guest_row"),
    path("<int:pk>/", views.conference_detail, name="conference_detail"),
    path("<int:pk>/edit/", views.conference_edit, name="conference_edit"),
    path("<int:pk>/delete/", views.conference_delete, name="conference_delete"),
    path("<int:pk>/files/", views.attachment_upload, name="attachment_upload"),
    path("files/<int:attachment_pk>/", views.attachment_file, name="attachment_file"),
    path("files/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/outcomes/", views.outcome_link, name="outcome_link"),
    path(
        "<int:pk>/outcomes/<int:outcome_pk>/delete/",
        views.outcome_unlink,
        name="outcome_unlink",
    ),
]
