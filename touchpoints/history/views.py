"""The workspace's history page and its export. Owners and editors read it; auditors and
viewers do not: it names who changed what and keeps values since removed (a deleted note, an
auditor's earlier score), which is accountability data for the people who maintain the workspace,
not part of what a read-only member needs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from touchpoints.history import display, selectors
from touchpoints.history.forms import HistoryFilter
from touchpoints.lib.exporting import Table, download
from touchpoints.lib.exporting import render as render_table
from touchpoints.lib.paging import render_page
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability

PAGE_SIZE = 50
HISTORY_CAPABILITY = Capability.EDIT


@workspace_view(HISTORY_CAPABILITY)
def history_list(request: HttpRequest, access: Access) -> HttpResponse:
    form = HistoryFilter(request.GET or None, workspace=access.workspace)
    qs = selectors.history_queryset(workspace=access.workspace, **form.filters())
    return render_page(request, "history/list.html", qs, PAGE_SIZE, {"form": form}, rows=display.rows)


@workspace_view(HISTORY_CAPABILITY)
def history_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    """The filtered history as CSV or XLSX (the newest entries up to the export limit)."""
    form = HistoryFilter(request.GET or None, workspace=access.workspace)
    scopes = selectors.history_queryset(workspace=access.workspace, **form.filters())[: selectors.EXPORT_LIMIT]
    out = []
    for row in display.rows(list(scopes), localized=False):
        when = timezone.localtime(row.timestamp).strftime(display.EXPORTED_MOMENT)
        if not row.changes:
            out.append([when, row.actor, row.action, row.kind, row.object, "", "", ""])
        for change in row.changes:
            out.append([when, row.actor, row.action, row.kind, row.object, change.label, change.old, change.new])
    table = Table(
        name=_("History"),
        columns=[_("When"), _("Who"), _("Action"), _("What"), _("Object"), _("Field"), _("Before"), _("After")],
        keys=["when", "who", "action", "kind", "object", "field", "before", "after"],
        rows=out,
    )
    return download(render_table(table, fmt), f"history-{access.workspace.slug}.{fmt}", fmt)
