from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db import models
from django.forms.forms import DeclarativeFieldsMetaclass
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from touchpoints.inventory import choices as c
from touchpoints.inventory.models import CLASSIFICATION_FIELDS, TOUCHPOINT_FIELDS, Touchpoint
from touchpoints.inventory.services import BULK_FIELDS
from touchpoints.workspaces.models import Brand, Workspace

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


# What a bulk edit does to a multi-valued axis: add the chosen values (a single-valued axis is set).
ADD_LABELS = {"stages": _("Add stages"), "senses": _("Add senses")}


def _axis_fields() -> dict[str, forms.Field]:
    """One field per classification axis, in the declared order (``add_<axis>`` for a multi-valued one)."""
    fields: dict[str, forms.Field] = {}
    for name in CLASSIFICATION_FIELDS:
        label = capfirst(cast(models.Field, Touchpoint._meta.get_field(name)).verbose_name)
        if name in c.MULTI_AXES:
            fields[f"add_{name}"] = forms.MultipleChoiceField(
                label=ADD_LABELS.get(name, label),
                choices=c.MULTI_AXES[name].choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            fields[name] = forms.ChoiceField(label=label, choices=_or_nothing(c.SINGLE_AXES[name]), required=False)
    return fields


class _BulkEdit(forms.Form):
    ids = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, brands: Iterable[Brand] = (), **kwargs: Any) -> None:
        """``brands``: the workspace's; with competitors among them the status may be set for one of
        them instead of the own brand (empty: the own brand, which the empty choice names)."""
        super().__init__(*args, **kwargs)
        brands = list(brands)
        own = next((b for b in brands if b.is_own), None)
        others = [b for b in brands if not b.is_own]
        field = cast(forms.ChoiceField, self.fields["status_brand"])
        if not others:
            del self.fields["status_brand"]
            return
        field.choices = [("", "")] + [(str(b.pk), b.name) for b in others]
        field.empty_label = _("%(brand)s (own brand)") % {"brand": own.name} if own else "—"  # type: ignore[attr-defined]
        self.fields["status"].label = _("Status for the brand")

    def status_brand_id(self, own: Brand | None) -> int | None:
        """The brand whose status the edit sets: the chosen competitor, else the own brand."""
        chosen = self.cleaned_data.get("status_brand")
        return int(chosen) if chosen else (own.pk if own else None)

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

    def additions(self) -> dict[str, list[str]]:
        """``add_<axis>``: the values to add to each multi-valued axis."""
        return {f"add_{name}": self.cleaned_data[f"add_{name}"] for name in c.MULTI_AXES}


# Set one or more classification values on all selected touchpoints: the axes' fields come from
# the model's declaration (``Classified``), after the selection and before the owner and status.
BulkEditForm = DeclarativeFieldsMetaclass(
    "BulkEditForm",
    (_BulkEdit,),
    {
        "__module__": __name__,
        "__doc__": "Set one or more classification values on all selected touchpoints.",
        **_axis_fields(),
        "owner_unit": forms.CharField(label=_("Owner (unit)"), required=False, max_length=200),
        "status": forms.ChoiceField(
            label=_("Status for the own brand"), choices=_or_nothing(c.PresenceStatus), required=False
        ),
        "status_brand": forms.ChoiceField(label=_("Brand"), choices=(), required=False),
    },
)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))
