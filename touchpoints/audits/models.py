"""Audits (SPEC step 4): criteria per touchpoint kind, audit campaigns, and the answers.

A workspace has its own editable copy of the criteria (``Criterion``), seeded from the library's
``CriterionTemplate`` rows and from a built-in general set. An ``Audit`` walks a list of
touchpoints (``AuditItem``, in order); each item keeps the checklist of criteria and weights it
is scored on, frozen when the audit starts, so later edits to criteria never rewrite a finished
audit. Each auditor's answers are kept apart (``Score`` per criterion, ``Assessment`` per
touchpoint), with the raw answer as given and its 0–100 value.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.audits import choices as c
from touchpoints.lib.i18n import pick, pick_dict
from touchpoints.lib.models import Authored, Named, OptionalFK, StatusColored, optional_fk, user_fk
from touchpoints.workspaces.models import Brand, Segment, Workspace

if TYPE_CHECKING:
    from touchpoints.library.models import CriterionTemplate

GENERAL_KIND = "general"
# Criteria of this kind are never part of a kind's default checklist: only where attached.
CUSTOM_KIND = "custom"


class Criterion(models.Model):
    """A criterion a workspace judges touchpoints by. ``name`` and ``description`` left blank
    show the library's (or the built-in general set's) text in the reader's language."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="audit_criteria")
    kind = models.SlugField(_("touchpoint kind"), max_length=40, default=GENERAL_KIND)
    code = models.SlugField(_("code"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1000"))],
        help_text=_("How much this criterion counts in the touchpoint's score, relative to the others."),
    )
    active = models.BooleanField(_("active"), default=True)
    from_template: OptionalFK[CriterionTemplate] = optional_fk(
        "library.CriterionTemplate", verbose_name=_("library criterion")
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "from_template"],
                name="audit_criterion_template_unique",
                condition=models.Q(from_template__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["workspace", "kind", "code"], name="audit_criterion_code_unique", condition=~models.Q(code="")
            ),
        ]
        indexes = [models.Index(fields=["workspace", "kind"])]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self._text("name", builtin=True, otherwise=self.code)

    @property
    def help(self) -> str:
        return self._text("description", builtin=self.kind == GENERAL_KIND, otherwise="")

    def _text(self, field: str, *, builtin: bool, otherwise: str) -> str:
        """The criterion's own ``field``, else its library criterion's, else (where ``builtin``)
        the built-in general set's, else ``otherwise``."""
        own: str = getattr(self, field)
        if own:
            return own
        if self.from_template_id is not None and self.from_template is not None:
            return pick(self.from_template, field)
        texts = _general_text(self.code) if builtin else {}
        return pick_dict(texts.get(field)) if texts else otherwise


def _general_text(code: str) -> dict:
    from touchpoints.audits.library import general_criteria

    return general_criteria().get(code, {})


class CriterionAttachment(models.Model):
    """An explicit checklist for one touchpoint. A touchpoint without any is scored on the
    criteria of its kind (see ``audits.selectors.default_criteria``)."""

    touchpoint = models.ForeignKey("inventory.Touchpoint", on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["touchpoint", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["touchpoint", "criterion"], name="criterion_attachment_unique")]


