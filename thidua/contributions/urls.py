from django.urls import path

from thidua.contributions import views

app_name = "contributions"

urlpatterns = [
    path("", views.home, name="home"),
    path("cluster/<int:cluster_pk>/new/", views.fund_create, name="fund_create"),
    path("<int:pk>/", views.fund_detail, name="fund_detail"),
    path("<int:pk>/edit/", views.fund_edit, name="fund_edit"),
    path("<int:pk>/action/<str:action>/", views.fund_action, name="fund_action"),
    path("<int:pk>/delete/", views.fund_delete, name="fund_delete"),
    path("<int:pk>/dong-gop.xlsx", views.fund_xlsx, name="fund_xlsx"),
    path("<int:pk>/pledges/", views.pledge_add, name="pledge_add"),
    path("pledge/<int:pledge_pk>/", views.pledge_row, name="pledge_row"),
    path("pledge/<int:pledge_pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledge/<int:pledge_pk>/delete/", views.pledge_delete, name="pledge_delete"),
    path("pledge/<int:pledge_pk>/receipt/", views.receipt_download, name="receipt_download"),
]
