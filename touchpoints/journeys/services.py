"""Writes to journeys and their steps. Pages, the API and the demo all call these, so the rules hold
everywhere: a step uses a touchpoint of the journey's own workspace, "next journey" links never
close a cycle, one final chord per chain, and a reorder names every step exactly once — or nothing
changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from touchpoints.inventory.choices import PresenceStatus, Stage
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.journeys.choices import EXPERIENCE_MAX, EXPERIENCE_MIN
from touchpoints.journeys.models import Journey, JourneyStep
from touchpoints.lib.i18n import current_language, pick
from touchpoints.workspaces.models import Brand, Segment, Workspace

_UNSET: Any = object()
JOURNEY_FIELDS = ("name", "process", "description", "brand", "segments", "next_journey")


# ---------------------------------------------------------------------------------------------
# Checks shared by the writes below


def _check_brand(workspace: Workspace, brand: Brand | None) -> Brand:
    if brand is None:
        raise ValidationError({"brand": _("Choose whose path this is: a brand of this workspace.")})
    if brand.workspace_id != workspace.pk:
        raise ValidationError({"brand": _("The brand must be a brand of this workspace.")})
    return brand


def _check_segments(workspace: Workspace, segments: Iterable[Segment]) -> list[Segment]:
    segments = list(segments)
    if any(s.workspace_id != workspace.pk for s in segments):
        raise ValidationError({"segments": _("Segments must belong to this workspace.")})
    return segments


def check_next_journey(*, workspace: Workspace, journey: Journey | None, next_journey: Journey | None) -> None:
    """Refuse a next journey from another workspace, the journey itself, and any link that would
    close a cycle of "next journey" links (A → B → … → A)."""
    if next_journey is None:
        return
    if next_journey.workspace_id != workspace.pk:
        raise ValidationError({"next_journey": _("The next journey must be a journey of this workspace.")})
    if journey is None or journey.pk is None:
        return
    if next_journey.pk == journey.pk:
        raise ValidationError({"next_journey": _("A journey cannot start itself.")})
    rows = Journey.objects.filter(workspace=workspace).values_list("id", "next_journey_id", "name")
    links = {pk: nxt for pk, nxt, _name in rows}
    names = {pk: name for pk, _nxt, name in rows}
    path = [next_journey.pk]
    node = links.get(next_journey.pk)
    while node is not None and node not in path:
        path.append(node)
        if node == journey.pk:
            loop = " → ".join([journey.name, *(names[p] for p in path)])
            raise ValidationError(
                {
                    "next_journey": _(
                        "“%(next)s” already leads back to “%(name)s”: linking them would make a cycle (%(loop)s)."
                    )
                    % {"next": next_journey.name, "name": journey.name, "loop": loop}
                }
            )
        node = links.get(node)


def _check_touchpoint(journey: Journey, touchpoint: Touchpoint | None) -> Touchpoint:
    # Say nothing about a touchpoint of another workspace: its existence is not ours to reveal.
    if touchpoint is None or touchpoint.workspace_id != journey.workspace_id:
        raise ValidationError(
            {
                "touchpoint": _(
                    "This touchpoint is not in this workspace's inventory: a step can only use touchpoints of the "
                    "journey's workspace."
                )
            }
        )
    return touchpoint


def _check_stage(stage: str | None) -> str:
    if stage not in Stage.values:
        raise ValidationError(
            {"stage": _("Choose one of the five purchase stages: %(stages)s.") % {"stages": ", ".join(Stage.values)}}
        )
    return str(stage)


def _check_expected(expected: Any) -> int | None:
    if expected is None or expected == "":
        return None
    value: int | None = None
    if isinstance(expected, int) and not isinstance(expected, bool):
        value = expected
    elif isinstance(expected, float) and expected.is_integer():
        value = int(expected)
    elif isinstance(expected, str):
        text = expected.strip().replace("\u2212", "-")
        if text.lstrip("+-").isdigit():
            value = int(text)
    if value is None or not EXPERIENCE_MIN <= value <= EXPERIENCE_MAX:
        raise ValidationError({"expected": _("The expected experience is a whole number from −2 to +2.")})
    return value


def _lock(journey: Journey) -> Journey:
    """Serialises writes to one journey's steps (positions are renumbered as a whole)."""
    return Journey.objects.select_for_update().get(pk=journey.pk)


