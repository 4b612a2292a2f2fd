"""Reads for audits, each in a bounded number of queries whatever the audit's size. Results are
computed by the pure functions of ``audits.scoring`` over plain data loaded here."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from touchpoints.audits import choices as c
from touchpoints.audits import scoring
from touchpoints.audits.integrations import journey_list
from touchpoints.audits.library import kind_for
from touchpoints.audits.models import (
    CUSTOM_KIND,
    GENERAL_KIND,
    Assessment,
    Audit,
    AuditItem,
    Criterion,
    CriterionAttachment,
    Evidence,
    Score,
)
from touchpoints.inventory import choices as ic
from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.workspaces.access import Access
from touchpoints.workspaces.models import Brand, Workspace
from touchpoints.workspaces.roles import Capability, Role

STAGE_ORDER = [s.value for s in ic.Stage]
AREA_ORDER = [a.value for a in ic.Area]


# ---- criteria ------------------------------------------------------------------------------


def criterion_queryset(*, workspace: Workspace) -> QuerySet[Criterion]:
    return Criterion.objects.filter(workspace=workspace).select_related("from_template")


def criteria_by_kind(*, workspace: Workspace, active_only: bool = True) -> dict[str, list[Criterion]]:
    qs = criterion_queryset(workspace=workspace)
    if active_only:
        qs = qs.filter(active=True)
    out: dict[str, list[Criterion]] = {}
    for crit in qs.order_by("kind", "position", "id"):
        out.setdefault(crit.kind, []).append(crit)
    return out


def kind_labels() -> dict[str, str]:
    """Kind code → name in the reader's language (library kinds, plus the general set)."""
    from django.utils.translation import gettext as _

    from touchpoints.library.models import CriterionKind

    labels = {k.code: k.name for k in CriterionKind.objects.all()}
    labels[GENERAL_KIND] = _("General")
    labels[CUSTOM_KIND] = _("Custom (only where attached)")
    return labels


def touchpoint_kinds(*, touchpoints: Iterable[tuple[int, str | None, str]]) -> dict[int, str | None]:
    """(id, template kind code, channel) → touchpoint id → criterion kind."""
    return {tp_id: kind_for(template_kind=kind, channel=channel) for tp_id, kind, channel in touchpoints}


def checklists(*, workspace: Workspace, touchpoint_ids: Collection[int]) -> dict[int, list[tuple[int, float]]]:
    """Touchpoint id → [(criterion id, weight)]: its attached criteria when it has any, else the
    active criteria of its kind, else the general set. Three queries whatever the number."""
    ids = list(touchpoint_ids)
    rows = Touchpoint.objects.filter(workspace=workspace, pk__in=ids).values_list(
        "pk", "template__kind__code", "channel"
    )
    kinds = touchpoint_kinds(touchpoints=rows)
    by_kind = criteria_by_kind(workspace=workspace)
    attached: dict[int, list[tuple[int, float]]] = {}
    for tp_id, crit_id, weight in (
        CriterionAttachment.objects.filter(
            touchpoint_id__in=ids, criterion__workspace=workspace, criterion__active=True
        )
        .order_by("position", "id")
        .values_list("touchpoint_id", "criterion_id", "criterion__weight")
    ):
        attached.setdefault(tp_id, []).append((crit_id, float(weight)))
    general = [(crit.pk, float(crit.weight)) for crit in by_kind.get(GENERAL_KIND, [])]
    out: dict[int, list[tuple[int, float]]] = {}
    for tp_id in ids:
        if tp_id in attached:
            out[tp_id] = attached[tp_id]
            continue
        kind = kinds.get(tp_id)
        own = (
            [(crit.pk, float(crit.weight)) for crit in by_kind.get(kind or "", [])]
            if kind not in (GENERAL_KIND, CUSTOM_KIND)
            else []
        )
        out[tp_id] = own or general
    return out


def touchpoint_checklist(*, touchpoint: Touchpoint) -> tuple[list[Criterion], bool, str | None]:
    """The criteria a touchpoint is scored on, whether they are attached explicitly, and its kind."""
    attached = list(
        Criterion.objects.filter(attachments__touchpoint=touchpoint)
        .select_related("from_template")
        .order_by("attachments__position", "attachments__id")
    )
    template_kind = (
        touchpoint.template.kind.code
        if touchpoint.template_id and touchpoint.template and touchpoint.template.kind_id
        else None
    )
    kind = kind_for(template_kind=template_kind, channel=touchpoint.channel)
    if attached:
        return attached, True, kind
    ids = [cid for cid, _w in checklists(workspace=touchpoint.workspace, touchpoint_ids=[touchpoint.pk])[touchpoint.pk]]
    crits = {c_.pk: c_ for c_ in criterion_queryset(workspace=touchpoint.workspace).filter(pk__in=ids)}
    return [crits[i] for i in ids if i in crits], False, kind


