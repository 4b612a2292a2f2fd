"""The API's touchpoint bodies, built from the declared fields (models.TOUCHPOINT_FIELDS) and the
model's own definition of each (its choices, length, blank, null), so a new field is declared
once. Relations travel as ids: ``parent`` as ``parent_id``, ``segments`` as ``segment_ids``."""

from __future__ import annotations

from types import GenericAlias
from typing import Any

from django.db import models
from ninja import Schema
from pydantic import Field, create_model

from touchpoints.api.types import Id
from touchpoints.inventory import choices as c
from touchpoints.inventory.models import CLASSIFICATION_FIELDS, TOUCHPOINT_FIELDS, Touchpoint

API_NAMES = {"parent": "parent_id", "segments": "segment_ids"}
# Output-only values computed from a field, shown right after it.
DERIVED_OUT: dict[str, list[tuple[str, Any]]] = {"stages": [("phases", list[str])]}
# The same characters as the model's SlugField accepts (validate_slug), in pydantic's regex syntax.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"
MAX_REVIEW_INTERVAL_DAYS = 36500  # a century: a typo, not a plan


class PresenceOut(Schema):
    brand_id: int
    brand: str
    status: str


def api_name(name: str) -> str:
    return API_NAMES.get(name, name)


def _input(name: str) -> tuple[Any, dict[str, Any], Any]:
    """(type, constraints, default) of one field in a request body."""
    if name == "parent":
        return Id | None, {}, None
    if name == "segments":
        return list[Id], {}, []
    if name in c.SINGLE_AXES:
        return c.SINGLE_AXES[name] | None, {}, None
    if name in c.MULTI_AXES:
        return GenericAlias(list, (c.MULTI_AXES[name],)), {}, []
    field = Touchpoint._meta.get_field(name)
    assert isinstance(field, models.Field)
    if isinstance(field, models.PositiveIntegerField):
        return int | None, {"ge": 0, "le": MAX_REVIEW_INTERVAL_DAYS}, None
    constraints: dict[str, Any] = {}
    if isinstance(field, models.CharField) and field.max_length:
        constraints["max_length"] = field.max_length
    if isinstance(field, models.SlugField):
        constraints["pattern"] = SLUG_PATTERN
    if not field.blank:
        return str, {"min_length": 1, **constraints}, ...
    return str, constraints, ""


def _output(name: str) -> Any:
    if name == "parent":
        return int | None
    if name == "segments":
        return list[int]
    if name in c.MULTI_AXES:
        return list[str]
    field = Touchpoint._meta.get_field(name)
    if isinstance(field, models.PositiveIntegerField):
        return int | None
    return str


def axis_out_fields() -> dict[str, Any]:
    """The classification axes as an output body shows them (for ``create_model``), in declared order."""
    return {name: (_output(name), ...) for name in CLASSIFICATION_FIELDS}


def touchpoint_in_schema() -> type[Schema]:
    """The body of a create: required fields required, the others with their empty value."""
    fields: dict[str, Any] = {}
    for name in TOUCHPOINT_FIELDS:
        kind, constraints, default = _input(name)
        fields[api_name(name)] = (kind, Field(default, **constraints))
    fields["presence"] = (
        dict[Id, c.PresenceStatus],
        Field(default_factory=dict, description="brand id → status"),
    )
    return create_model("TouchpointIn", __base__=Schema, **fields)


def touchpoint_patch_schema() -> type[Schema]:
    """The body of a partial update: every field optional, with the same constraints."""
    fields: dict[str, Any] = {}
    for name in TOUCHPOINT_FIELDS:
        kind, constraints, _default = _input(name)
        fields[api_name(name)] = (kind | None, Field(None, **constraints))
    fields["presence"] = (dict[Id, c.PresenceStatus] | None, None)
    return create_model("TouchpointPatch", __base__=Schema, **fields)


def touchpoint_out_schema(base: type[Schema]) -> type[Schema]:
    """A touchpoint as the API shows it; ``base`` holds the resolvers of the computed fields."""
    fields: dict[str, Any] = {"id": (int, ...)}
    for name in TOUCHPOINT_FIELDS:
        fields[api_name(name)] = (_output(name), ...)
        for derived, kind in DERIVED_OUT.get(name, []):
            fields[derived] = (kind, ...)
    fields["presence"] = (list[PresenceOut], ...)
    fields["template_code"] = (str | None, ...)
    return create_model("TouchpointOut", __base__=base, **fields)
