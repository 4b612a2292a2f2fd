from django.urls import path, register_converter

from touchpoints.journeys.downloads import CONTENT_TYPES
from touchpoints.journeys.views import compare, journeys, sharing, steps
from touchpoints.lib.converters import formats

register_converter(formats(CONTENT_TYPES), "map")  # every format a journey map downloads in

app_name = "journeys"

urlpatterns = [
    path("", journeys.journey_list, name="list"),
    path("new/", journeys.journey_edit, name="create"),
    path("from-template/", compare.journey_from_template, name="from_template"),
    path("compare/", compare.journey_compare, name="compare"),
    path("<int:pk>/", journeys.journey_map, name="detail"),
    path("<int:pk>/edit/", journeys.journey_edit, name="edit"),
    path("<int:pk>/delete/", journeys.journey_delete, name="delete"),
    path("<int:pk>/board/", journeys.journey_board, name="board"),
    path("<int:pk>/palette/", journeys.palette, name="palette"),
    path("<int:pk>/export.<map:fmt>", journeys.journey_export, name="export"),
    path("<int:pk>/share/", sharing.share_create, name="share"),
    path("<int:pk>/share/<int:share_id>/revoke/", sharing.share_revoke, name="share_revoke"),
    path("<int:pk>/steps/add/", steps.step_add, name="step_add"),
    path("<int:pk>/steps/new-touchpoint/", steps.step_add_new, name="step_add_new"),
    path("<int:pk>/steps/reorder/", steps.steps_reorder, name="reorder"),
    path("<int:pk>/steps/<int:step_id>/edit/", steps.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:step_id>/move/", steps.step_move, name="step_move"),
    path("<int:pk>/steps/<int:step_id>/delete/", steps.step_delete, name="step_delete"),
]
