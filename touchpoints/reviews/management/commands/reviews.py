"""``touchpoints reviews send-due [--loop SECONDS] [--limit N]``: send the review requests and
reminders that are due (for cron, or a loop beside the web server)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from touchpoints.lib.periodic import add_loop_argument, repeat


class Command(BaseCommand):
    help = "Review requests: send-due sends the invitations and reminders that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send-due", help="send the messages that are due now")
        add_loop_argument(send)
        send.add_argument("--limit", type=int, default=None, help="at most this many contacts per run")

    def handle(self, *args: Any, **options: Any) -> None:
        from touchpoints.reviews.sending import send_due

        repeat(lambda: send_due(limit=options["limit"]), loop=options["loop"], write=self.stdout.write)
