"""What editors and viewers see and do on the workspace pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from touchpoints.reviews import services
from touchpoints.reviews.models import Answer, Campaign, Contact, MessageTemplate
from touchpoints.reviews.selectors import campaign_counts
from touchpoints.reviews.sending import send_due

from .conftest import add_contacts, three_answers

pytestmark = pytest.mark.django_db


def test_create_campaign_with_bad_input_keeps_what_was_typed(world: Any) -> None:
    client = world.client("editor")
    url = f"/w/{world.slug}/reviews/new/"
    response = client.post(
        url,
        {"name": "Spring", "channel": "fax", "delay_hours": "2", "max_reminders": "9", "reminder_interval_hours": "24"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="Spring"' in text and "fax" in text
    response = client.post(
        url,
        {
            "name": "Spring",
            "channel": "email",
            "delay_hours": "2",
            "max_reminders": "1",
            "reminder_interval_hours": "24",
        },
    )
    assert response.status_code == 302 and Campaign.objects.get().name == "Spring"


def test_message_templates_are_editable_per_workspace_and_sandboxed(world: Any, campaign: Campaign) -> None:
    client = world.client("owner")
    url = f"/w/{world.slug}/reviews/messages/email/en/"
    assert "How was your visit" in client.get(url).content.decode()
    bad = client.post(url, {"subject": "Hi", "body": "{% debug %} {{ link }} {{ opt_out_link }}"})
    assert bad.status_code == 400 and "not allowed" in bad.content.decode()
    no_link = client.post(url, {"subject": "Hi", "body": "Hello {{ name }} {{ opt_out_link }}"})
    assert no_link.status_code == 400
    assert MessageTemplate.objects.count() == 0
    ok = client.post(
        url,
        {"subject": "{{ business }} asks", "body": "Dear {{ name }}, tell us: {{ link }}\n\nStop: {{ opt_out_link }}"},
    )
    assert ok.status_code == 302
    campaign.channel = "email"
    campaign.save()
    add_contacts(
        campaign, [["Bob", "bob@example.com", "", "en", "", "", ""], ["Ana", "ana@example.com", "", "es", "", "", ""]]
    )
    services.campaign_set_status(campaign=campaign, status="active")
    send_due(now=Contact.objects.order_by("-next_send_at").first().next_send_at)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert by_to["bob@example.com"].subject == "Our clinic asks" and by_to["bob@example.com"].body.startswith(
        "Dear Bob"
    )
    assert "¿Qué le gustó?" in by_to["ana@example.com"].body  # Spanish still the default
    # Back to the default.
    client.post(url, {"reset": "1", "body": "x"})
    assert MessageTemplate.objects.count() == 0


def test_erasing_a_contact_keeps_the_anonymous_answer(world: Any, campaign: Campaign) -> None:
    add_contacts(campaign, [["Ana Secret", "ana@example.com", "+34911234567", "es", "Parents", "Doctor", ""]])
    contact = Contact.objects.get()
    services.answer_submit(contact=contact, language="es", liked="Bien", improve="", recommend=7)
    old_token = contact.token
    response = world.client("editor").post(f"/w/{world.slug}/reviews/{campaign.pk}/contacts/{contact.pk}/erase/")
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone) == ("", "", "") and contact.erased_at
    assert contact.token != old_token
    answer = Answer.objects.get()
    assert (answer.liked, answer.recommend, answer.segment) == ("Bien", 7, "Parents")
    page = world.client("editor").get(f"/w/{world.slug}/reviews/{campaign.pk}/answers/").content.decode()
    assert "Ana Secret" not in page and "Bien" in page
    assert campaign_counts(campaign).answered == 1


def test_funnel_counts_and_chart(world: Any, campaign: Campaign) -> None:
    add_contacts(campaign, [[f"P{i}", f"p{i}@example.com", "", "en", "", "", ""] for i in range(5)])
    services.campaign_set_status(campaign=campaign, status="active")
    send_due(now=Contact.objects.first().next_send_at)
    first, second, third = Contact.objects.order_by("id")[:3]
    services.contact_mark_opened(contact=first)
    services.answer_submit(contact=second, language="en", liked="", improve="", recommend=3)
    services.contact_opt_out(contact=third)
    counts = campaign_counts(campaign)
    assert (counts.contacts, counts.sent, counts.delivered, counts.opened, counts.answered, counts.opted_out) == (
        5,
        5,
        5,
        2,
        1,
        1,
    )
    page = world.client("viewer").get(f"/w/{world.slug}/reviews/{campaign.pk}/").content.decode()
    assert 'id="review-funnel"' in page and "review gating" in page
    assert "<li><strong>3</strong> </li>" in page  # a score without words: no dash leading to nothing
    assert f'<a href="/w/{world.slug}/reviews/">← Review requests</a>' in page  # back, as from an audit


def test_answer_filters(world: Any, campaign: Campaign) -> None:
    add_contacts(
        campaign,
        [
            ["A", "a@example.com", "", "en", "Parents", "Doctor", ""],
            ["B", "b@example.com", "", "ru", "", "Reception", ""],
        ],
    )
    a, b = Contact.objects.order_by("id")
    services.answer_submit(contact=a, language="en", liked="Kind doctor", improve="", recommend=10)
    services.answer_submit(contact=b, language="ru", liked="", improve="Очередь", recommend=4)
    client = world.client("viewer")
    url = f"/w/{world.slug}/reviews/{campaign.pk}/answers/"
    assert "Kind doctor" not in client.get(url + "?language=ru").content.decode()
    assert "Очередь" in client.get(url + "?score_max=5").content.decode()
    assert "Kind doctor" not in client.get(url + "?q=очередь").content.decode()
    assert "Очередь" not in client.get(url + "?segment=Parents").content.decode()
    csv = client.get(f"/w/{world.slug}/reviews/{campaign.pk}/answers.csv?language=en").content.decode("utf-8-sig")
    assert "Kind doctor" in csv and "Очередь" not in csv


def test_an_editor_turns_a_review_into_an_action_without_the_customers_name(world: Any, campaign: Campaign) -> None:
    from touchpoints.inventory.services import touchpoint_create

    desk = touchpoint_create(workspace=world.workspace, name="Reception desk")
    three_answers(campaign)
    url = f"/w/{world.slug}/reviews/{campaign.pk}/answers/"
    assert "Plan an action" not in world.client("viewer").get(url).content.decode()
    rows = dict((answer.contact.name, link) for answer, link in world.client("editor").get(url).context["rows"])
    assert rows["Cleo"] == ""  # nothing written: nothing to plan from
    form = world.client("editor").get(rows["Ana Pérez"]).context["form"]
    assert form.initial["touchpoint"] == str(desk.pk)  # the visit found in the inventory, in any case
    assert form.initial["title"] == "Follow up: Esperé 40 minutos"  # what to improve first
    assert "would recommend 3 of 10" in form.initial["description"] and "Ana" not in form.initial["description"]
    form = world.client("editor").get(rows["Bob"]).context["form"]
    assert form.initial["touchpoint"] is None and form.initial["title"] == "Follow up: Easy to park"


def test_list_pages_make_a_bounded_number_of_queries(world: Any, campaign: Campaign, pages_within: Any) -> None:
    add_contacts(campaign, [[f"P{i}", f"p{i}@example.com", "", "en", "", "", ""] for i in range(60)])
    for ct in Contact.objects.all()[:40]:
        services.answer_submit(contact=ct, language="en", liked="ok", improve="", recommend=8)
    client = world.client("editor")
    base = f"/w/{world.slug}/reviews"
    pages_within(client, 15, f"{base}/", *(f"{base}/{campaign.pk}/{p}" for p in ("", "answers/", "contacts/")))


def test_demo_clinic_gets_a_campaign(world: Any) -> None:
    from touchpoints.reviews.demo import demo_reviews

    demo_reviews(world.workspace)
    campaign = Campaign.objects.get(workspace=world.workspace)
    counts = campaign_counts(campaign)
    assert counts.contacts == 200 and counts.answered > 40 and counts.opted_out > 5 and counts.waiting > 0
    assert Contact.objects.filter(erased_at__isnull=False).count() == 2
    demo_reviews(world.workspace)  # idempotent
    assert Campaign.objects.filter(workspace=world.workspace).count() == 1
