"""History entries as rows a person reads: when, who, what happened to which object, and the
fields that changed with their translated labels and values: a choice or a list of choices by its
labels, yes or no, a linked object by its name, a number or a date as the reader's language writes
it. The entries come with their content type and actor; the linked objects of a page of rows are
read with one query per kind of object."""

from __future__ import annotations

import ast
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from touchpoints.history.models import HistoryScope
from touchpoints.lib.history import TRACKED
from touchpoints.lib.http import int_param, int_params

VALUE_LIMIT = 120
EXPORTED_MOMENT = "%Y-%m-%d %H:%M:%S"  # a moment in an export: local time, to the second


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
    summary: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def fields(self) -> str:
        return ", ".join(c.label for c in self.changes)


def _actions() -> dict[int, str]:
    """What happened, as the export's Action column says it for any kind of object: a word that
    does not agree with the kind (Russian «создание», not «создан», which a touchpoint — «точка
    контакта» — would need as «создана»)."""
    return {
        0: pgettext("history action", "created"),
        1: pgettext("history action", "changed"),
        2: pgettext("history action", "deleted"),
        3: pgettext("history action", "viewed"),
    }


def _summary(action: int, kind: str, obj: str) -> SafeString:
    """What happened to which object, as one message per action: a language puts the words in its
    own order and agrees them with any kind (Russian: «Создано: точка контакта …», where a participle
    after the kind would take the kind's gender). The object's name is in bold."""
    messages = {
        0: _("{kind} {object} created"),
        1: _("{kind} {object} changed"),
        2: _("{kind} {object} deleted"),
        3: _("{kind} {object} viewed"),
    }
    message = messages.get(action, "{kind} {object} " + str(action))
    # The sentence starts with a capital: the message's own first word, or the value it starts with.
    words = {
        name: capfirst(value) if message.startswith("{" + name + "}") else value
        for name, value in (("kind", kind), ("object", obj))
    }
    return format_html(
        capfirst(message), kind=words["kind"], object=format_html("<strong>{}</strong>", words["object"])
    )


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


Linked = dict[tuple[type[models.Model], str], str]  # (model, stored id) -> the object's name


def _listed(value: Any) -> list[str] | None:
    """A list the log stored as its text ("['sight', 'touch']"), or None when it is not one."""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, str) and value.startswith("["):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return None
        if isinstance(parsed, (list, tuple)):
            return [str(v) for v in parsed]
    return None


def _shown(field: Any, value: Any, linked: Linked | None = None, *, localized: bool = True) -> str:
    """A choice by its label (in the reader's language), a list of choices by their labels, yes or
    no, a linked object by its name (its number when it has gone), a number or a date as the
    reader's language writes it (unless not ``localized``: as stored), anything else as text."""
    choices_class = getattr(field, "choices_class", None)
    values = _listed(value) if choices_class is not None else None
    if choices_class is not None and values is not None:
        labels = dict(choices_class.choices)
        return _text(", ".join(str(labels.get(v, v)) for v in values))
    if isinstance(field, models.BooleanField) and str(value) in ("True", "False"):
        return _("Yes") if str(value) == "True" else _("No")
    if isinstance(field, models.ForeignKey) and _text(value) != "—":
        return _text((linked or {}).get((field.related_model, str(value)), f"#{value}"))
    # The log keeps every value as text: an integer choice's 2 comes back as "2".
    choices = {str(key): label for key, label in getattr(field, "flatchoices", None) or ()}
    if choices and str(value) in choices:
        return _text(choices[str(value)])
    if localized and _text(value) != "—":
        return _text(_localized(field, str(value)))
    if isinstance(field, models.DateTimeField) and (moment := _moment(str(value))) is not None:
        return moment.strftime(EXPORTED_MOMENT)  # like the export's When column, not the log's UTC
    return _text(value)


def _moment(value: str) -> dt.datetime | None:
    """A moment the log stored (in UTC, without its zone) in the server's time zone."""
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None:
        return None
    return timezone.localtime(timezone.make_aware(moment, dt.UTC) if timezone.is_naive(moment) else moment)


def _localized(field: Any, value: str) -> str:
    """A number with the reader's digit grouping and decimal mark (ru 20 000,00, es 20.000,00), a
    date or a moment in the reader's short format; the stored text when it does not read as one.
    The log stores a moment in UTC without its zone."""
    try:
        if isinstance(field, models.DecimalField):
            return number_format(Decimal(value), field.decimal_places, force_grouping=True)
        if isinstance(field, models.FloatField):
            return number_format(float(value), force_grouping=True)
        if isinstance(field, models.IntegerField):
            return number_format(int(value), force_grouping=True)
        if isinstance(field, models.DateTimeField):
            moment = _moment(value)
            if moment is not None:
                return date_format(moment, "SHORT_DATETIME_FORMAT")
        elif isinstance(field, models.DateField):
            day = parse_date(value)
            if day is not None:
                return date_format(day, "SHORT_DATE_FORMAT")
    except (ArithmeticError, ValueError):
        pass
    return value


def _linked(scopes: list[HistoryScope]) -> Linked:
    """The names of the objects the entries link to, one query per kind of object."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for scope in scopes:
        model = scope.entry.content_type.model_class()
        for name, values in (scope.entry.changes or {}).items():
            fld = _field(model, name)
            if isinstance(fld, models.ForeignKey) and isinstance(values, (list, tuple)):
                wanted[fld.related_model].update(str(v) for v in values if _text(v) != "—")
    names: Linked = {}
    for related, ids in wanted.items():
        pks = int_params(ids)
        # A name may be made from the object's own links (an audit item names its audit and
        # touchpoint, a criterion its library criterion, an optional link): read in the same query.
        links = [f.name for f in related._meta.concrete_fields if f.many_to_one or f.one_to_one]
        for pk, obj in related._default_manager.select_related(*links).in_bulk(pks).items():
            names[(related, str(pk))] = str(obj)
    return names


def _from_one(value: Any) -> Any:
    """A place stored from 0 (a step's position) as people count it, from 1."""
    place = int_param(value)
    return str(place + 1) if place is not None else value


def row(scope: HistoryScope, linked: Linked | None = None, *, localized: bool = True) -> Row:
    entry = scope.entry
    model = entry.content_type.model_class()
    tracked = TRACKED.get(model) if model else None
    changes = []
    for name, values in sorted((entry.changes or {}).items()):
        if isinstance(values, (list, tuple)) and len(values) == 2:
            old, new = values
        else:  # many-to-many changes are stored as a dict
            old, new = "", values
        if tracked is not None and name in tracked.counted_from_one:
            old, new = _from_one(old), _from_one(new)
        fld = _field(model, name)
        if fld is not None and not fld.concrete:
            continue  # reverse relations (older entries)
        if entry.action == 0 and (name == "id" or _shown(fld, new) == "—"):
            continue  # a creation lists what was filled in, not the empty fields
        changes.append(
            Change(
                field=name,
                label=str(fld.verbose_name) if fld is not None else name,
                old=_shown(fld, old, linked, localized=localized),
                new=_shown(fld, new, linked, localized=localized),
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
        summary=_summary(entry.action, kind, entry.object_repr),
        changes=changes,
    )


def rows(scopes: list[HistoryScope], *, localized: bool = True) -> list[Row]:
    """The rows of the pages; ``localized=False`` for an export, which keeps numbers and dates as
    stored (20000.00, 2026-12-01) so that a spreadsheet reads them in any language."""
    linked = _linked(scopes)
    return [row(s, linked, localized=localized) for s in scopes]
