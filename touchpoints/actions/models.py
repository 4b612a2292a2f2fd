"""The action plan (the method's step 9): what changes, who owns it, by when, and whether it
worked. An :class:`Action` targets a touchpoint, a journey or a top-ten priority (at least one);
its owner is a workspace member or an organisational unit (the inventory's owner units).

Around it: the team's comments on an action's progress (:class:`Comment`), secret calendar feeds (:class:`CalendarFeed`, hashed tokens), the reminders and
digests already sent (:class:`Notice`, so the worker never sends one twice), and outgoing
webhooks (:class:`WebhookEndpoint`, :class:`WebhookDelivery`).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.actions import choices as c
from touchpoints.lib.history import track
from touchpoints.lib.models import Authored, OptionalFK, StatusColored, optional_fk, user_fk
from touchpoints.lib.tokens import RevocableToken
from touchpoints.workspaces.models import Workspace

if TYPE_CHECKING:
    from touchpoints.inventory.models import Touchpoint
    from touchpoints.journeys.models import Journey
    from touchpoints.priorities.models import TopTenPlace


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Action(StatusColored, Authored):
    STATUS_COLORS = c.STATUS_COLORS
    DESCRIPTION_MAX_LENGTH = 2000  # the page's form and the API's schema refuse longer ones
    TITLE_MAX_LENGTH = 200

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("what changes"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    touchpoint: OptionalFK[Touchpoint] = optional_fk(
        "inventory.Touchpoint", related_name="actions", verbose_name=_("touchpoint")
    )
    journey: OptionalFK[Journey] = optional_fk("journeys.Journey", related_name="actions", verbose_name=_("journey"))
    # A place of the top ten (a saved version's place: the priority as it stood when the action
    # was planned). Its touchpoint becomes the action's touchpoint when none is given.
    priority: OptionalFK[TopTenPlace] = optional_fk(
        "priorities.TopTenPlace", related_name="actions", verbose_name=_("top-ten priority")
    )
    owner_user = user_fk(related_name="owned_actions", verbose_name=_("owner (member)"), blank=True)
    owner_unit = models.CharField(_("owner (unit)"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=c.Status.choices, default=c.Status.PLANNED)
    kpi_name = models.CharField(_("KPI"), max_length=200, blank=True)
    kpi_baseline = models.DecimalField(_("KPI baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    kpi_target = models.DecimalField(_("KPI target"), max_digits=12, decimal_places=2, null=True, blank=True)
    kpi_unit = models.CharField(_("KPI unit"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    # When work began (moved to "in progress"; the creation time if it never was) and ended:
    # the before / after measurement reads the audits on either side of these moments.
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    done_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "position", "id"]
        indexes = [
            models.Index(fields=["workspace", "status", "deadline"]),
            models.Index(fields=["workspace", "owner_user"]),
        ]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in c.OPEN


class Comment(Authored):
    """A note on an action's progress by a member of the team: what was done, what blocks it, a
    question for its owner. Shown on the action's page, oldest first; its owner is told by e-mail."""

    BODY_MAX_LENGTH = 2000  # the page's form and the API's schema refuse longer ones

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]


class CalendarFeed(RevocableToken):
    """A secret calendar address: every action of the workspace, or one person's. Only the
    token's hash is kept; the address is shown once. A feed stops at once when revoked, and when
    its person leaves the workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("created by")
    )
    scope = models.CharField(_("shows"), max_length=20, choices=c.FeedScope.choices, default=c.FeedScope.PERSON)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta(RevocableToken.Meta):
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.workspace} · {self.get_scope_display()} ({self.prefix}…)"


class Notice(models.Model):
    """A reminder or digest e-mail already sent: one row per action and day, so that running the
    sender twice never mails twice."""

    kind = models.CharField(max_length=10, choices=c.NoticeKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notices")
    day = models.DateField()
    # The deadline reminded of: moving the deadline arms a new reminder.
    deadline = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "action", "user", "day"], name="action_notice_once")]
        indexes = [models.Index(fields=["user", "kind", "day"])]


class WebhookEndpoint(Authored):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Kept in clear: it signs every payload (the receiver holds the same value).
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=c.Event.choices)
    payload = models.JSONField()
    status = models.CharField(
        _("status"), max_length=10, choices=c.DeliveryStatus.choices, default=c.DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")


def track_history() -> None:
    """Who changed an action (status, owner, deadline, KPI ...) and when: on its page and the
    workspace's history page."""
    track(Action, workspace=lambda a: a.workspace_id)
