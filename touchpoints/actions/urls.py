from django.urls import path

from touchpoints.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.action_board, name="board"),
    path("list/", views.action_list, name="list"),
    path("mine/", views.action_mine, name="mine"),
    path("new/", views.action_create, name="create"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/edit/", views.action_edit, name="edit"),
    path("<int:pk>/status/", views.action_status, name="status"),
    path("<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("<int:pk>/comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:pk>/comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("<int:pk>/delete/", views.action_delete, name="delete"),
    path("calendar/", views.feeds, name="feeds"),
    path("calendar/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
]
