from django.urls import path

from touchpoints.audits.views import campaigns, criteria, scoring

app_name = "audits"

urlpatterns = [
    path("", campaigns.audit_list, name="list"),
    path("new/", campaigns.audit_create, name="create"),
    path("due/", campaigns.review_due, name="due"),
    path("criteria/", criteria.criteria_list, name="criteria"),
    path("criteria/<int:pk>/", criteria.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", criteria.criterion_delete, name="criterion_delete"),
    path("touchpoints/criteria/", criteria.touchpoint_criteria_pick, name="touchpoint_criteria_pick"),
    path("touchpoints/<int:tp_id>/criteria/", criteria.touchpoint_criteria, name="touchpoint_criteria"),
    path("<int:pk>/", campaigns.audit_detail, name="detail"),
    path("<int:pk>/edit/", campaigns.audit_edit, name="edit"),
    path("<int:pk>/delete/", campaigns.audit_delete, name="delete"),
    path("<int:pk>/transition/", campaigns.audit_transition, name="transition"),
    path("<int:pk>/score/", scoring.audit_score, name="score"),
    path("<int:pk>/answer/", scoring.audit_answer, name="answer"),
    path("<int:pk>/evidence/", scoring.evidence_upload, name="evidence_upload"),
    path("<int:pk>/evidence/<int:evidence_id>/", scoring.evidence_file, name="evidence_file"),
    path("<int:pk>/evidence/<int:evidence_id>/delete/", scoring.evidence_delete, name="evidence_delete"),
    path("<int:pk>/results/", campaigns.audit_results, name="results"),
    path("<int:pk>/results.<table:fmt>", campaigns.audit_export, name="export"),
]
