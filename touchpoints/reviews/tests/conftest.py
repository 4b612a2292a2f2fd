from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from touchpoints.reviews import services
from touchpoints.reviews.models import Campaign
from touchpoints.reviews.sms import console


@pytest.fixture(autouse=True)
def _reviews_settings(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REVIEWS_SMS_BACKEND = "touchpoints.reviews.sms.console.LocmemBackend"
    settings.REVIEWS_SMS_OPTIONS = {}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://clinic.example"
    console.outbox.clear()
    cache.clear()


@pytest.fixture
def campaign(world: Any) -> Campaign:
    return services.campaign_create(
        workspace=world.workspace,
        created_by=world.users["editor"],
        name="After visits",
        channel="both",
        delay_hours=2,
        max_reminders=2,
        reminder_interval_hours=24,
    )


HEADER = ["name", "email", "phone", "language", "segment", "visit", "visit_date"]


def add_contacts(campaign: Campaign, rows: list[list[str]], **kw: Any) -> int:
    created, faults = services.contacts_import(campaign=campaign, header=HEADER, rows=rows, **kw)
    assert not faults, [str(f) for f in faults]
    return created


def three_answers(campaign: Campaign) -> None:
    """Ana, unhappy, with words (her visit written loosely: "reception DESK "); Bob, happy, with
    words; Cleo, unhappy, without words."""
    from touchpoints.reviews.models import Contact

    add_contacts(
        campaign,
        [
            ["Ana Pérez", "ana@example.com", "", "es", "", "reception DESK ", ""],
            ["Bob", "bob@example.com", "", "en", "", "Parking", ""],
            ["Cleo", "cleo@example.com", "", "en", "", "", ""],
        ],
    )
    ana, bob, cleo = Contact.objects.filter(campaign=campaign).order_by("id")
    services.answer_submit(contact=ana, language="es", liked="Amables", improve="Esperé 40 minutos", recommend=3)
    services.answer_submit(contact=bob, language="en", liked="Easy to park", improve="", recommend=9)
    services.answer_submit(contact=cleo, language="en", liked="", improve="", recommend=2)
