"""The rules of an action: a target, an owner who is a member, a deadline not in the past (and
what happens to an overdue one when edited), status stamps, and nothing half-written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from touchpoints.actions import choices as c
from touchpoints.actions import selectors, services
from touchpoints.actions.models import Action
from touchpoints.audits.tests.helpers import summarised_audit
from touchpoints.workspaces.models import Membership
from touchpoints.workspaces.services import membership_remove

TODAY = timezone.localdate


def test_it_refuses_a_deadline_in_the_past_on_create(plan: Any) -> None:
    before = Action.objects.count()
    with pytest.raises(ValidationError) as err:
        plan.action(deadline=TODAY() - dt.timedelta(days=1))
    assert "already passed" in " ".join(err.value.message_dict["deadline"])
    assert Action.objects.count() == before


def test_an_overdue_action_keeps_its_deadline_when_edited_but_cannot_move_to_another_past_day(plan: Any) -> None:
    action = plan.actions[0]
    Action.objects.filter(pk=action.pk).update(deadline=TODAY() - dt.timedelta(days=3))
    action.refresh_from_db()
    services.action_update(action=action, title="Answer within two rings")
    action.refresh_from_db()
    assert action.title == "Answer within two rings" and action.deadline == TODAY() - dt.timedelta(days=3)
    with pytest.raises(ValidationError) as err:
        services.action_update(action=action, deadline=TODAY() - dt.timedelta(days=2))
    assert "deadline" in err.value.message_dict
    services.action_update(action=action, deadline=TODAY() + dt.timedelta(days=2))


def test_it_refuses_an_owner_who_is_not_a_member_and_flags_actions_of_one_who_left(plan: Any) -> None:
    with pytest.raises(ValidationError) as err:
        plan.action(owner_user=plan.world.users["outsider"])
    # Someone who never was a member is not named (an API caller could read any account's name).
    assert err.value.message_dict["owner_user"] == ["Choose a current member of the workspace or a unit."]
    membership_remove(membership=Membership.objects.get(workspace=plan.workspace, user=plan.world.users["editor"]))
    rows = selectors.action_rows(workspace=plan.workspace, today=TODAY())
    flagged = [r for r in rows if r.owner_left]
    assert [r.action.pk for r in flagged] == [plan.actions[0].pk]
    # Editing it without choosing a new owner is refused; moving it on the board is not.
    with pytest.raises(ValidationError):
        services.action_update(action=plan.actions[0], title="x")
    services.action_set_status(action=plan.actions[0], status=c.Status.DONE)
    services.action_update(action=plan.actions[0], owner_user=None, owner_unit="Call centre")


def test_it_needs_a_target_an_owner_and_a_title(plan: Any) -> None:
    with pytest.raises(ValidationError) as err:
        plan.action(title=" ", touchpoint=None, owner_user=None, deadline=None)
    assert {"title", "touchpoint", "owner_user", "deadline"} <= set(err.value.message_dict)


def test_it_refuses_a_touchpoint_of_another_workspace(plan: Any) -> None:
    from touchpoints.inventory.services import touchpoint_create

    foreign = touchpoint_create(workspace=plan.world.other, name="Their site")
    with pytest.raises(ValidationError) as err:
        plan.action(touchpoint=foreign)
    assert "touchpoint" in err.value.message_dict


def test_status_changes_stamp_the_start_and_the_end(plan: Any) -> None:
    action = plan.actions[0]
    assert action.started_at is None and action.done_at is None
    action = services.action_set_status(action=action, status=c.Status.IN_PROGRESS)
    started = action.started_at
    assert started is not None
    action = services.action_set_status(action=action, status=c.Status.DONE)
    assert action.done_at is not None and action.started_at == started
    action = services.action_set_status(action=action, status=c.Status.IN_PROGRESS)
    assert action.done_at is None
    with pytest.raises(ValidationError):
        services.action_set_status(action=action, status="finished")


def test_the_result_is_measured_from_the_audits_around_the_action(plan: Any) -> None:
    """An audit before the action (score 40) and one submitted after it was done (score 70)."""
    action = plan.actions[0]
    tp = plan.touchpoints[0]
    own = plan.workspace.brands.get(is_own=True)
    t = timezone.now()
    summarised_audit(plan.workspace, own, "Spring", "submitted", {tp: 40}, 40, submitted_at=t - dt.timedelta(days=30))
    Action.objects.filter(pk=action.pk).update(
        started_at=t - dt.timedelta(days=20), done_at=t - dt.timedelta(days=10), status=c.Status.DONE
    )
    row = selectors.action_row(workspace=plan.workspace, action=Action.objects.get(pk=action.pk), today=TODAY())
    assert row.measurement.state == "waiting" and row.measurement.before.value == 40
    summarised_audit(plan.workspace, own, "Autumn", "closed", {tp: 70}, 70, submitted_at=t - dt.timedelta(days=2))
    # A competitor's audit never counts.
    rival = plan.workspace.brands.get(is_own=False)
    summarised_audit(plan.workspace, rival, "Rival", "closed", {tp: 99}, 99, submitted_at=t - dt.timedelta(days=5))
    row = selectors.action_row(workspace=plan.workspace, action=Action.objects.get(pk=action.pk), today=TODAY())
    assert (
        row.measurement.state,
        row.measurement.before.value,
        row.measurement.after.value,
        row.measurement.change,
    ) == ("measured", 40, 70, 30)


@pytest.mark.parametrize(
    "lang, unit, shown",
    [
        ("en", "points", "50% of the way to the target"),
        ("ru", "баллов", "пройдено 50% пути к цели"),
        ("es", "Puntos", "50% del camino hacia el objetivo"),
    ],
)
def test_the_kpi_read_from_the_audit_in_the_teams_language(plan: Any, lang: str, unit: str, shown: str) -> None:
    """A KPI whose unit is the audit's points, written in the team's language ("баллов",
    "puntos", as the Russian and Spanish demos write it), is read from the next audit: 40 → 60 with
    the audit at 50 is half way. The Russian and Spanish demos showed no progress, and the page
    printed the share as a bare "1" or "0" instead of a percentage."""
    action, tp = plan.actions[0], plan.touchpoints[0]
    own = plan.workspace.brands.get(is_own=True)
    t = timezone.now()
    summarised_audit(plan.workspace, own, "Spring", "submitted", {tp: 40}, 40, submitted_at=t - dt.timedelta(days=30))
    summarised_audit(plan.workspace, own, "Autumn", "closed", {tp: 50}, 50, submitted_at=t - dt.timedelta(days=2))
    Action.objects.filter(pk=action.pk).update(
        started_at=t - dt.timedelta(days=20),
        done_at=t - dt.timedelta(days=10),
        status=c.Status.DONE,
        touchpoint=tp,
        kpi_name="Audit score",
        kpi_baseline=40,
        kpi_target=60,
        kpi_unit=unit,
    )
    client = plan.world.client("viewer")
    client.cookies["django_language"] = lang
    body = client.get(f"/w/{plan.workspace.slug}/actions/{action.pk}/").content.decode()
    assert shown in body
    # A unit of its own (calls, %) is not the audit's: no progress is read for it.
    Action.objects.filter(pk=action.pk).update(kpi_unit="%")
    body = client.get(f"/w/{plan.workspace.slug}/actions/{action.pk}/").content.decode()
    assert "50%" not in body


def test_feedback_sources_are_measured_apart(plan: Any) -> None:
    from touchpoints.actions.measure import Reading
    from touchpoints.actions.readings import FEEDBACK_SOURCES, register_feedback_source

    t = timezone.now()
    tp = plan.touchpoints[0]
    register_feedback_source(
        "NPS",
        lambda ws, ids: {
            tp.pk: [Reading(t - dt.timedelta(days=9), 10, "NPS"), Reading(t + dt.timedelta(days=1), 30, "NPS")]
        },
    )
    try:
        Action.objects.filter(pk=plan.actions[0].pk).update(
            started_at=t - dt.timedelta(days=5), done_at=t, status=c.Status.DONE
        )
        row = selectors.action_row(
            workspace=plan.workspace, action=Action.objects.get(pk=plan.actions[0].pk), today=TODAY()
        )
        assert row.feedback["NPS"].change == 20
        assert row.measurement.state == "no_before"
    finally:
        FEEDBACK_SOURCES.pop("NPS")


def test_list_filters(plan: Any) -> None:
    today = TODAY()
    Action.objects.filter(pk=plan.actions[1].pk).update(deadline=today - dt.timedelta(days=1))

    def ids(**f: Any) -> list[int]:
        rows = selectors.action_rows(workspace=plan.workspace, today=today, filters=selectors.Filters(**f))
        return [r.action.pk for r in rows]

    assert ids(overdue=True) == [plan.actions[1].pk]
    assert ids(owner="unit:Marketing") == [plan.actions[1].pk]
    assert ids(owner=f"u{plan.world.users['editor'].pk}") == [plan.actions[0].pk]
    assert ids(touchpoint=plan.touchpoints[0].pk) == [plan.actions[0].pk]
    assert ids(status="done") == []


@pytest.mark.parametrize("field", ["touchpoint_id", "journey_id", "owner_user_id"])
def test_an_id_that_names_nothing_is_a_field_error_not_a_crash(plan: Any, field: str) -> None:
    """The API fuzzer's finding: PATCH with an unknown journey_id (or touchpoint, owner) was a 500."""
    action = plan.actions[0]
    with pytest.raises(ValidationError) as err:
        unknown: dict[str, Any] = {field: 987654}
        services.action_update(action=action, **unknown)
    assert field.removesuffix("_id") in err.value.message_dict
    action.refresh_from_db()
    assert action.title == "Answer within three rings"


@pytest.mark.parametrize("field", ["touchpoint_id", "journey_id", "owner_user_id"])
def test_an_id_of_zero_is_no_object_not_a_crash(plan: Any, field: str) -> None:
    """The fuzzer again: `false` in JSON arrives as id 0, which names nothing and is not "unset";
    it was a 500 once related objects were read directly."""
    action = plan.actions[1]  # owned by a unit, on a touchpoint
    zero: dict[str, Any] = {field: 0}
    try:
        services.action_update(action=action, **zero)
    except ValidationError as exc:  # only what a user can fix, never a crash
        assert set(exc.message_dict) <= {"touchpoint", "journey", "priority", "owner_user"}
    action.refresh_from_db()
    assert getattr(action, field) is None or getattr(action, field) != 0


def test_null_text_from_the_api_is_stored_empty(plan: Any) -> None:
    action = services.action_update(action=plan.actions[0], description=None, kpi_name=None, kpi_unit=None)
    action.refresh_from_db()
    assert (action.description, action.kpi_name, action.kpi_unit) == ("", "", "")
