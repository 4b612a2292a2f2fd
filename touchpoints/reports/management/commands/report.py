"""``touchpoints report WORKSPACE [--language ru] [--audit ID] [--out DIR]``: writes the audit
report of a workspace (or of one of its audits) now, without the background worker, and saves
its PDF, workbook, HTML page and data in ``DIR``, e.g. for a weekly report from cron. The report
is also kept in the workspace's list of reports, like one asked for on its page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from touchpoints.reports import choices as c

FORMATS = ("pdf", "xlsx", "html", "data")


class Command(BaseCommand):
    help = "Write the audit report of a workspace now and save its files (PDF, XLSX, HTML, JSON) in a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("workspace", help="The workspace's address name (its slug), as in /w/<slug>/.")
        parser.add_argument("--language", choices=c.Language.values, default="en", help="The report's language.")
        parser.add_argument("--audit", type=int, help="Report on this audit (its id) instead of the whole workspace.")
        parser.add_argument("--out", default=".", help="The folder to save the files in (made if missing).")

    def handle(self, *args: Any, **options: Any) -> None:
        from touchpoints.audits.models import Audit
        from touchpoints.reports.services import report_generate, report_request
        from touchpoints.workspaces.models import Workspace

        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"No workspace with the address name {options['workspace']!r}.")
        audit = None
        if options["audit"] is not None:
            audit = Audit.objects.filter(pk=options["audit"], workspace=workspace).first()
            if audit is None:
                raise CommandError(f"Workspace {workspace.slug!r} has no audit {options['audit']}.")
        out = Path(options["out"])
        made = [folder for folder in (out, *out.parents) if not folder.exists()]  # the deepest first
        try:  # before the report is written, so an unusable folder costs no time
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot use {out} for the files: {exc.strerror}.") from exc
        try:
            report = report_request(workspace=workspace, language=options["language"], audit=audit, queue=False)
            report_generate(report_id=report.pk)
            report.refresh_from_db()
            if report.status != c.Status.DONE:
                raise CommandError(f"The report failed: {report.error or report.status}")
        except BaseException as exc:
            for folder in made:
                folder.rmdir()  # nothing was saved in them: leave no empty folder behind
            if isinstance(exc, ValidationError):
                raise CommandError(" ".join(exc.messages)) from exc
            raise
        for fmt in FORMATS:
            field = report.file(fmt)
            target = out / Path(str(field.name)).name
            with field.open("rb") as source:
                target.write_bytes(source.read())
            self.stdout.write(str(target))
        self.stdout.write(f"{report.title}: {report.pages} pages")