class Audit(StatusColored, Named, Authored):
    STATUS_COLORS = c.STATUS_COLORS

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="audits")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="audits", verbose_name=_("brand"))
    method = models.CharField(_("method"), max_length=20, choices=c.Method.choices, default=c.Method.SELF)
    scope = models.CharField(_("scope"), max_length=20, choices=c.ScopeKind.choices, default=c.ScopeKind.ALL)
    # The journey walked when scope = journey. A plain id, not a foreign key: the journeys app
    # may not be installed yet, and an audit must outlive the journey it walked.
    journey_id = models.PositiveIntegerField(_("journey"), null=True, blank=True)
    journey_name = models.CharField(max_length=200, blank=True)
    scale = models.CharField(_("scale"), max_length=10, choices=c.Scale.choices, default=c.Scale.POINTS)
    segment = optional_fk(
        Segment,
        related_name="audits",
        verbose_name=_("segment perspective"),
        help_text=_(
            "Whose eyes the auditors look through (Jiffy Lube's design was made by men, for men, while "
            "seven in ten of its customers were women)."
        ),
    )
    auditors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_audits", verbose_name=_("auditors")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    instructions = models.TextField(_("instructions for auditors"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=c.Status.choices, default=c.Status.DRAFT)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Touchpoint scores frozen at submission ({"overall": x, "touchpoints": {id: score}}): what
    # comparisons, the review list and the journey map read, without recomputing old audits.
    summary = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "status"]), models.Index(fields=["workspace", "brand"])]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")

    @property
    def is_finished(self) -> bool:
        return self.status in c.FINISHED

    @property
    def audit_date(self):  # noqa: ANN201 - a date
        """The day the audit stands for: its end date, else when it was submitted or created."""
        if self.ends_on:
            return self.ends_on
        moment = self.submitted_at or self.started_at or self.created_at
        return moment.date() if moment else None


class AuditItem(models.Model):
    """A touchpoint in an audit's scope, in walking order, with its frozen checklist."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="items")
    touchpoint = models.ForeignKey("inventory.Touchpoint", on_delete=models.CASCADE, related_name="audit_items")
    position = models.PositiveIntegerField(default=0)
    # [[criterion id, weight], ...] — what this touchpoint is scored on in this audit.
    checklist = models.JSONField(default=list)

    class Meta:
        ordering = ["audit", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["audit", "touchpoint"], name="audit_item_unique")]

    def __str__(self) -> str:
        """Self-audit · Website: the audit and the touchpoint by their names (the history of
        changes keeps this text, written once and read in any language)."""
        return f"{self.audit} · {self.touchpoint}"

    @property
    def criterion_ids(self) -> list[int]:
        return [int(cid) for cid, _w in self.checklist]


class Score(models.Model):
    """One auditor's answer to one criterion: the raw answer as given and its 0–100 value."""

    item = models.ForeignKey(
        AuditItem, on_delete=models.CASCADE, related_name="scores", verbose_name=_("audited touchpoint")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.RESTRICT, related_name="scores", verbose_name=_("criterion")
    )
    auditor = user_fk(verbose_name=_("auditor"))
    raw = models.CharField(_("answer"), max_length=20, blank=True)
    value = models.FloatField(_("score, 0–100"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "criterion", "auditor"], name="audit_score_unique")]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")

    def __str__(self) -> str:
        """Self-audit · Website · Politeness: the audited touchpoint and the criterion."""
        return f"{self.item} · {self.criterion}"


class Assessment(models.Model):
    """One auditor's view of a whole touchpoint: overall impression, the internal expectation and
    the ideal it is compared with (raw, on the audit's scale, and 0–100), a note, N/A."""

    item = models.ForeignKey(
        AuditItem, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("audited touchpoint")
    )
    auditor = user_fk(verbose_name=_("auditor"))
    impression = models.CharField(_("overall impression"), max_length=10, choices=c.Impression.choices, blank=True)
    expectation_raw = models.CharField(_("internal expectation"), max_length=20, blank=True)
    expectation = models.FloatField(null=True, blank=True)
    ideal_raw = models.CharField(_("ideal"), max_length=20, blank=True)
    ideal = models.FloatField(null=True, blank=True)
    note = models.TextField(_("evidence note"), blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "auditor"], name="audit_assessment_unique")]
        verbose_name = _("touchpoint assessment")
        verbose_name_plural = _("touchpoint assessments")

    def __str__(self) -> str:
        """Self-audit · Website: the audited touchpoint."""
        return str(self.item)


def evidence_path(instance: Evidence, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"audits/{instance.item.audit.workspace_id}/{instance.item.audit_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A photo, recording or document backing an answer; served only through a permission check."""

    item = models.ForeignKey(AuditItem, on_delete=models.CASCADE, related_name="evidence")
    auditor = user_fk()
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
