"""An admin's writes to people and units, one at a time (the API's; the HRIS import and SCIM
write many). A person is checked by the import's own rules and words
(:func:`trellis.org.imports.person_row_problems` on a one-row file, then duplicate employee id,
unknown manager and manager cycle as the import reports them); every write is audited.

Refusals are :class:`Refused`, listing each field in error and why.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404

from trellis.org.access import Viewer
from trellis.org.imports import CsvRow, person_row_problems, role_ids_for
from trellis.org.models import OrgUnit, Person, UnitKind
from trellis.org.services import audit_record, person_set_manager, unit_ensure_path
from trellis.org.validation import name_error

# The import's words for the rules that span people (trellis/org/imports/people.py).
DUPLICATE_ID = "duplicate employee id"
UNKNOWN_MANAGER = "unknown manager: no person has this employee id in the file or in Trellis"
CYCLE = "manager cycle: "
UNIT_NAME_MAX = 150

# The import's field -> the API's name for it (the manager is named by employee id).
PERSON_FIELDS = {
    "employee_id": "employee_id",
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "manager_id": "manager_employee_id",
    "unit_path": "unit_path",
    "job_title": "job_title",
    "role_code": "role_code",
    "level": "level",
    "location": "location",
    "hire_date": "hire_date",
    "role_start_date": "role_start_date",
}
_API_TO_IMPORT = {api: field for field, api in PERSON_FIELDS.items()}


class Refused(Exception):
    """A write the rules refuse: ``problems`` lists (field, why) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))
        self.problems = problems


def _admin(viewer: Viewer) -> None:
    if not viewer.is_admin:
        raise Http404


def people_get_for_admin(*, viewer: Viewer, pk: int) -> Person:
    _admin(viewer)
    found = Person.objects.select_related("unit", "manager", "role").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def units_get_for_admin(*, viewer: Viewer, pk: int) -> OrgUnit:
    _admin(viewer)
    found = OrgUnit.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _current(person: Person) -> dict[str, str]:
    """A person as the import's row would hold them (the fields an update leaves alone)."""
    return {
        "employee_id": person.employee_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "manager_id": person.manager.employee_id if person.manager else "",
        "unit_path": person.unit.path if person.unit else "",
        "job_title": person.title,
        "role_code": person.role.code if person.role else "",
        "level": str(person.level) if person.level is not None else "",
        "location": person.location,
        "hire_date": person.hire_date.isoformat() if person.hire_date else "",
        "role_start_date": person.role_start_date.isoformat() if person.role_start_date else "",
    }


def _cycle(person: Person, manager: Person) -> str | None:
    chain = [*manager.manager_ids(), manager.pk]
    if person.pk not in chain:
        return None
    above = chain[chain.index(person.pk) + 1 :]
    ids = dict(Person.objects.filter(pk__in=above).values_list("pk", "employee_id"))
    loop = [person.employee_id, *(ids[pk] for pk in reversed(above)), person.employee_id]
    return CYCLE + " → ".join(loop)


def _check(person: Person | None, values: dict[str, str]) -> tuple[Any, Person | None]:
    codes = [values["role_code"]] if values.get("role_code") else []
    found, candidate = person_row_problems(
        CsvRow(line=1, values=values), PERSON_FIELDS, role_ids_for(codes)
    )
    problems = [(p.column, p.message) for p in found]
    for field in ("first_name", "last_name", "job_title"):
        error = name_error(values.get(field, ""))
        if error:
            problems.append((PERSON_FIELDS[field], error))
    manager = None
    if candidate is not None:
        taken = Person.objects.filter(employee_id=candidate.employee_id)
        if person is not None:
            taken = taken.exclude(pk=person.pk)
        if taken.exists():
            problems.append(("employee_id", DUPLICATE_ID))
        if candidate.manager_eid:
            manager = Person.objects.filter(employee_id=candidate.manager_eid).first()
            if manager is None:
                problems.append(("manager_employee_id", UNKNOWN_MANAGER))
            elif person is not None and (loop := _cycle(person, manager)):
                problems.append(("manager_employee_id", loop))
    if problems:
        raise Refused(problems)
    return candidate, manager


