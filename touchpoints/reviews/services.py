"""Writes of review requests: campaigns, contact imports, answers, opt-outs, erasure, templates.
Sending lives in ``sending.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from touchpoints.inventory.tabular import Fault
from touchpoints.lib.records import attributes
from touchpoints.reviews import choices as c
from touchpoints.reviews.importing import CONTACT_FIELDS, parse_contacts
from touchpoints.reviews.messages import check_template
from touchpoints.reviews.models import (
    Alert,
    Answer,
    Campaign,
    Contact,
    MessageTemplate,
    Suppression,
    address_hash,
    new_token,
)
from touchpoints.workspaces import alerts
from touchpoints.workspaces.models import Workspace

CAMPAIGN_FIELDS = ("name", "channel", "business", "delay_hours", "max_reminders", "reminder_interval_hours")
TEXT_LIMIT = 2000


def _check_campaign(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(values.get("name", "")).strip():
        errors["name"] = _("Give the campaign a name.")
    if values.get("channel") not in c.Channel.values:
        errors["channel"] = _("Choose email, SMS or both.")
    if not 0 <= int(values.get("max_reminders", 0)) <= 5:
        errors["max_reminders"] = _("From 0 to 5 reminders.")
    if not 0 <= int(values.get("delay_hours", 0)) <= 24 * 90:
        errors["delay_hours"] = _("From 0 hours to 90 days.")
    if not 1 <= int(values.get("reminder_interval_hours", 1)) <= 24 * 60:
        errors["reminder_interval_hours"] = _("From 1 hour to 60 days.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(
    *,
    workspace: Workspace,
    created_by: Any,
    name: str,
    channel: str = c.Channel.EMAIL,
    business: str = "",
    delay_hours: int = 24,
    max_reminders: int = 1,
    reminder_interval_hours: int = 72,
) -> Campaign:
    values = dict(
        name=name.strip(),
        channel=channel,
        business=business.strip(),
        delay_hours=delay_hours,
        max_reminders=max_reminders,
        reminder_interval_hours=reminder_interval_hours,
    )
    _check_campaign(values)
    return Campaign.objects.create(workspace=workspace, created_by=created_by, **values)


@transaction.atomic
def campaign_update(*, campaign: Campaign, **values: Any) -> Campaign:
    current = {f: getattr(campaign, f) for f in CAMPAIGN_FIELDS}
    current.update({k: v for k, v in values.items() if k in CAMPAIGN_FIELDS})
    _check_campaign(current)
    timing_changed = current["delay_hours"] != campaign.delay_hours
    for key, value in current.items():
        setattr(campaign, key, value.strip() if isinstance(value, str) else value)
    campaign.save()
    if timing_changed:
        _reschedule_unsent(campaign)
    return campaign


def _reschedule_unsent(campaign: Campaign) -> None:
    """Contacts not yet invited get the new delay (one UPDATE)."""
    base = Coalesce(F("visited_at"), F("created_at"))
    campaign.contacts.filter(messages_sent=0, next_send_at__isnull=False).update(
        next_send_at=ExpressionWrapper(
            base + Value(dt.timedelta(hours=campaign.delay_hours)), output_field=DateTimeField()
        )
    )


@transaction.atomic
def campaign_set_status(*, campaign: Campaign, status: str) -> Campaign:
    if status not in c.Status.values or status == c.Status.DRAFT and campaign.status != c.Status.DRAFT:
        raise ValidationError({"status": _("This change of status is not possible.")})
    campaign.status = status
    campaign.save(update_fields=["status"])
    return campaign


def campaign_delete(*, campaign: Campaign) -> None:
    campaign.delete()


@transaction.atomic
def contacts_import(
    *, campaign: Campaign, header: Sequence[str], rows: Sequence[Sequence[str]], now: dt.datetime | None = None
) -> tuple[int, list[Fault]]:
    """Adds the rows as contacts: (number created, []) or (0, faults) with nothing written."""
    parsed = parse_contacts(header, rows, uses_email=campaign.uses_email, uses_sms=campaign.uses_sms)
    faults = parsed.faults
    if not faults:
        addresses = [a for r in parsed.rows for a in (r.email, r.phone) if a]
        existing: set[str] = set()
        for chunk_start in range(0, len(addresses), 1000):
            chunk = addresses[chunk_start : chunk_start + 1000]
            existing.update(campaign.contacts.filter(email__in=chunk).values_list("email", flat=True))
            existing.update(campaign.contacts.filter(phone__in=chunk).values_list("phone", flat=True))
        for row in parsed.rows:
            for col, value in (("email", row.email), ("phone", row.phone)):
                if value and value in existing:
                    faults.append(Fault(row.line, col, _("Already a contact of this campaign.")))
    if faults:
        return 0, faults
    now = now or timezone.now()
    delay = dt.timedelta(hours=campaign.delay_hours)
    suppressed = suppressed_hashes(campaign.workspace_id)
    contacts = []
    for row in parsed.rows:
        is_suppressed = any(address_hash(campaign.workspace_id, a) in suppressed for a in (row.email, row.phone) if a)
        contacts.append(
            Contact(
                campaign=campaign,
                workspace_id=campaign.workspace_id,
                **attributes(row, *CONTACT_FIELDS),
                token=new_token(),
                suppressed=is_suppressed,
                next_send_at=None
                if is_suppressed
                else max(row.visited_at + delay if row.visited_at else now + delay, now),
            )
        )
    Contact.objects.bulk_create(contacts, batch_size=1000)
    return len(contacts), []


def suppressed_hashes(workspace_id: int) -> set[str]:
    return set(Suppression.objects.filter(workspace_id=workspace_id).values_list("address_hash", flat=True))


@transaction.atomic
def contact_opt_out(*, contact: Contact, source: str = "opt-out") -> None:
    """Honoured at once and for good: the addresses join the workspace's suppression list and
    every contact with them, in every campaign of the workspace, gets nothing more."""
    now = timezone.now()
    for h in [address_hash(contact.workspace_id, a) for a in (contact.email, contact.phone) if a]:
        Suppression.objects.get_or_create(
            workspace_id=contact.workspace_id, address_hash=h, defaults={"source": source}
        )
    Contact.objects.filter(pk=contact.pk, opted_out_at__isnull=True).update(opted_out_at=now)
    match = Q(pk=contact.pk)
    if contact.email:
        match |= Q(email=contact.email)
    if contact.phone:
        match |= Q(phone=contact.phone)
    Contact.objects.filter(match, workspace_id=contact.workspace_id).update(suppressed=True, next_send_at=None)


@transaction.atomic
def contact_erase(*, contact: Contact) -> None:
    """Deletes the contact's personal data (name, email, phone) and kills their link; their
    answer stays, anonymous, with the campaign's figures."""
    Contact.objects.filter(pk=contact.pk).update(
        name="", email="", phone="", token=new_token(), erased_at=timezone.now(), next_send_at=None, last_error=""
    )


