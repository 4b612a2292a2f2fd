"""Reads of journeys, with a bounded number of queries whatever the size of the inventory or chain."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from touchpoints.inventory.choices import PresenceStatus
from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.inventory.selectors import LOOKUP_FIELDS, touchpoint_lookup
from touchpoints.journeys.chain import (
    Chain,
    ChainStats,
    CurvePoint,
    Step,
    chain_stats,
    experience_curve,
    percent_to_experience,
)
from touchpoints.journeys.experience import brand_scores
from touchpoints.journeys.matching import Candidate, Suggestion, suggest
from touchpoints.journeys.models import Journey, JourneyStep, ShareLink
from touchpoints.journeys.weaklinks import WeakLink, by_step, find_weak_links, severity_counts
from touchpoints.lib.querysets import filter_given
from touchpoints.workspaces.models import Workspace

STEP_TOUCHPOINT_FIELDS = (
    "touchpoint__id",
    "touchpoint__name",
    "touchpoint__code",
    "touchpoint__channel",
    "touchpoint__mode",
    "touchpoint__owner_unit",
    "touchpoint__stages",
    "touchpoint__workspace_id",
)


def journey_queryset(*, workspace: Workspace) -> QuerySet[Journey]:
    return (
        Journey.objects.filter(workspace=workspace)
        .select_related("brand", "next_journey", "template", "owner")
        .prefetch_related("segments")
        .annotate(step_count=Count("steps"))
    )


def journey_list(
    *, workspace: Workspace, brand: int | None = None, process: str = "", segment: int | None = None
) -> QuerySet[Journey]:
    qs = filter_given(journey_queryset(workspace=workspace), brand_id=brand, process=process, segments__id=segment)
    return qs.order_by("process", "-brand__is_own", "brand__name", "name", "id")


def process_list(*, workspace: Workspace) -> list[str]:
    return sorted({p for p in Journey.objects.filter(workspace=workspace).values_list("process", flat=True) if p})


def step_queryset(*, journey: Journey) -> QuerySet[JourneyStep]:
    return (
        JourneyStep.objects.filter(journey=journey)
        .select_related("touchpoint")
        .only("id", "journey_id", "position", "stage", "expected", "note", "is_final_chord", *STEP_TOUCHPOINT_FIELDS)
        .order_by("position", "id")
    )


def _chains(journeys: list[Journey], steps: Iterable[JourneyStep]) -> dict[int, Chain]:
    """Chains for several journeys: presence in one query, audit scores once per brand."""
    by_journey: dict[int, list[JourneyStep]] = {j.pk: [] for j in journeys}
    for step in steps:
        by_journey[step.journey_id].append(step)
    tp_ids = {s.touchpoint_id for ss in by_journey.values() for s in ss}
    brand_ids = {j.brand_id for j in journeys}
    status = (
        {
            (tp, brand): st
            for tp, brand, st in Presence.objects.filter(touchpoint_id__in=tp_ids, brand_id__in=brand_ids).values_list(
                "touchpoint_id", "brand_id", "status"
            )
        }
        if tp_ids
        else {}
    )
    brands = {j.brand_id: j.brand for j in journeys}
    scores: dict[int, dict[int, float]] = {}
    for brand_id, brand in brands.items():
        ids = {s.touchpoint_id for j in journeys if j.brand_id == brand_id for s in by_journey[j.pk]}
        scores[brand_id] = brand_scores(brand=brand, touchpoint_ids=ids)
    chains: dict[int, Chain] = {}
    for journey in journeys:
        brand_scores_ = scores[journey.brand_id]
        chains[journey.pk] = Chain(
            brand=journey.brand.name,
            has_next=journey.next_journey_id is not None,
            steps=tuple(
                Step(
                    id=s.pk,
                    touchpoint_id=s.touchpoint_id,
                    name=s.touchpoint.name,
                    stage=s.stage,
                    channel=s.touchpoint.channel,
                    mode=s.touchpoint.mode,
                    owner=s.touchpoint.owner_unit,
                    presence=status.get((s.touchpoint_id, journey.brand_id), PresenceStatus.UNKNOWN),
                    expected=s.expected,
                    score=percent_to_experience(brand_scores_[s.touchpoint_id])
                    if s.touchpoint_id in brand_scores_
                    else None,
                    final_chord=s.is_final_chord,
                    note=s.note,
                )
                for s in by_journey[journey.pk]
            ),
        )
    return chains


@dataclass
class JourneyMap:
    """Everything the map page and the exports show about one journey."""

    journey: Journey
    steps: list[JourneyStep]
    chain: Chain
    links: list[WeakLink]
    curve: list[CurvePoint]
    stats: ChainStats
    links_by_step: dict[int, list[WeakLink]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def journey_map(*, journey: Journey) -> JourneyMap:
    steps = list(step_queryset(journey=journey))
    chain = _chains([journey], steps)[journey.pk]
    links = find_weak_links(chain)
    return JourneyMap(
        journey=journey,
        steps=steps,
        chain=chain,
        links=links,
        curve=experience_curve(chain),
        stats=chain_stats(chain),
        links_by_step=by_step(links),
        counts=severity_counts(links),
    )


def journey_summaries(journeys: list[Journey]) -> dict[int, dict[str, int]]:
    """Weak-link counts by severity for each journey of a list, in a bounded number of queries."""
    if not journeys:
        return {}
    steps = (
        JourneyStep.objects.filter(journey__in=[j.pk for j in journeys])
        .select_related("touchpoint")
        .only("id", "journey_id", "position", "stage", "expected", "note", "is_final_chord", *STEP_TOUCHPOINT_FIELDS)
        .order_by("journey_id", "position", "id")
    )
    chains = _chains(journeys, steps)
    return {pk: severity_counts(find_weak_links(chain)) for pk, chain in chains.items()}


def touchpoint_search(*, workspace: Workspace, q: str = "", limit: int = 30) -> list[Touchpoint]:
    """Inventory touchpoints for the step palette: by name or code, roots before nested ones."""
    qs = Touchpoint.objects.filter(workspace=workspace).only(
        "id", "name", "code", "channel", "mode", "owner_unit", "stages", "parent_id", "workspace_id"
    )
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return list(qs.order_by("name", "id")[:limit])


def journey_choices(*, workspace: Workspace, exclude: Journey | None = None) -> QuerySet[Journey]:
    qs = Journey.objects.filter(workspace=workspace).select_related("brand").order_by("process", "name")
    return qs.exclude(pk=exclude.pk) if exclude is not None else qs


@dataclass
class TemplateStepMapping:
    index: int
    step: Any  # library.JourneyTemplateStep
    found: Touchpoint | None  # what the library would reuse: added from this template, or the same name
    suggestions: list[Suggestion]
    default: int | None  # the touchpoint proposed, None = add it from the library


def template_mapping(*, workspace: Workspace, template: Any) -> list[TemplateStepMapping]:
    """How each step of a journey template would land in the inventory, with suggestions; two
    queries plus the template's steps, and a pass over the inventory's names in Python."""
    steps = list(template.steps.select_related("template").order_by("position", "id"))
    lookup = touchpoint_lookup(workspace=workspace, fields=(*LOOKUP_FIELDS, "channel", "stages"))
    candidates = [Candidate(t.pk, t.name, t.channel, tuple(t.stages)) for t in lookup.touchpoints]
    out = []
    for index, step in enumerate(steps):
        tpl = step.template
        names = [tpl.name_en, tpl.name_ru, tpl.name_es]
        found = lookup.for_template(tpl)
        suggestions = [] if found else suggest(names, tpl.channel, tpl.stages, candidates)
        default = found.pk if found else (suggestions[0].id if suggestions and suggestions[0].confident else None)
        out.append(TemplateStepMapping(index, step, found, suggestions, default))
    return out


def share_links(*, journey: Journey) -> QuerySet[ShareLink]:
    return journey.share_links.all()


def live_share(*, token: str) -> ShareLink:
    """The link of this token if it is neither revoked nor expired, else 404."""
    link = ShareLink.live(token).select_related("journey", "journey__workspace", "journey__brand").first()
    if link is None:
        raise Http404("No such journey.")
    return link


def journey_touchpoint_ids(*, workspace: Workspace, journey_id: int) -> tuple[str, list[int]] | None:
    """(journey name, touchpoint ids of its steps in order, each once), or None if there is no
    such journey in the workspace."""
    journey = Journey.objects.filter(workspace=workspace, pk=journey_id).first()
    if journey is None:
        return None
    ids = [
        tp for tp in journey.steps.order_by("position", "id").values_list("touchpoint_id", flat=True) if tp is not None
    ]
    return journey.name, list(dict.fromkeys(ids))
