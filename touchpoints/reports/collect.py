"""What a report says, gathered once into plain JSON-safe data (kept with the report as its
data file): every section reads the other apps' selectors, nothing is recomputed here. Runs
inside ``translation.override(report.language)``, so labels are in the report's language.

Sections, in the report's order: summary, failures (worst touchpoints with their evidence; missing
touchpoints; weak links of the chains), coverage, competitors, journeys, top ten, plan, inventory.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from touchpoints.inventory import choices as ic

FAILURES = 15
FAIL_BELOW = 60.0
PHOTOS_PER_TOUCHPOINT = 2
PHOTO_PX = 520
JOURNEY_MAPS = 6
WEAK_LINKS = 40
GAP_ROWS = 15

Progress = Callable[[int, str], None]


def _labels(choices: Any, values: Any) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(v, v)) for v in values or [])


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def report_audit(*, workspace: Any, audit: Any = None) -> Any:
    """The audit a report's failures come from: the one asked for, else the latest finished
    audit of the own brand."""
    if audit is not None:
        return audit
    from touchpoints.audits.selectors import finished_audits

    return next((a for a in finished_audits(workspace=workspace) if a.brand.is_own and a.summary), None)


def _thumbnail(field: Any) -> str | None:
    """An evidence photo as a small JPEG data URI (the report carries its pictures)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with field.open("rb") as fh, Image.open(fh) as original:
            img = original.convert("RGB")
            img.thumbnail((PHOTO_PX, PHOTO_PX))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=78)
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def failures(*, audit: Any) -> dict[str, Any]:
    from touchpoints.audits import choices as ac
    from touchpoints.audits.models import Assessment, Evidence
    from touchpoints.audits.selectors import audit_results

    if audit is None:
        return {"audit": None, "rows": [], "scored": 0}
    data = audit_results(audit=audit)
    impressions = dict(ac.Impression.choices)
    worst = [
        r
        for r in data.results.worst_first
        if r.score is not None
        and (r.score < FAIL_BELOW or r.impression in (ac.Impression.NEGATIVE, ac.Impression.NEUTRAL))
    ][:FAILURES]
    ids = [r.touchpoint_id for r in worst]
    notes: dict[int, list[str]] = {}
    for tp_id, note in (
        Assessment.objects.filter(item__audit=audit, item__touchpoint_id__in=ids)
        .exclude(note="")
        .values_list("item__touchpoint_id", "note")
    ):
        notes.setdefault(tp_id, []).append(note)
    photos: dict[int, list[str]] = {}
    for ev in Evidence.objects.filter(
        item__audit=audit, item__touchpoint_id__in=ids, content_type__startswith="image/"
    ).select_related("item"):
        tp_id = ev.item.touchpoint_id
        if len(photos.get(tp_id, [])) < PHOTOS_PER_TOUCHPOINT:
            uri = _thumbnail(ev.file)
            if uri:
                photos.setdefault(tp_id, []).append(uri)
    rows = [
        {
            "touchpoint_id": r.touchpoint_id,
            "name": r.name,
            "score": _round(r.score),
            "impression": str(impressions.get(r.impression, "")) if r.impression else "",
            "stages": _labels(ic.Stage, r.stages),
            "channel": str(dict(ic.Channel.choices).get(r.channel, r.channel or "")),
            "notes": notes.get(r.touchpoint_id, []),
            "photos": photos.get(r.touchpoint_id, []),
        }
        for r in worst
    ]
    return {
        "audit": {
            "id": audit.pk,
            "name": audit.name,
            "brand": audit.brand.name,
            "date": audit.audit_date.isoformat() if audit.audit_date else None,
            "overall": _round((audit.summary or {}).get("overall") if audit.summary else data.results.overall),
        },
        "rows": rows,
        "scored": len(data.results.scores()),
        "fail_below": FAIL_BELOW,
    }


def missing_touchpoints(*, matrix: Any) -> list[dict[str, Any]]:
    names = {b.id: b.name for b in matrix.brands}
    status = dict(ic.PresenceStatus.choices)
    return [
        {
            "name": r.name,
            "stages": _labels(ic.Stage, r.stages),
            "own_status": str(status.get(r.own.status, "")),
            "rivals": [names[b] for b in r.rivals_with_it],
        }
        for r in matrix.missing
    ]


