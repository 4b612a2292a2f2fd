"""A model field for a list of choice values (purchase stages, senses).

Stored as text wrapped in commas (",need,search,") so that "has this value" is a plain
``LIKE '%,need,%'`` on every database, SQLite included, and can be indexed and counted the same way.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def encode_values(values: list[str] | tuple[str, ...] | None) -> str:
    if not values:
        return ""
    return "," + ",".join(values) + ","


def decode_values(raw: str | None) -> list[str]:
    if not raw:
        return []
    return [v for v in raw.strip(",").split(",") if v]


def has_value_q(field: str, value: str) -> models.Q:
    return models.Q(**{f"{field}__contains": f",{value},"})


class MultiChoiceField(models.CharField):
    """A list of values from one TextChoices class, kept in the class's order without repeats."""

    # For django-stubs: a list goes in and comes out (a stored ",a,b," string is accepted too).
    _pyi_private_set_type: list[str] | tuple[str, ...] | str  # type: ignore[assignment]
    _pyi_private_get_type: list[str]  # type: ignore[assignment]

    def __init__(self, *args: Any, choices_class: type[models.TextChoices] | None = None, **kwargs: Any) -> None:
        self.choices_class = choices_class
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_class"] = self.choices_class
        return name, path, args, kwargs

    @cached_property
    def allowed_values(self) -> list[str]:
        """The choices' values in order, read once (TextChoices.values builds a new list per call,
        and a bulk import normalises every row)."""
        return list(self.choices_class.values) if self.choices_class is not None else []

    def normalise(self, values: Any) -> list[str]:
        if values is None or values == "":
            return []
        if isinstance(values, str):
            values = decode_values(values) if values.startswith(",") else [v.strip() for v in values.split(",")]
        values = [str(v).strip() for v in values if str(v).strip()]
        if self.choices_class is None:
            return list(dict.fromkeys(values))
        allowed = self.allowed_values
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(values)s. Allowed: %(allowed)s."),
                params={"values": ", ".join(unknown), "allowed": ", ".join(allowed)},
                code="invalid_choice",
            )
        return [v for v in allowed if v in values]

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        return decode_values(value)

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return value
        return decode_values(value) if isinstance(value, str) and value.startswith(",") else self.normalise(value)

    def get_prep_value(self, value: Any) -> str:
        if isinstance(value, str) and (value == "" or value.startswith(",")):
            return value
        return encode_values(self.normalise(value))

    def validate(self, value: Any, model_instance: Any) -> None:
        self.normalise(value)

    def value_to_string(self, obj: Any) -> str:
        # The model attribute holds the decoded list (from_db_value); Field's stub types it generically.
        return ",".join(cast("list[str]", self.value_from_object(obj) or []))

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms
        from django.utils.text import capfirst

        return forms.MultipleChoiceField(
            choices=self.choices_class.choices if self.choices_class else [],
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=capfirst(self.verbose_name),
        )
