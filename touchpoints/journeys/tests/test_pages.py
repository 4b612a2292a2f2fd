"""The map page, its board requests from the script, the list and compare pages (the template
page: test_template_mapping.py)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import pytest
from django.utils import translation

from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.journeys import services
from touchpoints.journeys.experience import register_experience_provider, unregister_experience_provider
from touchpoints.journeys.weaklinks import signed_experience

BOARD = {"HTTP_X_JOURNEY_BOARD": "1"}


def url(cw: Any, path: str = "") -> str:
    return f"/w/{cw.slug}/journeys/{cw.journey.pk}/{path}"


def order(cw: Any) -> list[int]:
    return list(cw.journey.steps.order_by("position").values_list("id", flat=True))


def test_the_map_shows_stages_lanes_cards_curve_and_weak_links(chainworld):
    html = chainworld.world.client("viewer").get(url(chainworld)).content.decode()
    for stage in (
        "Need awareness",
        "Information search",
        "Comparison of options",
        "Purchase decision",
        "After-purchase reaction",
    ):
        assert stage in html
    for lane in ("Advertising", "Messenger / chat", "Phone", "People (staff)", "Email"):
        assert f'role="rowheader">{lane}<' in html
    assert html.count('class="jcard') == 5
    assert 'id="curve-spec"' in html and "vega-embed.js" in html
    assert "Negative step" in html and "“Phone booking” leaves a negative experience (−1)" in html
    assert "No step is marked as the final chord" in html
    assert "No step in “Comparison of options”" in html
    tp = chainworld.tps["phone"]
    assert f'href="/w/{chainworld.slug}/touchpoints/{tp.pk}/"' in html


@pytest.mark.parametrize("lanes, label", [("mode", "Offline"), ("owner", "Call centre"), ("bogus", "Advertising")])
def test_lanes_can_be_switched(chainworld, lanes, label):
    html = chainworld.world.client("viewer").get(url(chainworld) + f"?lanes={lanes}").content.decode()
    assert f'role="rowheader">{label}<' in html


def test_the_curve_spec_carries_every_step_and_escapes_names(chainworld):
    services.step_add_new_touchpoint(journey=chainworld.journey, name="</script><b>x", stage="after")
    response = chainworld.world.client("viewer").get(url(chainworld))
    html = response.content.decode()
    assert "</script><b>x" not in html
    spec = json.loads(html.split('id="curve-spec" type="application/json">')[1].split("</script>")[0])
    values = spec["layer"][1]["encoding"]["x"]["scale"]["domain"]
    assert len(values) == 6 and values[0] == "1. Contextual ad"
    assert spec["data"]["values"][5]["value"] is None


def test_reorder_from_the_script_returns_the_board_or_a_clear_refusal(chainworld):
    client = chainworld.world.client("editor")
    ids = order(chainworld)
    response = client.post(
        url(chainworld, "steps/reorder/"), json.dumps({"step_ids": ids[::-1]}), content_type="application/json", **BOARD
    )
    assert response.status_code == 200 and 'id="map"' in response.content.decode()
    assert unquote(response["X-Board-Message"]) == "The new order is saved."
    assert order(chainworld) == ids[::-1]
    response = client.post(
        url(chainworld, "steps/reorder/"),
        json.dumps({"step_ids": [ids[0], ids[0], 424242]}),
        content_type="application/json",
        **BOARD,
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "The order was not changed." in errors and any("424242" in e for e in errors)
    assert any("more than once" in e for e in errors)
    assert order(chainworld) == ids[::-1]
    response = client.post(url(chainworld, "steps/reorder/"), "not json", content_type="application/json", **BOARD)
    assert response.status_code == 400 and order(chainworld) == ids[::-1]


def test_a_plain_form_reorder_redirects_with_the_message(chainworld):
    client = chainworld.world.client("editor")
    ids = order(chainworld)
    response = client.post(url(chainworld, "steps/reorder/"), {"step_ids": ids[:2]}, follow=True)
    assert "Left out" in response.content.decode()
    assert order(chainworld) == ids


def test_keyboard_moves_and_stage_drop(chainworld):
    client = chainworld.world.client("editor")
    ids = order(chainworld)
    response = client.post(url(chainworld, f"steps/{ids[1]}/move/"), {"direction": "up", "lanes": "owner"})
    assert response.status_code == 302 and "lanes=owner" in response["Location"]
    assert order(chainworld)[:2] == [ids[1], ids[0]]
    assert client.post(url(chainworld, f"steps/{ids[1]}/move/"), {"direction": "sideways"}).status_code == 302
    assert order(chainworld)[:2] == [ids[1], ids[0]]
    # A card dropped on another stage sends only the stage: the rest of the step is kept.
    step = chainworld.journey.steps.get(pk=ids[2])
    step.note = "keep me"
    step.save()
    response = client.post(url(chainworld, f"steps/{ids[2]}/edit/"), {"stage": "compare"}, **BOARD)
    assert response.status_code == 200
    step.refresh_from_db()
    assert (step.stage, step.expected, step.note) == ("compare", -1, "keep me")
    response = client.post(url(chainworld, f"steps/{ids[2]}/edit/"), {"stage": "nowhen"}, **BOARD)
    assert response.status_code == 400 and chainworld.journey.steps.get(pk=ids[2]).stage == "compare"


def test_the_full_step_form_sets_and_clears(chainworld):
    client = chainworld.world.client("editor")
    step_id = order(chainworld)[-1]
    client.post(
        url(chainworld, f"steps/{step_id}/edit/"),
        {"stage": "after", "expected": "2", "note": "Bright", "final_chord": ["", "on"]},
    )
    step = chainworld.journey.steps.get(pk=step_id)
    assert (step.expected, step.note, step.is_final_chord) == (2, "Bright", True)
    client.post(
        url(chainworld, f"steps/{step_id}/edit/"), {"stage": "after", "expected": "", "note": "", "final_chord": [""]}
    )
    step.refresh_from_db()
    assert (step.expected, step.is_final_chord) == (None, False)


def test_adding_steps_from_the_page(chainworld):
    client = chainworld.world.client("editor")
    response = client.post(
        url(chainworld, "steps/add/"), {"touchpoint": chainworld.tps["card"].pk, "position": 0}, **BOARD
    )
    assert response.status_code == 200
    assert chainworld.journey.steps.order_by("position").first().touchpoint.name == "Patient card"
    response = client.post(
        url(chainworld, "steps/add/"), {"touchpoint": chainworld.foreign.pk, "stage": "need"}, **BOARD
    )
    assert response.status_code == 400 and "not in this workspace's inventory" in response.json()["errors"][0]
    response = client.post(url(chainworld, "steps/add/"), {"stage": "need"}, **BOARD)
    assert response.status_code == 400 and "Choose a touchpoint" in response.json()["errors"][0]
    response = client.post(
        url(chainworld, "steps/new-touchpoint/"),
        {"name": "Answering machine", "stage": "decision", "channel": "phone"},
        follow=True,
    )
    assert "marked missing for Our clinic" in response.content.decode()
    tp = Touchpoint.objects.get(name="Answering machine")
    assert Presence.objects.get(touchpoint=tp, brand=chainworld.own).status == "missing"
    assert chainworld.journey.steps.count() == 7


def test_palette_search(chainworld):
    client = chainworld.world.client("editor")
    html = client.get(url(chainworld, "palette/?q=doc")).content.decode()
    assert "Ask-a-doctor form" in html and "Doctor" in html and "Newsletter" not in html
    assert "Their secret touchpoint" not in client.get(url(chainworld, "palette/?q=secret")).content.decode()


def test_list_groups_by_process_and_offers_the_comparison(chainworld):
    rival = services.journey_create(
        workspace=chainworld.world.workspace, name="Their path", process="Book a visit", brand=chainworld.rival
    )
    html = chainworld.world.client("viewer").get(f"/w/{chainworld.slug}/journeys/").content.decode()
    assert "Book a visit" in html and "First visit" in html and "Their path" in html
    assert f"compare/?a={chainworld.journey.pk}&amp;b={rival.pk}" in html
    segment = chainworld.world.workspace.segments.get()
    services.journey_update(journey=rival, segments=[segment])
    html = (
        chainworld.world.client("viewer").get(f"/w/{chainworld.slug}/journeys/?segment={segment.pk}").content.decode()
    )
    assert "Their path" in html and "First visit" not in html


def _queries(client: Any, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_map_queries_do_not_grow_with_the_data(chainworld, django_assert_max_num_queries):
    ws = chainworld.world.workspace
    client = chainworld.world.client("viewer")
    listing = f"/w/{chainworld.slug}/journeys/"

    def more_journeys(n: int) -> None:
        for i in range(n):
            journey = services.journey_create(workspace=ws, name=f"J{i}", process=f"P{i % 2}", brand=chainworld.rival)
            for code in ("ad", "chat", "phone", "doctor"):
                services.step_add(journey=journey, touchpoint=chainworld.tps[code], stage="decision", expected=1)

    more_journeys(2)
    client.get(listing)  # warm up (session, content types)
    few_list, few_map = _queries(client, listing), _queries(client, url(chainworld))
    more_journeys(8)
    for code in ("card", "reception", "review", "newsletter", "ask"):
        services.step_add(journey=chainworld.journey, touchpoint=chainworld.tps[code], stage="after")
    assert _queries(client, listing) == few_list
    assert _queries(client, url(chainworld)) == few_map
    with django_assert_max_num_queries(20):
        client.get(url(chainworld))


def test_compare_page(chainworld):
    rival = services.journey_create(
        workspace=chainworld.world.workspace, name="Their path", process="Book a visit", brand=chainworld.rival
    )
    for code, stage, expected in [("ad", "need", 1), ("ask", "search", 2), ("phone", "decision", 1)]:
        services.step_add(journey=rival, touchpoint=chainworld.tps[code], stage=stage, expected=expected)
    client = chainworld.world.client("auditor")
    html = client.get(f"/w/{chainworld.slug}/journeys/compare/?a={chainworld.journey.pk}&b={rival.pk}").content.decode()
    assert "Ask-a-doctor form" in html and "— lacks this step —" in html
    assert 'class="verdict v-worse">Worse' in html  # the phone: −1 against +1
    assert 'class="verdict v-only_second">Only in the other chain' in html
    assert client.get(f"/w/{chainworld.slug}/journeys/compare/?a={chainworld.journey.pk}&b=99999").status_code == 404
    other = services.journey_create(
        workspace=chainworld.world.other, name="Theirs", brand=chainworld.world.other.brands.get()
    )
    assert (
        client.get(f"/w/{chainworld.slug}/journeys/compare/?a={chainworld.journey.pk}&b={other.pk}").status_code == 404
    )


def test_audit_scores_feed_the_curve_through_the_provider_hook(chainworld):
    ad, phone = chainworld.tps["ad"], chainworld.tps["phone"]

    def provider(*, brand: Any, touchpoint_ids: Any) -> dict[int, float]:
        assert brand == chainworld.own
        return {ad.pk: 10.0, phone.pk: 90.0, 999999: 50.0}

    register_experience_provider(provider)
    try:
        html = chainworld.world.client("viewer").get(url(chainworld)).content.decode()
        api = (
            chainworld.world.client("viewer")
            .get(f"/api/v1/workspaces/{chainworld.slug}/journeys/{chainworld.journey.pk}/steps")
            .json()
        )
    finally:
        unregister_experience_provider(provider)
    by_name = {s["touchpoint"]: s for s in api}
    assert by_name["Contextual ad"]["audit_score"] == -1.6 and by_name["Contextual ad"]["experience"] == -1.6
    assert by_name["Phone booking"]["experience"] == 1.6 and by_name["Doctor"]["audit_score"] is None
    assert "not_audited" in by_name["Doctor"]["weak_links"]
    assert (
        "negative" in by_name["Contextual ad"]["weak_links"]
        and "negative" not in by_name["Phone booking"]["weak_links"]
    )
    assert "audit score" in html


def test_the_demo_builds_the_clinic_chains(db):
    from touchpoints.demo.services import demo_load

    ws, created = demo_load()
    assert created
    journeys = {j.name: j for j in ws.journeys.select_related("brand", "next_journey")}
    first = journeys["First visit: from the ad to the doctor"]
    codes = list(first.steps.order_by("position").values_list("touchpoint__code", flat=True))
    assert codes[:7] == [
        "ads-context",
        "site-chat",
        "phone",
        "sms-reminder",
        "reception",
        "patient-card",
        "doctor-consultation",
    ]
    assert codes[-1] == "newsletter" and first.steps.get(is_final_chord=True).touchpoint.code == "newsletter"
    assert first.brand.is_own and first.next_journey.name == "Return for a check-up"
    rival = [j for j in journeys.values() if not j.brand.is_own]
    assert len(rival) == 1 and rival[0].process == first.process
    assert "site-ask-doctor" in rival[0].steps.values_list("touchpoint__code", flat=True)


def test_touchpoint_deleted_from_the_inventory_leaves_the_chain(chainworld):
    from touchpoints.inventory.services import touchpoint_delete

    touchpoint_delete(touchpoint=chainworld.tps["chat"])
    assert list(chainworld.journey.steps.order_by("position").values_list("touchpoint__code", flat=True)) == [
        "ad",
        "phone",
        "doctor",
        "newsletter",
    ]
    html = chainworld.world.client("viewer").get(url(chainworld)).content.decode()
    assert html.count('class="jcard') == 4


def test_a_new_touchpoint_in_another_workspace_is_never_offered(chainworld):
    touchpoint_create(workspace=chainworld.world.other, name="Doctor of theirs", stages=["decision"])
    html = chainworld.world.client("editor").get(url(chainworld, "palette/?q=Doctor")).content.decode()
    assert "Doctor of theirs" not in html


def test_compare_with_fewer_than_two_journeys_says_how_to_make_them(chainworld: Any) -> None:
    """One journey cannot be compared: the page links the two ways to make another (for editors)."""
    html = chainworld.world.client("editor").get(f"/w/{chainworld.slug}/journeys/compare/").content.decode()
    assert "Create at least two journeys" in html
    assert f'href="/w/{chainworld.slug}/journeys/new/"' in html
    assert f'href="/w/{chainworld.slug}/journeys/from-template/"' in html
    html = chainworld.world.client("viewer").get(f"/w/{chainworld.slug}/journeys/compare/").content.decode()
    assert "Create at least two journeys" in html and f'href="/w/{chainworld.slug}/journeys/new/"' not in html


@pytest.mark.parametrize("lang, mean", [("en", "+0.6"), ("ru", "+0,6"), ("es", "+0,6")])
def test_experience_numbers_are_written_as_in_the_readers_language(chainworld: Any, lang: str, mean: str) -> None:
    """The mean experience of 1, 1, −1, 2 and 0 on the map (the cards, the SVG and PDF maps and the weak
    links write experiences with signed_experience too)."""
    client = chainworld.world.client("viewer")
    client.cookies["django_language"] = lang
    html = client.get(url(chainworld)).content.decode()
    assert f"<strong>{mean}</strong>" in html
    other = mean.replace(",", ".") if "," in mean else mean.replace(".", ",")
    assert f"<strong>{other}</strong>" not in html
    with translation.override(lang):
        assert [signed_experience(v) for v in (1, 0, -2, -0.04)] == ["+1", "0", "−2", "0"]
        assert signed_experience(-0.56) == mean.replace("+", "−")
