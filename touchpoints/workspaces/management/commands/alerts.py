"""``touchpoints alerts send [--loop SECONDS]``: e-mail the members' alerts on customers' answers,
every study's and campaign's (for cron, or a loop beside the web server; the worker does it by
itself)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from touchpoints.lib.periodic import add_loop_argument, repeat
from touchpoints.workspaces.alerts import send_all


class Command(BaseCommand):
    help = "Members' alerts: send e-mails each member what arrived since their last alert."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_loop_argument(sub.add_parser("send", help="e-mail what arrived since each member's last alert"))

    def handle(self, *args: Any, **options: Any) -> None:
        repeat(send_all, loop=options["loop"], write=self.stdout.write)
