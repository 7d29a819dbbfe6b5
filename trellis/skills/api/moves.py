"""Suggested moves in the API: read by anyone logged in (the ranking the role page shows);
adopted into the lattice, hidden and shown again by HR.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja.errors import HttpError

from trellis.org.access import hr_viewer, viewer_of
from trellis.skills import selectors, services
from trellis.skills.api.reads import (
    TransitionOut,
    _edge,
    router,
)
from trellis.skills.models import (
    Role,
)
from trellis.skills.moves import SuggestedMove, suggested_moves


class SuggestedMoveOut(Schema):
    role_id: int
    code: str
    title: str
    rank: int
    score: float
    kind: str
    kind_label: str
    on_lattice: bool
    why: str
    basis: list[str]
    shared_skills: list[str]
    shared_words: list[str]
    shared_tools: list[str]
    readiness: float = Field(
        description="Share (0–1) of the target's requirements met at this role's levels"
    )
    readiness_text: str


class HiddenMoveOut(Schema):
    from_role_id: int
    to_role_id: int
    hidden: bool


def _suggested(m: SuggestedMove) -> SuggestedMoveOut:
    return SuggestedMoveOut(
        role_id=m.role.pk,
        code=m.role.code,
        title=m.role.title,
        rank=m.rank,
        score=m.score,
        kind=m.kind,
        kind_label=m.kind_label,
        on_lattice=m.on_lattice,
        why=m.why,
        basis=m.basis,
        shared_skills=[s.name for s in m.shared_skills],
        shared_words=m.shared_words,
        shared_tools=[s.name for s in m.shared_tools],
        readiness=m.coverage,
        readiness_text=m.readiness_text,
    )


@router.get("/roles/{pk}/moves", response=list[SuggestedMoveOut])
def role_moves(
    request: HttpRequest, pk: int, top: int = Query(10, ge=1, le=50)
) -> list[SuggestedMoveOut]:
    """The role's suggested moves, best first (hidden ones left out): the role page's order."""
    role = selectors.role_get(viewer=viewer_of(request), pk=pk)
    return [_suggested(m) for m in suggested_moves(role=role, k=top)]


def _move_pair(request: HttpRequest, pk: int, to_pk: int) -> tuple[Role, Role]:
    viewer = hr_viewer(request)
    return selectors.role_get(viewer=viewer, pk=pk), selectors.role_get(viewer=viewer, pk=to_pk)


@router.post("/roles/{pk}/moves/{to_pk}/adopt", response={201: TransitionOut})
def move_adopt(request: HttpRequest, pk: int, to_pk: int) -> Status[TransitionOut]:
    """Make the suggested move a curated lattice edge (a step back becomes exploratory)."""
    role, to_role = _move_pair(request, pk, to_pk)
    try:
        edge = services.move_adopt(actor=request.user, from_role=role, to_role=to_role)
    except services.ArchitectureError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(201, _edge(edge))


@router.post("/roles/{pk}/moves/{to_pk}/hide", response={201: HiddenMoveOut})
def move_hide(request: HttpRequest, pk: int, to_pk: int) -> Status[HiddenMoveOut]:
    """Stop suggesting the move, on every page and in ``suggest_moves``."""
    role, to_role = _move_pair(request, pk, to_pk)
    try:
        services.move_hide(actor=request.user, from_role=role, to_role=to_role)
    except services.ArchitectureError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(201, HiddenMoveOut(from_role_id=role.pk, to_role_id=to_role.pk, hidden=True))


@router.post("/roles/{pk}/moves/{to_pk}/unhide", response=HiddenMoveOut)
def move_unhide(request: HttpRequest, pk: int, to_pk: int) -> HiddenMoveOut:
    """Suggest a hidden move again."""
    role, to_role = _move_pair(request, pk, to_pk)
    try:
        services.move_unhide(actor=request.user, from_role=role, to_role=to_role)
    except services.ArchitectureError as exc:
        raise HttpError(400, str(exc)) from exc
    return HiddenMoveOut(from_role_id=role.pk, to_role_id=to_role.pk, hidden=False)
