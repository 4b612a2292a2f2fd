"""Pages and endpoints: bad input, bounded queries, what a user sees (who may do what:
test_permissions)."""

from __future__ import annotations

import json

import pytest

from touchpoints.priorities import selectors
from touchpoints.priorities.models import Estimate, MarketSettings, TopTenVersion


def test_priority_page_shows_factors_and_missing_ones(plan) -> None:  # noqa: ANN001
    page = plan.world.client("viewer").get(f"/w/{plan.world.slug}/priorities/").content.decode()
    # Chat: we lack it, the rival has it: the worst experience, impact 1.0, effort 1 → 100.
    assert "we lack it; Rival has it" in page
    assert "100.0" in page
    # Phone: (100−40)/100 × 0.8 × 0.8 = 38.4.
    assert "38.4" in page
    # Newsletter was audited but has no estimates: named as missing, not zero.
    assert "impact (no estimate yet)" in page
    assert page.index("Chat") < page.index("Newsletter")
    assert "chart-matrix" in page
    assert "Estimate" not in page.split("<tbody>")[1]  # a viewer gets no edit buttons


def test_filters(plan) -> None:  # noqa: ANN001
    client = plan.world.client("viewer")
    page = client.get(f"/w/{plan.world.slug}/priorities/?area=business").content.decode()
    assert "Parking" in page and ">Phone<" not in page
    page = client.get(f"/w/{plan.world.slug}/priorities/?stage=after").content.decode()
    assert "Newsletter" in page and "Parking</a>" not in page
    assert client.get(f"/w/{plan.world.slug}/priorities/?stage=nonsense").status_code == 200


