from django.urls import path

from thidua.practices import views

app_name = "practices"

urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/action/<str:action>/", views.action, name="action"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/files/", views.file_upload, name="file_upload"),
    path("files/<int:file_pk>/", views.file_download, name="file_download"),
    path("files/<int:file_pk>/delete/", views.file_delete, name="file_delete"),
]
