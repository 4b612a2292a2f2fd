"""The first hour without dead ends: error pages, offline API docs, plural forms, empty charts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import translation

from touchpoints.inventory.services import touchpoint_create
from touchpoints.lib.charts import chart_html
from touchpoints.lib.errors import server_error


@pytest.mark.parametrize("debug", [False, True])
def test_stale_link_gets_the_products_404_in_the_users_language(world: Any, settings: Any, debug: bool) -> None:
    settings.DEBUG = debug
    client = world.client("viewer")
    client.cookies["django_language"] = "ru"
    for url in (f"/w/{world.slug}/audits/999999/", "/no/such/page/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 404
        assert "Страница не найдена" in body and "DEBUG = True" not in body
        assert 'class="topbar"' in body and 'href="/"' in body  # navigation and a way back
    # Inside a workspace the user belongs to, the way back leads to its home.
    assert f'href="/w/{world.slug}/"' in client.get(f"/w/{world.slug}/audits/999999/").content.decode()


def test_outsider_gets_no_hint_of_the_workspace(world: Any, settings: Any) -> None:
    settings.DEBUG = True
    body = world.client("outsider").get(f"/w/{world.slug}/home/").content.decode()
    assert f'href="/w/{world.slug}/"' not in body


def test_forbidden_action_gets_a_styled_403(world: Any, settings: Any) -> None:
    settings.DEBUG = True
    client = world.client("viewer")
    client.cookies["django_language"] = "es"
    response = client.get(f"/w/{world.slug}/home/widgets/")
    assert response.status_code == 403
    assert "Su rol no lo permite" in response.content.decode()


def test_server_error_page_renders(world: Any) -> None:
    request = RequestFactory().get("/w/x/")
    request.user = world.users["owner"]
    with translation.override("ru"):
        response = server_error(request)
    assert response.status_code == 500 and "Что-то пошло не так" in response.content.decode()


def test_api_docs_work_offline(world: Any) -> None:
    client = world.client("viewer")
    body = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn." not in body and "<script>" not in body.replace(" ", "")
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_russian_plural_forms_on_the_workspace_list(world: Any) -> None:
    for i in range(41):
        touchpoint_create(workspace=world.workspace, name=f"Point {i}")
    client = world.client("owner")
    client.cookies["django_language"] = "ru"
    assert "41 точка контакта" in client.get("/").content.decode()
    assert "41 <small>точка контакта</small>" in client.get(f"/w/{world.slug}/touchpoints/").content.decode()
    client.cookies["django_language"] = "es"
    assert "41 puntos de contacto" in client.get("/").content.decode()


def test_empty_chart_is_a_sentence() -> None:
    html = chart_html({"data": {"values": []}, "mark": "bar"}, "c", empty_message="Nothing here yet.")
    assert "Nothing here yet." in html and "data-chart=" not in html
    layered = chart_html({"layer": [{"data": {"values": []}}, {"data": {"values": []}}]}, "d")
    assert 'class="chart-empty"' in layered
    assert "data-chart=" in chart_html({"data": {"values": [{"a": 1}]}, "mark": "bar"}, "e")


def test_journey_without_steps_shows_a_sentence_not_an_empty_curve(world: Any) -> None:
    from touchpoints.journeys.services import journey_create

    journey = journey_create(workspace=world.workspace, name="Empty", brand=world.workspace.brands.get(is_own=True))
    body = world.client("viewer").get(f"/w/{world.slug}/journeys/{journey.pk}/").content.decode()
    assert 'id="curve"' not in body and "The curve appears once the journey has steps" in body
