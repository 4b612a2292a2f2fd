"""Sending: the delay after the visit, reminders bounded at N, opt-out honoured for good."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from touchpoints.reviews import services
from touchpoints.reviews.models import Campaign, Contact, Message, Suppression
from touchpoints.reviews.sending import send_due
from touchpoints.reviews.sms import console

from .conftest import add_contacts

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _start(campaign: Campaign) -> None:
    services.campaign_set_status(campaign=campaign, status="active")


def test_nothing_goes_before_the_delay_after_the_visit(campaign: Campaign) -> None:
    add_contacts(campaign, [["Ana", "ana@example.com", "", "es", "", "Blood test", "2026-11-20 10:00"]], now=T0)
    _start(campaign)
    assert send_due(now=T0 + dt.timedelta(hours=1, minutes=59)).contacts == 0
    assert mail.outbox == []
    assert send_due(now=T0 + dt.timedelta(hours=2)).emails == 1
    assert len(mail.outbox) == 1


def test_a_draft_or_paused_campaign_sends_nothing(campaign: Campaign) -> None:
    add_contacts(campaign, [["Ana", "ana@example.com", "", "es", "", "", "2026-11-20"]], now=T0)
    assert send_due(now=T0 + dt.timedelta(days=5)).contacts == 0
    _start(campaign)
    services.campaign_set_status(campaign=campaign, status="paused")
    assert send_due(now=T0 + dt.timedelta(days=5)).contacts == 0


def test_reminders_are_bounded_at_n_and_spaced_by_the_interval(campaign: Campaign) -> None:
    add_contacts(campaign, [["Ana", "ana@example.com", "+34 911 234 567", "es", "", "", "2026-11-20 10:00"]], now=T0)
    _start(campaign)
    t = T0 + dt.timedelta(hours=2)
    send_due(now=t)
    assert send_due(now=t + dt.timedelta(hours=23)).contacts == 0  # interval not over
    for day in range(1, 10):
        send_due(now=t + dt.timedelta(days=day))
    contact = Contact.objects.get()
    assert contact.messages_sent == 3  # the invitation + max_reminders (2)
    assert contact.next_send_at is None
    assert len(mail.outbox) == 3 and len(console.outbox) == 3
    assert sorted(Message.objects.values_list("number", flat=True)) == [1, 1, 2, 2, 3, 3]


def test_the_email_carries_link_opt_out_pixel_and_one_click_unsubscribe(campaign: Campaign) -> None:
    add_contacts(campaign, [["<b>Ana</b>", "ana@example.com", "", "es", "", "", ""]], now=T0)
    _start(campaign)
    send_due(now=T0 + dt.timedelta(hours=3))
    contact = Contact.objects.get()
    msg = mail.outbox[0]
    assert msg.to == ["ana@example.com"]
    assert "¿Qué le gustó?" in msg.body and f"https://clinic.example/review/{contact.token}/" in msg.body
    assert f"/review/{contact.token}/opt-out/" in msg.body
    html = msg.alternatives[0][0]  # type: ignore[attr-defined]  # an EmailMultiAlternatives
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html and "<b>Ana</b>" not in html
    assert f"/review/{contact.token}/o.gif" in html
    assert msg.extra_headers["List-Unsubscribe"] == f"<https://clinic.example/review/{contact.token}/opt-out/>"
    assert msg.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert contact.delivered_at is not None


def test_opt_out_stops_reminders_in_every_campaign_of_the_workspace(campaign: Campaign, world: Any) -> None:
    other = services.campaign_create(workspace=world.workspace, created_by=None, name="Second", channel="email")
    add_contacts(
        campaign,
        [["Ana", "ana@example.com", "", "es", "", "", ""], ["Bob", "bob@example.com", "", "en", "", "", ""]],
        now=T0,
    )
    add_contacts(other, [["Ana", "ANA@example.com", "", "es", "", "", ""]], now=T0)
    _start(campaign)
    _start(other)
    send_due(now=T0 + dt.timedelta(hours=2))  # campaign: both invited; other: delay 24 h
    ana = Contact.objects.get(campaign=campaign, email="ana@example.com")
    services.contact_opt_out(contact=ana)
    mail.outbox.clear()
    for day in range(1, 6):
        send_due(now=T0 + dt.timedelta(days=day, hours=3))
    assert all("ana@example.com" not in m.to for m in mail.outbox)
    assert [m.to for m in mail.outbox].count(["bob@example.com"]) == 2
    assert Contact.objects.get(campaign=other).messages_sent == 0
    # And for good: a later import of the same address is suppressed at once.
    third = services.campaign_create(workspace=world.workspace, created_by=None, name="Third", channel="email")
    add_contacts(third, [["Ana again", "ana@example.com", "", "es", "", "", ""]], now=T0)
    _start(third)
    send_due(now=T0 + dt.timedelta(days=9))
    assert all("ana@example.com" not in m.to for m in mail.outbox)
    assert Suppression.objects.filter(workspace=world.workspace).count() == 1
    assert "ana@example.com" not in Suppression.objects.get().address_hash  # hashed, not plain


def test_suppression_is_per_workspace(campaign: Campaign, world: Any) -> None:
    add_contacts(campaign, [["Ana", "ana@example.com", "", "es", "", "", ""]], now=T0)
    services.contact_opt_out(contact=Contact.objects.get())
    elsewhere = services.campaign_create(
        workspace=world.other, created_by=None, name="X", channel="email", delay_hours=0
    )
    add_contacts(elsewhere, [["Ana", "ana@example.com", "", "es", "", "", ""]], now=T0)
    _start(elsewhere)
    assert send_due(now=T0 + dt.timedelta(hours=1)).emails == 1


def test_an_answer_stops_the_reminders(campaign: Campaign) -> None:
    add_contacts(campaign, [["Ana", "ana@example.com", "", "es", "", "", ""]], now=T0)
    _start(campaign)
    send_due(now=T0 + dt.timedelta(hours=2))
    services.answer_submit(contact=Contact.objects.get(), language="es", liked="Todo", improve="", recommend=9)
    for day in range(1, 6):
        send_due(now=T0 + dt.timedelta(days=day, hours=3))
    assert len(mail.outbox) == 1


def test_a_failing_backend_counts_and_is_bounded(campaign: Campaign, settings: Any) -> None:
    class Broken:
        def __enter__(self) -> Broken:
            return self

        def __exit__(self, *a: Any) -> None:
            return None

        def send_messages(self, messages: Any) -> int:
            raise OSError("SMTP server down")

    campaign.channel = "email"
    campaign.save()
    add_contacts(campaign, [["Ana", "ana@example.com", "", "es", "", "", ""]], now=T0)
    _start(campaign)
    for day in range(0, 8):
        report = send_due(now=T0 + dt.timedelta(days=day, hours=3), email_connection=Broken())
    contact = Contact.objects.get()
    assert contact.messages_sent == 3 and contact.delivered_at is None and "SMTP server down" in contact.last_error
    assert Message.objects.filter(status="failed").count() == 3
    assert report.contacts == 0


def test_send_due_command_and_task(campaign: Campaign, capsys: Any) -> None:
    from django.core.management import call_command

    add_contacts(campaign, [["Ana", "ana@example.com", "", "es", "", "", "2020-01-01"]], now=timezone.now())
    _start(campaign)
    call_command("reviews", "send-due")
    assert "1 emails" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_task_reschedules_itself_once_on_a_backend_that_can_defer(campaign: Campaign, settings: Any) -> None:
    from django_tasks import default_task_backend

    from touchpoints.reviews.tasks import schedule_next, send_due_messages

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    assert default_task_backend.supports_defer
    assert schedule_next() is True
    assert schedule_next() is False  # one deferred run waiting is enough
    results = default_task_backend.results  # type: ignore[attr-defined]  # the tests' dummy backend
    assert len(results) == 1 and results[0].task.run_after is not None
    assert results[0].task.func is send_due_messages.func
