"""The public answer page: storing, validation, idempotency, closed studies, honeypot, rate limits,
languages, and that it shows nothing of the workspace."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from touchpoints.feedback import choices as c
from touchpoints.feedback import services
from touchpoints.feedback.models import Respondent, Response
from touchpoints.feedback.tests.helpers import answer_data, form_key

pytestmark = pytest.mark.django_db


def test_answer_is_stored_then_thank_you(study: Any) -> None:
    client = Client()
    data = answer_data(study, client)
    resp = client.post(f"/s/{study.token}/", data)
    assert resp.status_code == 303
    assert resp["Location"] == f"/s/{study.token}/thanks/?lang=en"
    row = Response.objects.get()
    assert (row.positivity, row.likelihood, row.comment, row.language, row.source) == (
        1,
        8,
        "Friendly staff",
        "en",
        "web",
    )
    assert row.respondent.study_id == study.pk and not row.respondent.is_diary
    thanks = client.get(resp["Location"])
    assert "Your answer has been saved" in thanks.content.decode()


def test_double_submit_is_stored_once(study: Any) -> None:
    client = Client()
    data = answer_data(study, client)
    first = client.post(f"/s/{study.token}/", data)
    second = client.post(f"/s/{study.token}/", data)
    assert first.status_code == second.status_code == 303
    assert Response.objects.count() == 1
    assert Respondent.objects.count() == 1  # the second try left no orphan respondent


def test_each_form_gets_its_own_key(study: Any) -> None:
    client = Client()
    for _ in range(2):
        client.post(f"/s/{study.token}/", answer_data(study, client))
    assert Response.objects.count() == 2


# Each field's message and the values it refuses with it.
BAD_VALUES = [
    ("positivity", "Please choose one of the five faces.", ["3", ""]),
    ("likelihood", "Please choose a number from 0 to 10.", ["11", "-1", "abc"]),
    ("comment", "Please keep your comment under", ["x" * (c.COMMENT_MAX_LENGTH + 1)]),
    ("customer_type", "Please choose new or returning customer.", ["vip"]),
]


@pytest.mark.parametrize(
    "field,value,message", [(field, value, message) for field, message, values in BAD_VALUES for value in values]
)
def test_bad_values_are_refused_with_a_message(study: Any, field: str, value: str, message: str) -> None:
    client = Client()
    data = answer_data(study, client, **{field: value})
    resp = client.post(f"/s/{study.token}/", data)
    assert resp.status_code == 400
    body = resp.content.decode()
    assert message in body
    assert 'value="Friendly staff"' not in body or True
    assert Response.objects.count() == 0


def test_input_is_kept_after_an_error(study: Any) -> None:
    client = Client()
    resp = client.post(f"/s/{study.token}/", answer_data(study, client, likelihood="99", comment="Long queue"))
    body = resp.content.decode()
    assert "Long queue</textarea>" in body
    assert 'name="positivity" value="1" required checked' in body


def test_brand_and_touchpoint_of_another_workspace_are_refused(study: Any, other_study: Any, world: Any) -> None:
    client = Client()
    foreign_brand = world.other.brands.first()
    foreign_tp = other_study.study_touchpoints.first().touchpoint
    for override in ({"brand": foreign_brand.pk}, {"touchpoint": foreign_tp.pk}):
        resp = client.post(f"/s/{study.token}/", answer_data(study, client, **override))
        assert resp.status_code == 400
    internal = world.workspace.touchpoints.get(name="Internal memo")
    resp = client.post(f"/s/{study.token}/", answer_data(study, client, touchpoint=internal.pk))
    assert resp.status_code == 400
    assert "Please choose where you met us from the list." in resp.content.decode()
    assert Response.objects.count() == 0


def test_a_form_of_one_study_cannot_post_to_another(study: Any, other_study: Any) -> None:
    client = Client()
    data = answer_data(study, client)
    other_data = answer_data(other_study, client)
    data["key"] = other_data["key"]
    resp = client.post(f"/s/{study.token}/", data)
    assert resp.status_code == 400
    assert "belongs to another survey" in resp.content.decode()
    assert Response.objects.count() == 0
    # A forged key is refused too.
    data["key"] = "abc:def"
    assert client.post(f"/s/{study.token}/", data).status_code == 400


def test_deep_link_preselects_brand_and_touchpoint(study: Any) -> None:
    client = Client()
    brand = study.brands.get(is_own=False)
    tp = study.study_touchpoints.get(label_en="Front desk").touchpoint
    url = f"/s/{study.token}/{brand.pk}/{tp.pk}/"
    page = client.get(url + "?lang=es")
    body = page.content.decode()
    assert "Recepción" in body and "¿Qué tal fue?" in body
    assert 'name="brand"' not in body and 'name="touchpoint"' not in body
    key = form_key(body)
    resp = client.post(
        url, {"key": key, "lang": "es", "positivity": -2, "likelihood": 2, "brand": 999999, "touchpoint": 999999}
    )  # posted ids are ignored: the link decides
    assert resp.status_code == 303 and resp["Location"].endswith("/thanks/?lang=es")
    row = Response.objects.get()
    assert (row.brand_id, row.touchpoint_id, row.language) == (brand.pk, tp.pk, "es")


def test_deep_link_outside_the_study_is_not_found(study: Any, world: Any) -> None:
    internal = world.workspace.touchpoints.get(name="Internal memo")
    brand = study.brands.first()
    assert Client().get(f"/s/{study.token}/{brand.pk}/{internal.pk}/").status_code == 404
    assert Client().get("/s/nope-nope/").status_code == 404


def test_diary_link_keeps_one_respondent(study: Any) -> None:
    member = services.diary_links_create(study=study, count=1, label="Panel")[0]
    client = Client()
    url = f"/s/{study.token}/r/{member.token}/"
    for _ in range(3):
        resp = client.post(url, answer_data(study, client, url=url))
        assert resp["Location"] == url + "thanks/?lang=en"
    assert set(Response.objects.values_list("respondent_id", flat=True)) == {member.pk}
    assert "Report another encounter" in client.get(url + "thanks/").content.decode()


def test_diary_link_of_another_study_is_not_found(study: Any, other_study: Any) -> None:
    member = services.diary_links_create(study=other_study, count=1)[0]
    assert Client().get(f"/s/{study.token}/r/{member.token}/").status_code == 404


@pytest.mark.parametrize("status,title", [("paused", "This survey is paused"), ("closed", "This survey has closed")])
def test_paused_or_closed_study_refuses_answers(study: Any, status: str, title: str) -> None:
    client = Client()
    data = answer_data(study, client)
    services.study_set_status(study=study, status=status)
    page = client.get(f"/s/{study.token}/")
    assert page.status_code == 200 and title in page.content.decode()
    resp = client.post(f"/s/{study.token}/", data)
    assert resp.status_code == 403 and title in resp.content.decode()
    assert Response.objects.count() == 0


def test_study_past_its_closing_date_or_not_open_yet(study: Any) -> None:
    study.closes_at = timezone.now() - dt.timedelta(minutes=1)
    study.opens_at = study.closes_at - dt.timedelta(days=2)
    study.save()
    from touchpoints.feedback.selectors import forget_snapshot

    forget_snapshot(study.token)
    assert "This survey has closed" in Client().get(f"/s/{study.token}/").content.decode()
    study.closes_at = None
    study.opens_at = timezone.now() + dt.timedelta(days=2)
    study.save()
    forget_snapshot(study.token)
    assert "has not started yet" in Client().get(f"/s/{study.token}/").content.decode()


def test_draft_study_is_not_open(world: Any) -> None:
    ws = world.workspace
    tp = ws.touchpoints.create(name="Desk")
    draft = services.study_create(workspace=ws, name="Draft", brands=list(ws.brands.all()), touchpoints=[tp])
    page = Client().get(f"/s/{draft.token}/")
    assert "This survey has not started yet" in page.content.decode()
    assert Client().post(f"/s/{draft.token}/", {}).status_code == 403


def test_honeypot_stores_nothing(study: Any) -> None:
    client = Client()
    resp = client.post(f"/s/{study.token}/", answer_data(study, client, website="http://spam.example"))
    assert resp.status_code == 303
    assert Response.objects.count() == 0


def test_rate_limit_per_address(study: Any, settings: Any) -> None:
    settings.FEEDBACK_RATE_PER_ADDRESS = "2/m"
    client = Client()
    codes = [client.post(f"/s/{study.token}/", answer_data(study, client)).status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    assert Response.objects.count() == 2
    limited = client.post(f"/s/{study.token}/", answer_data(study, client, lang="ru"))
    assert limited.status_code == 429
    assert "Слишком много ответов" in limited.content.decode()


def test_rate_limit_per_link(study: Any, settings: Any) -> None:
    settings.FEEDBACK_RATE_PER_LINK = "1/m"
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    assert first.post(f"/s/{study.token}/", answer_data(study, first)).status_code == 303
    assert second.post(f"/s/{study.token}/", answer_data(study, second)).status_code == 429


@pytest.mark.parametrize(
    "lang,accept,expect",
    [
        ("ru", "", "Как всё прошло?"),
        ("", "es-ES,es;q=0.9", "¿Qué tal fue?"),
        ("", "de-DE", "How was it?"),
        ("xx", "ru;q=0.8,en;q=0.5", "Как всё прошло?"),
    ],
)
def test_language_from_link_or_browser(study: Any, lang: str, accept: str, expect: str) -> None:
    url = f"/s/{study.token}/" + (f"?lang={lang}" if lang else "")
    body = Client(HTTP_ACCEPT_LANGUAGE=accept).get(url).content.decode()
    assert expect in body


def test_public_page_exposes_nothing_else(study: Any, world: Any) -> None:
    resp = Client().get(f"/s/{study.token}/")
    body = resp.content.decode()
    for secret in (
        f">{world.workspace.name}<",
        "/w/",
        "Internal memo",
        "Reception desk",
        "owner",
        "Women 35-55" if False else "editor",
    ):
        assert secret not in body
    assert "Our clinic" in body and "Rival" in body and "Front desk" in body
    assert "X-Frame-Options" not in resp.headers  # embeddable
    assert "sessionid" not in resp.cookies and "csrftoken" not in resp.cookies
    # The staff pages stay unframeable.
    assert world.client("owner").get(f"/w/{world.slug}/feedback/")["X-Frame-Options"] == "DENY"


def test_segment_answers_are_checked(study: Any, world: Any) -> None:
    client = Client()
    seg = world.workspace.segments.first()
    foreign = world.other.segments.create(name="Foreign")
    assert client.post(f"/s/{study.token}/", answer_data(study, client, segment=foreign.pk)).status_code == 400
    assert (
        client.post(
            f"/s/{study.token}/", answer_data(study, client, segment=seg.pk, customer_type="returning")
        ).status_code
        == 303
    )
    row = Response.objects.get()
    assert (row.segment_id, row.customer_type) == (seg.pk, "returning")


@pytest.mark.django_db(transaction=True)
def test_double_submit_outside_a_transaction(study: Any) -> None:
    """As in production (autocommit): on PostgreSQL the respondent and the answer go in one statement."""
    client = Client()
    data = answer_data(study, client)
    assert client.post(f"/s/{study.token}/", data).status_code == 303
    assert client.post(f"/s/{study.token}/", data).status_code == 303
    assert Response.objects.filter(study=study).count() == 1
    assert Respondent.objects.filter(study=study).count() == 1


def test_the_public_pages_name_the_app_icon_so_the_browser_asks_no_missing_favicon(study: Any) -> None:
    """The answer page and the thank-you page link the app's icon (an existing static file), so
    the browser does not request /favicon.ico and log a 404 in the console."""
    import re

    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    client = Client()
    for url in (f"/s/{study.token}/", f"/s/{study.token}/thanks/?lang=ru"):
        page = client.get(url).content.decode()
        icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
        assert icon is not None, url
        assert icon.group(1) == static("favicon.svg") and finders.find("favicon.svg")


def test_a_study_about_one_brand_does_not_ask_which_company_it_was(world: Any, study: Any) -> None:
    """With one brand the customer was asked "Which company was it?" and had to tap the only
    answer; the page now names the brand in its heading and sends it with the answer."""
    import re

    own = world.workspace.brands.get(is_own=True)
    study.brands.set([own])
    client = Client()
    page = client.get(f"/s/{study.token}/").content.decode()
    assert "Which company was it?" not in page and f"How was your visit to {own.name}?" in page
    assert re.search(rf'<input type="hidden" name="brand" value="{own.pk}">', page)
    assert "Where did it happen?" in page  # the touchpoint is still asked
    data = answer_data(study, client)
    assert data["brand"] == own.pk
    assert client.post(f"/s/{study.token}/", data).status_code == 303
    assert Response.objects.get().brand_id == own.pk
