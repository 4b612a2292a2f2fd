"""Backends that deliver nothing: to the console (the default), to files, or to memory (tests)."""

from __future__ import annotations

import sys
import threading
import uuid
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone

from touchpoints.reviews.sms.base import SmsBackend, SmsResult

_lock = threading.Lock()


class ConsoleBackend(SmsBackend):
    """Writes each message to a stream (standard output unless ``stream`` is given)."""

    def __init__(self, stream: IO[str] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str, status_callback: str = "") -> SmsResult:
        sid = "console-" + uuid.uuid4().hex
        with _lock:
            self.stream.write(f"SMS to {to} [{sid}]\n{body}\n{'-' * 60}\n")
            self.stream.flush()
        return SmsResult(provider_id=sid, status="sent")


class FileBackend(SmsBackend):
    """Appends each message to ``<path>/sms-<date>.log`` (``path``: REVIEWS_SMS_FILE_PATH by default)."""

    def __init__(self, path: str | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.path = Path(path or getattr(settings, "REVIEWS_SMS_FILE_PATH", "") or settings.VAR_DIR / "sms")

    def send(self, *, to: str, body: str, status_callback: str = "") -> SmsResult:
        self.path.mkdir(parents=True, exist_ok=True)
        sid = "file-" + uuid.uuid4().hex
        with _lock, open(self.path / f"sms-{timezone.now():%Y%m%d}.log", "a", encoding="utf-8") as fh:
            fh.write(f"{timezone.now().isoformat()} to {to} [{sid}]\n{body}\n{'-' * 60}\n")
        return SmsResult(provider_id=sid, status="sent")


# Messages "sent" through the memory backend, for tests: (to, body) tuples.
outbox: list[tuple[str, str]] = []


class LocmemBackend(SmsBackend):
    def send(self, *, to: str, body: str, status_callback: str = "") -> SmsResult:
        outbox.append((to, body))
        return SmsResult(provider_id=f"locmem-{len(outbox)}", status="sent")
