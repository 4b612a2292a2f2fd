"""Brands get distinct colours by default; the colour stays editable."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from touchpoints.lib.palette import OLD_DEFAULT, PALETTE, colours_for, next_colour
from touchpoints.workspaces.models import Brand
from touchpoints.workspaces.services import brand_create, brand_update, workspace_create


def test_next_colour_takes_the_first_unused_then_the_least_used() -> None:
    assert next_colour([]) == PALETTE[0]
    assert next_colour([PALETTE[0].lower(), PALETTE[2]]) == PALETTE[1]
    assert next_colour(list(PALETTE)) == PALETTE[0]
    assert next_colour(list(PALETTE) + [PALETTE[0]]) == PALETTE[1]
    assert colours_for(len(PALETTE) + 1)[-1] == PALETTE[0]


def test_palette_colours_are_distinct_and_not_the_old_blue() -> None:
    assert len({c.lower() for c in PALETTE}) == len(PALETTE)
    assert OLD_DEFAULT not in {c.lower() for c in PALETTE}


@pytest.mark.django_db
def test_own_brand_first_colour_and_each_new_brand_a_different_one(django_user_model) -> None:  # noqa: ANN001
    user = django_user_model.objects.create_user("u")
    ws = workspace_create(name="Shop", owner=user)
    rivals = [brand_create(workspace=ws, name=f"Rival {i}") for i in range(3)]
    own = ws.brands.get(is_own=True)
    assert own.color == PALETTE[0]
    assert [b.color for b in rivals] == list(PALETTE[1:4])
    # A colour given explicitly is kept; the next default skips it.
    picked = brand_create(workspace=ws, name="Picked", color=PALETTE[4])
    assert picked.color == PALETTE[4]
    assert brand_create(workspace=ws, name="Next").color == PALETTE[5]


@pytest.mark.django_db
def test_bad_colour_is_refused(django_user_model) -> None:  # noqa: ANN001
    ws = workspace_create(name="Shop", owner=django_user_model.objects.create_user("u"))
    with pytest.raises(ValidationError) as exc:
        brand_create(workspace=ws, name="X", color="red")
    assert "color" in exc.value.error_dict
    with pytest.raises(ValidationError):
        brand_update(brand=ws.brands.first(), color="#12345")


def test_brand_form_offers_the_next_colour_and_saves_the_edited_one(world) -> None:  # noqa: ANN001
    client = world.client("editor")
    page = client.get(f"/w/{world.slug}/brands/").content.decode()
    assert 'type="color"' in page
    assert f'value="{PALETTE[2]}"' in page  # own and Rival hold the first two
    response = client.post(
        f"/w/{world.slug}/brands/", {"name": "Third", "color": "#123456", "website": "", "notes": ""}
    )
    assert response.status_code == 302
    assert Brand.objects.get(workspace=world.workspace, name="Third").color == "#123456"


@pytest.mark.django_db
def test_migration_recolours_workspaces_whose_brands_all_share_the_old_blue(django_user_model) -> None:  # noqa: ANN001
    user = django_user_model.objects.create_user("u")
    same = workspace_create(name="Same", owner=user)
    mixed = workspace_create(name="Mixed", owner=user)
    Brand.objects.filter(workspace=same).update(color=OLD_DEFAULT)
    Brand.objects.create(workspace=same, name="B rival", color=OLD_DEFAULT)
    Brand.objects.create(workspace=same, name="A rival", color=OLD_DEFAULT)
    Brand.objects.filter(workspace=mixed).update(color=OLD_DEFAULT)
    Brand.objects.create(workspace=mixed, name="Red", color="#ff0000")
    migration = importlib.import_module("touchpoints.workspaces.migrations.0002_brand_palette_colours")
    migration.recolour(apps, None)
    assert list(same.brands.order_by("-is_own", "name").values_list("color", flat=True)) == list(PALETTE[:3])
    assert set(mixed.brands.values_list("color", flat=True)) == {OLD_DEFAULT, "#ff0000"}
    assert migration.PALETTE == PALETTE


def test_api_brand_without_colour_gets_the_next_one(world) -> None:  # noqa: ANN001
    client = world.client("editor")
    response = client.post(
        f"/api/v1/workspaces/{world.slug}/brands", {"name": "Api rival"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["color"] == PALETTE[2]
    response = client.post(
        f"/api/v1/workspaces/{world.slug}/brands", {"name": "Bad", "color": "blue"}, content_type="application/json"
    )
    assert response.status_code == 422
