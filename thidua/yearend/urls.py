"""Pages of the year-end report under /year-end/."""

from django.urls import path

from thidua.yearend import views

app_name = "yearend"

urlpatterns = [
    path("", views.index, name="index"),
    path("cluster/<int:cluster_pk>/", views.report, name="report"),
    path("cluster/<int:cluster_pk>/bao-cao-tong-ket.docx", views.report_docx, name="report_docx"),
]
