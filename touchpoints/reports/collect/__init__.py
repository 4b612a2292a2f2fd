"""What a report says, gathered once into plain JSON-safe data (kept with the report as its
data file): every section reads the other apps' selectors, nothing is recomputed here. Runs
inside ``translation.override(report.language)``, so labels are in the report's language.

Sections, in the report's order: summary, failures (worst touchpoints with their evidence; missing
touchpoints; weak links of the chains), what customers say, coverage, competitors, journeys, what
moves the choice (impact), top ten, plan, inventory. One module per part: ``failures``,
``voice`` (customers, impact), ``journeys``, ``market`` (coverage, competitors, top ten) and
``plan`` (plan, inventory); this module puts them together and sums them up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from touchpoints.priorities.selectors import benchmark_matrix
from touchpoints.reports.collect.failures import failures, missing_touchpoints, report_audit
from touchpoints.reports.collect.journeys import WEAK_LINKS, weak_links
from touchpoints.reports.collect.market import competitors, coverage, priorities
from touchpoints.reports.collect.plan import inventory, plan
from touchpoints.reports.collect.voice import customers, impact

Progress = Callable[[int, str], None]


def collect(*, workspace: Any, audit: Any = None, now: dt.datetime, progress: Progress | None = None) -> dict[str, Any]:
    step = progress or (lambda percent, text: None)
    today = now.date()
    step(5, _("Reading the benchmark"))
    matrix = benchmark_matrix(workspace=workspace)
    step(15, _("Reading the audit results"))
    source = report_audit(workspace=workspace, audit=audit)
    fail = failures(audit=source)
    step(30, _("Finding the weak links of the chains"))
    links, maps = weak_links(workspace=workspace)
    step(35, _("Reading what customers say"))
    voice = customers(workspace=workspace)
    moves = impact(workspace=workspace)
    step(40, _("Counting coverage"))
    cov = coverage(workspace=workspace)
    step(45, _("Comparing with competitors"))
    comp = competitors(workspace=workspace, matrix=matrix)
    step(55, _("Reading priorities and the plan"))
    top, matrix_chart = priorities(workspace=workspace, matrix=matrix)
    actions = plan(workspace=workspace, today=today)
    inv = inventory(workspace=workspace, matrix=matrix)
    missing = missing_touchpoints(matrix=matrix)
    data = {
        "workspace": workspace.name,
        "as_of": now.isoformat(),
        "date": today.isoformat(),
        "own_brand": next((b.name for b in matrix.brands if b.is_own), ""),
        "scope_audit": {"id": audit.pk, "name": audit.name} if audit is not None else None,
        "failures": fail,
        "missing": missing,
        "weak_links": links[:WEAK_LINKS],
        "weak_links_total": len(links),
        "customers": voice,
        "impact": moves,
        "coverage": cov,
        "competitors": comp,
        "journeys": maps,
        "top_ten": top,
        "priority_chart_svg": matrix_chart,
        "plan": actions,
        "inventory": inv,
    }
    data["summary"] = summary(data)
    return data


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """Headline figures and what is missing from the method so far (an empty workspace gets a
    report that says so)."""
    plan_rows = data["plan"]
    fail = data["failures"]
    gaps: list[str] = []
    if not data["inventory"]:
        gaps.append(_("The inventory is empty: list the touchpoints first (Inventory)."))
    if fail["audit"] is None:
        gaps.append(_("No finished audit of the own brand: walk and score the touchpoints (Audits)."))
    if not data["competitors"]["rivals"]:
        gaps.append(_("No competitor brands: add the rivals you compare with (Brands)."))
    if not data["customers"]["answers"]:
        gaps.append(_("No customer answers yet: ask customers about the touchpoints (Customer feedback)."))
    if not data["impact"]["rows"]:
        gaps.append(_("No impact figure yet: find which touchpoints move the choice (Impact)."))
    if not data["journeys"] and not data["weak_links"]:
        gaps.append(_("No journeys of the own brand: build the chains of touchpoints (Journeys)."))
    if not data["top_ten"]:
        gaps.append(_("No top ten yet: order the priorities (Priorities)."))
    if not plan_rows:
        gaps.append(_("No action plan: add actions with owners and deadlines (Plan)."))
    return {
        "touchpoints": len(data["inventory"]),
        "overall": fail["audit"]["overall"] if fail["audit"] else None,
        "failures": len(fail["rows"]),
        "missing": len(data["missing"]),
        "weak_links": data["weak_links_total"],
        "answers": data["customers"]["answers"],
        "own_answers": data["customers"]["own_answers"],
        "positive": data["customers"]["positive"],
        "actions": len(plan_rows),
        "open": sum(1 for r in plan_rows if r["status"] in ("planned", "in_progress")),
        "overdue": sum(1 for r in plan_rows if r["overdue"]),
        "done": sum(1 for r in plan_rows if r["status"] == "done"),
        "improved": sum(1 for r in plan_rows if r["change"] is not None and r["change"] > 0),
        "gaps": gaps,
    }
