"""The customer's review page: stored once, validated, in their language, honeypot, limits."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from touchpoints.reviews import services
from touchpoints.reviews.models import Answer, Campaign, Contact

from .conftest import add_contacts

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(campaign: Campaign) -> list[Contact]:
    add_contacts(
        campaign,
        [
            ["Ana", "ana@example.com", "", "es", "Parents", "Blood test", ""],
            ["Bob", "bob@example.com", "", "en", "", "", ""],
        ],
    )
    return list(Contact.objects.order_by("id"))


def test_the_page_is_in_the_contacts_language_and_switchable(contacts: list[Contact]) -> None:
    ana = contacts[0]
    page = Client().get(f"/review/{ana.token}/").content.decode()
    assert "¿Qué le gustó?" in page and 'lang="es"' in page and "Clinic" not in page.split("<main")[0]
    page = Client().get(f"/review/{ana.token}/?lang=ru").content.decode()
    assert "Что вам понравилось?" in page
    page = Client().get(f"/review/{ana.token}/?lang=en").content.decode()
    assert "What did you like?" in page and "every customer" in page  # no review gating, said on the page
    assert Contact.objects.get(pk=ana.pk).opened_at is not None


def test_an_answer_is_stored_once_and_bound_to_the_link(contacts: list[Contact]) -> None:
    ana, bob = contacts
    client = Client()
    data = {"liked": "La doctora", "improve": "La espera", "recommend": "8", "lang": "es"}
    first = client.post(f"/review/{ana.token}/", data)
    assert first.status_code == 302 and first["Location"].startswith(f"/review/{ana.token}/thanks/")
    again = client.post(f"/review/{ana.token}/", {**data, "recommend": "0"})  # double tap / resend
    assert again.status_code == 302
    answer = Answer.objects.get()
    assert (answer.recommend, answer.liked, answer.segment, answer.visit) == (8, "La doctora", "Parents", "Blood test")
    assert answer.contact_id == ana.pk and Contact.objects.get(pk=ana.pk).answered_at is not None
    assert "¡Gracias!" in client.get(first["Location"]).content.decode()
    # Bob's link stores Bob's answer, whatever the form carries.
    client.post(f"/review/{bob.token}/", {**data, "contact": ana.pk, "campaign": 999})
    assert Answer.objects.filter(contact=bob).count() == 1 and Answer.objects.count() == 2


def test_bad_values_get_a_message_in_the_language_and_nothing_is_stored(contacts: list[Contact]) -> None:
    ana = contacts[0]
    for bad in ({"recommend": "11"}, {"recommend": "x"}, {}, {"recommend": "5", "liked": "a" * 2001}):
        response = Client().post(f"/review/{ana.token}/", {"lang": "ru", "improve": "keep me", **bad})
        assert response.status_code == 400
        text = response.content.decode()
        assert 'role="alert"' in text and "Порекомендуете" in text and "keep me" in text
    assert Answer.objects.count() == 0


def test_honeypot_stores_nothing(contacts: list[Contact]) -> None:
    response = Client().post(f"/review/{contacts[0].token}/", {"recommend": "10", "website": "http://spam"})
    assert response.status_code == 302 and Answer.objects.count() == 0


def test_rate_limit_per_link(contacts: list[Contact], settings: Any) -> None:
    settings.REVIEWS_RATE_PER_LINK = "3/m"
    codes = [Client().post(f"/review/{contacts[0].token}/", {"recommend": "99"}).status_code for _ in range(5)]
    assert codes == [400, 400, 400, 429, 429]


def test_rate_limit_per_address(contacts: list[Contact], settings: Any) -> None:
    settings.REVIEWS_RATE_PER_ADDRESS = "2/m"
    client = Client()
    codes = [client.post(f"/review/{ct.token}/", {"recommend": "x"}).status_code for ct in contacts * 2]
    assert codes[-1] == 429


def test_unknown_or_erased_links_are_not_found(contacts: list[Contact]) -> None:
    ana = contacts[0]
    assert Client().get("/review/not-a-token/").status_code == 404
    services.contact_erase(contact=ana)
    assert Client().get(f"/review/{ana.token}/").status_code == 404


def test_pixel_is_a_gif_without_cookies_and_marks_opened(contacts: list[Contact]) -> None:
    response = Client().get(f"/review/{contacts[1].token}/o.gif")
    assert response["Content-Type"] == "image/gif" and response.content.startswith(b"GIF89a")
    assert not response.cookies and "no-store" in response["Cache-Control"]
    assert Contact.objects.get(pk=contacts[1].pk).opened_at is not None
    assert Client().get("/review/unknown/o.gif").status_code == 200  # never tells what exists


def test_opt_out_confirms_then_holds(contacts: list[Contact]) -> None:
    ana = contacts[0]
    page = Client().get(f"/review/{ana.token}/opt-out/").content.decode()
    assert "¿No recibir más mensajes?" in page
    assert Contact.objects.get(pk=ana.pk).opted_out_at is None  # a link scanner's GET changes nothing
    page = Client().post(f"/review/{ana.token}/opt-out/", {"List-Unsubscribe": "One-Click"}).content.decode()
    assert "no recibirá" in page.lower() or "No le enviaremos" in page or "Hecho" in page
    ana.refresh_from_db()
    assert ana.opted_out_at is not None and ana.next_send_at is None


def test_public_page_sets_no_cookie(contacts: list[Contact]) -> None:
    response = Client().get(f"/review/{contacts[0].token}/")
    assert not response.cookies


def test_the_review_page_names_the_app_icon(contacts: list[Contact]) -> None:
    """The public review page links the app's icon, so the browser asks for no /favicon.ico (a 404)."""
    from django.templatetags.static import static

    page = Client().get(f"/review/{contacts[0].token}/").content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}"' in page
