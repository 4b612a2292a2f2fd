from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from touchpoints.demo.services import DEMO_PASSWORD, DEMO_USERNAME, demo_load


class Command(BaseCommand):
    help = "Creates the demo user and the demo clinic workspace (idempotent; --reset recreates it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true")

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        ws, created = demo_load(reset=reset)
        state = "created" if created else "already there"
        self.stdout.write(self.style.SUCCESS(f"Demo workspace “{ws.name}” {state}: {ws.touchpoints.count()} touchpoints."))
        self.stdout.write(f"Log in at {settings.SITE_URL}/accounts/login/ as  {DEMO_USERNAME} / {DEMO_PASSWORD}")
