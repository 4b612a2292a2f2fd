from django.urls import path

from touchpoints.journeys import views

app_name = "journeys"

urlpatterns = [
    path("", views.journey_list, name="list"),
    path("new/", views.journey_edit, name="create"),
    path("from-template/", views.journey_from_template, name="from_template"),
    path("compare/", views.journey_compare, name="compare"),
    path("<int:pk>/", views.journey_map, name="detail"),
    path("<int:pk>/edit/", views.journey_edit, name="edit"),
    path("<int:pk>/delete/", views.journey_delete, name="delete"),
    path("<int:pk>/board/", views.journey_board, name="board"),
    path("<int:pk>/palette/", views.palette, name="palette"),
    path("<int:pk>/export.<str:fmt>", views.journey_export, name="export"),
    path("<int:pk>/steps/add/", views.step_add, name="step_add"),
    path("<int:pk>/steps/new-touchpoint/", views.step_add_new, name="step_add_new"),
    path("<int:pk>/steps/reorder/", views.steps_reorder, name="reorder"),
    path("<int:pk>/steps/<int:step_id>/edit/", views.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:step_id>/move/", views.step_move, name="step_move"),
    path("<int:pk>/steps/<int:step_id>/delete/", views.step_delete, name="step_delete"),
]
