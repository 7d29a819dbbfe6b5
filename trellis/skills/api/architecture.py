"""JSON writes of the job architecture (HR and admins): roles, requirements and lattice edges."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Status
from ninja.errors import HttpError

from trellis.org.access import hr_viewer
from trellis.org.validation import (
    Flag,
    Id,
    IdIn,
    Importance,
    Input,
    Level,
    LongText,
    Name,
    RoleLevel,
    SearchText,
    TypicalMonths,
)
from trellis.skills import architecture_selectors, selectors, services
from trellis.skills.api.reads import (
    RequirementOut,
    RoleOut,
    TransitionOut,
    _edge,
    _role,
    router,
)
from trellis.skills.models import (
    Track,
    TransitionKind,
)


class RequirementIn(Input):
    skill_id: IdIn
    min_level: Level
    importance: Importance = 3
    required: Flag = True


class TransitionIn(Input):
    to_role_id: IdIn
    kind: TransitionKind
    typical_months: TypicalMonths | None = None


@router.post("/roles/{pk}/requirements", response={201: RequirementOut})
def requirement_create(
    request: HttpRequest, pk: Id, payload: RequirementIn
) -> Status[RequirementOut]:
    viewer = hr_viewer(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    skill = selectors.skill_get(viewer=viewer, pk=payload.skill_id)
    try:
        req = services.requirement_add(
            actor=request.user,
            role=role,
            skill=skill,
            min_level=payload.min_level,
            importance=payload.importance,
            is_required=payload.required,
        )
    except services.ArchitectureError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(
        201,
        RequirementOut(
            skill_id=skill.pk,
            skill=skill.name,
            min_level=req.min_level,
            importance=req.importance,
            required=req.is_required,
        ),
    )


@router.delete("/roles/{pk}/requirements/{skill_id}", response={204: None})
def requirement_delete(request: HttpRequest, pk: Id, skill_id: Id) -> Status[None]:
    viewer = hr_viewer(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    req = architecture_selectors.requirement_get(viewer=viewer, role=role, skill_id=skill_id)
    services.requirement_remove(actor=request.user, requirement=req)
    return Status(204, None)


@router.post("/roles/{pk}/transitions", response={201: TransitionOut})
def transition_create(request: HttpRequest, pk: Id, payload: TransitionIn) -> Status[TransitionOut]:
    viewer = hr_viewer(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    to_role = selectors.role_get(viewer=viewer, pk=payload.to_role_id)
    try:
        edge = services.transition_add(
            actor=request.user,
            from_role=role,
            to_role=to_role,
            kind=payload.kind.value,
            typical_months=payload.typical_months,
        )
    except services.ArchitectureError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(201, _edge(edge))


# ---------------------------------------------------------------------------------------------
# HR: roles, requirement levels, removing a move
# ---------------------------------------------------------------------------------------------


class RoleIn(Input):
    code: Annotated[Name, Field(max_length=50)]
    title: Name
    family_id: IdIn
    track: Track = Track.INDIVIDUAL
    level: RoleLevel = 1
    description: LongText = ""
    external_code: Annotated[SearchText, Field(max_length=50)] = ""


class RolePatch(Input):
    title: Name | None = None
    family_id: IdIn | None = None
    track: Track | None = None
    level: RoleLevel | None = None
    description: LongText | None = None
    external_code: Annotated[SearchText, Field(max_length=50)] | None = None


class RequirementLevelsIn(Input):
    min_level: Level
    importance: Importance = 3
    required: Flag = True


def _role_values(payload: RoleIn | RolePatch) -> dict[str, object]:
    # A field sent as null is left as it is, like one not sent.
    values = payload.dict(exclude_unset=True, exclude_none=True)
    if "family_id" in values:
        values["family"] = architecture_selectors.family_get(pk=values.pop("family_id"))
    if "track" in values:
        values["track"] = Track(values["track"]).value
    return values


@router.post("/roles", response={201: RoleOut})
def role_create(request: HttpRequest, payload: RoleIn) -> Status[dict[str, object]]:
    hr_viewer(request)
    values = _role_values(payload)
    values.setdefault("track", Track.INDIVIDUAL.value)
    values.setdefault("level", 1)
    try:
        role = services.role_create(actor=request.user, **values)
    except services.ArchitectureError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(201, _role(role))


@router.patch("/roles/{pk}", response=RoleOut)
def role_update(request: HttpRequest, pk: Id, payload: RolePatch) -> dict[str, object]:
    viewer = hr_viewer(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    values = {k: v for k, v in _role_values(payload).items() if v is not None}
    try:
        role = services.role_update(actor=request.user, role=role, **values)
    except services.ArchitectureError as exc:
        raise HttpError(400, str(exc)) from exc
    return _role(role)


@router.put("/roles/{pk}/requirements/{skill_id}", response=RequirementOut)
def requirement_update(
    request: HttpRequest, pk: Id, skill_id: Id, payload: RequirementLevelsIn
) -> RequirementOut:
    viewer = hr_viewer(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    req = architecture_selectors.requirement_get(viewer=viewer, role=role, skill_id=skill_id)
    req = services.requirement_update(
        actor=request.user,
        requirement=req,
        min_level=payload.min_level,
        importance=payload.importance,
        is_required=payload.required,
    )
    return RequirementOut(
        skill_id=req.skill_id,
        skill=req.skill.name,
        min_level=req.min_level,
        importance=req.importance,
        required=req.is_required,
    )


@router.delete("/roles/{pk}/transitions/{edge_id}", response={204: None})
def transition_delete(request: HttpRequest, pk: Id, edge_id: Id) -> Status[None]:
    viewer = hr_viewer(request)
    role = selectors.role_get(viewer=viewer, pk=pk)
    edge = architecture_selectors.transition_get(viewer=viewer, role=role, pk=edge_id)
    services.transition_remove(actor=request.user, transition=edge)
    return Status(204, None)
