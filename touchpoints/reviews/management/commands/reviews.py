"""``touchpoints reviews send-due [--loop SECONDS] [--limit N]``: send the review requests and
reminders that are due (for cron, or a loop beside the web server)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Review requests: send-due sends the invitations and reminders that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send-due", help="send the messages that are due now")
        send.add_argument(
            "--loop", type=float, default=0, metavar="SECONDS", help="keep running, sending every SECONDS (0: once)"
        )
        send.add_argument("--limit", type=int, default=None, help="at most this many contacts per run")

    def handle(self, *args: Any, **options: Any) -> None:
        from touchpoints.reviews.sending import send_due

        while True:
            report = send_due(limit=options["limit"])
            self.stdout.write(str(report))
            if not options["loop"]:
                return
            time.sleep(options["loop"])
