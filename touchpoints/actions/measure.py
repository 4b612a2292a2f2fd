"""Did the action work? Pure functions over plain data (no ORM): the touchpoint's figure before
the action started against the first one taken after it was done, and how far a KPI got.

A missing figure stays missing (``None``) and the result says why — it never counts as zero:

* ``no_before``: no audit (or feedback) of the touchpoint before the action started;
* ``not_done``: the action is not done yet, so there is nothing "after";
* ``waiting``: done, but no audit since;
* ``measured``: both figures exist; ``change`` = after − before.

"Before" is the latest reading taken at or before the moment work started; "after" is the first
reading taken strictly after the moment the action was done. Readings exactly at ``done`` are
still "before the change was in place" and are not used as the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

MEASURED, NO_BEFORE, NOT_DONE, WAITING, NO_TARGET = "measured", "no_before", "not_done", "waiting", "no_target"


@dataclass(frozen=True)
class Reading:
    """One figure of one touchpoint: an audit's score (0–100) or a feedback figure, and when."""

    at: dt.datetime
    value: float
    source: str = "audit"  # "audit" or a feedback source's name
    ref: int | None = None  # the audit's id, for a link
    label: str = ""
    n: int | None = None  # answers behind a feedback figure


@dataclass(frozen=True)
class BeforeAfter:
    state: str
    before: Reading | None = None
    after: Reading | None = None

    @property
    def change(self) -> float | None:
        """after − before, only when measured (a window with too few answers gives none)."""
        if self.state != MEASURED or self.before is None or self.after is None:
            return None
        return round(self.after.value - self.before.value, 2)


def before_after(*, readings: Iterable[Reading], started: dt.datetime | None, done: dt.datetime | None) -> BeforeAfter:
    """The reading in force when work started and the first one after it was done."""
    ordered = sorted(readings, key=lambda r: r.at)
    before = None
    if started is not None:
        for r in ordered:
            if r.at <= started:
                before = r
            else:
                break
    if done is None:
        return BeforeAfter(NOT_DONE if before is not None else NO_BEFORE, before, None)
    after = next((r for r in ordered if r.at > done), None)
    if before is None:
        return BeforeAfter(NO_BEFORE, None, after)
    if after is None:
        return BeforeAfter(WAITING, before, None)
    return BeforeAfter(MEASURED, before, after)


# Customers' feedback is measured over whole weeks (the feedback app's roll-up is weekly): up to
# this many weeks before work started and after the action was done.
FEEDBACK_WINDOW_WEEKS = 8


@dataclass(frozen=True)
class WeekSum:
    """Customers' answers on one touchpoint in the week starting on Monday ``week``."""

    week: dt.date
    n: int
    sum_pos: int


def _window(weeks: list[WeekSum], at: dt.datetime) -> Reading | None:
    n = sum(w.n for w in weeks)
    if not n:
        return None
    return Reading(at=at, value=round(sum(w.sum_pos for w in weeks) / n, 2), source="feedback", n=n)


def feedback_before_after(
    *,
    weeks: Iterable[WeekSum],
    started: dt.datetime | None,
    done: dt.datetime | None,
    minimum: int,
    window_weeks: int = FEEDBACK_WINDOW_WEEKS,
) -> BeforeAfter:
    """Customers' mean positivity (−2 … +2) before the action started against after it was done.

    *Before*: the answers of the whole weeks (Monday–Sunday) that ended before the day work
    started, going back ``window_weeks`` weeks. *After*: the answers of the weeks beginning after
    the day the action was done, up to ``window_weeks`` weeks on. A window with fewer than
    ``minimum`` answers does not count (``no_before`` / ``waiting``); its reading is still given
    when it has any answers, so the page can say how many there are so far."""
    weeks = list(weeks)
    span = dt.timedelta(weeks=window_weeks)
    before = None
    if started is not None:
        day = started.date()
        chosen = [w for w in weeks if day - span <= w.week and w.week + dt.timedelta(days=7) <= day]
        before = _window(chosen, started)
    after = None
    if done is not None:
        day = done.date()
        after = _window([w for w in weeks if day < w.week < day + span], done)
    enough_before = before is not None and (before.n or 0) >= minimum
    enough_after = after is not None and (after.n or 0) >= minimum
    if done is None:
        return BeforeAfter(NOT_DONE if enough_before else NO_BEFORE, before, None)
    if not enough_before:
        return BeforeAfter(NO_BEFORE, before, after)
    if not enough_after:
        return BeforeAfter(WAITING, before, after)
    return BeforeAfter(MEASURED, before, after)


# A KPI unit that says "the audit's score, 0–100", as a team writes it in any of the app's
# languages (or none at all): the KPI's result is then read from the next audit of the touchpoint.
SCORE_UNITS = frozenset(
    {"", "points", "point", "pts", "score", "/100", "баллы", "балл", "балла", "баллов", "puntos", "punto", "puntuación"}
)


def is_score_unit(unit: str | None) -> bool:
    return (unit or "").strip().rstrip(".").casefold() in SCORE_UNITS


def kpi_progress(*, baseline: float | None, target: float | None, value: float | None) -> float | None:
    """How far from the baseline towards the target the value got: 0 at the baseline, 1 at the
    target (above 1 past it, below 0 when it went the wrong way). Works for targets below the
    baseline too (fewer complaints). ``None`` when a figure is missing or target = baseline."""
    if baseline is None or target is None or value is None or target == baseline:
        return None
    return round((value - baseline) / (target - baseline), 4)


def is_overdue(*, deadline: dt.date | None, status: str, today: dt.date) -> bool:
    from touchpoints.actions.choices import OPEN

    return deadline is not None and status in OPEN and deadline < today
