from django.urls import path

from touchpoints.library import views

app_name = "library"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("add/", views.add, name="add"),
]
