"""``python manage.py import_esco DIR [--dry-run]``: skills, skill tree, roles and
requirements from ESCO CSV files (ESCO's own layout or Tabiya's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.org.imports import ImportFileError
from trellis.org.management.commands.import_people import write_report
from trellis.skills.esco import esco_import


class Command(BaseCommand):
    help = "Import a folder of ESCO CSV files (see docs/taxonomy-imports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="Folder holding occupations_en.csv and friends")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report problems and counts; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            reports = esco_import(directory=Path(options["directory"]), dry_run=options["dry_run"])
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for report in reports:
            write_report(self, report, with_label=True)
        rejected = sum(report.rejected for report in reports)
        if rejected:
            raise CommandError(f"{rejected} row{'s' if rejected != 1 else ''} rejected")
