"""Model declarations shared by the apps, so that each is written once.

``optional_fk`` is a link that may be empty and is emptied when its target goes; ``user_fk`` is the
same kind of link to a user account (who created, owns or changed a row), kept when the person's
account is deleted. Both return the field ``models.ForeignKey`` would, so migrations see no
difference. Typing: with a model class the related type is inferred; with a lazy reference
(``"app.Model"`` or ``"self"``) annotate the attribute, e.g. ``run: OptionalFK[AnalysisRun] = ...``.

``Named`` is a row people know by its name, ``Authored`` one that records who created it and
when; ``StatusColored`` gives a model with a status its ``status_color`` (the pill on lists and
pages).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeAlias, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_M = TypeVar("_M", bound=models.Model)

OptionalFK: TypeAlias = "models.ForeignKey[_M | None, _M | None]"


def optional_fk(
    to: type[_M] | str,
    *,
    related_name: str = "+",
    verbose_name: StrOrPromise | None = None,
    help_text: StrOrPromise = "",
    blank: bool = True,
) -> OptionalFK[_M]:
    """A link that may be empty (``null``; optional in forms unless ``blank=False``) and is
    emptied when its target is deleted (``SET_NULL``)."""
    return models.ForeignKey(
        to,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name=related_name,
        verbose_name=verbose_name,
        help_text=help_text,
    )


def user_fk(
    *, related_name: str = "+", verbose_name: StrOrPromise | None = None, blank: bool = False
) -> OptionalFK[User]:
    """A user account (who created, owns or last changed the row); empty once the account is
    deleted. Not optional in forms unless ``blank=True``."""
    return optional_fk(settings.AUTH_USER_MODEL, related_name=related_name, verbose_name=verbose_name, blank=blank)


class Named(models.Model):
    """Abstract: a row known by its name (a workspace, brand, segment, touchpoint, journey, study,
    campaign, audit or analysis run), which is also how it prints."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Authored(models.Model):
    """Abstract: who created the row (see ``user_fk``) and when."""

    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class HasStatus(Protocol):
    """A model with a ``status`` field (what the status mixins here and in ``lib.jobs`` read)."""

    status: str


class _Colored(HasStatus, Protocol):
    STATUS_COLORS: ClassVar[Mapping[str, str]]


class StatusColored:
    """Mixin for a model with a ``status`` field: ``status_color``, the colour its app gives the
    status (``STATUS_COLORS``, set on the model) in status pills; grey for a status without one."""

    STATUS_COLORS: ClassVar[Mapping[str, str]] = {}

    @property
    def status_color(self: _Colored) -> str:
        return self.STATUS_COLORS.get(self.status, "#667085")
