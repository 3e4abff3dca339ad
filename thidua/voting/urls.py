"""Pages of the vote under /votes/."""

from django.urls import path

from thidua.voting import views

app_name = "voting"

urlpatterns = [
    path("", views.vote_list, name="vote_list"),
    path("new/", views.vote_create, name="vote_create"),
    path("<int:pk>/", views.vote_detail, name="vote_detail"),
    path("<int:pk>/settings/", views.vote_settings, name="vote_settings"),
    path("<int:pk>/roll/", views.vote_roll, name="vote_roll"),
    path("<int:pk>/open/", views.vote_open, name="vote_open"),
    path("<int:pk>/close/", views.vote_close, name="vote_close"),
    path("<int:pk>/ballot/", views.ballot, name="ballot"),
    path("<int:pk>/screen/", views.projector, name="projector"),
    path("<int:pk>/turnout/", views.turnout, name="turnout"),
    path("<int:pk>/result/", views.result, name="result"),
    path("<int:pk>/receipts/", views.receipt_list, name="receipts"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/paper/", views.paper, name="paper"),
    path("<int:pk>/paper/confirm/", views.paper_confirm, name="paper_confirm"),
    path("<int:pk>/runoff/", views.runoff_create, name="runoff_create"),
]
