"""The audit report: what it contains and in which order (failures before the plan), in each
language; the XLSX workbook; a report of an empty workspace; a report is a snapshot of its date;
a failed generation writes nothing."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from touchpoints.actions.models import Action
from touchpoints.reports import choices as c
from touchpoints.reports import services
from touchpoints.reports.models import Report
from touchpoints.reports.tests.conftest import generate

HEADINGS = {
    "en": [
        "Executive summary",
        "Failures",
        "What customers say",
        "Coverage",
        "Competitor comparison",
        "What moves the choice",
        "Top ten priorities",
        "Action plan",
        "Appendix: the inventory",
    ],
    "ru": [
        "Краткое резюме",
        "Провалы",
        "Что говорят клиенты",
        "Покрытие",
        "Сравнение с конкурентами",
        "Что влияет на выбор",
        "Десять приоритетов",
        "План действий",
        "Приложение: инвентаризация",
    ],
    "es": [
        "Resumen ejecutivo",
        "Fallos",
        "Lo que dicen los clientes",
        "Cobertura",
        "Comparación con la competencia",
        "Qué mueve la elección",
        "Las diez prioridades",
        "Plan de acción",
        "Anexo: el inventario",
    ],
}


def pdf_text(report: Report) -> tuple[str, int]:
    with report.pdf.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["en", "ru", "es"])
def test_the_pdf_puts_the_failures_before_the_plan(
    filled: Any, language: str, django_capture_on_commit_callbacks: Any
) -> None:
    report = generate(filled.workspace, language, capture=django_capture_on_commit_callbacks)
    text, pages = pdf_text(report)
    flat = _flat(text)
    assert pages == report.pages and pages >= 2
    positions = [flat.find(h) for h in HEADINGS[language]]
    assert all(p >= 0 for p in positions), list(zip(HEADINGS[language], positions))
    assert positions == sorted(positions)
    # The failing phone line, its note, and the plan with its owner and deadline.
    plan = HEADINGS[language][-2]
    assert flat.find("Phone line") < flat.find(plan) < flat.find("Answer within three rings")
    assert "Nobody answered after the sixth ring." in flat
    assert "editor" in flat[flat.find(plan) :]


def test_the_evidence_photo_and_the_charts_are_in_the_document(
    filled: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = generate(filled.workspace, capture=django_capture_on_commit_callbacks)
    html = report.html.open("rb").read().decode()
    assert html.count("data:image/jpeg;base64,") == 1  # the phone line's photo
    data = json.loads(report.data.open("rb").read())
    assert data["failures"]["rows"][0]["name"] == "Phone line"
    assert data["plan"][0]["owner"] == "editor"
    assert data["summary"]["failures"] >= 1


def test_the_workbook_has_a_sheet_per_section_and_neutralises_formulas(
    filled: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = generate(filled.workspace, capture=django_capture_on_commit_callbacks)
    wb = load_workbook(io.BytesIO(report.xlsx.open("rb").read()))
    assert wb.sheetnames[:3] == ["Summary", "Failures", "Missing touchpoints"]
    assert "Plan" in wb.sheetnames and "Inventory" in wb.sheetnames
    titles = {row[0].value: row[0] for row in wb["Plan"].iter_rows(min_row=2)}
    evil = titles['=HYPERLINK("http://evil")']
    assert evil.data_type == "s" and evil.quotePrefix  # text, never a formula


def test_an_empty_workspace_gets_a_report_that_says_what_is_missing(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = generate(world.workspace, capture=django_capture_on_commit_callbacks)
    text, pages = pdf_text(report)
    flat = _flat(text)
    assert pages >= 1
    for words in ("The inventory is empty", "No finished audit", "No action plan", "No customer answers yet"):
        assert words in flat
    assert report.headline["gaps"] >= 6


def test_a_report_is_a_document_of_its_date(filled: Any, django_capture_on_commit_callbacks: Any) -> None:
    report = generate(filled.workspace, capture=django_capture_on_commit_callbacks)
    before = {fmt: report.file(fmt).open("rb").read() for fmt in c.FORMATS}
    Action.objects.update(title="Renamed later")
    filled.touchpoints[1].name = "Renamed touchpoint"
    filled.touchpoints[1].save()
    report.refresh_from_db()
    after = {fmt: report.file(fmt).open("rb").read() for fmt in c.FORMATS}
    assert before == after
    page = filled.world.client("viewer").get(f"/w/{filled.world.slug}/reports/{report.pk}/document/")
    body = b"".join(page.streaming_content).decode()
    assert "Answer within three rings" in body and "Renamed later" not in body


def test_a_report_of_one_audit(filled: Any, django_capture_on_commit_callbacks: Any) -> None:
    report = generate(filled.workspace, audit=filled.audit, capture=django_capture_on_commit_callbacks)
    assert filled.audit.name in report.title
    data = json.loads(report.data.open("rb").read())
    assert data["scope_audit"]["id"] == filled.audit.pk and data["failures"]["audit"]["id"] == filled.audit.pk


def test_a_failed_generation_is_shown_and_leaves_no_file(
    world: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from touchpoints.reports import render

    def broken(html: str) -> Any:
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(render, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(workspace=world.workspace, language="en")
    report.refresh_from_db()
    assert report.status == c.Status.FAILED and "printer on fire" in report.error
    assert not report.pdf and not report.html
    page = world.client("owner").get(f"/w/{world.slug}/reports/{report.pk}/")
    assert "could not be generated" in page.content.decode()


def test_the_form_refuses_an_unknown_language_and_a_foreign_audit(world: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.report_request(workspace=world.workspace, language="de")
    response = world.client("owner").post(f"/w/{world.slug}/reports/", {"language": "de"})
    assert response.status_code == 400 and not Report.objects.exists()


def test_progress_shows_while_queued(world: Any) -> None:
    report = Report.objects.create(
        workspace=world.workspace, title="Queued", status=c.Status.RUNNING, percent=40, progress="Printing the PDF"
    )
    page = world.client("viewer").get(f"/w/{world.slug}/reports/{report.pk}/").content.decode()
    assert "40%" in page and "Printing the PDF" in page and 'http-equiv="refresh"' in page


def test_the_summary_counts_agree_with_their_number_and_kpis_are_written_in_the_reports_language(
    filled: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Action.objects.filter(title="Answer within three rings").update(
        kpi_name="Calls answered", kpi_baseline=Decimal("35.00"), kpi_target=Decimal("65.50"), kpi_unit="%"
    )
    Action.objects.exclude(title="Answer within three rings").update(status="done")
    flat = _flat(pdf_text(generate(filled.workspace, capture=django_capture_on_commit_callbacks))[0])
    assert "1 open action 1 action done" in flat  # not "1 open actions", "1 actions done"
    assert "Calls answered 35 → 65.50 %" in flat
    flat = _flat(pdf_text(generate(filled.workspace, "ru", capture=django_capture_on_commit_callbacks))[0])
    assert "Calls answered 35 → 65,50 %" in flat  # as on the action page, not 35.00 → 65.50


@pytest.mark.parametrize("language, day", [("ru", r"\d\d\.\d\d\.20\d\d"), ("es", r"\d\d/\d\d/20\d\d")])
def test_every_date_in_the_report_is_written_as_its_language_writes_dates(
    filled: Any, django_capture_on_commit_callbacks: Any, language: str, day: str
) -> None:
    """The subtitle's "as of", the failures' audit date and the plan's deadlines were ISO dates
    (2026-11-30) in a Russian or Spanish report whose title wrote its date in words. An auditor's
    note is quoted with the language's own marks, «…», not the English “…”."""
    import re

    assert Action.objects.exclude(deadline=None).exists()
    flat = _flat(pdf_text(generate(filled.workspace, language, capture=django_capture_on_commit_callbacks))[0])
    assert not re.findall(r"\b20\d\d-\d\d-\d\d\b", flat)
    assert len(re.findall(day, flat)) >= 2  # the subtitle and at least one deadline
    assert "«Nobody answered after the sixth ring.»" in flat