def _renumber(journey: Journey) -> None:
    steps = list(JourneyStep.objects.filter(journey=journey).order_by("position", "id"))
    changed = []
    for i, step in enumerate(steps):
        if step.position != i:
            step.position = i
            changed.append(step)
    JourneyStep.objects.bulk_update(changed, ["position"], batch_size=500)


def _only_final_chord(step: JourneyStep) -> None:
    JourneyStep.objects.filter(journey_id=step.journey_id, is_final_chord=True).exclude(pk=step.pk).update(
        is_final_chord=False
    )


# ---------------------------------------------------------------------------------------------
# Journeys


@transaction.atomic
def journey_create(
    *,
    workspace: Workspace,
    name: str,
    brand: Brand | None,
    process: str = "",
    description: str = "",
    segments: Iterable[Segment] = (),
    next_journey: Journey | None = None,
    template: Any = None,
    created_by: Any = None,
) -> Journey:
    _check_brand(workspace, brand)
    segments = _check_segments(workspace, segments)
    check_next_journey(workspace=workspace, journey=None, next_journey=next_journey)
    journey = Journey(
        workspace=workspace,
        name=(name or "").strip(),
        process=(process or "").strip(),
        brand=brand,
        description=description or "",
        next_journey=next_journey,
        template=template,
        created_by=created_by,
    )
    journey.full_clean(exclude=["workspace", "brand", "next_journey", "template", "created_by"])
    journey.save()
    journey.segments.set(segments)
    return journey


