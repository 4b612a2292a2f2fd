"""Pages of the reports app: the list and the form to generate one, a report's page (progress
while it is being generated, then the document and its downloads), share links, and the public
share pages (``share_*``: no login, one report only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.lib.forms import error_message, saved
from touchpoints.reports import choices as c
from touchpoints.reports import selectors, services
from touchpoints.reports.downloads import report_file
from touchpoints.reports.forms import ReportForm, ShareForm
from touchpoints.reports.models import ShareLink
from touchpoints.workspaces.access import Access, posts_change, workspace_view
from touchpoints.workspaces.roles import Capability


@workspace_view()
def report_list(request: HttpRequest, access: Access) -> HttpResponse:
    form = ReportForm(request.POST or None, workspace=access.workspace)
    if posts_change(request, access):
        report = saved(
            form,
            lambda data: services.report_request(
                workspace=access.workspace,
                language=data["language"],
                audit=form.audits.get(data["audit"] or 0),
                created_by=request.user,
            ),
        )
        if report is not None:
            return redirect("reports:detail", access.workspace.slug, report.pk)
    return render(
        request,
        "reports/list.html",
        {"form": form, "reports": selectors.report_list(workspace=access.workspace)},
        status=400 if request.method == "POST" else 200,
    )


@workspace_view()
def report_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report = selectors.report_get(workspace=access.workspace, pk=pk)
    share_url = request.session.pop("report_share_url", "") if access.can_edit else ""
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "share_form": ShareForm(),
            "share_url": share_url,
            "links": list(selectors.share_links(report=report)) if access.can_edit else [],
            "formats": [("pdf", "PDF"), ("xlsx", "XLSX"), ("html", "HTML"), ("json", "JSON")],
        },
    )


@require_POST
@workspace_view(Capability.EDIT)
def report_retry(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report = selectors.report_get(workspace=access.workspace, pk=pk)
    try:
        services.report_retry(report=report)
    except ValidationError as exc:
        error_message(request, exc)
    return redirect("reports:detail", access.workspace.slug, report.pk)


@require_POST
@workspace_view(Capability.EDIT)
def report_cancel(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report = selectors.report_get(workspace=access.workspace, pk=pk)
    try:
        report = services.report_cancel(report=report)
    except ValidationError as exc:
        error_message(request, exc)
    else:
        if report.status == c.Status.CANCELLED:
            messages.success(request, _("The report was cancelled."))
        else:
            messages.info(request, _("The report stops after its current step."))
    return redirect("reports:detail", access.workspace.slug, report.pk)


@workspace_view()
def report_document(request: HttpRequest, access: Access, pk: int) -> FileResponse:
    return report_file(selectors.report_get(workspace=access.workspace, pk=pk), "html", inline=True)


@workspace_view()
def report_download(request: HttpRequest, access: Access, pk: int, fmt: str) -> FileResponse:
    return report_file(selectors.report_get(workspace=access.workspace, pk=pk), fmt)


@require_POST
@workspace_view(Capability.EDIT)
def report_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.report_delete(report=selectors.report_get(workspace=access.workspace, pk=pk))
    messages.success(request, _("Report deleted; its share links stop working."))
    return redirect("reports:list", access.workspace.slug)


@require_POST
@workspace_view(Capability.EDIT)
def share_create(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report = selectors.report_get(workspace=access.workspace, pk=pk)
    form = ShareForm(request.POST)
    if not form.is_valid():
        error_message(request, form)
        return redirect("reports:detail", access.workspace.slug, pk)
    try:
        _link, raw = services.share_create(report=report, days=form.cleaned_data["days"], created_by=request.user)
    except ValidationError as exc:
        error_message(request, exc)
        return redirect("reports:detail", access.workspace.slug, pk)
    request.session["report_share_url"] = request.build_absolute_uri(reverse("report_share", args=[raw]))
    return redirect("reports:detail", access.workspace.slug, pk)


@require_POST
@workspace_view(Capability.EDIT)
def share_revoke(request: HttpRequest, access: Access, pk: int, link_id: int) -> HttpResponse:
    link = get_object_or_404(ShareLink, pk=link_id, report__pk=pk, report__workspace=access.workspace)
    services.share_revoke(link=link)
    messages.success(request, _("The link is revoked: it shows nothing from now on."))
    return redirect("reports:detail", access.workspace.slug, pk)


# ---- public: a shared report --------------------------------------------------------------


def _touch(link: ShareLink) -> None:
    from django.db.models import F

    ShareLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now(), views=F("views") + 1)


def share_page(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.live_share(token=token)
    _touch(link)
    response = render(request, "reports/shared.html", {"report": link.report, "link": link, "token": token})
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


def share_document(request: HttpRequest, token: str) -> FileResponse:
    return report_file(selectors.live_share(token=token).report, "html", inline=True)


def share_download(request: HttpRequest, token: str, fmt: str) -> FileResponse:
    if fmt == "json":
        raise Http404  # the raw data stays with the workspace
    return report_file(selectors.live_share(token=token).report, fmt)
