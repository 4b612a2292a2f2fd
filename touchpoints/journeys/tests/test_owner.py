"""A journey's owner: the member who keeps the map up to date. Chosen on the form (the creator by
default) or through the API, shown on the list and the map, only a member of the workspace; an
owner who has left is flagged and stays until someone else is chosen."""

from __future__ import annotations

import json
import re
from typing import Any

from touchpoints.journeys import services
from touchpoints.journeys.models import Journey
from touchpoints.workspaces.models import Membership


def _api(cw: Any, who: str, method: str, path: str, body: dict[str, Any]) -> Any:
    from touchpoints.accounts.services import api_token_create

    token = api_token_create(user=cw.world.users[who], name="t")[1]
    return getattr(cw.world.client(who), method)(
        f"/api/v1/workspaces/{cw.slug}/journeys{path}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_the_creator_owns_a_new_journey_by_default_and_the_list_and_map_say_who(chainworld: Any) -> None:
    editor = chainworld.world.client("editor")
    form = editor.get(f"/w/{chainworld.slug}/journeys/new/").content.decode()
    editor_id = chainworld.world.users["editor"].pk
    assert re.search(rf'<option value="{editor_id}" selected>editor</option>', form)
    assert "outsider</option>" not in form  # only the workspace's members are offered
    response = editor.post(
        f"/w/{chainworld.slug}/journeys/new/",
        {"name": "Repeat visit", "brand": chainworld.own.pk, "owner": chainworld.world.users["viewer"].pk},
    )
    assert response.status_code == 302
    journey = Journey.objects.get(name="Repeat visit")
    assert journey.owner == chainworld.world.users["viewer"]
    listing = chainworld.world.client("viewer").get(f"/w/{chainworld.slug}/journeys/").content.decode()
    assert re.search(r'<td data-label="Owner">viewer</td>', listing)
    page = chainworld.world.client("viewer").get(f"/w/{chainworld.slug}/journeys/{journey.pk}/").content.decode()
    assert "Owner: <strong>viewer</strong>" in page


def test_only_a_member_can_own_a_journey(chainworld: Any) -> None:
    outsider = chainworld.world.users["outsider"]
    refused = _api(chainworld, "editor", "patch", f"/{chainworld.journey.pk}", {"owner_user_id": outsider.pk})
    assert refused.status_code == 400 and "owner" in refused.json()["errors"]
    nobody = _api(chainworld, "editor", "patch", f"/{chainworld.journey.pk}", {"owner_user_id": 987654})
    assert nobody.status_code == 400 and nobody.json()["errors"] == refused.json()["errors"]  # nothing leaks
    chainworld.journey.refresh_from_db()
    assert chainworld.journey.owner is None
    auditor = chainworld.world.users["auditor"]
    taken = _api(chainworld, "editor", "patch", f"/{chainworld.journey.pk}", {"owner_user_id": auditor.pk})
    assert taken.status_code == 200 and taken.json()["owner"] == "auditor"
    cleared = _api(chainworld, "editor", "patch", f"/{chainworld.journey.pk}", {"owner_user_id": None})
    assert cleared.status_code == 200 and cleared.json()["owner"] is None


def test_an_owner_who_left_is_flagged_and_kept_until_replaced(chainworld: Any) -> None:
    viewer = chainworld.world.users["viewer"]
    journey = services.journey_update(journey=chainworld.journey, owner=viewer)
    Membership.objects.filter(workspace=chainworld.world.workspace, user=viewer).delete()
    editor = chainworld.world.client("editor")
    listing = editor.get(f"/w/{chainworld.slug}/journeys/").content.decode()
    assert "owner left the workspace" in listing
    assert "owner left the workspace" in editor.get(f"/w/{chainworld.slug}/journeys/{journey.pk}/").content.decode()
    russian = editor.get(f"/w/{chainworld.slug}/journeys/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "владелец покинул пространство" in russian  # the map's owner, not an action's «ответственный»
    # Renaming the journey keeps the departed owner (the form still offers them)…
    response = editor.post(
        f"/w/{chainworld.slug}/journeys/{journey.pk}/edit/",
        {"name": "Renamed", "brand": chainworld.own.pk, "owner": viewer.pk},
    )
    assert response.status_code == 302
    journey.refresh_from_db()
    assert (journey.name, journey.owner) == ("Renamed", viewer)
    # …and another member takes it over.
    services.journey_update(journey=journey, owner=chainworld.world.users["editor"])
    assert "owner left the workspace" not in editor.get(f"/w/{chainworld.slug}/journeys/").content.decode()
