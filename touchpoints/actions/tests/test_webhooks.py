"""Outgoing webhooks: refused addresses, the signature, retries with back-off and the log, tested
against a stand-in receiver on 127.0.0.1 (private addresses allowed only in that test)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.server
import ipaddress
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from touchpoints.actions import choices as c
from touchpoints.actions import services, webhooks
from touchpoints.actions.models import WebhookDelivery, WebhookEndpoint
from touchpoints.actions.netguard import check_url, is_public


class Receiver:
    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.fail_next = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                failing = receiver.fail_next > 0
                receiver.fail_next -= 1
                self.send_response(503 if failing else 204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook?team=1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    with Receiver() as r:
        yield r


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://localhost:8000/",
        "http://10.1.2.3/",
        "http://192.168.0.10/hook",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
    ],
)
def test_it_refuses_private_loopback_link_local_and_reserved_addresses(world: Any, url: str) -> None:
    with pytest.raises(ValidationError) as err:
        services.webhook_create(workspace=world.workspace, url=url)
    assert "url" in err.value.message_dict
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "https://user:pw@example.com/",
        "gopher://127.0.0.1:70/",
    ],
)
def test_it_refuses_other_schemes_and_credentials(world: Any, url: str) -> None:
    with pytest.raises(ValidationError):
        services.webhook_create(workspace=world.workspace, url=url)


def test_every_resolved_address_is_checked(monkeypatch: Any) -> None:
    """A name resolving to a public and a private address is refused."""

    def fake(host: str, port: int, type: int = 0) -> list[Any]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with pytest.raises(ValidationError) as err:
        check_url("https://mixed.example/hook")
    assert "10.0.0.7" in str(err.value)


def test_public_addresses_pass() -> None:
    assert is_public(ipaddress.ip_address("93.184.216.34"))
    assert not is_public(ipaddress.ip_address("fd00::1"))
    assert not is_public(ipaddress.ip_address("fe80::1"))


def test_the_page_shows_a_clear_message_for_a_private_address(world: Any) -> None:
    response = world.client("owner").post(f"/w/{world.slug}/actions/webhooks/", {"url": "http://192.168.1.1/x"})
    assert response.status_code == 400
    assert "private" in response.content.decode() and "192.168.1.1" in response.content.decode()


def test_a_change_is_delivered_signed(plan: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any) -> None:
    endpoint = services.webhook_create(workspace=plan.workspace, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_set_status(action=plan.actions[0], status=c.Status.DONE)
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    stamp = headers["X-Touchpoints-Timestamp"]
    expected = "sha256=" + hmac.new(endpoint.secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Touchpoints-Signature"], expected)
    payload = json.loads(body)
    assert payload["event"] == "action.status_changed"
    assert payload["data"]["status"] == "done" and payload["data"]["previous_status"] == "planned"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (c.DeliveryStatus.DELIVERED, 1, 204)


def test_failures_are_retried_with_growing_pauses_then_given_up(
    plan: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    services.webhook_create(workspace=plan.workspace, url=receiver.url)
    receiver.fail_next = 2
    with django_capture_on_commit_callbacks(execute=True):
        services.action_update(action=plan.actions[0], title="Answer in two rings")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (c.DeliveryStatus.RETRYING, 1, 503)
    first_wait = delivery.next_attempt_at - timezone.now()
    # Not due yet: the periodic pass leaves it alone.
    assert webhooks.retry_due() == 0
    assert webhooks.retry_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.status == c.DeliveryStatus.RETRYING
    assert delivery.next_attempt_at - timezone.now() > first_wait
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    webhooks.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == c.DeliveryStatus.DELIVERED and len(receiver.requests) == 3
    # Delivered is final: a late retry sends nothing more.
    webhooks.attempt(delivery.pk)
    assert len(receiver.requests) == 3


def test_it_gives_up_after_the_last_attempt(plan: Any, receiver: Receiver) -> None:
    endpoint = services.webhook_create(workspace=plan.workspace, url=receiver.url)
    receiver.fail_next = 100
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=c.Event.UPDATED, payload={})
    for _ in range(webhooks.MAX_ATTEMPTS):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
        webhooks.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == c.DeliveryStatus.FAILED and delivery.attempts == webhooks.MAX_ATTEMPTS


def test_backoff_doubles() -> None:
    assert [webhooks.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_an_address_that_turns_private_later_is_refused_at_send_time(plan: Any, settings: Any) -> None:
    """DNS rebinding: the endpoint was accepted when public; at send time it resolves to loopback."""
    endpoint = WebhookEndpoint.objects.create(workspace=plan.workspace, url="http://127.0.0.1:9/hook")
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=c.Event.UPDATED, payload={})
    webhooks.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == c.DeliveryStatus.REFUSED and "private" in delivery.error


def test_the_delivery_log_shows_on_the_page(
    plan: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    services.webhook_create(workspace=plan.workspace, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_delete(action=plan.actions[1])
    page = plan.world.client("owner").get(f"/w/{plan.world.slug}/actions/webhooks/").content.decode()
    assert "Action deleted" in page and "Delivered" in page


def test_only_the_workspaces_own_endpoints_are_called(
    plan: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    WebhookEndpoint.objects.create(workspace=plan.world.other, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_set_status(action=plan.actions[0], status=c.Status.DONE)
    assert receiver.requests == []


def test_deadline_moved_is_not_a_status_change(
    plan: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    services.webhook_create(workspace=plan.workspace, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_update(action=plan.actions[0], deadline=timezone.localdate() + dt.timedelta(days=30))
    assert json.loads(receiver.requests[0][1])["event"] == "action.updated"
