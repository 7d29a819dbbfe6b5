"""Helpers shared by the career views."""

from __future__ import annotations

from django.http import HttpRequest

from trellis.careers import selectors
from trellis.careers.selectors import CareerView
from trellis.org.access import viewer_of


def request_id(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64]


def career_for(
    request: HttpRequest, pk: int, *, page: str, section: str = "", skills: bool = False
) -> CareerView:
    """Load a career for reading; someone else's is recorded (see ``selectors.career_read``).

    ``section`` (a section key) and ``skills`` name what the page shows: a viewer who may
    open the career but not read that gets a 404, and nothing is recorded for a refused read.
    """
    return selectors.career_read(
        viewer=viewer_of(request),
        pk=pk,
        page=page,
        via="web",
        request_id=request_id(request),
        section=section,
        skills=skills,
    )


def own_career(request: HttpRequest, pk: int) -> CareerView:
    """The career being changed: the owner's own, or a 404 for anyone else."""
    return selectors.career_get_editable(viewer=viewer_of(request), pk=pk)