def test_inline_estimate_edit_returns_the_row(plan) -> None:  # noqa: ANN001
    client, slug = plan.world.client("editor"), plan.world.slug
    news = plan.tps["Newsletter"].pk
    url = f"/w/{slug}/priorities/touchpoints/{news}/estimate/"
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="impact"' in form and "<tr" in form
    row = client.post(
        url, {"impact": "5", "impact_reason": "Keeps patients", "effort": "1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    # (100 − 70)/100 × 1.0 × 1.0 = 30.0
    assert "30.0" in row and "Keeps patients" in row and f'id="tp-{news}"' in row
    # A bad value inline: the form comes back with the error and what was typed (HTMX swaps 2xx only).
    bad = client.post(url, {"impact": "9", "impact_reason": "typed"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200
    assert 'class="error"' in bad.content.decode() and "typed" in bad.content.decode()
    assert Estimate.objects.get(touchpoint_id=news).impact == 5


@pytest.mark.parametrize(
    "data, field",
    [
        ({"impact": "6"}, "impact"),
        ({"impact": "0"}, "impact"),
        ({"effort": "9"}, "effort"),
        ({"cost": "-5"}, "cost"),
        ({"impact": "abc"}, "impact"),
    ],
)
def test_estimates_off_range_are_refused_and_nothing_is_lost(plan, data, field) -> None:  # noqa: ANN001
    client, slug = plan.world.client("editor"), plan.world.slug
    phone = plan.tps["Phone"].pk
    posted = {"impact_reason": "kept text", **data}
    response = client.post(f"/w/{slug}/priorities/touchpoints/{phone}/estimate/", posted)
    assert response.status_code == 400
    page = response.content.decode()
    assert "kept text" in page and 'class="error"' in page
    assert Estimate.objects.get(touchpoint_id=phone).impact == 4


def test_estimate_of_another_workspace_is_not_found(plan) -> None:  # noqa: ANN001
    client, slug = plan.world.client("editor"), plan.world.slug
    assert (
        client.post(f"/w/{slug}/priorities/touchpoints/{plan.other_tp.pk}/estimate/", {"impact": "3"}).status_code
        == 404
    )
    response = client.put(
        f"/api/v1/workspaces/{slug}/priorities/estimates/{plan.other_tp.pk}",
        json.dumps({"impact": 3}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "touchpoint_id" in response.json()["errors"]  # the name in the path
    response = client.put(
        f"/api/v1/workspaces/{slug}/priorities/estimates/{plan.tps['Phone'].pk}",
        json.dumps({"impact": 7}),
        content_type="application/json",
    )
    assert response.status_code == 422


def test_a_cost_that_rounds_past_the_largest_amount_is_refused(plan) -> None:  # noqa: ANN001
    """9,999,999,999.999 is below 10 billion but rounds to it, which the column cannot hold: it was
    stored, and every priorities page and endpoint then answered 500."""
    client, slug = plan.world.client("editor"), plan.world.slug
    phone = plan.tps["Phone"].pk
    response = client.put(
        f"/api/v1/workspaces/{slug}/priorities/estimates/{phone}",
        json.dumps({"cost": 9999999999.999}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "cost" in response.json()["errors"]
    assert client.get(f"/api/v1/workspaces/{slug}/priorities/estimates").status_code == 200
    assert client.get(f"/w/{slug}/priorities/").status_code == 200
    ok = client.put(
        f"/api/v1/workspaces/{slug}/priorities/estimates/{phone}",
        json.dumps({"cost": 9999999999.99}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["cost"] == 9999999999.99


def test_a_cost_too_large_is_refused_with_the_largest_amount(plan) -> None:  # noqa: ANN001
    """A cost of 10 billion or more was refused with «Enter an amount of zero or more.», which it
    was; the message now says how large a cost may be, as the reader's language writes numbers."""
    client, slug = plan.world.client("editor"), plan.world.slug
    url = f"/api/v1/workspaces/{slug}/priorities/estimates/{plan.tps['Phone'].pk}"
    for language, largest in (("en", "9,999,999,999.99"), ("ru", "9\xa0999\xa0999\xa0999,99")):
        response = client.put(
            url, json.dumps({"cost": 9999999999.999}), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400
        assert largest in " ".join(response.json()["errors"]["cost"]), response.json()


def test_top_ten_flow_fill_move_remove_add_and_history(plan) -> None:  # noqa: ANN001
    client, slug = plan.world.client("editor"), plan.world.slug
    tps = plan.tps
    client.post(f"/w/{slug}/priorities/top/fill/")
    ws = plan.world.workspace
    # Complete priorities: Chat 100, Phone 38.4, Parking (0.1 × 0.4 × 0.2 × 100 = 0.8).
    assert [e.name for e in selectors.top_ten(workspace=ws)] == ["Chat", "Phone", "Parking"]
    base = {"tp": [tps["Chat"].pk, tps["Phone"].pk, tps["Parking"].pk], "reason": ["rival has it", "", ""]}
    # No-JS fallback: the "move up" button of Phone.
    client.post(f"/w/{slug}/priorities/top/save/", {**base, "move": f"{tps['Phone'].pk}:up"})
    assert [e.name for e in selectors.top_ten(workspace=ws)] == ["Phone", "Chat", "Parking"]
    # Drag and drop posts the new order; remove Parking, add the perfect-looking Newsletter.
    client.post(
        f"/w/{slug}/priorities/top/save/",
        {
            "tp": [tps["Chat"].pk, tps["Phone"].pk, tps["Parking"].pk],
            "reason": ["rival has it", "calls", ""],
            "remove": [tps["Parking"].pk],
            "add": tps["Newsletter"].pk,
            "add_reason": "looks perfect, keep it",
        },
    )
    entries = selectors.top_ten(workspace=ws)
    assert [(e.position, e.name, e.reason) for e in entries] == [
        (1, "Chat", "rival has it"),
        (2, "Phone", "calls"),
        (3, "Newsletter", "looks perfect, keep it"),
    ]
    # Saving the same list again makes no new version.
    before = TopTenVersion.objects.count()
    client.post(
        f"/w/{slug}/priorities/top/save/",
        {"tp": [e.touchpoint_id for e in entries], "reason": [e.reason for e in entries]},
    )
    assert TopTenVersion.objects.count() == before == 3
    history = client.get(f"/w/{slug}/priorities/top/history/").content.decode()
    assert "Newsletter added at place 3" in history
    assert "Parking removed (was place 3)" in history
    assert "Phone moved up from 2 to 1" in history
    assert history.count("editor") >= 3


def test_top_ten_bad_input(plan) -> None:  # noqa: ANN001
    client, slug = plan.world.client("editor"), plan.world.slug
    phone = plan.tps["Phone"].pk
    response = client.post(f"/w/{slug}/priorities/top/save/", {"tp": [phone, phone], "reason": ["a", "b"]})
    assert response.status_code == 400 and "only one place" in response.content.decode()
    response = client.post(
        f"/w/{slug}/priorities/top/save/", {"tp": [phone], "reason": ["kept"], "add": plan.other_tp.pk}
    )
    assert response.status_code == 400 and "not in this workspace" in response.content.decode()
    assert "kept" in response.content.decode()
    response = client.put(
        f"/api/v1/workspaces/{slug}/priorities/top-ten",
        json.dumps({"places": [{"touchpoint_id": phone}] * 11}),
        content_type="application/json",
    )
    assert response.status_code == 422
    response = client.put(
        f"/api/v1/workspaces/{slug}/priorities/top-ten",
        json.dumps({"places": [{"touchpoint_id": phone}, {"touchpoint_id": phone}]}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not TopTenVersion.objects.exists()


def test_market_setting_bad_value_shows_the_form(plan) -> None:  # noqa: ANN001
    response = plan.world.client("editor").post(
        f"/w/{plan.world.slug}/priorities/benchmark/market/", {"company_size": "huge", "loyalty": "high"}
    )
    assert response.status_code == 400
    assert not MarketSettings.objects.exists()
    response = plan.world.client("editor").put(
        f"/api/v1/workspaces/{plan.world.slug}/priorities/market",
        json.dumps({"company_size": "huge"}),
        content_type="application/json",
    )
    assert response.status_code == 422


def test_benchmark_page_views_and_exports(plan) -> None:  # noqa: ANN001
    client, slug = plan.world.client("viewer"), plan.world.slug
    page = client.get(f"/w/{slug}/priorities/benchmark/").content.decode()
    assert "chart-radar" in page and "How much the comparison matters" in page
    assert "Unique: only we have it (1)" in page and "a rival has it, we don't (1)" in page
    gaps = client.get(f"/w/{slug}/priorities/benchmark/?view=gaps").content.decode()
    assert "Phone" in gaps and "−40" in gaps and "Parking</a>" not in gaps
    csv = client.get(f"/w/{slug}/priorities/benchmark/export.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Touchpoint,Stages,Area,Our clinic: status")
    data = client.get(f"/w/{slug}/priorities/export.json").json()
    assert data[0]["touchpoint"] == "Chat" and data[0]["priority"] == 100.0
    assert client.get(f"/w/{slug}/priorities/export.pdf").status_code == 404


def test_formula_cells_are_neutralised_in_exports(plan) -> None:  # noqa: ANN001
    from touchpoints.priorities import services

    services.estimate_set(workspace=plan.world.workspace, touchpoint=plan.tps["Phone"], impact_reason="=HYPERLINK(1)")
    csv = plan.world.client("viewer").get(f"/w/{plan.world.slug}/priorities/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv


def test_radar_and_matrix_render_as_svg(plan) -> None:  # noqa: ANN001
    from touchpoints.lib.charts import chart_svg

    ws = plan.world.workspace
    for spec in (
        selectors.radar_spec(workspace=ws, by="stage"),
        selectors.radar_spec(workspace=ws, by="area"),
        selectors.matrix_spec(workspace=ws),
    ):
        svg = chart_svg(spec)
        assert svg.startswith("<svg") and ("Our clinic" in svg or "Fix first" in svg)
        assert 'width="300"' not in svg[:300]  # a real width, not Vega's fallback


def test_queries_are_bounded(plan, pages_within) -> None:  # noqa: ANN001
    from touchpoints.inventory.services import touchpoint_create

    ws = plan.world.workspace
    for i in range(30):
        touchpoint_create(workspace=ws, name=f"Extra {i}", stages=["need"])
    client, slug = plan.world.client("editor"), plan.world.slug
    pages = f"/w/{slug}/priorities"
    pages_within(client, 20, f"{pages}/", f"{pages}/benchmark/", f"{pages}/top/", f"{pages}/top/history/")


@pytest.mark.parametrize(
    "lang, text",
    [
        ("ru", "Приоритет = плохой опыт × влияние × экономичность"),
        ("es", "Prioridad = mala experiencia × impacto × rentabilidad"),
    ],
)
def test_pages_in_russian_and_spanish(plan, lang: str, text: str) -> None:  # noqa: ANN001
    client = plan.world.client("editor")
    client.cookies["django_language"] = lang
    slug = plan.world.slug
    assert text in client.get(f"/w/{slug}/priorities/").content.decode()
    bench = client.get(f"/w/{slug}/priorities/benchmark/").content.decode()
    assert {"ru": "Сравнение с конкурентами", "es": "Comparativa con la competencia"}[lang] in bench
    top = client.get(f"/w/{slug}/priorities/top/").content.decode()
    assert {"ru": "Заполнить по приоритетам", "es": "Rellenar con las prioridades"}[lang] in top


def test_a_deleted_touchpoint_leaves_no_hole_in_the_top_ten(plan) -> None:  # noqa: ANN001
    from touchpoints.priorities import services

    ws = plan.world.workspace
    services.top_ten_save(
        workspace=ws, places=[(plan.tps["Phone"].pk, ""), (plan.tps["Chat"].pk, ""), (plan.tps["Parking"].pk, "")]
    )
    plan.tps["Chat"].delete()
    assert [(e.position, e.name) for e in selectors.top_ten(workspace=ws)] == [(1, "Phone"), (2, "Parking")]


@pytest.mark.parametrize(
    ("lang", "column", "label"),
    [("en", "Impact source", "estimated by the team"), ("ru", "Источник влияния", "оценка команды")],
)
def test_the_export_names_the_impact_source_as_the_page_does(plan, lang: str, column: str, label: str) -> None:  # noqa: ANN001
    import csv
    import io

    client = plan.world.client("viewer")
    client.cookies["django_language"] = lang
    body = client.get(f"/w/{plan.world.slug}/priorities/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    chat = next(r for r in rows if r[1] == "Chat")
    assert chat[rows[0].index(column)] == label  # the team's estimate, not the stored code "manual"


def test_the_top_ten_of_an_empty_inventory_leads_to_it(world) -> None:  # noqa: ANN001
    from touchpoints.inventory.models import Touchpoint

    Touchpoint.objects.filter(workspace=world.workspace).delete()
    page = world.client("editor").get(f"/w/{world.slug}/priorities/top/").content.decode()
    assert "No touchpoints yet." in page and f'href="/w/{world.slug}/touchpoints/new/"' in page
    assert 'name="add"' not in page  # no empty list to pick from


def test_the_matrix_on_a_phone_keeps_its_names_whole_and_apart(plan) -> None:  # noqa: ANN001
    """At a phone's width, in Russian: the legend names each quadrant in full (no "Исправить в
    первую очер…") and the corner names on the same side of the top or the bottom are on
    different lines, so a long left one cannot run into the right one."""
    import re

    from django.utils import translation

    from touchpoints.lib.charts import chart_svg

    with translation.override("ru"):
        svg = chart_svg(selectors.matrix_spec(workspace=plan.world.workspace, width=300))
    texts = re.findall(r'<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)</text>', svg)
    assert sum(1 for *_xy, t in texts if t == "Исправить в первую очередь") == 2, texts  # corner and legend
    assert not any(t.endswith("…") for *_xy, t in texts), texts
    y: dict[str, float] = {}
    for _x, ty, t in texts:  # the corners are drawn before the legend: the first of each name
        y.setdefault(t, float(ty))
    assert abs(y["Поддерживать уровень"] - y["Исправить в первую очередь"]) >= 14
    assert abs(y["Не тратить лишнего"] - y["Наблюдать"]) >= 14
    # The x-axis title in lines that fit, instead of one cut off at both ends.
    assert "<tspan>Качество:</tspan>" in svg and ">оценка опыта (аудит и клиенты),</tspan>" in svg


def test_the_benchmark_says_how_to_start_comparing(world) -> None:  # noqa: ANN001
    """A new workspace's home leads to the benchmark as the "competitors" step: with no competitor
    it says how to add one; with competitors none of which is audited, it offers to audit each, the
    audit form coming with the brand and the competitor walk chosen."""
    from touchpoints.audits.services import audit_create, audit_transition

    url = f"/w/{world.slug}/priorities/benchmark/"
    rival = world.workspace.brands.get(name="Rival")
    editor, viewer = world.client("editor"), world.client("viewer")
    rival.delete()
    body = editor.get(url).content.decode()
    assert "No competitor yet." in body and f'href="/w/{world.slug}/brands/">Add a competitor' in body
    assert "Add a competitor" not in viewer.get(url).content.decode()  # a viewer cannot add one

    rival = world.workspace.brands.create(name="Rival <b>")
    body = editor.get(url).content.decode()
    assert "No competitor audited yet." in body
    link = f'href="/w/{world.slug}/audits/new/?brand={rival.pk}">Audit Rival &lt;b&gt;</a>'
    assert link in body
    form = editor.get(f"/w/{world.slug}/audits/new/?brand={rival.pk}").content.decode()
    assert f'<option value="{rival.pk}" selected>' in form
    assert '<option value="competitor_walk" selected>' in form
    # A brand id of another workspace is no choice: the own brand stays chosen.
    stranger = world.other.brands.get(is_own=True)
    form = editor.get(f"/w/{world.slug}/audits/new/?brand={stranger.pk}").content.decode()
    assert f'<option value="{stranger.pk}"' not in form and '<option value="self" selected>' in form

    from touchpoints.inventory.services import touchpoint_create

    touchpoint_create(workspace=world.workspace, name="Website", presence={rival.pk: "exists"})
    audit = audit_create(workspace=world.workspace, name="Their walk", brand=rival, method="competitor_walk")
    for action in ("start", "submit"):
        audit_transition(audit=audit, action=action)
    body = editor.get(url).content.decode()
    assert "No competitor audited yet." not in body and "No competitor yet." not in body


def test_filling_with_no_complete_priority_keeps_the_teams_list(world) -> None:  # noqa: ANN001
    """With no touchpoint's priority complete yet, "Fill from priorities" used to save an empty
    version, which replaced the team's hand-made list with nothing; now it writes nothing and says
    why, on the page and in the API."""
    from touchpoints.inventory.services import touchpoint_create
    from touchpoints.priorities import services

    ws = world.workspace
    tp = touchpoint_create(workspace=ws, name="Reception")
    services.top_ten_save(workspace=ws, places=[(tp.pk, "Patients wait here")])
    editor = world.client("editor")
    response = editor.post(f"/w/{world.slug}/priorities/top/fill/", follow=True)
    assert "No touchpoint has a complete priority yet" in response.content.decode()
    assert [(e.name, e.reason) for e in selectors.top_ten(workspace=ws)] == [("Reception", "Patients wait here")]
    assert TopTenVersion.objects.filter(workspace=ws).count() == 1
    response = editor.post(f"/api/v1/workspaces/{world.slug}/priorities/top-ten/fill")
    assert response.status_code == 400 and "complete priority" in response.json()["errors"]["__all__"][0]
    assert TopTenVersion.objects.filter(workspace=ws).count() == 1
