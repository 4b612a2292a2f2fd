"""Imports cannot make a parent cycle through the inventory (a second import, or a row whose
parent is its own old name), a file cannot hold one code twice, and a cycle already stored
(older data) neither hangs a delete nor the tree. Nothing is written when a file is refused."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from touchpoints.inventory.importing import import_touchpoints
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.selectors import touchpoint_tree_rows
from touchpoints.inventory.services import touchpoint_create, touchpoint_delete, touchpoint_update
from touchpoints.inventory.tabular import read_rows


def run_import(world: Any, body: str) -> Any:
    header, rows = read_rows(body.encode(), "csv")
    return import_touchpoints(workspace=world.workspace, header=header, rows=rows)


def snapshot(world: Any) -> list[tuple[Any, ...]]:
    return list(
        Touchpoint.objects.filter(workspace=world.workspace)
        .order_by("pk")
        .values_list("pk", "name", "code", "parent_id")
    )


def test_a_second_import_cannot_close_a_cycle_through_the_inventory(world: Any) -> None:
    assert run_import(world, "name,code,parent\nParent,p,\nChild,c,p\n").ok
    before = snapshot(world)
    result = run_import(world, "name,code,parent\nParent,p,c\n")
    assert not result.ok
    assert [(f.row, f.column) for f in result.faults] == [(2, "parent")]
    assert "cycle" in result.faults[0].message
    assert snapshot(world) == before


def test_a_row_cannot_hang_under_its_own_old_name(world: Any) -> None:
    old = touchpoint_create(workspace=world.workspace, name="Old name", code="x")
    before = snapshot(world)
    result = run_import(world, "name,code,parent\nNew name,x,Old name\n")
    assert [(f.row, f.column) for f in result.faults] == [(2, "parent")]
    assert snapshot(world) == before
    old.refresh_from_db()
    assert old.parent_id is None


def test_a_cycle_inside_the_file_is_still_refused(world: Any) -> None:
    result = run_import(world, "name,code,parent\nA,a,b\nB,b,a\n")
    assert {(f.row, f.column) for f in result.faults} == {(2, "parent"), (3, "parent")}
    assert not Touchpoint.objects.filter(workspace=world.workspace).exists()


def test_moving_a_subtree_under_a_new_row_is_allowed(world: Any) -> None:
    assert run_import(world, "name,code,parent\nParent,p,\nChild,c,p\n").ok
    assert run_import(world, "name,code,parent\nGrand,g,\nParent,p,g\n").ok
    assert Touchpoint.objects.filter(code="p", parent__code="g").exists()
    assert Touchpoint.objects.filter(code="c", parent__code="p").exists()


def test_two_rows_with_one_code_are_refused(world: Any) -> None:
    result = run_import(world, "name,code\nFirst,dup\nSecond,DUP\n")
    assert [(f.row, f.column) for f in result.faults] == [(3, "code")]
    assert "row 2" in result.faults[0].message
    assert not Touchpoint.objects.filter(workspace=world.workspace).exists()


def test_delete_and_tree_survive_a_stored_cycle(world: Any) -> None:
    p = touchpoint_create(workspace=world.workspace, name="P")
    child = touchpoint_create(workspace=world.workspace, name="C", parent=p)
    grandchild = touchpoint_create(workspace=world.workspace, name="G", parent=child)
    Touchpoint.objects.filter(pk=p.pk).update(parent=child)  # as older imports left it: P → C → P
    rows = touchpoint_tree_rows(workspace=world.workspace, parent_id=p.pk)
    assert sorted(r.name for r in rows) == ["C", "G"]
    assert touchpoint_delete(touchpoint=p) == 3
    assert not Touchpoint.objects.filter(pk__in=[p.pk, child.pk, grandchild.pk]).exists()


def test_a_5000_row_import_stays_quick(world: Any) -> None:
    lines = ["name,code,parent"] + [f"Group {g},g{g}," for g in range(50)]
    lines += [f"Item {i},i{i},g{i % 50}" for i in range(4950)]
    started = time.perf_counter()
    result = run_import(world, "\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    assert result.ok and result.created == 5000
    print(f"5000-row import: {elapsed:.2f} s")


def test_an_import_refuses_a_cycle_with_stored_rows_in_the_words_of_a_single_edit(world: Any) -> None:
    parent = touchpoint_create(workspace=world.workspace, name="Parent", code="p")
    child = touchpoint_create(workspace=world.workspace, name="Child", code="c", parent=parent)
    with pytest.raises(ValidationError) as edit:
        touchpoint_update(touchpoint=parent, parent=child)
    before = snapshot(world)
    result = run_import(world, "name,code,parent\nParent,p,Child\n")
    assert [(f.row, f.column, f.message) for f in result.faults] == [
        (2, "parent", edit.value.message_dict["parent"][0])
    ]
    assert snapshot(world) == before
