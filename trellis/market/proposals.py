"""Proposals from the bottom up: reads and writes (the one door for pages and the API).

Who may do what:

- anyone in the organization proposes a project to a sponsor they choose (an active person,
  not themselves); the proposer edits or withdraws it while it waits or changes are asked;
- the sponsor — only the sponsor — approves, asks for changes or declines (with a reason);
- a proposal is read by its proposer, its sponsor, HR partners and admins; anyone else gets
  the 404 of a missing one.

Approving turns the proposal into a project opportunity owned by the sponsor, in the sponsor's
unit, with the proposer holding its first seat (an accepted place). Skills it needs become the
opportunity's requirements; skills it builds, nice-to-haves. The proposal row is locked while
it is decided, so two answers at once cannot make two opportunities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from trellis.careers.notify import notify
from trellis.market.models import (
    Interest,
    InterestEvent,
    InterestStatus,
    Kind,
    Opportunity,
    OpportunitySkill,
    OpportunityStatus,
)
from trellis.market.models_proposals import RESPONSE_TEXT, Proposal, ProposalStatus
from trellis.market.services import MarketError
from trellis.org.models import Person
from trellis.org.services import audit_record
from trellis.org.validation import text_error
from trellis.skills.models import Skill

if TYPE_CHECKING:
    from trellis.org.access import Viewer

Decision = Literal["approve", "changes", "decline"]
DECISIONS: tuple[Decision, ...] = ("approve", "changes", "decline")


class ProposalError(MarketError):
    """A refused proposal action; ``field`` names the input at fault (blank: the whole)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ProposalData:
    """What a proposer sets; sponsor is checked here, status and links never come from input."""

    sponsor: Person
    title: str
    problem: str
    solution: str
    skills_needed: Sequence[Skill]
    skills_built: Sequence[Skill]
    hours_per_week: int
    extra_seats: int = 0


# Reads ---------------------------------------------------------------------------------------


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("proposer", "sponsor", "opportunity").prefetch_related(
        "skills_needed", "skills_built"
    )


def proposal_get_for_user(*, viewer: Viewer, pk: int) -> Proposal:
    """The proposal for its proposer, its sponsor, HR and admins; a 404 for anyone else."""
    proposal = _proposals().filter(pk=pk).first()
    if proposal is None or not viewer.is_authenticated:
        raise Http404
    me = viewer.person.pk if viewer.person else None
    if me in (proposal.proposer_id, proposal.sponsor_id) or viewer.is_hr_or_admin:
        return proposal
    raise Http404


def proposal_get_to_edit(*, viewer: Viewer, pk: int) -> Proposal:
    """The viewer's own proposal (HR and sponsors may read it, only its proposer edits)."""
    proposal = proposal_get_for_user(viewer=viewer, pk=pk)
    if viewer.person is None or proposal.proposer_id != viewer.person.pk:
        raise Http404
    return proposal


@dataclass(frozen=True)
class ProposalLists:
    mine: list[Proposal]
    to_sponsor: list[Proposal]


def proposals_of(*, viewer: Viewer) -> ProposalLists:
    """The viewer's proposals and those waiting for them as a sponsor (newest first)."""
    if viewer.person is None:
        raise Http404
    me = viewer.person
    rows = list(_proposals().filter(Q(proposer=me) | Q(sponsor=me))[:200])
    return ProposalLists(
        mine=[p for p in rows if p.proposer_id == me.pk],
        to_sponsor=[p for p in rows if p.sponsor_id == me.pk],
    )


def sponsor_choices(*, viewer: Viewer) -> QuerySet[Person]:
    """Who can be chosen as a sponsor: active people of the directory other than the viewer."""
    if viewer.person is None:
        raise Http404
    return (
        Person.objects.filter(is_active=True)
        .exclude(pk=viewer.person.pk)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )


def skill_choices() -> QuerySet[Skill]:
    return Skill.objects.order_by("name")