# ---- audits: visibility --------------------------------------------------------------------


def sees_assigned_only(access: Access) -> bool:
    """Auditors see and score only the audits assigned to them."""
    return access.role == Role.AUDITOR


def audit_queryset(*, access: Access) -> QuerySet[Audit]:
    qs = Audit.objects.filter(workspace=access.workspace)
    if sees_assigned_only(access):
        qs = qs.filter(auditors=access.membership.user_id)
    return qs


def audit_list(*, access: Access, status: str | None = None, brand_id: int | None = None) -> list[Audit]:
    qs = audit_queryset(access=access).select_related("brand", "segment").prefetch_related("auditors")
    if status:
        qs = qs.filter(status=status)
    if brand_id:
        qs = qs.filter(brand_id=brand_id)
    from django.db.models import Count

    # Aggregation drops Meta.ordering: say it again.
    return list(qs.annotate(item_count=Count("items", distinct=True)).order_by("-created_at", "-id"))


def audit_get(*, access: Access, pk: int) -> Audit:
    audit = (
        audit_queryset(access=access)
        .select_related("brand", "segment", "workspace")
        .prefetch_related("auditors")
        .filter(pk=pk)
        .first()
    )
    if audit is None:
        raise Http404("No such audit.")
    return audit


def can_score(access: Access, audit: Audit) -> bool:
    """Editors and owners score any audit; auditors only the ones assigned to them."""
    if not access.can(Capability.SCORE):
        return False
    if access.can_edit:
        return True
    return any(u.pk == access.membership.user_id for u in audit.auditors.all())


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


def summary_scores(audit: Audit) -> dict[int, float]:
    return {int(k): float(v) for k, v in ((audit.summary or {}).get("touchpoints") or {}).items() if v is not None}


def finished_audits(
    *, access: Access | None = None, workspace: Workspace | None = None, brand: Brand | None = None
) -> list[Audit]:
    """Submitted and closed audits, newest first (by their date)."""
    qs = audit_queryset(access=access) if access is not None else Audit.objects.filter(workspace=workspace)
    qs = qs.filter(status__in=c.FINISHED).select_related("brand")
    if brand is not None:
        qs = qs.filter(brand=brand)
    audits = list(qs)
    audits.sort(key=lambda a: (a.audit_date or dt.date.min, a.pk), reverse=True)
    return audits


def previous_audit(*, access: Access, audit: Audit, finished: list[Audit] | None = None) -> Audit | None:
    """The latest finished audit of the same brand before this one (``finished``: the finished
    audits the user may see, when already loaded)."""
    key = (audit.audit_date or dt.date.max, audit.pk)
    for other in finished if finished is not None else finished_audits(access=access, brand=audit.brand):
        if other.brand_id != audit.brand_id:
            continue
        if other.pk != audit.pk and (other.audit_date or dt.date.min, other.pk) < key and other.summary:
            return other
    return None


def other_brand_audits(
    *, access: Access, audit: Audit, finished: list[Audit] | None = None, touchpoint_ids: Collection[int] | None = None
) -> list[Audit]:
    """For each other brand of the workspace, its latest finished audit that shares touchpoints
    with this one (own brand against competitors, or a competitor against the own brand)."""
    mine = (
        set(touchpoint_ids) if touchpoint_ids is not None else set(audit.items.values_list("touchpoint_id", flat=True))
    )
    latest: dict[int, Audit] = {}
    for other in finished if finished is not None else finished_audits(access=access):
        if other.brand_id == audit.brand_id or other.brand_id in latest or not other.summary:
            continue
        if not mine.isdisjoint(int(k) for k in (other.summary.get("touchpoints") or {})):
            latest[other.brand_id] = other
    return sorted(latest.values(), key=lambda a: (not a.brand.is_own, a.brand.name))


# ---- keeping it alive ----------------------------------------------------------------------


@dataclass
class DueRow:
    touchpoint: Touchpoint
    interval: int | None
    last_audited: dt.date | None
    last_audit_id: int | None
    days_since: int | None
    overdue_by: int | None
    due: bool = False


