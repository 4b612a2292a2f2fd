from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.inventory import choices as c
from touchpoints.inventory.models import TOUCHPOINT_FIELDS, Touchpoint
from touchpoints.inventory.services import BULK_FIELDS
from touchpoints.workspaces.models import Workspace

PRESENCE_PREFIX = "presence_"


class TouchpointForm(forms.ModelForm):
    class Meta:
        model = Touchpoint
        fields = TOUCHPOINT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "wow": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "segments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        parents = Touchpoint.objects.filter(workspace=workspace).only("id", "name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents
        cast(forms.ModelMultipleChoiceField, self.fields["segments"]).queryset = workspace.segments.all()
        self.brands = list(workspace.brands.all())
        current = {p.brand_id: p.status for p in self.instance.presences.all()} if self.instance.pk else {}
        for brand in self.brands:
            self.fields[f"{PRESENCE_PREFIX}{brand.pk}"] = forms.ChoiceField(
                label=_("Has it: %(brand)s") % {"brand": brand.name},
                choices=c.PresenceStatus.choices,
                initial=current.get(
                    brand.pk,
                    c.PresenceStatus.EXISTS if brand.is_own and not self.instance.pk else c.PresenceStatus.UNKNOWN,
                ),
            )

    def presence_fields(self) -> list[forms.BoundField]:
        return [self[f"{PRESENCE_PREFIX}{b.pk}"] for b in self.brands]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        presence = {b.pk: data.pop(f"{PRESENCE_PREFIX}{b.pk}") for b in self.brands}
        data["presence"] = presence
        data["segments"] = list(data.pop("segments"))
        return data


def _or_nothing(choices: type[models.TextChoices]) -> list[tuple[str, Any]]:
    """A choice's values after an empty one (“leave as it is”)."""
    empty: list[tuple[str, Any]] = [("", "—")]
    return empty + list(choices.choices)


class BulkEditForm(forms.Form):
    """Set one or more classification values on all selected touchpoints."""

    ids = forms.CharField(widget=forms.HiddenInput, required=False)
    area = forms.ChoiceField(label=_("Area"), choices=_or_nothing(c.Area), required=False)
    add_stages = forms.MultipleChoiceField(
        label=_("Add stages"), choices=c.Stage.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    moment = forms.ChoiceField(label=_("Moment of truth"), choices=_or_nothing(c.MomentOfTruth), required=False)
    mode = forms.ChoiceField(label=_("Online / offline"), choices=_or_nothing(c.Mode), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=_or_nothing(c.Channel), required=False)
    attention = forms.ChoiceField(label=_("Attention"), choices=_or_nothing(c.Attention), required=False)
    lifetime = forms.ChoiceField(label=_("Lifetime"), choices=_or_nothing(c.Lifetime), required=False)
    add_senses = forms.MultipleChoiceField(
        label=_("Add senses"), choices=c.Sense.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    control = forms.ChoiceField(label=_("Control"), choices=_or_nothing(c.Control), required=False)
    owner_unit = forms.CharField(label=_("Owner (unit)"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status for the own brand"), choices=_or_nothing(c.PresenceStatus), required=False
    )

    def clean_ids(self) -> list[int]:
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else [self.cleaned_data.get("ids", "")]
        ids: list[int] = []
        for chunk in raw:
            for part in str(chunk).split(","):
                if part.strip():
                    try:
                        ids.append(int(part))
                    except ValueError as exc:
                        raise forms.ValidationError(_("Invalid selection.")) from exc
        if not ids:
            raise forms.ValidationError(_("Select at least one touchpoint."))
        return ids

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in BULK_FIELDS and v}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))
