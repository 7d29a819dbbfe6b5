"""JSON endpoints for the taxonomy and the roles."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from trellis.org import selectors as org_selectors
from trellis.org.access import hr_viewer, viewer_of
from trellis.org.validation import (
    PAGE_SIZE_MAX,
    Flag,
    HoursPerMonth,
    Id,
    IdIn,
    Importance,
    Input,
    Level,
    LongText,
    MonthsInRole,
    Name,
    PlanDate,
    RoleLevel,
    SearchText,
    TypicalMonths,
    paged,
)
from trellis.skills import architecture_selectors, selectors, services
from trellis.skills.gap import RoleGap
from trellis.skills.models import (
    Role,
    RoleTransition,
    Skill,
    Track,
    TransitionKind,
)
from trellis.skills.moves import SuggestedMove, suggested_moves
from trellis.skills.policies import MobilityPolicy, mobility_policy_get, mobility_policy_update

router = Router(tags=["skills and roles"])


class SkillOut(Schema):
    id: int
    name: str
    category: str
    description: str
    aliases: list[str]
    esco_uri: str
    onet_id: str

    @staticmethod
    def resolve_aliases(obj: object) -> list[str]:
        if isinstance(obj, dict | SkillOut):
            return list(obj["aliases"] if isinstance(obj, dict) else obj.aliases)
        return [a.name for a in obj.aliases.all()]  # type: ignore[attr-defined]


class RequirementOut(Schema):
    skill_id: int
    skill: str
    min_level: int
    importance: int
    required: bool


class RoleOut(Schema):
    id: int
    code: str
    title: str
    family: str
    track: str
    level: int
    description: str
    external_code: str


class RoleDetailOut(RoleOut):
    requirements: list[RequirementOut]


def _skill(skill: Skill) -> SkillOut:
    return SkillOut(
        id=skill.pk,
        name=skill.name,
        category=skill.category,
        description=skill.description,
        aliases=[a.name for a in skill.aliases.all()],
        esco_uri=skill.esco_uri,
        onet_id=skill.onet_id,
    )


def _role(role: Role) -> dict[str, object]:
    return {
        "id": role.pk,
        "code": role.code,
        "title": role.title,
        "family": role.family.name,
        "track": role.track,
        "level": role.level,
        "description": role.description,
        "external_code": role.external_code,
    }


@router.get("/skills", response=list[SkillOut])
@paged(page_size=PAGE_SIZE_MAX)
def skills_list(request: HttpRequest, q: SearchText = "", category: SearchText = ""):
    viewer = viewer_of(request)
    return selectors.skill_search(viewer=viewer, q=q.strip(), category=category)


@router.get("/skills/{pk}", response=SkillOut)
def skill_get(request: HttpRequest, pk: Id) -> SkillOut:
    return _skill(selectors.skill_get(viewer=viewer_of(request), pk=pk))


@router.get("/roles", response=list[RoleOut])
def roles_list(request: HttpRequest) -> list[dict[str, object]]:
    viewer = viewer_of(request)
    return [
        _role(role)
        for group in selectors.roles_by_family(viewer=viewer)
        for roles in group.tracks.values()
        for role in roles
    ]


@router.get("/roles/{pk}", response=RoleDetailOut)
def role_get(request: HttpRequest, pk: Id) -> dict[str, object]:
    role = selectors.role_get(viewer=viewer_of(request), pk=pk)
    data = _role(role)
    data["requirements"] = [
        RequirementOut(
            skill_id=r.skill_id,
            skill=r.skill.name,
            min_level=r.min_level,
            importance=r.importance,
            required=r.is_required,
        )
        for r in selectors.role_requirements(role=role)
    ]
    return data


# ---------------------------------------------------------------------------------------------
# Requirements, lattice edges, search and a person's gap
# ---------------------------------------------------------------------------------------------


class TransitionOut(Schema):
    id: int
    from_role_id: int
    to_role_id: int
    kind: str
    typical_months: int | None


class GapItemOut(Schema):
    skill_id: int
    skill: str
    min_level: int
    importance: int
    required: bool
    level: int | None
    status: str
    credit: float


class GapOut(Schema):
    person_id: int
    role_id: int
    readiness_pct: float | None
    nice_to_have_pct: float | None
    items: list[GapItemOut]
    neighbours: list[dict[str, object]]


class RequirementIn(Input):
    skill_id: IdIn
    min_level: Level
    importance: Importance = 3
    required: Flag = True


class TransitionIn(Input):
    to_role_id: IdIn
    kind: TransitionKind
    typical_months: TypicalMonths | None = None


def _gap_items(gap: RoleGap) -> list[GapItemOut]:
    return [
        GapItemOut(
            skill_id=i.requirement.skill_id,
            skill=i.requirement.skill_name,
            min_level=i.requirement.min_level,
            importance=i.requirement.importance,
            required=i.requirement.is_required,
            level=i.level,
            status=i.status.value,
            credit=round(i.credit, 3),
        )
        for i in [*gap.required, *gap.nice_to_have]
    ]


def _edge(t: RoleTransition) -> TransitionOut:
    return TransitionOut(
        id=t.pk,
        from_role_id=t.from_role_id,
        to_role_id=t.to_role_id,
        kind=t.kind,
        typical_months=t.typical_months,
    )


@router.get("/roles/{pk}/requirements", response=list[RequirementOut])
def role_requirements(request: HttpRequest, pk: Id) -> list[RequirementOut]:
    role = selectors.role_get(viewer=viewer_of(request), pk=pk)
    return [
        RequirementOut(
            skill_id=r.skill_id,
            skill=r.skill.name,
            min_level=r.min_level,
            importance=r.importance,
            required=r.is_required,
        )
        for r in selectors.role_requirements(role=role)
    ]


@router.get("/roles/{pk}/transitions", response=list[TransitionOut])
def role_transitions(request: HttpRequest, pk: Id) -> list[TransitionOut]:
    role = selectors.role_get(viewer=viewer_of(request), pk=pk)
    out, into = selectors.role_transitions(role=role)
    return [_edge(t) for t in [*out, *into]]


@router.get("/role-search", response=list[RoleOut])
def role_search(request: HttpRequest, q: SearchText) -> list[dict[str, object]]:
    viewer = viewer_of(request)
    return [_role(role) for role in selectors.role_search(viewer=viewer, q=q.strip()[:100])]


@router.get("/people/{person_id}/gap/{role_id}", response=GapOut)
def person_gap(request: HttpRequest, person_id: Id, role_id: Id) -> GapOut:
    """The person's gap to the role; 404 unless the caller may see the person's details."""
    viewer = viewer_of(request)
    person = org_selectors.person_get_with_details(viewer=viewer, pk=person_id)
    role = selectors.role_get(viewer=viewer, pk=role_id)
    report = selectors.person_gap(viewer=viewer, person=person, role=role)
    return GapOut(
        person_id=person.pk,
        role_id=role.pk,
        readiness_pct=report.gap.readiness_pct,
        nice_to_have_pct=report.gap.nice_to_have_pct,
        items=_gap_items(report.gap),
        neighbours=[
            {
                "role_id": n.role.pk,
                "title": n.role.title,
                "readiness_pct": n.gap.readiness_pct,
                "kinds": n.kinds,
                "on_lattice": n.on_lattice,
                "suggested": n.suggested,
            }
            for n in report.neighbours
        ],
    )


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
# HR: roles, requirement levels, removing a move, and the mobility policy
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


class MobilityPolicyOut(Schema):
    min_months_in_role: int
    notify_manager: bool
    allow_confidential: bool
    hours_per_month: float
    next_hours_per_month: float | None
    next_hours_from: dt.date | None


class MobilityPolicyIn(Input):
    min_months_in_role: MonthsInRole
    notify_manager: Flag
    allow_confidential: Flag
    # A number (kept to a tenth of an hour) or decimal text such as "7.5".
    hours_per_month: HoursPerMonth
    hours_from: PlanDate | None = None


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


def _policy(policy: MobilityPolicy) -> MobilityPolicyOut:
    return MobilityPolicyOut(
        min_months_in_role=policy.min_months_in_role,
        notify_manager=policy.notify_manager,
        allow_confidential=policy.allow_confidential,
        hours_per_month=float(policy.hours_per_month),
        next_hours_per_month=(
            None if policy.next_hours_per_month is None else float(policy.next_hours_per_month)
        ),
        next_hours_from=policy.next_hours_from,
    )


@router.get("/mobility-policy", response=MobilityPolicyOut)
def mobility_policy(request: HttpRequest) -> MobilityPolicyOut:
    return _policy(mobility_policy_get())


@router.put("/mobility-policy", response=MobilityPolicyOut)
def mobility_policy_set(request: HttpRequest, payload: MobilityPolicyIn) -> MobilityPolicyOut:
    """Change the policy (HR and admins); the allowance applies from ``hours_from`` (today
    when left out, never a past date)."""
    hr_viewer(request)
    today = timezone.localdate()
    hours_from = payload.hours_from or today
    if hours_from < today:
        raise HttpError(400, "Choose today or a later date: the past stays as it was.")
    policy = mobility_policy_update(
        actor=request.user,
        min_months_in_role=payload.min_months_in_role,
        notify_manager=payload.notify_manager,
        allow_confidential=payload.allow_confidential,
        hours_per_month=payload.hours_per_month,
        hours_from=hours_from,
        request_id=str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64],
    )
    return _policy(policy)


# ---------------------------------------------------------------------------------------------
# Suggested moves: read by anyone logged in (the ranking the role page shows); adopted into
# the lattice, hidden and shown again by HR
# ---------------------------------------------------------------------------------------------


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
