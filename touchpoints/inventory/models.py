from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.inventory import choices as c
from touchpoints.lib.fields import MultiChoiceField
from touchpoints.lib.models import Authored, Named
from touchpoints.workspaces.models import Brand, Segment, Workspace


class Classified(models.Model):
    """The classification axes of SPEC step 2, shared by touchpoints and library templates."""

    area = models.CharField(_("area"), max_length=20, choices=c.Area.choices, blank=True)
    stages = MultiChoiceField(_("purchase stages"), choices_class=c.Stage)
    moment = models.CharField(_("moment of truth"), max_length=10, choices=c.MomentOfTruth.choices, blank=True)
    mode = models.CharField(_("online / offline"), max_length=10, choices=c.Mode.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=c.Channel.choices, blank=True)
    attention = models.CharField(_("attention"), max_length=10, choices=c.Attention.choices, blank=True)
    lifetime = models.CharField(_("lifetime"), max_length=10, choices=c.Lifetime.choices, blank=True)
    senses = MultiChoiceField(_("senses"), choices_class=c.Sense)
    control = models.CharField(_("control"), max_length=20, choices=c.Control.choices, blank=True)

    class Meta:
        abstract = True

    @property
    def phases(self) -> list[str]:
        return c.phases_for(self.stages)


# The axes in declaration order: a new axis is a field of ``Classified`` (and its choices), nothing more.
CLASSIFICATION_FIELDS = [f.name for f in Classified._meta.local_fields]


class Touchpoint(Classified, Named, Authored):
    """A place where a customer meets the business, classified on every axis of the method."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="touchpoints")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    code = models.SlugField(
        _("code"), max_length=80, blank=True, help_text=_("Short identifier used to match interaction logs.")
    )
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.CharField(_("owner (unit)"), max_length=200, blank=True)
    segments = models.ManyToManyField(Segment, blank=True, related_name="touchpoints", verbose_name=_("segments"))
    wow = models.TextField(_("“wow” feature"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Declared in full, not with lib.models.optional_fk: its typing would need the library's model,
    # and the library imports this module.
    template = models.ForeignKey(
        "library.TouchpointTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("library template"),
    )
    review_interval_days = models.PositiveIntegerField(_("review interval, days"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["workspace", "name"]),
            models.Index(fields=["workspace", "channel"]),
            models.Index(fields=["workspace", "area"]),
        ]
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")


# The touchpoint's own fields, in the order the form, the import/export columns and the API show
# them. Declared here once: EDITABLE_FIELDS, the form, the columns and the API schemas derive
# from it (a test holds it equal to the model's editable fields).
TOUCHPOINT_FIELDS = [
    "name",
    "code",
    "parent",
    "description",
    *CLASSIFICATION_FIELDS,
    "owner_unit",
    "segments",
    "wow",
    "notes",
    "review_interval_days",
]
# Fields that name other objects: the services take them as objects, tables as names, the API as ids.
RELATION_FIELDS = ("parent", "segments")
# Set by the system, never by an edit or an import.
SYSTEM_FIELDS = ("workspace", "template", "created_by")


class Presence(models.Model):
    """Whether one brand of the workspace has a touchpoint."""

    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, related_name="presences", verbose_name=_("touchpoint")
    )
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="presences", verbose_name=_("brand"))
    status = models.CharField(
        _("status"), max_length=10, choices=c.PresenceStatus.choices, default=c.PresenceStatus.UNKNOWN
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["touchpoint", "brand"], name="presence_unique")]
        indexes = [models.Index(fields=["brand", "status"])]
        verbose_name = _("brand presence")
        verbose_name_plural = _("brand presences")

    def __str__(self) -> str:
        """VenaCare: Banner ads — the brand and the touchpoint by their names; the status is a
        field of the change (shown by its label in the reader's language), not part of the name."""
        return f"{self.brand}: {self.touchpoint}"
