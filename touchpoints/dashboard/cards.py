"""What the workspace home says about each of its widgets, in the home's order: the title, the
place (lower first), the sentence and the link (URL name, label) shown while the widget has no data,
and the template. The widget classes (``touchpoints.dashboard.widgets``) hold what they read and
draw; ``register`` gives each the card of its name."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Card:
    title: Promise
    order: int
    empty_text: Promise
    empty_link: tuple[str, Promise] | None
    template: str = "dashboard/widgets/_chart.html"


NO_TOUCHPOINTS = _("No touchpoints yet. Pick the ones your business has from the library.")
LIBRARY = ("library:browse", _("Open the library"))

CARDS: dict[str, Card] = {
    "coverage-stage": Card(
        _("Coverage by purchase stage"), 10, NO_TOUCHPOINTS, LIBRARY, "dashboard/widgets/coverage.html"
    ),
    "coverage-area": Card(_("Coverage by area"), 20, NO_TOUCHPOINTS, LIBRARY, "dashboard/widgets/coverage.html"),
    "coverage-channel": Card(_("Coverage by channel"), 30, NO_TOUCHPOINTS, LIBRARY),
    "missing": Card(
        _("Missing touchpoints"),
        40,
        _(
            "No touchpoint is marked missing or planned for your brand. When you find one that "
            "should exist but doesn't, add it and mark it missing."
        ),
        ("inventory:create", _("Add a touchpoint")),
        "dashboard/widgets/missing.html",
    ),
    "audit-stage": Card(
        _("Audit score by purchase stage"),
        50,
        _(
            "No finished audit of your brand yet. Walk the customer's path and score what "
            "you meet; the scores appear here once the audit is submitted."
        ),
        ("audits:list", _("Go to audits")),
        "dashboard/widgets/audit.html",
    ),
    "heatmap": Card(
        _("Heat map: touchpoints × criteria"),
        60,
        _("The heat map shows how each touchpoint scored on each criterion once an audit of your brand is finished."),
        ("audits:list", _("Go to audits")),
        "dashboard/widgets/audit.html",
    ),
    "trend": Card(
        _("Audit scores over time"),
        70,
        _(
            "Scores over time appear once an audit is finished; re-audit later to see the "
            "trend, and audit your competitors to compare."
        ),
        ("audits:list", _("Go to audits")),
        "dashboard/widgets/trend.html",
    ),
    "feedback-trend": Card(
        _("Positive answers over time"),
        71,
        _(
            "No answers from customers yet: the share of positive answers per week shows "
            "here for your brand and the competitors customers were asked about."
        ),
        ("feedback:list", _("Ask your customers")),
        "dashboard/widgets/feedback_trend.html",
    ),
    "feedback": Card(
        _("Customers' feedback"),
        72,
        _(
            "No answers from customers yet: open a study and put its QR codes and links "
            "where customers meet your touchpoints."
        ),
        ("feedback:list", _("Ask your customers")),
        "dashboard/widgets/feedback.html",
    ),
    "radar": Card(
        _("You and your competitors"),
        75,
        _(
            "The radar compares your brand with competitors stage by stage once their "
            "touchpoints have been audited: audit a competitor as well as yourself."
        ),
        ("priorities:benchmark", _("Open the benchmark")),
    ),
    "impact": Card(
        _("Where the impact is"),
        78,
        _(
            "No impact figures yet: work them out from customers' answers, from a log analysis, or estimate them by hand."
        ),
        ("impact:page", _("Work out the impact")),
        "dashboard/widgets/impact.html",
    ),
    "analytics": Card(
        _("Latest analytics run and attribution"),
        80,
        _(
            "No analysis of interaction logs yet. Upload a log (CRM, web analytics, calls) "
            "to see which chains customers walk and which touchpoints earn the conversions."
        ),
        ("analytics:upload", _("Upload a log")),
        "dashboard/widgets/analytics.html",
    ),
    "top-ten": Card(
        _("Top ten"),
        80,
        _("No top ten yet: choose the ten touchpoints to improve first from the priorities."),
        ("priorities:top_ten", _("Choose the top ten")),
        "dashboard/widgets/topten.html",
    ),
    "plan": Card(
        _("Plan progress"),
        82,
        _("No action plan yet: write down who changes what by when for each touchpoint of the top ten."),
        ("actions:create", _("Add an action")),
        "dashboard/widgets/plan.html",
    ),
    "overdue": Card(
        _("Overdue actions"),
        84,
        _(
            "No action is overdue. Give every action of the plan an owner and a deadline, "
            "and this list tells you when one slips."
        ),
        ("actions:board", _("Go to the action plan")),
        "dashboard/widgets/overdue.html",
    ),
    "segments": Card(
        _("Coverage by customer segment"),
        90,
        _(
            "No customer segments yet. Describe who your customers are (say, women 35–55, "
            "six in ten of them): every segment needs touchpoints that work for it."
        ),
        ("workspaces:segments", _("Add segments")),
        "dashboard/widgets/segments.html",
    ),
}
