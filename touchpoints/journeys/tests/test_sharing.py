"""A journey's read-only share link: an editor makes one on the map's page, anyone holding it sees
the map, its weak links and its steps (and downloads the map as PDF, PNG or SVG) — nothing else of
the workspace — until it expires or is revoked."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from touchpoints.inventory.services import touchpoint_create
from touchpoints.journeys import services
from touchpoints.journeys.models import ShareLink

pytestmark = pytest.mark.django_db


def _share(cw: Any, days: int = 7) -> str:
    client = cw.world.client("editor")
    url = f"/w/{cw.slug}/journeys/{cw.journey.pk}/"
    response = client.post(f"{url}share/", {"days": days})
    assert response.status_code == 302 and response["Location"].endswith(f"{url}#share")
    page = client.get(url).content.decode()
    found = re.search(r'id="share-url" data-copy-source', page) and re.search(r'value="[^"]*/j/([^/"]+)/"', page)
    assert found, "the new link is shown once on the map's page"
    assert "/j/" not in client.get(url).content.decode().split('id="share"', 1)[1]  # and only once
    return found.group(1)


def test_anyone_with_the_link_sees_the_map_and_nothing_else(chainworld: Any) -> None:
    cw = chainworld
    token = _share(cw)
    anonymous = Client()
    response = anonymous.get(f"/j/{token}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "First visit" in page and "Phone booking" in page and "Weak links" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert f"/w/{cw.slug}/" not in page  # no way into the workspace
    assert response["X-Robots-Tag"] == "noindex" and response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert ShareLink.objects.get(journey=cw.journey).views == 1

    pdf = anonymous.get(f"/j/{token}/map.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    svg = anonymous.get(f"/j/{token}/map.svg")
    assert svg.status_code == 200 and b"Phone booking" in svg.content
    assert anonymous.get(f"/j/{token}/map.png").content.startswith(b"\x89PNG")
    for fmt in ("csv", "xlsx", "json", "mm"):  # the data exports stay with the workspace
        assert anonymous.get(f"/j/{token}/map.{fmt}").status_code == 404


def test_a_name_with_markup_stays_text_on_the_shared_page_and_in_the_svg(chainworld: Any) -> None:
    cw = chainworld
    name = '"Chat" <script>alert(1)</script>'
    tp = touchpoint_create(workspace=cw.world.workspace, name=name, stages=["search"])
    services.step_add(journey=cw.journey, touchpoint=tp, stage="search")
    _link, token = services.journey_share(journey=cw.journey, days=1)
    page = Client().get(f"/j/{token}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    svg = Client().get(f"/j/{token}/map.svg").content.decode()
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_an_expired_a_revoked_or_a_wrong_link_shows_nothing(chainworld: Any) -> None:
    cw = chainworld
    anonymous = Client()
    expired, expired_token = services.journey_share(journey=cw.journey, days=1)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert anonymous.get(f"/j/{expired_token}/").status_code == 404
    assert anonymous.get(f"/j/{expired_token}/map.pdf").status_code == 404

    link, token = services.journey_share(journey=cw.journey, days=7)
    assert anonymous.get(f"/j/{token}/").status_code == 200
    editor = cw.world.client("editor")
    response = editor.post(f"/w/{cw.slug}/journeys/{cw.journey.pk}/share/{link.pk}/revoke/")
    assert response.status_code == 302
    assert anonymous.get(f"/j/{token}/").status_code == 404
    page = editor.get(f"/w/{cw.slug}/journeys/{cw.journey.pk}/").content.decode()
    panel = page.split('id="share"', 1)[1]
    assert "revoked" in panel and "expired" in panel  # each link's state in the editor's panel
    editor.cookies["django_language"] = "ru"
    page = editor.get(f"/w/{cw.slug}/journeys/{cw.journey.pk}/").content.decode()
    assert "отозвана" in page.split('id="share"', 1)[1]  # a link (ссылка) is feminine

    assert anonymous.get("/j/" + "x" * 43 + "/").status_code == 404
    _other, other_token = services.journey_share(journey=cw.journey, days=7)
    services.journey_delete(journey=cw.journey)  # the link goes with its journey
    assert anonymous.get(f"/j/{other_token}/").status_code == 404


@pytest.mark.parametrize("days", ["0", "91", "", "soon"])
def test_a_link_lasts_from_one_to_ninety_days(chainworld: Any, days: str) -> None:
    cw = chainworld
    client = cw.world.client("owner")
    response = client.post(f"/w/{cw.slug}/journeys/{cw.journey.pk}/share/", {"days": days}, follow=True)
    assert response.status_code == 200 and not ShareLink.objects.exists()
    errors = re.findall(r'<li class="msg error">([^<]*)</li>', response.content.decode())
    assert errors and "Valid for, days" in errors[0], errors


def test_a_link_of_another_workspace_cannot_be_revoked_from_here(chainworld: Any) -> None:
    cw = chainworld
    link, token = services.journey_share(journey=cw.journey, days=7)
    outsider = cw.world.client("outsider")
    assert outsider.post(f"/w/{cw.slug}/journeys/{cw.journey.pk}/share/{link.pk}/revoke/").status_code == 404
    viewer = cw.world.client("viewer")
    assert viewer.post(f"/w/{cw.slug}/journeys/{cw.journey.pk}/share/{link.pk}/revoke/").status_code == 403
    assert 'id="share"' not in viewer.get(f"/w/{cw.slug}/journeys/{cw.journey.pk}/").content.decode()
    assert Client().get(f"/j/{token}/").status_code == 200


def test_a_shared_map_is_rate_limited(chainworld: Any, settings: Any) -> None:
    """The PDF and PNG are drawn on each request: a link asked too often answers 429 for a while,
    with nothing drawn."""
    settings.JOURNEYS_SHARE_RATE_PER_LINK = "3/m"
    _link, token = services.journey_share(journey=chainworld.journey, days=1)
    codes = [Client().get(f"/j/{token}/map.svg").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    refused = Client().get(f"/j/{token}/")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    settings.JOURNEYS_SHARE_RATE_PER_LINK = "120/m"
    settings.JOURNEYS_SHARE_RATE_PER_ADDRESS = "2/m"
    _other, other_token = services.journey_share(journey=chainworld.journey, days=1)
    codes = [Client().get(f"/j/{other_token}/").status_code for _ in range(3)]
    assert codes[-1] == 429
