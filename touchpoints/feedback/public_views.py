"""The public answer pages (/s/…): no login, no session, phone-first, in the respondent's language.

The submit path is deliberately lean: the study comes from the cache, the answer is validated
against it in memory, and a single transaction stores it; then a redirect to the thank-you page
(POST → redirect → GET, so a reload never posts twice). The form carries a per-form key signed for
this study: it makes a double submit land once (unique per study) and a form of one study useless
for another. CSRF cookies are not used here (no session to protect, and cookies are often blocked
inside an iframe); the signed key does that job.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited

from touchpoints.feedback import choices as c
from touchpoints.feedback import services
from touchpoints.feedback.answers import StudySnapshot, validate_answer
from touchpoints.feedback.models import Respondent
from touchpoints.feedback.selectors import study_snapshot

HONEYPOT = "website"
FACES = [  # value, label for everyone (and screen readers), colour
    (-2, "very_negative"),
    (-1, "negative"),
    (0, "neutral"),
    (1, "positive"),
    (2, "very_positive"),
]


def _face_labels() -> dict[str, str]:
    return {
        "very_negative": _("Very bad"),
        "negative": _("Bad"),
        "neutral": _("So-so"),
        "positive": _("Good"),
        "very_positive": _("Very good"),
    }


def _signer(snap: StudySnapshot) -> signing.Signer:
    return signing.Signer(salt=f"feedback.form:{snap.token}")


def new_form_key(snap: StudySnapshot) -> str:
    return _signer(snap).sign(uuid.uuid4().hex)


def read_form_key(snap: StudySnapshot, value: str) -> str | None:
    """The idempotency key of a form of this study, or None if it was not issued for it."""
    if not value or len(value) > 120:
        return None
    try:
        return _signer(snap).unsign(value)
    except signing.BadSignature:
        return None


def _link_key(group: str, request: HttpRequest) -> str:
    return request.path


def _limited(request: HttpRequest) -> bool:
    by_address = is_ratelimited(
        request,
        group="feedback.address",
        key="ip",
        rate=settings.FEEDBACK_RATE_PER_ADDRESS,
        method="POST",
        increment=True,
    )
    by_link = is_ratelimited(
        request,
        group="feedback.link",
        key=_link_key,
        rate=settings.FEEDBACK_RATE_PER_LINK,
        method="POST",
        increment=True,
    )
    return by_address or by_link


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

    def thanks_url(self) -> str:
        return self.form_url() + "thanks/"


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
    request.LANGUAGE_CODE = lang  # type: ignore[attr-defined]
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
    return {
        "snap": snap,
        "lang": lang,
        "languages": _languages(snap),
        "form_url": target.form_url(),
        "brands": snap.brands,
        "touchpoints": [(t, labels.get(lang) or labels.get("en")) for t, labels in snap.touchpoints],
        "fixed_brand": snap.brand_name(brand_id) if brand_id else "",
        "fixed_touchpoint": snap.touchpoint_label(tp_id, lang) if tp_id else "",
        "faces": [(v, key, _face_labels()[key]) for v, key in FACES],
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
    if post.get(HONEYPOT):
        # A bot filled the field people never see: nothing is stored; it is told "thank you" as anyone.
        return HttpResponseRedirect(target.thanks_url() + f"?lang={lang}", status=303)
    data = {
        k: post.get(k, "")
        for k in ("brand", "touchpoint", "positivity", "likelihood", "comment", "customer_type", "segment")
    }
    if target.brand_id is not None:
        data["brand"], data["touchpoint"] = str(target.brand_id), str(target.touchpoint_id)
    key = read_form_key(snap, post.get("key", ""))
    answer, errors = validate_answer(snap, data)
    if key is None:
        errors["form"] = _("This form has expired or belongs to another survey. Please answer again.")
    if answer is None or key is None:
        return _page(
            request,
            "feedback/public/answer.html",
            _form_context(request, target, lang, data, errors, None if key is None else post["key"]),
            status=400,
        )
    services.answer_store(
        study=snap,
        answer=answer,
        language=lang,
        idempotency_key=key,
        respondent_id=target.respondent.pk if target.respondent else None,
    )
    return HttpResponseRedirect(target.thanks_url() + f"?lang={lang}", status=303)


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
