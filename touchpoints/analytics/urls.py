from django.urls import path

from touchpoints.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.log_upload, name="upload"),
    path("map/<str:token>/", views.log_map, name="map"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="progress"),
    path("runs/<int:pk>/export/<str:what>.<str:fmt>", views.run_export, name="export"),
    path("runs/<int:pk>/candidates/", views.run_candidates, name="candidates"),
    path("runs/<int:pk>/rerun/", views.run_rerun, name="rerun"),
    path("runs/<int:pk>/delete/", views.run_delete, name="delete"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="cancel"),
    path("runs/<int:pk>/retry/", views.run_retry, name="retry"),
]
