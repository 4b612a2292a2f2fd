from __future__ import annotations

import functools
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.inventory import choices as c
from touchpoints.inventory import selectors, services
from touchpoints.inventory.columns import COLUMN_HELP, export_table, template_table
from touchpoints.inventory.forms import BulkEditForm, ImportForm, TouchpointForm
from touchpoints.inventory.importing import import_touchpoints
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.presentation import labels, plain_fields, touchpoint_rows
from touchpoints.inventory.tabular import read_rows
from touchpoints.lib import freshness
from touchpoints.lib.exporting import download
from touchpoints.lib.exporting import render as render_table
from touchpoints.lib.forms import add_service_errors, error_message
from touchpoints.lib.http import int_param
from touchpoints.lib.i18n import grouped
from touchpoints.lib.uploads import read_limited, sniff_table_format
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.models import Workspace
from touchpoints.workspaces.roles import Capability

PAGE_SIZE = 100


def _list_context(request: HttpRequest, access: Access) -> dict:
    """The page's context. Everything but the bulk-edit form is shown in fragments cached under
    ``cache_key`` (the workspace's inventory version, language, role and query), so the rest is
    lazy: built only when a fragment is not in the cache (or when something else reads it)."""
    workspace = access.workspace
    build = functools.cache(partial(_list_data, request, access))
    context: dict[str, Any] = {name: SimpleLazyObject(partial(_item, build, name)) for name in _LIST_DATA}
    query = request.GET.copy()
    query.pop("page", None)
    bulk = functools.cache(lambda: BulkEditForm(brands=workspace.brands.all()))
    context.update(
        query=query.urlencode(),
        bulk_fields=SimpleLazyObject(lambda: plain_fields(bulk())),
        cache_key=":".join(
            (
                freshness.version(workspace, freshness.INVENTORY),
                workspace.slug,
                get_language() or "",
                "edit" if access.can_edit else "read",
                request.GET.urlencode(),
            )
        ),
        cache_timeout=freshness.TIMEOUTS[freshness.INVENTORY],
        stage_choices=c.Stage.choices,
        area_choices=c.Area.choices,
        channel_labels=dict(c.Channel.choices),
        status_labels=dict(c.PresenceStatus.choices),
        # Arrived to give touchpoints a status (the home's classify step): the bulk edit's status
        # fields on their own above the table.
        status_fields=plain_fields(bulk(), skip=[n for n in bulk().fields if n not in STATUS_FIELDS])
        if access.can_edit and request.GET.getlist("status") == [c.PresenceStatus.UNKNOWN]
        else [],
    )
    return context


STATUS_FIELDS = ("status", "status_brand")
_LIST_DATA = ("filterset", "filters", "rows", "page", "brands", "coverage")


def _item(build: Callable[[], dict[str, Any]], name: str) -> Any:
    return build()[name]


def _list_data(request: HttpRequest, access: Access) -> dict[str, Any]:
    workspace = access.workspace
    filterset = selectors.touchpoint_filter(workspace=workspace, data=request.GET)
    qs = filterset.qs if filterset.is_valid() else selectors.touchpoint_queryset(workspace=workspace).none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    brands = list(workspace.brands.all())
    whole = freshness.cached(
        workspace,
        freshness.INVENTORY,
        {
            "coverage": lambda: selectors.inventory_coverage(workspace=workspace),
            "parents": lambda: _parent_choices(workspace),
        },
    )
    return {
        "filterset": filterset,
        "filters": _with_parent_picker(plain_fields(filterset.form, skip=("q",)), whole["parents"]),
        "rows": touchpoint_rows(page.object_list, brands, slug=workspace.slug),
        "page": page,
        "brands": brands,
        "coverage": whole["coverage"],
    }


def _parent_choices(workspace: Workspace) -> list[tuple[str, str]]:
    parents = (
        Touchpoint.objects.filter(workspace=workspace, children__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")[:1000]
    )
    return [(str(pk), name) for pk, name in parents]


def _with_parent_picker(fields: list, parents: list[tuple[str, str]]) -> list:
    """The parent filter takes an id; people pick the parent by name among touchpoints that have
    children (the id stays the query parameter, so links and the API keep working)."""
    for f in fields:
        if f.name == "parent":
            f.kind = "select"
            f.choices = parents
            f.selected = [f.value] if f.value else []
    return fields


@workspace_view()
def touchpoint_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "inventory/list.html", _list_context(request, access))


@workspace_view()
def touchpoint_tree(request: HttpRequest, access: Access) -> HttpResponse:
    parent = request.GET.get("parent")
    rows = selectors.touchpoint_tree_rows(workspace=access.workspace, parent_id=int_param(parent))
    context = {"rows": rows, "labels": labels()}
    if parent:  # HTMX: one branch opened
        return render(request, "inventory/_tree_rows.html", context)
    return render(request, "inventory/tree.html", context)


@workspace_view()
def touchpoint_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    tp = get_object_or_404(selectors.touchpoint_queryset(workspace=access.workspace), pk=pk)
    children = tp.children.all()
    status = selectors.presence_map(tp)
    presence_rows = [(b, status.get(b.pk, c.PresenceStatus.UNKNOWN)) for b in access.workspace.brands.all()]
    return render(request, "inventory/detail.html", {"tp": tp, "children": children, "presence_rows": presence_rows})


