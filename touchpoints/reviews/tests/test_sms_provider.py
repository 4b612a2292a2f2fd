"""The Twilio-shaped adapter against a local stand-in HTTP server (no external network)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client

from touchpoints.reviews import services
from touchpoints.reviews.models import Campaign, Contact, Message
from touchpoints.reviews.sending import send_due
from touchpoints.reviews.sms import SmsError, get_backend
from touchpoints.reviews.sms.twilio import TwilioBackend

from .conftest import add_contacts

SID, TOKEN = "AC0123456789abcdef", "secret-token"


class StandIn(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        auth = self.headers.get("Authorization", "")
        expected = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
        StandIn.received.append({"path": self.path, "form": form, "auth": auth})
        if auth != expected:
            return self._json(401, {"code": 20003, "message": "Authenticate"})
        if form.get("To") == "+34600000000":
            return self._json(400, {"code": 21211, "message": "The 'To' number is not a valid phone number."})
        self._json(201, {"sid": f"SM{len(StandIn.received):032d}", "status": "queued", "to": form.get("To")})

    def _json(self, code: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[str]:
    StandIn.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_send_posts_twilios_form_with_basic_auth(stand_in: str) -> None:
    backend = TwilioBackend(account_sid=SID, auth_token=TOKEN, from_number="+15005550006", base_url=stand_in)
    result = backend.send(to="+34911234567", body="Hola", status_callback="https://x.example/cb")
    request = StandIn.received[0]
    assert request["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request["form"] == {
        "To": "+34911234567",
        "Body": "Hola",
        "From": "+15005550006",
        "StatusCallback": "https://x.example/cb",
    }
    assert result.provider_id.startswith("SM") and result.status == "queued"


def test_provider_errors_become_sms_errors(stand_in: str) -> None:
    with pytest.raises(SmsError, match="not a valid phone number"):
        TwilioBackend(account_sid=SID, auth_token=TOKEN, from_number="+1", base_url=stand_in).send(
            to="+34600000000", body="x"
        )
    with pytest.raises(SmsError, match="HTTP 401"):
        TwilioBackend(account_sid=SID, auth_token="wrong", from_number="+1", base_url=stand_in).send(
            to="+3491", body="x"
        )
    with pytest.raises(SmsError, match="unreachable"):
        TwilioBackend(
            account_sid=SID, auth_token=TOKEN, from_number="+1", base_url="http://127.0.0.1:9", timeout=2
        ).send(to="+3491", body="x")


@pytest.mark.django_db
def test_campaign_sends_through_the_provider_and_takes_status_reports(
    stand_in: str, campaign: Campaign, settings: Any
) -> None:
    settings.REVIEWS_SMS_BACKEND = "touchpoints.reviews.sms.twilio.TwilioBackend"
    settings.REVIEWS_SMS_OPTIONS = {
        "account_sid": SID,
        "auth_token": TOKEN,
        "from_number": "+15005550006",
        "base_url": stand_in,
    }
    campaign.channel = "sms"
    campaign.save()
    add_contacts(campaign, [["Ana", "", "+34 911 234 567", "es", "", "", ""]])
    services.campaign_set_status(campaign=campaign, status="active")
    report = send_due(now=Contact.objects.get().next_send_at + dt.timedelta(seconds=1))
    assert report.sms == 1 and isinstance(get_backend(), TwilioBackend)
    contact = Contact.objects.get()
    body = StandIn.received[0]["form"]["Body"]
    assert f"/review/{contact.token}/" in body and "opt-out" in body and "¿" in body
    message = Message.objects.get()
    assert message.provider_status == "queued" and contact.delivered_at is None
    # The provider reports delivery to the callback URL it was given.
    callback = StandIn.received[0]["form"]["StatusCallback"]
    path = urllib.parse.urlparse(callback).path
    report_form = {"MessageSid": message.provider_id, "MessageStatus": "delivered"}
    assert Client().post(path, report_form).status_code == 403  # unsigned
    assert (
        Client().post(path, report_form, HTTP_X_TWILIO_SIGNATURE=_sign(callback, report_form, "wrong")).status_code
        == 403
    )
    response = Client().post(path, report_form, HTTP_X_TWILIO_SIGNATURE=_sign(callback, report_form, TOKEN))
    assert response.status_code == 204
    assert Contact.objects.get().delivered_at is not None
    forged = {"MessageSid": "SMforged", "MessageStatus": "delivered"}
    assert Client().post(path, forged, HTTP_X_TWILIO_SIGNATURE=_sign(callback, forged, TOKEN)).status_code == 404


def _sign(url: str, form: dict[str, str], token: str) -> str:
    """Twilio's request signature, computed independently of the adapter."""
    import hashlib
    import hmac

    data = url + "".join(k + form[k] for k in sorted(form))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


@pytest.mark.django_db
def test_a_misconfigured_provider_fails_the_sms_not_the_run(campaign: Campaign, settings: Any) -> None:
    from django.core import mail

    settings.REVIEWS_SMS_BACKEND = "touchpoints.reviews.sms.twilio.TwilioBackend"
    settings.REVIEWS_SMS_OPTIONS = {}
    add_contacts(campaign, [["Ana", "ana@example.com", "+34 911 234 567", "es", "", "", ""]])
    services.campaign_set_status(campaign=campaign, status="active")
    report = send_due(now=Contact.objects.get().next_send_at)
    assert report.emails == 1 and len(mail.outbox) == 1
    failed = Message.objects.get(channel="sms")
    assert failed.status == "failed" and "SMS provider not available" in failed.error
    assert "SMS provider not available" in Contact.objects.get().last_error
