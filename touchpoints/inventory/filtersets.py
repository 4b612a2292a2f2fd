"""One filter definition for the inventory page, its exports and the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters as df
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.lib.fields import has_value_q
from touchpoints.workspaces.models import Workspace


def unclassified_q() -> Q:
    """Touchpoints that lack one of the classifying axes (``choices.CLASSIFYING_FIELDS``)."""
    q = Q()
    for name in c.CLASSIFYING_FIELDS:
        q |= Q(**{name: ""})
    return q


def _any_of(field: str) -> Callable[[QuerySet[Touchpoint], str, list[str]], QuerySet[Touchpoint]]:
    def method(queryset: QuerySet[Touchpoint], name: str, values: list[str]) -> QuerySet[Touchpoint]:
        if not values:
            return queryset
        q = Q()
        for value in values:
            q |= has_value_q(field, value)
        return queryset.filter(q)

    return method


class TouchpointFilterSet(df.FilterSet):
    q = df.CharFilter(method="search", label=_("Search"))
    area = df.MultipleChoiceFilter(choices=c.Area.choices, label=_("Area"))
    stage = df.MultipleChoiceFilter(choices=c.Stage.choices, method=_any_of("stages"), label=_("Purchase stage"))
    phase = df.MultipleChoiceFilter(choices=c.Phase.choices, method="filter_phase", label=_("Before / during / after"))
    moment = df.MultipleChoiceFilter(choices=c.MomentOfTruth.choices, label=_("Moment of truth"))
    mode = df.MultipleChoiceFilter(choices=c.Mode.choices, label=_("Online / offline"))
    channel = df.MultipleChoiceFilter(choices=c.Channel.choices, label=_("Channel"))
    attention = df.MultipleChoiceFilter(choices=c.Attention.choices, label=_("Attention"))
    lifetime = df.MultipleChoiceFilter(choices=c.Lifetime.choices, label=_("Lifetime"))
    sense = df.MultipleChoiceFilter(choices=c.Sense.choices, method=_any_of("senses"), label=_("Senses"))
    control = df.MultipleChoiceFilter(choices=c.Control.choices, label=_("Control"))
    owner_unit = df.CharFilter(lookup_expr="icontains", label=_("Owner (unit)"))
    segment = df.ModelMultipleChoiceFilter(field_name="segments", queryset=None, label=_("Segment"), distinct=True)
    brand = df.ModelChoiceFilter(queryset=None, method="filter_noop", label=_("Brand"))
    status = df.MultipleChoiceFilter(
        choices=c.PresenceStatus.choices, method="filter_status", label=_("Status for the brand")
    )
    parent = df.NumberFilter(field_name="parent_id", label=_("Inside (parent touchpoint)"))
    root = df.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label=_("Top level only"), widget=forms.NullBooleanSelect
    )
    unclassified = df.BooleanFilter(
        method="filter_unclassified", label=_("Unclassified"), widget=forms.NullBooleanSelect
    )

    class Meta:
        model = Touchpoint
        fields: list[str] = []

    def __init__(self, data: Any = None, queryset: Any = None, *, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(data, queryset, **kwargs)
        self.workspace = workspace
        self.filters["segment"].queryset = workspace.segments.all()
        self.filters["brand"].queryset = workspace.brands.all()

    def search(self, queryset: QuerySet[Touchpoint], name: str, value: str) -> QuerySet[Touchpoint]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(code__icontains=value)
            | Q(notes__icontains=value)
            | Q(owner_unit__icontains=value)
        )

    def filter_phase(self, queryset: QuerySet[Touchpoint], name: str, values: list[str]) -> QuerySet[Touchpoint]:
        stages = [s for s, p in c.STAGE_PHASE.items() if p in values]
        return _any_of("stages")(queryset, name, stages) if values else queryset

    def filter_noop(self, queryset: QuerySet[Touchpoint], name: str, value: Any) -> QuerySet[Touchpoint]:
        return queryset  # used together with ``status``

    def filter_status(self, queryset: QuerySet[Touchpoint], name: str, values: list[str]) -> QuerySet[Touchpoint]:
        if not values:
            return queryset
        brand = self.form.cleaned_data.get("brand")
        brands = [brand] if brand else list(self.workspace.brands.filter(is_own=True))
        q = Q()
        for b in brands:
            # Subqueries on the touchpoint, not a join: "no row for this brand" written as
            # ~Q(presences__brand=b) beside a joined condition was correlated with the joined row,
            # so every touchpoint that a competitor had a row for passed as unknown.
            q |= Q(Exists(Presence.objects.filter(touchpoint=OuterRef("pk"), brand=b, status__in=values)))
            if c.PresenceStatus.UNKNOWN in values:
                q |= Q(~Exists(Presence.objects.filter(touchpoint=OuterRef("pk"), brand=b)))
        return queryset.filter(q)

    def filter_unclassified(
        self, queryset: QuerySet[Touchpoint], name: str, value: bool | None
    ) -> QuerySet[Touchpoint]:
        if value is None:
            return queryset
        missing = unclassified_q()
        return queryset.filter(missing) if value else queryset.exclude(missing)
