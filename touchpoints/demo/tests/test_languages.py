"""The demo clinic exists in English, Russian and Spanish: every text it shows has a translation."""

from __future__ import annotations

import yaml

from touchpoints.audits import demo as audits_demo
from touchpoints.demo import services
from touchpoints.journeys import demo as journeys_demo


def _english_texts() -> set[str]:
    data = yaml.safe_load(services.DATA.read_text(encoding="utf-8"))
    texts = {data["workspace"]["name"], data["workspace"]["industry"], data["workspace"]["description"]}
    texts |= {s["name"] for s in data["segments"]} | {s["description"] for s in data["segments"]}
    for row in data["touchpoints"]:
        texts |= {row[0], row[12], row[15]}
    for steps in (journeys_demo.FIRST_VISIT, journeys_demo.RETURN_VISIT, journeys_demo.RIVAL_FIRST_VISIT):
        texts |= {note for _code, _stage, _expected, note, _final in steps}
    texts |= set(audits_demo.audits_content()["notes"].values())
    return {t for t in texts if t}


def test_every_demo_text_has_a_russian_and_a_spanish_translation() -> None:
    translations = services._translations()
    for lang in ("ru", "es"):
        missing = sorted(t for t in _english_texts() if t not in translations[lang])
        assert not missing, (lang, missing)
        same = [t for t in _english_texts() if translations[lang][t] == t and " " in t]
        assert not same, (lang, same)


def test_demo_text_follows_the_language_being_built() -> None:
    assert services.demo_text("Phone line") == "Phone line"
    token = services._language.set("ru")
    try:
        assert services.demo_text("Phone line") == "Телефонная линия"
        assert services.demo_text("Not in the table") == "Not in the table"
    finally:
        services._language.reset(token)
    assert services.demo_slug("es") == "demo-clinic-es" and services.demo_slug() == "demo-clinic"
