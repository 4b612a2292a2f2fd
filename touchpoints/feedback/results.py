"""The results of a study: sums per week × touchpoint × brand × segment answer, from the weekly
roll-up plus the answers not rolled up yet (two bounded GROUP BY queries), turned into the tables of
the results page by ``stats``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, QuerySet

from touchpoints.feedback import choices as c
from touchpoints.feedback.models import Response, ResponseWeekly, Study, StudyTouchpoint
from touchpoints.feedback.rollup import answer_rows, day, rollup, summed
from touchpoints.feedback.stats import BrandShare, Cell, brand_shares, merge, week_start
from touchpoints.lib import words
from touchpoints.lib.querysets import filter_given


@dataclass(frozen=True)
class Filters:
    segment_id: int | None = None
    customer_type: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def active(self) -> bool:
        return bool(self.segment_id or self.customer_type or self.since or self.until)

    def columns(self) -> dict[str, Any]:
        """The filters on plain columns, the same on raw answers and on the weekly roll-up."""
        return {"segment_id": self.segment_id, "customer_type": self.customer_type}


@dataclass
class Results:
    study: Study
    filters: Filters
    minimum: int
    entries: list[StudyTouchpoint]
    brands: list[Any]
    matrix: dict[tuple[int, int], Cell]  # (touchpoint id, brand id)
    by_touchpoint: dict[int, Cell]
    by_brand: dict[int, Cell]
    by_segment: dict[tuple[int | None, int], Cell]  # (segment id or None, brand id)
    by_customer_type: dict[tuple[str, int], Cell]
    trend: dict[tuple[dt.date, int], Cell]  # (week, brand id)
    total: Cell
    shares: list[BrandShare] = field(default_factory=list)


def filter_weekly(qs: QuerySet[ResponseWeekly], f: Filters) -> QuerySet[ResponseWeekly]:
    """The filters on the weekly roll-up (dates as whole weeks)."""
    return filter_given(
        qs,
        **f.columns(),
        week__gte=f.since and week_start(f.since),
        week__lte=f.until and week_start(f.until),
    )


def filter_answers(qs: QuerySet, f: Filters) -> QuerySet:
    """The same filters on raw answers (dates rounded to whole weeks, as in the roll-up)."""
    return filter_given(
        qs,
        **f.columns(),
        created_at__date__gte=f.since and week_start(f.since),
        created_at__date__lt=f.until and week_start(f.until) + dt.timedelta(days=7),
    )


def _tail(study: Study, f: Filters) -> QuerySet[Response]:
    """The study's answers not rolled up yet, filtered."""
    return filter_answers(Response.objects.filter(study=study, id__gt=study.rolled_up_to), f)


def _sums(study: Study, f: Filters, dims: tuple[str, ...]) -> dict[Any, Cell]:
    """Sums grouped by ``dims`` in the database (weekly roll-up + answers not rolled up yet)."""
    return summed(filter_weekly(ResponseWeekly.objects.filter(study=study), f), _tail(study, f), dims)


SHAPES = (
    ("touchpoint_id", "brand_id"),
    ("segment_id", "brand_id"),
    ("customer_type", "brand_id"),
    ("week", "brand_id"),
)


def _weekly_sets(study: Study, f: Filters) -> dict[tuple[str, ...], list[tuple[Any, Cell]]]:
    """The four groupings of the weekly sums in ONE scan (PostgreSQL GROUPING SETS)."""
    qs = filter_weekly(ResponseWeekly.objects.filter(study=study), f)  # the filters, as SQL
    where_sql, params = qs.query.get_compiler(using="default").compile(qs.query.where)
    table = ResponseWeekly._meta.db_table
    sets = ", ".join("(" + ", ".join(dims) + ")" for dims in SHAPES)
    sql = (
        f"SELECT touchpoint_id, segment_id, customer_type, week, brand_id, "
        f"GROUPING(touchpoint_id), GROUPING(segment_id), GROUPING(customer_type), GROUPING(week), "
        f"SUM(n), SUM(n_pos), SUM(n_neg), SUM(sum_pos), SUM(sum_like) FROM {table} "
        f"WHERE {where_sql} GROUP BY GROUPING SETS ({sets})"
    )
    out: dict[tuple[str, ...], list[tuple[Any, Cell]]] = {dims: [] for dims in SHAPES}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for tp, seg, ct, week, brand, g_tp, g_seg, g_ct, g_week, n, n_pos, n_neg, s_pos, s_like in cursor.fetchall():
            cell = Cell(int(n), int(n_pos), int(n_neg), int(s_pos), int(s_like))
            if not g_tp:
                out[SHAPES[0]].append(((tp, brand), cell))
            elif not g_seg:
                out[SHAPES[1]].append(((seg, brand), cell))
            elif not g_ct:
                out[SHAPES[2]].append(((ct, brand), cell))
            elif not g_week:
                out[SHAPES[3]].append(((day(week), brand), cell))
    return out


