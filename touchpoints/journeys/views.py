"""Journey pages: the list, the map (build, reorder, weak links, curve), compare, templates, exports.

The map's editing requests (add, reorder, move, edit, delete a step) answer in two ways: a plain
form post redirects back to the map (works without JavaScript, and for the keyboard buttons);
a request from the map's script (header ``X-Journey-Board: 1``) gets the refreshed board as HTML,
or a 400 with the messages as JSON when the input is refused.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from touchpoints.inventory.choices import Channel, Stage
from touchpoints.inventory.models import Touchpoint
from touchpoints.journeys import selectors, services
from touchpoints.journeys.chain import STAGES
from touchpoints.journeys.choices import Experience, Lane, Severity, Verdict, WeakLinkCode
from touchpoints.journeys.compare import compare_chains
from touchpoints.journeys.document import MapDocument, experience_text
from touchpoints.journeys.downloads import export_response
from touchpoints.journeys.experience import card_badges
from touchpoints.journeys.forms import FromTemplateForm, JourneyForm, NewTouchpointStepForm, StepEditForm, StepForm
from touchpoints.journeys.layout import map_lanes
from touchpoints.journeys.models import Journey, JourneyStep
from touchpoints.journeys.weaklinks import by_severity
from touchpoints.lib.charts import chart_html, spec_with_config
from touchpoints.lib.forms import add_service_errors
from touchpoints.library.models import JourneyTemplate
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability

EXPORT_FORMATS = ("svg", "png", "pdf", "mm", "opml", "mmd", "csv", "xlsx", "json")
# Weak links fixed on the journey itself (its next journey), not on a touchpoint.
JOURNEY_LEVEL_CODES = {WeakLinkCode.FINAL_CHORD_NO_NEXT}


# ---------------------------------------------------------------------------------------------
# Helpers


def _journey(access: Access, pk: int) -> Journey:
    return get_object_or_404(selectors.journey_queryset(workspace=access.workspace), pk=pk)


def _lane(request: HttpRequest) -> str:
    lane = request.GET.get("lanes") or request.POST.get("lanes") or Lane.CHANNEL
    return lane if lane in Lane.values else Lane.CHANNEL


def _from_board(request: HttpRequest) -> bool:
    return request.headers.get("X-Journey-Board") == "1"


def _tp_url(slug: str, tp_id: int) -> str:
    return reverse("inventory:detail", args=[slug, tp_id])


def _tp_url_builder(slug: str) -> Any:
    """A touchpoint's page URL without a reverse() per step (the map shows many)."""
    prefix = _tp_url(slug, 0).rsplit("/0/", 1)[0]
    return lambda tp_id: f"{prefix}/{tp_id}/"


