from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from touchpoints.demo.services import DEMO_LANGUAGES, DEMO_PASSWORD, DEMO_USERNAME, demo_load


class Command(BaseCommand):
    help = (
        "Creates the demo user and the demo clinic workspace, one per language (idempotent; --reset "
        "recreates them; --lang builds only one)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true")
        parser.add_argument(
            "--lang",
            choices=[*DEMO_LANGUAGES, "all"],
            default="all",
            help="the language of the demo's content (default: one workspace per language)",
        )

    def handle(self, *args: Any, reset: bool = False, lang: str = "all", **options: Any) -> None:
        for language in DEMO_LANGUAGES if lang == "all" else [lang]:
            ws, created = demo_load(reset=reset, language=language)
            state = "created" if created else "already there"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo workspace “{ws.name}” ({language}, /w/{ws.slug}/) {state}: {ws.touchpoints.count()} touchpoints."
                )
            )
        self.stdout.write(f"Log in at {settings.SITE_URL}/accounts/login/ as  {DEMO_USERNAME} / {DEMO_PASSWORD}")
