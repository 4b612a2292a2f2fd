from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from touchpoints.feedback import choices as c
from touchpoints.feedback import services
from touchpoints.feedback.models import Study
from touchpoints.inventory.models import Touchpoint


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from touchpoints.feedback import selectors

    cache.clear()
    selectors._local.clear()


@pytest.fixture
def study(world: Any) -> Study:
    ws = world.workspace
    reception = Touchpoint.objects.create(workspace=ws, name="Reception desk")
    phone = Touchpoint.objects.create(workspace=ws, name="Phone line")
    Touchpoint.objects.create(workspace=ws, name="Internal memo")  # not in the study
    s = services.study_create(
        workspace=ws,
        name="Visit feedback",
        brands=list(ws.brands.all()),
        touchpoints=[reception, phone],
        ask_customer_type=True,
        ask_segment=True,
        consent_text_en="Answers are anonymous.",
        consent_text_ru="Ответы анонимны.",
        consent_text_es="Las respuestas son anónimas.",
    )
    entry = s.study_touchpoints.get(touchpoint=reception)
    services.study_labels_update(
        study=s, labels={entry.pk: {"label_en": "Front desk", "label_ru": "Регистратура", "label_es": "Recepción"}}
    )
    services.study_set_status(study=s, status=c.StudyStatus.OPEN)
    return Study.objects.get(pk=s.pk)


@pytest.fixture
def other_study(world: Any) -> Study:
    ws = world.other
    tp = Touchpoint.objects.create(workspace=ws, name="Shop")
    s = services.study_create(workspace=ws, name="Other", brands=list(ws.brands.all()), touchpoints=[tp])
    services.study_set_status(study=s, status=c.StudyStatus.OPEN)
    return s
