from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from touchpoints.analytics.choices import LOG_FIELDS, REQUIRED_FIELDS, EngineChoice
from touchpoints.analytics.services.options import (
    DEFAULT_OPTIONS,
    MARKOV_ORDERS,
    MAX_HALF_LIFE_DAYS,
    available_engines,
    clean_options,
)
from touchpoints.analytics.uploads import human_size, max_upload_bytes
from touchpoints.lib.forms import DatePicker

OPTION_FIELDS = ("markov_orders", "half_life_days", "bootstrap", "by_segment")
ACCEPT = ".csv,.tsv,.txt,.parquet,.pq,.jsonl,.ndjson,.json"
BOOTSTRAP_CHOICES = [(0, _("none")), (50, "50"), (100, "100"), (200, "200"), (500, "500")]

FIELD_HELP = {
    "customer": _("Who: the same id on every touch of one customer (or one journey)."),
    "timestamp": _("When: ISO 8601 date and time (2024-05-01 13:45) or epoch seconds."),
    "touchpoint": _("Where: the touchpoint or channel, by name or code (matched to the inventory)."),
    "conversion": _("Did it convert here: 1/0, true/false or yes/no."),
    "value": _("Optional: the conversion's value (revenue)."),
    "segment": _("Optional: the customer's segment, to compare segments."),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Interaction log"),
        help_text=_("CSV, Parquet or JSON Lines, one row per touch."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = max_upload_bytes()
        self.fields["file"].widget.attrs["data-max-bytes"] = str(limit)
        self.fields["file"].help_text = _("CSV, Parquet or JSON Lines, one row per touch; up to %(size)s here.") % {
            "size": human_size(limit)
        }


class MappingForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name of the analysis"), max_length=200, required=False)
    markov_orders = forms.TypedMultipleChoiceField(
        label=_("Markov chain orders"),
        coerce=int,
        choices=[(k, str(k)) for k in MARKOV_ORDERS],
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_OPTIONS["markov_orders"],
        required=False,
        help_text=_("Order 2 and 3 remember the last two or three touches; slower with many channels."),
    )
    # The fields only render and parse the options; their limits are clean_options' (see clean()),
    # shown to the browser from the same constants.
    half_life_days = forms.FloatField(
        label=_("Time-decay half-life, days"),
        initial=DEFAULT_OPTIONS["half_life_days"],
        widget=forms.NumberInput(attrs={"min": "0.01", "max": str(MAX_HALF_LIFE_DAYS), "step": "any"}),
    )
    bootstrap = forms.TypedChoiceField(
        label=_("Bootstrap replicates"),
        coerce=int,
        choices=BOOTSTRAP_CHOICES,
        initial=DEFAULT_OPTIONS["bootstrap"],
        help_text=_("For confidence intervals of every model's credit; more replicates take longer."),
    )
    by_segment = forms.BooleanField(label=_("Analyse each segment too"), required=False, initial=True)
    since = forms.DateField(label=_("From (date)"), required=False, widget=DatePicker())
    until = forms.DateField(label=_("To (date, included)"), required=False, widget=DatePicker())
    segments = forms.CharField(
        label=_("Only these segments"),
        required=False,
        help_text=_("Values of the segment column, separated by commas; empty: all."),
    )
    engine = forms.ChoiceField(label=_("Engine"), choices=EngineChoice.choices, initial=EngineChoice.DUCKDB)

    def __init__(
        self, *args: Any, columns: Iterable[str], guess: dict[str, str | None] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        names = list(columns)
        guess = guess or {}
        mapping_fields: dict[str, forms.Field] = {}
        for name, label in LOG_FIELDS:
            required = name in REQUIRED_FIELDS
            choices = [("", "—" if required else _("(none)"))] + [(n, n) for n in names]
            mapping_fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=required,
                initial=guess.get(name) or "",
                help_text=FIELD_HELP[name],
            )
        self.fields = {**mapping_fields, **self.fields}
        engines = available_engines()
        cast(forms.ChoiceField, self.fields["engine"]).choices = [
            (k, v) for k, v in EngineChoice.choices if k in engines
        ]
        if len(engines) == 1:
            self.fields["engine"].widget = forms.HiddenInput()

    @property
    def mapping_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _label in LOG_FIELDS]

    @property
    def option_fields(self) -> list[forms.BoundField]:
        return [
            self[n]
            for n in ("markov_orders", "half_life_days", "bootstrap", "by_segment", "engine")
            if not self.fields[n].widget.is_hidden
        ]

    @property
    def filter_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("since", "until", "segments")]

    def clean(self) -> dict[str, Any]:
        """The options' limits are checked by the same function the API and the command line use."""
        cleaned = super().clean() or {}
        if not any(name in self.errors for name in OPTION_FIELDS):
            try:
                clean_options(self.options())
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages)
        return cleaned

    def columns(self) -> dict[str, str | None]:
        return {name: (self.cleaned_data.get(name) or None) for name, _label in LOG_FIELDS}

    def options(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "markov_orders": d.get("markov_orders") or [],
            "half_life_days": d.get("half_life_days"),
            "bootstrap": d.get("bootstrap"),
            "by_segment": bool(d.get("by_segment")),
        }

    def filters(self) -> dict[str, Any]:
        d = self.cleaned_data
        segments = [s.strip() for s in (d.get("segments") or "").split(",") if s.strip()]
        return {"segments": segments, "since": d.get("since"), "until": d.get("until")}


class RerunForm(forms.Form):
    segments = forms.MultipleChoiceField(label=_("Segments"), required=False, widget=forms.CheckboxSelectMultiple)
    since = forms.DateField(label=_("From (date)"), required=False, widget=DatePicker())
    until = forms.DateField(label=_("To (date, included)"), required=False, widget=DatePicker())

    def __init__(self, *args: Any, segment_values: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        values = list(segment_values)
        cast(forms.ChoiceField, self.fields["segments"]).choices = [(v, v) for v in values]
        if not values:
            del self.fields["segments"]

    def filters(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"segments": d.get("segments") or [], "since": d.get("since"), "until": d.get("until")}


class CandidatesForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one channel to add.")},
    )

    def __init__(self, *args: Any, candidates: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["channels"]).choices = [(c, c) for c in candidates]
