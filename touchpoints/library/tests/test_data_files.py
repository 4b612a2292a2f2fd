"""Validates the built-in library YAML files (``touchpoints/library/data``).

Plain pytest: no database and no Django settings are needed (run with ``-p no:django`` if the
rest of the app is not importable). Each test collects every problem it finds and fails with a
list naming the file and the code of each bad entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from touchpoints.inventory.choices import (
    Area,
    Attention,
    Channel,
    Control,
    Lifetime,
    Mode,
    MomentOfTruth,
    Sense,
    Stage,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACK_FILES = ["general.yaml", "clinic.yaml", "retail.yaml", "b2b.yaml", "horeca.yaml"]
INDUSTRY_PACKS = ["clinic", "retail", "b2b", "horeca"]
CRITERIA_FILE = "criteria.yaml"
JOURNEYS_FILE = "journeys.yaml"
LANGS = ("en", "ru", "es")
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")

SINGLE_AXES: dict[str, set[str]] = {
    "area": set(Area.values),
    "moment": set(MomentOfTruth.values),
    "mode": set(Mode.values),
    "channel": set(Channel.values),
    "attention": set(Attention.values),
    "lifetime": set(Lifetime.values),
    "control": set(Control.values),
}
MULTI_AXES: dict[str, set[str]] = {
    "stages": set(Stage.values),
    "senses": set(Sense.values),
}
STAGES = set(Stage.values)

MIN_TEMPLATES = 150
MIN_PER_INDUSTRY_PACK = 15
MIN_KINDS = 18
MIN_CRITERIA, MAX_CRITERIA = 5, 10
MIN_JOURNEYS = 6
MIN_STEPS, MAX_STEPS = 5, 10
NAME_MAX = 200  # the models' CharField length

# The clinic chain of [P1] (contextual ad -> question in the site chat -> booking by
# phone -> reception -> card and questionnaire -> doctor -> positive review -> newsletter/SMS).
CLINIC_CHAIN = [
    "contextual_ads",
    "chat_widget",
    "clinic_phone_booking",
    "clinic_registry",
    "patient_card",
    "doctor_consultation",
    "doctor_rating_sites",
    "clinic_newsletter",
]


def _load(name: str) -> Any:
    path = DATA_DIR / name
    assert path.exists(), f"{name}: file is missing"
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def packs() -> dict[str, Any]:
    return {name: _load(name) for name in PACK_FILES}


@pytest.fixture(scope="module")
def criteria() -> Any:
    return _load(CRITERIA_FILE)


@pytest.fixture(scope="module")
def journeys() -> Any:
    return _load(JOURNEYS_FILE)


@pytest.fixture(scope="module")
def templates(packs: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every template with the file it comes from, in file order."""
    return [(name, item) for name, data in packs.items() for item in (data.get("templates") or [])]


def _check_translated(problems: list[str], where: str, field: str, value: Any, *, single_line: bool = True) -> None:
    if not isinstance(value, dict):
        problems.append(f"{where}: {field} must be a mapping of {', '.join(LANGS)}")
        return
    extra = set(value) - set(LANGS)
    if extra:
        problems.append(f"{where}: {field} has unknown languages {sorted(extra)}")
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: {field}.{lang} is empty")
        elif single_line and "\n" in text.strip():
            problems.append(f"{where}: {field}.{lang} must be one line")
        elif field == "name" and len(text) > NAME_MAX:
            problems.append(f"{where}: {field}.{lang} is longer than {NAME_MAX} characters")


def _check_code(problems: list[str], where: str, code: Any, max_length: int) -> None:
    if not isinstance(code, str) or not CODE_RE.match(code) or len(code) > max_length:
        problems.append(f"{where}: code must be snake_case, at most {max_length} characters")