def _all_sums(study: Study, f: Filters) -> dict[tuple[str, ...], dict[Any, Cell]]:
    if connection.vendor != "postgresql":
        return {dims: _sums(study, f, dims) for dims in SHAPES}
    weekly = _weekly_sets(study, f)
    return {dims: merge(weekly[dims] + answer_rows(_tail(study, f), dims)) for dims in SHAPES}


def study_results(*, study: Study, filters: Filters | None = None) -> Results:
    f = filters or Filters()
    rollup(study)
    sums = _all_sums(study, f)
    matrix = sums[SHAPES[0]]
    by_brand: dict[int, Cell] = merge((b, cell) for (_tp, b), cell in matrix.items())  # type: ignore[assignment]
    brands = list(study.brands.order_by("-is_own", "name"))
    for b in brands:
        by_brand.setdefault(b.pk, Cell())
    return Results(
        study=study,
        filters=f,
        minimum=settings.FEEDBACK_MIN_ANSWERS,
        entries=list(study.study_touchpoints.select_related("touchpoint").order_by("position", "id")),
        brands=brands,
        matrix=matrix,
        by_touchpoint=merge((tp, cell) for (tp, _b), cell in matrix.items()),  # type: ignore[arg-type]
        by_brand=by_brand,
        by_segment=sums[SHAPES[1]],
        by_customer_type=sums[SHAPES[2]],
        trend=sums[SHAPES[3]],
        total=merge((0, cell) for cell in by_brand.values()).get(0, Cell()),
        shares=brand_shares({b.pk: by_brand[b.pk] for b in brands}),
    )


def workspace_sums(
    *,
    workspace: Any,
    filters: Filters | None = None,
    dims: tuple[str, ...] = ("touchpoint_id", "brand_id"),
    touchpoint_ids: Any = None,
    brand_ids: Any = None,
) -> dict[Any, Cell]:
    """Sums over every study of a workspace, grouped by ``dims`` (e.g. "touchpoint_id",
    "brand_id", "week"): the weekly roll-ups plus each study's answers not rolled up yet (by the
    Monday of their week, as in the roll-up), optionally only of some touchpoints and brands.
    Two queries, whatever the number of studies (no roll-up is written: a read)."""
    from django.db.models import F

    f = filters or Filters()
    scope: dict[str, Any] = {}
    if touchpoint_ids is not None:
        scope["touchpoint_id__in"] = list(touchpoint_ids)
    if brand_ids is not None:
        scope["brand_id__in"] = list(brand_ids)
    return summed(
        filter_weekly(ResponseWeekly.objects.filter(study__workspace=workspace, **scope), f),
        filter_answers(
            Response.objects.filter(study__workspace=workspace, id__gt=F("study__rolled_up_to"), **scope), f
        ),
        dims,
    )


def comments(
    *,
    study: Study,
    filters: Filters,
    brand_id: int | None = None,
    touchpoint_id: int | None = None,
    sentiment: str = "",
    q: str = "",
) -> QuerySet[Response]:
    """Answers with a comment, newest first; dates here are exact days (not whole weeks); ``q``
    keeps those whose comment holds the words (in any case)."""
    qs = filter_given(
        Response.objects.filter(study=study).exclude(comment=""),
        **filters.columns(),
        created_at__date__gte=filters.since,
        created_at__date__lte=filters.until,
        brand_id=brand_id,
        touchpoint_id=touchpoint_id,
    )
    for word in q.split():
        qs = qs.filter(comment__icontains=word)
    if sentiment == c.Sentiment.POSITIVE:
        qs = qs.filter(positivity__gt=0)
    elif sentiment == c.Sentiment.NEGATIVE:
        qs = qs.filter(positivity__lt=0)
    elif sentiment == c.Sentiment.NEUTRAL:
        qs = qs.filter(positivity=0)
    return qs.select_related("brand", "touchpoint", "segment").order_by("-created_at", "-id")


def comment_words(comments: QuerySet[Response]) -> words.Contrast:
    """What sets the negative ones of ``comments`` (``comments()`` without a sentiment) apart from
    the positive ones, in their newest ``words.READ`` (each answer carries its language)."""
    return words.contrast(comments.exclude(positivity=0).values_list("comment", "language", "positivity")[: words.READ])


def negative_comments_since(*, study_ids: list[int], since: dt.date) -> dict[int, int]:
    """Study id → how many negative answers about the own brands, with a comment, arrived from the
    day ``since`` on: what the team should read next (one GROUP BY query)."""
    rows = (
        Response.objects.filter(
            study_id__in=study_ids, brand__is_own=True, positivity__lt=0, created_at__date__gte=since
        )
        .exclude(comment="")
        .order_by()
        .values("study_id")
        .annotate(n=Count("id"))
    )
    return {r["study_id"]: r["n"] for r in rows}
