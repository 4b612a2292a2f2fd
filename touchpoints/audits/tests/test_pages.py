"""The pages as a user meets them: creating an audit, the scoring sheet showing saved answers,
the results (worst first, gaps, competitors, previous audit), exports, criteria, the review list;
and a bounded number of queries whatever the size."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

import openpyxl
from django.utils import timezone

from touchpoints.audits import services
from touchpoints.audits.models import Audit, Criterion, CriterionAttachment
from touchpoints.audits.tests.helpers import Setup, score_all, started_audit
from touchpoints.inventory.services import touchpoint_create, touchpoint_update


def test_create_an_audit_from_the_page_and_start_it(setup: Setup) -> None:
    client = setup.world.client("editor")
    slug = setup.world.slug
    own = setup.workspace.brands.get(is_own=True)
    segment = setup.workspace.segments.get()
    page = client.get(f"/w/{slug}/audits/new/")
    assert page.status_code == 200 and "Segment perspective" in page.content.decode()
    response = client.post(
        f"/w/{slug}/audits/new/",
        {
            "name": "Mystery call",
            "brand": own.pk,
            "method": "mystery_shopper",
            "scale": "percent",
            "segment": segment.pk,
            "auditors": [setup.world.users["auditor"].pk],
            "scope": "selection",
            "touchpoints": [setup.touchpoints[1].pk, setup.touchpoints[0].pk],
            "starts_on": "2026-11-01",
            "ends_on": "2026-11-14",
            "instructions": "Call twice.",
        },
    )
    audit = Audit.objects.get(name="Mystery call")
    assert response.status_code == 302 and response["Location"].endswith(f"/audits/{audit.pk}/")
    assert (audit.method, audit.scale, audit.segment, audit.status) == ("mystery_shopper", "percent", segment, "draft")
    assert list(audit.items.order_by("position").values_list("touchpoint_id", flat=True)) == [
        setup.touchpoints[1].pk,
        setup.touchpoints[0].pk,
    ]
    client.post(f"/w/{slug}/audits/{audit.pk}/transition/", {"action": "start"})
    audit.refresh_from_db()
    assert audit.status == "in_progress" and audit.started_at is not None
    # Prefilled from the review list.
    ids = f"{setup.touchpoints[0].pk},{setup.touchpoints[2].pk}"
    page = client.get(f"/w/{slug}/audits/new/?touchpoints={ids}").content.decode()
    assert 'value="selection" checked' in page.replace("\n", " ") or "selection" in page


def test_a_new_workspace_is_sent_to_the_library_before_its_first_audit(world: Any) -> None:
    """With no touchpoints there is nothing to audit: the page says so and links the library."""
    client = world.client("editor")
    library = f'href="/w/{world.slug}/library/"'
    page = client.get(f"/w/{world.slug}/audits/new/").content.decode()
    assert page.count(library) == 2  # the menu and the scope
    own = world.workspace.brands.get(is_own=True)
    data = {"name": "First walk", "brand": own.pk, "method": "self", "scale": "points", "scope": "all"}
    page = client.post(f"/w/{world.slug}/audits/new/", data).content.decode()
    assert "The brand has no touchpoints in the inventory yet." in page and page.count(library) == 2
    assert not Audit.objects.exists()


def test_an_audit_without_dates_lists_its_auditors_without_a_stray_separator(setup: Setup) -> None:
    """The setup's audit has no dates: its line starts with the auditors, not with "·"."""
    html = setup.world.client("auditor").get(f"/w/{setup.world.slug}/audits/").content.decode()
    card = html[html.index(f"<strong>{setup.audit.name}</strong>") :]
    line = card[card.index('<p class="small">') + len('<p class="small">') :]
    line = " ".join(line[: line.index("</p>")].split())
    assert line.startswith("Auditors: auditor"), line


def test_the_scoring_sheet_shows_every_saved_answer(setup: Setup) -> None:
    auditor = setup.world.users["auditor"]
    tp = setup.touchpoints[0]
    crit = setup.crit(tp)
    services.answer_save(
        audit=setup.audit, auditor=auditor, touchpoint_id=tp.pk, field="score", value="9", criterion_id=crit
    )
    services.answer_save(audit=setup.audit, auditor=auditor, touchpoint_id=tp.pk, field="impression", value="neutral")
    services.answer_save(audit=setup.audit, auditor=auditor, touchpoint_id=tp.pk, field="note", value="Queue of 4")
    services.answer_save(audit=setup.audit, auditor=auditor, touchpoint_id=tp.pk, field="expectation", value="8")
    page = setup.world.client("auditor").get(f"/w/{setup.world.slug}/audits/{setup.audit.pk}/score/").content.decode()
    assert f'name="s-{tp.pk}-{crit}" value="9" data-field="score" checked' in page
    assert f'name="imp-{tp.pk}" value="neutral" data-field="impression" checked' in page
    assert "Queue of 4</textarea>" in page
    assert '<option value="8" selected>' in page
    assert "Neutral counts as a failure to impress" in page
    # Another auditor's answers are not shown as theirs.
    other = setup.world.client("editor").get(f"/w/{setup.world.slug}/audits/{setup.audit.pk}/score/").content.decode()
    assert "Queue of 4" not in other


