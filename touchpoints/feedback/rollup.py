"""Folds answers into ResponseWeekly, so the results page reads sums instead of every answer.

Ids are handed out before a transaction commits, so "every id up to the highest one seen" may still
miss an answer whose INSERT has not committed yet. A run therefore folds in only the ids up to the
highest one seen at an earlier run at least ``SETTLE`` ago (by then every write that had its id is
long committed) and records the current highest id for a later run. The results add what is not
rolled up yet from the raw table, so they are always complete. A concurrent run is skipped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from touchpoints.feedback.models import Response, ResponseWeekly, Study
from touchpoints.feedback.stats import Cell, merge

SETTLE = dt.timedelta(seconds=60)
# Below this many new answers the raw table answers fast enough; no roll-up is written.
MIN_BATCH = 2000


def grouped(qs, *dims: str):
    return (
        qs.order_by()
        .values(*dims)
        .annotate(
            n=Count("id"),
            n_pos=Count("id", filter=Q(positivity__gt=0)),
            n_neg=Count("id", filter=Q(positivity__lt=0)),
            sum_pos=Sum("positivity"),
            sum_like=Sum("likelihood"),
        )
    )


def weekly_grouped(qs: QuerySet[ResponseWeekly], *dims: str) -> QuerySet:
    """The weekly roll-up's sums grouped by ``dims``, under the names of ``grouped`` plus "_"."""
    return (
        qs.order_by()
        .values(*dims)
        .annotate(
            n_=Sum("n"), n_pos_=Sum("n_pos"), n_neg_=Sum("n_neg"), sum_pos_=Sum("sum_pos"), sum_like_=Sum("sum_like")
        )
    )


def summed(weekly: QuerySet[ResponseWeekly], answers: QuerySet[Response], dims: tuple[str, ...]) -> dict[Any, Cell]:
    """Sums grouped by ``dims`` (a value, or a tuple for several) from the weekly roll-up rows in
    ``weekly`` plus the answers not rolled up yet in ``answers`` (the caller scopes both): two
    GROUP BY queries."""
    return merge(weekly_rows(weekly, dims) + answer_rows(answers, dims))


def weekly_rows(weekly: QuerySet[ResponseWeekly], dims: tuple[str, ...]) -> list[tuple[Any, Cell]]:
    return [(key(r, dims), Cell.of(r, "_")) for r in weekly_grouped(weekly, *dims)]


def answer_rows(answers: QuerySet[Response], dims: tuple[str, ...]) -> list[tuple[Any, Cell]]:
    """The answers' sums by ``dims``; a "week" is the Monday of the answer's week, as in the roll-up."""
    if "week" in dims:
        answers = answers.annotate(week=TruncWeek("created_at"))
    return [(key(r, dims), Cell.of(r)) for r in grouped(answers, *dims)]


def key(row: dict[str, Any], dims: tuple[str, ...]) -> Any:
    """A grouped row's key: its value of the one dimension, or the tuple of several (weeks as dates)."""
    values = tuple(day(row[d]) for d in dims)
    return values if len(values) > 1 else values[0]


def rollup(study: Study, *, settle: dt.timedelta = SETTLE, min_batch: int = MIN_BATCH) -> int:
    """One roll-up step; returns how many answers were folded in. ``settle=timedelta(0)`` is for bulk
    loads with no concurrent writers (folds in everything at once)."""
    now = timezone.now()
    if settle and study.rollup_candidate_at is not None and now - study.rollup_candidate_at < settle:
        return 0  # the candidate noted by a recent run is not settled yet: nothing to do, no query
    with transaction.atomic():
        row = (
            Study.objects.select_for_update(skip_locked=True)
            .filter(pk=study.pk)
            .values("rolled_up_to", "rollup_candidate", "rollup_candidate_at")
            .first()
        )
        if row is None:
            return 0  # another run holds it
        after = row["rolled_up_to"]
        highest = Response.objects.filter(study_id=study.pk, id__gt=after).aggregate(m=Max("id"))["m"] or after
        if settle:
            settled = row["rollup_candidate_at"] is not None and now - row["rollup_candidate_at"] >= settle
            upto = row["rollup_candidate"] if settled else after
        else:
            upto = highest
        folded = 0
        if upto > after:
            new = Response.objects.filter(study_id=study.pk, id__gt=after, id__lte=upto)
            folded = new.count()
            if folded < min_batch and settle:
                upto = after  # not worth a roll-up yet
                folded = 0
        if folded:
            rows = grouped(
                new.annotate(week=TruncWeek("created_at")),
                "week",
                "touchpoint_id",
                "brand_id",
                "segment_id",
                "customer_type",
            )
            ResponseWeekly.objects.bulk_create(
                [
                    ResponseWeekly(
                        study_id=study.pk,
                        week=day(r["week"]),
                        touchpoint_id=r["touchpoint_id"],
                        brand_id=r["brand_id"],
                        segment_id=r["segment_id"],
                        customer_type=r["customer_type"],
                        n=r["n"],
                        n_pos=r["n_pos"],
                        n_neg=r["n_neg"],
                        sum_pos=r["sum_pos"],
                        sum_like=r["sum_like"],
                    )
                    for r in rows
                ],
                batch_size=2000,
            )
        else:
            upto = after
        fields: dict[str, Any] = {"rolled_up_to": upto}
        if (
            row["rollup_candidate_at"] is None
            or now - row["rollup_candidate_at"] >= settle
            or highest > row["rollup_candidate"]
            and upto >= row["rollup_candidate"]
        ):
            fields.update(rollup_candidate=highest, rollup_candidate_at=now)
        Study.objects.filter(pk=study.pk).update(**fields)
        study.rolled_up_to = upto
        return folded


def day(value: Any) -> Any:
    """A week truncated by the database (a datetime on some backends) as the date of its Monday."""
    return value.date() if isinstance(value, dt.datetime) else value
