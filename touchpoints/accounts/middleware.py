from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class UserLanguageMiddleware:
    """Applies the signed-in user's saved language (placed after authentication, it overrides the
    cookie / browser guess of LocaleMiddleware), so the choice follows the user across devices."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            profile = getattr(user, "profile", None)
            lang = getattr(profile, "language", "") if profile else ""
            if lang in self.languages:
                translation.activate(lang)
                request.LANGUAGE_CODE = lang
        return self.get_response(request)
