"""Routes of the contributions API, included under /api/v1/ in the "api" namespace."""

from django.urls import path

from thidua.contributions import api

urlpatterns = [
    path("contributions/", api.FundListApi.as_view(), name="fund-list"),
    path("contributions/<int:pk>/", api.FundDetailApi.as_view(), name="fund-detail"),
    path("contributions/<int:pk>/close/", api.FundCloseApi.as_view(), name="fund-close"),
    path("contributions/<int:pk>/reopen/", api.FundReopenApi.as_view(), name="fund-reopen"),
    path("contributions/<int:pk>/pledges/", api.FundPledgesApi.as_view(), name="fund-pledges"),
    path("contributions/pledges/<int:pk>/", api.PledgeDetailApi.as_view(), name="pledge-detail"),
    path(
        "contributions/pledges/<int:pk>/payment/",
        api.PledgePaymentApi.as_view(),
        name="pledge-payment",
    ),
]
