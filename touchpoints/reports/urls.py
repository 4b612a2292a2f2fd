from django.urls import path

from touchpoints.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/document/", views.report_document, name="document"),
    path("<int:pk>/download.<str:fmt>", views.report_download, name="download"),
    path("<int:pk>/delete/", views.report_delete, name="delete"),
    path("<int:pk>/retry/", views.report_retry, name="retry"),
    path("<int:pk>/cancel/", views.report_cancel, name="cancel"),
    path("<int:pk>/share/", views.share_create, name="share"),
    path("<int:pk>/share/<int:link_id>/revoke/", views.share_revoke, name="share_revoke"),
]
