"""The e-mail alert card of a study's or a campaign's page (``templates/_alert_card.html``) and
what its form posts: the same for every app that offers alerts (``workspaces.alerts``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from touchpoints.lib.forms import error_message
from touchpoints.workspaces.forms import AlertForm


def alert_card(*, choices: Any, kind: str) -> dict[str, Any]:
    """The card's context: the member's choice among ``choices`` and the quiet period."""
    return {"alert_form": AlertForm(choices=choices, initial={"kind": kind}), "alert_minutes": settings.ALERT_MINUTES}


def alert_posted(request: HttpRequest, *, choices: Any, save: Callable[[str], Any]) -> None:
    """Saves the posted choice through ``save(kind)`` (the app's service) and says what it did on
    the next page."""
    form = AlertForm(request.POST, choices=choices)
    if not form.is_valid():
        error_message(request, form)
        return
    alert = save(form.cleaned_data["kind"])
    if alert is None:
        messages.success(request, _("No more e-mails about these answers."))
    else:
        messages.success(
            request,
            _("You will be e-mailed: %(kind)s (at most every %(minutes)s min).")
            % {"kind": alert.get_kind_display().lower(), "minutes": settings.ALERT_MINUTES},
        )