def test_the_scope_names_each_audits_date_as_the_reader_writes_dates(filled: Any) -> None:
    import datetime as dt

    from django.utils import translation

    from touchpoints.lib.forms import choice_field
    from touchpoints.reports.forms import ReportForm

    audit = filled.audit
    audit.ends_on = dt.date(2026, 11, 21)
    audit.save(update_fields=["ends_on"])
    for language, day in (("ru", "21.11.2026"), ("en", "11/21/2026")):
        with translation.override(language):
            choices: Any = choice_field(ReportForm(workspace=filled.workspace), "audit").choices
        labels = dict(choices)
        assert labels[audit.pk] == f"{audit.name} · {audit.brand.name} · {day}"


def test_the_report_says_what_customers_say_and_what_moves_their_choice(
    filled: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """Customers' answers of every study: the own brand's touchpoints with enough answers, worst
    first, each beside the best-rated rival; the impact figures with their intervals. In the PDF,
    after the failures and before the plan; a sheet each in the workbook."""
    from touchpoints.feedback.models import Respondent, Response, Study
    from touchpoints.impact.services import impact_record_manual

    settings.FEEDBACK_MIN_ANSWERS = 3
    ws = filled.workspace
    own, rival = ws.brands.get(is_own=True), ws.brands.filter(is_own=False).first()
    web, phone = filled.touchpoints[0], filled.touchpoints[1]
    study = Study.objects.create(workspace=ws, name="Visits", status="open")
    who = Respondent.objects.create(study=study)
    answers = [(own, phone, p) for p in (-2, -1, -2, 0)]  # the phone line: mean −1,25
    answers += [(own, web, p) for p in (2, 1, 1)]  # the website: +1,33
    answers += [(rival, phone, p) for p in (1, 2, 1)]  # the rival's phone line: +1,33
    answers += [(own, filled.touchpoints[2], 2)] * 2  # two answers: too few to rate
    Response.objects.bulk_create(
        Response(study=study, respondent=who, brand=b, touchpoint=tp, positivity=p, likelihood=7)
        for b, tp, p in answers
    )
    bad = Response.objects.filter(brand=own, touchpoint=phone, positivity=-2).order_by("id").first()
    bad.comment = "Nobody answered <b>the phone</b> for twenty minutes"
    bad.save()
    Response.objects.filter(brand=own, touchpoint=web).update(comment="Nice site")  # positive: not quoted
    Response.objects.filter(brand=rival, positivity=1).update(comment="Rival was fine")  # a competitor's
    impact_record_manual(
        workspace=ws, touchpoint=phone, value=0.8, low=0.5, high=0.9, unit="points", reason="Calls decide", author=None
    )
    report = generate(ws, capture=django_capture_on_commit_callbacks)
    data = json.loads(report.data.open("rb").read())
    voice = data["customers"]
    assert voice["answers"] == len(answers) and voice["own_answers"] == 9 and voice["too_few"] == 1
    assert [(r["name"], r["mean"], r["rival"], r["rival_mean"]) for r in voice["worst"]] == [
        (phone.name, -1.25, rival.name, 1.33),
        (web.name, 1.33, "", None),
    ]
    assert voice["positive"] == 56  # 5 of the own brand's 9 answers
    assert voice["trend_svg"].startswith("<svg")
    assert [(r["label"], r["value"], r["low"], r["high"]) for r in data["impact"]["rows"]] == [
        (phone.name, 0.8, 0.5, 0.9)
    ]
    assert data["summary"]["positive"] == 56
    assert [(q["comment"], q["touchpoint"], q["face"]) for q in voice["said"]] == [
        ("Nobody answered <b>the phone</b> for twenty minutes", phone.name, "Very bad")
    ]
    flat = _flat(pdf_text(report)[0])
    said, moves, plan = flat.find("What customers say"), flat.find("What moves the choice"), flat.find("Action plan")
    assert flat.find("Failures") < said < flat.find("The touchpoints customers rate worst") < plan
    assert said < moves < plan and flat.find("Calls decide") == -1  # the figure, not the reason
    assert "−1.25" in flat[said:moves] and f"{rival.name} (+1.33)" in flat[said:moves]
    assert "“Nobody answered <b>the phone</b> for twenty minutes”" in flat[said:moves]  # as text, not markup
    assert "Nice site" not in flat and "Rival was fine" not in flat
    wb = load_workbook(io.BytesIO(report.xlsx.open("rb").read()))
    rows = list(wb["Customers"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [phone.name, web.name]
    assert list(wb["Impact"].iter_rows(min_row=2, values_only=True))[0][:4] == (phone.name, 0.8, 0.5, 0.9)


def test_the_report_names_the_words_that_set_negative_comments_apart(
    filled: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The comments page's panel, over every study's comments about the own brand (a rival's are
    not read), in the PDF after the latest negative comments."""
    from touchpoints.feedback.models import Respondent, Response, Study

    ws = filled.workspace
    own, rival = ws.brands.get(is_own=True), ws.brands.filter(is_own=False).first()
    tp = filled.touchpoints[0]
    study = Study.objects.create(workspace=ws, name="Visits", status="open")
    who = Respondent.objects.create(study=study)
    said = [(own, -2, "Nobody picked up the phone"), (own, -1, "The phone rang on"), (own, -2, "Phone busy")]
    said += [(own, -1, "Phone again"), (own, -1, "Slow")] + [(own, 2, "Friendly")] * 4 + [(own, 1, "Quick")]
    said += [(rival, -2, "Horrible parking")] * 6
    Response.objects.bulk_create(
        Response(study=study, respondent=who, brand=b, touchpoint=tp, positivity=p, likelihood=5, comment=text)
        for b, p, text in said
    )
    report = generate(ws, capture=django_capture_on_commit_callbacks)
    words = json.loads(report.data.open("rb").read())["customers"]["words"]
    assert (words["negative_comments"], words["positive_comments"]) == (5, 5)
    assert words["negative"] == [{"word": "phone", "comments": 4}]
    assert words["positive"] == [{"word": "friendly", "comments": 4}]
    flat = _flat(pdf_text(report)[0])
    assert "Said more when negative: phone (4)" in flat and "Said more when positive: friendly (4)" in flat
    assert "parking" not in flat
