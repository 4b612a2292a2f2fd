"""One journey, every export format, as a download. Shared by the map page and the API."""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from touchpoints.journeys.document import MapDocument, experience_text, map_document, stage_label
from touchpoints.journeys.exports import freemind, mermaid, opml, steps_table, weak_links_table
from touchpoints.journeys.selectors import JourneyMap
from touchpoints.journeys.svgmap import map_png, map_svg
from touchpoints.journeys.weaklinks import by_severity
from touchpoints.lib import converters, exporting
from touchpoints.lib.http import set_filename
from touchpoints.lib.pdf import render_pdf

CONTENT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "mm": "application/x-freemind",
    "opml": "text/x-opml; charset=utf-8",
    "mmd": "text/vnd.mermaid; charset=utf-8",
    **exporting.CONTENT_TYPES,
}
FORMATS = tuple(CONTENT_TYPES)


def document_context(doc: MapDocument) -> dict[str, Any]:
    """What the map's document shows (``journeys/_document.html``: in the PDF and on the page of a
    share link): the map as an SVG image, the weak links worst first, the steps in order."""
    numbers = {s.id: n for n, s in enumerate(doc.chain.steps, 1)}
    steps = [
        {
            "n": n,
            "step": s,
            "stage": stage_label(s.stage),
            "experience": experience_text(s.experience),
            "links": doc.step_links(s),
        }
        for n, s in enumerate(doc.chain.steps, 1)
    ]
    links = [
        {"link": link, "n": numbers.get(link.step_id) if link.step_id else None} for link in by_severity(doc.links)
    ]
    svg = base64.b64encode(map_svg(doc, title=False).encode("utf-8")).decode("ascii")
    return {"doc": doc, "map_src": "data:image/svg+xml;base64," + svg, "steps": steps, "links": links}


def export_bytes(doc: MapDocument, fmt: str, request: HttpRequest | None = None) -> bytes:
    if fmt == "svg":
        return map_svg(doc).encode("utf-8")
    if fmt == "png":
        return map_png(map_svg(doc))
    if fmt == "pdf":
        return render_pdf("journeys/pdf.html", document_context(doc), request)
    if fmt == "mm":
        return freemind(doc)
    if fmt == "opml":
        return opml(doc)
    if fmt == "mmd":
        return mermaid(doc).encode("utf-8")
    if fmt == "xlsx":
        return exporting.to_xlsx([steps_table(doc), weak_links_table(doc)])
    if fmt in ("csv", "json"):
        return exporting.render(steps_table(doc), fmt)
    raise ValueError(f"Unknown export format: {fmt}")


def export_response(request: HttpRequest, doc: MapDocument, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(export_bytes(doc, fmt, request), content_type=CONTENT_TYPES[fmt])
    set_filename(response, f"{filename}.{fmt}")
    return response


def journey_download(request: HttpRequest, jmap: JourneyMap, fmt: str, *, lane: str, slug: str) -> HttpResponse:
    """A journey's map in ``fmt`` as a download, each step linked to its touchpoint's page."""
    prefix = reverse("inventory:detail", args=[slug, 0]).rsplit("/0/", 1)[0]
    doc = map_document(
        jmap=jmap, lane=lane, touchpoint_url=lambda tp_id: request.build_absolute_uri(f"{prefix}/{tp_id}/")
    )
    return export_response(request, doc, fmt, filename=f"journey-{jmap.journey.pk}")


# What a share link lets anyone download: the map and its document, not the data exports.
SHARED_FORMATS = converters.DOCUMENT


def shared_document(jmap: JourneyMap) -> MapDocument:
    """The map's document for a share link: nothing in it links into the workspace."""
    return map_document(jmap=jmap, lane="channel", touchpoint_url=lambda _tp_id: "")