@transaction.atomic
def person_save(
    *,
    viewer: Viewer,
    person: Person | None,
    fields: dict[str, str],
    request_id: str = "",
) -> Person:
    """Create (``person`` None) or update a person from the API's fields (the import's, as
    text); an update changes only the fields given."""
    _admin(viewer)
    values = _current(person) if person is not None else dict.fromkeys(PERSON_FIELDS, "")
    values.update({_API_TO_IMPORT[k]: v.strip() for k, v in fields.items()})
    candidate, manager = _check(person, values)
    created = person is None
    target = person if person is not None else Person()
    target.employee_id = candidate.employee_id
    for attr, value in candidate.attrs.items():
        setattr(target, attr, value)
    target.unit = unit_ensure_path(path=candidate.unit_path) if candidate.unit_path else None
    target.save()
    if target.manager_id != (manager.pk if manager else None) or created:
        person_set_manager(person=target, manager=manager)
    audit_record(
        actor=viewer.actor,
        action="org.person.create" if created else "org.person.update",
        target=target,
        detail={"fields": sorted(fields), "via": "api"},
        request_id=request_id,
    )
    return people_get_for_admin(viewer=viewer, pk=target.pk)


def _unit_problems(name: str, parent: OrgUnit | None, unit: OrgUnit | None) -> list[str]:
    problems = []
    if not name:
        problems.append("a value is required")
    elif len(name) > UNIT_NAME_MAX:
        problems.append(f"a unit name is too long (at most {UNIT_NAME_MAX} characters)")
    elif "/" in name:
        problems.append("a unit name cannot contain '/' (it separates the names of a path)")
    elif error := name_error(name):
        problems.append(error)
    else:
        siblings = OrgUnit.objects.filter(parent=parent, name=name)
        if unit is not None:
            siblings = siblings.exclude(pk=unit.pk)
        if siblings.exists():
            problems.append("a unit with this name already exists there")
    return problems


@transaction.atomic
def unit_save(
    *,
    viewer: Viewer,
    unit: OrgUnit | None,
    name: str | None,
    kind: str | None,
    parent_id: int | None = None,
    request_id: str = "",
) -> OrgUnit:
    """Create a unit under ``parent_id`` (None: a top unit), or rename or re-kind one; a
    rename rewrites the paths of the units under it."""
    _admin(viewer)
    parent = unit.parent if unit is not None else None
    if unit is None and parent_id is not None:
        parent = OrgUnit.objects.filter(pk=parent_id).first()
        if parent is None:
            raise Refused([("parent_id", "unknown unit")])
    new_name = (name if name is not None else unit.name if unit else "").strip()
    problems = _unit_problems(new_name, parent, unit)
    if problems:
        raise Refused([("name", p) for p in problems])
    path = f"{parent.path}/{new_name}" if parent else new_name
    created = unit is None
    if unit is None:
        unit = OrgUnit.objects.create(
            name=new_name, parent=parent, kind=kind or UnitKind.TEAM, path=path
        )
    else:
        old = unit.path
        unit.name, unit.path = new_name, path
        if kind:
            unit.kind = kind
        unit.save()
        if old != path:
            below = list(OrgUnit.objects.filter(path__startswith=old + "/"))
            for other in below:
                other.path = path + other.path[len(old) :]
            OrgUnit.objects.bulk_update(below, ["path"], batch_size=2000)
    audit_record(
        actor=viewer.actor,
        action="org.unit.create" if created else "org.unit.update",
        target=unit,
        detail={"name": unit.name, "kind": unit.kind, "via": "api"},
        request_id=request_id,
    )
    return unit
