"""What every journey page shares: the journey and step of the URL, the lane rows asked for, and
the map's board (its cards, weak links and curve) with the two ways an edit answers: a plain
form post redirects back to the map (works without JavaScript, and for the keyboard buttons); a
request from the map's script (header ``X-Journey-Board: 1``) gets the refreshed board as HTML,
or a 400 with the messages as JSON when the input is refused."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from touchpoints.inventory.choices import Channel, Stage
from touchpoints.journeys import selectors
from touchpoints.journeys.chain import STAGES
from touchpoints.journeys.charts import curve_points, curve_spec
from touchpoints.journeys.choices import Experience, Lane, Severity, WeakLinkCode
from touchpoints.journeys.document import experience_text
from touchpoints.journeys.experience import card_badges
from touchpoints.journeys.layout import map_lanes
from touchpoints.journeys.models import Journey, JourneyStep
from touchpoints.journeys.weaklinks import by_severity
from touchpoints.lib.charts import chart_html
from touchpoints.lib.forms import error_message
from touchpoints.workspaces.access import Access

# Weak links fixed on the journey itself (its next journey), not on a touchpoint.
JOURNEY_LEVEL_CODES = {WeakLinkCode.FINAL_CHORD_NO_NEXT}


# ---------------------------------------------------------------------------------------------
# Helpers


PHONE_ORDER = 10_000  # more than a map has lanes: a stage's cells stay between its head and the next


def journey_of(access: Access, pk: int) -> Journey:
    return get_object_or_404(selectors.journey_queryset(workspace=access.workspace), pk=pk)


def lane_of(request: HttpRequest) -> str:
    lane = request.GET.get("lanes") or request.POST.get("lanes") or Lane.CHANNEL
    return lane if lane in Lane.values else Lane.CHANNEL


def from_board(request: HttpRequest) -> bool:
    return request.headers.get("X-Journey-Board") == "1"


def touchpoint_url(slug: str, tp_id: int) -> str:
    return reverse("inventory:detail", args=[slug, tp_id])


def touchpoint_url_builder(slug: str) -> Any:
    """A touchpoint's page URL without a reverse() per step (the map shows many)."""
    prefix = touchpoint_url(slug, 0).rsplit("/0/", 1)[0]
    return lambda tp_id: f"{prefix}/{tp_id}/"


