"""An admin's writes to people and units, as JSON (admins only; anyone else gets 404).

A person is checked by the HRIS import's rules, with its messages
(:mod:`trellis.org.people_admin`); each refusal answers 422 naming the field, as ninja names
a field out of bounds.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import ValidationError

from trellis.org import people_admin
from trellis.org.access import admin_viewer
from trellis.org.models import OrgUnit, Person, UnitKind
from trellis.org.people_admin import Refused
from trellis.org.request_id import request_id
from trellis.org.schemas import UnitOut
from trellis.org.validation import Id, IdIn, Input

router = Router(tags=["organization"])

# Generous bounds against huge bodies; the import's own limits (with its words) are tighter.
Text = Annotated[str, Field(max_length=2000)]


class PersonIn(Input):
    """A person as the HRIS import's row holds them; the manager by employee id."""

    employee_id: Text
    first_name: Text
    last_name: Text
    email: Text
    manager_employee_id: Text = ""
    unit_path: Text = ""
    job_title: Text = ""
    role_code: Text = ""
    level: int | None = None
    location: Text = ""
    hire_date: dt.date | None = None
    role_start_date: dt.date | None = None


class PersonPatch(Input):
    """Only the fields given change; an empty text (or null) clears an optional field."""

    employee_id: Text | None = None
    first_name: Text | None = None
    last_name: Text | None = None
    email: Text | None = None
    manager_employee_id: Text | None = None
    unit_path: Text | None = None
    job_title: Text | None = None
    role_code: Text | None = None
    level: int | None = None
    location: Text | None = None
    hire_date: dt.date | None = None
    role_start_date: dt.date | None = None


class PersonAdminOut(Schema):
    id: int
    employee_id: str
    first_name: str
    last_name: str
    email: str
    manager_employee_id: str
    unit_path: str
    job_title: str
    role_code: str
    level: int | None
    location: str
    hire_date: dt.date | None
    role_start_date: dt.date | None
    active: bool


class UnitIn(Input):
    name: Text
    kind: UnitKind = UnitKind.TEAM
    parent_id: IdIn | None = None


class UnitPatch(Input):
    name: Text | None = None
    kind: UnitKind | None = None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _refused(error: Refused) -> ValidationError:
    return ValidationError(
        [
            {"loc": ["body", "payload", field], "msg": message, "type": "value_error"}
            for field, message in error.problems
        ]
    )


def _person_out(p: Person) -> dict[str, Any]:
    return {
        "id": p.pk,
        "employee_id": p.employee_id,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "email": p.email,
        "manager_employee_id": p.manager.employee_id if p.manager else "",
        "unit_path": p.unit.path if p.unit else "",
        "job_title": p.title,
        "role_code": p.role.code if p.role else "",
        "level": p.level,
        "location": p.location,
        "hire_date": p.hire_date,
        "role_start_date": p.role_start_date,
        "active": p.is_active,
    }


@router.post("/admin/people", response={201: PersonAdminOut})
def person_create(request: HttpRequest, payload: PersonIn) -> Any:
    viewer = admin_viewer(request)
    fields = {k: _as_text(v) for k, v in payload.dict().items()}
    try:
        person = people_admin.person_save(
            viewer=viewer, person=None, fields=fields, request_id=request_id(request)
        )
    except Refused as error:
        raise _refused(error) from None
    return 201, _person_out(person)


@router.get("/admin/people/{pk}", response=PersonAdminOut)
def person_get(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _person_out(people_admin.people_get_for_admin(viewer=admin_viewer(request), pk=pk))


@router.patch("/admin/people/{pk}", response=PersonAdminOut)
def person_patch(request: HttpRequest, pk: Id, payload: PersonPatch) -> dict[str, Any]:
    viewer = admin_viewer(request)
    person = people_admin.people_get_for_admin(viewer=viewer, pk=pk)
    fields = {k: _as_text(v) for k, v in payload.dict(exclude_unset=True).items()}
    try:
        person = people_admin.person_save(
            viewer=viewer, person=person, fields=fields, request_id=request_id(request)
        )
    except Refused as error:
        raise _refused(error) from None
    return _person_out(person)


@router.post("/admin/units", response={201: UnitOut})
def unit_create(request: HttpRequest, payload: UnitIn) -> Any:
    viewer = admin_viewer(request)
    try:
        unit = people_admin.unit_save(
            viewer=viewer,
            unit=None,
            name=payload.name,
            kind=str(payload.kind),
            parent_id=payload.parent_id,
            request_id=request_id(request),
        )
    except Refused as error:
        raise _refused(error) from None
    return 201, unit


@router.patch("/admin/units/{pk}", response=UnitOut)
def unit_patch(request: HttpRequest, pk: Id, payload: UnitPatch) -> OrgUnit:
    viewer = admin_viewer(request)
    unit = people_admin.units_get_for_admin(viewer=viewer, pk=pk)
    try:
        return people_admin.unit_save(
            viewer=viewer,
            unit=unit,
            name=payload.name,
            kind=str(payload.kind) if payload.kind else None,
            request_id=request_id(request),
        )
    except Refused as error:
        raise _refused(error) from None