def contact_mark_opened(*, contact: Contact) -> None:
    if contact.opened_at is None:
        Contact.objects.filter(pk=contact.pk, opened_at__isnull=True).update(opened_at=timezone.now())


def answer_submit(*, contact: Contact, language: str, liked: str, improve: str, recommend: Any) -> Answer:
    """Stores the answer once (a second submit returns the stored one); ValidationError with
    field messages when a value is out of range or too long."""
    errors: dict[str, str] = {}
    try:
        score = int(str(recommend).strip())
        if not 0 <= score <= 10:
            raise ValueError
    except (TypeError, ValueError):
        errors["recommend"] = _("Choose a number from 0 to 10.")
        score = -1
    liked, improve = (liked or "").strip(), (improve or "").strip()
    for key, value in (("liked", liked), ("improve", improve)):
        if len(value) > TEXT_LIMIT:
            errors[key] = _("Please keep it under %(n)s characters (now %(len)s).") % {
                "n": TEXT_LIMIT,
                "len": len(value),
            }
    if errors:
        raise ValidationError(errors)
    existing = Answer.objects.filter(contact=contact).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            answer = Answer.objects.create(
                campaign_id=contact.campaign_id,
                contact=contact,
                language=language if language in c.LANGUAGES else "en",
                segment=contact.segment,
                visit=contact.visit,
                liked=liked,
                improve=improve,
                recommend=score,
            )
            Contact.objects.filter(pk=contact.pk).update(
                answered_at=answer.submitted_at, next_send_at=None, opened_at=contact.opened_at or answer.submitted_at
            )
    except IntegrityError:  # the same contact's other submit won the race
        return Answer.objects.get(contact=contact)
    return answer


@transaction.atomic
def template_save(*, workspace: Workspace, channel: str, language: str, subject: str, body: str) -> MessageTemplate:
    errors: dict[str, Any] = {}
    for key, value in (("subject", subject), ("body", body)):
        try:
            check_template(value)
        except ValidationError as exc:
            errors[key] = exc.messages
    if not body.strip():
        errors["body"] = [_("The message is empty.")]
    elif "{{ link }}" not in body.replace("{{link}}", "{{ link }}"):
        errors["body"] = [_("The message must contain {{ link }}: the customer's own review page.")]
    elif "opt_out_link" not in body:
        errors["body"] = [_("The message must contain {{ opt_out_link }}: every message lets the customer opt out.")]
    if channel == c.MessageChannel.EMAIL and not subject.strip():
        errors["subject"] = [_("An email needs a subject.")]
    if errors:
        raise ValidationError(errors)
    template, _created = MessageTemplate.objects.update_or_create(
        workspace=workspace,
        channel=channel,
        language=language,
        defaults={"subject": subject.strip() if channel == c.MessageChannel.EMAIL else "", "body": body.strip()},
    )
    return template


def template_reset(*, workspace: Workspace, channel: str, language: str) -> None:
    MessageTemplate.objects.filter(workspace=workspace, channel=channel, language=language).delete()


def alert_set(*, campaign: Campaign, user: Any, kind: str) -> Alert | None:
    """A member's e-mail alert on the campaign (``AlertKind``; "" removes it)."""
    return alerts.alert_set(Alert, user=user, kind=kind, kinds=c.AlertKind.values, campaign=campaign)
