"""Review-request sending benchmark: 10,000 contacts invited by email through Django's console
email backend writing to /dev/null (so the figure is our work — choosing who is due, checking
the suppression list, rendering the text and HTML messages in the contact's language, handing
them to the backend, logging each message and updating each contact — not a terminal's speed).

Target: < 60 s for 10,000 requests.

Run by hand (not a test):

    .venv/bin/python benchmarks/reviews/send_10k.py [--contacts 10000] [--channel email|both]

It uses its own SQLite file under benchmarks/out/, or DATABASE_URL if set (PostgreSQL, as in
production: then the batches are taken with SELECT … FOR UPDATE SKIP LOCKED). With
``--channel both`` every contact also gets an SMS through the console SMS backend (/dev/null).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402

OUT = setup("reviews")

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.mail import get_connection  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--channel", choices=["email", "both"], default="email")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from touchpoints.reviews import services
    from touchpoints.reviews.models import Contact, Message, Suppression, address_hash, new_token
    from touchpoints.reviews.sending import due_contacts, send_due
    from touchpoints.reviews.sms.console import ConsoleBackend
    from touchpoints.workspaces.models import Workspace
    from touchpoints.workspaces.services import workspace_create

    if due_contacts(timezone.now() + dt.timedelta(days=365)).exclude(workspace__slug="reviews-bench").exists():
        sys.exit(
            "This database has review requests of other workspaces that would be sent too (send_due sends "
            "everything due). Use an empty database: set DATABASE_URL to a new one, or unset it for SQLite."
        )
    user, _ = get_user_model().objects.get_or_create(username="reviews-bench")
    Workspace.objects.filter(slug="reviews-bench").delete()
    ws = workspace_create(name="Reviews bench", owner=user, own_brand="Bench Clinic", slug="reviews-bench")
    campaign = services.campaign_create(
        workspace=ws,
        created_by=user,
        name="Bench",
        channel=args.channel,
        delay_hours=0,
        max_reminders=2,
        reminder_interval_hours=24,
    )
    now = timezone.now()
    langs = ["en", "ru", "es"]
    t0 = time.perf_counter()
    Contact.objects.bulk_create(
        [
            Contact(
                campaign=campaign,
                workspace=ws,
                name=f"Customer {i}",
                email=f"customer{i}@example.com",
                phone=f"+3491{1000000 + i:07d}" if args.channel == "both" else "",
                language=langs[i % 3],
                visit="Blood test",
                visited_at=now - dt.timedelta(hours=1),
                token=new_token(),
                next_send_at=now,
            )
            for i in range(args.contacts)
        ],
        batch_size=2000,
    )
    # A suppression list of 1,000 addresses, 100 of them among the contacts (never sent to).
    Suppression.objects.bulk_create(
        [
            Suppression(workspace=ws, address_hash=address_hash(ws.pk, f"customer{i * 100}@example.com"))
            for i in range(100)
        ]
        + [Suppression(workspace=ws, address_hash=address_hash(ws.pk, f"other{i}@example.com")) for i in range(900)]
    )
    services.campaign_set_status(campaign=campaign, status="active")
    from django.urls import reverse

    reverse("reviews_public:answer", args=["warm-up"])  # load the URLconf, as a running worker has
    print(
        f"set-up: {args.contacts} contacts in {time.perf_counter() - t0:.1f} s "
        f"({os.environ.get('DATABASE_URL', 'SQLite').split('@')[-1]})"
    )

    with open(os.devnull, "w") as devnull:
        connection = get_connection("django.core.mail.backends.console.EmailBackend", stream=devnull)
        sms = ConsoleBackend(stream=devnull)
        t0, c0 = time.perf_counter(), time.process_time()
        report = send_due(now=now + dt.timedelta(seconds=1), email_connection=connection, sms_backend=sms)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    sent = report.contacts - report.skipped
    print(f"send_due: {report}")
    print(
        f"{sent} review requests ({report.emails} emails, {report.sms} SMS) in {elapsed:.1f} s "
        f"= {sent / elapsed:.0f} per second; target < 60 s for 10,000: {'met' if elapsed < 60 else 'NOT met'}"
    )
    print(
        f"CPU time of this process: {cpu:.1f} s (the rest of the wall time is the database and, on a busy "
        f"machine, waiting for a core; load average now {os.getloadavg()[0]:.1f})"
    )
    assert Message.objects.filter(contact__campaign=campaign).count() == report.emails + report.sms
    assert report.skipped == 100
    Workspace.objects.filter(slug="reviews-bench").delete()


if __name__ == "__main__":
    main()
