"""``python manage.py import_people FILE [--dry-run] [--full-export]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.org.imports import ImportFileError, ImportReport, check_size, people_import


def read_import_file(name: str) -> bytes:
    """The file's bytes, refusing a missing or oversized file before reading it whole."""
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"File not found: {name}")
    try:
        check_size(path.stat().st_size)
    except ImportFileError as exc:
        raise CommandError(f"{name}: {exc}") from exc
    return path.read_bytes()


def write_report(command: BaseCommand, report: ImportReport, *, with_label: bool = False) -> None:
    """Warnings, then each rejected row's problems, then the summary line last."""
    label = f"{report.label}: " if with_label else ""
    for warning in report.warnings:
        command.stdout.write(f"{label}warning: {warning}")
    for problem in report.sorted_problems():
        command.stdout.write(f"{label}{problem}")
    if report.deactivated:
        verb = "would be" if report.dry_run else "were"
        command.stdout.write(f"{report.deactivated} people absent from the file {verb} deactivated")
    command.stdout.write(report.summary_line(with_label=with_label))


class Command(BaseCommand):
    help = "Import people from an HRIS CSV export (see docs/imports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file (UTF-8; comma, semicolon or tab separated)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report problems and counts; change nothing."
        )
        parser.add_argument(
            "--full-export",
            action="store_true",
            help="The file holds everyone: mark people absent from it inactive.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["file"]
        data = read_import_file(name)
        try:
            report = people_import(
                data=data,
                file_name=Path(name).name,
                dry_run=options["dry_run"],
                full_export=options["full_export"],
            )
        except ImportFileError as exc:
            raise CommandError(f"{name}: {exc}") from exc
        write_report(self, report)
        if report.rejected:
            raise CommandError(
                f"{report.rejected} row{'s' if report.rejected != 1 else ''} rejected"
            )
