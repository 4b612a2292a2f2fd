"""Sending what is due: the invitation after the visit's delay, then at most ``max_reminders``
reminders ``reminder_interval_hours`` apart, to contacts who have neither answered, opted out
nor been erased, and whose addresses are not on the workspace's suppression list.

Contacts are taken in batches; on PostgreSQL the batch is locked with ``SKIP LOCKED`` so two
workers (a cron run and the periodic task) never send the same message twice. Every attempt
counts towards the limit, so a failing address is tried at most 1 + N times.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from touchpoints.lib.text import one_line
from touchpoints.reviews import choices as c
from touchpoints.reviews.messages import Values, default_template, render_html, render_text
from touchpoints.reviews.models import Campaign, Contact, Message, MessageTemplate, address_hash
from touchpoints.reviews.sms import SmsBackend, SmsError, get_backend

BATCH = 200


@dataclass
class SendReport:
    contacts: int = 0
    emails: int = 0
    sms: int = 0
    failed: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return (
            f"{self.contacts} contacts: {self.emails} emails, {self.sms} SMS sent, {self.failed} failed, "
            f"{self.skipped} skipped (opted out)"
        )


def site_url(path: str) -> str:
    base = getattr(settings, "REVIEWS_SITE_URL", "") or settings.SITE_URL
    return base.rstrip("/") + path


@lru_cache(maxsize=1)
def _paths() -> dict[str, str]:
    """The public paths with a placeholder for the token (reverse() once, not per message)."""
    names = {"link": "answer", "opt_out_link": "opt_out", "pixel": "pixel", "sms_status": "sms_status"}
    return {key: reverse(f"reviews_public:{name}", args=["TOKEN"]) for key, name in names.items()}


def links(contact: Contact) -> dict[str, str]:
    base = site_url("")
    return {key: base + path.replace("TOKEN", contact.token) for key, path in _paths().items()}


def due_contacts(now: dt.datetime) -> Any:
    return Contact.objects.filter(
        next_send_at__lte=now,
        campaign__status=c.Status.ACTIVE,
        answered_at__isnull=True,
        opted_out_at__isnull=True,
        suppressed=False,
        erased_at__isnull=True,
    ).order_by("next_send_at", "id")


class _Cache:
    """Per-run lookups: a workspace's templates and suppression list, a campaign's business name."""

    def __init__(self) -> None:
        self.templates: dict[int, dict[tuple[str, str], tuple[str, str]]] = {}
        self.suppressed: dict[int, set[str]] = {}
        self.business: dict[int, str] = {}

    def template(self, workspace_id: int, channel: str, language: str) -> tuple[str, str]:
        if workspace_id not in self.templates:
            self.templates[workspace_id] = {
                (t.channel, t.language): (t.subject, t.body)
                for t in MessageTemplate.objects.filter(workspace_id=workspace_id)
            }
        return self.templates[workspace_id].get((channel, language)) or default_template(channel, language)

    def is_suppressed(self, contact: Contact) -> bool:
        if contact.workspace_id not in self.suppressed:
            from touchpoints.reviews.services import suppressed_hashes

            self.suppressed[contact.workspace_id] = suppressed_hashes(contact.workspace_id)
        hashes = self.suppressed[contact.workspace_id]
        return any(address_hash(contact.workspace_id, a) in hashes for a in (contact.email, contact.phone) if a)

    def business_name(self, campaign: Campaign) -> str:
        if campaign.pk not in self.business:
            self.business[campaign.pk] = campaign.business_name()
        return self.business[campaign.pk]


def send_due(
    *,
    now: dt.datetime | None = None,
    limit: int | None = None,
    email_connection: Any = None,
    sms_backend: SmsBackend | None = None,
) -> SendReport:
    """Sends every message due at ``now``; returns what was done."""
    now = now or timezone.now()
    report = SendReport()
    cache = _Cache()
    email_connection = email_connection or get_connection()
    sms = sms_backend
    sms_error = ""
    skip_locked = db_connection.features.has_select_for_update_skip_locked
    with email_connection:
        while limit is None or report.contacts < limit:
            size = BATCH if limit is None else min(BATCH, limit - report.contacts)
            with transaction.atomic():
                query = due_contacts(now).select_related("campaign", "campaign__workspace")
                if skip_locked:
                    query = query.select_for_update(skip_locked=True, of=("self",))
                batch = list(query[:size])
                if not batch:
                    break
                if sms is None and not sms_error and any(ct.campaign.uses_sms and ct.phone for ct in batch):
                    try:
                        sms = get_backend()
                    except (SmsError, ImportError, TypeError, ValueError) as exc:  # misconfigured provider
                        sms_error = f"SMS provider not available: {exc}"[:300]
                _send_batch(
                    batch,
                    now=now,
                    cache=cache,
                    email_connection=email_connection,
                    sms=sms,
                    sms_error=sms_error,
                    report=report,
                )
    return report


def _send_batch(
    batch: list[Contact],
    *,
    now: dt.datetime,
    cache: _Cache,
    email_connection: Any,
    sms: SmsBackend | None,
    sms_error: str,
    report: SendReport,
) -> None:
    log: list[Message] = []
    updates: dict[tuple[bool, Any, str], list[int]] = defaultdict(list)
    for contact in batch:
        campaign = contact.campaign
        report.contacts += 1
        if cache.is_suppressed(contact):
            contact.suppressed, contact.next_send_at = True, None
            report.skipped += 1
            continue
        number = contact.messages_sent + 1
        urls = links(contact)
        values = Values(
            name=contact.name or _generic_name(contact.language),
            link=urls["link"],
            business=cache.business_name(campaign),
            opt_out_link=urls["opt_out_link"],
        )
        delivered = False
        errors: list[str] = []
        attempts = 0
        if campaign.uses_email and contact.email:
            subject, body = cache.template(contact.workspace_id, c.MessageChannel.EMAIL, contact.language)
            entry = Message(contact=contact, channel=c.MessageChannel.EMAIL, number=number, sent_at=now)
            attempts += 1
            try:
                _send_email(email_connection, contact, subject, body, values, urls)
                entry.status = c.Delivery.DELIVERED  # accepted by the email backend
                delivered = True
                report.emails += 1
            except Exception as exc:  # noqa: BLE001 — any backend failure is this message's failure
                entry.status, entry.error = c.Delivery.FAILED, str(exc)[:300]
                errors.append(entry.error)
            log.append(entry)
        if campaign.uses_sms and contact.phone:
            _, body = cache.template(contact.workspace_id, c.MessageChannel.SMS, contact.language)
            entry = Message(contact=contact, channel=c.MessageChannel.SMS, number=number, sent_at=now)
            attempts += 1
            try:
                if sms is None:
                    raise SmsError(sms_error or "no SMS provider")
                result = sms.send(to=contact.phone, body=render_text(body, values), status_callback=urls["sms_status"])
                entry.provider_id, entry.provider_status = result.provider_id[:100], result.status[:30]
                entry.status = c.Delivery.DELIVERED if result.delivered else c.Delivery.SENT
                delivered = delivered or result.delivered
                report.sms += 1
            except SmsError as exc:
                entry.status, entry.error = c.Delivery.FAILED, str(exc)[:300]
                errors.append(entry.error)
            log.append(entry)
        if errors and len(errors) == attempts:
            report.failed += 1
        contact.messages_sent = number
        more = number <= campaign.max_reminders
        contact.next_send_at = now + dt.timedelta(hours=campaign.reminder_interval_hours) if more else None
        contact.last_error = "; ".join(errors)[:300]
        updates[(delivered, contact.next_send_at, contact.last_error)].append(contact.pk)
    Message.objects.bulk_create(log, batch_size=1000)
    _save(batch, updates, now)


def _save(batch: list[Contact], updates: dict[tuple[bool, Any, str], list[int]], now: dt.datetime) -> None:
    """One UPDATE per group of contacts that change alike (a handful per batch)."""
    skipped = [ct.pk for ct in batch if ct.suppressed]
    if skipped:
        Contact.objects.filter(pk__in=skipped).update(suppressed=True, next_send_at=None)
    for (delivered, next_send_at, error), ids in updates.items():
        changes: dict[str, Any] = {
            "messages_sent": F("messages_sent") + 1,
            "first_sent_at": Coalesce(F("first_sent_at"), Value(now)),
            "last_sent_at": now,
            "next_send_at": next_send_at,
            "last_error": error,
        }
        if delivered:
            changes["delivered_at"] = Coalesce(F("delivered_at"), Value(now))
        Contact.objects.filter(pk__in=ids).update(**changes)


def _generic_name(language: str) -> str:
    with translation.override(language):
        return _("dear customer")


def _send_email(
    connection: Any, contact: Contact, subject_source: str, body_source: str, values: Values, urls: dict[str, str]
) -> None:
    subject = one_line(render_text(subject_source, values))
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_text(body_source, values),
        to=[contact.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{urls['opt_out_link']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_html(body_source, values, pixel=urls["pixel"]), "text/html")
    if connection.send_messages([message]) != 1:
        raise RuntimeError("the email backend did not accept the message")