def weak_links(*, workspace: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """High and medium weak links of the own brand's journeys, and their maps as SVG."""
    from touchpoints.journeys.choices import Severity
    from touchpoints.journeys.document import MapDocument
    from touchpoints.journeys.models import Journey
    from touchpoints.journeys.selectors import journey_map
    from touchpoints.journeys.svgmap import map_svg

    links: list[dict[str, Any]] = []
    maps: list[dict[str, Any]] = []
    severity = dict(Severity.choices)
    journeys = list(
        Journey.objects.filter(workspace=workspace, brand__is_own=True)
        .select_related("brand", "next_journey")
        .prefetch_related("segments")
        .order_by("process", "name")
    )
    for journey in journeys:
        jmap = journey_map(journey=journey)
        for link in jmap.links:
            if link.severity in (Severity.HIGH, Severity.MEDIUM):
                links.append(
                    {
                        "journey": journey.name,
                        "severity": link.severity,
                        "severity_label": str(severity.get(link.severity, link.severity)),
                        "title": link.title,
                        "message": link.message,
                    }
                )
        if len(maps) < JOURNEY_MAPS and jmap.chain.steps:
            doc = MapDocument(
                title=journey.name,
                chain=jmap.chain,
                links=jmap.links,
                process=journey.process,
                brand=journey.brand.name,
                own_brand=True,
                segments=[s.name for s in journey.segments.all()],
                next_journey=journey.next_journey.name if journey.next_journey else "",
            )
            maps.append(
                {
                    "name": journey.name,
                    "process": journey.process,
                    "steps": len(jmap.chain.steps),
                    "svg": map_svg(doc, title=False),
                }
            )
    links.sort(key=lambda link: (link["severity"] != Severity.HIGH, link["journey"]))
    return links, maps


def coverage(*, workspace: Any) -> dict[str, Any]:
    from touchpoints.inventory.selectors import inventory_coverage

    cov = inventory_coverage(workspace=workspace)
    stage, area, status = dict(ic.Stage.choices), dict(ic.Area.choices), dict(ic.PresenceStatus.choices)
    channel = dict(ic.Channel.choices)
    return {
        "total": cov.total,
        "unclassified": cov.unclassified,
        "by_stage": [[str(stage[k]), v] for k, v in cov.by_stage.items()],
        "by_area": [[str(area[k]), v] for k, v in cov.by_area.items()],
        "by_channel": [[str(channel.get(k, k)), v] for k, v in cov.by_channel.items()],
        "by_status": [[str(status[k]), v] for k, v in cov.by_status.items()],
        "empty_stages": [str(stage[k]) for k in cov.empty_stages],
        "empty_areas": [str(area[k]) for k in cov.empty_areas],
    }


def competitors(*, workspace: Any, matrix: Any) -> dict[str, Any]:
    from touchpoints.lib.charts import chart_svg
    from touchpoints.priorities.selectors import market_weight, radar_spec

    names = {b.id: b.name for b in matrix.brands}
    rivals = [b for b in matrix.brands if not b.is_own]
    scored = any(cell.score is not None for r in matrix.rows for cell in r.cells.values())
    radar = chart_svg(radar_spec(workspace=workspace, by="stage", matrix=matrix)) if rivals and scored else ""
    gaps = []
    for r in matrix.gaps[:GAP_ROWS]:
        best_brand, best = r.best_rival
        gaps.append(
            {
                "name": r.name,
                "own": _round(r.own.score),
                "best": _round(best),
                "best_brand": names.get(best_brand, ""),
                "gap": _round(r.gap),
            }
        )
    weight = market_weight(workspace=workspace)
    return {
        "brands": [{"name": b.name, "color": b.color, "own": b.is_own} for b in matrix.brands],
        "rivals": len(rivals),
        "unique": [r.name for r in matrix.unique],
        "missing": len(matrix.missing),
        "gaps": gaps,
        "radar_svg": radar,
        "weight": _market(weight),
    }


def _market(weight: Any) -> dict[str, Any]:
    """How much the comparison matters in this market (the priorities app's weighting)."""
    try:
        from touchpoints.priorities.presentation import MARKET_LABELS
    except ImportError:
        MARKET_LABELS = {}
    levels = {"low": _("low"), "medium": _("medium"), "high": _("high")}
    return {
        "score": _round(weight.score),
        "level": str(levels.get(weight.level or "", "")),
        "components": [
            {
                "name": str(MARKET_LABELS.get(c.name, c.name)),
                "weight": c.weight,
                "value": None if c.value is None else round(c.value, 2),
                "points": round(c.contribution, 1),
            }
            for c in weight.components
        ],
    }


def priorities(*, workspace: Any, matrix: Any) -> tuple[list[dict[str, Any]], str]:
    from touchpoints.lib.charts import chart_svg
    from touchpoints.priorities.selectors import matrix_spec, priority_list, top_ten

    rows = priority_list(workspace=workspace, matrix=matrix)
    top = [
        {
            "position": e.position,
            "name": e.name,
            "reason": e.reason,
            "rank": e.priority_rank,
            "score": _round(e.priority_score, 2),
            "own_score": _round(e.own_score),
        }
        for e in top_ten(workspace=workspace, rows=rows)
    ]
    chart = chart_svg(matrix_spec(workspace=workspace, rows=rows)) if any(r.score is not None for r in rows) else ""
    return top, chart


def plan(*, workspace: Any, today: dt.date) -> list[dict[str, Any]]:
    from touchpoints.actions.selectors import action_rows

    out = []
    for row in action_rows(workspace=workspace, today=today, measure=True):
        a, m = row.action, row.measurement
        out.append(
            {
                "title": a.title,
                "target": a.touchpoint.name if a.touchpoint else (a.journey.name if a.journey else ""),
                "owner": row.owner_label,
                "owner_left": row.owner_left,
                "deadline": a.deadline.isoformat() if a.deadline else None,
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "overdue": row.overdue,
                "kpi": " ".join(
                    p
                    for p in [
                        a.kpi_name,
                        f"{a.kpi_baseline:g}" if a.kpi_baseline is not None else "",
                        "→",
                        f"{a.kpi_target:g}" if a.kpi_target is not None else "",
                        a.kpi_unit,
                    ]
                    if p
                )
                if a.kpi_name
                else "",
                "before": _round(m.before.value) if m and m.before else None,
                "after": _round(m.after.value) if m and m.after else None,
                "change": m.change if m else None,
                "measure_state": m.state if m else "",
            }
        )
    return out


def inventory(*, workspace: Any, matrix: Any) -> list[dict[str, Any]]:
    from touchpoints.inventory.models import Touchpoint

    own = {r.touchpoint_id: r.own for r in matrix.rows}
    status = dict(ic.PresenceStatus.choices)
    area, channel = dict(ic.Area.choices), dict(ic.Channel.choices)
    out = []
    for pk, name, code, stages, a, ch, unit in (
        Touchpoint.objects.filter(workspace=workspace)
        .order_by("name", "id")
        .values_list("pk", "name", "code", "stages", "area", "channel", "owner_unit")
    ):
        from touchpoints.lib.fields import decode_values

        cell = own.get(pk)
        out.append(
            {
                "name": name,
                "code": code,
                "stages": _labels(ic.Stage, decode_values(stages) if isinstance(stages, str) else stages),
                "area": str(area.get(a, a or "")),
                "channel": str(channel.get(ch, ch or "")),
                "owner": unit,
                "status": str(status.get(cell.status, "")) if cell else "",
                "score": _round(cell.score) if cell else None,
            }
        )
    return out


def collect(*, workspace: Any, audit: Any = None, now: dt.datetime, progress: Progress | None = None) -> dict[str, Any]:
    from touchpoints.priorities.selectors import benchmark_matrix

    step = progress or (lambda percent, text: None)
    today = now.date()
    step(5, _("Reading the benchmark"))
    matrix = benchmark_matrix(workspace=workspace)
    step(15, _("Reading the audit results"))
    source = report_audit(workspace=workspace, audit=audit)
    fail = failures(audit=source)
    step(30, _("Finding the weak links of the chains"))
    links, maps = weak_links(workspace=workspace)
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
        "actions": len(plan_rows),
        "open": sum(1 for r in plan_rows if r["status"] in ("planned", "in_progress")),
        "overdue": sum(1 for r in plan_rows if r["overdue"]),
        "done": sum(1 for r in plan_rows if r["status"] == "done"),
        "improved": sum(1 for r in plan_rows if r["change"] is not None and r["change"] > 0),
        "gaps": gaps,
    }
