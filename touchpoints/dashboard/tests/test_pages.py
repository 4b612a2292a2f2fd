"""The home page, its widget endpoints and the widget chooser: who may see what, and what they see."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from touchpoints.dashboard import layout, steps, widgets
from touchpoints.dashboard.models import HomeLayout
from touchpoints.lib.testing_access import EDIT, EVERYONE, READ, AccessMatrix, Case


@pytest.mark.parametrize("who", EVERYONE)
def test_home_permissions(access: AccessMatrix, who: str) -> None:
    access.check(who, [Case("get", "/w/{slug}/home/", READ, ok=(200,))])


@pytest.mark.parametrize("name", sorted(widgets.REGISTRY))
@pytest.mark.parametrize("who", EVERYONE)
def test_widget_endpoint_permissions(access: AccessMatrix, who: str, name: str) -> None:
    access.check(who, [Case("get", f"/w/{{slug}}/home/widgets/{name}/", READ, ok=(200,))])


@pytest.mark.parametrize("who", EVERYONE)
def test_customize_permissions(access: AccessMatrix, who: str) -> None:
    url = "/w/{slug}/home/widgets/"
    cases = [Case("get", url, EDIT, ok=(200,)), Case("post", url, EDIT, {"visible": ["trend"]})]
    access.check(who, cases, unchanged=HomeLayout.objects.count)


def test_unknown_widget_is_not_found(world: Any) -> None:
    assert world.client("owner").get(f"/w/{world.slug}/home/widgets/nope/").status_code == 404


def test_opening_a_workspace_lands_on_its_home(world: Any) -> None:
    response = world.client("viewer").get(f"/w/{world.slug}/")
    assert response.status_code == 302 and response["Location"] == f"/w/{world.slug}/home/"


def test_new_workspace_strip_points_at_the_inventory(world: Any) -> None:
    body = world.client("viewer").get(f"/w/{world.slug}/home/").content.decode()
    assert "Where to next" in body
    assert f'href="/w/{world.slug}/touchpoints/" aria-current="step"' in body
    strip = steps.strip(world.workspace)
    assert [s.key for s in strip] == [
        "inventory",
        "classify",
        "chains",
        "audit",
        "competitors",
        "feedback",
        "impact",
        "top_ten",
        "plan",
        "report",
    ]
    # Every step of the method has its page, and a new workspace has started none of them (naming a
    # competitor already starts comparing with it).
    assert all(s.url for s in strip)
    assert all(s.state == steps.TODO for s in strip if s.key != "competitors"), [(s.key, s.state) for s in strip]
    assert next(s for s in strip if s.key == "competitors").state == steps.PARTIAL


def test_strip_follows_the_data(filled: Any) -> None:
    strip = {s.key: s for s in steps.strip(filled.workspace)}
    assert strip["inventory"].state == steps.DONE
    assert strip["chains"].state == steps.DONE
    assert strip["audit"].state == steps.DONE
    assert "1 finished audit" in strip["audit"].summary


def test_registering_a_step_is_one_function(world: Any, monkeypatch: Any) -> None:
    step = steps.get_step("report")
    monkeypatch.setattr(step, "progress", None)
    monkeypatch.setattr(step, "url_name", step.url_name)
    steps.step_progress("report", url_name="workspaces:members")(lambda ws: steps.Progress.partial("2 drafts"))
    view = next(s for s in steps.strip(world.workspace) if s.key == "report")
    assert view.url == f"/w/{world.slug}/members/" and view.state == steps.PARTIAL and view.summary == "2 drafts"


def test_home_renders_every_widget_with_bounded_queries(filled: Any, django_assert_max_num_queries: Any) -> None:
    client = filled.world.client("viewer")
    with django_assert_max_num_queries(60):
        body = client.get(f"/w/{filled.world.slug}/home/").content.decode()
    for name in widgets.REGISTRY:
        assert f'id="widget-{name}"' in body
    assert "<script>" not in body  # charts embed from static files (strict CSP)


def test_editor_picks_and_orders_widgets_without_javascript(world: Any) -> None:
    client = world.client("editor", enforce_csrf=False)
    url = f"/w/{world.slug}/home/widgets/"
    names = [w.name for w in widgets.ordered()]
    # Move the trend up one place, keep everything visible.
    client.post(url, {"visible": names, "move": "trend:up"})
    saved = [s["name"] for s in HomeLayout.objects.get().widgets]
    i = names.index("trend")
    assert saved[i - 1] == "trend"
    # Hide the heat map.
    response = client.post(url, {"visible": [n for n in names if n != "heatmap"]})
    assert response.status_code == 302
    body = client.get(f"/w/{world.slug}/home/").content.decode()
    assert 'id="widget-heatmap"' not in body and 'id="widget-trend"' in body
    client.post(url, {"reset": "1"})
    assert not HomeLayout.objects.exists()


def test_unknown_widget_in_the_form_is_refused(world: Any) -> None:
    client = world.client("owner")
    response = client.post(f"/w/{world.slug}/home/widgets/", {"visible": ["<script>"]}, follow=True)
    assert "Unknown widget" in response.content.decode()
    assert not HomeLayout.objects.exists()


NAMES = ["a", "b", "c", "d", "e"]


@given(
    st.lists(st.fixed_dictionaries({"name": st.sampled_from(NAMES + ["gone"]), "visible": st.booleans()})),
    st.sampled_from(NAMES),
    st.integers(-3, 3),
)
def test_layout_keeps_every_registered_widget_once(saved: list[dict], name: str, offset: int) -> None:
    slots = layout.resolve(saved, NAMES)
    assert sorted(s.name for s in slots) == NAMES
    moved = layout.move(slots, name, offset)
    assert sorted(s.name for s in moved) == NAMES
    assert abs([s.name for s in moved].index(name) - [s.name for s in slots].index(name)) <= abs(offset)


@pytest.mark.parametrize(
    "path,step",
    [
        ("home/", "home"),
        ("touchpoints/", "inventory"),
        ("touchpoints/new/", "classify"),
        ("library/", "library"),
        ("journeys/", "chains"),
        ("audits/", "audit"),
        ("analytics/", "analytics"),
    ],
)
def test_each_page_of_the_method_explains_its_step(world: Any, path: str, step: str) -> None:
    client = world.client("editor")
    client.cookies["django_language"] = "es"
    body = client.get(f"/w/{world.slug}/{path}").content.decode()
    assert f'<details class="method-help" data-help-key="{step}" open>' in body
    assert "dashboard/help.js" in body
    from django.utils import translation

    from touchpoints.dashboard.help import HELP

    with translation.override("es"):
        assert str(HELP[step]["title"]) in body
