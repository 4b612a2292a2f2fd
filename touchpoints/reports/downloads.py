"""A report's files as responses: for the pages, the share links and the API (one home, so the
three answer alike: the same headers, the same 404 while the report is not ready)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from touchpoints.reports import choices as c
from touchpoints.reports.models import Report

# The stored HTML is shown as it was written, in a sandbox: no script, no request anywhere,
# pictures only from the document itself.
SNAPSHOT_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"


def report_file(report: Report, fmt: str, *, inline: bool = False) -> FileResponse:
    if fmt not in c.FORMATS or not report.is_ready:
        raise Http404
    field = report.file(fmt)
    if not field:
        raise Http404
    response = FileResponse(
        field.open("rb"),
        content_type=c.FORMATS[fmt],
        as_attachment=not inline,
        filename=f"report-{report.as_of.date().isoformat() if report.as_of else report.pk}-{report.language}.{fmt}",
    )
    if fmt == "html":
        response["Content-Security-Policy"] = SNAPSHOT_CSP
        response["X-Frame-Options"] = "SAMEORIGIN"  # shown in a frame of the report's page
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