def board_context(request: HttpRequest, access: Access, journey: Journey) -> dict[str, Any]:
    jmap = selectors.journey_map(journey=journey)
    lane = lane_of(request)
    slug = access.workspace.slug
    numbers = {step.id: n for n, step in enumerate(jmap.chain.steps, 1)}
    tp_url = touchpoint_url_builder(slug)
    titles = {code: str(label) for code, label in WeakLinkCode.choices}
    stage_labels = {value: str(label) for value, label in Stage.choices}
    channel_labels = {value: str(label) for value, label in Channel.choices}
    source_labels = {"audit": _("Audit score"), "expected": _("Expected experience"), "": _("Not judged yet")}
    step_url = reverse("journeys:step_move", args=[slug, journey.pk, 0]).rsplit("/0/move/", 1)[0]
    cards = {}
    badges = card_badges(workspace=access.workspace, touchpoint_ids=[s.touchpoint_id for s in jmap.chain.steps])
    for n, step in enumerate(jmap.chain.steps, 1):
        flags = jmap.links_by_step.get(step.id, [])
        names = {"name": step.name}
        cards[step.id] = {
            "n": n,
            "step": step,
            "worst": by_severity(flags)[0].severity if flags else "",
            "flags": [{"severity": f.severity, "title": titles[f.code], "message": f.message} for f in flags],
            "flag_titles": "; ".join(titles[f.code] for f in flags),
            "url": tp_url(step.touchpoint_id),
            "experience": experience_text(step.experience),
            "tone": experience_tone(step.experience),
            "source_label": source_labels[step.source],
            "stage_label": stage_labels.get(step.stage, step.stage),
            "stage_index": STAGES.index(step.stage) if step.stage in STAGES else 0,
            "channel_label": channel_labels.get(step.channel, ""),
            "move_url": f"{step_url}/{step.id}/move/",
            "delete_url": f"{step_url}/{step.id}/delete/",
            "edit_url": f"{step_url}/{step.id}/edit/",
            "badge": badges.get(step.touchpoint_id),
            "label_up": _("Move “%(name)s” up") % names,
            "label_down": _("Move “%(name)s” down") % names,
            "label_remove": _("Remove “%(name)s” from the chain") % names,
            "confirm_remove": _("Remove “%(name)s” from the chain? The touchpoint stays in the inventory.") % names,
        }
    # On a phone the map is read stage by stage: `order` puts each stage's head, then its lanes'
    # cells, one under the other (CSS `order`), with the lane named in the cell.
    lanes = [
        {
            "label": row.label,
            "cells": [
                {"stage": stage, "cards": [cards[s.id] for _n, s in cell], "order": i * PHONE_ORDER + r + 1}
                for i, (stage, cell) in enumerate(zip(STAGES, row.cells))
            ],
        }
        for r, row in enumerate(map_lanes(jmap.chain, lane))
    ]
    gaps = {link.stage: link for link in jmap.links if link.code == WeakLinkCode.EMPTY_STAGE}
    edit_url = reverse("journeys:edit", args=[slug, journey.pk])
    severity_labels = dict(Severity.choices)
    links = [
        {
            "link": link,
            "n": numbers.get(link.step_id) if link.step_id else None,
            "title": titles[link.code],
            "severity_label": severity_labels.get(link.severity, link.severity),
            "url": tp_url(link.touchpoint_id) if link.touchpoint_id else "",
            "journey_url": edit_url if link.code in JOURNEY_LEVEL_CODES else "",
            "stage_label": stage_labels.get(link.stage or "", ""),
        }
        for link in by_severity(jmap.links)
    ]
    return {
        "journey": journey,
        "jmap": jmap,
        "mean_experience": experience_text(jmap.stats.mean) if jmap.stats.mean is not None else "—",
        "lanes": lanes,
        "lane": lane,
        "lane_choices": Lane.choices,
        "stages": [(s, Stage(s).label) for s in STAGES],
        "stage_heads": [
            {"value": s, "label": Stage(s).label, "gap": gaps.get(s), "order": i * PHONE_ORDER}
            for i, s in enumerate(STAGES)
        ],
        "chain_cards": [cards[s.id] for s in jmap.chain.steps],
        "links": links,
        "counts": jmap.counts,
        "severity_choices": Severity.choices,
        "curve_chart": chart_html(curve_spec(curve_points(jmap)), "curve", height=200),
        "experience_choices": Experience.choices,
        "stage_choices": Stage.choices,
        "csrf_input": csrf_input(request),
        "final_chord_label": _("final chord"),
        "final_chord_title": _("Final chord"),
        "edit_step_label": _("Edit step"),
        "lanes_query": urlencode({"lanes": lane}),
    }


def csrf_input(request: HttpRequest) -> SafeString:
    """The CSRF hidden input, rendered once for the many small forms of the chain."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


def experience_tone(value: float | None) -> str:
    if value is None:
        return "none"
    return "bad" if value <= -0.5 else ("good" if value >= 0.5 else "neutral")


def board_response(request: HttpRequest, access: Access, journey: Journey) -> HttpResponse:
    return render(request, "journeys/_board.html", board_context(request, access, journey))


def refused(request: HttpRequest, access: Access, journey: Journey, exc: ValidationError) -> HttpResponse:
    if from_board(request):
        return JsonResponse({"detail": _("Nothing was changed."), "errors": exc.messages}, status=400)
    error_message(request, exc)
    return back_to_map(request, access, journey)


def back_to_map(request: HttpRequest, access: Access, journey: Journey, anchor: str = "chain") -> HttpResponse:
    url = reverse("journeys:detail", args=[access.workspace.slug, journey.pk])
    return redirect(f"{url}?{urlencode({'lanes': lane_of(request)})}#{anchor}")


def done(
    request: HttpRequest, access: Access, journey: Journey, message: str = "", anchor: str = "chain"
) -> HttpResponse:
    if from_board(request):
        response = board_response(request, access, journey)
        if message:
            response["X-Board-Message"] = quote(message)
        return response
    if message:
        messages.success(request, message)
    return back_to_map(request, access, journey, anchor)


def step_of(journey: Journey, step_id: int) -> JourneyStep:
    return get_object_or_404(JourneyStep.objects.select_related("touchpoint", "journey"), journey=journey, pk=step_id)
