"""Writes of the priorities app: market settings, estimates, the top ten (each save a version)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from touchpoints.inventory.models import Touchpoint
from touchpoints.priorities import choices as c
from touchpoints.priorities.models import Estimate, MarketSettings, TopTenPlace, TopTenVersion
from touchpoints.priorities.topten import TOP_SIZE
from touchpoints.workspaces.models import Workspace

UNSET = object()
_COST = Estimate._meta.get_field("cost")
CENT = Decimal(1).scaleb(-_COST.decimal_places)
# The largest cost the column holds, from its digits (12, 2 after the point): just under 10 billion.
LARGEST_COST = Decimal(10) ** (_COST.max_digits - _COST.decimal_places) - CENT


@transaction.atomic
def market_settings_set(
    *, workspace: Workspace, company_size: str = "", brand_strength: str = "", loyalty: str = ""
) -> MarketSettings:
    errors = {}
    for name, value, choices in (
        ("company_size", company_size, c.CompanySize),
        ("brand_strength", brand_strength, c.BrandStrength),
        ("loyalty", loyalty, c.Loyalty),
    ):
        if value and value not in choices.values:
            errors[name] = _("Choose one of the listed values.")
    if errors:
        raise ValidationError(errors)
    settings, _created = MarketSettings.objects.update_or_create(
        workspace=workspace,
        defaults={"company_size": company_size or "", "brand_strength": brand_strength or "", "loyalty": loyalty or ""},
    )
    return settings


def _touchpoint(workspace: Workspace, touchpoint: Touchpoint | int) -> Touchpoint:
    tp_id = touchpoint.pk if isinstance(touchpoint, Touchpoint) else touchpoint
    found = Touchpoint.objects.filter(workspace=workspace, pk=tp_id).first()
    if found is None:
        raise ValidationError({"touchpoint": _("This touchpoint is not in this workspace.")})
    return found


def _scale(name: str, value: Any, errors: dict[str, str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = _("Enter a whole number from 1 to 5.")
        return None
    if not 1 <= number <= 5 or str(value).strip() not in (str(number), f"{number}.0"):
        errors[name] = _("Enter a whole number from 1 to 5.")
        return None
    return number


@transaction.atomic
def estimate_set(
    *,
    workspace: Workspace,
    touchpoint: Touchpoint | int,
    user: Any = None,
    impact: Any = UNSET,
    impact_reason: Any = UNSET,
    effort: Any = UNSET,
    cost: Any = UNSET,
    cost_note: Any = UNSET,
) -> Estimate:
    """Sets the given estimates of one touchpoint (others stay); blank clears a value."""
    tp = _touchpoint(workspace, touchpoint)
    estimate = Estimate.objects.select_for_update().filter(touchpoint=tp).first() or Estimate(touchpoint=tp)
    estimate.touchpoint = tp  # already read: the history of changes names the estimate by it
    errors: dict[str, str] = {}
    if impact is not UNSET:
        estimate.impact = _scale("impact", impact, errors)
    if effort is not UNSET:
        estimate.effort = _scale("effort", effort, errors)
    if cost is not UNSET:
        if cost in (None, ""):
            estimate.cost = None
        else:
            try:
                # Rounded to cents first: 9,999,999,999.999 rounds to 10 billion, which the column
                # (12 digits, 2 after the point) cannot hold and which no read could then convert.
                money = Decimal(str(cost)).quantize(CENT)
                if not money.is_finite() or money < 0 or money > LARGEST_COST:
                    raise InvalidOperation
                estimate.cost = money
            except (InvalidOperation, ValueError):
                errors["cost"] = _("Enter an amount from 0 to %(largest)s.") % {
                    "largest": number_format(LARGEST_COST, 2, force_grouping=True)
                }
    if impact_reason is not UNSET:
        estimate.impact_reason = (impact_reason or "").strip()[:500]
    if cost_note is not UNSET:
        estimate.cost_note = (cost_note or "").strip()[:300]
    if errors:
        raise ValidationError(errors)
    estimate.updated_by = user if getattr(user, "is_authenticated", False) else None
    estimate.save()
    return estimate


@transaction.atomic
def top_ten_save(
    *, workspace: Workspace, places: Sequence[tuple[int, str]], author: Any = None, note: str = ""
) -> TopTenVersion:
    """Saves the list (touchpoint id, reason) in order as a new version: the history keeps every
    one. At most ten places, no touchpoint twice, only touchpoints of this workspace."""
    places = [(int(tp), (reason or "").strip()[:500]) for tp, reason in places]
    if len(places) > TOP_SIZE:
        raise ValidationError({"places": _("The top ten has at most ten places.")})
    ids = [tp for tp, _r in places]
    if len(set(ids)) != len(ids):
        raise ValidationError({"places": _("A touchpoint can take only one place in the top ten.")})
    known = Touchpoint.objects.filter(workspace=workspace).only("pk", "name").in_bulk(ids)
    if set(known) != set(ids):
        raise ValidationError({"places": _("This touchpoint is not in this workspace.")})
    version = TopTenVersion.objects.create(
        workspace=workspace,
        author=author if getattr(author, "is_authenticated", False) else None,
        note=(note or "").strip()[:300],
    )
    # Saved one by one (ten at most) so that each place is written to the history of changes.
    for i, (tp, reason) in enumerate(places, start=1):
        TopTenPlace.objects.create(version=version, position=i, touchpoint=known[tp], reason=reason)
    return version


@transaction.atomic
def top_ten_fill(*, workspace: Workspace, author: Any = None) -> TopTenVersion:
    """A new version with the ten highest computed priorities, in order (the reasons of places
    kept from the current list stay). With no complete priority yet nothing is written: an empty
    version would replace the team's own list with nothing."""
    from touchpoints.priorities import selectors

    current = {e.touchpoint_id: e.reason for e in selectors.top_ten(workspace=workspace)}
    rows = [r for r in selectors.priority_list(workspace=workspace) if r.score is not None][:TOP_SIZE]
    if not rows:
        raise ValidationError(_("No touchpoint has a complete priority yet: estimate impact and cost first."))
    return top_ten_save(
        workspace=workspace,
        places=[(r.touchpoint_id, current.get(r.touchpoint_id, "")) for r in rows],
        author=author,
        note=_("Filled from the computed priorities"),
    )
