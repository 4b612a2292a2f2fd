from django.urls import path

from touchpoints.reviews import public

app_name = "reviews_public"

urlpatterns = [
    path("<str:token>/", public.answer, name="answer"),
    path("<str:token>/thanks/", public.thanks, name="thanks"),
    path("<str:token>/opt-out/", public.opt_out, name="opt_out"),
    path("<str:token>/o.gif", public.pixel, name="pixel"),
    path("<str:token>/sms-status/", public.sms_status, name="sms_status"),
]
