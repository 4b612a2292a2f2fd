"""Pages of the reports app: the list and the form to generate one, a report's page (progress
while it is being generated, then the document and its downloads), share links, and the public
share pages (``share_*``: no login, one report only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.lib.forms import error_message, saved
from touchpoints.lib.sharing import private_page, share_from_form, share_panel
from touchpoints.reports import choices as c
from touchpoints.reports import selectors, services
from touchpoints.reports.downloads import report_file
from touchpoints.reports.forms import ReportForm
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
    slug = access.workspace.slug
    panel = (
        share_panel(
            request,
            key="report_share_url",
            create_url=reverse("reports:share", args=[slug, report.pk]),
            links=selectors.share_links(report=report),
            revoke_url=lambda link: reverse("reports:share_revoke", args=[slug, report.pk, link.pk]),
        )
        if access.can_edit
        else {}
    )
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            **panel,
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
    share_from_form(
        request,
        key="report_share_url",
        public_page="report_share",
        create=lambda days: services.report_share(report=report, days=days, created_by=request.user),
    )
    return redirect("reports:detail", access.workspace.slug, pk)


@require_POST
@workspace_view(Capability.EDIT)
def share_revoke(request: HttpRequest, access: Access, pk: int, link_id: int) -> HttpResponse:
    link = get_object_or_404(ShareLink, pk=link_id, report__pk=pk, report__workspace=access.workspace)
    services.report_share_revoke(link=link)
    messages.success(request, _("The link is revoked: it shows nothing from now on."))
    return redirect("reports:detail", access.workspace.slug, pk)


# ---- public: a shared report --------------------------------------------------------------


def share_page(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.live_share(token=token)
    link.count_view()
    return private_page(render(request, "reports/shared.html", {"report": link.report, "link": link, "token": token}))


def share_document(request: HttpRequest, token: str) -> FileResponse:
    return report_file(selectors.live_share(token=token).report, "html", inline=True)


def share_download(request: HttpRequest, token: str, fmt: str) -> FileResponse:
    if fmt == "json":
        raise Http404  # the raw data stays with the workspace
    return report_file(selectors.live_share(token=token).report, fmt)
