"""Numbers beyond 64 bits in page URLs and filters answer 4xx (or nothing found), never 500."""

from __future__ import annotations

import re
from typing import Any

import pytest

from touchpoints.lib.testing_access import Endpoint, pages
from touchpoints.tests.permission_tables import PUBLIC

HUGE = 2**64


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "touchpoints/?segment={h}",
        "touchpoints/?parent={h}",
        "touchpoints/?brand={h}&status=exists",
        "journeys/?brand={h}",
        "journeys/?segment={h}",
        "touchpoints/{h}/",
        "journeys/{h}/",
        "audits/{h}/",
        "touchpoints/export.csv?segment={h}",
        "history/?actor={h}",
        "history/?kind={h}",
    ],
)
def test_a_huge_number_is_not_a_server_error(world: Any, path: str) -> None:
    response = world.client("owner").get(f"/w/{world.slug}/" + path.format(h=HUGE))
    assert response.status_code in (200, 400, 404)


def _id_parameters() -> list[tuple[Endpoint, str]]:
    """(page, name) of every integer parameter of every page's address."""
    return [(page, name) for page in pages() for name in re.findall(r"<int:(\w+)>", page.route)]


def _address(populated: Any, page: Endpoint, name: str, value: int) -> str:
    """The page's address with ``value`` for the parameter ``name`` and the fixture's for the rest."""

    def fill(match: re.Match[str]) -> str:
        other = match.group(1)
        if other == name:
            return str(value)
        if page.key in PUBLIC and other == "token":
            return populated.public[PUBLIC[page.key][0]]
        return populated.resolve(other, page.key) or "1"

    return re.sub(r"<(?:\w+:)?(\w+)>", fill, page.route)


@pytest.mark.django_db
def test_every_id_in_a_page_address_beyond_64_bits_is_not_found(populated: Any) -> None:
    """Every page with an id in its address, asked by the owner (a public page with its real link)
    with 2⁶⁴ or 10²⁰ for that id: 404, or 405 where the page does not take the method. A feedback
    QR code answered 400 on SQLite (the database cannot compare such a number) and 404 on
    PostgreSQL."""
    client = populated.world.client("owner")
    problems = []
    for page, name in _id_parameters():
        for huge in (HUGE, 10**20):
            url = _address(populated, page, name, huge)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status not in (404, 405):
                    problems.append(f"{method.upper()} {url}: {status}")
    assert _id_parameters() and not problems, problems
