from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from touchpoints.library.loader import library_load
from touchpoints.library.selectors import template_list


class Command(BaseCommand):
    help = "The built-in library: `library load` loads the YAML files; `library list [QUERY]` searches it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "list"])
        parser.add_argument("query", nargs="?", default="")

    def handle(self, *args: Any, action: str, query: str, **options: Any) -> None:
        if action == "load":
            counts = library_load()
            if not counts["templates"]:
                raise CommandError("No library templates found.")
            self.stdout.write(
                self.style.SUCCESS(
                    "Library loaded: {packs} packs, {templates} touchpoint templates, {kinds} kinds with {criteria} "
                    "criteria, {journeys} journey templates.".format(**counts)
                )
            )
        else:
            for t in template_list(q=query):
                self.stdout.write(f"{t.code:40} {t.name_en} / {t.name_ru} / {t.name_es}")
