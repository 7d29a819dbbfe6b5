"""Pairing answered by both sides: asking for a mentor, accepting or declining a pair.

Who may do what:

- anyone in the organization asks for a mentor (a skill, a goal, hours a month) and withdraws
  an ask that is still waiting; the ask enters every mentor round until it is paired;
- each side of a pair accepts or declines it (declining needs a reason, which the other side
  and HR read); a pair is accepted once both accept, and declined as soon as one declines;
- a declined pair frees both people for the next round, and a mentee's ask opens again.

The pair's row is locked while it is answered, so an accept and a decline at the same moment
end in one state; rounds read which pairs hold people after taking their own locks
(:mod:`trellis.market.pairing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from trellis.careers.notify import notify
from trellis.market.models import (
    MentorRequest,
    Pairing,
    PairingLeftOut,
    PairStatus,
    RequestStatus,
)
from trellis.market.models_pairing import GOAL_TEXT
from trellis.market.proposals import ProposalError as FieldError
from trellis.org.services import audit_record
from trellis.org.validation import MENTOR_HOURS, text_error

if TYPE_CHECKING:
    from trellis.org.access import Viewer
    from trellis.skills.models import Skill

REASON_TEXT = 500


# Reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairsPage:
    pairs: list[Pairing]
    requests: list[MentorRequest]
    left_out: list[PairingLeftOut]


def pairs_page(*, viewer: Viewer) -> PairsPage:
    """The viewer's pairs (newest first), asks for a mentor, and the latest times left out."""
    me = viewer.person
    if me is None:
        raise Http404("No such page.")
    pairs = list(
        Pairing.objects.filter(Q(first=me) | Q(second=me))
        .select_related("first", "second", "round", "declined_by")
        .order_by("-round__created_at", "-id")[:50]
    )
    requests = list(MentorRequest.objects.filter(person=me).select_related("skill")[:50])
    left_out = list(
        PairingLeftOut.objects.filter(person=me)
        .select_related("round")
        .order_by("-round__created_at", "-id")[:5]
    )
    return PairsPage(pairs=pairs, requests=requests, left_out=left_out)


def pairing_get_for_party(*, viewer: Viewer, pk: int) -> Pairing:
    """One of the viewer's own pairs; anyone else's is a 404."""
    me = viewer.person
    found = (
        Pairing.objects.filter(pk=pk)
        .select_related("first", "second", "round", "declined_by")
        .first()
    )
    if me is None or found is None or me.pk not in (found.first_id, found.second_id):
        raise Http404("No such page.")
    return found


def request_get_own(*, viewer: Viewer, pk: int) -> MentorRequest:
    me = viewer.person
    found = MentorRequest.objects.filter(pk=pk).select_related("skill").first()
    if me is None or found is None or found.person_id != me.pk:
        raise Http404("No such page.")
    return found


def left_out_of_round(*, viewer: Viewer, pairing_round_id: int) -> QuerySet[PairingLeftOut]:
    """HR's view of who a round left out and why."""
    if not viewer.is_hr_or_admin:
        raise Http404("No such page.")
    return PairingLeftOut.objects.filter(round_id=pairing_round_id).select_related(
        "person", "request__skill"
    )


# Writes --------------------------------------------------------------------------------------


@transaction.atomic
def mentor_request_create(
    *, viewer: Viewer, skill: Skill, goal: str, hours_per_month: int
) -> MentorRequest:
    me = viewer.person
    if me is None:
        raise FieldError("Only people in the organization can ask for a mentor.")
    goal = goal.strip()
    if not goal:
        raise FieldError("Say what you want to reach with a mentor.", "goal")
    if text_error(goal) or len(goal) > GOAL_TEXT:
        raise FieldError(text_error(goal) or f"At most {GOAL_TEXT} characters.", "goal")
    if not MENTOR_HOURS.lo <= hours_per_month <= MENTOR_HOURS.hi:
        raise FieldError(
            f"Between {MENTOR_HOURS.lo} and {MENTOR_HOURS.hi} hours a month.", "hours_per_month"
        )
    try:
        with transaction.atomic():
            ask = MentorRequest.objects.create(
                person=me, skill=skill, goal=goal, hours_per_month=hours_per_month
            )
    except IntegrityError as error:
        raise FieldError(f"You already asked for a mentor in {skill.name}.", "skill") from error
    audit_record(actor=viewer.user, action="market.mentor_request.create", target=ask)
    return ask


@transaction.atomic
def mentor_request_withdraw(*, viewer: Viewer, ask: MentorRequest) -> MentorRequest:
    ask = MentorRequest.objects.select_for_update().get(pk=ask.pk)
    if viewer.person is None or ask.person_id != viewer.person.pk:
        raise FieldError("Only the person who asked can withdraw it.")
    if ask.status != RequestStatus.OPEN:
        raise FieldError("Only an ask still waiting for a mentor can be withdrawn.")
    ask.status = RequestStatus.WITHDRAWN
    ask.save(update_fields=["status", "updated_at"])
    audit_record(actor=viewer.user, action="market.mentor_request.withdraw", target=ask)
    return ask


@transaction.atomic
def pairing_answer(*, viewer: Viewer, pairing: Pairing, accept: bool, reason: str = "") -> Pairing:
    """One side's answer. Accepting twice changes nothing; declining ends the pair for both."""
    pairing = (
        Pairing.objects.select_for_update(of=("self",))
        .select_related("first", "second", "round")
        .get(pk=pairing.pk)
    )
    me = viewer.person
    if me is None or me.pk not in (pairing.first_id, pairing.second_id):
        raise FieldError("Only the two people paired can answer.")
    if pairing.status == PairStatus.DECLINED:
        raise FieldError("This pair was declined already.")
    reason = reason.strip()
    if accept:
        if pairing.status == PairStatus.ACCEPTED:
            raise FieldError("This pair is accepted already.")
        _accept(pairing, me.pk == pairing.first_id)
    else:
        if not reason:
            raise FieldError("Say why, so that the other side and HR understand.", "reason")
        if text_error(reason) or len(reason) > REASON_TEXT:
            raise FieldError(text_error(reason) or "At most 500 characters.", "reason")
        _decline(pairing, me.pk, reason)
    pairing.answered_at = timezone.now()
    pairing.save()
    audit_record(
        actor=viewer.user,
        action="market.pairing.answer",
        target=pairing,
        detail={"accept": accept, "status": pairing.status},
    )
    other = pairing.second if me.pk == pairing.first_id else pairing.first
    verb = "accepted" if accept else "declined"
    notify(
        recipient=other,
        message=f"{me.full_name} {verb} your pairing.",
        url=reverse("market:my_pairs"),
    )
    return pairing


def _accept(pairing: Pairing, first: bool) -> None:
    if first:
        pairing.first_accepted = True
    else:
        pairing.second_accepted = True
    if pairing.first_accepted and pairing.second_accepted:
        pairing.status = PairStatus.ACCEPTED


def _decline(pairing: Pairing, by: int, reason: str) -> None:
    pairing.status = PairStatus.DECLINED
    pairing.declined_by_id = by
    pairing.decline_reason = reason
    if pairing.request_id is not None:
        # The mentee's ask waits for the next round again (unless they withdrew it since).
        MentorRequest.objects.select_for_update().filter(
            pk=pairing.request_id, status=RequestStatus.PAIRED
        ).update(status=RequestStatus.OPEN, updated_at=timezone.now())
