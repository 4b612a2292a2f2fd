"""The customer's side: their own review page (no login, no JavaScript needed, phone-first),
the thank-you page, the opt-out, the opening pixel and the SMS provider's status reports.

The token in the address is the only key: it names one contact of one campaign, and the answer
is bound to that contact, whatever the form says. The page shows nothing of the workspace but
the business name. The same invitation goes to every customer (no review gating).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from touchpoints.reviews import choices as c
from touchpoints.reviews import services
from touchpoints.reviews.models import Contact, Message
from touchpoints.reviews.sending import links
from touchpoints.reviews.sms import SmsError, get_backend

# 1×1 transparent GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
HONEYPOT = "website"


def _contact(token: str) -> Contact:
    if not token or len(token) > 40:
        raise Http404
    contact = (
        Contact.objects.select_related("campaign", "campaign__workspace")
        .filter(token=token, erased_at__isnull=True)
        .first()
    )
    if contact is None:
        raise Http404
    return contact


def _language(request: HttpRequest, contact: Contact) -> str:
    lang = request.POST.get("lang") or request.GET.get("lang") or contact.language
    return lang if lang in c.LANGUAGES else "en"


def _limited(request: HttpRequest, token: str) -> bool:
    by_address = is_ratelimited(
        request,
        group="reviews:address",
        key="ip",
        rate=settings.REVIEWS_RATE_PER_ADDRESS,
        method=["POST"],
        increment=True,
    )
    by_link = is_ratelimited(
        request,
        group="reviews:link",
        key=lambda g, r: token,
        rate=settings.REVIEWS_RATE_PER_LINK,
        method=["POST"],
        increment=True,
    )
    return by_address or by_link


def _context(contact: Contact, lang: str, path: str, **extra: object) -> dict[str, object]:
    return {
        "contact": contact,
        "business": contact.campaign.business_name(),
        "lang": lang,
        "languages": c.Language.choices,
        "path": path,
        "scores": range(11),
        **extra,
    }


@dataclass(frozen=True)
class _Page:
    """One contact's page: whose link it is, in which language, at which address."""

    request: HttpRequest
    token: str
    contact: Contact
    lang: str
    path: str

    def render(self, template: str, *, status: int = 200, **extra: object) -> HttpResponse:
        context = _context(self.contact, self.lang, self.path, **extra)
        return render(self.request, f"reviews/public/{template}", context, status=status)

    def thanks(self) -> HttpResponse:
        return redirect(reverse("reviews_public:thanks", args=[self.token]) + f"?lang={self.lang}")

    def limited(self) -> HttpResponse | None:
        """The "too many tries" page when this address or this link sent too much."""
        return self.render("limited.html", status=429) if _limited(self.request, self.token) else None


def _contact_page(url_name: str) -> Callable[[Callable[[_Page], HttpResponse]], Callable[..., HttpResponse]]:
    """A page of the contact the link names, shown in their language (404 for an unknown link)."""

    def decorator(view: Callable[[_Page], HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, token: str) -> HttpResponse:
            contact = _contact(token)
            lang = _language(request, contact)
            page = _Page(request, token, contact, lang, reverse(f"reviews_public:{url_name}", args=[token]))
            with translation.override(lang):
                return view(page)

        return wrapper

    return decorator


@never_cache
@csrf_exempt  # the unguessable link is the key; no session, no cookie
@require_http_methods(["GET", "POST"])
@_contact_page("answer")
def answer(page: _Page) -> HttpResponse:
    request, contact = page.request, page.contact
    if contact.answered_at is not None:
        return page.thanks()
    if request.method == "GET":
        services.contact_mark_opened(contact=contact)
        return page.render("answer.html", values={}, errors={})
    if limited := page.limited():
        return limited
    values = {k: request.POST.get(k, "") for k in ("liked", "improve", "recommend")}
    if request.POST.get(HONEYPOT):
        # A bot filled the hidden field: it is told "thank you" and nothing is stored.
        return page.thanks()
    try:
        services.answer_submit(contact=contact, language=page.lang, **values)
    except ValidationError as exc:
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        return page.render("answer.html", status=400, values=values, errors=errors)
    return page.thanks()


@never_cache
@require_GET
@_contact_page("thanks")
def thanks(page: _Page) -> HttpResponse:
    return page.render("thanks.html")


@never_cache
@csrf_exempt  # also the target of one-click unsubscribe (RFC 8058) from mail clients
@require_http_methods(["GET", "POST"])
@_contact_page("opt_out")
def opt_out(page: _Page) -> HttpResponse:
    if page.request.method == "POST":
        if limited := page.limited():
            return limited
        services.contact_opt_out(contact=page.contact)
        page.contact.refresh_from_db()
    return page.render("opt_out.html")


@require_GET
def pixel(request: HttpRequest, token: str) -> HttpResponse:
    contact = Contact.objects.filter(token=token, erased_at__isnull=True).only("id", "opened_at").first()
    if contact is not None:
        services.contact_mark_opened(contact=contact)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, max-age=0"
    return response


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest, token: str) -> HttpResponse:
    """The provider's delivery report (Twilio's StatusCallback form: MessageSid, MessageStatus)."""
    contact = _contact(token)
    try:
        provider = get_backend()
    except (SmsError, ImportError, TypeError, ValueError):
        return HttpResponse(status=404)
    params = {key: request.POST.get(key, "") for key in request.POST}
    if not provider.verify_callback(url=links(contact)["sms_status"], params=params, headers=request.headers):
        return HttpResponse(status=403)
    sid, status = request.POST.get("MessageSid", ""), request.POST.get("MessageStatus", "")[:30]
    message = Message.objects.filter(contact=contact, provider_id=sid, channel=c.MessageChannel.SMS).first()
    if message is None or not status:
        return HttpResponse(status=404)
    message.provider_status = status
    if status in {"sent", "delivered"}:
        message.status = c.Delivery.DELIVERED
        Contact.objects.filter(pk=contact.pk, delivered_at__isnull=True).update(delivered_at=timezone.now())
    elif status in {"failed", "undelivered"}:
        message.status = c.Delivery.FAILED
    message.save(update_fields=["provider_status", "status"])
    return HttpResponse(status=204)
