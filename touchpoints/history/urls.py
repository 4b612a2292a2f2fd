from django.urls import path

from touchpoints.history import views

app_name = "history"

urlpatterns = [
    path("", views.history_list, name="list"),
    path("export.<table:fmt>", views.history_export, name="export"),
]
