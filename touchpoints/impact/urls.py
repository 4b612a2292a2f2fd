from django.urls import path

from touchpoints.impact import views

app_name = "impact"

urlpatterns = [
    path("", views.page, name="page"),
    path("export.<data:fmt>", views.export, name="export"),
    path("from-study/", views.compute_study, name="compute_study"),
    path("from-run/", views.compute_run, name="compute_run"),
    path("manual/", views.manual, name="manual"),
    path("settings/", views.settings_set, name="settings"),
]
