"""Journey analytics pages: bring a log (upload, map, run), follow its progress, read the
results, export them, add unmatched channels to the inventory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from touchpoints.analytics import charts, report, selectors, services, tasks
from touchpoints.analytics.choices import LogFormat
from touchpoints.analytics.exports import export_response
from touchpoints.analytics.forms import CandidatesForm, MappingForm, RerunForm, UploadForm
from touchpoints.analytics.logfiles import cli_command, format_from_name, guess_mapping
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.uploads import (
    LimitedUploadHandler,
    UploadTooLarge,
    guard_request,
    human_size,
    kept_path,
    max_upload_bytes,
    stage_upload,
    staged_discard,
    staged_get,
    staged_preview,
)
from touchpoints.lib.charts import chart_html
from touchpoints.lib.forms import add_service_errors, counts_message, error_message
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability

# What adding a log's unmatched channels to the inventory did (touchpoints.lib.forms.counts_message).
CANDIDATES_ADDED = ngettext_lazy(
    "Added %(n)s touchpoint to the inventory, noted as found in this log.",
    "Added %(n)s touchpoints to the inventory, noted as found in this log.",
    "n",
)
CANDIDATES_LINKED = ngettext_lazy(
    "%(n)s channel matched a touchpoint already there and was linked to it.",
    "%(n)s channels matched touchpoints already there and were linked to them.",
    "n",
)


def _too_big_message(size: int | str | None) -> str:
    limit = human_size(max_upload_bytes())
    if size:
        return _(
            "This log (%(size)s) is larger than the %(limit)s the page accepts. Analyse it with the command "
            "line instead; the result is kept with this workspace:"
        ) % {"size": size if isinstance(size, str) else human_size(size), "limit": limit}
    return _(
        "This log is larger than the %(limit)s the page accepts. Analyse it with the command line instead; "
        "the result is kept with this workspace:"
    ) % {"limit": limit}


def _home_context(access: Access, **extra: Any) -> dict[str, Any]:
    return {
        "runs": selectors.run_list(workspace=access.workspace),
        "form": extra.pop("form", None) or (UploadForm() if access.can_edit else None),
        "limit": human_size(max_upload_bytes()),
        "command": cli_command(slug=access.workspace.slug),
        # For the browser's own check of the chosen file's size (analytics.js), before any upload.
        "too_big_message": _too_big_message("__SIZE__"),
        "command_template": cli_command(slug=access.workspace.slug, source_name="__NAME__"),
        **extra,
    }


@workspace_view()
def home(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "analytics/home.html", _home_context(access))


def _refuse_oversized(request: HttpRequest, access: Access, size: int | None, name: str | None = None) -> HttpResponse:
    """A log too big for the page: nothing read further, nothing stored, the command to use instead."""
    context = _home_context(
        access,
        refusal={
            "message": _too_big_message(size),
            "command": cli_command(slug=access.workspace.slug, source_name=name),
        },
    )
    return render(request, "analytics/home.html", context, status=413)


@csrf_exempt
@workspace_view(Capability.EDIT)
def log_upload(request: HttpRequest, access: Access) -> HttpResponse:
    """Checks the size before the body is read (CSRF is checked right after, in ``_log_upload``)."""
    if request.method != "POST":
        return redirect("analytics:home", slug=access.workspace.slug)
    try:
        handler = guard_request(request)
    except UploadTooLarge as exc:
        return _refuse_oversized(request, access, exc.size)
    request.POST  # noqa: B018 — parse the body now, through the limiting handler
    if handler.too_large:
        return _refuse_oversized(request, access, None)
    return _log_upload(request, access, handler)


@csrf_protect
def _log_upload(request: HttpRequest, access: Access, handler: LimitedUploadHandler) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            staged = stage_upload(form.cleaned_data["file"], workspace_id=access.workspace.pk, user_id=request.user.pk)
        except UploadTooLarge as exc:
            return _refuse_oversized(request, access, exc.size, getattr(form.cleaned_data["file"], "name", None))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            try:
                staged_preview(staged)
            except ValidationError as exc:
                staged_discard(staged)
                add_service_errors(form, exc)
            else:
                return redirect("analytics:map", slug=access.workspace.slug, token=staged.token)
    return render(request, "analytics/home.html", _home_context(access, form=form), status=400)


@workspace_view(Capability.EDIT)
def log_map(request: HttpRequest, access: Access, token: str) -> HttpResponse:
    try:
        staged = staged_get(token, workspace_id=access.workspace.pk)
    except ValidationError as exc:
        error_message(request, exc)
        return redirect("analytics:home", slug=access.workspace.slug)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        staged_discard(staged)
        return redirect("analytics:home", slug=access.workspace.slug)
    try:
        preview = staged_preview(staged)
    except ValidationError as exc:
        staged_discard(staged)
        error_message(request, exc)
        return redirect("analytics:home", slug=access.workspace.slug)
    guess = guess_mapping(preview.columns)
    initial = {"token": staged.token, "name": staged.name, "by_segment": bool(guess.get("segment"))}
    form = MappingForm(request.POST or None, columns=preview.names, guess=guess, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["token"] != staged.token:
            raise Http404
        try:
            run = services.run_start(
                workspace=access.workspace,
                staged=staged,
                columns=form.columns(),
                created_by=request.user,
                name=form.cleaned_data.get("name") or "",
                engine=form.cleaned_data.get("engine") or "duckdb",
                options=form.options(),
                filters=form.filters(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            tasks.run_enqueue(run)
            return redirect("analytics:run", slug=access.workspace.slug, pk=run.pk)
    named = format_from_name(staged.name)
    return render(
        request,
        "analytics/map.html",
        {
            "form": form,
            "staged": staged,
            "preview": preview,
            "size": human_size(staged.size),
            "format_label": LogFormat(staged.format).label,
            "name_differs": named is not None and named != staged.format,
            "command": cli_command(
                slug=access.workspace.slug,
                source_name=staged.name,
                columns=form.columns() if form.is_bound and form.is_valid() else guess,
            ),
        },
        status=400 if form.errors else 200,
    )


# ---- a run ---------------------------------------------------------------------------------


def _run(access: Access, pk: int, *, with_result: bool = True) -> AnalysisRun:
    return selectors.run_get(workspace=access.workspace, pk=pk, with_result=with_result)


@workspace_view()
def run_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    run = _run(access, pk)
    context: dict[str, Any] = {
        "run": run,
        "command": cli_command(slug=access.workspace.slug, source_name=run.source_name, columns=run.columns),
    }
    if run.status == "done" and run.result:
        segment = request.GET.get("segment", "")
        part = report.segment_part(run.result, segment)
        if part is None:
            raise Http404
        context.update(_results_context(request, access, run, part, segment))
    return render(request, "analytics/run.html", context)


def _results_context(request: HttpRequest, access: Access, run: AnalysisRun, part: Any, segment: str) -> dict[str, Any]:
    result = run.result or {}
    matching = result.get("matching") or {}
    matched_ids = {m["channel"]: m["touchpoint_id"] for m in matching.get("matched", [])}
    names = selectors.touchpoint_names(workspace=access.workspace, ids=list(matched_ids.values()))
    matrix = report.attribution_matrix(part, matched_ids)
    summary = part.get("summary") or {}
    labels = report.channel_labels(result, names)
    svg, graph = report.dfg_svg(part, matched_ids.keys(), labels)
    ttc = report.time_to_conversion(part)
    matches = report.matching_rows(result, names)
    can_rerun = access.can_edit and kept_path(run.log_file) is not None
    rerun_form = None
    if can_rerun:
        f = run.filters or {}
        rerun_form = RerunForm(
            segment_values=run.segment_values,
            initial={"segments": f.get("segments") or [], "since": f.get("since"), "until": f.get("until")},
        )
    return {
        "segment": segment,
        "segments": report.segment_names(result),
        "part": part,
        "summary": summary,
        "matrix": matrix,
        "models": report.models_info(part),
        "attribution_chart": chart_html(charts.attribution_spec(matrix), "attribution-chart", height=360)
        if matrix["rows"]
        else "",
        "path_length_chart": chart_html(charts.path_length_spec(part), "path-length-chart", height=220),
        "ttc_chart": chart_html(charts.time_to_conversion_spec(ttc["histogram"]), "ttc-chart", height=220)
        if ttc["conversions"]
        else "",
        "ttc": ttc,
        "dfg_svg": svg,
        "dfg": graph,
        "transitions": report.transition_rows(part, graph, labels),
        "variants": report.variant_rows(part),
        "variant_total": len(part.get("variants", [])),
        "starts": report.endpoint_rows(part.get("start_touchpoints", []), float(summary.get("journeys") or 0)),
        "ends": report.endpoint_rows(part.get("end_touchpoints", []), float(summary.get("journeys") or 0)),
        "drop_offs": report.drop_off_rows(part),
        "matches": matches,
        "candidates_form": CandidatesForm(candidates=[c["channel"] for c in matches["candidates"]])
        if access.can_edit and matches["candidates"]
        else None,
        "touchpoint_names": names,
        "rerun_form": rerun_form,
        "exports": [
            ("attribution", _("Attribution")),
            ("variants", _("Variants")),
            ("transitions", _("Transitions")),
            ("channels", _("Channels")),
        ],
        "duration": report.duration,
        "confidence": (run.options or {}).get("confidence") or (run.options or {}).get("confidence_level") or 0.95,
    }


@workspace_view()
def run_progress(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """Polled by the page every second while the run is queued or running; once it ends the page
    reloads to show the results (or the error)."""
    run = _run(access, pk, with_result=False)
    if not request.headers.get("HX-Request"):
        return redirect("analytics:run", slug=access.workspace.slug, pk=run.pk)
    response = render(request, "analytics/_progress.html", {"run": run})
    if not run.is_active:
        response["HX-Refresh"] = "true"
    return response


@workspace_view()
def run_export(request: HttpRequest, access: Access, pk: int, what: str, fmt: str) -> HttpResponse:
    run = _run(access, pk)
    return export_response(run, what, fmt, request.GET.get("segment", ""))


@require_POST
@workspace_view(Capability.EDIT)
def run_candidates(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    run = _run(access, pk)
    candidates = ((run.result or {}).get("matching") or {}).get("candidates") or []
    form = CandidatesForm(request.POST, candidates=candidates)
    url = reverse("analytics:run", kwargs={"slug": access.workspace.slug, "pk": run.pk}) + "#matching"
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect(url)
    try:
        added = services.candidates_add(run=run, channels=form.cleaned_data["channels"], created_by=request.user)
    except ValidationError as exc:
        error_message(request, exc)
    else:
        linked = len(form.cleaned_data["channels"]) - len(added)
        counts_message(request, (CANDIDATES_ADDED, len(added)), (CANDIDATES_LINKED, linked))
    return redirect(url)


@require_POST
@workspace_view(Capability.EDIT)
def run_rerun(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    run = _run(access, pk, with_result=False)
    form = RerunForm(request.POST, segment_values=run.segment_values)
    if form.is_valid():
        try:
            new = services.run_rerun(run=run, created_by=request.user, filters=form.filters())
        except ValidationError as exc:
            error_message(request, exc)
        else:
            tasks.run_enqueue(new)
            return redirect("analytics:run", slug=access.workspace.slug, pk=new.pk)
    else:
        _flash_errors(request, form)
    return redirect("analytics:run", slug=access.workspace.slug, pk=run.pk)


@require_POST
@workspace_view(Capability.EDIT)
def run_cancel(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    def done(run: AnalysisRun) -> None:
        if run.status == "cancelled":
            messages.success(request, _("The analysis was cancelled."))
        else:
            messages.info(request, _("The analysis stops after its current step."))

    return _run_change(request, access, pk, services.run_cancel, done)


@require_POST
@workspace_view(Capability.EDIT)
def run_retry(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _run_change(request, access, pk, services.run_retry, tasks.run_enqueue)


def _run_change(
    request: HttpRequest,
    access: Access,
    pk: int,
    change: Callable[..., AnalysisRun],
    done: Callable[[AnalysisRun], object],
) -> HttpResponse:
    """Cancel or retry from the run page: the service's refusal goes to the messages, and back."""
    run = _run(access, pk, with_result=False)
    try:
        run = change(run=run)
    except ValidationError as exc:
        error_message(request, exc)
    else:
        done(run)
    return redirect("analytics:run", slug=access.workspace.slug, pk=run.pk)


def _flash_errors(request: HttpRequest, form: Any) -> None:
    """A form posted from the run page has no page of its own: its errors go to the messages."""
    for error in (e for errors in form.errors.values() for e in errors):
        messages.error(request, error)


@workspace_view(Capability.EDIT)
def run_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    run = _run(access, pk, with_result=False)
    if request.method == "POST":
        services.run_delete(run=run)
        messages.success(request, _("Deleted the analysis “%(name)s”.") % {"name": run.name})
        return redirect("analytics:home", slug=access.workspace.slug)
    return render(request, "analytics/delete.html", {"run": run})
