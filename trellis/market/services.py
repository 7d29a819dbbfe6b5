"""Writes to the marketplace: opportunities, opt-ins and the interest workflow.

Each service is atomic, keyword-only, audited, and raises :class:`MarketError` with a message
meant for the user when an invariant would break. Permission is checked by the caller through
:mod:`trellis.market.access`, except where the rule is part of the workflow itself (which side
may make which move), which is enforced here so that the pages and the API cannot differ.
Rounds and pairing rounds live in :mod:`trellis.market.rounds`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from trellis.careers.notify import notify
from trellis.market import access
from trellis.market.models import (
    KINDS_NEEDING_SKILLS,
    SEAT_STATUSES,
    Interest,
    InterestEvent,
    InterestStatus,
    MarketplaceOptIn,
    MarketPolicy,
    Opportunity,
    OpportunitySkill,
    OpportunityStatus,
)
from trellis.org.services import audit_record
from trellis.skills.models import RoleRequirement

if TYPE_CHECKING:
    from trellis.org.access import Viewer
    from trellis.org.models import Person
    from trellis.skills.models import Skill


class MarketError(Exception):
    """A refused marketplace action; the message is shown to the user as is."""


# Fields of an opportunity a poster may set; owner, status and dates of record never come
# from input.
OPPORTUNITY_FIELDS = (
    "kind",
    "direction",
    "title",
    "description",
    "unit",
    "role",
    "capacity",
    "hours_per_week",
    "duration_weeks",
    "start_date",
    "end_date",
    "location",
    "remote",
    "min_months_in_role",
    "closes_on",
)


@dataclass(frozen=True)
class SkillNeed:
    skill: Skill
    min_level: int = 3
    weight: int = 3
    required: bool = True


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(OPPORTUNITY_FIELDS)
    if unknown:
        raise MarketError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")
    if fields.get("capacity") is not None and fields["capacity"] < 1:
        raise MarketError("An opportunity needs at least one seat.")
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise MarketError("The end date must not be before the start date.")


def _set_skills(opp: Opportunity, skills: list[SkillNeed] | None) -> None:
    if skills is None:
        return
    seen: set[int] = set()
    for need in skills:
        if need.skill.pk in seen:
            raise MarketError(f"{need.skill.name} is listed twice.")
        seen.add(need.skill.pk)
        if not 0 <= need.min_level <= 5:
            raise MarketError("A minimum level is between 0 and 5.")
        if not 1 <= need.weight <= 5:
            raise MarketError("Importance is between 1 and 5.")
    opp.skills.all().delete()
    OpportunitySkill.objects.bulk_create(
        OpportunitySkill(
            opportunity=opp,
            skill=need.skill,
            min_level=need.min_level,
            weight=need.weight,
            required=need.required,
        )
        for need in skills
    )


def role_skill_needs(role_id: int) -> list[SkillNeed]:
    """A role's KSA requirements as skill needs: what "linked role" prefills."""
    rows = RoleRequirement.objects.filter(role_id=role_id).select_related("skill")
    return [
        SkillNeed(skill=r.skill, min_level=r.min_level, weight=r.importance, required=r.is_required)
        for r in rows
    ]


@transaction.atomic
def opportunity_create(
    *, viewer: Viewer, skills: list[SkillNeed] | None = None, **fields: Any
) -> Opportunity:
    """A draft owned by the poster. Without skills, a linked role's requirements are copied."""
    if viewer.person is None:
        raise MarketError("Only people in the organization can post opportunities.")
    _check_fields(fields)
    unit = fields.get("unit")
    if unit is None or not access.can_post_for_unit(viewer, unit):
        raise MarketError("You can post opportunities for your own unit only.")
    if "min_months_in_role" not in fields:
        fields["min_months_in_role"] = MarketPolicy.current().default_min_months
    opp = Opportunity.objects.create(owner=viewer.person, **fields)
    if not skills and opp.role_id:
        skills = role_skill_needs(opp.role_id)
    _set_skills(opp, skills)
    audit_record(actor=viewer.user, action="market.opportunity.create", target=opp)
    return opp


@transaction.atomic
def opportunity_update(
    *, viewer: Viewer, opp: Opportunity, skills: list[SkillNeed] | None = None, **fields: Any
) -> Opportunity:
    _check_fields(fields)
    if "unit" in fields and not access.can_post_for_unit(viewer, fields["unit"]):
        raise MarketError("You can post opportunities for your own unit only.")
    merged = {"start_date": opp.start_date, "end_date": opp.end_date, **fields}
    _check_fields({k: merged[k] for k in ("start_date", "end_date")})
    for name, value in fields.items():
        setattr(opp, name, value)
    opp.save()
    _set_skills(opp, skills)
    if opp.status == OpportunityStatus.OPEN:
        _check_publishable(opp)
    audit_record(
        actor=viewer.user,
        action="market.opportunity.update",
        target=opp,
        detail={"fields": sorted(fields) + (["skills"] if skills is not None else [])},
    )
    return opp