def _finished(
    setup: Setup, raw: dict[int, str], *, brand: Any = None, days_ago: int = 1, name: str = "A", method: str = "self"
) -> Audit:
    ws = setup.workspace
    audit = started_audit(ws, name, [t for t in setup.touchpoints if t.pk in raw], brand=brand, method=method)
    user = setup.world.users["owner"]
    score_all(
        audit,
        user,
        raw=lambda item, _n: raw[item.touchpoint_id],
        impression=lambda item: "negative" if int(raw[item.touchpoint_id]) < 5 else "positive",
        expectation="8",
    )
    services.audit_transition(audit=audit, action="submit")
    Audit.objects.filter(pk=audit.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=days_ago))
    return Audit.objects.get(pk=audit.pk)


def test_results_worst_first_with_gaps_competitors_and_the_previous_audit(setup: Setup) -> None:
    web, phone, reception = setup.touchpoints
    _finished(setup, {web.pk: "4", phone.pk: "8", reception.pk: "6"}, days_ago=120, name="Spring")
    _finished(
        setup,
        {web.pk: "9", phone.pk: "5"},
        brand=setup.workspace.brands.get(is_own=False),
        days_ago=5,
        name="Rival walk",
        method="competitor_walk",
    )
    autumn = _finished(setup, {web.pk: "7", phone.pk: "2", reception.pk: "6"}, days_ago=2, name="Autumn")
    page = setup.world.client("viewer").get(f"/w/{setup.world.slug}/audits/{autumn.pk}/results/").content.decode()
    # Worst first: phone (2) < reception (6) < website (7).
    assert page.index(">Phone line</a>") < page.index(">Reception</a>") < page.index(">Website</a>")
    assert "−67" in page  # phone: 11.1 against the expectation 8 → 77.8
    assert "Rival" in page and "Own brand and competitors" in page
    assert "Spring" in page and "Improved: 1" in page and "Got worse: 1" in page and "Unchanged: 1" in page
    assert "chart-heatmap" in page and "chart-stages" in page and "chart-trend" in page


def test_each_result_row_shows_its_actions_or_plans_one(setup: Setup) -> None:
    """The results ended the method: a failing touchpoint had no way on to the plan from here."""
    from touchpoints.actions.services import action_create

    web, phone, reception = setup.touchpoints
    audit = _finished(setup, {web.pk: "7", phone.pk: "2", reception.pk: "6"})
    action_create(
        workspace=setup.workspace,
        title="Answer within three rings",
        touchpoint=phone,
        status="in_progress",
        owner_unit="Call centre",
        deadline=timezone.localdate() + dt.timedelta(days=7),
    )
    url = f"/w/{setup.world.slug}/audits/{audit.pk}/results/"
    rows = re.findall(r"<tr>\s*<td>\d+</td>.*?</tr>", setup.world.client("editor").get(url).content.decode(), re.S)
    phone_row, reception_row = rows[0], rows[1]
    assert ">Phone line</a>" in phone_row and 'title="Answer within three rings"' in phone_row
    assert "In progress" in phone_row and "Plan an action" not in phone_row
    assert f"/actions/new/?touchpoint={reception.pk}" in reception_row
    viewer = setup.world.client("viewer").get(url).content.decode()
    assert "/actions/new/" not in viewer and "In progress" in viewer
    assert f'href="/w/{setup.world.slug}/priorities/"' in viewer  # the next step of the method


