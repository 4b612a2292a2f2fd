"""The one delete-confirmation page: a GET shows what is about to go and asks; a POST deletes,
says so on the next page and goes on. Each app's template extends ``_confirm_delete.html`` and
fills in its heading and what else is deleted with the object."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse


def confirm_delete(
    request: HttpRequest,
    obj: models.Model,
    *,
    slug: str,
    delete: Callable[..., object],
    message: str,
    after: str = "list",
) -> HttpResponse:
    """The page deleting ``obj``, an object of the workspace ``slug``, laid out as each app lays it
    out: the template ``<app>/delete.html`` shows the object under its model's name, with
    ``cancel_url`` back to its page ``<app>:detail``. Only a POST (the view's decorators decide who
    may) calls ``delete`` (the app's service, with the object under its model's name), says
    ``message`` on the next page and goes on to the workspace's page ``<app>:<after>``."""
    app, name = obj._meta.app_label, obj._meta.model_name
    assert name is not None
    if request.method == "POST":
        delete(**{name: obj})
        messages.success(request, message)
        return redirect(f"{app}:{after}", slug)
    cancel_url = reverse(f"{app}:detail", args=[slug, obj.pk])
    return render(request, f"{app}/delete.html", {name: obj, "cancel_url": cancel_url})
