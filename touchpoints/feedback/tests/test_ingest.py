"""The lean submit path in front of Django (touchpoints.feedback.ingest), as the production server
runs it: a valid answer is stored once and redirected without Django; anything else reaches the
view and the respondent sees the same pages as before. Outside a test transaction (autocommit, as
in production)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, RequestFactory

from touchpoints.feedback import services
from touchpoints.feedback.ingest import SubmissionFastPath
from touchpoints.feedback.models import Respondent, Response
from touchpoints.feedback.tests.helpers import answer_data

pytestmark = pytest.mark.django_db(transaction=True)


class Reply:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status_code = int(status[:3])
        self.headers = dict(headers)
        self.text = body.decode()


class Server:
    """The production WSGI stack (lean path + Django), recording which requests reached Django."""

    def __init__(self) -> None:
        self.django = WSGIHandler()
        self.reached_django = 0
        self.app = SubmissionFastPath(self._django)

    def _django(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.reached_django += 1
        return self.django(environ, start_response)

    def post(self, path: str, data: dict[str, Any], **extra: Any) -> Reply:
        request = RequestFactory().post(
            path, urlencode(data), content_type="application/x-www-form-urlencoded", **extra
        )
        seen: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            seen.update(status=status, headers=headers)

        result = self.app(request.environ, start_response)
        body = b"".join(result)
        getattr(result, "close", lambda: None)()
        return Reply(seen["status"], seen["headers"], body)


@pytest.fixture
def server() -> Server:
    return Server()


def test_valid_answer_is_stored_once_without_django(study: Any, server: Server) -> None:
    data = answer_data(study, Client(), lang="es")
    first = server.post(f"/s/{study.token}/", data)
    again = server.post(f"/s/{study.token}/", data)  # a double tap, or a resend after a timeout
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == f"/s/{study.token}/thanks/?lang=es"
    assert server.reached_django == 0
    row = Response.objects.get()
    assert (row.positivity, row.likelihood, row.comment, row.language, row.source) == (
        1,
        8,
        "Friendly staff",
        "es",
        "web",
    )
    assert Respondent.objects.count() == 1


def test_same_headers_as_django_would_send(study: Any, server: Server) -> None:
    lean = server.post(f"/s/{study.token}/", answer_data(study, Client()))
    django = Client().post(f"/s/{study.token}/", answer_data(study, Client()))
    assert server.reached_django == 0
    assert lean.headers == {k: v for k, v in django.headers.items()}
    assert Response.objects.count() == 2


def test_invalid_field_gets_the_message_in_the_respondents_language(study: Any, server: Server) -> None:
    data = answer_data(study, Client(), lang="es", likelihood="11")
    reply = server.post(f"/s/{study.token}/", data)
    assert reply.status_code == 400
    assert "Elija un número del 0 al 10." in reply.text
    assert Response.objects.count() == 0 and Respondent.objects.count() == 0


def test_brand_or_touchpoint_outside_the_study_is_refused(study: Any, other_study: Any, server: Server) -> None:
    foreign_tp = other_study.study_touchpoints.first().touchpoint
    reply = server.post(f"/s/{study.token}/", answer_data(study, Client(), touchpoint=foreign_tp.pk))
    assert reply.status_code == 400 and "Please choose where you met us from the list." in reply.text
    assert Response.objects.count() == 0


def test_key_of_another_study_is_refused(study: Any, other_study: Any, server: Server) -> None:
    data = answer_data(study, Client())
    data["key"] = answer_data(other_study, Client())["key"]
    reply = server.post(f"/s/{study.token}/", data)
    assert reply.status_code == 400 and "belongs to another survey" in reply.text
    forged = server.post(f"/s/{study.token}/", {**data, "key": "abc:def"})
    assert forged.status_code == 400
    assert Response.objects.count() == 0


def test_honeypot_is_thanked_and_nothing_stored(study: Any, server: Server) -> None:
    reply = server.post(f"/s/{study.token}/", answer_data(study, Client(), website="http://spam.example"))
    assert reply.status_code == 303 and reply.headers["Location"].endswith("/thanks/?lang=en")
    assert Response.objects.count() == 0 and Respondent.objects.count() == 0


def test_closed_study_refuses_answers(study: Any, server: Server) -> None:
    data = answer_data(study, Client(), lang="es")
    services.study_set_status(study=study, status="closed")
    reply = server.post(f"/s/{study.token}/", data)
    assert reply.status_code == 403 and "Esta encuesta ha terminado" in reply.text
    assert Response.objects.count() == 0


def test_rate_limit_per_address_counts_each_post_once(study: Any, server: Server, settings: Any) -> None:
    settings.FEEDBACK_RATE_PER_ADDRESS = "3/m"
    post = lambda **kw: server.post(f"/s/{study.token}/", answer_data(study, Client(), **kw))  # noqa: E731
    # An invalid post counts too, once (the lean path counted it; the view that answers does not again).
    assert post(likelihood="99").status_code == 400
    assert [post().status_code for _ in range(3)] == [303, 303, 429]
    limited = post(lang="es")
    assert limited.status_code == 429 and "Demasiadas respuestas a la vez" in limited.text
    assert Response.objects.count() == 2


def test_rate_limit_per_link(study: Any, server: Server, settings: Any) -> None:
    settings.FEEDBACK_RATE_PER_LINK = "1/m"
    first = server.post(f"/s/{study.token}/", answer_data(study, Client()), REMOTE_ADDR="10.0.0.1")
    second = server.post(f"/s/{study.token}/", answer_data(study, Client()), REMOTE_ADDR="10.0.0.2")
    assert (first.status_code, second.status_code) == (303, 429)
    assert Response.objects.count() == 1


def test_deep_link_decides_brand_and_touchpoint(study: Any, server: Server) -> None:
    brand = study.brands.get(is_own=False)
    tp = study.study_touchpoints.get(label_en="Front desk").touchpoint
    url = f"/s/{study.token}/{brand.pk}/{tp.pk}/"
    data = answer_data(study, Client(), url=url, brand=999999, touchpoint=999999)
    reply = server.post(url, data)
    assert reply.status_code == 303 and reply.headers["Location"] == url + "thanks/?lang=en"
    assert server.reached_django == 0
    row = Response.objects.get()
    assert (row.brand_id, row.touchpoint_id) == (brand.pk, tp.pk)


def test_unknown_study_and_other_requests_go_to_django(study: Any, server: Server) -> None:
    assert server.post("/s/nope-nope/", {"key": "x"}).status_code == 404
    member = services.diary_links_create(study=study, count=1)[0]
    url = f"/s/{study.token}/r/{member.token}/"
    assert server.post(url, answer_data(study, Client(), url=url)).status_code == 303
    assert server.reached_django == 2
    assert Response.objects.get().respondent_id == member.pk


def test_unknown_host_is_left_to_django(study: Any, server: Server) -> None:
    reply = server.post(f"/s/{study.token}/", answer_data(study, Client()), HTTP_HOST="evil.example")
    assert reply.status_code == 400
    assert Response.objects.count() == 0
