"""JSON endpoints for careers: the same selectors, services and access policy as the pages.

Reads take a person id; writes act on the caller's own career (``/careers/me/...``), so an
owner is never taken from a request body. Refused objects answer 404 like missing ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router
from ninja.errors import HttpError
from ninja.responses import Status as Reply
from pydantic import create_model

from trellis.careers import selectors, services
from trellis.careers.api_schemas import (
    AccomplishmentCreatedOut,
    AccomplishmentOut,
    ActionCreatedOut,
    CheckInOut,
    CheckpointOut,
    CreatedOut,
    GoalOut,
    ProfileOut,
    SkillConfirmOut,
    SkillHeldOut,
    SkillSetOut,
    VisibilityOut,
)
from trellis.careers.deck import deck_content, render_pdf, render_pptx
from trellis.careers.models import (
    SECTION_BY_KEY,
    SECTIONS,
    VALUE_CHOICES,
    ActionKind,
    Horizon,
    Muscle,
    Status,
    TrackPreference,
    Visibility,
)
from trellis.careers.present import profile_sections
from trellis.careers.reviews_api import router as reviews_router
from trellis.careers.selectors import CareerView
from trellis.careers.services import CareerError
from trellis.careers.views.deck import PPTX_TYPE
from trellis.org.access import viewer_of
from trellis.org.request_id import request_id
from trellis.org.schemas import ErrorOut
from trellis.org.services import audit_record
from trellis.org.validation import (
    Flag,
    HoursPerWeek,
    Id,
    IdIn,
    Importance,
    Input,
    Level,
    Link,
    LongText,
    Name,
    PlanDate,
    RecordDate,
    ShortText,
    safe_link,
)
from trellis.skills import selectors as skill_selectors
from trellis.skills.learning import learning_list
from trellis.skills.models import Appetite

router = Router(tags=["careers"])


class ProfileIn(Input):
    """Profile fields the owner may set; anything else in the body is ignored."""

    summary: LongText | None = None
    aspiration_short: LongText | None = None
    aspiration_long: LongText | None = None
    motivators: LongText | None = None
    values_chosen: list[str] | None = Field(None, max_length=len(VALUE_CHOICES))
    values_own: ShortText | None = None
    interests: LongText | None = None
    education_history: LongText | None = None
    strengths: LongText | None = None
    weaknesses: LongText | None = None
    known_for: LongText | None = None
    want_known_for: LongText | None = None
    swot_strengths: LongText | None = None
    swot_weaknesses: LongText | None = None
    swot_opportunities: LongText | None = None
    swot_threats: LongText | None = None
    barriers_internal: LongText | None = None
    barriers_external: LongText | None = None
    open_to_lateral: Flag | None = None
    open_to_relocation: Flag | None = None
    track_preference: TrackPreference | None = None
    project_hours: HoursPerWeek | None = None


# One optional visibility per section; sections not named keep their visibility.
if TYPE_CHECKING:
    # Built at run time from SECTIONS, so the type checker knows only its base.
    VisibilityIn = Input
else:
    VisibilityIn = create_model(
        "VisibilityIn",
        __base__=Input,
        **{s.key: (Visibility | None, None) for s in SECTIONS},
    )


class PersonSkillIn(Input):
    skill_id: IdIn
    level: Level
    appetite: Appetite = Appetite.KEEP


class ConfirmIn(Input):
    level: Level


class GoalIn(Input):
    title: Name
    description: LongText = ""
    horizon: Horizon = Horizon.SHORT
    target_role_id: IdIn | None = None
    target_date: PlanDate | None = None


class ActionIn(Input):
    kind: ActionKind = ActionKind.LEARN
    title: Name
    measure: ShortText = ""
    support_needed: ShortText = ""
    support_from: Annotated[ShortText, Field(max_length=200)] = ""
    status: Status = Status.PLANNED
    learning_id: IdIn | None = None  # an item of the learning catalog this action follows


class CheckpointIn(Input):
    title: Name
    due: PlanDate


class DoneIn(Input):
    done: Flag


class ScoreIn(Input):
    muscle: Muscle
    score: Importance
    note: ShortText = ""


class CheckInIn(Input):
    scores: list[ScoreIn] = Field(max_length=len(Muscle))


class AccomplishmentIn(Input):
    title: Name
    what: LongText = ""
    impact: LongText = ""
    date: RecordDate
    link: Link = ""
    visibility: Visibility = Visibility.MANAGER
    share_lessons: Flag = False
    lessons: LongText = ""


def _career(
    request: HttpRequest, pk: int, *, page: str, section: str = "", skills: bool = False
) -> CareerView:
    """As the pages' ``career_for``: refused before anything is recorded, and someone else's
    career recorded as read, as the page of the same name records it."""
    return selectors.career_read(
        viewer=viewer_of(request),
        pk=pk,
        page=page,
        via="api",
        request_id=request_id(request),
        section=section,
        skills=skills,
    )


def _own(request: HttpRequest) -> CareerView:
    return selectors.career_get_own(viewer=viewer_of(request))


def _profile_out(career: CareerView) -> dict[str, Any]:
    """Only sections the caller may read appear; a hidden section is absent, not empty."""
    sections = {}
    for section in profile_sections(career.profile, career.sections):
        names = [f for s in [section] for f in _fields_of(s.key)]
        sections[section.key] = {
            "visibility": section.visibility,
            "fields": {name: getattr(career.profile, name) for name in names},
        }
    return {"person_id": career.person.pk, "sections": sections}


def _fields_of(key: str) -> tuple[str, ...]:
    return SECTION_BY_KEY[key].fields


def _goal_out(goal: Any) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "title": goal.title,
        "description": goal.description,
        "horizon": goal.horizon,
        "status": goal.status,
        "target_role_id": goal.target_role_id,
        "target_date": goal.target_date,
        "actions": [
            {
                "id": a.pk,
                "kind": a.kind,
                "title": a.title,
                "measure": a.measure,
                "support_needed": a.support_needed,
                "support_from": a.support_from,
                "status": a.status,
                "checkpoints": [
                    {"id": c.pk, "title": c.title, "due": c.due, "done": c.done}
                    for c in a.checkpoints.all()
                ],
            }
            for a in goal.actions.all()
        ],
    }


@router.get("/careers/{int:pk}/profile", response=ProfileOut)
def profile_get(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _profile_out(_career(request, pk, page="overview"))


@router.patch("/careers/me/profile", response={200: ProfileOut, 400: ErrorOut})
def profile_patch(request: HttpRequest, payload: ProfileIn) -> Any:
    career = _own(request)
    try:
        services.profile_update(
            actor=request.user, person=career.person, data=payload.dict(exclude_none=True)
        )
    except CareerError as error:
        return Reply(400, {"detail": str(error)})
    return _profile_out(_own(request))


@router.put("/careers/me/visibility", response={200: VisibilityOut, 400: ErrorOut})
def visibility_put(request: HttpRequest, payload: VisibilityIn) -> Any:
    career = _own(request)
    try:
        profile = services.profile_set_visibility(
            actor=request.user,
            person=career.person,
            visibility={k: str(v) for k, v in payload.dict(exclude_none=True).items()},
        )
    except CareerError as error:
        return Reply(400, {"detail": str(error)})
    return {key: profile.visibility_of(key) for key in profile.visibility}


@router.get("/careers/{int:pk}/skills", response=list[SkillHeldOut])
def skills_get(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    career = _career(request, pk, page="skills", skills=True)
    history = selectors.skill_history_for(career=career)
    return [
        {
            "skill_id": ps.skill_id,
            "name": ps.skill.name,
            "level": ps.level,
            "source": ps.source,
            "appetite": ps.appetite,
            "history": [h.level for h in history.get(ps.skill_id, [])],
        }
        for ps in selectors.skills_for(career=career)
    ]


@router.post("/careers/me/skills", response={201: SkillSetOut, 400: ErrorOut})
def skill_set(request: HttpRequest, payload: PersonSkillIn) -> Any:
    career = _own(request)
    skill = skill_selectors.skill_get(viewer=viewer_of(request), pk=payload.skill_id)
    try:
        held = services.person_skill_set(
            actor=request.user,
            person=career.person,
            skill=skill,
            level=payload.level,
            appetite=payload.appetite,
        )
    except CareerError as error:
        return Reply(400, {"detail": str(error)})
    return Reply(
        201,
        {
            "skill_id": skill.pk,
            "level": held.level,
            "source": held.source,
            "appetite": held.appetite,
        },
    )


@router.post(
    "/careers/{int:pk}/skills/{skill_id}/confirm", response={200: SkillConfirmOut, 400: ErrorOut}
)
def skill_confirm(request: HttpRequest, pk: Id, skill_id: Id, payload: ConfirmIn) -> Any:
    # Not ``_career``: a refused caller must not leave a "read" in the audit trail.
    viewer = viewer_of(request)
    career = selectors.career_get(viewer=viewer, pk=pk)
    if not career.is_manager:
        raise Http404
    skill = skill_selectors.skill_get(viewer=viewer, pk=skill_id)
    try:
        held = services.person_skill_confirm(
            actor=request.user, person=career.person, skill=skill, level=payload.level
        )
    except CareerError as error:
        return Reply(400, {"detail": str(error)})
    return {"skill_id": skill.pk, "level": held.level, "source": held.source}


@router.get("/careers/{int:pk}/goals", response=list[GoalOut])
def goals_get(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    career = _career(request, pk, page="map", section="map")
    return [_goal_out(g) for g in selectors.goals_for(career=career)]


@router.post("/careers/me/goals", response={201: GoalOut})
def goal_create(request: HttpRequest, payload: GoalIn) -> Any:
    career = _own(request)
    data = payload.dict()
    role_id = data.pop("target_role_id")
    viewer = viewer_of(request)
    data["target_role"] = skill_selectors.role_get(viewer=viewer, pk=role_id) if role_id else None
    goal = services.goal_create(actor=request.user, person=career.person, **data)
    return Reply(201, _goal_out(goal))


@router.post("/careers/me/goals/{goal_id}/actions", response={201: ActionCreatedOut})
def action_create(request: HttpRequest, goal_id: Id, payload: ActionIn) -> Any:
    goal = selectors.goal_get(career=_own(request), pk=goal_id)
    fields = payload.dict()
    learning_id = fields.pop("learning_id")
    if learning_id is not None:
        item = learning_list(viewer=viewer_of(request)).filter(pk=learning_id).first()
        if item is None or not item.is_active:
            raise HttpError(422, "learning_id: no such item in the learning catalog.")
        fields["learning"] = item
    action = services.action_create(actor=request.user, goal=goal, **fields)
    return Reply(
        201,
        {
            "id": action.pk,
            "goal_id": goal.pk,
            "title": action.title,
            "kind": action.kind,
            "learning_id": learning_id,
        },
    )


@router.post("/careers/me/actions/{action_id}/checkpoints", response={201: CheckpointOut})
def checkpoint_create(request: HttpRequest, action_id: Id, payload: CheckpointIn) -> Any:
    action = selectors.action_get(career=_own(request), pk=action_id)
    cp = services.checkpoint_create(actor=request.user, action=action, **payload.dict())
    return Reply(201, {"id": cp.pk, "title": cp.title, "due": cp.due, "done": cp.done})


@router.patch("/careers/me/checkpoints/{checkpoint_id}", response=CheckpointOut)
def checkpoint_done(request: HttpRequest, checkpoint_id: Id, payload: DoneIn) -> dict[str, Any]:
    cp = selectors.checkpoint_get(career=_own(request), pk=checkpoint_id)
    cp = services.checkpoint_set_done(actor=request.user, checkpoint=cp, done=payload.done)
    return {"id": cp.pk, "title": cp.title, "due": cp.due, "done": cp.done}


@router.get("/careers/{int:pk}/checkins", response=list[CheckInOut])
def checkins_get(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    career = _career(request, pk, page="checkins", section="checkins")
    return [
        {
            "id": c.pk,
            "at": c.created_at.isoformat(),
            "scores": {s.muscle: {"score": s.score, "note": s.note} for s in c.scores.all()},
        }
        for c in selectors.checkins_for(career=career)
    ]


@router.post("/careers/me/checkins", response={201: CreatedOut, 400: ErrorOut})
def checkin_create(request: HttpRequest, payload: CheckInIn) -> Any:
    career = _own(request)
    scores = {str(s.muscle): (s.score, s.note) for s in payload.scores}
    try:
        checkin = services.checkin_record(actor=request.user, person=career.person, scores=scores)
    except CareerError as error:
        return Reply(400, {"detail": str(error)})
    return Reply(201, {"id": checkin.pk})


@router.get("/careers/{int:pk}/accomplishments", response=list[AccomplishmentOut])
def accomplishments_get(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    career = _career(request, pk, page="accomplishments")
    return [
        {
            "id": a.pk,
            "title": a.title,
            "what": a.what,
            "impact": a.impact,
            "date": a.date,
            "link": safe_link(a.link),
            "visibility": a.visibility,
            "lessons": a.lessons if a.share_lessons or career.is_owner else "",
        }
        for a in selectors.accomplishments_for(career=career)
    ]


@router.post("/careers/me/accomplishments", response={201: AccomplishmentCreatedOut})
def accomplishment_create(request: HttpRequest, payload: AccomplishmentIn) -> Any:
    career = _own(request)
    item = services.accomplishment_create(
        actor=request.user, person=career.person, **payload.dict()
    )
    return Reply(201, {"id": item.pk, "title": item.title, "visibility": item.visibility})


@router.get("/careers/{int:pk}/deck.{fmt}")
def deck_download(request: HttpRequest, pk: Id, fmt: Literal["pptx", "pdf"]) -> HttpResponse:
    career = _career(request, pk, page=f"deck.{fmt}")
    deck = deck_content(career=career)
    data = render_pptx(deck) if fmt == "pptx" else render_pdf(deck)
    audit_record(
        actor=request.user,
        action="careers.deck.export",
        target=career.person,
        detail={"format": fmt},
    )
    response = HttpResponse(data, content_type=PPTX_TYPE if fmt == "pptx" else "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="career-strategy.{fmt}"'
    return response


# Deck reviews have their own module; they share the careers router.
router.add_router("", reviews_router)