def _check_publishable(opp: Opportunity) -> None:
    if opp.kind in KINDS_NEEDING_SKILLS and not opp.skills.exists():
        raise MarketError(f"A {opp.get_kind_display().lower()} needs at least one skill.")


@transaction.atomic
def opportunity_publish(*, viewer: Viewer, opp: Opportunity) -> Opportunity:
    if opp.status != OpportunityStatus.DRAFT:
        raise MarketError("Only a draft can be published.")
    _check_publishable(opp)
    if opp.closes_on and opp.closes_on < timezone.localdate():
        raise MarketError("The closing date has passed; move it before publishing.")
    opp.status = OpportunityStatus.OPEN
    opp.published_at = timezone.now()
    opp.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=viewer.user, action="market.opportunity.publish", target=opp)
    return opp


@transaction.atomic
def opportunity_close(*, viewer: Viewer, opp: Opportunity, filled: bool = False) -> Opportunity:
    if opp.status in (OpportunityStatus.CLOSED, OpportunityStatus.FILLED):
        raise MarketError("This opportunity is already closed.")
    opp.status = OpportunityStatus.FILLED if filled else OpportunityStatus.CLOSED
    opp.save(update_fields=["status", "updated_at"])
    audit_record(actor=viewer.user, action="market.opportunity.close", target=opp)
    return opp


@transaction.atomic
def opt_in_set(
    *,
    viewer: Viewer,
    person: Person,
    opted_in: bool,
    digest: str | None = None,
    mentor_capacity: int | None = None,
    wants_buddy: bool | None = None,
) -> MarketplaceOptIn:
    row, _ = MarketplaceOptIn.objects.get_or_create(person=person)
    row.opted_in = opted_in
    if digest is not None:
        row.digest = digest
    if mentor_capacity is not None:
        row.mentor_capacity = mentor_capacity
    if wants_buddy is not None:
        row.wants_buddy = wants_buddy
    row.save()
    audit_record(
        actor=viewer.user,
        action="market.opt_in.set",
        target=row,
        detail={"opted_in": opted_in, "digest": row.digest},
    )
    return row


# --- seats ---------------------------------------------------------------------------------


def opportunities_lock(ids: Iterable[int]) -> dict[int, Opportunity]:
    """Lock these opportunity rows until the transaction ends, always in id order.

    Every write that hands out seats (an offer, an acceptance, publishing a round) takes
    these locks before it counts the seats held, so two of them on the same opportunity run
    one after the other; the single order means two round publications sharing
    opportunities cannot deadlock. SQLite has no row locks, but its write transactions
    start immediately (settings) and are serialized as a whole.
    """
    rows = Opportunity.objects.select_for_update().filter(id__in=set(ids)).order_by("id")
    return {o.pk: o for o in rows}


def seats_held(ids: Iterable[int]) -> dict[int, int]:
    """Seats held per opportunity: offers not yet answered plus accepted places."""
    return dict(
        Interest.objects.filter(opportunity_id__in=set(ids), status__in=SEAT_STATUSES)
        .order_by()
        .values("opportunity_id")
        .annotate(n=Count("id"))
        .values_list("opportunity_id", "n")
    )


# --- the interest workflow -----------------------------------------------------------------

CANDIDATE = "candidate"
OWNER = "owner"

# (from, to) -> the side that may make the move.
TRANSITIONS: dict[tuple[str, str], str] = {
    (InterestStatus.INVITED, InterestStatus.APPLIED): CANDIDATE,
    (InterestStatus.INTERESTED, InterestStatus.APPLIED): CANDIDATE,
    (InterestStatus.APPLIED, InterestStatus.SHORTLISTED): OWNER,
    (InterestStatus.APPLIED, InterestStatus.DECLINED): OWNER,
    (InterestStatus.SHORTLISTED, InterestStatus.OFFERED): OWNER,
    (InterestStatus.SHORTLISTED, InterestStatus.DECLINED): OWNER,
    (InterestStatus.OFFERED, InterestStatus.ACCEPTED): CANDIDATE,
    (InterestStatus.OFFERED, InterestStatus.DECLINED): CANDIDATE,
    **{
        (s, InterestStatus.WITHDRAWN): CANDIDATE
        for s in (
            InterestStatus.INVITED,
            InterestStatus.INTERESTED,
            InterestStatus.APPLIED,
            InterestStatus.SHORTLISTED,
            InterestStatus.OFFERED,
        )
    },
}

