"""Reads of audit answers: the scoring sheet of one auditor, how far the scoring is, and the
audit's answers loaded as plain data for the pure functions of ``audits.scoring``."""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from touchpoints.audits import scoring
from touchpoints.audits.models import Assessment, Audit, AuditItem, Criterion, Evidence, Score
from touchpoints.audits.selectors.campaigns import AREA_ORDER, STAGE_ORDER
from touchpoints.inventory.models import Touchpoint

# ---- the scoring sheet ---------------------------------------------------------------------


@dataclass
class SheetCriterion:
    criterion: Criterion
    weight: float
    raw: str = ""
    not_applicable: bool = False
    input_name: str = ""


@dataclass
class SheetItem:
    item: AuditItem
    touchpoint: Touchpoint
    criteria: list[SheetCriterion]
    assessment: Assessment | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for c_ in self.criteria if c_.raw or c_.not_applicable)

    @property
    def expect_fields(self) -> list[tuple[str, str, str]]:
        from django.utils.translation import gettext as _

        a = self.assessment
        return [
            ("expectation", _("Internal expectation"), a.expectation_raw if a else ""),
            ("ideal", _("Ideal"), a.ideal_raw if a else ""),
        ]

    @property
    def done(self) -> bool:
        if self.assessment and self.assessment.not_applicable:
            return True
        return (
            bool(self.criteria)
            and self.answered == len(self.criteria)
            and bool(self.assessment and self.assessment.impression)
        )


def scoring_sheet(*, audit: Audit, auditor_id: int, item_ids: Collection[int] | None = None) -> list[SheetItem]:
    """The items of an audit with one auditor's answers so far (five queries)."""
    items_qs = audit.items.select_related("touchpoint").order_by("position", "id")
    if item_ids is not None:
        items_qs = items_qs.filter(pk__in=list(item_ids))
    items = list(items_qs)
    crit_ids = {cid for it in items for cid in it.criterion_ids}
    crits = {c_.pk: c_ for c_ in Criterion.objects.filter(pk__in=crit_ids).select_related("from_template")}
    scores = {(s.item_id, s.criterion_id): s for s in Score.objects.filter(item__in=items, auditor_id=auditor_id)}
    assessments = {a.item_id: a for a in Assessment.objects.filter(item__in=items, auditor_id=auditor_id)}
    evidence: dict[int, list[Evidence]] = {}
    for ev in Evidence.objects.filter(item__in=items, auditor_id=auditor_id):
        evidence.setdefault(ev.item_id, []).append(ev)
    sheet = []
    for it in items:
        rows = []
        for cid, weight in it.checklist:
            crit = crits.get(int(cid))
            if crit is None:
                continue
            s = scores.get((it.pk, crit.pk))
            rows.append(
                SheetCriterion(
                    crit,
                    float(weight),
                    s.raw if s else "",
                    bool(s and s.not_applicable),
                    f"s-{it.touchpoint_id}-{crit.pk}",
                )
            )
        sheet.append(SheetItem(it, it.touchpoint, rows, assessments.get(it.pk), evidence.get(it.pk, [])))
    return sheet


# ---- results -------------------------------------------------------------------------------


@dataclass
class ResultsData:
    audit: Audit
    results: scoring.AuditResults
    touchpoints: dict[int, dict[str, Any]]
    criteria: dict[int, Criterion]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Holds Python's cyclic garbage collector while a large audit is read and computed: thousands
    of short-lived tuples would otherwise trigger full collections of the whole process heap in
    the middle of a request (tens of milliseconds each). Reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _raw_rows(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """A ``values_list`` query's rows straight from the database cursor, without the ORM's
    per-value converters: the results of a large audit read thousands of answers. Booleans come
    back as 0/1 on SQLite, JSON as text on SQLite and as objects on PostgreSQL."""
    from django.db import connections

    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def results_inputs(
    *, audit: Audit
) -> tuple[list[scoring.Item], list[scoring.Answer], list[scoring.Assessment], dict[int, dict[str, Any]]]:
    """The audit as plain data for ``scoring.compute_results`` (three queries)."""
    import json

    from touchpoints.lib.fields import decode_values

    item_rows = _raw_rows(
        audit.items.values_list(
            "pk",
            "touchpoint_id",
            "position",
            "checklist",
            "touchpoint__name",
            "touchpoint__stages",
            "touchpoint__area",
            "touchpoint__channel",
            "touchpoint__code",
        )
    )
    items, tps = [], {}
    for pk, tp, pos, checklist, name, stages, area, channel, code in item_rows:
        stage_list = decode_values(stages) if isinstance(stages, str) else list(stages or [])
        pairs = json.loads(checklist) if isinstance(checklist, str) else checklist
        items.append(scoring.Item(tp, name, pos, tuple(stage_list), area, channel, tuple(map(tuple, pairs))))
        tps[tp] = {"name": name, "stages": stage_list, "area": area, "channel": channel, "code": code, "item_id": pk}
    answers = list(
        map(
            scoring.Answer._make,
            _raw_rows(
                Score.objects.filter(item__audit=audit).values_list(
                    "item__touchpoint_id", "criterion_id", "value", "not_applicable", "auditor_id"
                )
            ),
        )
    )
    assessments = list(
        map(
            scoring.Assessment._make,
            _raw_rows(
                Assessment.objects.filter(item__audit=audit).values_list(
                    "item__touchpoint_id", "impression", "expectation", "ideal", "not_applicable", "auditor_id"
                )
            ),
        )
    )
    return items, answers, assessments, tps


def audit_results(*, audit: Audit) -> ResultsData:
    with paused_gc():
        items, answers, assessments, tps = results_inputs(audit=audit)
        results = scoring.compute_results(items, answers, assessments, stage_order=STAGE_ORDER, area_order=AREA_ORDER)
    crit_ids = {cid for i in items for cid, _w in i.criteria}
    crits = {c_.pk: c_ for c_ in Criterion.objects.filter(pk__in=crit_ids).select_related("from_template")}
    return ResultsData(audit, results, tps, crits)


def answer_counts(*, audit: Audit, auditor_id: int | None = None) -> dict[str, Any]:
    """How far the scoring is: criteria answered (scored or N/A) per item and in all, for one
    auditor or for everyone (a criterion counts once). Two queries."""
    from django.db.models import Count

    items = list(audit.items.values_list("pk", "checklist"))
    scores = Score.objects.filter(item__audit=audit)
    skipped = Assessment.objects.filter(item__audit=audit, not_applicable=True)
    if auditor_id is not None:
        scores = scores.filter(auditor_id=auditor_id)
        skipped = skipped.filter(auditor_id=auditor_id)
    per_item = dict(scores.values("item_id").annotate(n=Count("criterion", distinct=True)).values_list("item_id", "n"))
    na_items = set(skipped.values_list("item_id", flat=True))
    expected = 0
    answered = 0
    for pk, checklist in items:
        n = len(checklist)
        if pk in na_items:
            per_item[pk] = n
        expected += n
        answered += min(n, per_item.get(pk, 0))
    return {
        "per_item": per_item,
        "answered": answered,
        "expected": expected,
        "percent": round(100 * answered / expected) if expected else 0,
    }
