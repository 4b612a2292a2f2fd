"""The permission matrix of every page and endpoint: owner, editor, auditor, viewer, outsider, anonymous."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from touchpoints.feedback.models import Response, Study
from touchpoints.feedback.tests.helpers import answer_data

pytestmark = pytest.mark.django_db

WHO = ["owner", "editor", "auditor", "viewer", "outsider", "anonymous"]
READ = {"owner": 200, "editor": 200, "auditor": 200, "viewer": 200, "outsider": 404, "anonymous": 302}
EDIT = {"owner": 200, "editor": 200, "auditor": 403, "viewer": 403, "outsider": 404, "anonymous": 302}
EDIT_POST = {**EDIT, "owner": 302, "editor": 302}


def _client(world: Any, who: str) -> Client:
    return Client() if who == "anonymous" else world.client(who)


def _pages(world: Any, study: Study) -> list[tuple[str, dict[str, int]]]:
    base = f"/w/{world.slug}/feedback"
    entry = study.study_touchpoints.first()
    brand = study.brands.first()
    return [
        (f"{base}/", READ),
        (f"{base}/{study.pk}/", READ),
        (f"{base}/{study.pk}/results/", READ),
        (f"{base}/{study.pk}/results.csv", READ),
        (f"{base}/{study.pk}/results.xlsx", READ),
        (f"{base}/{study.pk}/results.json", READ),
        (f"{base}/{study.pk}/comments/", READ),
        (f"{base}/{study.pk}/comments.csv", READ),
        (f"{base}/{study.pk}/qr/{entry.touchpoint_id}/{brand.pk}.svg", READ),
        (f"{base}/{study.pk}/qr/{entry.touchpoint_id}/{brand.pk}.png", READ),
        (f"{base}/{study.pk}/sheet/", READ),
        (f"{base}/{study.pk}/sheet/?fmt=svg", READ),
        (f"{base}/new/", EDIT),
        (f"{base}/{study.pk}/edit/", EDIT),
    ]


@pytest.mark.parametrize("who", WHO)
def test_pages(world: Any, study: Study, who: str) -> None:
    client = _client(world, who)
    for url, expected in _pages(world, study):
        assert client.get(url).status_code == expected[who], (url, who)


@pytest.mark.parametrize("who", WHO)
def test_posts(world: Any, study: Study, who: str) -> None:
    client = _client(world, who)
    base = f"/w/{world.slug}/feedback/{study.pk}"
    entry = study.study_touchpoints.first()
    assert client.post(f"{base}/labels/", {f"label_en_{entry.pk}": "New label"}).status_code == EDIT_POST[who]
    assert client.post(f"{base}/diary/", {"count": 2}).status_code == EDIT_POST[who]
    assert client.post(f"{base}/status/", {"status": "paused"}).status_code == EDIT_POST[who]
    entry.refresh_from_db()
    study.refresh_from_db()
    changed = who in ("owner", "editor")
    assert (entry.label_en == "New label") is changed
    assert (study.respondents.filter(is_diary=True).count() == 2) is changed
    assert (study.status == "paused") is changed


def test_outsider_cannot_reach_a_study_through_their_own_workspace(world: Any, study: Study) -> None:
    client = world.client("outsider")
    assert client.get(f"/w/{world.other.slug}/feedback/{study.pk}/").status_code == 404
    assert client.get(f"/w/{world.other.slug}/feedback/{study.pk}/results.csv").status_code == 404


def test_diary_links_only_for_editors(world: Any, study: Study) -> None:
    from touchpoints.feedback import services

    member = services.diary_links_create(study=study, count=1)[0]
    url = f"/w/{world.slug}/feedback/{study.pk}/"
    assert member.token in world.client("editor").get(url).content.decode()
    assert member.token not in world.client("viewer").get(url).content.decode()


@pytest.mark.parametrize("who", WHO)
def test_public_page_is_the_same_for_everyone(world: Any, study: Study, who: str) -> None:
    client = _client(world, who)
    resp = client.post(f"/s/{study.token}/", answer_data(study, client))
    assert resp.status_code == 303
    assert Response.objects.count() == 1


# ---- API -------------------------------------------------------------------------------------

API_READ = {"owner": 200, "editor": 200, "auditor": 200, "viewer": 200, "outsider": 404, "anonymous": 401}
API_POST = {"owner": 201, "editor": 201, "auditor": 403, "viewer": 403, "outsider": 404, "anonymous": 401}


@pytest.mark.parametrize("who", WHO)
def test_api_matrix(world: Any, study: Study, who: str) -> None:
    client = _client(world, who)
    base = f"/api/v1/workspaces/{world.slug}/feedback/studies"
    for url in (base, f"{base}/{study.pk}", f"{base}/{study.pk}/answers", f"{base}/{study.pk}/summary"):
        assert client.get(url).status_code == API_READ[who], (url, who)
    brand = study.brands.first()
    tp = study.study_touchpoints.first().touchpoint
    body = {"key": f"k-{who}", "brand_id": brand.pk, "touchpoint_id": tp.pk, "positivity": 2, "likelihood": 9}
    resp = client.post(f"{base}/{study.pk}/encounter", body, content_type="application/json")
    assert resp.status_code == API_POST[who], resp.content
    assert resp["Content-Type"].startswith("application/json")
    assert Response.objects.count() == (1 if API_POST[who] == 201 else 0)
