"""The competitor benchmark and the priorities pages (thin: reads in selectors, writes in services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.charts import chart_html
from touchpoints.lib.exporting import download
from touchpoints.lib.exporting import render as render_table
from touchpoints.lib.forms import add_service_errors, saved
from touchpoints.lib.paging import render_page
from touchpoints.priorities import exports, formula, market, presentation, selectors, services
from touchpoints.priorities.forms import EstimateForm, MarketForm, PriorityFilterForm
from touchpoints.priorities.models import Estimate
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability

PAGE_SIZE = 50
VIEWS = ("all", "unique", "missing", "gaps", "stage", "area")


# ---- benchmark -----------------------------------------------------------------------------


def _benchmark_context(request: HttpRequest, access: Access, market_form: MarketForm | None = None) -> dict[str, Any]:
    matrix = selectors.benchmark_matrix(workspace=access.workspace)
    view = request.GET.get("view") or "all"
    if view not in VIEWS:
        view = "all"
    by = "area" if request.GET.get("radar") == "area" else "stage"
    weight = selectors.market_weight(workspace=access.workspace)
    ctx: dict[str, Any] = {
        "matrix": matrix,
        "view": view,
        "radar_by": by,
        "counts": {
            "all": len(matrix.rows),
            "unique": len(matrix.unique),
            "missing": len(matrix.missing),
            "gaps": len(matrix.gaps),
        },
        "radar": chart_html(selectors.radar_spec(workspace=access.workspace, by=by, matrix=matrix), "chart-radar")
        if matrix.rows and len(matrix.brands) > 0
        else "",
        "weight": weight,
        "weight_rows": presentation.market_rows(weight),
        "weight_level": presentation.market_level(weight),
        "weights": market.WEIGHTS,
        "market_form": market_form
        or MarketForm(
            initial={
                k: getattr(selectors.market_settings(workspace=access.workspace), k)
                for k in ("company_size", "brand_strength", "loyalty")
            }
        ),
        "competitors": sum(1 for b in matrix.brands if not b.is_own),
        "not_audited": selectors.competitors_not_audited(workspace=access.workspace),
        "new_share": selectors.new_customer_share(workspace=access.workspace),
    }
    if view in ("stage", "area"):
        ctx["groups"] = presentation.group_table(matrix, view)
    else:
        rows = {"all": matrix.rows, "unique": matrix.unique, "missing": matrix.missing, "gaps": matrix.gaps}[view]
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        ctx["page"] = page
        ctx["rows"] = presentation.bench_rows(matrix, list(page.object_list))
    return ctx


@workspace_view()
def benchmark(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "priorities/benchmark.html", _benchmark_context(request, access))


@require_POST
@workspace_view(Capability.EDIT)
def market_save(request: HttpRequest, access: Access) -> HttpResponse:
    form = MarketForm(request.POST)
    if saved(form, lambda data: services.market_settings_set(workspace=access.workspace, **data)) is not None:
        messages.success(request, _("Market settings saved."))
        return redirect("priorities:benchmark", slug=access.workspace.slug)
    return render(request, "priorities/benchmark.html", _benchmark_context(request, access, form), status=400)


@workspace_view()
def benchmark_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    table = exports.benchmark_table(selectors.benchmark_matrix(workspace=access.workspace))
    return download(render_table(table, fmt), f"benchmark-{access.workspace.slug}.{fmt}", fmt)


# ---- priorities ----------------------------------------------------------------------------


def _filtered(request: HttpRequest, rows: list[formula.PriorityRow]) -> tuple[PriorityFilterForm, list]:
    form = PriorityFilterForm(request.GET)
    if form.is_valid():
        stage, area = form.cleaned_data.get("stage"), form.cleaned_data.get("area")
        rows = [r for r in rows if (not stage or stage in r.stages) and (not area or r.area == area)]
    return form, rows


@workspace_view()
def priority_list(request: HttpRequest, access: Access) -> HttpResponse:
    rows = selectors.priority_list(workspace=access.workspace)
    form, rows = _filtered(request, rows)
    return render_page(
        request,
        "priorities/list.html",
        rows,
        PAGE_SIZE,
        {
            "filter": form,
            "total": len(rows),
            "complete": sum(1 for r in rows if r.score is not None),
            "chart": chart_html(
                selectors.matrix_spec(workspace=access.workspace, rows=rows, width="container"), "chart-matrix"
            )
            if rows
            else "",
            "lines": {"performance": formula.PERFORMANCE_LINE, "impact": formula.IMPACT_LINE},
        },
        rows=lambda shown: presentation.decorate_rows(shown, slug=access.workspace.slug),
    )


@workspace_view()
def priority_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    _form, rows = _filtered(request, selectors.priority_list(workspace=access.workspace))
    return download(render_table(exports.priority_table(rows), fmt), f"priorities-{access.workspace.slug}.{fmt}", fmt)


def _row_for(access: Access, tp_id: int) -> formula.PriorityRow:
    row = next(r for r in selectors.priority_list(workspace=access.workspace) if r.touchpoint_id == tp_id)
    return presentation.decorate_rows([row], slug=access.workspace.slug)[0]


@workspace_view()
def priority_row(request: HttpRequest, access: Access, tp_id: int) -> HttpResponse:
    get_object_or_404(Touchpoint, workspace=access.workspace, pk=tp_id)
    return render(request, "priorities/_row.html", {"r": _row_for(access, tp_id)})


@workspace_view(Capability.EDIT)
def estimate_edit(request: HttpRequest, access: Access, tp_id: int) -> HttpResponse:
    """The manual estimates of one touchpoint: inline in the table (HTMX) or as a page."""
    tp = get_object_or_404(Touchpoint, workspace=access.workspace, pk=tp_id)
    inline = request.headers.get("HX-Request") == "true"
    estimate = Estimate.objects.filter(touchpoint=tp).first()
    initial = (
        {k: getattr(estimate, k) for k in ("impact", "impact_reason", "effort", "cost", "cost_note")}
        if estimate
        else {}
    )
    form = EstimateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.estimate_set(workspace=access.workspace, touchpoint=tp, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if inline:
                return render(request, "priorities/_row.html", {"r": _row_for(access, tp.pk)})
            messages.success(request, _("Estimates of “%(name)s” saved.") % {"name": tp.name})
            return redirect(f"{_list_url(access)}#tp-{tp.pk}")
    template = "priorities/_row_edit.html" if inline else "priorities/estimate.html"
    # HTMX swaps only 2xx answers: an inline form with errors comes back as 200 so it is shown.
    return render(
        request,
        template,
        {"tp": tp, "form": form, "r": _row_for(access, tp.pk) if inline else None},
        status=400 if form.errors and not inline else 200,
    )


def _list_url(access: Access) -> str:
    from django.urls import reverse

    return reverse("priorities:list", args=[access.workspace.slug])
