"""An import holds every row to the rules of a single edit: what the edit page and the API refuse,
the import refuses too, by row and column, in the user's language, and writes nothing."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from touchpoints.inventory.importing import import_touchpoints
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.inventory.tabular import read_rows


def run_import(world: Any, body: str) -> Any:
    header, rows = read_rows(body.encode(), "csv")
    return import_touchpoints(workspace=world.workspace, header=header, rows=rows)


def test_a_cyrillic_code_is_refused_as_the_api_refuses_it(world: Any) -> None:
    response = world.client("editor").post(
        f"/api/v1/workspaces/{world.slug}/touchpoints",
        {"name": "Сайт", "code": "сайт"},
        content_type="application/json",
    )
    assert response.status_code == 422
    with translation.override("ru"):
        result = run_import(world, "name,code\nWebsite,site\nСайт,сайт\n")
        faults = [str(f) for f in result.faults]
    assert [(f.row, f.column) for f in result.faults] == [(3, "code")]
    assert faults[0].startswith("Строка 3") and "латинских" in faults[0]
    assert not Touchpoint.objects.filter(workspace=world.workspace).exists()


def test_a_name_longer_than_the_model_allows_is_refused(world: Any) -> None:
    result = run_import(world, f"name,owner_unit\nWebsite,{'x' * 201}\n{'N' * 201},Marketing\n")
    assert [(f.row, f.column) for f in result.faults] == [(2, "owner_unit"), (3, "name")]
    assert not Touchpoint.objects.filter(workspace=world.workspace).exists()


def test_an_update_by_code_is_validated_whole(world: Any) -> None:
    touchpoint_create(workspace=world.workspace, name="Website", code="site", channel="website")
    result = run_import(world, "name,code,channel\n,site,phone\n")
    assert [(f.row, f.column) for f in result.faults] == [(2, "name")]
    assert Touchpoint.objects.get(code="site").channel == "website"
