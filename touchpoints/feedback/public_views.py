"""The public answer pages (/s/…): no login, no session, phone-first, in the respondent's language.

The submit path is deliberately lean: the study comes from the cache, the answer is validated
against it in memory (``submissions``), and a single statement stores it; then a redirect to the
thank-you page (POST → redirect → GET, so a reload never posts twice). In production the usual
valid POST does not even reach this view: ``ingest`` answers it in front of Django with the same
rules, and hands everything else (errors, closed studies, limits) to the view below.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from touchpoints.feedback import choices as c
from touchpoints.feedback import services
from touchpoints.feedback.answers import StudySnapshot
from touchpoints.feedback.models import Respondent
from touchpoints.feedback.selectors import study_snapshot
from touchpoints.feedback.submissions import (
    HONEYPOT,
    LIMIT_MARK,
    is_bot,
    limited,
    new_form_key,
    read_form_key,
    read_submission,
    thanks_location,
)
from touchpoints.lib.ratelimits import client_ip

__all__ = ["new_form_key", "read_form_key"]  # the form keys are made in ``submissions``


def _limited(request: HttpRequest) -> bool:
    mark = request.META.get(LIMIT_MARK)  # already counted by the lean path (``ingest``)
    if mark is not None:
        return mark == "limited"
    return limited(client_ip(request), request.path)


class _Target:
    """Where an answer page is: the study, optional diary respondent and preselected brand/touchpoint."""

    def __init__(
        self, snap: StudySnapshot, respondent: Respondent | None, brand_id: int | None, touchpoint_id: int | None
    ) -> None:
        self.snap, self.respondent, self.brand_id, self.touchpoint_id = snap, respondent, brand_id, touchpoint_id

    def form_url(self) -> str:
        t = self.snap.token
        if self.respondent is not None:
            return reverse("feedback_public:diary", args=[t, self.respondent.token])
        if self.brand_id is not None:
            return reverse("feedback_public:deep", args=[t, self.brand_id, self.touchpoint_id])
        return reverse("feedback_public:answer", args=[t])

    def thanks_url(self, lang: str) -> str:
        return thanks_location(self.form_url(), lang)


def _target(token: str, rtoken: str | None = None, brand: int | None = None, touchpoint: int | None = None) -> _Target:
    snap = study_snapshot(token)
    if snap is None:
        raise Http404
    respondent = None
    if rtoken is not None:
        respondent = (
            Respondent.objects.filter(token=rtoken, study_id=snap.id, is_diary=True).only("id", "token").first()
        )
        if respondent is None:
            raise Http404
    if brand is not None and (brand not in snap.brand_ids() or touchpoint not in snap.touchpoint_ids()):
        raise Http404
    return _Target(snap, respondent, brand, touchpoint)


def _language(request: HttpRequest, snap: StudySnapshot) -> str:
    source = request.POST if request.method == "POST" else request.GET
    lang = snap.pick_language(source.get("lang"), request.META.get("HTTP_ACCEPT_LANGUAGE"))
    translation.activate(lang)
    request.LANGUAGE_CODE = lang
    return lang


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = context.get("lang", "en")
    response["Referrer-Policy"] = "no-referrer"
    return response


def _languages(snap: StudySnapshot) -> list[tuple[str, str]]:
    return [(code, label) for code, label in c.Language.choices if code in snap.languages]


def _form_context(
    request: HttpRequest,
    target: _Target,
    lang: str,
    values: dict[str, str],
    errors: dict[str, str],
    form_key: str | None = None,
) -> dict[str, Any]:
    snap = target.snap
    brand_id, tp_id = target.brand_id, target.touchpoint_id
    # A study about one brand does not ask which company it was: the answer is that one.
    only_brand = snap.brands[0] if len(snap.brands) == 1 and not brand_id else None
    fixed_brand = snap.brand_name(brand_id) if brand_id else ""
    return {
        "snap": snap,
        "lang": lang,
        "languages": _languages(snap),
        "form_url": target.form_url(),
        "brands": snap.brands,
        "touchpoints": [(t, labels.get(lang) or labels.get("en")) for t, labels in snap.touchpoints],
        "fixed_brand": fixed_brand,
        "only_brand": only_brand,
        "heading_brand": fixed_brand or (only_brand[1] if only_brand else ""),
        "fixed_touchpoint": snap.touchpoint_label(tp_id, lang) if tp_id else "",
        "faces": [(v, key, c.face_labels()[v]) for v, key in c.FACES],
        "scale": list(range(0, 11)),
        "customer_types": c.CustomerType.choices,
        "segments": snap.segments,
        "consent": snap.consent_text(lang),
        "values": values,
        "errors": errors,
        "form_key": form_key or new_form_key(snap),
        "honeypot": HONEYPOT,
        "diary": target.respondent is not None,
        "comment_max": c.COMMENT_MAX_LENGTH,
    }


def _closed(request: HttpRequest, snap: StudySnapshot, lang: str, state: str, status: int) -> HttpResponse:
    return _page(
        request,
        "feedback/public/closed.html",
        {"snap": snap, "lang": lang, "languages": _languages(snap), "state": state},
        status=status,
    )


def _answer(request: HttpRequest, target: _Target) -> HttpResponse:
    snap = target.snap
    lang = _language(request, snap)
    state = snap.availability(timezone.now())
    if state != "open":
        return _closed(request, snap, lang, state, 200 if request.method == "GET" else 403)
    if request.method == "GET":
        return _page(request, "feedback/public/answer.html", _form_context(request, target, lang, {}, {}))
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    if _limited(request):
        return _page(request, "feedback/public/limited.html", {"snap": snap, "lang": lang, "languages": []}, status=429)
    post = request.POST
    if is_bot(post):
        return HttpResponseRedirect(target.thanks_url(lang), status=303)
    sub = read_submission(snap, post, target.brand_id, target.touchpoint_id)
    if sub.answer is None:
        return _page(
            request,
            "feedback/public/answer.html",
            _form_context(request, target, lang, sub.data, sub.errors, None if sub.key is None else post["key"]),
            status=400,
        )
    services.answer_store(
        study=snap,
        answer=sub.answer,
        language=lang,
        idempotency_key=sub.key,
        respondent_id=target.respondent.pk if target.respondent else None,
    )
    return HttpResponseRedirect(target.thanks_url(lang), status=303)


def _thanks(request: HttpRequest, target: _Target) -> HttpResponse:
    lang = _language(request, target.snap)
    return _page(
        request,
        "feedback/public/thanks.html",
        {
            "snap": target.snap,
            "lang": lang,
            "languages": _languages(target.snap),
            "again_url": target.form_url(),
            "diary": target.respondent is not None,
        },
    )


@csrf_exempt
@xframe_options_exempt
def answer(request: HttpRequest, token: str) -> HttpResponse:
    return _answer(request, _target(token))


@csrf_exempt
@xframe_options_exempt
def answer_deep(request: HttpRequest, token: str, brand: int, touchpoint: int) -> HttpResponse:
    return _answer(request, _target(token, brand=brand, touchpoint=touchpoint))


@csrf_exempt
@xframe_options_exempt
def answer_diary(request: HttpRequest, token: str, rtoken: str) -> HttpResponse:
    return _answer(request, _target(token, rtoken=rtoken))


@xframe_options_exempt
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    return _thanks(request, _target(token))


@xframe_options_exempt
def thanks_deep(request: HttpRequest, token: str, brand: int, touchpoint: int) -> HttpResponse:
    return _thanks(request, _target(token, brand=brand, touchpoint=touchpoint))


@xframe_options_exempt
def thanks_diary(request: HttpRequest, token: str, rtoken: str) -> HttpResponse:
    return _thanks(request, _target(token, rtoken=rtoken))
