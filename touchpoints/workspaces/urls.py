from django.urls import path

from touchpoints.workspaces import views

app_name = "workspaces"

urlpatterns = [
    path("", views.home, name="home"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("w/<slug:slug>/", views.workspace_home, name="workspace"),
    path("w/<slug:slug>/members/", views.members, name="members"),
    path("w/<slug:slug>/members/<int:member_id>/", views.member_role, name="member_role"),
    path("w/<slug:slug>/members/invitations/<int:pk>/", views.invitation_manage, name="invitation_manage"),
    path("w/<slug:slug>/brands/", views.brands, name="brands"),
    path("w/<slug:slug>/brands/<int:pk>/", views.brand_edit, name="brand_edit"),
    path("w/<slug:slug>/segments/", views.segments, name="segments"),
    path("w/<slug:slug>/segments/<int:pk>/", views.segment_edit, name="segment_edit"),
]
