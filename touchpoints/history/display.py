"""History entries as rows a person reads: when, who, what happened to which object, and the
fields that changed with their translated labels. No queries: the entries come with their
content type and actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from touchpoints.history.models import HistoryScope

VALUE_LIMIT = 120


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class Row:
    timestamp: dt.datetime
    actor: str
    action: str
    kind: str
    object: str
    changes: list[Change] = field(default_factory=list)

    @property
    def fields(self) -> str:
        return ", ".join(c.label for c in self.changes)


def _actions() -> dict[int, str]:
    return {0: _("created"), 1: _("changed"), 2: _("deleted"), 3: _("viewed")}


def _text(value: Any) -> str:
    if value in (None, "None", ""):
        return "—"
    text = str(value)
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


def _field(model: Any, name: str) -> Any:
    try:
        return model._meta.get_field(name) if model else None
    except Exception:  # noqa: BLE001 - a field since removed
        return None


def _shown(field: Any, value: Any) -> str:
    """A choice by its label (in the reader's language), anything else as text."""
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and value in choices:
        return _text(choices[value])
    return _text(value)


def row(scope: HistoryScope) -> Row:
    entry = scope.entry
    model = entry.content_type.model_class()
    changes = []
    for name, values in sorted((entry.changes or {}).items()):
        if isinstance(values, (list, tuple)) and len(values) == 2:
            old, new = values
        else:  # many-to-many changes are stored as a dict
            old, new = "", values
        fld = _field(model, name)
        if fld is not None and not fld.concrete:
            continue  # reverse relations (older entries)
        if entry.action == 0 and (name == "id" or _text(new) == "—"):
            continue  # a creation lists what was filled in, not the empty fields
        changes.append(
            Change(
                field=name,
                label=str(fld.verbose_name) if fld is not None else name,
                old=_shown(fld, old),
                new=_shown(fld, new),
            )
        )
    actor = (
        (entry.actor.get_full_name() or entry.actor.get_username())
        if entry.actor_id and entry.actor
        else (entry.actor_email or _("system"))
    )
    kind = str(model._meta.verbose_name) if model else entry.content_type.model
    return Row(
        timestamp=entry.timestamp,
        actor=actor,
        action=_actions().get(entry.action, str(entry.action)),
        kind=kind,
        object=entry.object_repr,
        changes=changes,
    )


def rows(scopes: list[HistoryScope]) -> list[Row]:
    return [row(s) for s in scopes]
