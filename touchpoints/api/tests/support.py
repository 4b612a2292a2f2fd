"""What the API's bad-input tests share: a client with the owner's token on the populated
workspace, and the check that a refusal is a JSON body with a status and a reason."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

HUGE = 2**63


class Api:
    def __init__(self, populated: Any) -> None:
        self.p = populated
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {populated.token}")
        self.base = f"/api/v1/workspaces/{populated.slug}"

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        url = self.base + path
        if method == "get":
            return self.client.get(url, params)
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return getattr(self.client, method)(url, data=data, content_type="application/json")


def refused(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict) and body["detail"]
    return body
