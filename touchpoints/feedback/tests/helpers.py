from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.test import Client
from django.utils import timezone

from touchpoints.feedback.models import Respondent, Response, Study


def form_key(html: str) -> str:
    match = re.search(r'name="key" value="([^"]+)"', html)
    assert match, "the form has no key"
    return match.group(1)


def answer_data(study: Study, client: Client, url: str | None = None, **overrides: Any) -> dict[str, Any]:
    url = url or f"/s/{study.token}/"
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    brand = study.brands.order_by("-is_own", "name").first()
    tp = study.study_touchpoints.order_by("position").first().touchpoint
    data = {
        "key": form_key(page.content.decode()),
        "lang": "en",
        "brand": brand.pk,
        "touchpoint": tp.pk,
        "positivity": 1,
        "likelihood": 8,
        "comment": "Friendly staff",
        "website": "",
    }
    data.update(overrides)
    return data


def store_answers(study: Study, answers: Iterable[tuple[int, int]], **fields: Any) -> None:
    """Customers' answers stored as they are: (positivity, likelihood) pairs, each from a new
    respondent unless ``fields`` names one; ``fields`` also gives the brand, the touchpoint and any
    other field of the responses."""
    shared = fields.pop("respondent", None)
    Response.objects.bulk_create(
        [
            Response(
                study=study,
                respondent=shared or Respondent.objects.create(study=study),
                positivity=positivity,
                likelihood=likelihood,
                **fields,
            )
            for positivity, likelihood in answers
        ]
    )


def answers_with_comments(
    study: Study, rows: list[tuple[int, int, int, int, str]], when: dt.datetime | None = None
) -> None:
    """rows: (brand id, touchpoint id, positivity, likelihood, comment)."""
    for brand, tp, pos, like, comment in rows:
        store_answers(
            study, [(pos, like)], brand_id=brand, touchpoint_id=tp, comment=comment, created_at=when or timezone.now()
        )
