from __future__ import annotations

import re
from typing import Any

from django.test import Client

from touchpoints.feedback.models import Study


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
