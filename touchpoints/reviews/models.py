"""Review requests: a campaign asks every imported customer the same three questions of the
method (what did you like, what would you improve, would you recommend us) by email and/or SMS.

A ``Contact`` holds one customer's personal data (name, email, phone) and an unguessable
``token`` for their own review page; ``Message`` logs every invitation and reminder sent;
``Answer`` is what they said, kept when the contact's personal data is erased; ``Suppression``
is the workspace's opt-out list, stored as hashes of the addresses (see ``address_hash``).
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.lib.models import Authored, Named
from touchpoints.reviews import choices as c
from touchpoints.workspaces.alerts import MemberAlert
from touchpoints.workspaces.models import Workspace


def new_token() -> str:
    """128 random bits, URL-safe (22 characters): short enough for an SMS, never guessable."""
    return secrets.token_urlsafe(16)


def address_hash(workspace_id: int, address: str) -> str:
    """The suppression list keeps SHA-256 of ``<workspace id>:<address>`` (emails lower-cased,
    phones in E.164), never the address itself, so it can outlive an erased contact."""
    return hashlib.sha256(f"{workspace_id}:{address.strip().lower()}".encode()).hexdigest()


class Campaign(Named, Authored):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="review_campaigns")
    channel = models.CharField(_("channel"), max_length=10, choices=c.Channel.choices, default=c.Channel.EMAIL)
    business = models.CharField(
        _("business name in messages"),
        max_length=200,
        blank=True,
        help_text=_("Shown to customers as {{ business }}; the workspace's own brand when blank."),
    )
    delay_hours = models.PositiveIntegerField(
        _("delay after the visit (hours)"), default=24, validators=[MaxValueValidator(24 * 90)]
    )
    max_reminders = models.PositiveSmallIntegerField(
        _("reminders at most"), default=1, validators=[MaxValueValidator(5)]
    )
    reminder_interval_hours = models.PositiveIntegerField(
        _("hours between reminders"), default=72, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    status = models.CharField(_("status"), max_length=10, choices=c.Status.choices, default=c.Status.DRAFT)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review-request campaign")
        verbose_name_plural = _("review-request campaigns")

    @property
    def uses_email(self) -> bool:
        return self.channel in (c.Channel.EMAIL, c.Channel.BOTH)

    @property
    def uses_sms(self) -> bool:
        return self.channel in (c.Channel.SMS, c.Channel.BOTH)

    def business_name(self) -> str:
        if self.business:
            return self.business
        own = self.workspace.brands.filter(is_own=True).first()
        return own.name if own else self.workspace.name


class Contact(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contacts")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # Personal data: blanked by contact_erase().
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("E.164, e.g. +34911234567"))
    # Not personal: kept after erasure, used to group answers.
    language = models.CharField(_("language"), max_length=2, choices=c.Language.choices, default=c.Language.EN)
    segment = models.CharField(_("segment"), max_length=200, blank=True)
    visit = models.CharField(_("touchpoint or visit"), max_length=200, blank=True)
    visited_at = models.DateTimeField(_("visit date"), null=True, blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token)
    # Sending state.
    next_send_at = models.DateTimeField(null=True, blank=True, db_index=True)
    messages_sent = models.PositiveSmallIntegerField(default=0)
    first_sent_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    opted_out_at = models.DateTimeField(null=True, blank=True)
    suppressed = models.BooleanField(default=False, help_text="An address is on the opt-out list: never sent to.")
    erased_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["campaign", "answered_at"], name="review_contact_answered")]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name or self.email or self.phone or f"#{self.pk}"

    @property
    def display_name(self) -> str:
        return self.name or self.email or self.phone or str(_("erased contact"))

    @property
    def reminders_sent(self) -> int:
        return max(0, self.messages_sent - 1)


class Message(models.Model):
    """One invitation or reminder sent to a contact on one channel."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(max_length=5, choices=c.MessageChannel.choices)
    number = models.PositiveSmallIntegerField(help_text="1 = the invitation, 2… = reminders")
    status = models.CharField(max_length=10, choices=c.Delivery.choices, default=c.Delivery.SENT)
    provider_id = models.CharField(max_length=100, blank=True, db_index=True)
    provider_status = models.CharField(max_length=30, blank=True)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "id"]


class Answer(models.Model):
    """The customer's answer. Stays (anonymous) when the contact's personal data is erased."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="answers")
    contact = models.OneToOneField(Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="answer")
    language = models.CharField(max_length=2, choices=c.Language.choices)
    segment = models.CharField(max_length=200, blank=True)
    visit = models.CharField(max_length=200, blank=True)
    liked = models.TextField(_("what did you like"), blank=True, max_length=2000)
    improve = models.TextField(_("what would you improve"), blank=True, max_length=2000)
    recommend = models.PositiveSmallIntegerField(
        _("would you recommend us (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]


class Suppression(models.Model):
    """An address (hashed) that must never get another message from this workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="review_suppressions")
    address_hash = models.CharField(max_length=64)
    source = models.CharField(max_length=20, default="opt-out")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "address_hash"], name="review_suppression_unique")]


class MessageTemplate(models.Model):
    """A workspace's own wording of a message; the shipped default is used where none is saved."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="review_templates")
    channel = models.CharField(_("channel"), max_length=5, choices=c.MessageChannel.choices)
    language = models.CharField(_("language"), max_length=2, choices=c.Language.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "channel", "language"], name="review_template_unique")
        ]


class Alert(MemberAlert):
    """A member's e-mail alert on a campaign: its unhappy answers, or every answer with words
    (``reviews.alerts``)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("e-mail me"), max_length=10, choices=c.AlertKind.choices)

    class Meta(MemberAlert.Meta):
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="reviews_alert_one_per_member")]
