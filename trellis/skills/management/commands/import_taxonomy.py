"""``python manage.py import_taxonomy [--skills F] [--roles F] [--requirements F]
[--transitions F] [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.org.imports import ImportFileError
from trellis.org.management.commands.import_people import read_import_file, write_report
from trellis.skills.imports import KINDS, taxonomy_import


class Command(BaseCommand):
    help = "Import skills, roles, requirements and transitions from CSV (see docs/imports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        for kind in KINDS:
            parser.add_argument(f"--{kind}", metavar="FILE", help=f"CSV file of {kind}")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report problems and counts; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = {
            kind: (Path(options[kind]).name, read_import_file(options[kind]))
            for kind in KINDS
            if options[kind]
        }
        if not files:
            raise CommandError(
                "Give at least one of --skills, --roles, --requirements, --transitions."
            )
        try:
            reports = taxonomy_import(files=files, dry_run=options["dry_run"])
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for report in reports:
            write_report(self, report, with_label=True)
        rejected = sum(report.rejected for report in reports)
        if rejected:
            raise CommandError(f"{rejected} row{'s' if rejected != 1 else ''} rejected")
