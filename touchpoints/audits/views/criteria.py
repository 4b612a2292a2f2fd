"""Criteria pages: the workspace's criteria by kind, one criterion's edit and delete, and the
checklist of one touchpoint."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.audits import selectors, services
from touchpoints.audits.forms import CriterionForm
from touchpoints.audits.models import Criterion
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.forms import add_service_errors, attempted, error_message, saved
from touchpoints.lib.http import int_param, int_params
from touchpoints.workspaces.access import Access, posts_change, workspace_view
from touchpoints.workspaces.roles import Capability


def _criteria_url(access: Access, crit: Criterion) -> str:
    return reverse("audits:criteria", kwargs={"slug": access.workspace.slug}) + f"#kind-{crit.kind}"


@workspace_view()
def criteria_list(request: HttpRequest, access: Access) -> HttpResponse:
    if access.can_edit:
        services.criteria_sync(workspace=access.workspace)
    form = CriterionForm(request.POST or None, initial={"weight": 1, "active": True})
    if posts_change(request, access):
        crit = saved(
            form,
            lambda data: services.criterion_create(
                workspace=access.workspace, **{k: data[k] for k in ("kind", "name", "description", "weight", "active")}
            ),
        )
        if crit is not None:
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
    attempted(request, lambda: services.criterion_delete(criterion=crit), lambda _r: _("Deleted the criterion."))
    return redirect("audits:criteria", slug=access.workspace.slug)


@workspace_view()
def touchpoint_criteria_pick(request: HttpRequest, access: Access) -> HttpResponse:
    """The touchpoint picker of the criteria page: on to that touchpoint's checklist."""
    tp_id = int_param(request.GET.get("touchpoint"))
    if tp_id is None:
        return redirect("audits:criteria", slug=access.workspace.slug)
    tp = get_object_or_404(Touchpoint, workspace=access.workspace, pk=tp_id)
    return redirect("audits:touchpoint_criteria", slug=access.workspace.slug, tp_id=tp.pk)


@workspace_view()
def touchpoint_criteria(request: HttpRequest, access: Access, tp_id: int) -> HttpResponse:
    tp = get_object_or_404(Touchpoint.objects.select_related("template__kind"), workspace=access.workspace, pk=tp_id)
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        ids = [] if "reset" in request.POST else request.POST.getlist("criteria")
        try:
            services.touchpoint_criteria_set(touchpoint=tp, criteria=int_params(ids))
        except ValidationError as exc:
            error_message(request, exc)
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
