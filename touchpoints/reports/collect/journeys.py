"""The journeys section of a report: the weak links of the own brand's chains and their maps."""

from __future__ import annotations

from typing import Any

from touchpoints.journeys.choices import Severity
from touchpoints.journeys.document import MapDocument
from touchpoints.journeys.models import Journey
from touchpoints.journeys.selectors import journey_map
from touchpoints.journeys.svgmap import map_svg

JOURNEY_MAPS = 6
WEAK_LINKS = 40


def weak_links(*, workspace: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """High and medium weak links of the own brand's journeys, and their maps as SVG."""
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
