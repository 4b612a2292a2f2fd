from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from touchpoints.accounts import views
from touchpoints.accounts.forms import ThrottledAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("language/", views.set_language, name="set_language"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/delete/", views.token_delete, name="token_delete"),
    path(
        "password/reset/",
        views.ThrottledPasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("workspaces:home")),
        name="password_change",
    ),
]
