"""The three scales and their one mapping to 0–100 (pure functions, property tests)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from touchpoints.audits import scales

SCALE_NAMES = list(scales.SCALES)


def raw_answers(scale: str) -> st.SearchStrategy[str]:
    return st.sampled_from(scales.spec(scale).steps)


@st.composite
def scale_and_answer(draw: st.DrawFn) -> tuple[str, str]:
    scale = draw(st.sampled_from(SCALE_NAMES))
    return scale, draw(raw_answers(scale))


@given(scale_and_answer())
def test_every_answer_normalises_into_0_100(pair: tuple[str, str]) -> None:
    scale, raw = pair
    assert 0.0 <= scales.normalise(scale, raw) <= 100.0


@given(st.sampled_from(SCALE_NAMES), st.data())
def test_normalisation_is_monotone_in_the_raw_answer(scale: str, data: st.DataObject) -> None:
    steps = scales.spec(scale).steps
    i = data.draw(st.integers(0, len(steps) - 1))
    j = data.draw(st.integers(0, len(steps) - 1))
    if i < j:
        assert scales.normalise(scale, steps[i]) < scales.normalise(scale, steps[j])
    elif i == j:
        assert scales.normalise(scale, steps[i]) == scales.normalise(scale, steps[j])


@pytest.mark.parametrize("scale", SCALE_NAMES)
def test_worst_is_0_and_best_is_100_on_every_scale(scale: str) -> None:
    steps = scales.spec(scale).steps
    assert scales.normalise(scale, steps[0]) == 0.0
    assert scales.normalise(scale, steps[-1]) == 100.0


@pytest.mark.parametrize(
    "scale, raw, expected",
    [
        ("points", "1", 0.0),
        ("points", "10", 100.0),
        ("points", "4", 100 / 3),
        ("percent", "1", 0.0),
        ("percent", "100", 100.0),
        ("percent", "50", 4900 / 99),
        ("words", "awful", 0.0),
        ("words", "bad", 25.0),
        ("words", "normal", 50.0),
        ("words", "excellent", 75.0),
        ("words", "ideal", 100.0),
    ],
)
def test_the_documented_mapping(scale: str, raw: str, expected: float) -> None:
    assert scales.normalise(scale, raw) == pytest.approx(expected)


@pytest.mark.parametrize(
    "scale, raw",
    [
        ("points", "0"),
        ("points", "11"),
        ("points", "7.5"),
        ("points", "seven"),
        ("points", ""),
        ("points", "nan"),
        ("points", "inf"),
        ("percent", "0"),
        ("percent", "101"),
        ("percent", "-5"),
        ("words", "great"),
        ("words", "7"),
        ("words", ""),
    ],
)
def test_answers_off_the_scale_are_refused_with_what_it_allows(scale: str, raw: str) -> None:
    with pytest.raises(scales.ScaleError) as exc:
        scales.parse(scale, raw)
    assert "not on this audit's scale" in str(exc.value)


@pytest.mark.parametrize(
    "scale, raw, canonical",
    [
        ("points", " 7 ", "7"),
        ("points", "7.0", "7"),
        ("percent", "085", "85"),
        ("words", "Excellent", "excellent"),
    ],
)
def test_answers_are_kept_in_a_canonical_raw_form(scale: str, raw: str, canonical: str) -> None:
    assert scales.parse(scale, raw) == canonical


@given(scale_and_answer())
def test_nearest_raw_inverts_normalise(pair: tuple[str, str]) -> None:
    scale, raw = pair
    assert scales.nearest_raw(scale, scales.normalise(scale, raw)) == raw


def test_unknown_scale() -> None:
    with pytest.raises(scales.ScaleError):
        scales.normalise("stars", "5")
