"""Twilio's Programmable Messaging REST API (and providers that copy its shape).

``POST {base_url}/2010-04-01/Accounts/{account_sid}/Messages.json`` with HTTP basic auth
(account SID and auth token) and a form body ``To``, ``Body`` and ``From`` (or
``MessagingServiceSid``), optionally ``StatusCallback``. The answer is JSON with ``sid`` and
``status``; errors are JSON with ``code`` and ``message``. ``base_url`` is configurable so a
compatible provider, or a local stand-in server in tests, can take Twilio's place.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from touchpoints.reviews.sms.base import SmsBackend, SmsError, SmsResult


class TwilioBackend(SmsBackend):
    def __init__(
        self,
        *,
        account_sid: str = "",
        auth_token: str = "",
        from_number: str = "",
        messaging_service_sid: str = "",
        base_url: str = "https://api.twilio.com",
        timeout: float = 10.0,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        if not account_sid or not auth_token or not (from_number or messaging_service_sid):
            raise SmsError("Twilio needs account_sid, auth_token and from_number or messaging_service_sid")
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    @property
    def url(self) -> str:
        return f"{self.base_url}/2010-04-01/Accounts/{urllib.parse.quote(self.account_sid)}/Messages.json"

    def send(self, *, to: str, body: str, status_callback: str = "") -> SmsResult:
        form = {"To": to, "Body": body}
        if self.messaging_service_sid:
            form["MessagingServiceSid"] = self.messaging_service_sid
        else:
            form["From"] = self.from_number
        if status_callback:
            form["StatusCallback"] = status_callback
        credentials = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(form).encode(),
            method="POST",
            headers={
                "Authorization": f"Basic {credentials}",
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                payload = json.loads(response.read().decode("utf-8") or "{}")
        except urllib.error.HTTPError as exc:
            raise SmsError(_error_text(exc)) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"provider unreachable: {exc}") from exc
        except ValueError as exc:
            raise SmsError("provider answered with something that is not JSON") from exc
        sid = str(payload.get("sid") or "")
        if not sid:
            raise SmsError("provider answer has no message id")
        return SmsResult(provider_id=sid, status=str(payload.get("status") or "queued"))

    def verify_callback(self, *, url: str, params: dict[str, str], headers: Any) -> bool:
        """Twilio signs each request: base64(HMAC-SHA1(auth token, URL + every POST key and value
        in key order)) in the ``X-Twilio-Signature`` header."""
        signature = headers.get("X-Twilio-Signature", "")
        payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
        expected = base64.b64encode(
            hmac.new(self.auth_token.encode(), payload.encode(), hashlib.sha1).digest()
        ).decode()
        return bool(signature) and hmac.compare_digest(signature, expected)


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        payload = json.loads(exc.read().decode("utf-8"))
        return f"HTTP {exc.code}: {payload.get('message', '')} (code {payload.get('code', '?')})"[:300]
    except (ValueError, OSError):
        return f"HTTP {exc.code}"