@workspace_view(Capability.EDIT)
def touchpoint_edit(request: HttpRequest, access: Access, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(Touchpoint, workspace=access.workspace, pk=pk) if pk else None
    initial = {}
    if instance is None and request.GET.get("parent"):
        initial["parent"] = request.GET.get("parent")
    form = TouchpointForm(request.POST or None, instance=instance, workspace=access.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            if instance is None:
                tp = services.touchpoint_create(workspace=access.workspace, created_by=request.user, **data)
            else:
                fresh = Touchpoint.objects.get(pk=instance.pk)
                tp = services.touchpoint_update(touchpoint=fresh, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": tp.name})
            return redirect("inventory:detail", slug=access.workspace.slug, pk=tp.pk)
    return render(request, "inventory/form.html", {"form": form, "tp": instance})


@workspace_view(Capability.EDIT)
def touchpoint_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    tp = get_object_or_404(Touchpoint, workspace=access.workspace, pk=pk)
    nested = len(services.touchpoint_descendant_ids(touchpoint=tp))
    if request.method == "POST":
        count = services.touchpoint_delete(touchpoint=tp)
        messages.success(
            request, ngettext("Deleted %(n)s touchpoint.", "Deleted %(n)s touchpoints.", count) % {"n": grouped(count)}
        )
        return redirect("inventory:list", slug=access.workspace.slug)
    impact = selectors.touchpoint_delete_impact(touchpoint=tp)
    return render(request, "inventory/delete.html", {"tp": tp, "nested": nested, "impact": impact})


# Inline edit of one row (HTMX): the row, its edit form, and the save.
@workspace_view()
def touchpoint_row(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    tp = get_object_or_404(selectors.touchpoint_queryset(workspace=access.workspace), pk=pk)
    return render(
        request,
        "inventory/_row.html",
        {"row": touchpoint_rows([tp], list(access.workspace.brands.all()), slug=access.workspace.slug)[0]},
    )


@workspace_view(Capability.EDIT)
def touchpoint_row_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    tp = get_object_or_404(selectors.touchpoint_queryset(workspace=access.workspace), pk=pk)
    brands = list(access.workspace.brands.all())
    errors: list[str] = []
    if request.method == "POST":
        fields: dict[str, Any] = {axis: request.POST.get(axis, "") for axis in c.SINGLE_AXES}
        fields["stages"] = request.POST.getlist("stages")
        fields["name"] = request.POST.get("name", tp.name)
        fields["owner_unit"] = request.POST.get("owner_unit", "")
        presence = {b.pk: request.POST.get(f"presence_{b.pk}", "") for b in brands}
        presence = {k: v for k, v in presence.items() if v}
        try:
            services.touchpoint_update(touchpoint=Touchpoint.objects.get(pk=tp.pk), presence=presence, **fields)
        except ValidationError as exc:
            errors = [m for m in exc.messages]
        else:
            tp = selectors.touchpoint_get(workspace=access.workspace, pk=tp.pk)
            return render(
                request, "inventory/_row.html", {"row": touchpoint_rows([tp], brands, slug=access.workspace.slug)[0]}
            )
    return render(
        request,
        "inventory/_row_edit.html",
        {
            "tp": tp,
            "brands": brands,
            "errors": errors,
            "presence_rows": [(b, selectors.presence_map(tp).get(b.pk, c.PresenceStatus.UNKNOWN)) for b in brands],
            "axes": [(axis, cls.choices, getattr(tp, axis)) for axis, cls in c.SINGLE_AXES.items()],
            "stage_choices": c.Stage.choices,
            "status_choices": c.PresenceStatus.choices,
        },
        status=400 if errors else 200,
    )


@require_POST
@workspace_view(Capability.EDIT)
def touchpoint_bulk(request: HttpRequest, access: Access) -> HttpResponse:
    form = BulkEditForm(request.POST, brands=access.workspace.brands.all())
    back = request.POST.get("next") or ""
    if form.is_valid():
        brand_id = form.status_brand_id(selectors.own_brand(workspace=access.workspace))
        status = form.cleaned_data.get("status")
        try:
            n = services.touchpoint_bulk_update(
                workspace=access.workspace,
                ids=form.cleaned_data["ids"],
                changes=form.changes(),
                **form.additions(),
                presence={brand_id: status} if (brand_id and status) else None,
            )
        except ValidationError as exc:
            error_message(request, exc)
        else:
            messages.success(
                request, ngettext("Updated %(n)s touchpoint.", "Updated %(n)s touchpoints.", n) % {"n": grouped(n)}
            )
    else:
        error_message(request, form)
    url = f"{request.path.rsplit('bulk/', 1)[0]}"
    return redirect(url + ("?" + back if back else ""))


@workspace_view()
def touchpoint_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    filterset = selectors.touchpoint_filter(workspace=access.workspace, data=request.GET)
    qs = filterset.qs if filterset.is_valid() else Touchpoint.objects.none()
    table = export_table(access.workspace, qs)
    return download(render_table(table, fmt), f"touchpoints-{access.workspace.slug}.{fmt}", fmt)


@workspace_view()
def import_template(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    return download(render_table(template_table(access.workspace), fmt), f"touchpoints-template.{fmt}", fmt)


@workspace_view(Capability.EDIT)
def touchpoint_import(request: HttpRequest, access: Access) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    faults = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = read_limited(upload)
            fmt = sniff_table_format(data)
            header, rows = read_rows(data, fmt)
        except ValidationError as exc:
            form.add_error("file", exc)
        except Exception:  # a malformed workbook
            form.add_error("file", _("The file could not be read as CSV or Excel."))
        else:
            result = import_touchpoints(workspace=access.workspace, header=header, rows=rows, created_by=request.user)
            if result.ok:
                messages.success(
                    request, _("Imported: %(c)s created, %(u)s updated.") % {"c": result.created, "u": result.updated}
                )
                return redirect("inventory:list", slug=access.workspace.slug)
            faults = result.faults
    return render(
        request,
        "inventory/import.html",
        {
            "form": form,
            "faults": faults[:200],
            "fault_count": len(faults),
            "column_help": COLUMN_HELP.items(),
        },
        status=400 if (faults or form.errors) else 200,
    )
