from django.urls import path

from touchpoints.priorities import topten_views, views

app_name = "priorities"

urlpatterns = [
    path("", views.priority_list, name="list"),
    path("export.<data:fmt>", views.priority_export, name="export"),
    path("touchpoints/<int:tp_id>/", views.priority_row, name="row"),
    path("touchpoints/<int:tp_id>/estimate/", views.estimate_edit, name="estimate"),
    path("benchmark/", views.benchmark, name="benchmark"),
    path("benchmark/market/", views.market_save, name="market"),
    path("benchmark/export.<data:fmt>", views.benchmark_export, name="benchmark_export"),
    path("top/", topten_views.top_ten, name="top_ten"),
    path("top/save/", topten_views.top_ten_save, name="top_ten_save"),
    path("top/fill/", topten_views.top_ten_fill, name="top_ten_fill"),
    path("top/history/", topten_views.top_ten_history, name="top_ten_history"),
]
