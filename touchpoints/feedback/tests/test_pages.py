"""The team's pages: set-up, labels, status, links and QR codes, results and their exports (the
comments: test_comments.py)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from touchpoints.feedback import services
from touchpoints.feedback.models import Respondent, Study
from touchpoints.feedback.tests.helpers import answers_with_comments, store_answers
from touchpoints.inventory.models import Touchpoint

pytestmark = pytest.mark.django_db


def test_editor_creates_and_opens_a_study(world: Any) -> None:
    ws = world.workspace
    tps = [Touchpoint.objects.create(workspace=ws, name=n) for n in ("Website", "Reception")]
    client = world.client("editor")
    form = client.get(f"/w/{ws.slug}/feedback/new/")
    assert form.status_code == 200 and "Touchpoints offered" in form.content.decode()
    resp = client.post(
        f"/w/{ws.slug}/feedback/new/",
        {
            "name": "Spring visits",
            "brands": [b.pk for b in ws.brands.all()],
            "touchpoints": [t.pk for t in tps],
            "languages": ["en", "es"],
            "opens_at": "2026-01-01T09:00",
            "ask_comment": "on",
            "consent_text_en": "We keep answers anonymous.",
        },
    )
    study = Study.objects.get(name="Spring visits")
    assert resp.status_code == 302 and resp["Location"] == f"/w/{ws.slug}/feedback/{study.pk}/"
    assert study.languages == ["en", "es"] and study.status == "draft"
    assert list(study.study_touchpoints.values_list("touchpoint__name", flat=True)) == ["Reception", "Website"]
    detail = client.get(resp["Location"]).content.decode()
    assert f"/s/{study.token}/" in detail and "&lt;iframe" in detail
    client.post(f"/w/{ws.slug}/feedback/{study.pk}/status/", {"status": "open"})
    study.refresh_from_db()
    assert study.status == "open"
    page = client.get(f"/s/{study.token}/?lang=es").content.decode()
    assert "Website" in page and "We keep answers anonymous." in page  # Spanish consent left blank → English
    assert "Opinión" not in page


def test_a_study_of_a_journeys_touchpoints_from_its_map(world: Any) -> None:
    """The "Ask customers" button of a journey's map opens the study form with the journey's name and its
    touchpoints ticked; saved, the study offers them in the journey's order (not by name), and it
    opens now unless the team says otherwise."""
    from touchpoints.journeys.services import journey_create, step_add

    ws, client = world.workspace, world.client("editor")
    own = ws.brands.get(is_own=True)
    steps = [Touchpoint.objects.create(workspace=ws, name=n) for n in ("Search ad", "Website", "Call", "Reception")]
    Touchpoint.objects.create(workspace=ws, name="Billboard")  # in the inventory, not in the journey
    journey = journey_create(workspace=ws, name="First visit", brand=own)
    for tp in steps:
        step_add(journey=journey, touchpoint=tp, stage="search")
    assert f'href="/w/{ws.slug}/feedback/new/?journey={journey.pk}">Ask customers</a>' in (
        client.get(f"/w/{ws.slug}/journeys/{journey.pk}/").content.decode()
    )
    # The new-study form offers the same from its top, and a search over its touchpoints.
    page = client.get(f"/w/{ws.slug}/feedback/new/").content.decode()
    assert f'<option value="{journey.pk}">First visit · {own.name}</option>' in page
    assert "data-checklist-filter" in page
    url = f"/w/{ws.slug}/feedback/new/?journey={journey.pk}"
    form = client.get(url).context["form"]
    assert form.initial["name"] == "First visit"
    assert form.initial["touchpoints"] == [tp.pk for tp in steps]
    opens = form.initial["opens_at"]
    assert abs((timezone.now() - opens).total_seconds()) < 120
    response = client.post(
        url,
        {
            "name": "First visit",
            "brands": [own.pk],
            "touchpoints": [tp.pk for tp in steps],
            "languages": ["en"],
            "opens_at": timezone.localtime(opens).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    study = Study.objects.get(name="First visit")
    assert list(study.study_touchpoints.order_by("position").values_list("touchpoint__name", flat=True)) == [
        "Search ad",
        "Website",
        "Call",
        "Reception",
    ]
    # A journey of another workspace proposes nothing.
    from touchpoints.journeys.models import Journey

    theirs = Journey.objects.create(workspace=world.other, name="Theirs", brand=world.other.brands.get())
    form = client.get(f"/w/{ws.slug}/feedback/new/?journey={theirs.pk}").context["form"]
    assert "touchpoints" not in form.initial and "name" not in form.initial


def test_study_form_errors_keep_input(world: Any) -> None:
    ws = world.workspace
    resp = world.client("editor").post(
        f"/w/{ws.slug}/feedback/new/", {"name": "No scope", "languages": ["en"], "opens_at": "2026-01-01T09:00"}
    )
    assert resp.status_code == 400
    body = resp.content.decode()
    assert 'value="No scope"' in body and "This field is required." in body


def test_the_study_form_of_an_empty_inventory_leads_to_it(world: Any) -> None:
    ws, client = world.workspace, world.client("editor")
    Touchpoint.objects.filter(workspace=ws).delete()
    body = client.get(f"/w/{ws.slug}/feedback/new/").content.decode()
    assert "the inventory has none yet" in body and f'href="/w/{ws.slug}/touchpoints/new/"' in body
    Touchpoint.objects.create(workspace=ws, name="Website")
    assert "the inventory has none yet" not in client.get(f"/w/{ws.slug}/feedback/new/").content.decode()


def test_closing_before_opening_is_refused(world: Any, study: Study) -> None:
    ws = world.workspace
    resp = world.client("editor").post(
        f"/w/{ws.slug}/feedback/{study.pk}/edit/",
        {
            "name": study.name,
            "brands": [b.pk for b in ws.brands.all()],
            "touchpoints": list(study.study_touchpoints.values_list("touchpoint_id", flat=True)),
            "languages": ["en"],
            "opens_at": "2026-05-01T09:00",
            "closes_at": "2026-04-01T09:00",
        },
    )
    assert resp.status_code == 400 and "The study must close after it opens." in resp.content.decode()


def test_labels_shown_to_customers(world: Any, study: Study) -> None:
    entry = study.study_touchpoints.get(touchpoint__name="Phone line")
    world.client("editor").post(
        f"/w/{world.slug}/feedback/{study.pk}/labels/",
        {f"label_en_{entry.pk}": "Our phone", f"label_ru_{entry.pk}": "Звонок", f"label_es_{entry.pk}": ""},
    )
    from django.test import Client

    assert "Звонок" in Client().get(f"/s/{study.token}/?lang=ru").content.decode()
    assert "Our phone" in Client().get(f"/s/{study.token}/?lang=es").content.decode()  # blank → English


def test_status_transitions(world: Any, study: Study) -> None:
    client = world.client("editor")
    url = f"/w/{world.slug}/feedback/{study.pk}/status/"
    for status in ("paused", "open", "closed", "open"):
        client.post(url, {"status": status})
        study.refresh_from_db()
        assert study.status == status
    resp = client.post(url, {"status": "draft"}, follow=True)
    assert "cannot go from" in resp.content.decode()


def test_qr_codes_and_sheets(world: Any, study: Study) -> None:
    client = world.client("viewer")
    entry = study.study_touchpoints.first()
    brand = study.brands.first()
    base = f"/w/{world.slug}/feedback/{study.pk}"
    svg = client.get(f"{base}/qr/{entry.touchpoint_id}/{brand.pk}.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(f"{base}/qr/{entry.touchpoint_id}/{brand.pk}.png?download=1")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n" and "attachment" in png["Content-Disposition"]
    other_tp = world.workspace.touchpoints.get(name="Internal memo")
    assert client.get(f"{base}/qr/{other_tp.pk}/{brand.pk}.svg").status_code == 404
    assert client.get(f"{base}/qr/{entry.touchpoint_id}/{brand.pk}.gif").status_code == 404
    pdf = client.get(f"{base}/sheet/?fmt=pdf&lang=ru&card={entry.touchpoint_id}-{brand.pk}")
    assert pdf.content[:5] == b"%PDF-"
    sheet_svg = client.get(f"{base}/sheet/?fmt=svg&lang=ru").content.decode()
    assert "Регистратура" in sheet_svg and "Отсканируйте" in sheet_svg
    assert client.get(f"{base}/sheet/?fmt=png").content[:4] == b"\x89PNG"
    assert client.get(f"{base}/sheet/?fmt=svg&card=999-999").status_code == 404


def test_qr_code_holds_the_deep_link(world: Any, study: Study) -> None:
    """segno encodes exactly the deep link (brand and touchpoint preselected)."""
    from touchpoints.feedback import links

    entry = study.study_touchpoints.first()
    brand = study.brands.first()
    code = links.qr(f"http://testserver/s/{study.token}/{brand.pk}/{entry.touchpoint_id}/")
    assert code.designator and not code.is_micro


def test_results_figures(world: Any, study: Study, settings: Any) -> None:
    settings.FEEDBACK_MIN_ANSWERS = 3
    own, rival = study.brands.order_by("-is_own", "name")
    front, phone = [e.touchpoint_id for e in study.study_touchpoints.order_by("position")]
    answers_with_comments(
        study,
        [
            (own.pk, front, 2, 9, "Lovely"),
            (own.pk, front, 0, 6, ""),
            (own.pk, front, -1, 4, "Slow"),
            (rival.pk, phone, 1, 7, ""),
        ],
    )
    page = world.client("viewer").get(f"/w/{world.slug}/feedback/{study.pk}/results/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "+0.33" in body  # own × front desk: (2 + 0 − 1) / 3
    assert "33% / 33% / 33%" in body
    assert "too few to trust" in body  # the rival's single answer
    data = json.loads(world.client("viewer").get(f"/w/{world.slug}/feedback/{study.pk}/results.json").content)
    row = next(r for r in data if r["brand"] == own.name and r["touchpoint"] == "Reception desk")
    assert row["answers"] == 3 and row["neutral_pct"] == 33.3 and row["mean_likelihood"] == pytest.approx(6.333, 0.01)
    assert row["enough_answers"] is True
    assert "75%" in body  # the own brand's share of encounters
    # Each touchpoint leads to its page (its actions, its history): a figure leads on to the work.
    assert f'<a href="/w/{world.slug}/touchpoints/{front}/">Reception desk</a>' in body


def test_results_bounded_queries(world: Any, study: Study, pages_within: Any) -> None:
    own = study.brands.first()
    tp = study.study_touchpoints.first().touchpoint_id
    answers_with_comments(study, [(own.pk, tp, 1, 8, "")] * 20)
    client = world.client("viewer")
    pages_within(client, 25, f"/w/{world.slug}/feedback/{study.pk}/results/")
    pages_within(client, 12, f"/w/{world.slug}/feedback/")
    pages_within(client, 20, f"/w/{world.slug}/feedback/{study.pk}/comments/")


def test_results_after_rollup_equal_raw(world: Any, study: Study) -> None:
    """The weekly roll-up changes nothing a reader sees, whether answers are rolled up or not."""
    from touchpoints.feedback import results as r
    from touchpoints.feedback.rollup import rollup

    own, rival = study.brands.order_by("-is_own", "name")
    front, phone = [e.touchpoint_id for e in study.study_touchpoints.order_by("position")]
    now = timezone.now()
    for week in range(4):
        answers_with_comments(
            study,
            [(own.pk, front, (week % 5) - 2, week, ""), (rival.pk, phone, 1, 9, "")],
            when=now - dt.timedelta(days=7 * week),
        )
    before = r.study_results(study=study)
    assert rollup(study, settle=dt.timedelta(0), min_batch=1) == 8
    study.refresh_from_db()
    answers_with_comments(study, [(own.pk, front, 2, 10, "")])  # one more, not rolled up
    after = r.study_results(study=study)
    assert after.total.n == before.total.n + 1
    cell_b, cell_a = before.matrix[(front, own.pk)], after.matrix[(front, own.pk)]
    assert (cell_a.n, cell_a.sum_pos, cell_a.sum_like) == (cell_b.n + 1, cell_b.sum_pos + 2, cell_b.sum_like + 10)
    assert sum(c.n for c in after.trend.values()) == 9


def test_rollup_waits_for_in_flight_writes(world: Any, study: Study) -> None:
    from touchpoints.feedback.rollup import rollup

    own = study.brands.first()
    tp = study.study_touchpoints.first().touchpoint_id
    answers_with_comments(study, [(own.pk, tp, 1, 8, "")] * 3)
    assert rollup(study, min_batch=1) == 0  # first run only notes the highest id
    Study.objects.filter(pk=study.pk).update(rollup_candidate_at=timezone.now() - dt.timedelta(minutes=2))
    assert rollup(study, min_batch=1) == 3


def test_list_shows_studies(world: Any, study: Study) -> None:
    body = world.client("viewer").get(f"/w/{world.slug}/feedback/").content.decode()
    assert "Visit feedback" in body and "New study" not in body
    assert "New study" in world.client("editor").get(f"/w/{world.slug}/feedback/").content.decode()


def test_diary_links_created(world: Any, study: Study) -> None:
    client = world.client("editor")
    resp = client.post(f"/w/{world.slug}/feedback/{study.pk}/diary/", {"count": 3, "label": "Panel A"}, follow=True)
    assert "3 personal diary links created." in resp.content.decode()
    assert study.respondents.filter(is_diary=True, label="Panel A 2").exists()
    resp = client.post(f"/w/{world.slug}/feedback/{study.pk}/diary/", {"count": 9999}, follow=True)
    assert study.respondents.filter(is_diary=True).count() == 3


def test_services_refuse_foreign_scope(world: Any) -> None:
    from django.core.exceptions import ValidationError

    foreign = Touchpoint.objects.create(workspace=world.other, name="Foreign")
    with pytest.raises(ValidationError):
        services.study_create(
            workspace=world.workspace, name="X", brands=list(world.workspace.brands.all()), touchpoints=[foreign]
        )


def test_results_filters_after_rollup(world: Any, study: Study) -> None:
    from touchpoints.feedback import results as r
    from touchpoints.feedback.rollup import rollup

    own = study.brands.first()
    tp = study.study_touchpoints.first().touchpoint_id
    seg = world.workspace.segments.first()
    who = Respondent.objects.create(study=study)
    old = timezone.now() - dt.timedelta(days=60)
    store_answers(
        study,
        [(1, 8)] * 3,
        respondent=who,
        brand=own,
        touchpoint_id=tp,
        customer_type="new",
        segment=seg,
        created_at=old,
    )
    store_answers(study, [(-1, 2)] * 2, respondent=who, brand=own, touchpoint_id=tp, customer_type="returning")
    rollup(study, settle=dt.timedelta(0), min_batch=1)
    study.refresh_from_db()
    assert r.study_results(study=study, filters=r.Filters(segment_id=seg.pk)).total.n == 3
    assert r.study_results(study=study, filters=r.Filters(customer_type="returning")).total.n == 2
    recent = r.Filters(since=(timezone.now() - dt.timedelta(days=14)).date())
    res = r.study_results(study=study, filters=recent)
    assert res.total.n == 2 and res.matrix[(tp, own.pk)].mean_pos == -1
    page = world.client("viewer").get(f"/w/{world.slug}/feedback/{study.pk}/results/?segment={seg.pk}")
    assert "3 answers." in page.content.decode()


@pytest.mark.parametrize(("language", "yes", "no"), [("ru", "да", "нет"), ("es", "sí", "no"), ("en", "yes", "no")])
def test_results_export_says_yes_or_no_in_the_reader_language(
    world: Any, study: Study, language: str, yes: str, no: str
) -> None:
    """The "Enough answers" column of the CSV and XLSX reads да/нет, sí/no, never True/False."""
    import io

    from django.conf import settings
    from openpyxl import load_workbook

    own, _rival = study.brands.order_by("-is_own", "name")
    front = study.study_touchpoints.order_by("position")[0].touchpoint_id
    answers_with_comments(
        study, [(own.pk, front, 2, 9, "")] * settings.FEEDBACK_MIN_ANSWERS
    )  # enough for one cell only
    client = world.client("viewer")
    client.cookies["django_language"] = language
    base = f"/w/{world.slug}/feedback/{study.pk}/results"
    lines = client.get(f"{base}.csv").content.decode("utf-8-sig").splitlines()
    cells = {line.rsplit(",", 1)[1] for line in lines[1:]}
    assert {yes, no} <= cells and "False" not in cells and "True" not in cells, lines
    sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content)).active
    column = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert {yes, no} <= set(column) and not any(isinstance(v, bool) for v in column), column
    assert set(column) <= {yes, no}
