"""Pages of review requests under /w/<slug>/reviews/. Everyone in the workspace sees campaigns,
the funnel and the answers (anonymous); editors and owners set campaigns up, import and see
contacts (personal data), send, erase and edit the messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.lib.charts import chart_html
from touchpoints.lib.deletion import confirm_delete
from touchpoints.lib.exporting import download
from touchpoints.lib.exporting import render as render_table
from touchpoints.lib.forms import add_service_errors, error_message, saved
from touchpoints.lib.i18n import grouped
from touchpoints.lib.paging import render_page
from touchpoints.lib.uploads import read_limited
from touchpoints.lib.word_panel import word_panel
from touchpoints.reviews import choices as c
from touchpoints.reviews import exports, importing, selectors, services
from touchpoints.reviews.followup import follow_up_rows
from touchpoints.reviews.forms import AnswerFilterForm, CampaignForm, ImportForm, TemplateForm
from touchpoints.reviews.funnel import funnel_spec
from touchpoints.reviews.messages import VARIABLES, default_template, sms_segments
from touchpoints.reviews.models import Campaign, Contact, MessageTemplate
from touchpoints.reviews.tasks import kick
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.alert_pages import alert_card, alert_posted
from touchpoints.workspaces.roles import Capability

PAGE = 50


@workspace_view()
def campaign_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "reviews/list.html", {"campaigns": selectors.campaign_list(access=access)})


@workspace_view(Capability.EDIT)
def campaign_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    campaign = saved(
        form,
        lambda _: services.campaign_create(
            workspace=access.workspace, created_by=request.user, **form.service_kwargs()
        ),
    )
    if campaign is not None:
        messages.success(request, _("Campaign created. Import the contacts, then start sending."))
        return redirect("reviews:detail", slug=access.workspace.slug, pk=campaign.pk)
    return render(request, "reviews/form.html", {"form": form, "campaign": None}, status=400 if form.errors else 200)


@workspace_view(Capability.EDIT)
def campaign_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign)

    def save(_data: object) -> Campaign:
        # A fresh copy: the form has already written the new values into ``campaign``, and the
        # service compares them with the stored ones (a new delay reschedules contacts).
        return services.campaign_update(campaign=selectors.campaign_get(access=access, pk=pk), **form.service_kwargs())

    if saved(form, save) is not None:
        messages.success(request, _("Campaign saved."))
        return redirect("reviews:detail", slug=access.workspace.slug, pk=pk)
    return render(
        request, "reviews/form.html", {"form": form, "campaign": campaign}, status=400 if form.errors else 200
    )


@workspace_view()
def campaign_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    counts = selectors.campaign_counts(campaign)
    summary = selectors.answer_summary(campaign.answers.all())
    nps = None
    if summary["n"]:
        nps = round(100 * (summary["promoters"] - summary["detractors"]) / summary["n"])
    return render(
        request,
        "reviews/detail.html",
        {
            "campaign": campaign,
            "counts": counts,
            "stages": counts.stages(),
            "summary": summary,
            "nps": nps,
            "chart": chart_html(funnel_spec(counts), "review-funnel"),
            "personal": selectors.sees_personal_data(access),
            "recent": campaign.answers.all()[:5],
            **alert_card(choices=c.AlertKind.choices, kind=selectors.alert_kind(campaign=campaign, user=request.user)),
        },
    )


@require_POST
@workspace_view(personal=True)
def campaign_alert(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """A member's own e-mail alert on the campaign (every member may have one, a viewer too)."""
    campaign = selectors.campaign_get(access=access, pk=pk)
    alert_posted(
        request,
        choices=c.AlertKind.choices,
        save=lambda kind: services.alert_set(campaign=campaign, user=request.user, kind=kind),
    )
    return redirect("reviews:detail", access.workspace.slug, campaign.pk)


