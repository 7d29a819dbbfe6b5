"""The caller's own marketplace as JSON: opt-in and its preferences (a digest, a career buddy,
mentees they can take), their interests (list, withdraw) and their buddies and mentors.

Always the caller's own: no person id is taken from a path or a body. A user without a
person record gets 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.responses import Status as Reply

from trellis.market import selectors, services
from trellis.market.api.schemas import InterestOut, MyInterestOut, OptInOut
from trellis.market.models import Cadence, Interest, InterestStatus, MarketplaceOptIn
from trellis.market.services import MarketError
from trellis.org.access import Viewer, viewer_of
from trellis.org.models import Person
from trellis.org.schemas import ErrorOut
from trellis.org.validation import Flag, Id, Input, Mentees

router = Router()


class OptInIn(Input):
    """What the opt-in page sets; a field left out keeps its value."""

    opted_in: Flag
    digest: Cadence | None = None
    wants_buddy: Flag | None = None
    mentor_capacity: Mentees | None = None


def _me(request: HttpRequest) -> tuple[Viewer, Person]:
    viewer = viewer_of(request)
    if viewer.person is None:
        raise Http404
    return viewer, viewer.person


def _opt_in_out(row: MarketplaceOptIn) -> dict[str, Any]:
    return {
        "opted_in": row.opted_in,
        "digest": row.digest,
        "wants_buddy": row.wants_buddy,
        "mentor_capacity": row.mentor_capacity,
    }


@router.get("/market/me/opt-in", response=OptInOut)
def opt_in_get(request: HttpRequest) -> dict[str, Any]:
    _, me = _me(request)
    return _opt_in_out(selectors.opt_in_of(person=me))


@router.put("/market/me/opt-in", response=OptInOut)
def opt_in_put(request: HttpRequest, payload: OptInIn) -> dict[str, Any]:
    """Join or leave the marketplace; ask for a career buddy (``wants_buddy``) or offer to
    mentor (``mentor_capacity``, 0 for none). Pairing rounds read these."""
    viewer, me = _me(request)
    fields = payload.dict()
    fields["digest"] = str(fields["digest"]) if fields["digest"] is not None else None
    return _opt_in_out(services.opt_in_set(viewer=viewer, person=me, **fields))


def _my_interest(viewer: Viewer, i: Interest) -> dict[str, Any]:
    return {
        "id": i.pk,
        "person": i.person.full_name,
        "opportunity": i.opportunity_id,
        "title": i.opportunity.title,
        "status": i.status,
        "confidential": i.confidential,
        "updated_at": i.updated_at,
        "moves": services.moves_for(viewer, i),
    }


@router.get("/market/me/interests", response=list[MyInterestOut])
def my_interests(request: HttpRequest) -> list[dict[str, Any]]:
    """Every interest the caller expressed or was invited to, newest change first."""
    viewer, me = _me(request)
    found = selectors.interests_of(person=me).select_related("person").order_by("-updated_at")
    return [_my_interest(viewer, i) for i in found]


@router.post("/market/me/interests/{pk}/withdraw", response={200: InterestOut, 400: ErrorOut})
def interest_withdraw(request: HttpRequest, pk: Id) -> Any:
    """Withdraw one's own interest; refused (400) once it is final (accepted, declined,
    withdrawn). Someone else's interest is a 404, even for its opportunity's owner."""
    viewer, me = _me(request)
    interest = selectors.interest_get_for_user(viewer=viewer, pk=pk)
    if interest.person_id != me.pk:
        raise Http404
    try:
        interest = services.interest_move(
            viewer=viewer, interest=interest, to=str(InterestStatus.WITHDRAWN)
        )
    except MarketError as error:
        return Reply(400, {"detail": str(error)})
    return {
        "id": interest.pk,
        "person": interest.person.full_name,
        "opportunity": interest.opportunity_id,
        "status": interest.status,
        "confidential": interest.confidential,
    }