def last_audits(
    *, workspace: Workspace, touchpoint_ids: Collection[int] | None = None, brand: Brand | None = None
) -> dict[int, tuple[dt.date, int]]:
    """Touchpoint id → (date, audit id) of the latest finished audit of the own brand (or the
    given brand) that had it in scope. One query."""
    qs = AuditItem.objects.filter(audit__workspace=workspace, audit__status__in=c.FINISHED)
    qs = qs.filter(audit__brand=brand) if brand is not None else qs.filter(audit__brand__is_own=True)
    if touchpoint_ids is not None:
        qs = qs.filter(touchpoint_id__in=list(touchpoint_ids))
    out: dict[int, tuple[dt.date, int]] = {}
    for tp_id, audit_id, ends_on, submitted_at, created_at in qs.values_list(
        "touchpoint_id", "audit_id", "audit__ends_on", "audit__submitted_at", "audit__created_at"
    ):
        day = ends_on or (submitted_at or created_at).date()
        if tp_id not in out or (day, audit_id) > out[tp_id]:
            out[tp_id] = (day, audit_id)
    return out


def review_due(
    *, workspace: Workspace, today: dt.date, default_days: int | None = None, include_all: bool = False
) -> list[DueRow]:
    """Touchpoints whose last audit (of the own brand) is older than their review interval, or
    that were never audited; most overdue first. ``default_days`` stands for touchpoints without
    an interval of their own; ``include_all`` lists every touchpoint, due or not. Two queries."""
    own = workspace.brands.filter(is_own=True).values_list("pk", flat=True)
    lacking = set(
        Presence.objects.filter(
            touchpoint__workspace=workspace,
            brand_id__in=list(own),
            status__in=[ic.PresenceStatus.MISSING, ic.PresenceStatus.PLANNED],
        ).values_list("touchpoint_id", flat=True)
    )
    touchpoints = [
        tp for tp in Touchpoint.objects.filter(workspace=workspace).order_by("name", "id") if tp.pk not in lacking
    ]
    last = last_audits(workspace=workspace)
    rows = []
    for tp in touchpoints:
        interval = tp.review_interval_days or default_days
        seen = last.get(tp.pk)
        days = (today - seen[0]).days if seen else None
        due = interval is not None and (days is None or days > interval)
        overdue = days - interval if due and days is not None and interval is not None else None
        if due or include_all:
            rows.append(DueRow(tp, interval, seen[0] if seen else None, seen[1] if seen else None, days, overdue, due))
    # Never audited first, then the most overdue; rows that are not due last.
    rows.sort(key=lambda r: (not r.due, r.last_audited is not None, -(r.overdue_by or 0), r.touchpoint.name))
    return rows


def latest_brand_scores(*, brand: Brand, touchpoint_ids: Collection[int]) -> dict[int, float]:
    """Touchpoint id → its score in the latest finished audit of the brand that scored it: the
    provider of the journey map's experience curve. One query."""
    wanted = set(touchpoint_ids)
    out: dict[int, float] = {}
    for audit in finished_audits(workspace=brand.workspace, brand=brand):
        for tp_id, value in summary_scores(audit).items():
            if tp_id in wanted and tp_id not in out:
                out[tp_id] = value
        if len(out) == len(wanted):
            break
    return out


def scope_touchpoints(*, workspace: Workspace, brand: Brand) -> list[int]:
    """ "All touchpoints the brand has": every touchpoint whose presence for the brand is not
    missing or planned, in walking order (first purchase stage, then name). Two queries."""
    lacking = set(
        Presence.objects.filter(
            brand=brand, status__in=[ic.PresenceStatus.MISSING, ic.PresenceStatus.PLANNED]
        ).values_list("touchpoint_id", flat=True)
    )
    rows = Touchpoint.objects.filter(workspace=workspace).values_list("pk", "name", "stages")
    from touchpoints.lib.fields import decode_values

    def first_stage(stages: Any) -> int:
        values = decode_values(stages) if isinstance(stages, str) else list(stages or [])
        return min((STAGE_ORDER.index(s) for s in values if s in STAGE_ORDER), default=len(STAGE_ORDER))

    ordered = sorted((r for r in rows if r[0] not in lacking), key=lambda r: (first_stage(r[2]), r[1].lower(), r[0]))
    return [pk for pk, _n, _s in ordered]


def journeys_for(*, workspace: Workspace) -> list[tuple[int, str]]:
    return journey_list(workspace=workspace)


def assignable_members(*, workspace: Workspace) -> QuerySet[Any]:
    """Members who may score: owners, editors and auditors."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__workspace=workspace,
            memberships__role__in=[Role.OWNER, Role.EDITOR, Role.AUDITOR],
        )
        .order_by("username")
    )


def items_with_touchpoints(*, audit: Audit) -> QuerySet[AuditItem]:
    return audit.items.select_related("touchpoint").order_by("position", "id")


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
