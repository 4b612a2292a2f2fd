"""Reads shared by several widgets of the home, memoised on the workspace object for one request."""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from touchpoints.workspaces.models import Workspace


def memo(workspace: Workspace, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per workspace object (i.e. per request): widgets that show different
    views of the same figures share one set of queries."""
    cache: dict[str, Any] = workspace.__dict__.setdefault("_dashboard_memo", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


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
        audits = list(Audit.objects.filter(workspace=workspace, status__in=ac.FINISHED, brand__is_own=True,
                                           summary__isnull=False).defer("summary")
                      .order_by("-submitted_at", "-id")[:20])
        audits.sort(key=lambda a: (a.audit_date, a.pk), reverse=True)
        # Only the chosen audit's frozen scores are read (each holds one score per touchpoint).
        return Audit.objects.select_related("brand").get(pk=audits[0].pk) if audits else None

    return memo(workspace, "latest_own_audit", compute)
