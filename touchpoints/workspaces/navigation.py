"""The workspace navigation bar: one entry per section, in order. A section whose URLs are not
installed is left out."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

WORKSPACE_SECTIONS = [
    # (url name taking the workspace slug, label, URL prefix that marks it active)
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
    ("history:list", _("History"), "history/"),
    ("workspaces:brands", _("Brands"), "brands/"),
    ("workspaces:segments", _("Segments"), "segments/"),
    ("workspaces:members", _("Members"), "members/"),
]
