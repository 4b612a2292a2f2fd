from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from touchpoints.lib.tokens import ShareLink

T = TypeVar("T")


class DatePicker(forms.DateInput):
    """The browser's date picker. Its value is always ISO (2026-05-14): a ``type="date"`` input drops
    any other, so a date shown in the reader's format (14.05.2026, 14/05/2026) would show empty and
    be lost on the next save."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimePicker(forms.DateTimeInput):
    """The browser's date-and-time picker, with its value in the ISO form a ``datetime-local``
    input takes (2026-05-14T09:30) whatever the language."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class Checklist(forms.CheckboxSelectMultiple):
    """Checkboxes for a list that can run long (a workspace's touchpoints, 40 to 250 of them): the
    form's field (templates/_field.html) draws a search box over them, a box that ticks the ones
    the search shows and the count ticked (static/js/app.js). Without JavaScript, plain checkboxes."""

    searchable = True


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field ``name`` (``form.fields`` holds plain fields, as far as a type checker
    knows), to set its choices."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def saved(form: forms.BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """What ``save`` (a service call) returns for the form's cleaned data; None when the form is
    refused or the service refuses (its ValidationError is then shown on the form)."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def attempted(request: HttpRequest, call: Callable[[], T], success: Callable[[T], str]) -> T | None:
    """What ``call`` (a service call of a POST view with no form) returns, with ``success(result)``
    as the page's message; None when the service refuses (its ValidationError is the message)."""
    try:
        result = call()
    except ValidationError as exc:
        error_message(request, exc)
        return None
    messages.success(request, success(result))
    return result


def error_text(source: ValidationError | forms.BaseForm) -> str:
    """A service's refusal or a form's errors as one sentence-per-error line, for a page that
    redirects instead of showing the form again (so each error names its field: the form is not
    there to show which)."""
    if isinstance(source, forms.BaseForm):
        return " ".join(labelled_errors(source))
    return " ".join(str(m) for m in source.messages)


def labelled_errors(form: forms.BaseForm) -> list[str]:
    """Each error of a refused form as "Field label: message" (errors of the whole form as they are)."""
    return [
        f"{form.fields[name].label or name}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]


def error_message(request: HttpRequest, source: ValidationError | forms.BaseForm) -> None:
    """Tell the user on the next page why nothing was changed (a refused form or service call)."""
    messages.error(request, error_text(source))


def counts_message(request: HttpRequest, *counts: tuple[Promise, int]) -> None:
    """Tell the user on the next page what a change did, in counts: each part is an
    ``ngettext_lazy`` plural counting ``n`` with its count; the first is always said, the others
    only when their count is not 0 ("Added 3 touchpoints. 1 was already there and was skipped.")."""
    (first, n), *others = counts
    sentences = [first % {"n": n}, *(text % {"n": count} for text, count in others if count)]
    messages.success(request, " ".join(str(sentence) for sentence in sentences))


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field ``name`` as the model choice field it is (one or many), to set its
    queryset or labels for the workspace at hand."""
    return cast(forms.ModelChoiceField, form.fields[name])


class ShareForm(forms.Form):
    """How long a new read-only share link lasts (``lib.tokens.ShareLink``)."""

    days = forms.IntegerField(
        label=gettext_lazy("Valid for, days"), min_value=1, max_value=ShareLink.MAX_DAYS, initial=14
    )
