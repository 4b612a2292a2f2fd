"""``touchpoints feedback send-alerts [--loop SECONDS]``: e-mail the members' alerts on the
studies' answers (for cron, or a loop beside the web server; the worker does it by itself)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from touchpoints.feedback.alerts import send_alerts


class Command(BaseCommand):
    help = "Customer feedback: send-alerts e-mails the members' alerts on new answers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send-alerts", help="e-mail what arrived since each member's last alert")
        send.add_argument(
            "--loop", type=float, default=0, metavar="SECONDS", help="keep running, sending every SECONDS (0: once)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            sent = send_alerts()
            self.stdout.write(f"{sent.emails} e-mails, {sent.answers} answers")
            if not options["loop"]:
                return
            time.sleep(options["loop"])
