from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.inventory.services import (
    touchpoint_bulk_update,
    touchpoint_create,
    touchpoint_delete,
    touchpoint_update,
)


def test_nesting_any_depth_and_phases_derived(world: Any) -> None:
    site = touchpoint_create(workspace=world.workspace, name="Website", stages=["search", "decision"])
    faq = touchpoint_create(workspace=world.workspace, name="FAQ", parent=site)
    answer = touchpoint_create(workspace=world.workspace, name="Answer page", parent=faq, stages=["after"])
    assert answer.parent is not None and answer.parent.parent == site
    assert site.phases == ["before", "during"]
    assert answer.phases == ["after"]


def test_cycle_is_refused_and_nothing_changes(world: Any) -> None:
    a = touchpoint_create(workspace=world.workspace, name="A")
    b = touchpoint_create(workspace=world.workspace, name="B", parent=a)
    c = touchpoint_create(workspace=world.workspace, name="C", parent=b)
    with pytest.raises(ValidationError) as exc:
        touchpoint_update(touchpoint=a, parent=c)
    assert "cycle" in str(exc.value)
    a.refresh_from_db()
    assert a.parent_id is None
    with pytest.raises(ValidationError):
        touchpoint_update(touchpoint=a, parent=a)


def test_parent_from_another_workspace_is_refused(world: Any) -> None:
    foreign = touchpoint_create(workspace=world.other, name="Foreign")
    with pytest.raises(ValidationError) as exc:
        touchpoint_create(workspace=world.workspace, name="Child", parent=foreign)
    assert "parent" in exc.value.error_dict
    assert not Touchpoint.objects.filter(name="Child").exists()


def test_wrong_enum_values_are_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        touchpoint_create(workspace=world.workspace, name="X", channel="telepathy")
    assert "channel" in exc.value.error_dict
    with pytest.raises(ValidationError):
        touchpoint_create(workspace=world.workspace, name="X", stages=["need", "someday"])
    with pytest.raises(ValidationError):
        touchpoint_create(workspace=world.workspace, name="")
    assert not Touchpoint.objects.filter(workspace=world.workspace).exists()


def test_presence_per_brand(world: Any) -> None:
    own = world.workspace.brands.get(is_own=True)
    rival = world.workspace.brands.get(is_own=False)
    tp = touchpoint_create(
        workspace=world.workspace, name="Answering machine", presence={own.pk: "missing", rival.pk: "exists"}
    )
    assert dict(tp.presences.values_list("brand__name", "status")) == {"Our clinic": "missing", "Rival": "exists"}
    other_brand = world.other.brands.get()
    with pytest.raises(ValidationError):
        touchpoint_update(touchpoint=tp, presence={other_brand.pk: "exists"})
    assert Presence.objects.filter(brand=other_brand).count() == 0


def test_delete_takes_nested_touchpoints(world: Any) -> None:
    a = touchpoint_create(workspace=world.workspace, name="A")
    b = touchpoint_create(workspace=world.workspace, name="B", parent=a)
    touchpoint_create(workspace=world.workspace, name="C", parent=b)
    keep = touchpoint_create(workspace=world.workspace, name="Keep")
    assert touchpoint_delete(touchpoint=a) == 3
    assert list(Touchpoint.objects.filter(workspace=world.workspace)) == [keep]


def test_bulk_update_is_all_or_nothing(world: Any) -> None:
    a = touchpoint_create(workspace=world.workspace, name="A", stages=["need"])
    b = touchpoint_create(workspace=world.workspace, name="B")
    n = touchpoint_bulk_update(
        workspace=world.workspace, ids=[a.pk, b.pk], changes={"area": "sale"}, add_stages=["after"]
    )
    assert n == 2
    a.refresh_from_db()
    assert a.area == "sale" and a.stages == ["need", "after"]
    foreign = touchpoint_create(workspace=world.other, name="F")
    with pytest.raises(ValidationError):
        touchpoint_bulk_update(workspace=world.workspace, ids=[a.pk, foreign.pk], changes={"area": "product"})
    a.refresh_from_db()
    foreign.refresh_from_db()
    assert a.area == "sale" and foreign.area == ""


def test_tree_opens_fully_when_small_and_by_branch_when_large(world: Any, settings: Any, monkeypatch: Any) -> None:
    from touchpoints.inventory import selectors

    root = touchpoint_create(workspace=world.workspace, name="Website")
    faq = touchpoint_create(workspace=world.workspace, name="FAQ", parent=root)
    touchpoint_create(workspace=world.workspace, name="Answer", parent=faq)
    touchpoint_create(workspace=world.workspace, name="Phone")
    rows = selectors.touchpoint_tree_rows(workspace=world.workspace)
    assert [(r.name, r.depth) for r in rows] == [("Phone", 0), ("Website", 0), ("FAQ", 1), ("Answer", 2)]
    monkeypatch.setattr(selectors, "TREE_EXPAND_ALL", 2)
    rows = selectors.touchpoint_tree_rows(workspace=world.workspace)
    assert [(r.name, r.child_count) for r in rows] == [("Phone", 0), ("Website", 1)]
    page = world.client("viewer").get(f"/w/{world.slug}/touchpoints/tree/?parent={root.pk}")
    assert [r.name for r in page.context["rows"]] == ["FAQ"]
    foreign = touchpoint_create(workspace=world.other, name="Foreign root")
    touchpoint_create(workspace=world.other, name="Foreign child", parent=foreign)
    page = world.client("viewer").get(f"/w/{world.slug}/touchpoints/tree/?parent={foreign.pk}")
    assert page.context["rows"] == []


def test_delete_page_says_what_else_goes(world: Any) -> None:
    from touchpoints.journeys.models import Journey, JourneyStep

    tp = touchpoint_create(workspace=world.workspace, name="Phone")
    brand = world.workspace.brands.get(is_own=True)
    journey = Journey.objects.create(workspace=world.workspace, name="Booking", brand=brand)
    JourneyStep.objects.create(journey=journey, touchpoint=tp, position=0, stage="decision")
    page = world.client("editor").get(f"/w/{world.slug}/touchpoints/{tp.pk}/delete/")
    impact = dict(page.context["impact"])
    assert list(impact.values()) == [1]
    assert Touchpoint.objects.filter(pk=tp.pk).exists()
