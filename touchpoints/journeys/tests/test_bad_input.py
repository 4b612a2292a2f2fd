"""Writes to journeys: the rules hold and a refused request changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.journeys import services
from touchpoints.journeys.models import Journey, JourneyStep


def order(journey: Journey) -> list[int]:
    return list(journey.steps.order_by("position").values_list("id", flat=True))


def names(journey: Journey) -> list[str]:
    return list(journey.steps.order_by("position").values_list("touchpoint__name", flat=True))


def test_a_step_cannot_use_another_workspaces_touchpoint(chainworld):
    before = order(chainworld.journey)
    with pytest.raises(ValidationError) as err:
        services.step_add(journey=chainworld.journey, touchpoint=chainworld.foreign, stage="need")
    assert "not in this workspace's inventory" in str(err.value)
    assert "secret" not in str(err.value)  # nothing about the other workspace leaks
    assert order(chainworld.journey) == before
    step = chainworld.journey.steps.first()
    with pytest.raises(ValidationError):
        services.step_update(step=step, touchpoint=chainworld.foreign)
    step.refresh_from_db()
    assert step.touchpoint.workspace_id == chainworld.world.workspace.pk


def test_next_journey_links_never_close_a_cycle(chainworld):
    ws, own = chainworld.world.workspace, chainworld.own
    a = chainworld.journey
    b = services.journey_create(workspace=ws, name="Repeat visit", brand=own, next_journey=a)
    c = services.journey_create(workspace=ws, name="Referral", brand=own, next_journey=b)
    with pytest.raises(ValidationError) as err:
        services.journey_update(journey=a, next_journey=c)
    message = " ".join(err.value.messages)
    assert "cycle" in message and "First visit → Referral → Repeat visit → First visit" in message
    with pytest.raises(ValidationError, match="cannot start itself"):
        services.journey_update(journey=a, next_journey=a)
    a.refresh_from_db()
    assert a.next_journey_id is None
    other = services.journey_create(
        workspace=chainworld.world.other, name="Theirs", brand=chainworld.world.other.brands.get()
    )
    with pytest.raises(ValidationError, match="journey of this workspace"):
        services.journey_update(journey=a, next_journey=other)
    services.journey_update(journey=c, next_journey=None)
    services.journey_update(journey=a, next_journey=c)  # now fine: c no longer leads back
    assert Journey.objects.get(pk=a.pk).next_journey_id == c.pk


@pytest.mark.parametrize(
    "bad, expected",
    [
        (lambda ids: ids + [999999], "Not steps of this journey: 999999"),
        (lambda ids: ids[:-1] + [ids[0]], "Named more than once"),
        (lambda ids: ids[:-1], "Left out"),
        (lambda ids: [*ids[:-1], "x"], "whole numbers"),
        (lambda ids: [], "Left out"),
    ],
)
def test_a_bad_reorder_is_refused_and_changes_nothing(chainworld, bad, expected):
    journey = chainworld.journey
    before = order(journey)
    with pytest.raises(ValidationError) as err:
        services.steps_reorder(journey=journey, step_ids=bad(list(before)))
    assert expected in " ".join(err.value.messages)
    assert "The order was not changed." in " ".join(err.value.messages) or expected == "whole numbers"
    assert order(journey) == before


def test_a_step_of_another_journey_is_unknown_to_a_reorder(chainworld):
    other = services.journey_create(workspace=chainworld.world.workspace, name="Other", brand=chainworld.own)
    stranger = services.step_add(journey=other, touchpoint=chainworld.tps["ad"], stage="need")
    ids = order(chainworld.journey)
    with pytest.raises(ValidationError, match=str(stranger.pk)):
        services.steps_reorder(journey=chainworld.journey, step_ids=[*ids[:-1], stranger.pk])
    assert order(chainworld.journey) == ids


def test_reorder_move_insert_and_delete_keep_positions_dense(chainworld):
    journey = chainworld.journey
    ids = order(journey)
    services.steps_reorder(journey=journey, step_ids=list(reversed(ids)))
    assert order(journey) == list(reversed(ids))
    assert names(journey)[0] == "Newsletter"
    services.step_move(step=JourneyStep.objects.get(pk=ids[0]), offset=-1)
    assert order(journey) == [ids[4], ids[3], ids[2], ids[0], ids[1]]
    services.step_add(journey=journey, touchpoint=chainworld.tps["card"], stage="decision", position=1)
    assert names(journey)[1] == "Patient card"
    services.step_delete(step=journey.steps.order_by("position").first())
    assert list(journey.steps.order_by("position").values_list("position", flat=True)) == list(range(5))


def test_move_up_and_down_clamp_at_the_ends(chainworld):
    journey = chainworld.journey
    ids = order(journey)
    services.step_move(step=JourneyStep.objects.get(pk=ids[0]), offset=-1)
    assert order(journey) == ids
    services.step_move(step=JourneyStep.objects.get(pk=ids[0]), offset=1)
    assert order(journey)[:2] == [ids[1], ids[0]]
    services.step_move(step=JourneyStep.objects.get(pk=ids[-1]), offset=10)
    assert order(journey)[-1] == ids[-1]


def test_stage_and_expected_are_checked(chainworld):
    journey = chainworld.journey
    with pytest.raises(ValidationError, match="five purchase stages"):
        services.step_add(journey=journey, touchpoint=chainworld.tps["ad"], stage="someday")
    for bad in (3, -3, "much", 1.5, True):
        with pytest.raises(ValidationError, match="from −2 to \\+2"):
            services.step_add(journey=journey, touchpoint=chainworld.tps["ad"], stage="need", expected=bad)
    step = services.step_add(journey=journey, touchpoint=chainworld.tps["ad"], stage="need", expected="−2")
    assert step.expected == -2
    assert journey.steps.count() == 6


def test_stage_defaults_to_the_touchpoints_first_stage(chainworld):
    step = services.step_add(journey=chainworld.journey, touchpoint=chainworld.tps["review"])
    assert step.stage == "after" and step.position == 5


def test_one_final_chord_per_chain(chainworld):
    journey = chainworld.journey
    first, *_rest, last = list(journey.steps.order_by("position"))
    services.step_update(step=last, final_chord=True)
    services.step_update(step=first, final_chord=True)
    assert list(journey.steps.filter(is_final_chord=True).values_list("pk", flat=True)) == [first.pk]
    added = services.step_add(journey=journey, touchpoint=chainworld.tps["card"], stage="after", final_chord=True)
    assert list(journey.steps.filter(is_final_chord=True).values_list("pk", flat=True)) == [added.pk]


def test_a_missing_touchpoint_created_on_the_spot(chainworld):
    journey = chainworld.journey
    step = services.step_add_new_touchpoint(
        journey=journey,
        name="Answering machine",
        stage="decision",
        channel="phone",
        owner_unit="Call centre",
        expected=-1,
        position=3,
    )
    tp = step.touchpoint
    assert tp.workspace_id == journey.workspace_id and tp.stages == ["decision"] and tp.channel == "phone"
    assert Presence.objects.get(touchpoint=tp, brand=chainworld.own).status == "missing"
    assert names(journey)[3] == "Answering machine"
    count = Touchpoint.objects.count()
    with pytest.raises(ValidationError):
        services.step_add_new_touchpoint(journey=journey, name="Bad", stage="decision", expected=7)
    assert Touchpoint.objects.count() == count  # all or nothing


def test_journey_fields_are_checked(chainworld):
    ws = chainworld.world.workspace
    with pytest.raises(ValidationError, match="brand of this workspace"):
        services.journey_create(workspace=ws, name="X", brand=chainworld.world.other.brands.get())
    with pytest.raises(ValidationError):
        services.journey_create(workspace=ws, name="  ", brand=chainworld.own)
    with pytest.raises(ValidationError, match="Segments"):
        services.journey_create(
            workspace=ws,
            name="X",
            brand=chainworld.own,
            segments=[chainworld.world.other.segments.create(name="Theirs")],
        )
    assert Journey.objects.filter(workspace=ws).count() == 1