_VERBS: dict[str, str] = {
    InterestStatus.INTERESTED: "is interested in",
    InterestStatus.APPLIED: "applied for",
    InterestStatus.SHORTLISTED: "was shortlisted for",
    InterestStatus.OFFERED: "was offered",
    InterestStatus.ACCEPTED: "accepted",
    InterestStatus.DECLINED: "was declined for",
    InterestStatus.WITHDRAWN: "withdrew from",
    InterestStatus.INVITED: "was invited to apply for",
}


def moves_for(viewer: Viewer, interest: Interest) -> list[str]:
    """The statuses the viewer may move this interest to, in workflow order."""
    sides = set()
    if access.is_candidate(viewer, interest):
        sides.add(CANDIDATE)
    if access.can_manage(viewer, interest.opportunity):
        sides.add(OWNER)
    return [
        to for (frm, to), side in TRANSITIONS.items() if frm == interest.status and side in sides
    ]


def _accepting(opp: Opportunity, today: dt.date) -> bool:
    return opp.status == OpportunityStatus.OPEN and not (opp.closes_on and opp.closes_on < today)


def _record(interest: Interest, *, actor: Any, frm: str, to: str) -> None:
    InterestEvent.objects.create(interest=interest, actor=actor, from_status=frm, to_status=to)
    audit_record(
        actor=actor,
        action="market.interest.move",
        target=interest,
        detail={"from": frm, "to": to},
    )


def _announce(interest: Interest, status: str) -> None:
    """Tell the owner, the candidate and — per policy and confidentiality — the manager."""
    opp = interest.opportunity
    person = interest.person
    url = reverse("market:interest", args=[interest.pk])
    verb = _VERBS.get(status, status)
    if opp.owner_id != person.pk:
        notify(recipient=opp.owner, message=f"{person.full_name} {verb} “{opp.title}”.", url=url)
    to_you: dict[str, str] = {
        InterestStatus.INVITED: f"You are invited to apply for “{opp.title}”.",
        InterestStatus.SHORTLISTED: f"You are shortlisted for “{opp.title}”.",
        InterestStatus.OFFERED: f"You have an offer: “{opp.title}”.",
        InterestStatus.DECLINED: f"Your application for “{opp.title}” was declined.",
    }
    you = to_you.get(status, f"Your interest in “{opp.title}” is now {status}.")
    notify(recipient=person, message=you, url=url)
    manager = person.manager
    if (
        manager is not None
        and status != InterestStatus.INVITED
        and MarketPolicy.current().notify_manager
        and access.manager_may_see(interest)
        and manager.pk != opp.owner_id
    ):
        notify(recipient=manager, message=f"{person.full_name} {verb} “{opp.title}”.", url=url)


@transaction.atomic
def interest_express(
    *,
    viewer: Viewer,
    opp: Opportunity,
    confidential: bool = False,
    apply: bool = False,
    note: str = "",
) -> Interest:
    """The viewer's interest in an open opportunity (``apply`` goes straight to applied)."""
    person = viewer.person
    if person is None:
        raise MarketError("Only people in the organization can express interest.")
    if not _accepting(opp, timezone.localdate()):
        raise MarketError("This opportunity is closed and no longer takes interest.")
    if opp.owner_id == person.pk:
        raise MarketError("This is your own opportunity.")
    if confidential and not MarketPolicy.current().allow_confidential:
        raise MarketError("Company policy does not allow hiding interest from your manager.")
    existing = Interest.objects.filter(person=person, opportunity=opp).first()
    if existing is not None and existing.status != InterestStatus.INVITED:
        raise MarketError("You have already expressed interest in this opportunity.")
    target = InterestStatus.APPLIED if apply else InterestStatus.INTERESTED
    if existing is not None:
        # Answering an invitation keeps its history.
        frm = existing.status
        existing.status = InterestStatus.APPLIED
        existing.confidential = confidential
        existing.note = note
        existing.save()
        _record(existing, actor=viewer.user, frm=frm, to=existing.status)
        _announce(existing, existing.status)
        return existing
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                person=person, opportunity=opp, status=target, confidential=confidential, note=note
            )
    except IntegrityError as error:  # a double click racing the check above
        raise MarketError("You have already expressed interest in this opportunity.") from error
    _record(interest, actor=viewer.user, frm="", to=target)
    _announce(interest, target)
    return interest


