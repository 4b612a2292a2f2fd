"""Customer feedback (the method's real-time experience tracking).

A ``Study`` asks customers about a set of brands (own and competitors) and touchpoints of the
inventory (``StudyTouchpoint``, each with a customer-facing label per language). Every answer is a
``Response``: which brand, which touchpoint, how positive the encounter was (−2..+2), and how likely
the customer now is to choose the brand (0..10), with an optional comment and segment answers.
Each response belongs to an anonymous ``Respondent``: one per personal diary link, or one per
one-off answer. Nothing here identifies a person.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touchpoints.feedback import answers
from touchpoints.feedback import choices as c
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.fields import MultiChoiceField
from touchpoints.lib.i18n import pick
from touchpoints.lib.models import Named, optional_fk
from touchpoints.workspaces.alerts import MemberAlert
from touchpoints.workspaces.models import Brand, Segment, Workspace


def new_study_token() -> str:
    return secrets.token_urlsafe(9)  # 12 URL-safe characters, 72 bits


def new_respondent_token() -> str:
    return secrets.token_urlsafe(18)  # 24 characters, 144 bits: a personal link nobody can guess


def _default_languages() -> list[str]:
    return ["en", "ru", "es"]


class Study(Named):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="studies")
    token = models.CharField(_("public link code"), max_length=32, unique=True, default=new_study_token)
    status = models.CharField(_("status"), max_length=10, choices=c.StudyStatus.choices, default=c.StudyStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    languages = MultiChoiceField(_("languages"), choices_class=c.Language, default=_default_languages)
    consent_text_en = models.TextField(_("consent text (English)"), blank=True)
    consent_text_ru = models.TextField(_("consent text (Russian)"), blank=True)
    consent_text_es = models.TextField(_("consent text (Spanish)"), blank=True)
    ask_comment = models.BooleanField(_("ask for a comment"), default=True)
    ask_customer_type = models.BooleanField(_("ask new or returning customer"), default=False)
    ask_segment = models.BooleanField(_("ask which segment"), default=False)
    brands = models.ManyToManyField(Brand, related_name="studies", verbose_name=_("brands asked about"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Roll-up of answers into ResponseWeekly (see rollup.py): the last response id summed, and the
    # highest id seen at the previous run (folded in at a later run, once in-flight writes are done).
    rolled_up_to = models.BigIntegerField(default=0, editable=False)
    rollup_candidate = models.BigIntegerField(default=0, editable=False)
    rollup_candidate_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "status"])]
        verbose_name = _("study")
        verbose_name_plural = _("studies")

    def consent_text(self, lang: str) -> str:
        return pick(self, "consent_text", lang)

    def accepts_answers(self, now=None) -> bool:
        return self.availability(now) == "open"

    def availability(self, now=None) -> str:
        """'open', 'not_yet', 'paused', 'closed' or 'draft' — what a respondent is told."""
        return answers.availability(self.status, self.opens_at, self.closes_at, now or timezone.now())


class StudyTouchpoint(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="study_touchpoints")
    touchpoint = models.ForeignKey(Touchpoint, on_delete=models.CASCADE, related_name="study_entries")
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    label_ru = models.CharField(_("label (Russian)"), max_length=200, blank=True)
    label_es = models.CharField(_("label (Spanish)"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["study", "touchpoint"], name="feedback_study_touchpoint_unique")]
        verbose_name = _("study touchpoint")
        verbose_name_plural = _("study touchpoints")

    def __str__(self) -> str:
        return self.label()

    def label(self, lang: str | None = None) -> str:
        """The customer-facing label; a blank label falls back to English, then the inventory name."""
        return pick(self, "label", lang) or self.touchpoint.name


class Respondent(models.Model):
    """An anonymous respondent: one per diary link, or one per one-off answer."""

    # No index of its own: the (study, is_diary) index below serves every lookup by study.
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="respondents", db_index=False)
    token = models.CharField(max_length=40, unique=True, default=new_respondent_token)
    is_diary = models.BooleanField(_("diary panel member"), default=False)
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_("An internal note for a diary link, e.g. a panel number. No personal data."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["study", "is_diary"])]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"


class Response(models.Model):
    """One encounter reported by a customer: brand, touchpoint, positivity, likelihood."""

    # No index of its own: the composite indexes below all start with the study.
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="responses", db_index=False)
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="responses")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="feedback_responses")
    touchpoint = models.ForeignKey(Touchpoint, on_delete=models.CASCADE, related_name="feedback_responses")
    positivity = models.SmallIntegerField(_("how positive"))
    likelihood = models.SmallIntegerField(_("likelihood to choose"))
    comment = models.TextField(_("comment"), blank=True, max_length=c.COMMENT_MAX_LENGTH)
    customer_type = models.CharField(_("new or returning"), max_length=10, choices=c.CustomerType.choices, blank=True)
    segment = optional_fk(Segment, verbose_name=_("segment"))
    language = models.CharField(_("language"), max_length=5, choices=c.Language.choices, default=c.Language.EN)
    source = models.CharField(_("source"), max_length=10, default="web", help_text=_("web (public page), api, or demo"))
    created_at = models.DateTimeField(_("answered at"), default=timezone.now, db_index=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(positivity__gte=c.POSITIVITY_MIN) & Q(positivity__lte=c.POSITIVITY_MAX),
                name="feedback_response_positivity_range",
            ),
            models.CheckConstraint(
                condition=Q(likelihood__gte=c.LIKELIHOOD_MIN) & Q(likelihood__lte=c.LIKELIHOOD_MAX),
                name="feedback_response_likelihood_range",
            ),
            models.UniqueConstraint(
                fields=["study", "idempotency_key"],
                name="feedback_response_idempotency_unique",
                condition=Q(idempotency_key__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["study", "touchpoint", "brand"], name="feedback_resp_study_tp_brand"),
            models.Index(fields=["study", "created_at"], name="feedback_resp_study_created"),
            models.Index(fields=["study", "brand", "created_at"], name="feedback_resp_study_brand_at"),
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.brand_id}/{self.touchpoint_id}: {self.positivity:+d}, {self.likelihood}"

    @property
    def sentiment(self) -> str:
        return c.sentiment_of(self.positivity)


class ResponseWeekly(models.Model):
    """Sums of the responses of one ISO week (Monday, UTC) per touchpoint × brand × segment answer,
    so the results page reads a few thousand rows instead of every answer. Responses with an id
    above ``Study.rolled_up_to`` are not in here yet; the results add them from the raw table.
    Several rows may share a key (one per roll-up run): readers sum them."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="weekly")
    week = models.DateField()
    touchpoint = models.ForeignKey(Touchpoint, on_delete=models.CASCADE, related_name="+")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    segment = optional_fk(Segment)
    customer_type = models.CharField(max_length=10, blank=True)
    n = models.IntegerField()
    n_pos = models.IntegerField()
    n_neg = models.IntegerField()
    sum_pos = models.IntegerField()
    sum_like = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["study", "week"], name="feedback_weekly_study_week")]
        verbose_name = _("weekly response sums")
        verbose_name_plural = _("weekly response sums")


class Alert(MemberAlert):
    """A member's e-mail alert on a study: the answers about the own brands that are negative, or
    that carry a comment (``feedback.alerts``)."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("e-mail me"), max_length=10, choices=c.AlertKind.choices)

    class Meta(MemberAlert.Meta):
        constraints = [models.UniqueConstraint(fields=["study", "user"], name="feedback_alert_one_per_member")]