def skills_named(*, ids: Sequence[int]) -> list[Skill]:
    """The skills of these ids; an unknown id is refused with the field named by the caller."""
    found = {s.pk: s for s in Skill.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ProposalError(f"Unknown skill ids: {missing}.", "skills")
    return [found[i] for i in ids]


# Writes --------------------------------------------------------------------------------------


def _check(viewer: Viewer, data: ProposalData) -> Person:
    me = viewer.person
    if me is None:
        raise ProposalError("Only people in the organization can propose projects.")
    if data.sponsor.pk == me.pk:
        raise ProposalError("Choose someone else as your sponsor.", "sponsor")
    if not data.sponsor.is_active:
        raise ProposalError("Choose a sponsor who is still with the organization.", "sponsor")
    if not data.skills_needed:
        raise ProposalError("Name at least one skill the project needs.", "skills_needed")
    return me


def _apply(proposal: Proposal, data: ProposalData) -> None:
    proposal.sponsor = data.sponsor
    proposal.title = data.title
    proposal.problem = data.problem
    proposal.solution = data.solution
    proposal.hours_per_week = data.hours_per_week
    proposal.extra_seats = data.extra_seats
    try:
        proposal.full_clean(exclude=["proposer", "opportunity"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ProposalError(messages[0], "" if field == "__all__" else field) from error
    proposal.save()
    proposal.skills_needed.set(data.skills_needed)
    proposal.skills_built.set(data.skills_built)


def _tell_sponsor(proposal: Proposal, verb: str) -> None:
    notify(
        recipient=proposal.sponsor,
        message=f"{proposal.proposer.full_name} {verb} a project for you to sponsor: "
        f"“{proposal.title}”.",
        url=reverse("market:proposal", args=[proposal.pk]),
    )


@transaction.atomic
def proposal_submit(*, viewer: Viewer, data: ProposalData) -> Proposal:
    me = _check(viewer, data)
    proposal = Proposal(proposer=me)
    _apply(proposal, data)
    audit_record(actor=viewer.user, action="market.proposal.submit", target=proposal)
    _tell_sponsor(proposal, "proposes")
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    """The row again, locked for the rest of the transaction (decisions are serialised)."""
    return _proposals().select_for_update(of=("self",)).get(pk=proposal.pk)


@transaction.atomic
def proposal_revise(*, viewer: Viewer, proposal: Proposal, data: ProposalData) -> Proposal:
    """The proposer's new version: it waits for the sponsor again."""
    me = _check(viewer, data)
    proposal = _locked(proposal)
    if proposal.proposer_id != me.pk:
        raise ProposalError("Only the person who proposed it can change it.")
    if not proposal.is_open:
        raise ProposalError("This proposal has been answered; propose a new one.")
    proposal.status = ProposalStatus.SUBMITTED
    _apply(proposal, data)
    audit_record(actor=viewer.user, action="market.proposal.revise", target=proposal)
    _tell_sponsor(proposal, "revised")
    return proposal


@transaction.atomic
def proposal_withdraw(*, viewer: Viewer, proposal: Proposal) -> Proposal:
    proposal = _locked(proposal)
    if viewer.person is None or proposal.proposer_id != viewer.person.pk:
        raise ProposalError("Only the person who proposed it can withdraw it.")
    if not proposal.is_open:
        raise ProposalError("This proposal has been answered already.")
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(actor=viewer.user, action="market.proposal.withdraw", target=proposal)
    return proposal


def _opportunity_from(proposal: Proposal, viewer: Viewer) -> Opportunity:
    sponsor = proposal.sponsor
    if sponsor.unit_id is None:
        raise ProposalError("You need a unit in the org chart to own the project.")
    extra = proposal.extra_seats
    opp = Opportunity.objects.create(
        kind=Kind.PROJECT,
        title=proposal.title,
        description=f"The pain point: {proposal.problem}\n\nThe proposed solution: "
        f"{proposal.solution}\n\nProposed by {proposal.proposer.full_name}.",
        unit_id=sponsor.unit_id,
        owner=sponsor,
        capacity=1 + extra,
        hours_per_week=proposal.hours_per_week,
        # The proposer takes the first seat; open for others only when more are wanted.
        status=OpportunityStatus.OPEN if extra else OpportunityStatus.FILLED,
        published_at=timezone.now(),
    )
    needed = list(proposal.skills_needed.all())
    needed_ids = {s.pk for s in needed}
    built = [s for s in proposal.skills_built.all() if s.pk not in needed_ids]
    OpportunitySkill.objects.bulk_create(
        [OpportunitySkill(opportunity=opp, skill=s, min_level=3, required=True) for s in needed]
        + [OpportunitySkill(opportunity=opp, skill=s, min_level=1, required=False) for s in built]
    )
    seat = Interest.objects.create(
        person=proposal.proposer,
        opportunity=opp,
        status=InterestStatus.ACCEPTED,
        note="Proposed this project.",
    )
    InterestEvent.objects.create(interest=seat, actor=viewer.actor, to_status=seat.status)
    audit_record(actor=viewer.user, action="market.opportunity.create", target=opp)
    return opp


_TO_PROPOSER = {
    "approve": "approved your proposal",
    "changes": "asks for changes to your proposal",
    "decline": "declined your proposal",
}


@transaction.atomic
def proposal_decide(
    *, viewer: Viewer, proposal: Proposal, decision: Decision, response: str = ""
) -> Proposal:
    """The sponsor's answer. Asking for changes or declining needs a reason."""
    if decision not in DECISIONS:
        raise ProposalError("Approve, ask for changes or decline.", "decision")
    proposal = _locked(proposal)
    if viewer.person is None or proposal.sponsor_id != viewer.person.pk:
        raise ProposalError("Only the sponsor the proposer chose can answer.")
    if not proposal.is_open:
        raise ProposalError("This proposal has been answered already.")
    response = response.strip()
    if text_error(response) or len(response) > RESPONSE_TEXT:
        raise ProposalError(text_error(response) or "At most 500 characters.", "response")
    if decision != "approve" and not response:
        raise ProposalError("Say why, so that the proposer can act on it.", "response")
    proposal.response = response
    proposal.decided_at = timezone.now()
    proposal.status = {
        "approve": ProposalStatus.APPROVED,
        "changes": ProposalStatus.CHANGES,
        "decline": ProposalStatus.DECLINED,
    }[decision]
    if decision == "approve":
        proposal.opportunity = _opportunity_from(proposal, viewer)
    proposal.save()
    audit_record(
        actor=viewer.user,
        action="market.proposal.decide",
        target=proposal,
        detail={"decision": decision},
    )
    notify(
        recipient=proposal.proposer,
        message=f"{proposal.sponsor.full_name} {_TO_PROPOSER[decision]} “{proposal.title}”.",
        url=reverse("market:proposal", args=[proposal.pk]),
    )
    return proposal
