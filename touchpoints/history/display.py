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
    return text if len(text) <= VALUE_LIMIT else text[:VALUE_LIMIT - 1] + "…"


def _label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field since removed
        return name


def row(scope: HistoryScope) -> Row:
    entry = scope.entry
    model = entry.content_type.model_class()
    changes = []
    for name, values in sorted((entry.changes or {}).items()):
        if isinstance(values, (list, tuple)) and len(values) == 2:
            old, new = values
        else:  # many-to-many changes are stored as a dict
            old, new = "", values
        changes.append(Change(field=name, label=_label(model, name) if model else name, old=_text(old), new=_text(new)))
    actor = (entry.actor.get_full_name() or entry.actor.get_username()) if entry.actor_id and entry.actor else (entry.actor_email or _("system"))
    kind = str(model._meta.verbose_name) if model else entry.content_type.model
    return Row(timestamp=entry.timestamp, actor=actor, action=_actions().get(entry.action, str(entry.action)),
               kind=kind, object=entry.object_repr, changes=changes)


def rows(scopes: list[HistoryScope]) -> list[Row]:
    return [row(s) for s in scopes]
