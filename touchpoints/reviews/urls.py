from django.urls import path

from touchpoints.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("messages/", views.template_list, name="templates"),
    path("messages/<str:channel>/<str:language>/", views.template_edit, name="template_edit"),
    path("contacts-template.<table:fmt>", views.import_template, name="import_template"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/delete/", views.campaign_delete, name="delete"),
    path("<int:pk>/status/", views.campaign_status, name="status"),
    path("<int:pk>/send/", views.campaign_send, name="send"),
    path("<int:pk>/alert/", views.campaign_alert, name="alert"),
    path("<int:pk>/import/", views.contacts_import, name="import"),
    path("<int:pk>/contacts/", views.contact_list, name="contacts"),
    path("<int:pk>/contacts.<table:fmt>", views.contacts_export, name="contacts_export"),
    path("<int:pk>/contacts/<int:contact_id>/erase/", views.contact_erase, name="contact_erase"),
    path("<int:pk>/answers/", views.answer_list, name="answers"),
    path("<int:pk>/answers.<table:fmt>", views.answers_export, name="answers_export"),
]
