"""The one delete-confirmation page: a GET shows what is about to go and asks; a POST deletes,
says so on the next page and goes on. Each app's template extends ``_confirm_delete.html`` and
fills in its heading and what else is deleted with the object."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def confirm_delete(
    request: HttpRequest,
    *,
    template: str,
    context: Mapping[str, Any],
    cancel_url: str,
    delete: Callable[[], object],
    deleted_message: str,
    next_url: str,
) -> HttpResponse:
    """``delete`` runs only on a POST (the view's decorators decide who may); ``context`` is for
    the template, with ``cancel_url`` (the object's own page) added."""
    if request.method == "POST":
        delete()
        messages.success(request, deleted_message)
        return redirect(next_url)
    return render(request, template, {**context, "cancel_url": cancel_url})
