"""The public share pages, mounted at /r/ (no login; the token is the key)."""

from django.urls import path

from touchpoints.reports import views

urlpatterns = [
    path("<str:token>/", views.share_page, name="report_share"),
    path("<str:token>/document/", views.share_document, name="report_share_document"),
    path("<str:token>/download.<str:fmt>", views.share_download, name="report_share_download"),
]
