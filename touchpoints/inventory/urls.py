from django.urls import path

from touchpoints.inventory import views

app_name = "inventory"

urlpatterns = [
    path("", views.touchpoint_list, name="list"),
    path("tree/", views.touchpoint_tree, name="tree"),
    path("new/", views.touchpoint_edit, name="create"),
    path("bulk/", views.touchpoint_bulk, name="bulk"),
    path("import/", views.touchpoint_import, name="import"),
    path("import/template.<table:fmt>", views.import_template, name="import_template"),
    path("export.<data:fmt>", views.touchpoint_export, name="export"),
    path("<int:pk>/", views.touchpoint_detail, name="detail"),
    path("<int:pk>/edit/", views.touchpoint_edit, name="edit"),
    path("<int:pk>/delete/", views.touchpoint_delete, name="delete"),
    path("<int:pk>/row/", views.touchpoint_row, name="row"),
    path("<int:pk>/row/edit/", views.touchpoint_row_edit, name="row_edit"),
]
