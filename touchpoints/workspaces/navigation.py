"""The workspace navigation bar: one entry per section, in order. An entry may name the capability
its page needs (a fourth item); members without it don't see the entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from touchpoints.workspaces.roles import Capability

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Section = tuple[str, "StrOrPromise", str] | tuple[str, "StrOrPromise", str, Capability]

WORKSPACE_SECTIONS: list[Section] = [
    # (url name taking the workspace slug, label, URL prefix that marks it active[, capability needed])
    ("dashboard:home", _("Home"), "home/"),
    ("inventory:list", _("Inventory"), "touchpoints/"),
    ("library:browse", _("Library"), "library/"),
    ("journeys:list", _("Journeys"), "journeys/"),
    ("audits:list", _("Audits"), "audits/"),
    ("analytics:home", _("Analytics"), "analytics/"),
    ("feedback:list", _("Customer feedback"), "feedback/"),
    ("reviews:list", _("Review requests"), "reviews/"),
    ("impact:page", _("Impact"), "impact/"),
    ("priorities:list", _("Priorities"), "priorities/"),
    ("actions:board", _("Plan"), "actions/"),
    ("reports:list", _("Reports"), "reports/"),
    ("history:list", _("History"), "history/", Capability.EDIT),
    ("workspaces:brands", _("Brands"), "brands/"),
    ("workspaces:segments", _("Segments"), "segments/"),
    ("workspaces:members", _("Members"), "members/"),
]
