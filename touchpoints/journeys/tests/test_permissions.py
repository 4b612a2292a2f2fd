"""Who may do what: every journeys page and endpoint for owner, editor, auditor, viewer and an
outsider (a user of another workspace). Outsiders get 404, read-only roles 403 on writes, and a
refused write changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from touchpoints.journeys.models import Journey, JourneyStep
from touchpoints.journeys.services import journey_create, step_add
from touchpoints.lib.testing_access import EDIT, EVERYONE, READ, AccessMatrix, Case
from touchpoints.library.models import JourneyTemplate, JourneyTemplateStep, Pack, TouchpointTemplate

REFUSED_WRITERS = ("auditor", "viewer", "outsider", "anonymous")


def state(cw: Any) -> tuple:
    steps = tuple(
        JourneyStep.objects.order_by("journey_id", "position").values_list(
            "id", "journey_id", "position", "stage", "expected", "note", "is_final_chord"
        )
    )
    journeys = tuple(Journey.objects.order_by("pk").values_list("id", "name", "next_journey_id", "brand_id"))
    return steps, journeys


@pytest.fixture
def cw(chainworld: Any) -> Any:
    pack = Pack.objects.create(code="t", name_en="T", name_ru="Т", name_es="T")
    tpl = TouchpointTemplate.objects.create(  # stages: a list (MultiChoiceField)
        code="tpl-ad", pack=pack, name_en="Library ad", name_ru="Реклама", name_es="Anuncio", stages=["need"]
    )
    jt = JourneyTemplate.objects.create(code="jt", pack=pack, name_en="Tpl journey", name_ru="Ш", name_es="P")
    JourneyTemplateStep.objects.create(journey=jt, template=tpl, stage="need", expected=1)
    chainworld.jt = jt
    chainworld.rival_journey = journey_create(
        workspace=chainworld.world.workspace, name="Rival path", process="Book a visit", brand=chainworld.rival
    )
    step_add(journey=chainworld.rival_journey, touchpoint=chainworld.tps["ask"], stage="search", expected=2)
    return chainworld


def page(cw: Any, path: str = "") -> str:
    return f"/w/{cw.slug}/journeys/{path}"


def jpage(cw: Any, path: str = "") -> str:
    return page(cw, f"{cw.journey.pk}/{path}")


def first_step(cw: Any) -> int:
    return cw.journey.steps.order_by("position").first().pk


READ_PAGES: list[Callable[[Any], str]] = [
    lambda cw: page(cw),
    lambda cw: jpage(cw),
    lambda cw: jpage(cw) + "?lanes=owner",
    lambda cw: jpage(cw, "board/"),
    lambda cw: jpage(cw, "palette/?q=doc"),
    lambda cw: page(cw, f"compare/?a={cw.journey.pk}&b={cw.rival_journey.pk}"),
    lambda cw: jpage(cw, "export.mm"),
    lambda cw: jpage(cw, "export.csv"),
    lambda cw: page(cw, f"{cw.rival_journey.pk}/"),
]
EDIT_PAGES: list[Callable[[Any], str]] = [
    lambda cw: page(cw, "new/"),
    lambda cw: page(cw, "from-template/"),
    lambda cw: jpage(cw, "edit/"),
    lambda cw: jpage(cw, "delete/"),
    lambda cw: jpage(cw, f"steps/{first_step(cw)}/edit/"),
]


@pytest.mark.parametrize("url", READ_PAGES)
def test_read_pages(access: AccessMatrix, cw: Any, url: Callable[[Any], str]) -> None:
    for who in EVERYONE:
        access.check(who, [Case("get", url(cw), READ, ok=(200,))])


@pytest.mark.parametrize("url", EDIT_PAGES)
def test_edit_pages(access: AccessMatrix, cw: Any, url: Callable[[Any], str]) -> None:
    for who in EVERYONE:
        access.check(who, [Case("get", url(cw), EDIT, ok=(200,))])


def test_anonymous_users_are_sent_to_log_in(cw, client):
    response = client.get(jpage(cw))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


POSTS: list[tuple[str, Callable[[Any], str], Callable[[Any], dict]]] = [
    ("create", lambda cw: page(cw, "new/"), lambda cw: {"name": "New one", "brand": cw.own.pk}),
    ("edit", lambda cw: jpage(cw, "edit/"), lambda cw: {"name": "Renamed", "brand": cw.own.pk}),
    (
        "from_template",
        lambda cw: page(cw, "from-template/"),
        lambda cw: {"template": cw.jt.pk, "brand": cw.own.pk, "confirm": "1"},
    ),
    ("step_add", lambda cw: jpage(cw, "steps/add/"), lambda cw: {"touchpoint": cw.tps["card"].pk, "stage": "decision"}),
    (
        "step_add_new",
        lambda cw: jpage(cw, "steps/new-touchpoint/"),
        lambda cw: {"name": "Answering machine", "stage": "decision"},
    ),
    ("step_edit", lambda cw: jpage(cw, f"steps/{first_step(cw)}/edit/"), lambda cw: {"stage": "after"}),
    ("step_move", lambda cw: jpage(cw, f"steps/{first_step(cw)}/move/"), lambda cw: {"direction": "down"}),
    ("step_delete", lambda cw: jpage(cw, f"steps/{first_step(cw)}/delete/"), lambda cw: {}),
    (
        "reorder",
        lambda cw: jpage(cw, "steps/reorder/"),
        lambda cw: {
            "step_ids": list(reversed(list(cw.journey.steps.order_by("position").values_list("id", flat=True))))
        },
    ),
    ("delete", lambda cw: jpage(cw, "delete/"), lambda cw: {}),
]


@pytest.mark.parametrize("name, url, data", POSTS, ids=[p[0] for p in POSTS])
def test_writes(access: AccessMatrix, cw: Any, name: str, url: Any, data: Any) -> None:
    write = Case("post", url(cw), EDIT, lambda: data(cw), ok=(302,))
    for who in REFUSED_WRITERS:
        access.check(who, [write], unchanged=lambda: state(cw))
    before = state(cw)
    access.check("editor", [write])
    assert state(cw) != before


def test_writes_need_the_csrf_token(cw):
    client = cw.world.client("owner", enforce_csrf=True)
    ids = list(cw.journey.steps.order_by("position").values_list("id", flat=True))
    response = client.post(
        jpage(cw, "steps/reorder/"), json.dumps({"step_ids": ids[::-1]}), content_type="application/json"
    )
    assert response.status_code == 403
    assert list(cw.journey.steps.order_by("position").values_list("id", flat=True)) == ids


def test_a_viewer_cannot_reorder_by_page_or_api(cw):
    ids = list(cw.journey.steps.order_by("position").values_list("id", flat=True))
    viewer = cw.world.client("viewer")
    response = viewer.post(
        jpage(cw, "steps/reorder/"),
        json.dumps({"step_ids": ids[::-1]}),
        content_type="application/json",
        HTTP_X_JOURNEY_BOARD="1",
    )
    assert response.status_code == 403
    response = viewer.post(
        f"/api/v1/workspaces/{cw.slug}/journeys/{cw.journey.pk}/reorder",
        json.dumps({"step_ids": ids[::-1]}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert list(cw.journey.steps.order_by("position").values_list("id", flat=True)) == ids
    page_html = viewer.get(jpage(cw)).content.decode()
    assert 'draggable="true"' not in page_html
    assert "steps/reorder" not in page_html and "/move/" not in page_html


def test_a_competitors_journey_is_visible_only_inside_its_workspace(cw):
    rival = cw.rival_journey
    outsider = cw.world.client("outsider")
    other_slug = cw.world.other.slug
    for url in (
        page(cw, f"{rival.pk}/"),
        f"/w/{other_slug}/journeys/{rival.pk}/",
        f"/w/{other_slug}/journeys/{rival.pk}/export.pdf",
        f"/api/v1/workspaces/{cw.slug}/journeys/{rival.pk}",
        f"/api/v1/workspaces/{other_slug}/journeys/{rival.pk}",
        f"/api/v1/workspaces/{other_slug}/journeys/{rival.pk}/weak-links",
    ):
        assert outsider.get(url).status_code == 404, url
    listing = outsider.get(f"/api/v1/workspaces/{other_slug}/journeys").json()
    assert listing == []
    assert "Rival path" not in outsider.get(f"/w/{other_slug}/journeys/").content.decode()
    assert "Rival path" in cw.world.client("viewer").get(page(cw)).content.decode()


API_READS: list[Callable[[Any], str]] = [
    lambda cw: "",
    lambda cw: f"/{cw.journey.pk}",
    lambda cw: f"/{cw.journey.pk}/steps",
    lambda cw: f"/{cw.journey.pk}/steps/{first_step(cw)}",
    lambda cw: f"/{cw.journey.pk}/weak-links",
    lambda cw: f"/{cw.journey.pk}/compare/{cw.rival_journey.pk}",
    lambda cw: f"/{cw.journey.pk}/export.opml",
    lambda cw: "/templates",
]


@pytest.mark.parametrize("path", API_READS)
def test_api_reads(access: AccessMatrix, cw: Any, path: Callable[[Any], str]) -> None:
    url = f"/api/v1/workspaces/{cw.slug}/journeys" + path(cw)
    for who in EVERYONE:
        access.check(who, [Case("get", url, READ, ok=(200,))])


API_WRITES: list[tuple[str, str, Callable[[Any], str], Callable[[Any], dict]]] = [
    ("create", "post", lambda cw: "", lambda cw: {"name": "API journey", "brand_id": cw.own.pk}),
    ("from_template", "post", lambda cw: "/from-template", lambda cw: {"template_code": "jt", "brand_id": cw.own.pk}),
    ("update", "patch", lambda cw: f"/{cw.journey.pk}", lambda cw: {"name": "Renamed"}),
    ("delete", "delete", lambda cw: f"/{cw.journey.pk}", lambda cw: {}),
    (
        "step_create",
        "post",
        lambda cw: f"/{cw.journey.pk}/steps",
        lambda cw: {"touchpoint_id": cw.tps["card"].pk, "stage": "decision"},
    ),
    ("step_update", "patch", lambda cw: f"/{cw.journey.pk}/steps/{first_step(cw)}", lambda cw: {"expected": -2}),
    ("step_delete", "delete", lambda cw: f"/{cw.journey.pk}/steps/{first_step(cw)}", lambda cw: {}),
    (
        "reorder",
        "post",
        lambda cw: f"/{cw.journey.pk}/reorder",
        lambda cw: {
            "step_ids": list(reversed(list(cw.journey.steps.order_by("position").values_list("id", flat=True))))
        },
    ),
]


@pytest.mark.parametrize("name, method, path, data", API_WRITES, ids=[w[0] for w in API_WRITES])
def test_api_writes(access: AccessMatrix, cw: Any, name: str, method: str, path: Any, data: Any) -> None:
    url = f"/api/v1/workspaces/{cw.slug}/journeys" + path(cw)
    write = Case("json" if method == "post" else method, url, EDIT, lambda: data(cw))
    for who in REFUSED_WRITERS:
        access.check(who, [write], unchanged=lambda: state(cw))
    access.check("editor", [write])
