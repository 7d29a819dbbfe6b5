"""The HRIS import's rules, applied to one person written over SCIM.

Field rules (required values, lengths, e-mail, a person as their own manager) are the
import's own (:func:`trellis.org.imports.person_row_problems` on a one-row file); the rules that
span people use the import's words: unknown manager, duplicate employee id, manager cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from trellis.org.imports import CsvRow, person_row_problems
from trellis.org.models import Person
from trellis.org.validation import validate_name

# The same words as the import's report (trellis/org/imports.py).
UNKNOWN_MANAGER = "unknown manager: no person has this employee id in the file or in Trellis"
DUPLICATE_ID = "duplicate employee id"
CYCLE = "manager cycle: "

# The import's field -> the SCIM attribute that carries it, for messages.
ATTRIBUTES = {
    "employee_id": "employeeNumber",
    "first_name": "name.givenName",
    "last_name": "name.familyName",
    "email": "emails.value",
    "manager_id": "manager",
    "unit_path": "department",
    "job_title": "title",
}


class RuleBroken(Exception):
    """A write the rules refuse: ``scim_type`` and ``status`` say how SCIM reports it."""

    def __init__(self, detail: str, *, scim_type: str = "invalidValue", status: int = 400):
        super().__init__(detail)
        self.scim_type = scim_type
        self.status = status


@dataclass(frozen=True)
class PersonState:
    """Everything SCIM sets on a person, as the import's fields."""

    employee_id: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    unit_path: str
    manager: Person | None
    active: bool


def check_fields(state: PersonState) -> None:
    """The import's per-row rules; the first problem is reported, naming the attribute."""
    values = {
        "employee_id": state.employee_id,
        "first_name": state.first_name,
        "last_name": state.last_name,
        "email": state.email,
        "manager_id": state.manager.employee_id if state.manager else "",
        "unit_path": state.unit_path,
        "job_title": state.job_title,
    }
    problems, _ = person_row_problems(CsvRow(line=1, values=values), ATTRIBUTES, {})
    if problems:
        first = problems[0]
        raise RuleBroken(f"{first.column}: {first.message}")
    for field in ("first_name", "last_name", "job_title"):
        try:
            validate_name(values[field])
        except ValidationError as error:
            raise RuleBroken(f"{ATTRIBUTES[field]}: {' '.join(error.messages)}") from None


def check_employee_id_free(employee_id: str, *, person_pk: int | None) -> None:
    taken = Person.objects.filter(employee_id=employee_id)
    if person_pk is not None:
        taken = taken.exclude(pk=person_pk)
    if taken.exists():
        raise RuleBroken(f"employeeNumber: {DUPLICATE_ID}", scim_type="uniqueness", status=409)


def check_no_cycle(person: Person, manager: Person | None) -> None:
    """Refuse a manager who reports (directly or not) to the person, as the import does."""
    if manager is None or person.pk is None:
        return
    chain = [*manager.manager_ids(), manager.pk]
    if person.pk not in chain:
        return
    above = chain[chain.index(person.pk) + 1 :]  # from just under the person down to manager
    ids = dict(Person.objects.filter(pk__in=above).values_list("pk", "employee_id"))
    loop = [person.employee_id, *(ids[pk] for pk in reversed(above)), person.employee_id]
    raise RuleBroken("manager: " + CYCLE + " → ".join(loop))
