"""In a real browser, with the Content-Security-Policy on: script-bearing text typed into every
user-editable field, uploaded in a log, imported from a file or given as an evidence file's name
shows as text on every page that shows it. A trap (``window.__xss``) must stay unset, no element
the payload describes may exist, the browser must report no CSP violation (an injected inline
script would be one, even though the policy blocks it) and no script error; the charts still draw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from touchpoints.lib.testing_browser import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def payload(tag: str) -> str:
    """One field's payload: breaks out of attributes (both quotes), opens script and comment
    elements, adds an element with a handler; the tag says which field it came from."""
    return (
        f"{tag}\"><script>window.__xss='{tag}'</script><img src=x class=pwn onerror=\"window.__xss='{tag}'\">"
        f"' onmouseover='window.__xss=1' <!--<script>"
    )


FIELDS = [
    "tp-name",
    "tp-notes",
    "tp-wow",
    "tp-description",
    "brand",
    "segment",
    "journey",
    "journey-description",
    "step-note",
    "audit",
    "criterion",
    "answer-note",
    "channel-a",
    "channel-b",
    "import-name",
    "evidence",
    "workspace",
    "run",
]


def _seed(tmp_path: Path, settings: Any) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from touchpoints.analytics import services as analytics
    from touchpoints.analytics import tasks as analytics_tasks
    from touchpoints.analytics.uploads import stage_upload
    from touchpoints.audits import services as audits
    from touchpoints.audits.models import Assessment, Audit, Criterion, Evidence
    from touchpoints.demo.services import demo_load
    from touchpoints.inventory.importing import import_touchpoints
    from touchpoints.inventory.models import Touchpoint
    from touchpoints.inventory.tabular import read_rows
    from touchpoints.journeys.models import Journey, JourneyStep
    from touchpoints.library.loader import library_load
    from touchpoints.workspaces.models import Brand, Segment

    settings.ANALYTICS_DATA_DIR = str(tmp_path / "analytics")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    library_load()
    ws, _created = demo_load()
    ws.name = payload("workspace")[:200]
    ws.save()
    tp = Touchpoint.objects.filter(workspace=ws, parent__isnull=False).order_by("pk").first()
    Touchpoint.objects.filter(pk=tp.pk).update(
        name=payload("tp-name"), notes=payload("tp-notes"), wow=payload("tp-wow"), description=payload("tp-description")
    )
    Brand.objects.filter(pk=Brand.objects.filter(workspace=ws, is_own=False).order_by("pk")[0].pk).update(
        name=payload("brand")
    )
    Segment.objects.filter(pk=Segment.objects.filter(workspace=ws).order_by("pk")[0].pk).update(name=payload("segment"))
    journey = Journey.objects.filter(workspace=ws).order_by("pk").first()
    Journey.objects.filter(pk=journey.pk).update(name=payload("journey"), description=payload("journey-description"))
    JourneyStep.objects.filter(journey=journey).update(note=payload("step-note"))
    audit = Audit.objects.filter(workspace=ws, status="in_progress").order_by("pk").first()
    closed = Audit.objects.filter(workspace=ws, status="closed").order_by("pk").first()
    Audit.objects.filter(pk=audit.pk).update(name=payload("audit"))
    for n, pk in enumerate(Criterion.objects.filter(workspace=ws).values_list("pk", flat=True)):
        Criterion.objects.filter(pk=pk).update(name=f"{payload('criterion')} {n}")
    Assessment.objects.filter(item__audit__in=[audit, closed]).update(note=payload("answer-note"))
    item = audit.items.order_by("pk").first()
    demo = get_user_model().objects.get(username="demo")
    auditor = audit.auditors.first() or demo
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
        b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    audits.evidence_add(
        audit=audit,
        auditor=auditor,
        touchpoint_id=item.touchpoint_id,
        upload=SimpleUploadedFile("photo.png", png, content_type="image/png"),
    )
    Evidence.objects.filter(item__audit=audit).update(original_name=payload("evidence")[:190] + ".png")
    # A touchpoint imported from a file.
    header, rows = read_rows(
        f'name,code\n"{payload("import-name").replace(chr(34), chr(34) * 2)}",imp-x\n'.encode(), "csv"
    )
    imported = import_touchpoints(workspace=ws, header=header, rows=rows)
    assert not imported.faults, imported.faults
    # An uploaded log whose channels are payloads.
    lines = ["client_id,event_time,channel,converted"]
    for i in range(6):
        for j, channel in enumerate((payload("channel-a"), payload("channel-b"), "Website")):
            quoted = channel.replace('"', '""')
            lines.append(f'u{i},2024-03-0{1 + j} 10:00:00,"{quoted}",{int(j == 2 and i % 2)}')
    staged = stage_upload(SimpleUploadedFile("log.csv", "\n".join(lines).encode()), workspace_id=ws.pk, user_id=demo.pk)
    run = analytics.run_start(
        workspace=ws,
        staged=staged,
        name=payload("run")[:200],
        columns={
            "customer": "client_id",
            "timestamp": "event_time",
            "touchpoint": "channel",
            "conversion": "converted",
        },
        created_by=demo,
        options={"markov_orders": [1], "bootstrap": 0},
    )
    analytics_tasks.run_enqueue(run)
    run.refresh_from_db()
    assert run.status == "done", run.error
    slug = ws.slug
    return {
        "ws": ws,
        "urls": [
            reverse("workspaces:home"),
            reverse("workspaces:workspace", kwargs={"slug": slug}),
            reverse("workspaces:brands", kwargs={"slug": slug}),
            reverse("workspaces:segments", kwargs={"slug": slug}),
            reverse("workspaces:members", kwargs={"slug": slug}),
            reverse("inventory:list", kwargs={"slug": slug}),
            reverse("inventory:list", kwargs={"slug": slug}) + "?view=tree",
            reverse("inventory:detail", kwargs={"slug": slug, "pk": tp.pk}),
            reverse("inventory:edit", kwargs={"slug": slug, "pk": tp.pk}),
            reverse(
                "inventory:detail", kwargs={"slug": slug, "pk": Touchpoint.objects.get(workspace=ws, code="imp-x").pk}
            ),
            reverse("journeys:list", kwargs={"slug": slug}),
            reverse("journeys:detail", kwargs={"slug": slug, "pk": journey.pk}),
            reverse("journeys:edit", kwargs={"slug": slug, "pk": journey.pk}),
            reverse("audits:list", kwargs={"slug": slug}),
            reverse("audits:detail", kwargs={"slug": slug, "pk": audit.pk}),
            reverse("audits:score", kwargs={"slug": slug, "pk": audit.pk}),
            reverse("audits:results", kwargs={"slug": slug, "pk": audit.pk}),
            reverse("audits:results", kwargs={"slug": slug, "pk": closed.pk}),
            reverse("audits:criteria", kwargs={"slug": slug}),
            reverse("audits:due", kwargs={"slug": slug}),
            reverse("analytics:home", kwargs={"slug": slug}),
            reverse("analytics:run", kwargs={"slug": slug, "pk": run.pk}),
        ],
        "charts": {
            reverse("analytics:run", kwargs={"slug": slug, "pk": run.pk}): "#attribution-chart svg",
            reverse("audits:results", kwargs={"slug": slug, "pk": closed.pk}): ".chart svg",
            reverse("journeys:detail", kwargs={"slug": slug, "pk": journey.pk}): "#curve svg",
        },
    }


TRAP = """
Object.defineProperty(window, "__xss", {configurable: false,
  set: function (v) { window.__xssHits = (window.__xssHits || []).concat([String(v)]); },
  get: function () { return window.__xssHits ? window.__xssHits[0] : undefined; }});
