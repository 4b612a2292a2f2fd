"""The provider interface: one method, ``send``, returning the provider's id and status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class SmsError(Exception):
    """The provider refused the message or could not be reached; the text says why."""


@dataclass(frozen=True)
class SmsResult:
    provider_id: str
    # The provider's own word ("queued", "sent", "delivered", "failed", …).
    status: str

    @property
    def delivered(self) -> bool:
        return self.status in {"sent", "delivered"}


class SmsBackend:
    """Subclass and implement ``send``. ``status_callback`` is the URL the provider may call
    with later delivery reports, when it supports that."""

    def __init__(self, **options: Any) -> None:
        self.options = options

    def send(self, *, to: str, body: str, status_callback: str = "") -> SmsResult:
        raise NotImplementedError

    def verify_callback(self, *, url: str, params: dict[str, str], headers: Any) -> bool:
        """Is a delivery report at ``url`` really from the provider? Backends that sign their
        reports check the signature; the default trusts the unguessable URL alone."""
        return True