def curve_spec(
    points: list[dict[str, Any]],
    *,
    color_field: str = "source",
    height: int = 180,
    colors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The experience curve as Vega-Lite: every step along x (unscored ones marked "?" on the zero
    line), −2…+2 up, a zero line."""
    labels = list(dict.fromkeys(p["label"] for p in points))
    y = {
        "field": "value",
        "type": "quantitative",
        "title": _("Experience"),
        "scale": {"domain": [-2, 2]},
        "axis": {
            "values": [-2, -1, 0, 1, 2],
            "labelExpr": "datum.value > 0 ? '+' + datum.value : datum.value < 0 ? '\u2212' + abs(datum.value) : '0'",
        },
    }
    x = {
        "field": "label",
        "type": "ordinal",
        "title": None,
        "scale": {"domain": labels},
        "axis": {"labelAngle": -30, "labelLimit": 150},
    }
    return {
        "width": "container",
        "height": height,
        "data": {"values": points},
        "layer": [
            {"mark": {"type": "rule", "color": "#98a2b3"}, "encoding": {"y": {"datum": 0}}},
            {
                "transform": [{"filter": "datum.value != null"}],
                "mark": {"type": "line", "point": {"size": 70, "filled": True}, "strokeWidth": 2.5},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {
                        "field": color_field,
                        "type": "nominal",
                        "title": None,
                        "legend": {"orient": "top", "labelLimit": 360},
                        **({"scale": {"domain": list(colors), "range": list(colors.values())}} if colors else {}),
                    },
                    "tooltip": [
                        {"field": "label", "title": _("Step")},
                        {"field": "value", "title": _("Experience")},
                        {"field": "source_label", "title": _("Source")},
                    ],
                },
            },
            {
                "transform": [{"filter": "datum.value == null"}, {"calculate": "0", "as": "zero"}],
                "mark": {"type": "text", "text": "?", "fontSize": 16, "fontWeight": "bold", "color": "#98a2b3"},
                "encoding": {
                    "x": x,
                    "y": {"field": "zero", "type": "quantitative", "scale": {"domain": [-2, 2]}},
                    "tooltip": [
                        {"field": "label", "title": _("Step")},
                        {"field": "source_label", "title": _("Source")},
                    ],
                },
            },
        ],
    }


def _curve_points(journey_map: selectors.JourneyMap) -> list[dict[str, Any]]:
    sources = {"audit": _("audit score"), "expected": _("expected experience"), "": _("not judged")}
    return [
        {
            "label": f"{p.number}. {p.name[:40]}",
            "value": p.value,
            "source": sources[p.source],
            "source_label": sources[p.source],
            "n": p.number,
        }
        for p in journey_map.curve
    ]


def _board_context(request: HttpRequest, access: Access, journey: Journey) -> dict[str, Any]:
    jmap = selectors.journey_map(journey=journey)
    lane = _lane(request)
    slug = access.workspace.slug
    numbers = {step.id: n for n, step in enumerate(jmap.chain.steps, 1)}
    tp_url = _tp_url_builder(slug)
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
            "tone": _tone(step.experience),
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
    lanes = [
        {
            "label": row.label,
            "cells": [
                {"stage": stage, "cards": [cards[s.id] for _n, s in cell]} for stage, cell in zip(STAGES, row.cells)
            ],
        }
        for row in map_lanes(jmap.chain, lane)
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
        "lanes": lanes,
        "lane": lane,
        "lane_choices": Lane.choices,
        "stages": [(s, Stage(s).label) for s in STAGES],
        "stage_heads": [{"value": s, "label": Stage(s).label, "gap": gaps.get(s)} for s in STAGES],
        "chain_cards": [cards[s.id] for s in jmap.chain.steps],
        "links": links,
        "counts": jmap.counts,
        "severity_choices": Severity.choices,
        "curve_spec": spec_with_config(curve_spec(_curve_points(jmap))),
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


def _tone(value: float | None) -> str:
    if value is None:
        return "none"
    return "bad" if value <= -0.5 else ("good" if value >= 0.5 else "neutral")


def _board_response(request: HttpRequest, access: Access, journey: Journey) -> HttpResponse:
    return render(request, "journeys/_board.html", _board_context(request, access, journey))


def _refused(request: HttpRequest, access: Access, journey: Journey, exc: ValidationError) -> HttpResponse:
    if _from_board(request):
        return JsonResponse({"detail": _("Nothing was changed."), "errors": exc.messages}, status=400)
    messages.error(request, " ".join(exc.messages))
    return _back_to_map(request, access, journey)


def _back_to_map(request: HttpRequest, access: Access, journey: Journey, anchor: str = "chain") -> HttpResponse:
    url = reverse("journeys:detail", args=[access.workspace.slug, journey.pk])
    return redirect(f"{url}?{urlencode({'lanes': _lane(request)})}#{anchor}")


def _done(
    request: HttpRequest, access: Access, journey: Journey, message: str = "", anchor: str = "chain"
) -> HttpResponse:
    if _from_board(request):
        response = _board_response(request, access, journey)
        if message:
            response["X-Board-Message"] = quote(message)
        return response
    if message:
        messages.success(request, message)
    return _back_to_map(request, access, journey, anchor)


# ---------------------------------------------------------------------------------------------
# Journeys


@workspace_view()
def journey_list(request: HttpRequest, access: Access) -> HttpResponse:
    brand = request.GET.get("brand", "")
    process = request.GET.get("process", "")
    segment = request.GET.get("segment", "")
    journeys = list(
        selectors.journey_list(
            workspace=access.workspace,
            brand=int(brand) if brand.isdigit() else None,
            process=process,
            segment=int(segment) if segment.isdigit() else None,
        )
    )
    summaries = selectors.journey_summaries(journeys)
    groups: dict[str, list[dict[str, Any]]] = {}
    for j in journeys:
        groups.setdefault(j.process, []).append({"journey": j, "counts": summaries.get(j.pk, {})})
    grouped = []
    for process_name, rows in groups.items():
        own = [r["journey"] for r in rows if r["journey"].brand.is_own]
        rivals = [r["journey"] for r in rows if not r["journey"].brand.is_own]
        grouped.append(
            {"process": process_name, "rows": rows, "compare": (own[0], rivals[0]) if own and rivals else None}
        )
    return render(
        request,
        "journeys/list.html",
        {
            "groups": grouped,
            "brands": access.workspace.brands.all(),
            "brand": brand,
            "process": process,
            "segments": access.workspace.segments.all(),
            "segment": segment,
            "processes": selectors.process_list(workspace=access.workspace),
            "total": len(journeys),
            "severity_choices": Severity.choices,
            "template_count": JourneyTemplate.objects.count(),
        },
    )


@workspace_view(Capability.EDIT)
def journey_edit(request: HttpRequest, access: Access, pk: int | None = None) -> HttpResponse:
    instance = _journey(access, pk) if pk else None
    initial = {}
    if instance is None:
        own = access.workspace.brands.filter(is_own=True).first()
        initial = {"brand": own.pk if own else None, "process": request.GET.get("process", "")}
    form = JourneyForm(request.POST or None, instance=instance, workspace=access.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if instance is None:
                journey = services.journey_create(
                    workspace=access.workspace, created_by=request.user, **form.service_kwargs()
                )
            else:
                journey = services.journey_update(journey=Journey.objects.get(pk=instance.pk), **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": journey.name})
            return redirect("journeys:detail", slug=access.workspace.slug, pk=journey.pk)
    return render(
        request,
        "journeys/form.html",
        {"form": form, "journey": instance, "processes": selectors.process_list(workspace=access.workspace)},
        status=400 if form.errors else 200,
    )


@workspace_view(Capability.EDIT)
def journey_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = _journey(access, pk)
    if request.method == "POST":
        services.journey_delete(journey=journey)
        messages.success(request, _("Deleted “%(name)s”.") % {"name": journey.name})
        return redirect("journeys:list", slug=access.workspace.slug)
    return render(request, "journeys/delete.html", {"journey": journey})


@workspace_view()
def journey_map(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = _journey(access, pk)
    context = _board_context(request, access, journey)
    others = selectors.journey_choices(workspace=access.workspace, exclude=journey)
    same_process = [j for j in others if j.process and j.process == journey.process]
    context.update(
        {
            "step_form": StepForm(),
            "new_form": NewTouchpointStepForm(),
            "palette": selectors.touchpoint_search(workspace=access.workspace),
            "compare_with": same_process or list(others),
            "export_formats": [
                ("svg", "SVG"),
                ("png", "PNG"),
                ("pdf", "PDF"),
                ("mm", "FreeMind .mm"),
                ("opml", "OPML"),
                ("mmd", "Mermaid"),
                ("csv", "CSV"),
                ("xlsx", "XLSX"),
            ],
            "previous": list(journey.previous_journeys.all()),
        }
    )
    return render(request, "journeys/map.html", context)


@workspace_view()
def journey_board(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _board_response(request, access, _journey(access, pk))


@workspace_view()
def palette(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = _journey(access, pk)
    results = selectors.touchpoint_search(workspace=access.workspace, q=request.GET.get("q", ""))
    return render(
        request, "journeys/_palette.html", {"journey": journey, "palette": results, "q": request.GET.get("q", "")}
    )


# ---------------------------------------------------------------------------------------------
# Steps


@require_POST
@workspace_view(Capability.EDIT)
def step_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = _journey(access, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            access,
            journey,
            ValidationError([f"{form.fields[f].label or f}: {e}" for f, errs in form.errors.items() for e in errs]),
        )
    data = form.cleaned_data
    touchpoint = Touchpoint.objects.filter(pk=data["touchpoint"]).first() if data["touchpoint"] else None
    if touchpoint is None and not data["touchpoint"]:
        return _refused(request, access, journey, ValidationError(_("Choose a touchpoint from the inventory.")))
    try:
        step = services.step_add(
            journey=journey,
            touchpoint=touchpoint,
            stage=data["stage"] or None,
            expected=data["expected"],
            note=data["note"],
            position=data["position"],
            final_chord=data["final_chord"],
        )
    except ValidationError as exc:
        return _refused(request, access, journey, exc)
    return _done(request, access, journey, _("Added “%(name)s” to the chain.") % {"name": step.touchpoint.name})


@require_POST
@workspace_view(Capability.EDIT)
def step_add_new(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = _journey(access, pk)
    form = NewTouchpointStepForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            access,
            journey,
            ValidationError([f"{form.fields[f].label}: {e}" for f, errs in form.errors.items() for e in errs]),
        )
    data = form.cleaned_data
    try:
        step = services.step_add_new_touchpoint(journey=journey, created_by=request.user, **data)
    except ValidationError as exc:
        return _refused(request, access, journey, exc)
    return _done(
        request,
        access,
        journey,
        _("Created “%(name)s”, marked missing for %(brand)s, and added it to the chain.")
        % {"name": step.touchpoint.name, "brand": journey.brand.name},
    )


@require_POST
@workspace_view(Capability.EDIT)
def steps_reorder(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = _journey(access, pk)
    if request.content_type == "application/json":
        try:
            ids = json.loads(request.body or b"{}").get("step_ids")
        except (ValueError, AttributeError):
            ids = None
    else:
        ids = request.POST.getlist("step_ids")
    try:
        if ids is None:
            raise ValidationError({"step_ids": _("Send the step ids as a list, in the new order.")})
        services.steps_reorder(journey=journey, step_ids=ids)
    except ValidationError as exc:
        return _refused(request, access, journey, exc)
    return _done(request, access, journey, _("The new order is saved."))


def _step(journey: Journey, step_id: int) -> JourneyStep:
    return get_object_or_404(JourneyStep.objects.select_related("touchpoint", "journey"), journey=journey, pk=step_id)


@require_POST
@workspace_view(Capability.EDIT)
def step_move(request: HttpRequest, access: Access, pk: int, step_id: int) -> HttpResponse:
    journey = _journey(access, pk)
    step = _step(journey, step_id)
    offset = {"up": -1, "down": 1, "first": -(10**6), "last": 10**6}.get(request.POST.get("direction", ""))
    if offset is None:
        return _refused(request, access, journey, ValidationError(_("Move a step up or down.")))
    services.step_move(step=step, offset=offset)
    return _done(request, access, journey, anchor=f"chain-step-{step.pk}")


@workspace_view(Capability.EDIT)
def step_edit(request: HttpRequest, access: Access, pk: int, step_id: int) -> HttpResponse:
    """Edit a step. A post may carry only some fields (the map's script sends just the stage when a
    card is dropped on another stage); the ones left out are not changed."""
    journey = _journey(access, pk)
    step = _step(journey, step_id)
    current = {
        "stage": step.stage,
        "expected": "" if step.expected is None else str(step.expected),
        "note": step.note,
        "final_chord": step.is_final_chord,
    }
    data = None
    if request.method == "POST":
        data = {**current, **{k: v for k, v in request.POST.items() if k in current}}
        if "final_chord" in request.POST:
            data["final_chord"] = request.POST.getlist("final_chord")[-1]
    form = StepEditForm(data, initial=current)
    if request.method == "POST":
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                services.step_update(
                    step=step,
                    **{key: cleaned[key] for key in ("stage", "expected", "note")},
                    final_chord=cleaned["final_chord"],
                )
            except ValidationError as exc:
                if _from_board(request):
                    return _refused(request, access, journey, exc)
                add_service_errors(form, exc)
            else:
                return _done(
                    request,
                    access,
                    journey,
                    _("Saved step %(n)s.") % {"n": step.position + 1},
                    anchor=f"chain-step-{step.pk}",
                )
        elif _from_board(request):
            return _refused(
                request,
                access,
                journey,
                ValidationError([f"{form.fields[f].label}: {e}" for f, errs in form.errors.items() for e in errs]),
            )
    context = {
        "journey": journey,
        "step": step,
        "form": form,
        "lane": _lane(request),
        "lanes_query": urlencode({"lanes": _lane(request)}),
        "stage_choices": Stage.choices,
        "experience_choices": [(str(v), label) for v, label in Experience.choices],
        "expected": current["expected"],
    }
    if request.GET.get("inline"):  # the form inside the chain list, fetched by the map's script
        return render(request, "journeys/_step_edit.html", context)
    return render(request, "journeys/step_form.html", context, status=400 if form.errors else 200)


@require_POST
@workspace_view(Capability.EDIT)
def step_delete(request: HttpRequest, access: Access, pk: int, step_id: int) -> HttpResponse:
    journey = _journey(access, pk)
    step = _step(journey, step_id)
    services.step_delete(step=step)
    return _done(request, access, journey, _("Removed “%(name)s” from the chain.") % {"name": step.touchpoint.name})


# ---------------------------------------------------------------------------------------------
# Compare and templates


@workspace_view()
def journey_compare(request: HttpRequest, access: Access) -> HttpResponse:
    choices = list(selectors.journey_choices(workspace=access.workspace))
    by_id = {j.pk: j for j in choices}
    a_id, b_id = request.GET.get("a", ""), request.GET.get("b", "")
    first = by_id.get(int(a_id)) if a_id.isdigit() else None
    second = by_id.get(int(b_id)) if b_id.isdigit() else None
    if (a_id and first is None) or (b_id and second is None):
        raise Http404
    context: dict[str, Any] = {"choices": choices, "first": first, "second": second}
    if first is not None and second is not None:
        first_map = selectors.journey_map(journey=_journey(access, first.pk))
        second_map = selectors.journey_map(journey=_journey(access, second.pk))
        result = compare_chains(first_map.chain, second_map.chain)
        numbers_a = {s.id: n for n, s in enumerate(first_map.chain.steps, 1)}
        numbers_b = {s.id: n for n, s in enumerate(second_map.chain.steps, 1)}
        slug = access.workspace.slug
        rows = [
            {
                "row": r,
                "a_n": numbers_a.get(r.first.id) if r.first else None,
                "b_n": numbers_b.get(r.second.id) if r.second else None,
                "a_exp": experience_text(r.first.experience) if r.first else "",
                "b_exp": experience_text(r.second.experience) if r.second else "",
                "a_tone": _tone(r.first.experience) if r.first else "",
                "b_tone": _tone(r.second.experience) if r.second else "",
                "verdict_label": Verdict(r.verdict).label,
                "stage_label": Stage(r.stage).label,
                "url": _tp_url(slug, r.touchpoint_id),
            }
            for r in result.rows
        ]
        points = []
        names = [f"{j.name} · {j.brand.name}" for j in (first, second)]
        if names[0] == names[1]:
            names = [f"{name} (#{j.pk})" for name, j in zip(names, (first, second))]
        series = dict(zip(names, (first.brand.color, second.brand.color)))
        for i, r in enumerate(result.rows, 1):
            for name, step in zip(names, (r.first, r.second)):
                if step is not None:
                    points.append(
                        {
                            "label": f"{i}. {r.name[:40]}",
                            "value": step.experience,
                            "journey": name,
                            "source_label": step.source or "—",
                        }
                    )
        colors = series if len(set(series.values())) == 2 else None
        context.update(
            {
                "result": result,
                "rows": rows,
                "first_map": first_map,
                "second_map": second_map,
                "chart": chart_html(
                    curve_spec(points, color_field="journey", height=220, colors=colors), "compare-curve", height=240
                ),
                "first_mean": experience_text(result.first_mean) if result.first_mean is not None else "—",
                "second_mean": experience_text(result.second_mean) if result.second_mean is not None else "—",
            }
        )
    return render(request, "journeys/compare.html", context)


OTHER_CHOICES = 300


def _other_choices(access: Access, row: Any) -> list[tuple[int, str]]:
    """Any other touchpoint of the inventory a template step may be mapped to: all of them in a
    small inventory, else those at the step's stage (bounded)."""
    inventory = getattr(access.workspace, "_mapping_inventory", None)
    if inventory is None:
        inventory = list(
            Touchpoint.objects.filter(workspace=access.workspace).order_by("name").values_list("pk", "name", "stages")
        )
        access.workspace._mapping_inventory = inventory  # type: ignore[attr-defined]
    shown = {s.id for s in row.suggestions} | ({row.found.pk} if row.found else set())
    pool = inventory if len(inventory) <= OTHER_CHOICES else [t for t in inventory if row.step.stage in (t[2] or [])]
    return [(pk, name) for pk, name, _stages in pool if pk not in shown][:OTHER_CHOICES]


@workspace_view(Capability.EDIT)
def journey_from_template(request: HttpRequest, access: Access) -> HttpResponse:
    """Two steps: pick a template and a brand; then check how each template step lands in the
    inventory (an existing touchpoint, a suggested look-alike, or added from the library) and create."""
    initial = {"brand": getattr(access.workspace.brands.filter(is_own=True).first(), "pk", None)}
    if request.GET.get("template", "").isdigit():
        initial["template"] = int(request.GET["template"])
    form = FromTemplateForm(request.POST or None, workspace=access.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rows = selectors.template_mapping(workspace=access.workspace, template=data["template"])
        errors: list[str] = []
        if request.POST.get("confirm"):
            picked = {row.index: request.POST.get(f"map_{row.index}", "") for row in rows}
            found = {
                str(t.pk): t for t in Touchpoint.objects.filter(pk__in=[v for v in picked.values() if v.isdigit()])
            }
            chosen = {index: found[value] for index, value in picked.items() if value in found}
            if any(value and value not in found for value in picked.values()):
                errors.append(_("A chosen touchpoint no longer exists; check the mapping again."))
            else:
                try:
                    result = services.journey_create_from_template(
                        workspace=access.workspace,
                        template=data["template"],
                        brand=data["brand"],
                        name=data["name"],
                        segments=data["segments"],
                        created_by=request.user,
                        chosen=chosen,
                    )
                except ValidationError as exc:
                    errors.extend(exc.messages)
                else:
                    steps = result.journey.steps.count()
                    new = len(result.created_touchpoints)
                    messages.success(
                        request,
                        " ".join(
                            [
                                ngettext(
                                    "Created “%(name)s” with %(n)s step.", "Created “%(name)s” with %(n)s steps.", steps
                                )
                                % {"name": result.journey.name, "n": steps},
                                ngettext(
                                    "%(n)s touchpoint added to the inventory,",
                                    "%(n)s touchpoints added to the inventory,",
                                    new,
                                )
                                % {"n": new},
                                ngettext("%(n)s found there.", "%(n)s found there.", steps - new) % {"n": steps - new},
                            ]
                        ),
                    )
                    return redirect("journeys:detail", slug=access.workspace.slug, pk=result.journey.pk)
        stage_labels = dict(Stage.choices)
        return render(
            request,
            "journeys/from_template_preview.html",
            {
                "form": form,
                "template": data["template"],
                "errors": errors,
                "rows": [
                    {
                        "row": row,
                        "stage_label": stage_labels.get(row.step.stage, row.step.stage),
                        "expected": experience_text(max(-2, min(2, row.step.expected))),
                        "others": _other_choices(access, row),
                    }
                    for row in rows
                ],
            },
            status=400 if errors else 200,
        )
    templates = list(JourneyTemplate.objects.select_related("pack", "next").prefetch_related("steps__template"))
    return render(
        request,
        "journeys/from_template.html",
        {"form": form, "templates": templates},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------------------------------------
# Exports


def map_document(request: HttpRequest, access: Access, jmap: selectors.JourneyMap, lane: str) -> MapDocument:
    journey = jmap.journey
    slug = access.workspace.slug
    return MapDocument(
        title=journey.name,
        chain=jmap.chain,
        links=jmap.links,
        process=journey.process,
        brand=journey.brand.name,
        own_brand=journey.brand.is_own,
        segments=[s.name for s in journey.segments.all()],
        next_journey=journey.next_journey.name if journey.next_journey_id else "",
        description=journey.description,
        lane=lane,
        touchpoint_urls={
            s.touchpoint_id: request.build_absolute_uri(_tp_url(slug, s.touchpoint_id)) for s in jmap.chain.steps
        },
    )


@workspace_view()
def journey_export(request: HttpRequest, access: Access, pk: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    journey = _journey(access, pk)
    jmap = selectors.journey_map(journey=journey)
    return export_response(
        request, map_document(request, access, jmap, _lane(request)), fmt, filename=f"journey-{journey.pk}"
    )
