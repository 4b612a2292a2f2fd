"""The small helpers the write services and the list selectors share."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from touchpoints.lib.querysets import filter_given
from touchpoints.lib.validation import check_fields
from touchpoints.workspaces.models import Workspace


def test_check_fields_names_every_unknown_field_in_order() -> None:
    check_fields({"name": "x"}, ("name", "description"))
    with pytest.raises(ValidationError) as exc:
        check_fields({"name": "x", "zeta": 1, "alpha": 2}, ("name",))
    assert exc.value.messages == ["Unknown fields: alpha, zeta"]


def test_filter_given_leaves_out_empty_filters() -> None:
    qs = Workspace.objects.all()
    assert filter_given(qs, name="", slug=None) is qs
    narrowed = filter_given(qs, name="Clinic", slug="", pk=0, created_at__gte=None, industry="clinics")
    assert len(narrowed.query.where.children) == 2
