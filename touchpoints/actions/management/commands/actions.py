"""``touchpoints actions send-reminders [--date YYYY-MM-DD] [--digest]``: deadline reminders, the
weekly digest and due webhook retries, for cron (e.g. every morning). Safe to run more than once
a day: nothing is sent twice for the same action and day.

``touchpoints actions deliver-webhooks``: only the webhook retries that are due."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Action plan chores: send-reminders (reminders, weekly digest, webhook retries), deliver-webhooks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["send-reminders", "deliver-webhooks"])
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--digest", action="store_true", help="Send the weekly digest even if not its day.")

    def handle(self, *args: object, **options: object) -> None:
        from touchpoints.actions.reminders import send_all
        from touchpoints.actions.webhooks import retry_due

        if options["job"] == "deliver-webhooks":
            self.stdout.write(f"webhook deliveries attempted: {retry_due()}")
            return
        try:
            today = dt.date.fromisoformat(str(options["date"])) if options["date"] else None
        except ValueError as exc:
            raise CommandError("--date must look like 2026-11-30") from exc
        counts = send_all(today=today, force_digest=bool(options["digest"]))
        self.stdout.write(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items()))
