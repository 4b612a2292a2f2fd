"""Pages of the action plan: the board, the list, the forms, calendar feeds and webhooks. Thin:
reads through ``selectors``, writes through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.actions import choices as c
from touchpoints.actions import mentions, selectors, services
from touchpoints.actions.forms import ActionForm, CommentEditForm, CommentForm, FeedForm, WebhookForm
from touchpoints.actions.models import Action, CalendarFeed, WebhookEndpoint
from touchpoints.lib.deletion import confirm_delete
from touchpoints.lib.forms import add_service_errors, error_message
from touchpoints.lib.http import int_param
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability
from touchpoints.workspaces.selectors import member_ids


def _common(access: Access, rows: list[selectors.ActionRow]) -> dict[str, Any]:
    return {"counts": selectors.counts(rows=rows), "statuses": c.Status.choices, "today": timezone.localdate()}


@workspace_view()
def action_board(request: HttpRequest, access: Access) -> HttpResponse:
    rows = selectors.action_rows(workspace=access.workspace, today=timezone.localdate(), measure=True)
    return render(request, "actions/board.html", {**_common(access, rows), "columns": selectors.board(rows=rows)})


@workspace_view()
def action_list(request: HttpRequest, access: Access) -> HttpResponse:
    filters = selectors.Filters.from_query(request.GET)
    today = timezone.localdate()
    rows = selectors.action_rows(workspace=access.workspace, today=today, filters=filters, measure=True)
    users, units = selectors.owner_choices(workspace=access.workspace)
    return render(
        request,
        "actions/list.html",
        {
            **_common(access, rows),
            "rows": rows,
            "filters": filters,
            "users": users,
            "units": units,
            "touchpoints": selectors.touchpoint_filter_choices(workspace=access.workspace),
        },
    )


@workspace_view()
def action_mine(request: HttpRequest, access: Access) -> HttpResponse:
    """For the member reading it: the open actions they own, and what others wrote for them."""
    user = request.user
    filters = selectors.Filters(owner=f"u{user.pk}")
    rows = selectors.action_rows(workspace=access.workspace, today=timezone.localdate(), filters=filters)
    open_rows = [r for r in rows if r.action.is_open]
    names = selectors.member_names(workspace_id=access.workspace.pk)
    comments = [
        (item, mentions.parts(item.comment.body, names))
        for item in selectors.comments_for(workspace=access.workspace, user=user)
    ]
    return render(
        request,
        "actions/mine.html",
        {
            **_common(access, rows),
            "rows": open_rows,
            "done": len(rows) - len(open_rows),
            "owner_filter": filters.owner,
            "comments": comments,
        },
    )


def _detail_page(
    request: HttpRequest,
    access: Access,
    action: Any,
    form: CommentForm,
    status: int = 200,
    editing: tuple[int, CommentEditForm] | None = None,
) -> HttpResponse:
    """The action's page; ``editing`` is (comment id, its form with errors) when a rewording was
    refused, so that comment's form shows open with the text kept."""
    row = selectors.action_row(workspace=access.workspace, action=action, today=timezone.localdate())
    names = selectors.member_names(workspace_id=access.workspace.pk)
    return render(
        request,
        "actions/detail.html",
        {
            "row": row,
            "action": action,
            "statuses": c.Status.choices,
            "comments": [
                {
                    "comment": comment,
                    "runs": mentions.parts(comment.body, names),
                    "removable": selectors.comment_removable(comment=comment, access=access),
                    "form": (
                        editing[1]
                        if editing and editing[0] == comment.pk
                        else CommentEditForm(initial={"body": comment.body}, prefix=f"c{comment.pk}")
                    )
                    if selectors.comment_editable(comment=comment, access=access)
                    else None,
                    "open": bool(editing and editing[0] == comment.pk),
                }
                for comment in selectors.comment_list(action=action)
            ],
            "comment_form": form,
        },
        status=status,
    )


@workspace_view()
def action_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _detail_page(request, access, selectors.action_get(workspace=access.workspace, pk=pk), CommentForm())


