from django.urls import path

from touchpoints.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("widgets/", views.customize, name="customize"),
    path("widgets/<slug:name>/", views.widget, name="widget"),
]
