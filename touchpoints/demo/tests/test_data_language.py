"""The Russian and Spanish demo clinics write their own data (the action plan, the priorities'
reasons, the feedback study, the review campaign) in the workspace's language: no English shows."""

from __future__ import annotations

import re

import pytest

from touchpoints.actions import demo as actions_demo
from touchpoints.actions.models import Action
from touchpoints.demo import services
from touchpoints.feedback.models import Response, Study
from touchpoints.priorities import demo as priorities_demo
from touchpoints.priorities.models import Estimate, TopTenPlace, TopTenVersion
from touchpoints.reports.models import Report
from touchpoints.reviews.models import Answer, Campaign, Contact

CYRILLIC = re.compile("[А-Яа-яЁё]")


def _english_texts() -> set[str]:
    texts = {"Patient experience tracking", "After-visit review requests", "Agreed at the team meeting"}
    for _code, title, description, unit, _status, _deadline, _days, kpi in actions_demo.PLAN:
        texts |= {title, description, unit} | ({kpi[0], kpi[3]} if kpi else set())
    priorities = priorities_demo.priorities_content()
    texts |= {estimate["reason"] for estimate in priorities["estimates"].values()}
    texts |= set(priorities["top_ten_reasons"].values())
    return {t for t in texts if any(ch.isalpha() for ch in t)}  # not the unit "%"


def test_the_data_texts_have_a_russian_and_a_spanish_translation() -> None:
    translations = services._translations()
    for lang in ("ru", "es"):
        missing = sorted(t for t in _english_texts() if t not in translations[lang])
        assert not missing, (lang, missing)


def _texts(slug: str) -> dict[str, list[str]]:
    actions = Action.objects.filter(workspace__slug=slug)
    texts = {
        "action": [t for a in actions for t in (a.title, a.description, a.owner_unit, a.kpi_name)],
        "study": list(Study.objects.filter(workspace__slug=slug).values_list("name", flat=True)),
        "campaign": list(Campaign.objects.filter(workspace__slug=slug).values_list("name", flat=True)),
        "estimate": list(
            Estimate.objects.filter(touchpoint__workspace__slug=slug).values_list("impact_reason", flat=True)
        ),
        "top ten": list(TopTenVersion.objects.filter(workspace__slug=slug).values_list("note", flat=True))
        + list(TopTenPlace.objects.filter(version__workspace__slug=slug).values_list("reason", flat=True)),
        "visit": list(Contact.objects.filter(workspace__slug=slug).values_list("visit", flat=True)),
        "report": list(Report.objects.filter(workspace__slug=slug).values_list("title", flat=True)),
    }
    return {kind: [t for t in found if t] for kind, found in texts.items()}


@pytest.mark.django_db
def test_the_russian_and_spanish_demos_show_no_english_data() -> None:
    for lang in ("en", "ru", "es"):
        services.demo_load(language=lang)
    english = _texts("demo-clinic")
    russian, spanish = _texts("demo-clinic-ru"), _texts("demo-clinic-es")
    same_in_spanish = {t for t, es in services._translations()["es"].items() if es == t}  # Marketing
    for kind, texts in english.items():
        assert texts, kind
        assert all(CYRILLIC.search(t) for t in russian[kind]), (kind, russian[kind])
        assert not (set(spanish[kind]) & set(texts)) - same_in_spanish, (kind, spanish[kind])
        assert len(russian[kind]) == len(spanish[kind]) == len(texts), kind
    for slug, lang in (("demo-clinic-ru", "ru"), ("demo-clinic-es", "es")):
        assert not Response.objects.filter(study__workspace__slug=slug, language="en").exists(), lang
        assert not Answer.objects.filter(campaign__workspace__slug=slug, language="en").exists(), lang
        assert set(Report.objects.filter(workspace__slug=slug).values_list("language", flat=True)) == {lang}