"""


def test_payloads_in_every_field_render_as_text_with_the_policy_on(
    browser: Any, live_server: Any, tmp_path: Path, settings: Any, screenshot_dir: str
) -> None:
    from touchpoints.demo.services import DEMO_PASSWORD, DEMO_USERNAME

    seeded = _seed(tmp_path, settings)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    context.add_init_script(TRAP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url} console {m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"{page.url} page error: {e}"))

    def dismiss(dialog: Any) -> None:
        problems.append(f"{page.url} dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    browser_login(page, base, DEMO_USERNAME, DEMO_PASSWORD)

    seen: set[str] = set()
    for url in seeded["urls"]:
        response = page.goto(base + url)
        assert response is not None and response.status == 200, url
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), url
        page.wait_for_load_state("load")
        chart = seeded["charts"].get(url)
        if chart:
            page.wait_for_selector(chart, state="attached")
        page.mouse.move(200, 300)
        page.mouse.move(600, 500)
        assert page.evaluate("window.__xssHits") is None, url
        assert page.locator("img.pwn, img[src='x']").count() == 0, url
        text = page.evaluate(
            "document.documentElement.innerText + ' ' + "
            "Array.from(document.querySelectorAll('input,textarea')).map(e => e.value).join(' ')"
        )
        for tag in FIELDS:
            if payload(tag)[:60] in text or f"window.__xss='{tag}'" in text:
                seen.add(tag)
    page.screenshot(path=f"{screenshot_dir}/xss-run-page.png", full_page=True)
    context.close()
    csp_or_errors = [p for p in problems if "favicon" not in p]
    assert not csp_or_errors, csp_or_errors
    # Every field's payload was shown somewhere, as text.
    assert seen >= set(FIELDS) - {"evidence"}, set(FIELDS) - seen
    # For the report: how much was tried.
    print(
        f"\nXSS browser check: {len(FIELDS)} payloads, {len(seeded['urls'])} pages, "
        f"{len(seeded['charts'])} chart pages; seen as text: {len(seen)}"
    )
