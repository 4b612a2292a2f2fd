"""The Russian and Spanish demos' interaction log names channels and segments in that language, so
the analysis (runs, the directly-follows graph, the attribution) reads in the user's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from touchpoints.analytics import demo as analytics_demo
from touchpoints.demo import services
from touchpoints.demo.log_language import demo_log_in_language


def _channels() -> set[str]:
    found = set()
    for starts in analytics_demo.STARTS.values():
        found |= set(starts)
    for channel, following in analytics_demo.NEXT.items():
        found |= {channel, *following}
    return found - {"stop"}


def _codes() -> set[str]:
    data = yaml.safe_load(services.DATA.read_text(encoding="utf-8"))
    return {row[1] for row in data["touchpoints"] if row[1]}


@pytest.fixture
def building_in() -> Iterator[Any]:
    tokens = []

    def set_language(lang: str) -> None:
        tokens.append(services._language.set(lang))

    yield set_language
    for token in reversed(tokens):
        services._language.reset(token)


def test_every_channel_of_the_log_is_a_demo_code_or_has_a_translation() -> None:
    translations = services._translations()
    for channel in _channels() - _codes():
        for lang in ("ru", "es"):
            assert translations[lang].get(channel, channel) != channel, (lang, channel)
    for segment, _share in analytics_demo.SEGMENTS:
        assert segment in translations["ru"] and segment in translations["es"]


@pytest.mark.django_db
def test_russian_demo_log_uses_the_workspaces_touchpoint_names(world: Any, building_in: Any) -> None:
    from touchpoints.inventory.services import touchpoint_create

    ws = world.workspace
    touchpoint_create(workspace=ws, name="Страница цен", code="site-prices", channel="website")
    touchpoint_create(workspace=ws, name="Онлайн-чат на сайте", code="site-chat", channel="website")
    rows = analytics_demo.demo_log_rows(customers=300, end=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert demo_log_in_language(rows, ws) == rows  # English: the log as generated
    building_in("ru")
    localised = demo_log_in_language(rows, ws)
    channels = {r[2] for r in localised}
    assert {"Страница цен", "Онлайн-чат на сайте", "Телефонная линия", "Реклама в Instagram"} <= channels
    assert not channels & {"site-prices", "site-chat", "Phone line", "Instagram ads"}
    assert {r[5] for r in localised} <= {"Женщины 35–55", "Мужчины 40–65", "Постоянные пациенты"}
    # Only the names change: the same customers, times and bookings.
    assert [(r[0], r[1], r[3], r[4]) for r in localised] == [(r[0], r[1], r[3], r[4]) for r in rows]


@pytest.mark.django_db
def test_spanish_demo_analysis_reads_in_spanish(building_in: Any) -> None:
    from touchpoints.analytics.models import AnalysisRun
    from touchpoints.analytics.selectors import attribution_rows

    ws, _created = services.demo_load(language="es")
    run = AnalysisRun.objects.get(workspace=ws)
    channels = {row.channel for row in attribution_rows(run=run)}
    assert {"Anuncios en Instagram", "Línea telefónica"} <= channels, channels
    english = _codes() | {"Phone line", "Instagram ads", "Doctor referral"}
    assert not channels & english, channels & english
    assert set(run.segment_values) == {"Mujeres 35–55", "Hombres 40–65", "Pacientes que vuelven"}
