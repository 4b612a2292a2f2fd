"""Errors in the REST API, in one place: the JSON error shape, the names a field error goes under
(the client's, not the model's), the helper that refuses ``null`` for a PATCH field that cannot be
empty, and the statuses every operation documents. The handlers are in main.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BaseModel


class ErrorOut(Schema):
    """Every 4xx answer: a message and, for invalid input, the errors by field (400) or the list of
    schema violations (422)."""

    detail: str
    errors: dict[str, list[str]] | list[dict[str, Any]] | None = None


# Status → description, documented on every operation that does not document it itself. 403 and
# 404 come from workspace access (outsider 404, insufficient role 403); 400 from the services'
# field errors; 422 from the schema; 429 from throttling.
COMMON = {
    400: "Invalid input (errors by field)",
    401: "Authentication required",
    403: "The role does not allow this",
    404: "Not found (or not a member of the workspace)",
    422: "The request does not match the schema",
    429: "Too many requests",
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Adds the common error statuses (with the ErrorOut body) to every operation of an OpenAPI
    document, keeping the ones an operation documents itself."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, description in COMMON.items():
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": description, "content": {"application/json": {"schema": ref}}}
    return schema


def input_names(models: Iterable[type[BaseModel]]) -> frozenset[str]:
    """The names a client sends to an operation: its path and query parameters and the fields of
    its body (by their alias where they have one)."""
    names: set[str] = set()
    for model in models:
        names.update(getattr(model, "__ninja_flatten_map__", None) or ())
        for name, field in model.model_fields.items():
            names.add(field.alias or name)
            inner = field.annotation
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                names.update(f.alias or n for n, f in inner.model_fields.items())
    return frozenset(names)


def as_sent(key: str, names: frozenset[str]) -> str:
    """A service names a field by the model's name (``touchpoint``, ``owner_user``, ``segments``);
    the client sent it as ``touchpoint_id``, ``owner_user_id``, ``segment_ids``."""
    if not names or key in names:
        return key
    for name in (f"{key}_id", f"{key.removesuffix('s')}_ids"):
        if name in names:
            return name
    return key


def conflict(exc: ValidationError) -> dict[str, Any]:
    """The body of a 409: the state of the object does not allow the operation (e.g. cancelling
    a job that has already ended); the service's message says why."""
    return {"detail": " ".join(exc.messages)}


def _nullable(model: type[models.Model], key: str) -> bool:
    for name in (key, key.removesuffix("_id"), key.removesuffix("_ids") + "s"):
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - not a model field
            continue
        return bool(field.concrete and field.null and not field.many_to_many)
    return False


def patch_data(payload: Schema, model: type[models.Model], *, nullable: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a PATCH body sets. ``null`` is accepted only where the model field is nullable
    (or the name is in ``nullable``: a null that means "clear"); elsewhere it is a field error."""
    data = payload.dict(exclude_unset=True)
    errors = {
        key: [_("This field cannot be null.")]
        for key, value in data.items()
        if value is None and key not in nullable and not _nullable(model, key)
    }
    if errors:
        raise ValidationError(errors)
    return data
