"""Pages of the user's notifications under /notifications/."""

from django.urls import path

from thidua.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_read_all, name="mark_all_read"),
    path("<int:pk>/read/", views.notification_read, name="mark_read"),
]
