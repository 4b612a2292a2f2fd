"""Reads shared by several widgets of the home, memoised on the workspace object for one request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from touchpoints.workspaces.models import Workspace


def memo(workspace: Workspace, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per workspace object (i.e. per request): widgets that show different
    views of the same figures share one set of queries."""
    cache: dict[str, Any] = workspace.__dict__.setdefault("_dashboard_memo", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def cache_key(name: str, *parts: str) -> str:
    """A cache key for ``name`` as the current user sees it: the language, the time zone and the day
    (widgets count overdue actions, weeks, "today") and any ``parts`` the caller adds (a role)."""
    return ":".join(
        [
            name,
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            str(timezone.localdate()),
            *parts,
        ]
    )


def inventory_url(workspace: Workspace, **params: Any) -> str:
    """The inventory list filtered by ``params`` (the inventory FilterSet's query parameters)."""
    query = urlencode(params, doseq=True)
    return reverse("inventory:list", kwargs={"slug": workspace.slug}) + (f"?{query}" if query else "")


def url_or_none(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def coverage(workspace: Workspace) -> Any:
    from touchpoints.inventory.selectors import inventory_coverage

    return memo(workspace, "coverage", lambda: inventory_coverage(workspace=workspace))


def latest_own_audit(workspace: Workspace) -> Any:
    """The latest finished audit of an own brand that has frozen scores, or None."""
    from touchpoints.audits import choices as ac
    from touchpoints.audits.models import Audit

    def compute() -> Any:
        audits = list(
            Audit.objects.filter(workspace=workspace, status__in=ac.FINISHED, brand__is_own=True, summary__isnull=False)
            .defer("summary")
            .order_by("-submitted_at", "-id")[:20]
        )
        audits.sort(key=lambda a: (a.audit_date, a.pk), reverse=True)
        # Only the chosen audit's frozen scores are read (each holds one score per touchpoint).
        return Audit.objects.select_related("brand").get(pk=audits[0].pk) if audits else None

    return memo(workspace, "latest_own_audit", compute)


def latest_own_scores(workspace: Workspace) -> tuple[Any, dict[int, float]]:
    """The latest own audit (see :func:`latest_own_audit`) and its frozen score per touchpoint id
    (empty without an audit or scores)."""
    audit = latest_own_audit(workspace)
    scores = (
        {int(k): float(v) for k, v in ((audit.summary or {}).get("touchpoints") or {}).items() if v is not None}
        if audit
        else {}
    )
    return audit, scores


# How many studies the home reads customers' answers from (the newest ones), and how many of them
# get their weekly roll-up brought up to date on the way (a few queries each, none when recent).
FEEDBACK_STUDIES = 50
FEEDBACK_ROLLUPS = 5


def feedback_sums(workspace: Workspace) -> dict[str, Any]:
    """Customers' answers of the workspace's studies, summed per (week, brand, segment) from the
    weekly roll-up plus the answers not rolled up yet (two GROUP BY queries): never a scan of the
    answers one by one. ``{"studies": [...], "cells": {(week, brand id, segment id): Cell}}``."""
    from django.db.models import Q

    from touchpoints.feedback import choices as fc
    from touchpoints.feedback.models import Response, ResponseWeekly, Study
    from touchpoints.feedback.rollup import rollup, summed

    def compute() -> dict[str, Any]:
        studies = list(
            Study.objects.filter(workspace=workspace)
            .order_by("-updated_at", "-id")
            .only("pk", "name", "status", "rolled_up_to", "rollup_candidate", "rollup_candidate_at")[:FEEDBACK_STUDIES]
        )
        if not studies:
            return {"studies": [], "cells": {}}
        for study in [s for s in studies if s.status != fc.StudyStatus.DRAFT][:FEEDBACK_ROLLUPS]:
            rollup(study)
        tail_filter = Q()
        for s in studies:
            tail_filter |= Q(study_id=s.pk, id__gt=s.rolled_up_to)
        cells = summed(
            ResponseWeekly.objects.filter(study_id__in=[s.pk for s in studies]),
            Response.objects.filter(tail_filter),
            ("week", "brand_id", "segment_id"),
        )
        return {"studies": studies, "cells": cells}

    return memo(workspace, "feedback_sums", compute)
