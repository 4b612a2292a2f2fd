"""Pages for the team: studies (set-up, links and QR codes, diary links) and their results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from touchpoints.feedback import choices as c
from touchpoints.feedback import links, selectors, services
from touchpoints.feedback.forms import DiaryLinksForm, StudyForm
from touchpoints.feedback.models import Study
from touchpoints.journeys.selectors import journey_choices, journey_touchpoint_ids
from touchpoints.lib.forms import saved
from touchpoints.lib.http import int_param
from touchpoints.lib.i18n import current_language
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.alert_pages import alert_card, alert_posted
from touchpoints.workspaces.roles import Capability


def _study(access: Access, pk: int) -> Study:
    return selectors.study_get(access=access, pk=pk)


@workspace_view()
def study_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "feedback/list.html", {"studies": selectors.study_list(access=access)})


def _save_study(request: HttpRequest, access: Access, study: Study | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if study is None:
        initial = {
            "languages": ["en", "ru", "es"],
            "ask_comment": True,
            "brands": list(access.workspace.brands.values_list("pk", flat=True)),
            "opens_at": timezone.localtime().replace(second=0, microsecond=0),
        }
        # "Ask customers about this journey" from a journey's map: its touchpoints, in its order.
        journey = int_param(request.GET.get("journey"))
        walked = journey_touchpoint_ids(workspace=access.workspace, journey_id=journey) if journey is not None else None
        if walked is not None:
            initial["name"], initial["touchpoints"] = walked
    form = StudyForm(request.POST or None, instance=study, workspace=access.workspace, initial=initial)

    def save(_data: object) -> Study:
        if study is None:
            return services.study_create(workspace=access.workspace, **form.service_kwargs())
        return services.study_update(study=Study.objects.get(pk=study.pk), **form.service_kwargs())

    done = saved(form, save)
    if done is not None:
        messages.success(request, _("Saved. Check the customer-facing labels, then open the study."))
        return redirect("feedback:detail", slug=access.workspace.slug, pk=done.pk)
    context = {
        "form": form,
        "study": study,
        "journeys": journey_choices(workspace=access.workspace) if study is None else [],
        "journey": request.GET.get("journey", ""),
    }
    return render(request, "feedback/form.html", context, status=400 if form.errors else 200)


@workspace_view(Capability.EDIT)
def study_create(request: HttpRequest, access: Access) -> HttpResponse:
    return _save_study(request, access, None)


@workspace_view(Capability.EDIT)
def study_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _save_study(request, access, _study(access, pk))


@workspace_view()
def study_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    study = _study(access, pk)
    entries = selectors.study_entries(study=study)
    brands = list(study.brands.order_by("-is_own", "name"))
    lang = current_language()
    rows = [
        (entry, [(b, links.deep_url(request, study, b.pk, entry.touchpoint_id)) for b in brands]) for entry in entries
    ]
    public = links.study_url(request, study)
    return render(
        request,
        "feedback/detail.html",
        {
            "study": study,
            "entries": entries,
            "brands": brands,
            "rows": rows,
            "public_url": public,
            "embed": links.embed_snippet(public, study.name),
            "lang": lang,
            "availability": study.availability(),
            "transitions": sorted(services.ALLOWED_TRANSITIONS[study.status]),
            "statuses": dict(c.StudyStatus.choices),
            "n_answers": study.responses.count(),
            "diary": [(r, links.diary_url(request, study, r.token)) for r in selectors.diary_respondents(study=study)]
            if access.can_edit
            else [],
            "diary_form": DiaryLinksForm(),
            **alert_card(choices=c.AlertKind.choices, kind=selectors.alert_kind(study=study, user=request.user)),
            "own_brands": [b for b in brands if b.is_own],
        },
    )


@require_POST
@workspace_view(Capability.EDIT)
def study_labels(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    study = _study(access, pk)
    labels = {}
    for entry in study.study_touchpoints.all():
        labels[entry.pk] = {
            f"label_{lang}": request.POST.get(f"label_{lang}_{entry.pk}", "")
            for lang in ("en", "ru", "es")
            if f"label_{lang}_{entry.pk}" in request.POST
        }
    services.study_labels_update(study=study, labels=labels)
    messages.success(request, _("Labels saved."))
    return redirect("feedback:detail", slug=access.workspace.slug, pk=study.pk)


@require_POST
@workspace_view(Capability.EDIT)
def study_status(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    study = _study(access, pk)
    try:
        services.study_set_status(study=study, status=request.POST.get("status", ""))
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for e in errors:
                messages.error(request, e)
    else:
        messages.success(request, _("The study is now “%(status)s”.") % {"status": study.get_status_display()})
    return redirect("feedback:detail", slug=access.workspace.slug, pk=study.pk)


@require_POST
@workspace_view(personal=True)
def study_alert(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """A member's own e-mail alert on the study (every member may have one, a viewer too)."""
    study = _study(access, pk)
    alert_posted(
        request,
        choices=c.AlertKind.choices,
        save=lambda kind: services.alert_set(study=study, user=request.user, kind=kind),
    )
    return redirect("feedback:detail", slug=access.workspace.slug, pk=study.pk)


@require_POST
@workspace_view(Capability.EDIT)
def diary_create(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    study = _study(access, pk)
    form = DiaryLinksForm(request.POST)
    if form.is_valid():
        made = services.diary_links_create(study=study, **form.cleaned_data)
        messages.success(
            request,
            ngettext("%(n)d personal diary link created.", "%(n)d personal diary links created.", len(made))
            % {"n": len(made)},
        )
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
    return redirect("feedback:detail", slug=access.workspace.slug, pk=study.pk)
