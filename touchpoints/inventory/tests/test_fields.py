"""The touchpoint's fields are declared once (models.TOUCHPOINT_FIELDS): the model's editable
fields, the edit form, the services, the import/export columns and the API bodies all follow it,
so a new field is one declaration."""

from __future__ import annotations

from typing import Any

from touchpoints.inventory.api import TouchpointIn, TouchpointOut, TouchpointPatch
from touchpoints.inventory.columns import export_columns
from touchpoints.inventory.forms import TouchpointForm
from touchpoints.inventory.models import (
    CLASSIFICATION_FIELDS,
    RELATION_FIELDS,
    SYSTEM_FIELDS,
    TOUCHPOINT_FIELDS,
    Classified,
    Touchpoint,
)
from touchpoints.inventory.schemas import api_name
from touchpoints.inventory.services import EDITABLE_FIELDS

API_ONLY_IN = ["presence"]
API_ONLY_OUT = ["id", "phases", "presence", "template_code"]


def test_the_declaration_covers_every_editable_field_of_the_model() -> None:
    editable = {f.name for f in Touchpoint._meta.get_fields() if getattr(f, "editable", False) and f.concrete}
    assert set(TOUCHPOINT_FIELDS) == editable - {"id", *SYSTEM_FIELDS}
    assert CLASSIFICATION_FIELDS == [f.name for f in Classified._meta.local_fields]
    assert len(set(TOUCHPOINT_FIELDS)) == len(TOUCHPOINT_FIELDS)


def test_form_services_columns_and_api_follow_the_declaration(world: Any) -> None:
    assert list(TouchpointForm(workspace=world.workspace).Meta.fields) == TOUCHPOINT_FIELDS
    assert [f for f in TouchpointForm(workspace=world.workspace).fields if not f.startswith("presence_")] == (
        TOUCHPOINT_FIELDS
    )
    assert EDITABLE_FIELDS == [f for f in TOUCHPOINT_FIELDS if f not in RELATION_FIELDS]
    brands = [f"brand:{b.name}" for b in world.workspace.brands.all()]
    assert export_columns(world.workspace) == TOUCHPOINT_FIELDS + brands
    declared = [api_name(f) for f in TOUCHPOINT_FIELDS]
    assert list(TouchpointIn.model_fields) == declared + API_ONLY_IN
    assert list(TouchpointPatch.model_fields) == declared + API_ONLY_IN
    assert [f for f in TouchpointOut.model_fields if f not in API_ONLY_OUT] == declared
    assert set(TouchpointOut.model_fields) - set(declared) == set(API_ONLY_OUT)
