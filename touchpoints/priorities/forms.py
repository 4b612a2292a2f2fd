from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from touchpoints.inventory import choices as ic
from touchpoints.priorities import choices as c

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EMPTY: list[tuple[str, StrOrPromise]] = [("", "—")]


class MarketForm(forms.Form):
    company_size = forms.ChoiceField(label=_("Company size"), choices=[*EMPTY, *c.CompanySize.choices], required=False)
    brand_strength = forms.ChoiceField(
        label=_("Market position / brand strength"), choices=[*EMPTY, *c.BrandStrength.choices], required=False
    )
    loyalty = forms.ChoiceField(label=_("Customer loyalty"), choices=[*EMPTY, *c.Loyalty.choices], required=False)


def _one_to_five(label: StrOrPromise, help_text: StrOrPromise) -> forms.IntegerField:
    """An optional estimate from 1 to 5."""
    return forms.IntegerField(label=label, min_value=1, max_value=5, required=False, help_text=help_text)


class EstimateForm(forms.Form):
    impact = _one_to_five(
        _("Impact, 1–5"), _("How much this touchpoint moves the customer's decision: 1 hardly, 5 decisively.")
    )
    impact_reason = forms.CharField(label=_("Why this impact"), max_length=500, required=False)
    effort = _one_to_five(_("Effort, 1–5"), _("What fixing it takes: 1 a quick fix, 5 a large project."))
    cost = forms.DecimalField(label=_("Cost estimate"), min_value=0, max_digits=12, decimal_places=2, required=False)
    cost_note = forms.CharField(label=_("Cost note"), max_length=300, required=False)


class PriorityFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Purchase stage"), choices=[("", _("All stages"))] + ic.Stage.choices, required=False
    )
    area = forms.ChoiceField(label=_("Area"), choices=[("", _("All areas"))] + ic.Area.choices, required=False)
