"""``python manage.py import_taxonomy [--skills F] [--roles F] [--requirements F]
[--transitions F] [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from trellis.org.imports import ImportReport
from trellis.org.management.import_command import ImportCommand, read_import_file
from trellis.skills.imports import KINDS, taxonomy_import


class Command(ImportCommand):
    help = "Import skills, roles, requirements and transitions from CSV (see docs/imports.md)."

    def add_inputs(self, parser: CommandParser) -> None:
        for kind in KINDS:
            parser.add_argument(f"--{kind}", metavar="FILE", help=f"CSV file of {kind}")

    def run_import(self, *, dry_run: bool, **options: Any) -> list[ImportReport]:
        files = {
            kind: (Path(options[kind]).name, read_import_file(options[kind]))
            for kind in KINDS
            if options[kind]
        }
        if not files:
            raise CommandError(
                "Give at least one of --skills, --roles, --requirements, --transitions."
            )
        return taxonomy_import(files=files, dry_run=dry_run)
