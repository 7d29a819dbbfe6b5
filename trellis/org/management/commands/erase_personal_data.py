"""``python manage.py erase_personal_data EMPLOYEE_ID [--confirm]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.org.management.commands.export_personal_data import person_by_employee_id
from trellis.org.privacy import (
    PrivacyError,
    erasure_check,
    erasure_preview,
    personal_data_erase,
)


class Command(BaseCommand):
    help = (
        "Erase a person who has left: delete their career data, conversations, feedback and "
        "marketplace activity, blank their name and contact details, and remove their login. "
        "Without --confirm, only lists what would be deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("employee_id", help="The person's employee id, as in the HRIS import")
        parser.add_argument("--confirm", action="store_true", help="Erase for real.")

    def handle(self, *args: Any, **options: Any) -> None:
        person = person_by_employee_id(options["employee_id"])
        name = person.full_name
        try:
            if not options["confirm"]:
                erasure_check(person)
                counts = erasure_preview(person=person)
                verb = "would be"
            else:
                counts = personal_data_erase(actor=None, person=person)
                verb = "were"
        except PrivacyError as exc:
            raise CommandError(str(exc)) from exc
        for label, n in sorted(counts.items()):
            if n:
                self.stdout.write(f"{label}: {n}")
        self.stdout.write(f"{sum(counts.values())} rows of {name} {verb} deleted")
        if not options["confirm"]:
            self.stdout.write("Nothing was changed; run again with --confirm to erase.")
