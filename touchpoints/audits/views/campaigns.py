"""Audit pages: the list, set-up and edit, the audit's page and its moves (start, submit, reopen,
close), delete, the results with their exports, and the touchpoints due for a review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from touchpoints.audits import choices as c
from touchpoints.audits import results as results_page
from touchpoints.audits import selectors, services
from touchpoints.audits.forms import AuditForm, DueForm, TransitionForm
from touchpoints.audits.models import Audit
from touchpoints.lib.deletion import confirm_delete
from touchpoints.lib.exporting import download, to_xlsx
from touchpoints.lib.exporting import render as render_table
from touchpoints.lib.forms import attempted, saved
from touchpoints.lib.http import int_param, int_params
from touchpoints.lib.paging import render_page
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability


@workspace_view()
def audit_list(request: HttpRequest, access: Access) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in c.Status.values:
        status = None
    audits = selectors.audit_list(access=access, status=status)
    return render(
        request,
        "audits/list.html",
        {
            "audits": audits,
            "status": status,
            "statuses": c.Status.choices,
            "assigned_only": selectors.sees_assigned_only(access),
        },
    )


@workspace_view(Capability.EDIT)
def audit_create(request: HttpRequest, access: Access) -> HttpResponse:
    initial: dict[str, Any] = {
        "method": c.Method.SELF,
        "scale": c.Scale.POINTS,
        "scope": c.ScopeKind.ALL,
        "starts_on": timezone.localdate(),
    }
    own = access.workspace.brands.filter(is_own=True).first()
    if own:
        initial["brand"] = own.pk
    brand = int_param(request.GET.get("brand"))
    chosen = access.workspace.brands.filter(pk=brand).first() if brand is not None else None
    if chosen is not None:  # "Audit <competitor>" from the benchmark
        initial["brand"] = chosen.pk
        if not chosen.is_own:
            initial["method"] = c.Method.COMPETITOR_WALK
    if request.GET.get("touchpoints"):
        initial["scope"] = c.ScopeKind.SELECTION
        initial["touchpoints"] = int_params(request.GET["touchpoints"].split(","))
        initial["name"] = _("Re-audit of overdue touchpoints")
    journey = int_param(request.GET.get("journey"))
    if journey is not None:
        initial["scope"] = c.ScopeKind.JOURNEY
        initial["journey_id"] = journey
    form = AuditForm(request.POST or None, workspace=access.workspace, initial=initial)
    audit = saved(
        form,
        lambda _: services.audit_create(workspace=access.workspace, created_by=request.user, **form.service_kwargs()),
    )
    if audit is not None:
        n = audit.items.count()
        messages.success(
            request,
            ngettext(
                "Audit created with %(n)s touchpoint. Start it when the auditors are ready.",
                "Audit created with %(n)s touchpoints. Start it when the auditors are ready.",
                n,
            )
            % {"n": n},
        )
        return redirect("audits:detail", slug=access.workspace.slug, pk=audit.pk)
    return render(request, "audits/form.html", {"form": form, "audit": None}, status=400 if form.errors else 200)


@workspace_view(Capability.EDIT)
def audit_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = selectors.audit_get(access=access, pk=pk)
    initial = {
        "name": audit.name,
        "brand": audit.brand_id,
        "method": audit.method,
        "scale": audit.scale,
        "segment": audit.segment_id,
        "auditors": [u.pk for u in audit.auditors.all()],
        "starts_on": audit.starts_on,
        "ends_on": audit.ends_on,
        "scope": audit.scope,
        "journey_id": audit.journey_id,
        "touchpoints": list(audit.items.values_list("touchpoint_id", flat=True)),
        "instructions": audit.instructions,
    }
    form = AuditForm(request.POST or None, workspace=access.workspace, audit=audit, initial=initial)
    if saved(form, lambda _: _update(audit, form)) is not None:
        messages.success(request, _("Saved."))
        return redirect("audits:detail", slug=access.workspace.slug, pk=audit.pk)
    return render(request, "audits/form.html", {"form": form, "audit": audit}, status=400 if form.errors else 200)


def _update(audit: Audit, form: AuditForm) -> Audit:
    kwargs = form.service_kwargs()
    if kwargs.get("scope") and kwargs["scope"] != c.ScopeKind.SELECTION:
        kwargs.pop("touchpoints", None)
    return services.audit_update(audit=audit, **kwargs)


@workspace_view()
def audit_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = selectors.audit_get(access=access, pk=pk)
    items = list(selectors.items_with_touchpoints(audit=audit))
    progress = selectors.answer_counts(audit=audit)
    return render(
        request,
        "audits/detail.html",
        {
            "audit": audit,
            "items": items,
            "progress": progress,
            "statuses": c.Status.choices,
            "can_score": selectors.can_score(access, audit),
            "can_submit": selectors.can_score(access, audit) and audit.status == c.Status.IN_PROGRESS,
        },
    )


@workspace_view(Capability.EDIT)
def audit_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = selectors.audit_get(access=access, pk=pk)
    message = _("Deleted the audit “%(name)s”.") % {"name": audit.name}
    return confirm_delete(request, audit, slug=access.workspace.slug, delete=services.audit_delete, message=message)


@require_POST
@workspace_view(Capability.SCORE)
def audit_transition(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = selectors.audit_get(access=access, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    action = form.cleaned_data["action"]
    # Auditors may only submit what they scored; everything else is an editor's decision.
    if action == "submit" and not selectors.can_score(access, audit):
        raise PermissionDenied
    if action != "submit" and not access.can_edit:
        raise PermissionDenied
    attempted(
        request,
        lambda: services.audit_transition(audit=audit, action=action),
        lambda moved: _("The audit is now “%(status)s”.") % {"status": moved.get_status_display()},
    )
    return redirect("audits:detail", slug=access.workspace.slug, pk=audit.pk)


# ---- results -------------------------------------------------------------------------------


@workspace_view()
def audit_results(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = selectors.audit_get(access=access, pk=pk)
    with selectors.paused_gc():
        context = results_page.results_context(access=access, audit=audit, show_all=request.GET.get("all") == "1")
        return render(request, "audits/results.html", context)


@workspace_view()
def audit_export(request: HttpRequest, access: Access, pk: int, fmt: str) -> HttpResponse:
    audit = selectors.audit_get(access=access, pk=pk)
    with selectors.paused_gc():
        return _export(audit, access.workspace.slug, fmt, request.GET.get("table", "touchpoints"))


def _export(audit: Audit, slug: str, fmt: str, which: str) -> HttpResponse:
    tables = results_page.export_tables(audit=audit)
    stem = f"audit-{audit.pk}-{slug}"
    if fmt == "xlsx":
        return download(to_xlsx(tables), f"{stem}.xlsx", "xlsx")
    names = ["touchpoints", "answers", "stages", "areas", "channels"]
    table = tables[names.index(which)] if which in names else tables[0]
    suffix = "" if which == "touchpoints" else f"-{which}"
    return download(render_table(table, "csv"), f"{stem}{suffix}.csv", "csv")


# ---- keeping it alive ----------------------------------------------------------------------


@workspace_view()
def review_due(request: HttpRequest, access: Access) -> HttpResponse:
    form = DueForm(request.GET or None)
    default_days = None
    show_all = False
    if form.is_valid():
        default_days = form.cleaned_data.get("default_days")
        show_all = bool(form.cleaned_data.get("show_all"))
    today = timezone.localdate()
    rows = selectors.review_due(
        workspace=access.workspace, today=today, default_days=default_days, include_all=show_all
    )
    visible = set(selectors.audit_queryset(access=access).values_list("pk", flat=True))
    due_ids = [r.touchpoint.pk for r in rows if r.due]
    return render_page(
        request,
        "audits/due.html",
        rows,
        200,
        {
            "form": form,
            "visible": visible,
            "today": today,
            "due_count": len(due_ids),
            "due_ids": ",".join(map(str, due_ids[:500])),
        },
    )
