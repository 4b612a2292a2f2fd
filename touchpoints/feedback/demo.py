"""Customer feedback for the demo clinic (registered in ``touchpoints.demo.services.EXTENSIONS``):
an open study over eight touchpoints of VenaCare and its two competitors, twelve weeks of answers
(about 3,000) with a story the results should tell — the phone line is VenaCare's weak spot and
weighs most on whether patients come back, the doctors carry it, the new website got better week by
week, PhleboExpert answers the phone better. A diary panel of 40 patients reports several
encounters each. Deterministic (fixed seed); written in bulk."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, TypedDict

from django.utils import timezone

from touchpoints.demo.services import demo_content, demo_language, demo_languages_spoken, demo_text
from touchpoints.feedback import choices as c
from touchpoints.feedback import services
from touchpoints.feedback.models import Respondent, Response, Study
from touchpoints.feedback.rollup import rollup
from touchpoints.inventory.models import Touchpoint
from touchpoints.workspaces.models import Workspace


class DemoTouchpoint(TypedDict):
    labels: dict[str, str]  # by language: en, ru, es
    positivity: list[float]  # the base positivity per brand: own, PhleboExpert, City Vein Centre
    weight: float  # how much the positivity weighs on the likelihood to choose


class FeedbackDemo(TypedDict):
    touchpoints: dict[str, DemoTouchpoint]  # by code
    likelihood: list[float]  # the base likelihood to choose per brand
    # By language: "any" → positivity (-2..2) → comments that fit any touchpoint; a touchpoint's code
    # → "bad" / "good" → what happened there.
    comments: dict[str, dict[str, dict[Any, list[str]]]]


def feedback_content() -> FeedbackDemo:
    """The study's touchpoints, the brands' base likelihood and the patients' comments: the demo's
    ``feedback.yaml``."""
    content: FeedbackDemo = demo_content("feedback")
    return content


WEEKS = 12
ONE_OFF = 2600
DIARY_PEOPLE, DIARY_ENTRIES = 40, (4, 12)


def _comments(said: dict[str, dict[Any, list[str]]], code: str, positivity: int) -> list[str]:
    """What a patient may write after an answer of ``positivity`` at the touchpoint ``code``: what
    happened there (for a negative or a positive answer) or a word that fits anywhere."""
    side = "bad" if positivity < 0 else "good" if positivity > 0 else ""
    return said.get(code, {}).get(side, []) + said["any"][positivity]


def _clip(x: float, lo: int, hi: int) -> int:
    return int(max(lo, min(hi, round(x))))


def demo_feedback(workspace: Workspace) -> Study | None:
    content = feedback_content()
    touchpoints = content["touchpoints"]
    by_code = {tp.code: tp for tp in Touchpoint.objects.filter(workspace=workspace, code__in=list(touchpoints))}
    codes = [code for code in touchpoints if code in by_code]
    brands = list(workspace.brands.order_by("-is_own", "pk"))  # VenaCare, PhleboExpert, City Vein Centre
    if not codes or not brands:
        return None
    rng = random.Random(20261129)
    now = timezone.now()
    start = now - dt.timedelta(weeks=WEEKS)
    study = services.study_create(
        workspace=workspace,
        name=demo_text("Patient experience tracking"),
        brands=brands,
        touchpoints=[by_code[code] for code in codes],
        opens_at=start,
        ask_customer_type=True,
        ask_segment=True,
        consent_text_en="We use your answer only to improve our service.",
        consent_text_ru="Мы используем ваш ответ только для улучшения сервиса.",
        consent_text_es="Usamos su respuesta solo para mejorar el servicio.",
    )
    entries = {e.touchpoint_id: e for e in study.study_touchpoints.all()}
    services.study_labels_update(
        study=study,
        labels={
            entries[by_code[code].pk].pk: {
                f"label_{lang}": label for lang, label in touchpoints[code]["labels"].items()
            }
            for code in codes
        },
    )
    services.study_set_status(study=study, status=c.StudyStatus.OPEN)
    segments = list(workspace.segments.order_by("-share", "name"))
    segment_weights = [float(s.share or 10) for s in segments] + [25.0]  # a quarter skip the question
    brand_index = {b.pk: min(i, 2) for i, b in enumerate(brands)}
    languages = demo_languages_spoken(["ru", "en", "es"])

    def answer(respondent: Respondent, when: dt.datetime, brand=None) -> Response:
        brand = brand or rng.choices(brands, weights=[5, 3, 2][: len(brands)] + [1] * (len(brands) - 3))[0]
        code = rng.choice(codes)
        point = touchpoints[code]
        b = brand_index[brand.pk]
        base = point["positivity"][b]
        if code == "site-home" and b == 0:
            base += 1.2 * (when - start) / (now - start) - 0.6  # the new website improves week by week
        positivity = _clip(rng.gauss(base, 0.9), -2, 2)
        likelihood = _clip(content["likelihood"][b] + point["weight"] * positivity + rng.gauss(0, 1.4), 0, 10)
        lang = rng.choices(languages, weights=[6, 3, 2])[0]
        comment = rng.choice(_comments(content["comments"][lang], code, positivity)) if rng.random() < 0.22 else ""
        segment = rng.choices(segments + [None], weights=segment_weights)[0]
        return demo_answer(
            study,
            respondent,
            brand,
            by_code[code],
            (positivity, likelihood),
            when,
            language=lang,
            comment=comment,
            customer_type=rng.choice(["", "new", "returning", "returning"]),
            segment=segment,
        )

    def moment() -> dt.datetime:
        return start + dt.timedelta(seconds=rng.uniform(0, (now - start).total_seconds() - 3600))

    one_off = Respondent.objects.bulk_create([Respondent(study=study) for _ in range(ONE_OFF)])
    rows = [answer(r, moment()) for r in one_off]
    panel = Respondent.objects.bulk_create(
        [Respondent(study=study, is_diary=True, label=f"{demo_text('Panel')} {i + 1}") for i in range(DIARY_PEOPLE)]
    )
    for person in panel:
        first = moment()
        loyal = rng.choice(brands)
        for _ in range(rng.randint(*DIARY_ENTRIES)):
            when = min(now - dt.timedelta(minutes=5), first + dt.timedelta(days=rng.uniform(0, 20)))
            rows.append(answer(person, when, brand=loyal if rng.random() < 0.7 else None))
    Response.objects.bulk_create(rows, batch_size=1000)
    rollup(study, settle=dt.timedelta(0), min_batch=1)
    return study


def demo_answer(
    study: Study,
    respondent: Respondent,
    brand: Any,
    touchpoint: Any,
    scores: tuple[float, float],
    when: dt.datetime,
    *,
    language: str = "",
    **extra: Any,
) -> Response:
    """One demo answer: ``scores`` are its positivity and likelihood to choose; in ``language`` (the
    demo's language unless given)."""
    positivity, likelihood = scores
    return Response(
        study=study,
        respondent=respondent,
        brand=brand,
        touchpoint=touchpoint,
        positivity=positivity,
        likelihood=likelihood,
        language=language or demo_language(),
        source="demo",
        created_at=when,
        **extra,
    )
