"""The base of every import command (people, taxonomy CSV, O*NET, ESCO): a ``--dry-run``
flag, the reports printed the same way, and an error exit when a row was rejected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.org.imports import ImportFileError, ImportReport, check_size
from trellis.org.longwork import Tick, no_tick
from trellis.org.management.progress import terminal_tick


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


class ImportCommand(BaseCommand):
    """An import command: subclasses add their inputs and run the import."""

    # Each report's lines start with its label when an import reads several files.
    with_label = True
    # Where run_import reports its progress: a bar on a terminal's standard error, else nothing.
    tick: Tick = staticmethod(no_tick)

    def add_inputs(self, parser: CommandParser) -> None:
        raise NotImplementedError

    def run_import(self, *, dry_run: bool, **options: Any) -> list[ImportReport]:
        """The reports; raises :class:`ImportFileError` when the input cannot be read."""
        raise NotImplementedError

    def file_error(self, exc: ImportFileError, **options: Any) -> str:
        return str(exc)

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_inputs(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report problems and counts; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The stream itself: the wrapper would end every write with a new line.
        self.tick, bar = terminal_tick(cast(TextIO, self.stderr._out))
        try:
            reports = self.run_import(**options)
        except ImportFileError as exc:
            raise CommandError(self.file_error(exc, **options)) from exc
        finally:
            if bar is not None:
                bar.close()
        for report in reports:
            write_report(self, report, with_label=self.with_label)
        rejected = sum(report.rejected for report in reports)
        if rejected:
            raise CommandError(f"{rejected} row{'s' if rejected != 1 else ''} rejected")


class DirectoryImportCommand(ImportCommand):
    """An import of a folder of files (O*NET, ESCO) by one importer function."""

    directory_help = "Folder of the files to import"
    importer: Callable[..., list[ImportReport]]

    def add_inputs(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help=self.directory_help)

    def run_import(self, *, dry_run: bool, **options: Any) -> list[ImportReport]:
        return type(self).importer(
            directory=Path(options["directory"]), dry_run=dry_run, tick=self.tick
        )
