"""JSON endpoints for the organization; the same selectors as the pages."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from trellis.org import picker, selectors
from trellis.org.access import Viewer, can_see_details, viewer_of
from trellis.org.models import OrgUnit, Person
from trellis.org.request_id import request_id
from trellis.org.schemas import (
    DirectoryEntry,
    PersonDetails,
    PersonOut,
    PersonRef,
    PersonSkillOut,
    PickEntry,
    UnitOut,
    UnitRef,
)
from trellis.org.validation import Id, SearchText, paged

router = Router(tags=["organization"])


def _entry(person: Person) -> dict[str, object]:
    return {
        "id": person.pk,
        "name": person.full_name,
        "title": person.title,
        "email": person.email,
        "location": person.location,
        "unit": UnitRef(id=person.unit.pk, name=person.unit.name, path=person.unit.path)
        if person.unit
        else None,
        "manager": PersonRef(id=person.manager.pk, name=person.manager.full_name)
        if person.manager
        else None,
    }


@router.get("/people", response=list[DirectoryEntry])
@paged(page_size=50)
def people_list(
    request: HttpRequest,
    q: SearchText = "",
    unit: Id | None = None,
    role: Id | None = None,
    skill: Id | None = None,
    location: SearchText = "",
):
    """The directory: active people, filtered; role and skill filters only match people
    whose details the caller may see."""
    viewer = viewer_of(request)
    unit_obj = selectors.unit_find(viewer=viewer, pk=unit)
    people = selectors.directory_search(
        viewer=viewer,
        filters=selectors.DirectoryFilters(
            q=q.strip()[:100],
            unit=unit_obj,
            role_id=role,
            skill_id=skill,
            location=location.strip(),
        ),
    )
    if unit and unit_obj is None:
        people = people.none()
    return people


@router.get("/people/pick", response=list[PickEntry])
def people_pick(request: HttpRequest, q: SearchText = "") -> list[PickEntry]:
    """The people picker's suggestions (at most 8, best first): active colleagues whose name,
    last name or job title starts with ``q``, or who work in a unit whose name holds it."""
    people = picker.people_pick(viewer=viewer_of(request), q=q)
    return [
        PickEntry(id=p.pk, name=p.full_name, title=p.title, unit=p.unit.name if p.unit else "")
        for p in people
    ]


@router.get("/people/{pk}", response=PersonOut)
def person_get(request: HttpRequest, pk: Id) -> dict[str, object]:
    viewer = viewer_of(request)
    person = selectors.person_get_for_directory(viewer=viewer, pk=pk)
    data = _entry(person)
    data["details"] = _details(request, viewer, person) if can_see_details(viewer, person) else None
    return data


@router.get("/people/{pk}/skills", response=list[PersonSkillOut])
def person_skills(request: HttpRequest, pk: Id) -> list[PersonSkillOut]:
    viewer = viewer_of(request)
    person = selectors.person_get_with_details(viewer=viewer, pk=pk)
    return _skills(request, viewer, person)


@router.get("/units", response=list[UnitOut])
def units_list(request: HttpRequest) -> list[OrgUnit]:
    return list(selectors.units_all(viewer=viewer_of(request)))


def _skills(request: HttpRequest, viewer: Viewer, person: Person) -> list[PersonSkillOut]:
    found = selectors.person_skills(
        viewer=viewer,
        person=person,
        via="api",
        request_id=request_id(request),
    )
    return [
        PersonSkillOut(
            skill_id=ps.skill_id,
            skill=ps.skill.name,
            level=ps.level,
            source=ps.source,
            appetite=ps.appetite,
        )
        for ps in found
    ]


def _details(request: HttpRequest, viewer: Viewer, person: Person) -> PersonDetails:
    return PersonDetails(
        role_id=person.role_id,
        role=person.role.title if person.role else None,
        level=person.level,
        role_start_date=person.role_start_date.isoformat() if person.role_start_date else None,
        skills=_skills(request, viewer, person),
    )
