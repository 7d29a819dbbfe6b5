"""Helpers shared by the career views."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trellis.careers import selectors
from trellis.careers.selectors import CareerView
from trellis.org.access import viewer_for
from trellis.org.services import audit_record


def request_id(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64]


def career_for(
    request: HttpRequest, pk: int, *, page: str, section: str = "", skills: bool = False
) -> CareerView:
    """Load a career for reading, and record the read when it is someone else's (DESIGN §9).

    ``section`` (a section key) and ``skills`` name what the page shows: a viewer who may
    open the career but not read that gets a 404, and nothing is recorded for a refused read.
    """
    career = selectors.career_get(viewer=viewer_for(request.user), pk=pk)
    if (section and not career.sees(section)) or (skills and not career.can_see_skills):
        raise Http404
    if not career.is_owner:
        audit_record(
            actor=request.user,
            action="careers.read",
            target=career.person,
            detail={"page": page},
            request_id=request_id(request),
        )
    return career


def own_career(request: HttpRequest, pk: int) -> CareerView:
    """The career being changed: the owner's own, or a 404 for anyone else."""
    return selectors.career_get_editable(viewer=viewer_for(request.user), pk=pk)
