from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from touchpoints.audits import choices as c
from touchpoints.audits import results as results_page
from touchpoints.audits import scales, selectors, services
from touchpoints.audits.forms import AuditForm, CriterionForm, DueForm, TransitionForm
from touchpoints.audits.models import Audit, Criterion, Evidence
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.exporting import download, to_xlsx
from touchpoints.lib.exporting import render as render_table
from touchpoints.lib.forms import add_service_errors
from touchpoints.lib.http import set_filename
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability

SHEET_PAGE_SIZE = 25


def _audit(access: Access, pk: int) -> Audit:
    return selectors.audit_get(access=access, pk=pk)


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


# ---- audits --------------------------------------------------------------------------------


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
    if request.GET.get("touchpoints"):
        initial["scope"] = c.ScopeKind.SELECTION
        initial["touchpoints"] = [int(x) for x in request.GET["touchpoints"].split(",") if x.strip().isdigit()]
        initial["name"] = _("Re-audit of overdue touchpoints")
    if request.GET.get("journey", "").isdigit():
        initial["scope"] = c.ScopeKind.JOURNEY
        initial["journey_id"] = int(request.GET["journey"])
    form = AuditForm(request.POST or None, workspace=access.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_create(workspace=access.workspace, created_by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
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
    audit = _audit(access, pk)
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
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        if kwargs.get("scope") and kwargs["scope"] != c.ScopeKind.SELECTION:
            kwargs.pop("touchpoints", None)
        try:
            services.audit_update(audit=audit, **kwargs)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("audits:detail", slug=access.workspace.slug, pk=audit.pk)
    return render(request, "audits/form.html", {"form": form, "audit": audit}, status=400 if form.errors else 200)


@workspace_view()
def audit_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = _audit(access, pk)
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
    audit = _audit(access, pk)
    if request.method == "POST":
        services.audit_delete(audit=audit)
        messages.success(request, _("Deleted the audit “%(name)s”.") % {"name": audit.name})
        return redirect("audits:list", slug=access.workspace.slug)
    return render(request, "audits/delete.html", {"audit": audit})


@require_POST
@workspace_view(Capability.SCORE)
def audit_transition(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = _audit(access, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    action = form.cleaned_data["action"]
    # Auditors may only submit what they scored; everything else is an editor's decision.
    if action == "submit" and not selectors.can_score(access, audit):
        raise PermissionDenied
    if action != "submit" and not access.can_edit:
        raise PermissionDenied
    try:
        audit = services.audit_transition(audit=audit, action=action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The audit is now “%(status)s”.") % {"status": audit.get_status_display()})
    return redirect("audits:detail", slug=access.workspace.slug, pk=audit.pk)


# ---- scoring -------------------------------------------------------------------------------


def _scorer(access: Access, audit: Audit) -> None:
    if not selectors.can_score(access, audit):
        raise PermissionDenied


@workspace_view(Capability.SCORE)
def audit_score(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = _audit(access, pk)
    _scorer(access, audit)
    with selectors.paused_gc():
        return _score_page(request, audit)


def _score_page(request: HttpRequest, audit: Audit) -> HttpResponse:
    item_ids = list(audit.items.order_by("position", "id").values_list("pk", flat=True))
    page = Paginator(item_ids, SHEET_PAGE_SIZE).get_page(request.GET.get("page"))
    sheet = selectors.scoring_sheet(audit=audit, auditor_id=request.user.pk, item_ids=list(page.object_list))
    spec = scales.spec(audit.scale)
    counts = selectors.answer_counts(audit=audit, auditor_id=request.user.pk)
    return render(
        request,
        "audits/score.html",
        {
            "audit": audit,
            "sheet": sheet,
            "page": page,
            "scale": spec,
            "word_labels": dict(c.Word.choices),
            "impressions": c.Impression.choices,
            "editable": audit.status == c.Status.IN_PROGRESS,
            "locked_message": services.locked_message(audit),
            "counts": counts,
            "first_index": page.start_index() - 1 if item_ids else 0,
            "allowed_files": "image/*,audio/*,video/mp4,application/pdf",
            "js_messages": {
                "saved": _("All answers saved"),
                "saving": _("Saving…"),
                "waiting": _("Answers waiting for a connection: %(n)s; they are kept on this device"),
                "refused": _("Some answers were refused: see the messages in red"),
                "login": _("Not saved: your session has ended. Log in again in another tab; answers are kept here."),
                "progress": _("%(a)s of %(e)s criteria answered"),
                "offline_file": _("Photos and files need a connection: add them when you are back online."),
                "percent": _("Give a whole number from %(lo)s to %(hi)s."),
                "upload_failed": _("The file could not be sent. Try again."),
                "stranded": _(
                    "Answers on this device not saved before the audit was submitted: %(n)s; ask an "
                    "editor to reopen it, then open this page again."
                ),
            },
        },
    )


def _json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("The request is not valid JSON.")) from None


@require_POST
@workspace_view(Capability.SCORE)
def audit_answer(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """Saves answers sent by the scoring page: one ({touchpoint, criterion, field, value}) or a
    batch ({"answers": [...]}), each on its own."""
    audit = _audit(access, pk)
    _scorer(access, audit)
    try:
        body = _json_body(request)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": {"__all__": exc.messages}}, status=400)
    batch = body.get("answers") if isinstance(body, dict) else None
    if isinstance(batch, list):
        outcomes = services.answers_save(
            audit=audit, auditor=request.user, answers=[a for a in batch if isinstance(a, dict)][:2000]
        )
        return JsonResponse({"ok": all(o["ok"] for o in outcomes), "results": outcomes})
    if not isinstance(body, dict):
        return JsonResponse({"ok": False, "errors": {"__all__": [_("Send an answer object.")]}}, status=400)
    try:
        saved = services.answer_save(
            audit=audit,
            auditor=request.user,
            touchpoint_id=body.get("touchpoint"),
            criterion_id=body.get("criterion"),
            field=str(body.get("field", "")),
            value=body.get("value"),
        )
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": _errors(exc)}, status=400)
    return JsonResponse({"ok": True, "saved": saved})


def _evidence_json(slug: str, ev: Evidence) -> dict[str, Any]:
    return {
        "id": ev.pk,
        "name": ev.original_name,
        "content_type": ev.content_type,
        "size": ev.size,
        "is_image": ev.is_image,
        "touchpoint": ev.item.touchpoint_id,
        "url": reverse("audits:evidence_file", kwargs={"slug": slug, "pk": ev.item.audit_id, "evidence_id": ev.pk}),
        "delete_url": reverse(
            "audits:evidence_delete", kwargs={"slug": slug, "pk": ev.item.audit_id, "evidence_id": ev.pk}
        ),
    }


@require_POST
@workspace_view(Capability.SCORE)
def evidence_upload(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = _audit(access, pk)
    _scorer(access, audit)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"ok": False, "errors": {"file": [_("Choose a file.")]}}, status=400)
    try:
        ev = services.evidence_add(
            audit=audit, auditor=request.user, touchpoint_id=request.POST.get("touchpoint"), upload=upload
        )
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": _errors(exc)}, status=400)
    return JsonResponse({"ok": True, "evidence": _evidence_json(access.workspace.slug, ev)})


@workspace_view()
def evidence_file(request: HttpRequest, access: Access, pk: int, evidence_id: int) -> HttpResponse:
    audit = _audit(access, pk)
    ev = get_object_or_404(Evidence, pk=evidence_id, item__audit=audit)
    response = FileResponse(ev.file.open("rb"), content_type=ev.content_type)
    disposition = "inline" if ev.is_image or ev.content_type == "application/pdf" else "attachment"
    set_filename(response, ev.original_name, inline=disposition == "inline")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@workspace_view(Capability.SCORE)
def evidence_delete(request: HttpRequest, access: Access, pk: int, evidence_id: int) -> HttpResponse:
    audit = _audit(access, pk)
    _scorer(access, audit)
    ev = get_object_or_404(Evidence, pk=evidence_id, item__audit=audit)
    if ev.auditor_id != request.user.pk and not access.can_edit:
        raise PermissionDenied
    try:
        services.evidence_delete(evidence=ev)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": _errors(exc)}, status=400)
    return JsonResponse({"ok": True})


# ---- results -------------------------------------------------------------------------------


@workspace_view()
def audit_results(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = _audit(access, pk)
    with selectors.paused_gc():
        context = results_page.results_context(access=access, audit=audit, show_all=request.GET.get("all") == "1")
        return render(request, "audits/results.html", context)


@workspace_view()
def audit_export(request: HttpRequest, access: Access, pk: int, fmt: str) -> HttpResponse:
    audit = _audit(access, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
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


# ---- criteria ------------------------------------------------------------------------------


def _criteria_url(access: Access, crit: Criterion) -> str:
    return reverse("audits:criteria", kwargs={"slug": access.workspace.slug}) + f"#kind-{crit.kind}"


@workspace_view()
def criteria_list(request: HttpRequest, access: Access) -> HttpResponse:
    if access.can_edit:
        services.criteria_sync(workspace=access.workspace)
    form = CriterionForm(request.POST or None, initial={"weight": 1, "active": True})
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                crit = services.criterion_create(
                    workspace=access.workspace,
                    **{k: form.cleaned_data[k] for k in ("kind", "name", "description", "weight", "active")},
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Added the criterion “%(name)s”.") % {"name": crit.label})
                return redirect(_criteria_url(access, crit))
    labels = selectors.kind_labels()
    by_kind = selectors.criteria_by_kind(workspace=access.workspace, active_only=False)
    groups = sorted(
        ((kind, labels.get(kind, kind), crits) for kind, crits in by_kind.items()),
        key=lambda g: (g[0] != "general", str(g[1])),
    )
    touchpoints = Touchpoint.objects.filter(workspace=access.workspace).order_by("name", "id").values_list("pk", "name")
    return render(
        request,
        "audits/criteria.html",
        {"groups": groups, "form": form, "touchpoints": touchpoints},
        status=400 if form.errors else 200,
    )


@workspace_view(Capability.EDIT)
def criterion_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    crit = get_object_or_404(selectors.criterion_queryset(workspace=access.workspace), pk=pk)
    form = CriterionForm(request.POST or None, instance=Criterion.objects.get(pk=crit.pk))
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("name", "description", "weight", "active")}
        if not form.fields["kind"].disabled:
            fields["kind"] = form.cleaned_data["kind"]
        try:
            crit = services.criterion_update(criterion=Criterion.objects.get(pk=crit.pk), **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.headers.get("HX-Request"):
                return render(request, "audits/_criterion_row.html", {"crit": crit})
            messages.success(request, _("Saved “%(name)s”.") % {"name": crit.label})
            return redirect(_criteria_url(access, crit))
    if request.headers.get("HX-Request") and request.method == "POST":
        return render(request, "audits/_criterion_row.html", {"crit": crit, "errors": form.errors}, status=400)
    return render(
        request, "audits/criterion_form.html", {"form": form, "crit": crit}, status=400 if form.errors else 200
    )


@require_POST
@workspace_view(Capability.EDIT)
def criterion_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    crit = get_object_or_404(selectors.criterion_queryset(workspace=access.workspace), pk=pk)
    try:
        services.criterion_delete(criterion=crit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Deleted the criterion."))
    return redirect("audits:criteria", slug=access.workspace.slug)


@workspace_view()
def touchpoint_criteria_pick(request: HttpRequest, access: Access) -> HttpResponse:
    """The touchpoint picker of the criteria page: on to that touchpoint's checklist."""
    tp_id = request.GET.get("touchpoint", "")
    if not tp_id.isdigit():
        return redirect("audits:criteria", slug=access.workspace.slug)
    tp = get_object_or_404(Touchpoint, workspace=access.workspace, pk=int(tp_id))
    return redirect("audits:touchpoint_criteria", slug=access.workspace.slug, tp_id=tp.pk)


@workspace_view()
def touchpoint_criteria(request: HttpRequest, access: Access, tp_id: int) -> HttpResponse:
    tp = get_object_or_404(Touchpoint.objects.select_related("template__kind"), workspace=access.workspace, pk=tp_id)
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        ids = [] if "reset" in request.POST else request.POST.getlist("criteria")
        try:
            services.touchpoint_criteria_set(touchpoint=tp, criteria=[int(i) for i in ids if str(i).isdigit()])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Saved the checklist of “%(name)s”. New audits use it; audits already started keep theirs.")
                % {"name": tp.name},
            )
            return redirect("audits:touchpoint_criteria", slug=access.workspace.slug, tp_id=tp.pk)
    checklist, explicit, kind = selectors.touchpoint_checklist(touchpoint=tp)
    labels = selectors.kind_labels()
    by_kind = selectors.criteria_by_kind(workspace=access.workspace)
    chosen = {cr.pk for cr in checklist}
    groups = sorted(
        ((k, labels.get(k, k), crits) for k, crits in by_kind.items()),
        key=lambda g: (g[0] != kind, g[0] != "general", str(g[1])),
    )
    return render(
        request,
        "audits/touchpoint_criteria.html",
        {
            "tp": tp,
            "checklist": checklist,
            "explicit": explicit,
            "kind": kind,
            "kind_label": labels.get(kind or "", ""),
            "groups": groups,
            "chosen": chosen,
        },
    )


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
    page = Paginator(rows, 200).get_page(request.GET.get("page"))
    due_ids = [r.touchpoint.pk for r in rows if r.due]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audits/due.html",
        {
            "form": form,
            "page": page,
            "visible": visible,
            "today": today,
            "due_count": len(due_ids),
            "due_ids": ",".join(map(str, due_ids[:500])),
            "query": query.urlencode(),
        },
    )
