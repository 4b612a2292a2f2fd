"""Outgoing webhooks on action changes: a signed JSON payload POSTed to each active endpoint of
the workspace, retried with exponential back-off, every attempt logged.

Signature (the receiver checks it with the endpoint's secret)::

    X-Touchpoints-Timestamp: 1764421200
    X-Touchpoints-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>

The timestamp is part of what is signed, so a captured request cannot be replayed later with a
new timestamp; receivers should refuse timestamps older than a few minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from touchpoints.actions import choices as c
from touchpoints.actions.models import WebhookDelivery, WebhookEndpoint
from touchpoints.actions.netguard import check_url, parse

MAX_ATTEMPTS = 6
FIRST_DELAY = dt.timedelta(seconds=30)
TIMEOUT = 5.0
USER_AGENT = "Touchpoints-Webhook/1"


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the n-th failed attempt: 30 s, 1 min, 2 min, 4 min, 8 min…"""
    return FIRST_DELAY * (2 ** max(0, attempts - 1))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return "sha256=" + digest


def body_of(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "id": delivery.pk,
        "event": delivery.event,
        "created": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def announce(*, workspace_id: int, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """A delivery per active endpoint, each sent by the background worker."""
    from touchpoints.actions.tasks import deliver_webhook

    deliveries = [
        WebhookDelivery.objects.create(endpoint=ep, event=event, payload=payload)
        for ep in WebhookEndpoint.objects.filter(workspace_id=workspace_id, active=True)
    ]
    for delivery in deliveries:
        deliver_webhook.enqueue(delivery.pk)
    return deliveries


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to an address already checked, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, ip: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POSTs to the URL after checking every address it resolves to now; returns the status code.
    Redirects are not followed (a redirect could lead anywhere)."""
    scheme, host, port = parse(url)
    addresses = check_url(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    conn_class = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    conn = conn_class(host, port, str(addresses[0]), TIMEOUT)
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read(65536)
        return response.status
    finally:
        conn.close()


def attempt(delivery_id: int, *, now: dt.datetime | None = None) -> WebhookDelivery | None:
    """One attempt at one delivery; schedules the next on failure. Safe to call twice: a
    delivery already delivered or given up on is left alone."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").filter(pk=delivery_id).first()
        if delivery is None or delivery.status in (
            c.DeliveryStatus.DELIVERED,
            c.DeliveryStatus.FAILED,
            c.DeliveryStatus.REFUSED,
        ):
            return delivery
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > (now or timezone.now()):
            return delivery  # not due yet (the periodic command and a queued retry both come by)
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    endpoint = delivery.endpoint
    body = body_of(delivery)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Touchpoints-Event": delivery.event,
        "X-Touchpoints-Delivery": str(delivery.pk),
        "X-Touchpoints-Timestamp": str(timestamp),
        "X-Touchpoints-Signature": sign(endpoint.secret, timestamp, body),
    }
    code: int | None = None
    error = ""
    refused = False
    try:
        code = post(endpoint.url, body, headers)
    except ValidationError as exc:
        refused = True
        error = (
            "; ".join(m for msgs in exc.message_dict.values() for m in msgs)
            if hasattr(exc, "error_dict")
            else "; ".join(exc.messages)
        )
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    now = timezone.now()
    delivery.response_code = code
    delivery.error = error[:500]
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = c.DeliveryStatus.DELIVERED, now, None
    elif refused:
        delivery.status, delivery.next_attempt_at = c.DeliveryStatus.REFUSED, None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = c.DeliveryStatus.FAILED, None
    else:
        if code is not None and not error:
            delivery.error = f"HTTP {code}"
        delivery.status, delivery.next_attempt_at = c.DeliveryStatus.RETRYING, now + backoff(delivery.attempts)
    delivery.save(update_fields=["status", "delivered_at", "next_attempt_at", "response_code", "error"])
    if delivery.status == c.DeliveryStatus.RETRYING:
        _schedule_retry(delivery)
    return delivery


def _schedule_retry(delivery: WebhookDelivery) -> None:
    """With a queueing backend the retry is queued for its time; otherwise the periodic command
    (``touchpoints actions send-reminders``) picks up deliveries that are due."""
    from django_tasks import default_task_backend

    from touchpoints.actions.tasks import deliver_webhook

    if getattr(default_task_backend, "supports_defer", False):
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)


def retry_due(*, now: dt.datetime | None = None) -> int:
    """Attempts every delivery whose retry time has come; returns how many."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(
            status__in=[c.DeliveryStatus.RETRYING, c.DeliveryStatus.PENDING], next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        attempt(pk, now=now)
    return len(ids)
