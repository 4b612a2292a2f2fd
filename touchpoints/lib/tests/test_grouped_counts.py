"""Counts a reader sees are grouped by thousands in their language, and the plural still follows
the count: Russian says "1 021 ответ" (the form for 21) and "5 194 ответа"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from touchpoints.lib.i18n import grouped

ANSWERS = (
    "{% load i18n common %}{% blocktranslate count n=n with shown=n|grouped %}{{ shown }} answer."
    "{% plural %}{{ shown }} answers.{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    ("language", "n", "text"),
    [
        ("en", 1, "1 answer."),
        ("en", 5194, "5,194 answers."),
        ("ru", 1021, "1\xa0021 ответ."),
        ("ru", 5194, "5\xa0194 ответа."),
        ("ru", 1_000_000, "1\xa0000\xa0000 ответов."),
        ("es", 5194, "5\xa0194 respuestas."),
    ],
)
def test_a_plural_text_groups_its_count(language: str, n: int, text: str) -> None:
    with translation.override(language):
        assert Template(ANSWERS).render(Context({"n": n})) == text


def test_grouped_in_code_and_template_agree() -> None:
    with translation.override("ru"):
        assert grouped(20000) == "20\xa0000"
        assert (
            Template("{% load common %}{{ n|grouped }}|{{ none|grouped }}").render(Context({"n": 1234})) == "1\xa0234|"
        )


@pytest.mark.django_db
def test_the_demo_groups_its_thousands(client: Any) -> None:
    """The Russian demo clinic: the method strip's thousands of answers, the studies' list and the
    priorities' costs."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from touchpoints.dashboard.steps import strip
    from touchpoints.workspaces.models import Workspace

    call_command("demo", "--lang", "ru", verbosity=0)
    workspace = Workspace.objects.get(slug="demo-clinic-ru")
    with translation.override("ru"):
        summaries = {step.key: step.summary for step in strip(workspace)}
    answers = summaries["feedback"].split(" · ")[-1]
    assert re.fullmatch(r"\d{1,3}(\xa0\d{3})+ ответ(а|ов)?", answers), summaries["feedback"]
    client.force_login(get_user_model().objects.get(username="demo"))
    headers = {"Accept-Language": "ru"}
    studies = client.get(f"/w/{workspace.slug}/feedback/", headers=headers).content.decode()
    assert re.search(r">\d{1,3}(\xa0\d{3})+ · <a", studies)
    priorities = client.get(f"/w/{workspace.slug}/priorities/", headers=headers).content.decode()
    assert "затраты 20\xa0000" in priorities and "затраты 20000" not in priorities


def test_the_what_if_groups_thousands_of_lost_conversions() -> None:
    from touchpoints.impact.report import WhatIf

    what = WhatIf("Website", None, None, [-12345.67, -13000.0, -11000.5], 1_000_000)
    with translation.override("es"):
        assert what.logs_remove_text == ("-12\xa0345,7", "-13\xa0000,0", "-11\xa0000,5")
    with translation.override("en"):
        assert what.logs_remove_text == ("-12,345.7", "-13,000.0", "-11,000.5")
