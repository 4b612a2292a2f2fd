"""Download URLs name their formats (touchpoints.lib.converters): a format the view does not write is
a 404 before the view runs, and no link can be reversed to one."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    out: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            out += _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append(prefix + str(p.pattern))
    return out


def test_no_download_url_takes_any_format() -> None:
    routes = _routes(get_resolver().url_patterns)
    assert any("<data:fmt>" in r for r in routes)
    # The reports check the format together with the report's readiness; analytics with what is exported.
    assert sorted(r for r in routes if "<str:fmt>" in r) == [
        "r/<str:token>/download.<str:fmt>",
        "w/<slug:slug>/analytics/runs/<int:pk>/export/<str:what>.<str:fmt>",
        "w/<slug:slug>/reports/<int:pk>/download.<str:fmt>",
    ]


def test_reverse_refuses_a_format_the_view_does_not_write() -> None:
    assert reverse("inventory:export", args=["clinic", "json"]).endswith("/export.json")
    assert reverse("reviews:contacts_export", args=["clinic", 3, "xlsx"]).endswith("/contacts.xlsx")
    with pytest.raises(NoReverseMatch):
        reverse("reviews:contacts_export", args=["clinic", 3, "json"])
    with pytest.raises(NoReverseMatch):
        reverse("journey_share_download", args=["token", "csv"])  # the data stays with the workspace


# A download's path → a format its view writes, and one it does not.
DOWNLOADS = {
    "touchpoints/export": ("json", "pdf"),
    "touchpoints/import/template": ("xlsx", "json"),
    "history/export": ("csv", "json"),
    "impact/export": ("csv", "html"),
    "priorities/export": ("xlsx", "CSV"),
    "priorities/benchmark/export": ("json", "exe"),
}


@pytest.mark.parametrize("path", DOWNLOADS)
def test_an_owner_downloads_the_listed_formats_and_gets_a_404_for_others(world: Any, path: str) -> None:
    written, refused = DOWNLOADS[path]
    client = world.client("owner")
    assert client.get(f"/w/{world.slug}/{path}.{written}").status_code == 200
    assert client.get(f"/w/{world.slug}/{path}.{refused}").status_code == 404
