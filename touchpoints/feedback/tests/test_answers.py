"""Pure parts: answer validation, language choice, figures from sums."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from touchpoints.feedback.answers import StudySnapshot, validate_answer
from touchpoints.feedback.stats import Cell, brand_shares, merge

SNAP = StudySnapshot(
    id=1,
    token="t",
    workspace_id=1,
    status="open",
    opens_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    closes_at=None,
    languages=("en", "es"),
    ask_comment=True,
    ask_customer_type=True,
    ask_segment=True,
    brands=((1, "A"), (2, "B")),
    touchpoints=((10, {"en": "Desk", "es": "Mostrador"}),),
    segments=((7, "S"),),
)


@given(
    st.dictionaries(
        st.sampled_from(["brand", "touchpoint", "positivity", "likelihood", "comment", "customer_type", "segment"]),
        st.one_of(st.none(), st.integers(-50, 50), st.text(max_size=30)),
    )
)
def test_validation_never_accepts_out_of_range(data: dict) -> None:
    answer, errors = validate_answer(SNAP, data)
    if answer is not None:
        assert not errors
        assert answer.brand_id in (1, 2) and answer.touchpoint_id == 10
        assert -2 <= answer.positivity <= 2 and 0 <= answer.likelihood <= 10
        assert answer.segment_id in (None, 7) and answer.customer_type in ("", "new", "returning")
    else:
        assert errors


def test_valid_answer() -> None:
    answer, errors = validate_answer(
        SNAP,
        {"brand": "2", "touchpoint": "10", "positivity": "-2", "likelihood": "0", "comment": "  ok  ", "segment": "7"},
    )
    assert errors == {} and answer is not None
    assert (answer.brand_id, answer.positivity, answer.comment, answer.segment_id) == (2, -2, "ok", 7)


def test_language_choice() -> None:
    assert SNAP.pick_language("es", "en") == "es"
    assert SNAP.pick_language("ru", "") == "en"  # not offered by the study
    assert SNAP.pick_language(None, "ru-RU,es;q=0.7,en;q=0.3") == "es"
    assert SNAP.pick_language(None, "garbage;;;q=x") == "en"


def test_availability() -> None:
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    assert SNAP.availability(now) == "open"
    assert SNAP.availability(dt.datetime(2025, 1, 1, tzinfo=dt.UTC)) == "not_yet"


@given(st.lists(st.tuples(st.integers(-2, 2), st.integers(0, 10)), min_size=1, max_size=50))
def test_cell_shares_add_up(answers: list[tuple[int, int]]) -> None:
    cells = [(0, Cell(1, int(p > 0), int(p < 0), p, like)) for p, like in answers]
    cell = merge(cells)[0]
    assert cell.n == len(answers)
    assert abs(cell.share_pos + cell.share_neu + cell.share_neg - 1) < 1e-9
    assert abs(cell.share_failed - (cell.share_neu + cell.share_neg)) < 1e-9
    assert -2 <= cell.mean_pos <= 2 and 0 <= cell.mean_like <= 10


def test_brand_shares() -> None:
    shares = brand_shares({1: Cell(3, 3, 0, 6, 27), 2: Cell(1, 0, 1, -1, 2)})
    assert [round(s.share_of_encounters, 2) for s in shares] == [0.75, 0.25]
    assert [s.share_of_positive for s in shares] == [1.0, 0.0]
    assert brand_shares({1: Cell()})[0].share_of_encounters is None
