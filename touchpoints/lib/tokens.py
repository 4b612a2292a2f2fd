"""Secret tokens kept only as a hash (API tokens, calendar feed addresses, share links of reports
and journey maps): the raw value is shown once; a request's token is hashed and looked up by its
hash. Revoking a link or feed is for good.

A model holding such a token inherits :class:`HashedToken` (or :class:`RevocableToken`, for one
that can be revoked, or :class:`ShareLink`, for a read-only link that also expires) and declares
only what is its own: whose it is, what it opens, and its ``Meta`` (``class
Meta(HashedToken.Meta)`` keeps the newest-first order)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, ClassVar, Literal, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touchpoints.lib.models import user_fk


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# What a share link is now: only a live link opens anything.
LinkState = Literal["live", "expired", "revoked"]


class HashedToken(models.Model):
    """Abstract: the first characters of the raw token (``prefix``, so its owner can tell it
    apart in a list) and its hash, when it was made and when it was last used."""

    prefix = models.CharField(max_length=8)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    SHOWN: ClassVar[int] = 6  # characters of the raw token kept in clear as its prefix

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @staticmethod
    def generate() -> str:
        """A new raw token (URL-safe, 256 random bits)."""
        return secrets.token_urlsafe(32)

    @classmethod
    def issue(cls, **fields: Any) -> tuple[Self, str]:
        """A new row with a fresh token, and the raw token: shown once, never stored."""
        raw = cls.generate()
        row = cls._default_manager.create(prefix=raw[: cls.SHOWN], token_hash=hash_token(raw), **fields)
        return row, raw

    @classmethod
    def matching(cls, raw: str) -> models.QuerySet[Self]:
        """The row of a token a request presents (empty when it is none of ours)."""
        return cls._default_manager.filter(token_hash=hash_token(raw))


class RevocableToken(HashedToken):
    """Abstract: a token that stops working for good once revoked (see :func:`revoke`)."""

    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta(HashedToken.Meta):
        abstract = True


def revoke(holder: RevocableToken) -> None:
    """Marks a link or feed revoked from now on; revoking it again keeps the first time."""
    if holder.revoked_at is None:
        holder.revoked_at = timezone.now()
        holder.save(update_fields=["revoked_at"])


class ShareLink(RevocableToken):
    """Abstract: read-only access to one thing (a report, a journey's map) for anyone holding the
    link, until it expires or is revoked; a concrete link adds the foreign key to what it opens."""

    expires_at = models.DateTimeField(gettext_lazy("expires"))
    created_by = user_fk()
    views = models.PositiveIntegerField(default=0)

    MAX_DAYS: ClassVar[int] = 90

    class Meta(RevocableToken.Meta):
        abstract = True
        verbose_name = gettext_lazy("share link")
        verbose_name_plural = gettext_lazy("share links")

    @property
    def state(self) -> LinkState:
        """ "revoked", "expired" or "live": a live link is one :meth:`live` finds."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "live"

    @classmethod
    def share(cls, *, days: int, created_by: Any = None, **target: Any) -> tuple[Self, str]:
        """A new link to ``target`` for ``days`` days, and its raw token (shown once)."""
        if not 1 <= days <= cls.MAX_DAYS:
            raise ValidationError({"days": _("A link lasts from 1 to %(max)d days.") % {"max": cls.MAX_DAYS}})
        return cls.issue(expires_at=timezone.now() + dt.timedelta(days=days), created_by=created_by, **target)

    @classmethod
    def live(cls, raw: str) -> models.QuerySet[Self]:
        """The link of this token if it is neither revoked nor expired — checked on every request,
        so revoking works at once."""
        return cls.matching(raw).filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def count_view(self) -> None:
        type(self)._default_manager.filter(pk=self.pk).update(last_used_at=timezone.now(), views=F("views") + 1)
