from django.urls import path

from touchpoints.feedback import public_views as v

app_name = "feedback_public"

urlpatterns = [
    path("<str:token>/", v.answer, name="answer"),
    path("<str:token>/thanks/", v.thanks, name="thanks"),
    path("<str:token>/<int:brand>/<int:touchpoint>/", v.answer_deep, name="deep"),
    path("<str:token>/<int:brand>/<int:touchpoint>/thanks/", v.thanks_deep, name="deep_thanks"),
    path("<str:token>/r/<str:rtoken>/", v.answer_diary, name="diary"),
    path("<str:token>/r/<str:rtoken>/thanks/", v.thanks_diary, name="diary_thanks"),
]
