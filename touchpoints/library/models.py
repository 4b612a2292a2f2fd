"""The built-in library: touchpoint templates, audit criteria per touchpoint kind and journey
templates, loaded from the YAML files in ``library/data`` by ``touchpoints library load``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Classified
from touchpoints.lib.i18n import Picked
from touchpoints.lib.models import OptionalFK, optional_fk


class Translated(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name = Picked()
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description = Picked()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Pack(Translated):
    code = models.SlugField(max_length=40, unique=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("library pack")
        verbose_name_plural = _("library packs")


class CriterionKind(Translated):
    """A kind of touchpoint judged by the same criteria (website, call centre, social…)."""

    code = models.SlugField(max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("touchpoint kind")
        verbose_name_plural = _("touchpoint kinds")


class CriterionTemplate(Translated):
    kind = models.ForeignKey(CriterionKind, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(max_length=60)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="criterion_template_unique")]
        verbose_name = _("library criterion")
        verbose_name_plural = _("library criteria")


class TouchpointTemplate(Translated, Classified):
    code = models.SlugField(max_length=80, unique=True)
    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="templates")
    parent: OptionalFK[TouchpointTemplate] = optional_fk("self", related_name="children")
    kind = optional_fk(CriterionKind)
    position = models.PositiveIntegerField(default=0)
    # All names and descriptions, lower-cased in Python: SQLite's LIKE folds ASCII case only.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["pack__position", "position"]
        verbose_name = _("touchpoint template")
        verbose_name_plural = _("touchpoint templates")


class JourneyTemplate(Translated):
    code = models.SlugField(max_length=80, unique=True)
    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="journeys")
    process_en = models.CharField(max_length=200, blank=True)
    process_ru = models.CharField(max_length=200, blank=True)
    process_es = models.CharField(max_length=200, blank=True)
    process = Picked()
    final_chord = models.BooleanField(default=False)
    next: OptionalFK[JourneyTemplate] = optional_fk("self")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("journey template")
        verbose_name_plural = _("journey templates")


class JourneyTemplateStep(models.Model):
    journey = models.ForeignKey(JourneyTemplate, on_delete=models.CASCADE, related_name="steps")
    template = models.ForeignKey(TouchpointTemplate, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=10, choices=c.Stage.choices)
    expected = models.SmallIntegerField(default=0)
    note_en = models.TextField(blank=True)
    note_ru = models.TextField(blank=True)
    note_es = models.TextField(blank=True)
    note = Picked()

    class Meta:
        ordering = ["journey", "position"]
