"""What the inventory pages show for each row and filter, prepared in Python once, so that the
templates only print (rendering 100 rows through template logic is what made the page slow)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.db import models
from django.urls import reverse

from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Touchpoint


@dataclass
class Row:
    pk: int
    name: str
    parent_name: str
    stages: list[str]
    area: str
    channel: str
    mode: str
    moment: str
    owner: str
    statuses: list[tuple[str, str]]  # (status, label) per brand, in the brands' order
    css: str
    url: str
    edit_url: str


def labels() -> dict[str, dict[str, str]]:
    """Every axis' labels, translated once per request (not once per cell)."""
    axes: dict[str, type[models.TextChoices]] = {**c.SINGLE_AXES, **c.MULTI_AXES, "status": c.PresenceStatus}
    return {axis: {value: str(label) for value, label in cls.choices} for axis, cls in axes.items()}


def touchpoint_rows(
    touchpoints: Iterable[Touchpoint], brands: list[Any], *, slug: str, relations: Any = None
) -> list[Row]:
    """``relations``: :class:`inventory.selectors.Relations` of these touchpoints (fetched when
    not given)."""
    touchpoints = list(touchpoints)
    if relations is None:
        from touchpoints.inventory.selectors import touchpoint_relations

        relations = touchpoint_relations(ids=[t.pk for t in touchpoints])
    # One reverse() for the page, not two per row.
    base = reverse("inventory:list", kwargs={"slug": slug})
    own_index = [i for i, b in enumerate(brands) if b.is_own]
    axis_labels = labels()
    stage, status_label = axis_labels["stages"], axis_labels["status"]
    rows = []
    for tp in touchpoints:
        status = relations.status_of(tp.pk)
        statuses = [status.get(b.pk, c.PresenceStatus.UNKNOWN) for b in brands]
        own = {statuses[i] for i in own_index}
        css = (
            "row-missing"
            if c.PresenceStatus.MISSING in own
            else "row-planned"
            if c.PresenceStatus.PLANNED in own
            else ""
        )
        rows.append(
            Row(
                pk=tp.pk,
                name=tp.name,
                parent_name=tp.parent.name if tp.parent is not None else "",
                stages=[stage.get(s, s) for s in tp.stages],
                area=axis_labels["area"].get(tp.area, ""),
                channel=axis_labels["channel"].get(tp.channel, ""),
                mode=axis_labels["mode"].get(tp.mode, ""),
                moment=axis_labels["moment"].get(tp.moment, ""),
                owner=tp.owner_unit,
                statuses=[(s, status_label.get(s, s)) for s in statuses],
                css=css,
                url=f"{base}{tp.pk}/",
                edit_url=f"{base}{tp.pk}/row/edit/",
            )
        )
    return rows


@dataclass
class PlainField:
    name: str
    label: str
    kind: str  # "choices", "boolean" or "text"
    choices: list[tuple[str, str]] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    value: str = ""
    errors: list[str] = field(default_factory=list)
    empty: str = ""  # what a select's empty choice says ("—" when nothing is given)


def plain_fields(form: forms.Form, skip: Iterable[str] = ()) -> list[PlainField]:
    """Form fields as plain data for the light templates of the filter and bulk-edit panels."""
    out = []
    data = form.data if form.is_bound else {}
    for name, f in form.fields.items():
        if name in skip or isinstance(f.widget, forms.HiddenInput):
            continue
        errors = [str(e) for e in form.errors.get(name, [])] if form.is_bound else []
        label = str(f.label or name)
        if isinstance(
            f, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField, forms.ChoiceField, forms.ModelChoiceField)
        ) and not isinstance(f, forms.NullBooleanField):
            selected = data.getlist(name) if hasattr(data, "getlist") else []
            choices = [(str(v), str(lbl)) for v, lbl in cast(Any, f).choices if str(v) != ""]
            kind = "choices" if isinstance(f, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)) else "select"
            empty = str(getattr(f, "empty_label", "") or "")
            out.append(PlainField(name, label, kind, choices, [str(s) for s in selected], errors=errors, empty=empty))
        elif isinstance(f, forms.NullBooleanField):
            out.append(PlainField(name, label, "boolean", value=str(data.get(name, "")), errors=errors))
        else:
            out.append(PlainField(name, label, "text", value=str(data.get(name, "")), errors=errors))
    return out
