"""``python manage.py export_personal_data EMPLOYEE_ID [--out FILE]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.org.models import Person
from trellis.org.privacy import personal_data_export


def person_by_employee_id(employee_id: str) -> Person:
    try:
        return Person.objects.get(employee_id=employee_id)
    except Person.DoesNotExist:
        raise CommandError(f"No person has employee id {employee_id!r}.") from None


class Command(BaseCommand):
    help = (
        "Write one person's data (everything they may read about themselves) to a ZIP of JSON "
        "files, as asked for in a data access request. The export is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("employee_id", help="The person's employee id, as in the HRIS import")
        parser.add_argument(
            "--out", help="Where to write the archive (default: its own name, in this directory)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        person = person_by_employee_id(options["employee_id"])
        export = personal_data_export(actor=None, person=person)
        out = Path(options["out"] or export.filename)
        if out.exists():
            raise CommandError(f"{out} exists already; choose another --out.")
        out.write_bytes(export.content)
        total = sum(export.counts.values())
        self.stdout.write(f"Wrote {total} records of {person.full_name} to {out}")
