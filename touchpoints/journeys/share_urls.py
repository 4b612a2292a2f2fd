"""The public pages of a journey's share link, mounted at /j/ (no login; the token is the key)."""

from django.urls import path

from touchpoints.journeys.views import sharing

urlpatterns = [
    path("<str:token>/", sharing.shared_map, name="journey_share"),
    path("<str:token>/map.<document:fmt>", sharing.shared_download, name="journey_share_download"),
]
