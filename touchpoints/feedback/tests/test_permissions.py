"""The permission matrix of every page and endpoint: owner, editor, auditor, viewer, outsider, anonymous."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.feedback.models import Response, Study
from touchpoints.feedback.tests.helpers import answer_data
from touchpoints.lib.testing_access import EDIT, EVERYONE, READ, AccessMatrix, Case

pytestmark = pytest.mark.django_db

WHO = EVERYONE


def _pages(world: Any, study: Study) -> list[Case]:
    base = f"/w/{world.slug}/feedback"
    entry = study.study_touchpoints.first()
    brand = study.brands.first()
    urls = [
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
    return [Case("get", url, need, ok=(200,)) for url, need in urls]


@pytest.mark.parametrize("who", WHO)
def test_pages(access: AccessMatrix, world: Any, study: Study, who: str) -> None:
    access.check(who, _pages(world, study))


@pytest.mark.parametrize("who", WHO)
def test_posts(access: AccessMatrix, world: Any, study: Study, who: str) -> None:
    base = f"/w/{world.slug}/feedback/{study.pk}"
    entry = study.study_touchpoints.first()
    posts = [
        Case("post", f"{base}/labels/", EDIT, {f"label_en_{entry.pk}": "New label"}),
        Case("post", f"{base}/diary/", EDIT, {"count": 2}),
        Case("post", f"{base}/status/", EDIT, {"status": "paused"}),
    ]
    access.check(who, posts, ok=(302,))
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
def test_public_page_is_the_same_for_everyone(access: AccessMatrix, study: Study, who: str) -> None:
    client = access.client(who)
    resp = client.post(f"/s/{study.token}/", answer_data(study, client))
    assert resp.status_code == 303
    assert Response.objects.count() == 1


# ---- API -------------------------------------------------------------------------------------

API_POST = {"owner": 201, "editor": 201, "auditor": 403, "viewer": 403, "outsider": 404, "anonymous": 401}


@pytest.mark.parametrize("who", WHO)
def test_api_matrix(access: AccessMatrix, world: Any, study: Study, who: str) -> None:
    client = access.client(who)
    base = f"/api/v1/workspaces/{world.slug}/feedback/studies"
    reads = (
        base,
        f"{base}/{study.pk}",
        f"{base}/{study.pk}/answers",
        f"{base}/{study.pk}/summary",
        f"{base}/{study.pk}/comment-words",
    )
    access.check(who, [Case("get", url, READ, ok=(200,)) for url in reads])
    brand = study.brands.first()
    tp = study.study_touchpoints.first().touchpoint
    body = {"key": f"k-{who}", "brand_id": brand.pk, "touchpoint_id": tp.pk, "positivity": 2, "likelihood": 9}
    resp = client.post(f"{base}/{study.pk}/encounter", body, content_type="application/json")
    assert resp.status_code == API_POST[who], resp.content
    assert resp["Content-Type"].startswith("application/json")
    assert Response.objects.count() == (1 if API_POST[who] == 201 else 0)
