"""The before / after measurement and the KPI progress: hand-worked examples and properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from touchpoints.actions.measure import (
    MEASURED,
    NO_BEFORE,
    NOT_DONE,
    WAITING,
    Reading,
    before_after,
    is_overdue,
    is_score_unit,
    kpi_progress,
)

T0 = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def day(n: int) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def r(n: int, value: float) -> Reading:
    return Reading(at=day(n), value=value, ref=n)


def test_it_takes_the_latest_audit_before_the_start_and_the_first_after_done() -> None:
    # Audits on days 0 (40), 10 (45), 30 (70), 50 (75); work from day 12 to day 20.
    readings = [r(30, 70), r(0, 40), r(50, 75), r(10, 45)]
    m = before_after(readings=readings, started=day(12), done=day(20))
    assert (m.state, m.before.value, m.after.value, m.change) == (MEASURED, 45, 70, 25)


def test_an_audit_on_the_start_moment_counts_as_before_and_one_on_done_not_as_after() -> None:
    readings = [r(5, 50), r(9, 60), r(15, 66)]
    m = before_after(readings=readings, started=day(5), done=day(9))
    assert (m.before.value, m.after.value, m.change) == (50, 66, 16)


def test_a_drop_is_negative() -> None:
    m = before_after(readings=[r(0, 80), r(40, 62.5)], started=day(1), done=day(2))
    assert m.change == -17.5


def test_missing_figures_are_missing_not_zero() -> None:
    assert before_after(readings=[], started=day(0), done=day(1)).state == NO_BEFORE
    assert before_after(readings=[], started=day(0), done=day(1)).change is None
    m = before_after(readings=[r(0, 50)], started=day(1), done=None)
    assert (m.state, m.before.value, m.after, m.change) == (NOT_DONE, 50, None, None)
    m = before_after(readings=[r(0, 50)], started=day(1), done=day(3))
    assert (m.state, m.change) == (WAITING, None)
    m = before_after(readings=[r(5, 50)], started=day(1), done=day(3))
    assert (m.state, m.before, m.after.value) == (NO_BEFORE, None, 50)


def test_kpi_progress_by_hand() -> None:
    assert kpi_progress(baseline=40, target=60, value=50) == 0.5
    assert kpi_progress(baseline=40, target=60, value=70) == 1.5
    # A target below the baseline (fewer complaints): 20 → 10, now 12 = 80 % of the way.
    assert kpi_progress(baseline=20, target=10, value=12) == 0.8
    assert kpi_progress(baseline=20, target=20, value=12) is None
    assert kpi_progress(baseline=None, target=10, value=12) is None
    assert kpi_progress(baseline=20, target=10, value=None) is None


def test_overdue_only_when_open_and_past() -> None:
    today = dt.date(2026, 5, 10)
    assert is_overdue(deadline=dt.date(2026, 5, 9), status="planned", today=today)
    assert not is_overdue(deadline=dt.date(2026, 5, 10), status="in_progress", today=today)
    assert not is_overdue(deadline=dt.date(2026, 5, 1), status="done", today=today)
    assert not is_overdue(deadline=None, status="planned", today=today)


values = st.floats(min_value=0, max_value=100, allow_nan=False)
series = st.lists(st.tuples(st.integers(min_value=0, max_value=100), values), max_size=12)


@given(series, st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=60))
def test_before_is_never_after_the_start_and_after_is_always_after_done(points, start, length) -> None:
    readings = [r(d, v) for d, v in points]
    m = before_after(readings=readings, started=day(start), done=day(start + length))
    if m.before is not None:
        assert m.before.at <= day(start)
        assert all(not (m.before.at < x.at <= day(start)) for x in readings)
    if m.after is not None:
        assert m.after.at > day(start + length)
        assert all(not (day(start + length) < x.at < m.after.at) for x in readings)
    assert (m.change is None) == (m.state != MEASURED)


@given(series, st.integers(min_value=0, max_value=50), values)
def test_raising_the_after_figure_raises_the_change(points, start, bump) -> None:
    readings = [r(d, v) for d, v in points] + [r(0, 50)]
    m = before_after(readings=readings, started=day(max(start, 0)), done=day(start + 1))
    if m.after is None:
        return
    raised = [x if x is not m.after else Reading(x.at, x.value + bump, ref=x.ref) for x in readings]
    m2 = before_after(readings=raised, started=day(start), done=day(start + 1))
    assert m2.change >= m.change


@given(values, values, values, st.floats(min_value=0, max_value=50))
def test_kpi_progress_is_monotone_towards_the_target(baseline, target, value, step) -> None:
    p = kpi_progress(baseline=baseline, target=target, value=value)
    if p is None:
        assert baseline == target
        return
    towards = value + step if target > baseline else value - step
    assert kpi_progress(baseline=baseline, target=target, value=towards) >= p - 1e-9


def test_the_audit_points_in_each_language_and_nothing_else() -> None:
    for unit in ("", " points ", "Points", "pts.", "score", "/100", "баллов", "Баллы", "puntos", "puntuación"):
        assert is_score_unit(unit), unit
    for unit in ("%", "calls", "звонков", "llamadas", "min"):
        assert not is_score_unit(unit), unit