def _each_coded(
    problems: list[str], items: list[dict[str, Any]], within: str, max_length: int, duplicate: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each item with where it is (``within``, then its code), once its code has been checked:
    snake_case, at most ``max_length`` characters, not met before (``duplicate`` says what a
    repeat is)."""
    seen: set[str] = set()
    for item in items:
        code = item.get("code")
        where = f"{within} {code!r}"
        _check_code(problems, where, code, max_length)
        if code in seen:
            problems.append(f"{where}: {duplicate}")
        seen.add(code)
        yield where, item


def _fail(problems: list[str]) -> None:
    if problems:
        pytest.fail(f"{len(problems)} problem(s):\n" + "\n".join(problems), pytrace=False)


# --- pack files -------------------------------------------------------------------------------


def test_files_parse() -> None:
    problems = []
    for name in [*PACK_FILES, CRITERIA_FILE, JOURNEYS_FILE]:
        try:
            data = _load(name)
        except yaml.YAMLError as exc:  # pragma: no cover - only on broken files
            problems.append(f"{name}: invalid YAML: {exc}")
            continue
        if not isinstance(data, dict):
            problems.append(f"{name}: top level must be a mapping")
    _fail(problems)


def test_pack_headers(packs: dict[str, Any]) -> None:
    problems = []
    for name, data in packs.items():
        pack = data.get("pack") or {}
        expected_code = name.removesuffix(".yaml")
        if pack.get("code") != expected_code:
            problems.append(f"{name}: pack.code must be {expected_code!r}, not {pack.get('code')!r}")
        _check_translated(problems, f"{name} pack {expected_code}", "name", pack.get("name"))
        _check_translated(problems, f"{name} pack {expected_code}", "description", pack.get("description"))
        if not isinstance(data.get("templates"), list) or not data["templates"]:
            problems.append(f"{name}: templates must be a non-empty list")
    _fail(problems)


def test_template_fields_and_translations(templates: list[tuple[str, dict[str, Any]]]) -> None:
    problems: list[str] = []
    for file_name, item in templates:
        code = item.get("code")
        where = f"{file_name} template {code!r}"
        _check_code(problems, where, code, 80)
        for key in ("parent", "kind"):
            if key not in item:
                problems.append(f"{where}: {key} is missing (use null)")
        _check_translated(problems, where, "name", item.get("name"))
        _check_translated(problems, where, "description", item.get("description"))
    _fail(problems)


def test_template_classification_values(templates: list[tuple[str, dict[str, Any]]]) -> None:
    problems = []
    for file_name, item in templates:
        where = f"{file_name} template {item.get('code')!r}"
        for axis, allowed in SINGLE_AXES.items():
            value = item.get(axis)
            if value not in allowed:
                problems.append(f"{where}: {axis}={value!r} is not one of {sorted(allowed)}")
        for axis, allowed in MULTI_AXES.items():
            values = item.get(axis)
            if not isinstance(values, list) or not values:
                problems.append(f"{where}: {axis} must be a non-empty list")
                continue
            bad = [v for v in values if v not in allowed]
            if bad:
                problems.append(f"{where}: {axis} has invalid values {bad}; allowed {sorted(allowed)}")
            if len(set(values)) != len(values):
                problems.append(f"{where}: {axis} has repeated values {values}")
    _fail(problems)


def test_template_codes_unique(templates: list[tuple[str, dict[str, Any]]]) -> None:
    seen: dict[Any, str] = {}
    problems = []
    for file_name, item in templates:
        code = item.get("code")
        if code in seen:
            problems.append(f"{file_name} template {code!r}: duplicate code, already defined in {seen[code]}")
        else:
            seen[code] = file_name
    _fail(problems)


def test_template_parents_exist_and_no_cycles(templates: list[tuple[str, dict[str, Any]]]) -> None:
    parent_of = {item["code"]: item.get("parent") for _, item in templates}
    file_of = {item["code"]: file_name for file_name, item in templates}
    problems = []
    for code, parent in parent_of.items():
        if parent is not None and parent not in parent_of:
            problems.append(f"{file_of[code]} template {code!r}: parent {parent!r} does not exist")
    for code in parent_of:
        chain = [code]
        current = parent_of.get(code)
        while current is not None and current in parent_of:
            if current in chain:
                problems.append(f"{file_of[code]} template {code!r}: parent cycle {' -> '.join([*chain, current])}")
                break
            chain.append(current)
            current = parent_of.get(current)
    _fail(problems)


def test_hierarchy_is_at_least_three_levels_deep(templates: list[tuple[str, dict[str, Any]]]) -> None:
    parent_of = {item["code"]: item.get("parent") for _, item in templates}

    def depth(code: str) -> int:
        level, current, steps = 1, parent_of.get(code), 0
        while current is not None and current in parent_of and steps < len(parent_of):
            level, current, steps = level + 1, parent_of.get(current), steps + 1
        return level

    deepest = max(depth(code) for code in parent_of)
    assert deepest >= 3, f"pack files: the deepest template hierarchy has {deepest} levels, expected at least 3"


def test_template_counts(packs: dict[str, Any], templates: list[tuple[str, dict[str, Any]]]) -> None:
    problems = []
    if len(templates) < MIN_TEMPLATES:
        problems.append(f"pack files: {len(templates)} templates in total, expected at least {MIN_TEMPLATES}")
    for code in INDUSTRY_PACKS:
        name = f"{code}.yaml"
        count = len(packs[name].get("templates") or [])
        if count < MIN_PER_INDUSTRY_PACK:
            problems.append(f"{name}: {count} templates, expected at least {MIN_PER_INDUSTRY_PACK}")
    _fail(problems)


def test_template_kinds_exist(templates: list[tuple[str, dict[str, Any]]], criteria: Any) -> None:
    kinds = {k.get("code") for k in criteria.get("kinds") or []}
    problems = [
        f"{file_name} template {item['code']!r}: kind {item['kind']!r} is not defined in {CRITERIA_FILE}"
        for file_name, item in templates
        if item.get("kind") is not None and item["kind"] not in kinds
    ]
    with_kind = sum(1 for _, item in templates if item.get("kind"))
    if with_kind * 2 < len(templates):
        problems.append(f"pack files: only {with_kind} of {len(templates)} templates have a kind; most should")
    _fail(problems)


# --- criteria ---------------------------------------------------------------------------------


def test_criteria_kinds(criteria: Any) -> None:
    kinds = criteria.get("kinds") or []
    problems = []
    if len(kinds) < MIN_KINDS:
        problems.append(f"{CRITERIA_FILE}: {len(kinds)} kinds, expected at least {MIN_KINDS}")
    for where, kind in _each_coded(problems, kinds, f"{CRITERIA_FILE} kind", 40, "duplicate kind code"):
        _check_translated(problems, where, "name", kind.get("name"))
        items = kind.get("criteria") or []
        if not MIN_CRITERIA <= len(items) <= MAX_CRITERIA:
            problems.append(f"{where}: {len(items)} criteria, expected {MIN_CRITERIA}-{MAX_CRITERIA}")
        for cwhere, crit in _each_coded(
            problems, items, f"{where} criterion", 60, "duplicate criterion code within the kind"
        ):
            _check_translated(problems, cwhere, "name", crit.get("name"))
            _check_translated(problems, cwhere, "description", crit.get("description"))
    _fail(problems)


def test_required_criteria_present(criteria: Any) -> None:
    """The criteria the method names explicitly (method step 4 (docs/method.md)) are there."""
    by_kind = {k["code"]: {c["code"] for c in k.get("criteria") or []} for k in criteria.get("kinds") or []}
    required = {
        "website": {
            "functionality",
            "convenience",
            "mobile_version",
            "load_speed",
            "design",
            "useful_content",
            "comments",
        },
        "call_centre": {
            "answer_speed",
            "greeting",
            "farewell",
            "voice",
            "hold_music",
            "answering_machine",
            "politeness",
            "product_knowledge",
            "stock_and_delivery",
            "honesty",
        },
        "social": {"post_frequency", "usefulness", "engagement", "reaction_to_comments"},
        "email": {"reply_template", "reply_speed", "design", "greeting_and_signature", "postscript"},
    }
    problems = []
    for kind, codes in required.items():
        if kind not in by_kind:
            problems.append(f"{CRITERIA_FILE} kind {kind!r}: missing")
            continue
        missing = codes - by_kind[kind]
        if missing:
            problems.append(f"{CRITERIA_FILE} kind {kind!r}: missing criteria {sorted(missing)}")
    _fail(problems)


# --- journeys ---------------------------------------------------------------------------------


def test_journeys(journeys: Any, templates: list[tuple[str, dict[str, Any]]], packs: dict[str, Any]) -> None:
    items = journeys.get("journeys") or []
    template_codes = {item["code"] for _, item in templates}
    pack_codes = {data["pack"]["code"] for data in packs.values()}
    journey_codes = [j.get("code") for j in items]
    problems = []
    if len(items) < MIN_JOURNEYS:
        problems.append(f"{JOURNEYS_FILE}: {len(items)} journeys, expected at least {MIN_JOURNEYS}")
    for where, journey in _each_coded(problems, items, f"{JOURNEYS_FILE} journey", 80, "duplicate journey code"):
        if journey.get("pack") not in pack_codes:
            problems.append(f"{where}: pack {journey.get('pack')!r} is not one of {sorted(pack_codes)}")
        for field in ("name", "process", "description"):
            _check_translated(problems, where, field, journey.get(field))
        if not isinstance(journey.get("final_chord"), bool):
            problems.append(f"{where}: final_chord must be true or false")
        nxt = journey.get("next")
        if nxt is not None and nxt not in journey_codes:
            problems.append(f"{where}: next {nxt!r} is not a journey code")
        steps = journey.get("steps") or []
        if not MIN_STEPS <= len(steps) <= MAX_STEPS:
            problems.append(f"{where}: {len(steps)} steps, expected {MIN_STEPS}-{MAX_STEPS}")
        for pos, step in enumerate(steps, start=1):
            swhere = f"{where} step {pos} ({step.get('template')!r})"
            if step.get("template") not in template_codes:
                problems.append(f"{swhere}: template {step.get('template')!r} does not exist in the pack files")
            if step.get("stage") not in STAGES:
                problems.append(f"{swhere}: stage {step.get('stage')!r} is not one of {sorted(STAGES)}")
            expected = step.get("expected")
            if isinstance(expected, bool) or not isinstance(expected, int) or not -2 <= expected <= 2:
                problems.append(f"{swhere}: expected {expected!r} must be an integer from -2 to 2")
            _check_translated(problems, swhere, "note", step.get("note"))
    _fail(problems)


def test_clinic_chain_follows_the_method(journeys: Any) -> None:
    by_code = {j["code"]: j for j in journeys.get("journeys") or []}
    journey = by_code.get("clinic_first_visit")
    assert journey is not None, f"{JOURNEYS_FILE} journey 'clinic_first_visit': missing"
    steps = [s["template"] for s in journey["steps"]]
    assert steps == CLINIC_CHAIN, f"{JOURNEYS_FILE} journey 'clinic_first_visit': steps {steps} != {CLINIC_CHAIN}"
    assert journey.get("final_chord") is True, f"{JOURNEYS_FILE} journey 'clinic_first_visit': needs a final chord"
    assert journey.get("next") == "clinic_repeat_visit", (
        f"{JOURNEYS_FILE} journey 'clinic_first_visit': next must be 'clinic_repeat_visit'"
    )
