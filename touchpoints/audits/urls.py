from django.urls import path

from touchpoints.audits import views

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.audit_create, name="create"),
    path("due/", views.review_due, name="due"),
    path("criteria/", views.criteria_list, name="criteria"),
    path("criteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("touchpoints/criteria/", views.touchpoint_criteria_pick, name="touchpoint_criteria_pick"),
    path("touchpoints/<int:tp_id>/criteria/", views.touchpoint_criteria, name="touchpoint_criteria"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/edit/", views.audit_edit, name="edit"),
    path("<int:pk>/delete/", views.audit_delete, name="delete"),
    path("<int:pk>/transition/", views.audit_transition, name="transition"),
    path("<int:pk>/score/", views.audit_score, name="score"),
    path("<int:pk>/answer/", views.audit_answer, name="answer"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/evidence/<int:evidence_id>/delete/", views.evidence_delete, name="evidence_delete"),
    path("<int:pk>/results/", views.audit_results, name="results"),
    path("<int:pk>/results.<str:fmt>", views.audit_export, name="export"),
]
