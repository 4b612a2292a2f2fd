"""Every page's form markup ties its texts to its fields for a screen reader: a label names an
element of the page (a group of checkboxes had ``<label for="">``, tied to nothing), and every
``aria-describedby`` names a help text that is there (the help texts had no id, so the one Django
puts on each widget named nothing)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from touchpoints.lib.testing_access import pages
from touchpoints.tests.permission_tables import PUBLIC


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.label_for: list[str] = []
        self.described_by: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "label" and "for" in found:
            self.label_for.append(found["for"] or "")
        for name in (found.get("aria-describedby") or "").split():
            self.described_by.append(name)


def _address(populated: Any, key: str, route: str) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if key in PUBLIC and name == "token":
            return populated.public[PUBLIC[key][0]]
        return populated.resolve(name, key) or "1"

    return re.sub(r"<(?:\w+:)?(\w+)>", fill, route)


@pytest.mark.django_db
def test_every_label_and_description_names_an_element_of_its_page(populated: Any) -> None:
    client = populated.world.client("owner")
    checked, problems = 0, []
    for page in pages():
        url = _address(populated, page.key, page.route)
        response = client.get(url)
        if response.status_code != 200 or response.streaming or not response["Content-Type"].startswith("text/html"):
            continue
        markup = _Markup()
        markup.feed(response.content.decode())
        checked += "<form" in response.content.decode()
        problems += [f"{url}: <label for={name!r}>" for name in markup.label_for if name not in markup.ids]
        problems += [f"{url}: aria-describedby={name!r}" for name in markup.described_by if name not in markup.ids]
    assert checked > 30 and not problems, problems
