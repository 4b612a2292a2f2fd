"""Downloads of a run's results, shared by the page and the API: attribution (the rows read
from the result), variants, transitions and channels as CSV, XLSX or JSON, and the whole result
as the engine's JSON."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from touchpoints.analytics import report, selectors
from touchpoints.analytics.models import AnalysisRun
from touchpoints.lib.exporting import Table, download, render, to_xlsx

WHATS = ("attribution", "variants", "transitions", "channels", "result")
FORMATS = ("csv", "xlsx", "json")


def export_response(run: AnalysisRun, what: str, fmt: str, segment: str = "") -> HttpResponse:
    if what not in WHATS or fmt not in FORMATS or not run.result:
        raise Http404
    part = report.segment_part(run.result, segment)
    if part is None:
        raise Http404
    stem = f"analysis-{run.pk}-{what}" + (f"-{slugify(segment) or 'segment'}" if segment else "")
    if what == "result":
        if fmt != "json":
            raise Http404
        body = json.dumps(run.result if not segment else part, ensure_ascii=False, indent=1).encode("utf-8")
        return download(body, f"{stem}.json", "json")
    tables: list[Table]
    if what == "attribution":
        rows = selectors.attribution_rows(run=run, segment=segment)
        names = selectors.touchpoint_names(workspace=run.workspace_id, ids=[r.touchpoint_id for r in rows])
        tables = [report.attribution_table(rows, touchpoint_names=names), report.attribution_wide_table(part)]
    elif what == "variants":
        tables = [report.variants_table(part)]
    elif what == "transitions":
        tables = [report.transitions_table(part)]
    else:
        tables = [report.channels_table(part)]
    if fmt == "xlsx":
        return download(to_xlsx(tables), f"{stem}.xlsx", "xlsx")
    return download(render(tables[0], fmt), f"{stem}.{fmt}", fmt)
