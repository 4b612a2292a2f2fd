from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from touchpoints.accounts import throttle
from touchpoints.lib.ratelimits import client_ip


class SignupForm(UserCreationForm):
    email = forms.EmailField(label=_("Email"), required=True)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email already exists."))
        return email


class ThrottledLoginMixin:
    """Failed logins are counted per username and per address; past the limit even the right
    password is refused, with a message that says how long to wait (and nothing about whether
    the account exists: an unknown username is counted the same way)."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip()
        checks = [
            throttle.Check("login_account", username),
            throttle.Check("login_address", client_ip(self.request) if self.request else ""),
        ]
        if self.request is not None:
            wait = throttle.blocked(self.request, checks)
            if wait:
                raise ValidationError(throttle.too_many_message(wait), code="throttled")
        try:
            return super().clean()  # type: ignore[misc]
        except ValidationError:
            if self.request is not None:
                throttle.hit(self.request, checks)
            raise


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


EXPIRY_CHOICES = [
    ("", _("Never")),
    ("7", _("In 7 days")),
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("365", _("In a year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
    expires_in = forms.TypedChoiceField(
        label=_("Expires"), choices=EXPIRY_CHOICES, coerce=int, empty_value=None, required=False
    )
    read_only = forms.BooleanField(label=_("Read-only (can read, cannot change anything)"), required=False)
