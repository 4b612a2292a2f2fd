"""The scoring sheet: one auditor's answers saved one at a time from the phone page (JSON), and
the evidence files of a touchpoint."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.audits import choices as c
from touchpoints.audits import scales, selectors, services
from touchpoints.audits.models import Audit, Evidence
from touchpoints.lib.http import set_filename
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability

SHEET_PAGE_SIZE = 25


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _scorer(access: Access, audit: Audit) -> None:
    if not selectors.can_score(access, audit):
        raise PermissionDenied


@workspace_view(Capability.SCORE)
def audit_score(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    audit = selectors.audit_get(access=access, pk=pk)
    _scorer(access, audit)
    with selectors.paused_gc():
        return _score_page(request, audit, auditor_id=access.membership.user_id)


def _score_page(request: HttpRequest, audit: Audit, *, auditor_id: int) -> HttpResponse:
    item_ids = list(audit.items.order_by("position", "id").values_list("pk", flat=True))
    page = Paginator(item_ids, SHEET_PAGE_SIZE).get_page(request.GET.get("page"))
    sheet = selectors.scoring_sheet(audit=audit, auditor_id=auditor_id, item_ids=list(page.object_list))
    spec = scales.spec(audit.scale)
    counts = selectors.answer_counts(audit=audit, auditor_id=auditor_id)
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
                "remove": _("Remove"),
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
    audit = selectors.audit_get(access=access, pk=pk)
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
    audit = selectors.audit_get(access=access, pk=pk)
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
def evidence_file(request: HttpRequest, access: Access, pk: int, evidence_id: int) -> FileResponse:
    audit = selectors.audit_get(access=access, pk=pk)
    ev = get_object_or_404(Evidence, pk=evidence_id, item__audit=audit)
    response = FileResponse(ev.file.open("rb"), content_type=ev.content_type)
    disposition = "inline" if ev.is_image or ev.content_type == "application/pdf" else "attachment"
    set_filename(response, ev.original_name, inline=disposition == "inline")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@workspace_view(Capability.SCORE)
def evidence_delete(request: HttpRequest, access: Access, pk: int, evidence_id: int) -> HttpResponse:
    audit = selectors.audit_get(access=access, pk=pk)
    _scorer(access, audit)
    ev = get_object_or_404(Evidence, pk=evidence_id, item__audit=audit)
    if ev.auditor_id != request.user.pk and not access.can_edit:
        raise PermissionDenied
    try:
        services.evidence_delete(evidence=ev)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": _errors(exc)}, status=400)
    return JsonResponse({"ok": True})