def test_exports_csv_and_xlsx(setup: Setup) -> None:
    web, phone, reception = setup.touchpoints
    touchpoint_update(touchpoint=web, name='=HYPERLINK("x")')
    audit = _finished(setup, {web.pk: "3", phone.pk: "9", reception.pk: "6"})
    client = setup.world.client("viewer")
    response = client.get(f"/w/{setup.world.slug}/audits/{audit.pk}/results.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Rank (worst first)", "Position", "Touchpoint"]
    assert [r[2] for r in rows[1:]] == ['\'=HYPERLINK("x")', "Reception", "Phone line"]
    assert float(rows[1][7]) == 22.22 and rows[1][8] == "Negative"  # 3 points → 22.2 on 0–100
    base = f"/w/{setup.world.slug}/audits/{audit.pk}"
    answers = client.get(f"{base}/results.csv?table=answers").content.decode("utf-8-sig").splitlines()
    assert "Answer as given" in answers[0]
    assert len(answers) == 1 + 3 + 3 + 8  # website, phone, and the general set for reception
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/results.xlsx").content))
    assert book.sheetnames == ["Touchpoints", "Answers", "Purchase stage", "Area", "Channel"]
    cell = book["Touchpoints"]["C2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("x")', "s", True)


def test_criteria_page_inline_weight_edit_and_add(setup: Setup) -> None:
    client = setup.world.client("owner")
    slug = setup.world.slug
    page = client.get(f"/w/{slug}/audits/criteria/").content.decode()
    assert "Load speed" in page and "General" in page and "Clear message" in page
    crit = Criterion.objects.get(workspace=setup.workspace, kind="website", code="load_speed")
    row = client.post(
        f"/w/{slug}/audits/criteria/{crit.pk}/",
        {"weight": "2.5", "active": "on", "kind": "website", "name": "", "description": ""},
        HTTP_HX_REQUEST="true",
    )
    html = row.content.decode()
    assert row.status_code == 200 and f'id="crit-{crit.pk}"' in html and 'value="2.5"' in html
    crit.refresh_from_db()
    assert float(crit.weight) == 2.5 and crit.name == ""  # still reads the library's words in each language
    bad = client.post(f"/w/{slug}/audits/criteria/{crit.pk}/", {"weight": "0", "active": "on"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    crit.refresh_from_db()
    assert float(crit.weight) == 2.5
    client.post(
        f"/w/{slug}/audits/criteria/",
        {"kind": "custom", "name": "Smell of the waiting area", "weight": "1", "active": "on"},
    )
    smell = Criterion.objects.get(name="Smell of the waiting area")
    tp = setup.touchpoints[2]
    client.post(f"/w/{slug}/audits/touchpoints/{tp.pk}/criteria/", {"criteria": [smell.pk, crit.pk]})
    assert list(CriterionAttachment.objects.filter(touchpoint=tp).values_list("criterion_id", flat=True)) == [
        smell.pk,
        crit.pk,
    ]
    page = client.get(f"/w/{slug}/audits/touchpoints/{tp.pk}/criteria/").content.decode()
    assert "Chosen for this touchpoint" in page
    client.post(f"/w/{slug}/audits/touchpoints/{tp.pk}/criteria/", {"reset": "1"})
    assert not CriterionAttachment.objects.filter(touchpoint=tp).exists()


def test_review_list_page_links_a_re_audit(setup: Setup) -> None:
    touchpoint_update(touchpoint=setup.touchpoints[0], review_interval_days=30)
    page = setup.world.client("editor").get(f"/w/{setup.world.slug}/audits/due/").content.decode()
    assert "Website" in page and "never audited" in page
    assert f"/audits/new/?touchpoints={setup.touchpoints[0].pk}" in page
    page = setup.world.client("editor").get(f"/w/{setup.world.slug}/audits/due/?default_days=10").content.decode()
    assert "Reception" in page


def test_pages_run_a_bounded_number_of_queries(setup: Setup, pages_within: Any) -> None:
    ws = setup.workspace
    many = [
        touchpoint_create(
            workspace=ws, name=f"Touchpoint {i}", channel=["website", "phone", "other"][i % 3], stages=["search"]
        )
        for i in range(40)
    ]
    audit = started_audit(ws, "Big", many, auditors=[setup.world.users["auditor"]])
    score_all(audit, setup.world.users["auditor"], raw="5")
    services.audit_transition(audit=audit, action="submit")
    client = setup.world.client("auditor")
    slug = setup.world.slug
    for url, limit in (
        (f"/w/{slug}/audits/", 12),
        (f"/w/{slug}/audits/{audit.pk}/", 14),
        (f"/w/{slug}/audits/{audit.pk}/results/", 22),
        (f"/w/{slug}/audits/{audit.pk}/score/", 16),
        (f"/w/{slug}/audits/due/", 12),
        (f"/w/{slug}/audits/{audit.pk}/results.xlsx", 16),
    ):
        pages_within(client, limit, url)


def test_answer_endpoint_round_trip(setup: Setup) -> None:
    tp = setup.touchpoints[1]
    client = setup.world.client("auditor")
    response = client.post(
        f"/w/{setup.world.slug}/audits/{setup.audit.pk}/answer/",
        data=json.dumps({"touchpoint": tp.pk, "criterion": setup.crit(tp), "field": "score", "value": "3"}),
        content_type="application/json",
    )
    assert response.json() == {
        "ok": True,
        "saved": {
            "touchpoint": tp.pk,
            "criterion": setup.crit(tp),
            "raw": "3",
            "value": 100 * 2 / 9,
            "not_applicable": False,
        },
    }


def test_the_edit_page_keeps_the_dates_in_every_language(setup: Setup) -> None:
    """A date picker takes only ISO dates: shown as 01.11.2026 it showed empty, and saving the
    page cleared the audit's dates."""
    client = setup.world.client("editor")
    audit = setup.audit
    Audit.objects.filter(pk=audit.pk).update(starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 11, 14))
    for lang in ("en", "ru", "es"):
        client.cookies["django_language"] = lang
        page = client.get(f"/w/{setup.world.slug}/audits/{audit.pk}/edit/").content.decode()
        assert 'type="date" name="starts_on" value="2026-11-01"' in page, lang
        assert 'type="date" name="ends_on" value="2026-11-14"' in page, lang
