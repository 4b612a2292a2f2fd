"""The date pickers show their value in the one form the browser's picker takes, whatever the
reader's language (a localised value is dropped by the browser and lost on the next save)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from touchpoints.lib.forms import DatePicker, DateTimePicker


class Dates(forms.Form):
    day = forms.DateField(widget=DatePicker())
    moment = forms.DateTimeField(widget=DateTimePicker())


@pytest.mark.parametrize("lang", ["en", "ru", "es"])
def test_pickers_show_iso_values_in_every_language(lang: str) -> None:
    form = Dates(initial={"day": dt.date(2026, 5, 14), "moment": dt.datetime(2026, 5, 14, 9, 30)})
    with translation.override(lang):
        html = str(form["day"]) + str(form["moment"])
    assert 'type="date" name="day" value="2026-05-14"' in html
    assert 'type="datetime-local" name="moment" value="2026-05-14T09:30"' in html


def test_pickers_read_back_what_they_show() -> None:
    with translation.override("ru"):
        form = Dates(data={"day": "2026-05-14", "moment": "2026-05-14T09:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 5, 14)
    assert form.cleaned_data["moment"].replace(tzinfo=None) == dt.datetime(2026, 5, 14, 9, 30)