@transaction.atomic
def interest_invite(*, viewer: Viewer, opp: Opportunity, person: Person) -> Interest:
    """The owner (or HR) invites an opted-in candidate to apply."""
    if not access.can_manage(viewer, opp):
        raise MarketError("Only the owner or HR can invite candidates.")
    if not _accepting(opp, timezone.localdate()):
        raise MarketError("This opportunity is closed and no longer takes interest.")
    if not MarketplaceOptIn.objects.filter(person=person, opted_in=True).exists():
        raise MarketError("This person has not opted in to the marketplace.")
    if Interest.objects.filter(person=person, opportunity=opp).exists():
        raise MarketError(f"{person.full_name} is already in this opportunity's pipeline.")
    interest = Interest.objects.create(
        person=person, opportunity=opp, status=InterestStatus.INVITED
    )
    _record(interest, actor=viewer.user, frm="", to=InterestStatus.INVITED)
    _announce(interest, InterestStatus.INVITED)
    return interest


@transaction.atomic
def interest_move(*, viewer: Viewer, interest: Interest, to: str) -> Interest:
    """Move an interest one step, if the workflow allows it and the viewer is the right side.

    An offer needs a free seat (offers and accepted places stay within the capacity), counted
    under the opportunity's row lock, taken before the interest's so that every seat-handing
    write locks in the same order (:func:`opportunities_lock`).
    """
    opportunities_lock([interest.opportunity_id])
    interest = (
        # Lock only the interest row: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer join to the person's manager.
        Interest.objects.select_for_update(of=("self",))
        .select_related("opportunity", "opportunity__owner", "person", "person__manager")
        .get(pk=interest.pk)
    )
    frm = interest.status
    side = TRANSITIONS.get((frm, to))
    if side is None:
        raise MarketError(
            f"An interest that is {InterestStatus(frm).label.lower()} cannot become "
            f"{InterestStatus(to).label.lower() if to in InterestStatus.values else to}."
        )
    allowed = (
        access.is_candidate(viewer, interest)
        if side == CANDIDATE
        else access.can_manage(viewer, interest.opportunity)
    )
    if not allowed:
        who = "the candidate" if side == CANDIDATE else "the owner or HR"
        raise MarketError(f"Only {who} can make this move.")
    opp = interest.opportunity
    if to == InterestStatus.OFFERED and opp.status != OpportunityStatus.OPEN:
        raise MarketError("This opportunity is closed; no new offers can be made.")
    held = seats_held([opp.pk]).get(opp.pk, 0)
    if to == InterestStatus.OFFERED and held >= opp.capacity:
        raise MarketError(
            f"Every seat of “{opp.title}” is already offered or taken ({held} of "
            f"{opp.capacity}); another offer can be made when one is declined or withdrawn."
        )
    if to == InterestStatus.ACCEPTED:
        taken = Interest.objects.filter(opportunity=opp, status=InterestStatus.ACCEPTED).count()
        if taken >= opp.capacity:
            raise MarketError("Every seat of this opportunity is already taken.")
    interest.status = to
    interest.save(update_fields=["status", "updated_at"])
    _record(interest, actor=viewer.user, frm=frm, to=to)
    _announce(interest, to)
    if to == InterestStatus.ACCEPTED and taken + 1 >= opp.capacity:
        opp.status = OpportunityStatus.FILLED
        opp.save(update_fields=["status", "updated_at"])
    return interest


@transaction.atomic
def learning_action_add(*, viewer: Viewer, skill: Skill, opp: Opportunity | None) -> Any:
    """Add "learn <skill>" to the viewer's career map, under their first open goal.

    Without an open goal, a goal named after the opportunity is created to hold it.
    """
    from trellis.careers import services as careers
    from trellis.careers.models import Action, ActionKind, Goal, Status

    person = viewer.person
    if person is None:
        raise MarketError("Only people in the organization have a career map.")
    goal = (
        Goal.objects.filter(person=person, status__in=[Status.PLANNED, Status.ACTIVE])
        .order_by("id")
        .first()
    )
    if goal is None:
        title = f"Grow toward “{opp.title}”" if opp is not None else "Grow my skills"
        goal = careers.goal_create(actor=viewer.user, person=person, title=title[:200])
    if (
        Action.objects.filter(goal__person=person, skill=skill)
        .exclude(status__in=[Status.DONE, Status.DROPPED])
        .exists()
    ):
        raise MarketError(f"Learning {skill.name} is already on your career map.")
    return careers.action_create(
        actor=viewer.user,
        goal=goal,
        kind=ActionKind.LEARN,
        title=f"Learn {skill.name}",
        skill=skill,
    )
