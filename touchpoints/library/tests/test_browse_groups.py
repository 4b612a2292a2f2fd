"""The library opens grouped by pack and area, collapsed; a search shows children with their parents."""

from __future__ import annotations

import re
from typing import Any

import pytest

from touchpoints.library.loader import library_load
from touchpoints.library.models import TouchpointTemplate


@pytest.fixture
def library(db: Any) -> dict[str, int]:
    return library_load()


def test_opens_collapsed_by_pack_and_area(world: Any, library: dict[str, int]) -> None:
    html = world.client("viewer").get(f"/w/{world.slug}/library/").content.decode()
    packs = re.findall(r'<details class="lib-pack card"( open)?>', html)
    assert len(packs) >= 5 and not any(packs)
    assert '<details class="lib-area">' in html


def test_child_never_without_its_parent(world: Any, library: dict[str, int]) -> None:
    child = TouchpointTemplate.objects.filter(parent__isnull=False).select_related("parent").first()
    assert child is not None and child.parent is not None
    page = world.client("viewer").get(f"/w/{world.slug}/library/", {"q": child.name_en})
    rows = page.context["rows"]
    ids = [r["t"].pk for r in rows]
    assert child.pk in ids and child.parent_id in ids
    assert ids.index(child.parent_id) < ids.index(child.pk)
    parent_row = rows[ids.index(child.parent_id)]
    assert parent_row["context"] or child.parent.name_en.lower().find(child.name_en.lower()) >= 0
    assert '<details class="lib-pack card" open>' in page.content.decode()