@workspace_view(Capability.EDIT)
@require_POST
def campaign_status(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    try:
        services.campaign_set_status(campaign=campaign, status=request.POST.get("status", ""))
    except ValidationError as exc:
        error_message(request, exc)
    else:
        if campaign.status == c.Status.ACTIVE:
            kick()
            messages.success(
                request, _("Sending: each contact gets the invitation when the delay after the visit is over.")
            )
        else:
            messages.success(request, _("Paused: nothing is sent until you resume."))
    return redirect("reviews:detail", slug=access.workspace.slug, pk=pk)


@workspace_view(Capability.EDIT)
@require_POST
def campaign_send(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """Sends what is due now (the background worker does the same on its own)."""
    campaign = selectors.campaign_get(access=access, pk=pk)
    if campaign.status != c.Status.ACTIVE:
        messages.error(request, _("Start the campaign first."))
    else:
        kick()
        messages.success(request, _("Sending the messages that are due."))
    return redirect("reviews:detail", slug=access.workspace.slug, pk=pk)


@workspace_view(Capability.EDIT)
def campaign_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    message = _("Campaign deleted with its contacts and answers.")
    return confirm_delete(
        request, campaign, slug=access.workspace.slug, delete=services.campaign_delete, message=message
    )


@workspace_view(Capability.EDIT)
def contacts_import(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    faults: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            header, rows = importing.read_upload(read_limited(form.cleaned_data["file"]))
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            created, fault_list = services.contacts_import(campaign=campaign, header=header, rows=rows)
            if not fault_list:
                if campaign.status == c.Status.ACTIVE:
                    kick()
                messages.success(request, _("%(n)s contacts imported.") % {"n": grouped(created)})
                return redirect("reviews:detail", slug=access.workspace.slug, pk=pk)
            faults = [str(f) for f in fault_list]
    return render(
        request,
        "reviews/import.html",
        {"campaign": campaign, "form": form, "faults": faults[:200], "more_faults": max(0, len(faults) - 200)},
        status=400 if form.errors or faults else 200,
    )


@workspace_view(Capability.EDIT)
def import_template(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    return download(render_table(importing.template_table(), fmt), f"contacts-template.{fmt}", fmt)


@workspace_view(Capability.EDIT)
def contact_list(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    q, state = request.GET.get("q", "").strip()[:100], request.GET.get("state", "")
    page = Paginator(selectors.contacts(campaign=campaign, q=q, state=state), PAGE).get_page(request.GET.get("page"))
    return render(request, "reviews/contacts.html", {"campaign": campaign, "page": page, "q": q, "state": state})


@workspace_view(Capability.EDIT)
@require_POST
def contact_erase(request: HttpRequest, access: Access, pk: int, contact_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    contact = get_object_or_404(Contact, campaign=campaign, pk=contact_id)
    services.contact_erase(contact=contact)
    messages.success(request, _("The contact's name, email and phone are deleted; their answer stays, anonymous."))
    return redirect("reviews:contacts", slug=access.workspace.slug, pk=pk)


@workspace_view(Capability.EDIT)
def contacts_export(request: HttpRequest, access: Access, pk: int, fmt: str) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    table = exports.contacts_table(selectors.contacts(campaign=campaign))
    return download(render_table(table, fmt), f"review-contacts-{campaign.pk}.{fmt}", fmt)


def _answer_filters(request: HttpRequest, campaign: Campaign) -> AnswerFilterForm:
    return AnswerFilterForm(
        request.GET or None,
        segments=selectors.facet_values(campaign, "segment"),
        visits=selectors.facet_values(campaign, "visit"),
    )


@workspace_view()
def answer_list(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    personal = selectors.sees_personal_data(access)
    form = _answer_filters(request, campaign)
    filters = form.filters()
    qs = selectors.answers(campaign=campaign, filters=filters, personal=personal)
    words = word_panel(
        request,
        selectors.answer_words(campaign=campaign, filters=filters),
        negative={"score_min": "", "score_max": str(c.DETRACTOR_MAX)},
        positive={"score_min": str(c.PROMOTER_MIN), "score_max": ""},
    )
    return render_page(
        request,
        "reviews/answers.html",
        qs,
        PAGE,
        {
            "campaign": campaign,
            "form": form,
            "personal": personal,
            "summary": selectors.answer_summary(qs),
            "words": words,
        },
        rows=lambda answers: follow_up_rows(answers, access=access),
    )


@workspace_view()
def answers_export(request: HttpRequest, access: Access, pk: int, fmt: str) -> HttpResponse:
    campaign = selectors.campaign_get(access=access, pk=pk)
    personal = selectors.sees_personal_data(access)
    qs = selectors.answers(campaign=campaign, filters=_answer_filters(request, campaign).filters(), personal=personal)
    return download(
        render_table(exports.answers_table(qs, personal=personal), fmt), f"review-answers-{campaign.pk}.{fmt}", fmt
    )


@workspace_view(Capability.EDIT)
def template_list(request: HttpRequest, access: Access) -> HttpResponse:
    saved = {(t.channel, t.language): t for t in MessageTemplate.objects.filter(workspace=access.workspace)}
    items = []
    for channel, channel_label in c.MessageChannel.choices:
        for lang, lang_label in c.Language.choices:
            t = saved.get((channel, lang))
            subject, body = (t.subject, t.body) if t else default_template(channel, lang)
            items.append(
                {
                    "channel": channel,
                    "channel_label": channel_label,
                    "language": lang,
                    "language_label": lang_label,
                    "custom": t is not None,
                    "subject": subject,
                    "body": body,
                }
            )
    return render(request, "reviews/templates.html", {"items": items, "variables": VARIABLES})


@workspace_view(Capability.EDIT)
def template_edit(request: HttpRequest, access: Access, channel: str, language: str) -> HttpResponse:
    if channel not in c.MessageChannel.values or language not in c.LANGUAGES:
        raise Http404
    saved = MessageTemplate.objects.filter(workspace=access.workspace, channel=channel, language=language).first()
    subject, body = (saved.subject, saved.body) if saved else default_template(channel, language)
    form = TemplateForm(request.POST or None, channel=channel, initial={"subject": subject, "body": body})
    if request.method == "POST":
        if "reset" in request.POST:
            services.template_reset(workspace=access.workspace, channel=channel, language=language)
            messages.success(request, _("The default text is back."))
            return redirect("reviews:templates", slug=access.workspace.slug)
        if form.is_valid():
            try:
                services.template_save(
                    workspace=access.workspace,
                    channel=channel,
                    language=language,
                    subject=form.cleaned_data.get("subject", ""),
                    body=form.cleaned_data["body"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Message saved."))
                return redirect("reviews:templates", slug=access.workspace.slug)
    return render(
        request,
        "reviews/template_form.html",
        {
            "form": form,
            "channel": channel,
            "channel_label": c.MessageChannel(channel).label,
            "language_label": c.Language(language).label,
            "custom": saved is not None,
            "variables": VARIABLES,
            "segments": sms_segments(body) if channel == c.MessageChannel.SMS else None,
        },
        status=400 if form.errors else 200,
    )
