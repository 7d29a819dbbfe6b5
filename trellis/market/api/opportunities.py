"""The marketplace API: the same selectors and services as the pages, as JSON.

Input schemas list exactly the fields a caller may set: owner and status never come from a
body. A refused object answers 404 like a missing one; a refused action 400 with its reason.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router
from ninja.responses import Status as Reply

from trellis.market import access, selectors, services
from trellis.market.api.schemas import (
    CandidateOut,
    InterestDetailOut,
    InterestOut,
    OpportunityBrief,
    OpportunityOut,
    RecommendationsOut,
)
from trellis.market.models import Direction, InterestStatus, Kind, Opportunity
from trellis.market.recommend import ForYou, Why, for_you
from trellis.market.services import MarketError, SkillNeed
from trellis.org import selectors as org_selectors
from trellis.org.access import viewer_of
from trellis.org.request_id import request_id
from trellis.org.schemas import ErrorOut
from trellis.org.validation import (
    DurationWeeks,
    Flag,
    HoursPerWeek,
    Id,
    IdIn,
    Importance,
    Input,
    Level,
    LongText,
    MonthsInRole,
    Name,
    Page,
    PlanDate,
    SearchText,
    Seats,
    ShortText,
    UpcomingDate,
    upcoming_date_error,
)

router = Router()


# As many skills as the page's form takes.
MAX_SKILLS = 30
Location = Annotated[SearchText, Field(max_length=150)]


class SkillNeedIn(Input):
    skill_id: IdIn
    min_level: Level = 3
    weight: Importance = 3
    required: Flag = True


class OpportunityIn(Input):
    kind: Kind
    direction: Direction = Direction.LEARN
    title: Name
    description: LongText = ""
    unit_id: IdIn
    role_id: IdIn | None = None
    capacity: Seats = 1
    hours_per_week: HoursPerWeek = 0
    duration_weeks: DurationWeeks | None = None
    start_date: PlanDate | None = None
    end_date: PlanDate | None = None
    location: Location = ""
    remote: Flag = True
    min_months_in_role: MonthsInRole = 0
    closes_on: UpcomingDate | None = None
    skills: list[SkillNeedIn] = Field([], max_length=MAX_SKILLS)


class OpportunityPatch(Input):
    direction: Direction | None = None
    title: Name | None = None
    description: LongText | None = None
    capacity: Seats | None = None
    hours_per_week: HoursPerWeek | None = None
    start_date: PlanDate | None = None
    end_date: PlanDate | None = None
    location: Location | None = None
    remote: Flag | None = None
    # Checked against today when it changes (an old post may keep its past date).
    closes_on: PlanDate | None = None
    skills: list[SkillNeedIn] | None = Field(None, max_length=MAX_SKILLS)


class InterestIn(Input):
    apply: Flag = False
    confidential: Flag = False
    note: Annotated[ShortText, Field(max_length=500)] = ""


class MoveIn(Input):
    to: InterestStatus


def _opp_out(o: Opportunity) -> dict[str, Any]:
    return {
        "id": o.pk,
        "kind": o.kind,
        "direction": o.direction,
        "title": o.title,
        "description": o.description,
        "unit": o.unit.path,
        "owner": o.owner.full_name,
        "status": o.status,
        "capacity": o.capacity,
        "hours_per_week": o.hours_per_week,
        "remote": o.remote,
        "location": o.location,
        "closes_on": o.closes_on.isoformat() if o.closes_on else None,
        "skills": [
            {
                "skill": s.skill.name,
                "min_level": s.min_level,
                "weight": s.weight,
                "required": s.required,
            }
            for s in o.skills.select_related("skill")
        ],
    }


def _why_out(why: Why) -> dict[str, Any]:
    line = lambda x: {"skill": x.skill.name, "level": x.level, "min_level": x.min_level}  # noqa: E731
    return {
        "mutual_value": round(why.mutual_value, 4),
        "readiness": round(why.readiness, 4),
        "growth": round(why.growth, 4),
        "met": [line(x) for x in why.met],
        "partial": [line(x) for x in why.partial],
        "missing": [line(x) for x in why.missing],
        "growth_skills": [{"skill": s.name, "reasons": r} for s, r in why.growth_skills],
        "target_roles": [
            {"role": r.title, "skills": [s.name for s in skills]} for r, skills in why.target_roles
        ],
        "failed_constraint": why.failed,
    }


def _needs(items: list[SkillNeedIn]) -> list[SkillNeed]:
    skills = selectors.skills_by_id(ids=[i.skill_id for i in items])
    missing = [i.skill_id for i in items if i.skill_id not in skills]
    if missing:
        raise MarketError(f"Unknown skill ids: {missing}.")
    return [SkillNeed(skills[i.skill_id], i.min_level, i.weight, i.required) for i in items]


@router.get("/market/opportunities", response=list[OpportunityBrief])
def opportunity_list(request: HttpRequest, kind: Kind | Literal[""] = "", page: Page = 1):
    viewer = viewer_of(request)
    qs = selectors.opportunity_feed(viewer=viewer, kind=kind)[(page - 1) * 50 : page * 50]
    return [
        {"id": o.pk, "kind": o.kind, "title": o.title, "unit": o.unit.path, "status": o.status}
        for o in qs
    ]


@router.post("/market/opportunities", response={201: OpportunityOut, 400: ErrorOut})
def opportunity_create(request: HttpRequest, payload: OpportunityIn) -> Any:
    viewer = viewer_of(request)
    if not access.can_post(viewer):
        raise Http404
    data = payload.dict(exclude={"skills", "unit_id", "role_id"})
    try:
        unit = org_selectors.unit_find(viewer=viewer, pk=payload.unit_id)
        if unit is None:
            raise MarketError("Unknown unit.")
        role = selectors.role_find(pk=payload.role_id)
        opp = services.opportunity_create(
            viewer=viewer, skills=_needs(payload.skills) or None, unit=unit, role=role, **data
        )
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    return Reply(201, _opp_out(opp))


@router.get("/market/opportunities/{pk}", response=OpportunityOut)
def opportunity_get(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _opp_out(selectors.opportunity_get_for_user(viewer=viewer_of(request), pk=pk))


@router.patch("/market/opportunities/{pk}", response={200: OpportunityOut, 400: ErrorOut})
def opportunity_patch(request: HttpRequest, pk: Id, payload: OpportunityPatch) -> Any:
    viewer = viewer_of(request)
    opp = selectors.opportunity_get_to_manage(viewer=viewer, pk=pk)
    fields = payload.dict(exclude_unset=True, exclude={"skills"})
    closes_on = fields.get("closes_on")
    if closes_on is not None and closes_on != opp.closes_on and upcoming_date_error(closes_on):
        return Reply(400, {"detail": f"closes_on: {upcoming_date_error(closes_on)}"})
    try:
        skills = _needs(payload.skills) if payload.skills is not None else None
        opp = services.opportunity_update(viewer=viewer, opp=opp, skills=skills, **fields)
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    return _opp_out(opp)


@router.post(
    "/market/opportunities/{pk}/status/{action}",
    response={200: OpportunityOut, 400: ErrorOut},
)
def opportunity_action(request: HttpRequest, pk: Id, action: Literal["publish", "close"]) -> Any:
    viewer = viewer_of(request)
    opp = selectors.opportunity_get_to_manage(viewer=viewer, pk=pk)
    try:
        if action == "publish":
            opp = services.opportunity_publish(viewer=viewer, opp=opp)
        else:
            opp = services.opportunity_close(viewer=viewer, opp=opp)
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    return _opp_out(opp)


def _interest_out(i: Any) -> dict[str, Any]:
    return {
        "id": i.pk,
        "person": i.person.full_name,
        "opportunity": i.opportunity_id,
        "status": i.status,
        "confidential": i.confidential,
    }


@router.post("/market/opportunities/{pk}/interest", response={201: InterestOut, 400: ErrorOut})
def interest_create(request: HttpRequest, pk: Id, payload: InterestIn) -> Any:
    viewer = viewer_of(request)
    opp = selectors.opportunity_get_for_user(viewer=viewer, pk=pk)
    try:
        interest = services.interest_express(viewer=viewer, opp=opp, **payload.dict())
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    return Reply(201, _interest_out(interest))


@router.get("/market/interests/{pk}", response=InterestDetailOut)
def interest_get(request: HttpRequest, pk: Id) -> dict[str, Any]:
    viewer = viewer_of(request)
    interest = selectors.interest_get_for_user(viewer=viewer, pk=pk)
    return {**_interest_out(interest), "moves": services.moves_for(viewer, interest)}


@router.post("/market/interests/{pk}/move", response={200: InterestOut, 400: ErrorOut})
def interest_move(request: HttpRequest, pk: Id, payload: MoveIn) -> Any:
    viewer = viewer_of(request)
    interest = selectors.interest_get_for_user(viewer=viewer, pk=pk)
    try:
        interest = services.interest_move(viewer=viewer, interest=interest, to=str(payload.to))
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    return _interest_out(interest)


def _for_you_out(item: ForYou) -> dict[str, Any]:
    return {
        "opportunity": item.opportunity.pk,
        "title": item.opportunity.title,
        "kind": item.opportunity.kind,
        "direction": item.opportunity.direction,
        "rule": item.rule,
        "also": item.also,
        **_why_out(item.why),
    }


@router.get("/market/recommendations", response=RecommendationsOut)
def recommendations(request: HttpRequest, kind: Kind | Literal[""] = "") -> dict[str, Any]:
    """For you, split as on the page: ``items`` ranked, ``near_misses`` held back by a
    readiness floor, ``blocked`` good fits that fail a hard constraint now."""
    me = viewer_of(request).person
    if me is None:
        raise Http404
    lists = for_you(person=me, kind=kind or "")
    return {
        "items": [_for_you_out(i) for i in lists.items],
        "near_misses": [_for_you_out(i) for i in lists.near_misses],
        "blocked": [_for_you_out(i) for i in lists.blocked],
    }


@router.get("/market/opportunities/{pk}/candidates", response=list[CandidateOut])
def candidate_list(
    request: HttpRequest, pk: Id, ready: Literal["", "now", "growth"] = ""
) -> list[dict[str, Any]]:
    viewer = viewer_of(request)
    opp = selectors.opportunity_get_to_manage(viewer=viewer, pk=pk)
    return [
        {"person": c.person.pk, "name": c.person.full_name, "shared": c.shared, **_why_out(c.why)}
        for c in selectors.candidates_read(
            viewer=viewer,
            opp=opp,
            via="api",
            request_id=request_id(request),
            ready=ready,
        )
    ]
