from django.urls import path

from touchpoints.feedback import views, views_links, views_results

app_name = "feedback"

urlpatterns = [
    path("", views.study_list, name="list"),
    path("new/", views.study_create, name="create"),
    path("<int:pk>/", views.study_detail, name="detail"),
    path("<int:pk>/edit/", views.study_edit, name="edit"),
    path("<int:pk>/labels/", views.study_labels, name="labels"),
    path("<int:pk>/status/", views.study_status, name="status"),
    path("<int:pk>/diary/", views.diary_create, name="diary"),
    path("<int:pk>/alert/", views.study_alert, name="alert"),
    path("<int:pk>/qr/<int:touchpoint>/<int:brand>.<image:fmt>", views_links.qr_code, name="qr"),
    path("<int:pk>/sheet/", views_links.sheet, name="sheet"),
    path("<int:pk>/results/", views_results.results, name="results"),
    path("<int:pk>/results.<data:fmt>", views_results.results_export, name="export"),
    path("<int:pk>/comments/", views_results.comment_list, name="comments"),
    path("<int:pk>/comments.<data:fmt>", views_results.comments_export, name="comments_export"),
]
