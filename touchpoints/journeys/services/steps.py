"""Writes to a journey's steps: add (an inventory touchpoint, or a new one the brand lacks), update,
delete, reorder and move. One final chord per chain, and a reorder names every step exactly once —
or nothing changes."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from touchpoints.inventory.choices import PresenceStatus
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.journeys.models import Journey, JourneyStep
from touchpoints.journeys.services.checks import check_expected, check_stage, check_touchpoint, lock_journey

_UNSET: Any = object()


def _renumber(journey: Journey) -> None:
    steps = list(JourneyStep.objects.filter(journey=journey).order_by("position", "id"))
    changed = []
    for i, step in enumerate(steps):
        if step.position != i:
            step.position = i
            changed.append(step)
    JourneyStep.objects.bulk_update(changed, ["position"], batch_size=500)


def _only_final_chord(step: JourneyStep) -> None:
    """No other step of ``step``'s journey is its final chord (``step`` may not be saved yet)."""
    JourneyStep.objects.filter(journey_id=step.journey_id, is_final_chord=True).exclude(pk=step.pk).update(
        is_final_chord=False
    )


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
    journey = lock_journey(journey)
    touchpoint = check_touchpoint(journey.workspace_id, touchpoint)
    if not stage and touchpoint.stages:
        stage = touchpoint.stages[0]
    stage = check_stage(stage)
    expected = check_expected(expected)
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
        _only_final_chord(step)
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
    stage = check_stage(stage)
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
    journey = lock_journey(step.journey)
    step = JourneyStep.objects.get(pk=step.pk)
    if touchpoint is not _UNSET:
        step.touchpoint = check_touchpoint(journey.workspace_id, touchpoint)
    if stage is not _UNSET:
        step.stage = check_stage(stage)
    if expected is not _UNSET:
        step.expected = check_expected(expected)
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
    journey = lock_journey(step.journey)
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
    journey = lock_journey(journey)
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
    before = [step.position for step in ordered]
    moved = _moved(before)
    for i, step in enumerate(ordered):
        step.position = i
    # The steps the user moved are saved one by one, so the history says who moved which step where;
    # the others only made room (their new places follow) and those whose place changed are written
    # together.
    for i in moved:
        ordered[i].save(update_fields=["position"])
    shifted = [s for i, s in enumerate(ordered) if i not in moved and before[i] != i]
    JourneyStep.objects.bulk_update(shifted, ["position"], batch_size=500)
    return ordered


def _moved(places: Sequence[int]) -> set[int]:
    """The indexes of the items that moved, given each item's old place in its new order: all but
    a longest run that kept its order (a longest increasing subsequence). Moving one step to the
    front moves that step, not the ones that made room for it."""
    tails: list[int] = []  # tails[k]: the item ending the kept runs of length k + 1 at the lowest place
    lows: list[int] = []  # their places
    before: list[int | None] = [None] * len(places)
    for i, place in enumerate(places):
        k = bisect.bisect_left(lows, place)
        before[i] = tails[k - 1] if k else None
        tails[k : k + 1], lows[k : k + 1] = [i], [place]
    kept: set[int] = set()
    at = tails[-1] if tails else None
    while at is not None:
        kept.add(at)
        at = before[at]
    return set(range(len(places))) - kept


@transaction.atomic
def step_move(*, step: JourneyStep, offset: int) -> JourneyStep:
    """Moves a step ``offset`` places later (negative: earlier), clamped to the chain's ends."""
    journey = lock_journey(step.journey)
    ids = list(JourneyStep.objects.filter(journey=journey).order_by("position", "id").values_list("id", flat=True))
    if step.pk not in ids:
        raise ValidationError(_("This step is not in the journey any more."))
    i = ids.index(step.pk)
    j = max(0, min(len(ids) - 1, i + int(offset)))
    if i != j:
        ids.insert(j, ids.pop(i))
        steps_reorder(journey=journey, step_ids=ids)
    return JourneyStep.objects.get(pk=step.pk)
