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


@dataclass(frozen=True)
class BeforeAfter:
    state: str
    before: Reading | None = None
    after: Reading | None = None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
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
