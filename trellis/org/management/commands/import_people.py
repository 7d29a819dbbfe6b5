"""``python manage.py import_people FILE [--dry-run] [--full-export]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from trellis.org.imports import ImportFileError, ImportReport, people_import
from trellis.org.management.import_command import ImportCommand, read_import_file


class Command(ImportCommand):
    help = "Import people from an HRIS CSV export (see docs/imports.md)."
    with_label = False

    def add_inputs(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file (UTF-8; comma, semicolon or tab separated)")
        parser.add_argument(
            "--full-export",
            action="store_true",
            help="The file holds everyone: mark people absent from it inactive.",
        )

    def run_import(self, *, dry_run: bool, **options: Any) -> list[ImportReport]:
        name: str = options["file"]
        data = read_import_file(name)
        report = people_import(
            data=data,
            file_name=Path(name).name,
            dry_run=dry_run,
            full_export=options["full_export"],
            tick=self.tick,
        )
        return [report]

    def file_error(self, exc: ImportFileError, **options: Any) -> str:
        return f"{options['file']}: {exc}"
