"""The impact page: figures per touchpoint with intervals, the source that counts, what if."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from touchpoints.impact import report, selectors, services
from touchpoints.impact.choices import ImpactSource
from touchpoints.impact.forms import ManualForm, RunForm, SettingsForm, StudyForm
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.charts import chart_html
from touchpoints.lib.exporting import download
from touchpoints.lib.exporting import render as render_table
from touchpoints.lib.forms import add_service_errors, error_message
from touchpoints.lib.http import int_param
from touchpoints.lib.i18n import grouped
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability


def _source(request: HttpRequest, counting: str) -> str:
    wanted = request.GET.get("source") or counting
    return wanted if wanted in ImpactSource.values else counting


def _context(request: HttpRequest, access: Access, **extra: Any) -> dict[str, Any]:
    ws = access.workspace
    counting = selectors.counting_source(workspace=ws)
    source = _source(request, counting)
    segment = request.GET.get("segment", "") if source == ImpactSource.SURVEY else ""
    segments = selectors.segments(workspace=ws)
    if segment not in segments:
        segment = ""
    estimates = selectors.current_estimates(workspace=ws, segment=segment)
    by_source = selectors.figures(estimates)
    names = dict(Touchpoint.objects.filter(workspace=ws).values_list("id", "name")[:5000])
    rows = report.rows(by_source.get(source, {}), names)
    unit = rows[0].figure.unit if rows else ""
    chart = chart_html(report.chart_spec(rows, report.unit_label(unit)), "impact-chart") if rows else ""
    chosen = int_param(request.GET.get("touchpoint"))
    what_if = None
    if chosen is not None and chosen in names:
        what_if = report.what_if(names[chosen], by_source, chosen)
    with_figure = sorted({tp for figs in by_source.values() for tp in figs}, key=lambda t: names.get(t, ""))
    ctx: dict[str, Any] = {
        "source": source,
        "counting": counting,
        "segment": segment,
        "segments": segments,
        "sources": [(value, label, bool(by_source.get(value))) for value, label in ImpactSource.choices],
        "rows": rows,
        "chart": chart,
        "unit_label": report.unit_label(unit),
        "reading": report.reading(rows) if source == ImpactSource.SURVEY else "",
        "not_enough": [
            names.get(e.touchpoint_id, "") for e in estimates if e.source == ImpactSource.SURVEY and e.value is None
        ],
        "what_if": what_if,
        "what_if_choices": [(t, names.get(t, f"#{t}")) for t in with_figure],
        "chosen": chosen,
        "can_edit": access.can_edit,
    }
    if access.can_edit:
        ctx.update(
            {
                "study_form": StudyForm(workspace=ws),
                "run_form": RunForm(workspace=ws),
                "manual_form": ManualForm(workspace=ws),
                "settings_form": SettingsForm(initial={"source": counting}),
            }
        )
    ctx.update(extra)
    return ctx


@workspace_view()
def page(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "impact/page.html", _context(request, access))


@workspace_view()
def export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    ws = access.workspace
    source = _source(request, selectors.counting_source(workspace=ws))
    by_source = selectors.figures(selectors.current_estimates(workspace=ws, source=source))
    names = dict(Touchpoint.objects.filter(workspace=ws).values_list("id", "name")[:5000])
    table = report.export_table(report.rows(by_source.get(source, {}), names), source)
    return download(render_table(table, fmt), f"impact-{ws.slug}-{source}.{fmt}", fmt)


def _back(access: Access, source: str = "") -> HttpResponse:
    response = redirect("impact:page", slug=access.workspace.slug)
    if source:
        response["Location"] += f"?source={source}"
    return response


@require_POST
@workspace_view(Capability.EDIT)
def compute_study(request: HttpRequest, access: Access) -> HttpResponse:
    form = StudyForm(request.POST, workspace=access.workspace)
    return _compute(request, access, form, ImpactSource.SURVEY, services.impact_from_study)


@require_POST
@workspace_view(Capability.EDIT)
def compute_run(request: HttpRequest, access: Access) -> HttpResponse:
    form = RunForm(request.POST, workspace=access.workspace)
    return _compute(request, access, form, ImpactSource.LOGS, services.impact_from_run)


def _compute(
    request: HttpRequest, access: Access, form: StudyForm | RunForm, source: str, compute: Callable[..., Any]
) -> HttpResponse:
    """Compute the impact from the study (survey) or the analysis (logs) chosen in ``form``; back
    to the page of ``source`` with how many touchpoints got a figure, or with what was wrong."""
    survey = source == ImpactSource.SURVEY
    if not form.is_valid():
        messages.error(
            request,
            _("Choose a study of this workspace.") if survey else _("Choose a finished analysis of this workspace."),
        )
        return _back(access)
    try:
        done = compute(workspace=access.workspace, author=request.user, **form.cleaned_data)
    except ValidationError as exc:
        error_message(request, exc)
        return _back(access)
    n = done.stored
    if survey:
        stored = ngettext(
            "Key drivers computed for %(n)s touchpoint with enough answers.",
            "Key drivers computed for %(n)s touchpoints with enough answers.",
            n,
        )
    else:
        stored = ngettext("Impact from the log for %(n)s touchpoint.", "Impact from the log for %(n)s touchpoints.", n)
    messages.success(request, stored % {"n": grouped(n)})
    return _back(access, source)


@require_POST
@workspace_view(Capability.EDIT)
def manual(request: HttpRequest, access: Access) -> HttpResponse:
    form = ManualForm(request.POST, workspace=access.workspace)
    if form.is_valid():
        try:
            services.impact_record_manual(workspace=access.workspace, author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Estimate saved."))
            return _back(access, ImpactSource.MANUAL)
    return render(
        request, "impact/page.html", _context(request, access, manual_form=form, open_manual=True), status=400
    )


@require_POST
@workspace_view(Capability.EDIT)
def settings_set(request: HttpRequest, access: Access) -> HttpResponse:
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.impact_settings_set(workspace=access.workspace, source=form.cleaned_data["source"])
        messages.success(request, _("Saved: this source counts where it has a figure."))
    else:
        messages.error(request, _("Choose survey, logs or manual."))
    return _back(access)
