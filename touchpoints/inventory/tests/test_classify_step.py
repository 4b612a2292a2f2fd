"""The method's second step, classify, as a new user meets it: the home's strip says what is left
and links to exactly those touchpoints, and the inventory's "not fully classified" count and its
"show" link agree."""

from __future__ import annotations

import re
from typing import Any

from touchpoints.dashboard import steps
from touchpoints.inventory.services import touchpoint_create

AXES: dict[str, Any] = {"stages": ["search"], "area": "sale", "channel": "website"}


def _listed(world: Any, query: str) -> set[str]:
    body = world.client("editor").get(f"/w/{world.slug}/touchpoints/{query}").content.decode()
    return set(re.findall(r'<a href="/w/[^"]+/touchpoints/\d+/">([^<]+)</a>', body))


def _classify(world: Any) -> steps.StepView:
    # A fresh workspace object, as each request has: the home memoises its figures on the object.
    workspace = type(world.workspace).objects.get(pk=world.workspace.pk)
    return next(s for s in steps.strip(workspace) if s.key == "classify")


def test_the_unclassified_count_and_its_list_agree(world: Any) -> None:
    # Classified on the axes the count is made of (stage, area, channel) but with no moment of truth
    # and no mode: counted as classified, so it must not be listed as unclassified either.
    touchpoint_create(workspace=world.workspace, name="Reception", stages=["decision"], area="sale", channel="premises")
    touchpoint_create(workspace=world.workspace, name="Leaflet", stages=["need"], area="sale")
    body = world.client("editor").get(f"/w/{world.slug}/touchpoints/").content.decode()
    assert "1 touchpoint is not fully classified" in body
    assert _listed(world, "?unclassified=true") == {"Leaflet"}
    assert _listed(world, "?unclassified=false") == {"Reception"}


def test_classify_step_asks_for_the_axes_then_for_the_status(world: Any) -> None:
    own = world.workspace.brands.get(is_own=True)
    a = touchpoint_create(workspace=world.workspace, name="Reception", stages=["decision"], area="sale")
    b = touchpoint_create(workspace=world.workspace, name="Website", stages=["search"], area="sale", channel="website")
    step = _classify(world)
    assert step.state == steps.PARTIAL and step.summary == "1 left to classify"
    assert step.url == f"/w/{world.slug}/touchpoints/?unclassified=true"

    # Classified on every axis, but nobody has said yet whether the business has these touchpoints:
    # the step stays under way and now links to the touchpoints without a status.
    editor = world.client("editor")
    a.channel = "premises"
    a.save(update_fields=["channel"])
    step = _classify(world)
    assert step.state == steps.PARTIAL
    assert step.summary == "2 without a status (exists, missing, planned)"
    assert step.url == f"/w/{world.slug}/touchpoints/?status=unknown"
    assert _listed(world, "?status=unknown") == {"Reception", "Website"}
    # There the status fields of the bulk edit stand on their own above the table (for editors).
    page = editor.get(f"/w/{world.slug}/touchpoints/?status=unknown").content.decode()
    assert 'id="set-status"' in page and page.index('id="set-status"') < page.index('<table id="inventory"')
    assert 'id="set-status"' not in editor.get(f"/w/{world.slug}/touchpoints/").content.decode()
    assert 'id="set-status"' not in (
        world.client("viewer").get(f"/w/{world.slug}/touchpoints/?status=unknown").content.decode()
    )

    # The bulk edit of the inventory page sets the status of both at once; the step is done.
    response = editor.post(
        f"/w/{world.slug}/touchpoints/bulk/", {"ids": f"{a.pk},{b.pk}", "status": "exists"}, follow=True
    )
    assert "Updated 2 touchpoints." in response.content.decode()
    assert set(own.presences.values_list("status", flat=True)) == {"exists"}
    step = _classify(world)
    assert step.state == steps.DONE
    assert step.url == f"/w/{world.slug}/touchpoints/?unclassified=true"


def test_the_step_speaks_the_readers_language(world: Any) -> None:
    touchpoint_create(workspace=world.workspace, name="Website", stages=["search"], area="sale", channel="website")
    from django.utils import translation

    for lang, text in (("ru", "без статуса: 1"), ("es", "1 sin estado")):
        with translation.override(lang):
            assert _classify(world).summary.startswith(text)


def test_the_status_filter_lists_exactly_the_unknown_ones_when_rivals_have_rows(world: Any) -> None:
    """ "Status: unknown" for the own brand listed every touchpoint a competitor had a status for
    (the "no row for our brand" test was tied to the rival's row), so the classify step's link
    showed the whole inventory. Each status, own or a rival's, now lists what the counts say."""
    own = world.workspace.brands.get(is_own=True)
    rival = world.workspace.brands.get(name="Rival")
    ws = world.workspace
    touchpoint_create(workspace=ws, name="Website", **AXES, presence={own.pk: "exists", rival.pk: "exists"})
    touchpoint_create(workspace=ws, name="Call centre", **AXES, presence={rival.pk: "exists"})
    touchpoint_create(workspace=ws, name="Leaflet", **AXES, presence={own.pk: "unknown", rival.pk: "missing"})
    touchpoint_create(workspace=ws, name="Chat", **AXES, presence={own.pk: "missing"})
    assert _listed(world, "?status=unknown") == {"Call centre", "Leaflet"}
    assert _listed(world, "?status=unknown&status=missing") == {"Call centre", "Leaflet", "Chat"}
    assert _listed(world, "?status=exists") == {"Website"}
    assert _listed(world, f"?status=unknown&brand={rival.pk}") == {"Chat"}
    assert _listed(world, f"?status=exists&brand={rival.pk}") == {"Website", "Call centre"}
    step = _classify(world)
    assert step.summary.startswith("2 without a status") and step.url.endswith("?status=unknown")
