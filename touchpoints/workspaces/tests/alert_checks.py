"""The check every app's alert API passes: any member reads and sets their own alert, nobody else."""

from __future__ import annotations

from typing import Any

from touchpoints.lib.testing_access import AccessMatrix

API_ALERT = {"owner": 200, "editor": 200, "auditor": 200, "viewer": 200, "outsider": 404, "anonymous": 401}


def check_own_alert_api(access: AccessMatrix, who: str, *, url: str, model: type[Any], kind: str, user: Any) -> None:
    """As ``who``: PUT ``kind`` at ``url``, read it back, refuse an unknown kind (422), remove it."""
    client = access.client(who)
    response = client.put(url, {"kind": kind}, content_type="application/json")
    assert response.status_code == API_ALERT[who] and response["Content-Type"].startswith("application/json")
    if API_ALERT[who] != 200:
        assert not model.objects.exists()
        return
    assert response.json() == {"kind": kind} and client.get(url).json() == {"kind": kind}
    assert model.objects.get().user == user
    bad = client.put(url, {"kind": "telepathy"}, content_type="application/json")
    assert bad.status_code == 422 and "kind" in str(bad.json())
    assert client.put(url, {"kind": ""}, content_type="application/json").json() == {"kind": ""}
    assert not model.objects.exists()
