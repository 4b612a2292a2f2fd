"""``touchpoints feedback send-alerts [--loop SECONDS]``: e-mail the members' alerts on the
studies' answers (for cron, or a loop beside the web server; the worker does it by itself)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from touchpoints.feedback.alerts import send_alerts
from touchpoints.lib.periodic import add_loop_argument, repeat


class Command(BaseCommand):
    help = "Customer feedback: send-alerts e-mails the members' alerts on new answers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_loop_argument(sub.add_parser("send-alerts", help="e-mail what arrived since each member's last alert"))

    def handle(self, *args: Any, **options: Any) -> None:
        repeat(send_alerts, loop=options["loop"], write=self.stdout.write)