@require_POST
@workspace_view(Capability.EDIT)
def comment_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """A comment from the action's page; on a fault the page again, the text kept, the fault on
    the field."""
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(action=action, author=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Comment added."))
            return redirect(reverse("actions:detail", args=[access.workspace.slug, action.pk]) + "#comments")
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _detail_page(request, access, action, form, status=400)


@require_POST
@workspace_view(Capability.EDIT)
def comment_edit(request: HttpRequest, access: Access, pk: int, comment_id: int) -> HttpResponse:
    """Its author rewords a comment from the action's page; a fault shows that comment's form open
    with the text kept."""
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    comment = selectors.comment_get(action=action, pk=comment_id)
    if not selectors.comment_editable(comment=comment, access=access):
        raise PermissionDenied
    form = CommentEditForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            services.comment_edit(comment=comment, access=access, body=form.cleaned_data["body"])
            messages.success(request, _("Comment saved."))
            return redirect(
                reverse("actions:detail", args=[access.workspace.slug, action.pk]) + f"#comment-{comment.pk}"
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _detail_page(request, access, action, CommentForm(), status=400, editing=(comment.pk, form))


@require_POST
@workspace_view(Capability.EDIT)
def comment_delete(request: HttpRequest, access: Access, pk: int, comment_id: int) -> HttpResponse:
    """Its author removes a comment, or an owner of the workspace does."""
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    services.comment_delete(comment=selectors.comment_get(action=action, pk=comment_id), access=access)
    messages.success(request, _("Comment removed."))
    return redirect(reverse("actions:detail", args=[access.workspace.slug, action.pk]) + "#comments")


def _form_page(request: HttpRequest, access: Access, action: Any = None) -> HttpResponse:
    initial: dict[str, Any] = (
        ActionForm.initial_from(action)
        if action
        else {
            "status": c.Status.PLANNED,
            # Another page may start the action: a customer's comment gives its title and description.
            "title": request.GET.get("title", "")[: Action.TITLE_MAX_LENGTH],
            "description": request.GET.get("description", "")[: Action.DESCRIPTION_MAX_LENGTH],
            "touchpoint": request.GET.get("touchpoint") or None,
            "journey": request.GET.get("journey") or None,
            "priority": request.GET.get("priority") or None,
            "owner_user": access.membership.user_id,
        }
    )
    form = ActionForm(request.POST or None, workspace=access.workspace, action=action, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if action is None:
                fields = form.service_fields()
                action = services.action_create(workspace=access.workspace, created_by=request.user, **fields)
                messages.success(request, _("Action “%(title)s” added to the plan.") % {"title": action.title})
            else:
                action = services.action_update(action=action, **form.service_fields())
                messages.success(request, _("Action saved."))
            return redirect("actions:board", access.workspace.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    owner_left = bool(
        action and action.owner_user_id and action.owner_user_id not in member_ids(workspace=access.workspace)
    )
    return render(
        request,
        "actions/form.html",
        {"form": form, "action": action, "units": form.units, "owner_left": owner_left},
        status=400 if request.method == "POST" else 200,
    )


@workspace_view(Capability.EDIT)
def action_create(request: HttpRequest, access: Access) -> HttpResponse:
    return _form_page(request, access)


@workspace_view(Capability.EDIT)
def action_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _form_page(request, access, selectors.action_get(workspace=access.workspace, pk=pk))


@require_POST
@workspace_view(Capability.EDIT)
def action_status(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """Moves a card: a plain form post (buttons, no JavaScript) or a drag-and-drop fetch (JSON)."""
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        action = services.action_set_status(action=action, status=request.POST.get("status", ""))
    except ValidationError as exc:
        if wants_json:
            return JsonResponse({"detail": _("Invalid input."), "errors": exc.message_dict}, status=400)
        error_message(request, exc)
        return redirect("actions:board", access.workspace.slug)
    if wants_json:
        return JsonResponse({"id": action.pk, "status": action.status, "label": action.get_status_display()})
    messages.success(
        request, _("“%(title)s” is now: %(status)s.") % {"title": action.title, "status": action.get_status_display()}
    )
    back = request.POST.get("next", "")
    if back.startswith(f"/w/{access.workspace.slug}/actions/"):
        return redirect(back)
    return redirect("actions:board", access.workspace.slug)


@workspace_view(Capability.EDIT)
def action_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    message = _("Action deleted.")
    return confirm_delete(
        request, action, slug=access.workspace.slug, delete=services.action_delete, message=message, after="board"
    )


# ---- calendar feeds ------------------------------------------------------------------------


@workspace_view(personal=True)
def feeds(request: HttpRequest, access: Access) -> HttpResponse:
    form = FeedForm(request.POST or None)
    new_url = ""
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"]
        _feed, raw = services.feed_create(
            workspace=access.workspace, user=request.user, scope=scope, name=form.cleaned_data["name"]
        )
        new_url = request.build_absolute_uri(reverse("actions_feed", args=[raw]))
        form = FeedForm()
    return render(
        request,
        "actions/feeds.html",
        {
            "form": form,
            "new_url": new_url,
            "feeds": selectors.feeds_for(workspace=access.workspace, user=request.user, manage=access.can_manage),
        },
    )


@require_POST
@workspace_view(personal=True)
def feed_revoke(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed, pk=pk, workspace=access.workspace)
    if feed.user_id != request.user.pk and not access.can_manage:
        raise PermissionDenied
    services.feed_revoke(feed=feed)
    messages.success(request, _("The calendar address is revoked: calendars using it get nothing from now on."))
    return redirect("actions:feeds", access.workspace.slug)


def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar itself, at its secret address (no login: calendar apps cannot log in)."""
    from touchpoints.actions.calendar import render_calendar

    feed = selectors.feed_by_token(token=token)
    if feed is None:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    response = HttpResponse(
        render_calendar(feed=feed, actions=selectors.feed_actions(feed=feed), base_url=request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# ---- webhooks ------------------------------------------------------------------------------


@workspace_view(Capability.MANAGE)
def webhooks(request: HttpRequest, access: Access) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.webhook_create(workspace=access.workspace, created_by=request.user, **form.cleaned_data)
            messages.success(request, _("Webhook added. Action changes are sent to it from now on."))
            return redirect("actions:webhooks", access.workspace.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    endpoint = request.GET.get("endpoint", "")
    return render(
        request,
        "actions/webhooks.html",
        {
            "form": form,
            "endpoints": selectors.webhook_list(workspace=access.workspace),
            "deliveries": selectors.delivery_log(workspace=access.workspace, endpoint_id=int_param(endpoint)),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@workspace_view(Capability.MANAGE)
def webhook_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk, workspace=access.workspace)
    services.webhook_delete(endpoint=endpoint)
    messages.success(request, _("Webhook removed."))
    return redirect("actions:webhooks", access.workspace.slug)