@transaction.atomic
def journey_update(*, journey: Journey, **fields: Any) -> Journey:
    unknown = set(fields) - set(JOURNEY_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    journey = _lock(journey)
    workspace = journey.workspace
    if "brand" in fields:
        journey.brand = _check_brand(workspace, fields["brand"])
    if "next_journey" in fields:
        check_next_journey(workspace=workspace, journey=journey, next_journey=fields["next_journey"])
        journey.next_journey = fields["next_journey"]
    for key in ("name", "process", "description"):
        if key in fields:
            setattr(journey, key, (fields[key] or "").strip() if key != "description" else fields[key] or "")
    journey.full_clean(exclude=["workspace", "brand", "next_journey", "template", "created_by"])
    journey.save()
    if "segments" in fields:
        journey.segments.set(_check_segments(workspace, fields["segments"]))
    return journey


@transaction.atomic
def journey_delete(*, journey: Journey) -> None:
    journey.delete()


# ---------------------------------------------------------------------------------------------
# Steps


@transaction.atomic
def step_add(
    *,
    journey: Journey,
    touchpoint: Touchpoint | None,
    stage: str | None = None,
    expected: Any = None,
    note: str = "",
    position: int | None = None,
    final_chord: bool = False,
) -> JourneyStep:
    """Adds a step using an inventory touchpoint, at ``position`` (0-based; the end by default).
    Without a stage, the touchpoint's first purchase stage is used."""
    journey = _lock(journey)
    touchpoint = _check_touchpoint(journey, touchpoint)
    if not stage and touchpoint.stages:
        stage = touchpoint.stages[0]
    stage = _check_stage(stage)
    expected = _check_expected(expected)
    count = JourneyStep.objects.filter(journey=journey).count()
    position = count if position is None else max(0, min(int(position), count))
    JourneyStep.objects.filter(journey=journey, position__gte=position).update(position=F("position") + 1)
    step = JourneyStep(
        journey=journey,
        touchpoint=touchpoint,
        position=position,
        stage=stage,
        expected=expected,
        note=note or "",
        is_final_chord=bool(final_chord),
    )
    step.full_clean(exclude=["journey", "touchpoint"])
    if step.is_final_chord:
        JourneyStep.objects.filter(journey=journey, is_final_chord=True).update(is_final_chord=False)
    step.save()
    _renumber(journey)
    step.refresh_from_db()
    return step


@transaction.atomic
def step_add_new_touchpoint(
    *,
    journey: Journey,
    name: str,
    stage: str | None,
    expected: Any = None,
    note: str = "",
    position: int | None = None,
    final_chord: bool = False,
    channel: str = "",
    mode: str = "",
    owner_unit: str = "",
    created_by: Any = None,
) -> JourneyStep:
    """Creates a touchpoint the brand lacks, on the spot, marked *missing* for the journey's brand
    (the method's "potential" touchpoints), and adds it as a step."""
    stage = _check_stage(stage)
    touchpoint = touchpoint_create(
        workspace=journey.workspace,
        name=name,
        stages=[stage],
        channel=channel or "",
        mode=mode or "",
        owner_unit=owner_unit or "",
        created_by=created_by,
        presence={journey.brand_id: PresenceStatus.MISSING},
    )
    return step_add(
        journey=journey,
        touchpoint=touchpoint,
        stage=stage,
        expected=expected,
        note=note,
        position=position,
        final_chord=final_chord,
    )


@transaction.atomic
def step_update(
    *,
    step: JourneyStep,
    touchpoint: Touchpoint | None = _UNSET,
    stage: str = _UNSET,
    expected: Any = _UNSET,
    note: str = _UNSET,
    final_chord: bool = _UNSET,
) -> JourneyStep:
    journey = _lock(step.journey)
    step = JourneyStep.objects.get(pk=step.pk)
    if touchpoint is not _UNSET:
        step.touchpoint = _check_touchpoint(journey, touchpoint)
    if stage is not _UNSET:
        step.stage = _check_stage(stage)
    if expected is not _UNSET:
        step.expected = _check_expected(expected)
    if note is not _UNSET:
        step.note = note or ""
    if final_chord is not _UNSET:
        step.is_final_chord = bool(final_chord)
        if step.is_final_chord:
            _only_final_chord(step)
    step.full_clean(exclude=["journey", "touchpoint"])
    step.save()
    return step


@transaction.atomic
def step_delete(*, step: JourneyStep) -> None:
    journey = _lock(step.journey)
    JourneyStep.objects.filter(pk=step.pk).delete()
    _renumber(journey)


def _as_ids(values: Sequence[Any]) -> list[int]:
    ids: list[int] = []
    bad: list[str] = []
    for value in values:
        try:
            if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
                raise ValueError
            ids.append(int(str(value).strip()) if not isinstance(value, int) else value)
        except (TypeError, ValueError):
            bad.append(str(value))
    if bad:
        raise ValidationError(
            {"step_ids": _("Step ids must be whole numbers; got: %(bad)s.") % {"bad": ", ".join(bad)}}
        )
    return ids


@transaction.atomic
def steps_reorder(*, journey: Journey, step_ids: Sequence[Any]) -> list[JourneyStep]:
    """Puts the steps in the given order. The list must name every step of the journey exactly
    once; unknown, repeated or left-out ids are refused with a message and nothing changes."""
    journey = _lock(journey)
    if not isinstance(step_ids, (list, tuple)):
        raise ValidationError({"step_ids": _("Send the step ids as a list, in the new order.")})
    ids = _as_ids(step_ids)
    steps = {s.pk: s for s in JourneyStep.objects.filter(journey=journey)}
    errors: list[str] = []
    unknown = [i for i in dict.fromkeys(ids) if i not in steps]
    if unknown:
        errors.append(_("Not steps of this journey: %(ids)s.") % {"ids": ", ".join(map(str, unknown))})
    repeated = [i for i, n in Counter(ids).items() if n > 1]
    if repeated:
        errors.append(_("Named more than once: %(ids)s.") % {"ids": ", ".join(map(str, repeated))})
    left_out = [pk for pk in sorted(steps, key=lambda pk: (steps[pk].position, pk)) if pk not in set(ids)]
    if left_out:
        errors.append(
            _("Left out: %(ids)s. Send every step of the journey once.") % {"ids": ", ".join(map(str, left_out))}
        )
    if errors:
        raise ValidationError({"step_ids": [_("The order was not changed.")] + errors})
    ordered = [steps[pk] for pk in ids]
    for i, step in enumerate(ordered):
        step.position = i
    JourneyStep.objects.bulk_update(ordered, ["position"], batch_size=500)
    return ordered


@transaction.atomic
def step_move(*, step: JourneyStep, offset: int) -> JourneyStep:
    """Moves a step ``offset`` places later (negative: earlier), clamped to the chain's ends."""
    journey = _lock(step.journey)
    ids = list(JourneyStep.objects.filter(journey=journey).order_by("position", "id").values_list("id", flat=True))
    if step.pk not in ids:
        raise ValidationError(_("This step is not in the journey any more."))
    i = ids.index(step.pk)
    j = max(0, min(len(ids) - 1, i + int(offset)))
    if i != j:
        ids.insert(j, ids.pop(i))
        steps_reorder(journey=journey, step_ids=ids)
    return JourneyStep.objects.get(pk=step.pk)


# ---------------------------------------------------------------------------------------------
# From a library template


@dataclass
class FromTemplateResult:
    journey: Journey
    created_touchpoints: list[Touchpoint]
    reused_touchpoints: int


@transaction.atomic
def journey_create_from_template(
    *,
    workspace: Workspace,
    template: Any,
    brand: Brand | None,
    name: str = "",
    segments: Iterable[Segment] = (),
    created_by: Any = None,
    language: str | None = None,
    chosen: Mapping[int, Touchpoint] | None = None,
) -> FromTemplateResult:
    """Creates a journey from a library journey template. Each template step is mapped onto the
    inventory: to the touchpoint ``chosen`` for it (by the step's index), else to a touchpoint added
    from that library template before or one of the same name in any product language; the
    touchpoints not there yet are added from the library. The final chord and the "next journey"
    link follow the template, when the next journey exists."""
    from touchpoints.library.services import library_add_to_inventory

    language = language or current_language()
    _check_brand(workspace, brand)
    chosen = dict(chosen or {})
    for touchpoint in chosen.values():
        if touchpoint.workspace_id != workspace.pk:
            raise ValidationError(
                {
                    "touchpoint": _(
                        "This touchpoint is not in this workspace's inventory: a step can only use touchpoints of the "
                        "journey's workspace."
                    )
                }
            )
    template_steps = list(template.steps.select_related("template").order_by("position", "id"))
    added = library_add_to_inventory(
        workspace=workspace,
        created_by=created_by,
        include_children=False,
        language=language,
        template_ids=list(dict.fromkeys(s.template_id for i, s in enumerate(template_steps) if i not in chosen)),
    )
    mapping = {i: chosen.get(i) or added.mapping[ts.template_id] for i, ts in enumerate(template_steps)}
    journey = journey_create(
        workspace=workspace,
        name=name or pick(template, "name", language),
        brand=brand,
        process=pick(template, "process", language),
        description=pick(template, "description", language),
        segments=segments,
        template=template,
        created_by=created_by,
    )
    last = len(template_steps) - 1
    JourneyStep.objects.bulk_create(
        [
            JourneyStep(
                journey=journey,
                touchpoint=mapping[i],
                position=i,
                stage=_check_stage(ts.stage),
                expected=max(EXPERIENCE_MIN, min(EXPERIENCE_MAX, ts.expected)) if ts.expected is not None else None,
                note=pick(ts, "note", language),
                is_final_chord=bool(template.final_chord and i == last),
            )
            for i, ts in enumerate(template_steps)
        ]
    )
    # Wire the chain of chains both ways: to the journey the template leads to, and from journeys
    # whose template leads to this one (same brand), when they have no next journey yet.
    if template.next_id:
        nxt = Journey.objects.filter(workspace=workspace, brand=brand, template_id=template.next_id).first()
        if nxt is not None:
            journey_update(journey=journey, next_journey=nxt)
    for earlier in Journey.objects.filter(
        workspace=workspace, brand=brand, next_journey__isnull=True, template__next_id=template.pk
    ).exclude(pk=journey.pk):
        try:
            journey_update(journey=earlier, next_journey=journey)
        except ValidationError:
            continue  # it would close a cycle: leave that one unlinked
    return FromTemplateResult(journey=journey, created_touchpoints=added.created, reused_touchpoints=len(added.skipped))
