from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.accounts import services, throttle
from touchpoints.accounts.forms import SignupForm, TokenForm
from touchpoints.accounts.models import ApiToken
from touchpoints.lib.forms import add_service_errors
from touchpoints.lib.ratelimits import client_ip


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def signup(request: HttpRequest) -> HttpResponse:
    # An invitation's link passes the invited address, to start the form with.
    form = SignupForm(request.POST or None, initial={"email": request.GET.get("email", "")[:254]})
    if request.method == "POST" and form.is_valid():
        user = form.save()
        lang = getattr(request, "LANGUAGE_CODE", "")
        services.user_set_language(user=user, language=lang)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        target = _safe_next(request, "/")
        # Going on to an invitation (or any page asked for), not to create a workspace of one's own.
        messages.success(request, _("Welcome! Create your first workspace.") if target == "/" else _("Welcome!"))
        return redirect(target)
    return render(request, "registration/signup.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switches the interface language; remembered in a cookie and, when signed in, on the account."""
    lang = request.POST.get("language", "")
    response: HttpResponse = HttpResponseRedirect(_safe_next(request, "/"))
    if lang in {code for code, _ in settings.LANGUAGES}:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax")
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=lang)
    return response


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data.get("expires_in"),
                read_only=form.cleaned_data.get("read_only") or False,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        # @login_required: the user is signed in.
        {"form": form, "raw": raw, "tokens": ApiToken.objects.filter(user=cast(User, request.user))},
    )


@require_POST
@login_required
def token_delete(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(ApiToken, user=request.user, pk=pk).delete()
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Reset mails are limited per address (past it: a message to wait) and per email (past it:
    the same "check your mail" page, and no mail, so nothing tells whether the email has an account)."""

    def form_valid(self, form: Any) -> HttpResponse:
        address = [throttle.Check("reset_address", client_ip(self.request))]
        wait = throttle.blocked(self.request, address)
        if wait:
            form.add_error(None, throttle.too_many_message(wait))
            return self.form_invalid(form)
        throttle.hit(self.request, address)
        email = [throttle.Check("reset_email", form.cleaned_data.get("email", ""))]
        if throttle.blocked(self.request, email):
            return HttpResponseRedirect(self.get_success_url())
        throttle.hit(self.request, email)
        return super().form_valid(form)
