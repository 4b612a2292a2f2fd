"""The plan where the work is: a touchpoint's page, a journey's map and the top ten show the actions
that work on them (open ones first), and an editor plans a new one from there with its target
already chosen; a viewer reads them and gets no such link."""

from __future__ import annotations

import re
from typing import Any

from touchpoints.actions import choices as c
from touchpoints.journeys.services import journey_create, step_add
from touchpoints.priorities.services import top_ten_save


def _section(page: str) -> str:
    found = re.search(r'<section class="card actions-on".*?</section>', page, re.S)
    assert found, "no actions section"
    return found.group(0)


def test_a_touchpoints_page_lists_its_actions_open_first(plan: Any) -> None:
    phone, site = plan.touchpoints
    plan.action(title="<script>alert(1)</script> Old greeting", status=c.Status.DONE)
    version = top_ten_save(workspace=plan.workspace, places=[(phone.pk, "")])
    place = version.places.get()
    # An action on the phone's top-ten place, not on the phone itself, is the phone's too.
    plan.action(title="Second line at peak hours", touchpoint=None, priority=place)
    editor = plan.world.client("editor")
    section = _section(editor.get(f"/w/{plan.world.slug}/touchpoints/{phone.pk}/").content.decode())
    titles = re.findall(r'/actions/\d+/">([^<]*)</a>', section)
    # Open ones first (by deadline), the done one last; markup in a title stays text.
    assert titles == [
        "Answer within three rings",
        "Second line at peak hours",
        "&lt;script&gt;alert(1)&lt;/script&gt; Old greeting",
    ]
    assert f'href="/w/{plan.world.slug}/actions/new/?touchpoint={phone.pk}"' in section
    viewer = _section(plan.world.client("viewer").get(f"/w/{plan.world.slug}/touchpoints/{phone.pk}/").content.decode())
    assert "Second line at peak hours" in viewer and "/actions/new/" not in viewer
    assert "Rewrite the price page" not in section  # the website's action stays on the website's page


def test_a_touchpoint_with_no_action_says_so_in_each_language(plan: Any) -> None:
    from touchpoints.inventory.services import touchpoint_create

    parking = touchpoint_create(workspace=plan.workspace, name="Parking", channel="premises")
    url = f"/w/{plan.world.slug}/touchpoints/{parking.pk}/"
    for lang, words in (
        ("en", "No action works on it yet."),
        ("ru", "Над этой точкой контакта пока не работает ни одно действие."),
        ("es", "Todavía ninguna acción trabaja en este punto de contacto."),
    ):
        page = plan.world.client("editor").get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert words in _section(page), lang


def test_a_journey_map_lists_the_actions_on_it_and_on_its_touchpoints(plan: Any) -> None:
    phone, site = plan.touchpoints
    own = plan.workspace.brands.get(is_own=True)
    journey = journey_create(workspace=plan.workspace, name="Book a test", brand=own)
    step_add(journey=journey, touchpoint=phone, stage="decision")
    plan.action(title="Map the booking path again", touchpoint=None, journey=journey)
    section = _section(plan.world.client("editor").get(f"/w/{plan.world.slug}/journeys/{journey.pk}/").content.decode())
    assert "Map the booking path again" in section
    assert "Answer within three rings" in section and "· Phone line" in section  # named by its touchpoint
    assert "Rewrite the price page" not in section  # the website is not a step of this journey
    assert f'href="/w/{plan.world.slug}/actions/new/?journey={journey.pk}"' in section


def test_each_top_ten_place_shows_its_actions_or_asks_for_one(plan: Any) -> None:
    phone, site = plan.touchpoints
    from touchpoints.inventory.services import touchpoint_create

    parking = touchpoint_create(workspace=plan.workspace, name="Parking", channel="premises")
    version = top_ten_save(workspace=plan.workspace, places=[(phone.pk, ""), (parking.pk, "")])
    place = version.places.get(touchpoint=parking)
    url = f"/w/{plan.world.slug}/priorities/top/"
    page = plan.world.client("editor").get(url).content.decode()
    places = re.findall(r'<div class="small place-actions">(.*?)</div>', page, re.S)
    assert len(places) == 2
    assert "In progress" not in places[0] and "Answer within three rings" in places[0]
    link = f"/w/{plan.world.slug}/actions/new/?priority={place.pk}&touchpoint={parking.pk}"
    assert "no action yet" in places[1] and link.replace("&", "&amp;") in places[1]
    # The link plans an action with the place and its touchpoint already chosen.
    form = plan.world.client("editor").get(link).content.decode()
    assert re.search(rf'<option value="{parking.pk}" selected>Parking</option>', form)
    assert re.search(rf'<option value="{place.pk}" selected>2\. Parking</option>', form)
    viewer = plan.world.client("viewer").get(url).content.decode()
    assert "Answer within three rings" in viewer and "/actions/new/" not in viewer
