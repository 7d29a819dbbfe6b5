"""Orientation in the API: HR's pages (source and sanitised HTML), a person's checklist for
whoever may read it, and the person ticking their own steps."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from trellis.org.access import hr_viewer, viewer_of
from trellis.org.validation import DocumentText, Flag, Id, Input, Name, Position
from trellis.talks import orientation
from trellis.talks.markdown import render_markdown
from trellis.talks.models import OrientationPage

router = Router(tags=["orientation"])


class PageOut(Schema):
    id: int
    title: str
    body: str  # the Markdown as written
    html: str  # sanitised: only the tags the renderer writes
    for_new_joiners: bool
    position: int
    updated_at: dt.datetime


class PageIn(Input):
    title: Name
    body: DocumentText
    for_new_joiners: Flag = True
    position: Position = 0


class StepOut(Schema):
    key: str
    label: str
    done: bool
    ticked: bool
    hint: str


class ChecklistOut(Schema):
    person_id: int
    new_joiner: bool
    days_left: int | None
    done: int
    total: int
    steps: list[StepOut]


def _page(p: OrientationPage) -> PageOut:
    return PageOut(
        id=p.pk,
        title=p.title,
        body=p.body,
        html=str(render_markdown(p.body)),
        for_new_joiners=p.for_new_joiners,
        position=p.position,
        updated_at=p.updated_at,
    )


def _checklist(person_id: int, c: orientation.Checklist | None) -> ChecklistOut:
    if c is None:
        return ChecklistOut(
            person_id=person_id, new_joiner=False, days_left=None, done=0, total=0, steps=[]
        )
    return ChecklistOut(
        person_id=person_id,
        new_joiner=True,
        days_left=c.days_left,
        done=c.done,
        total=c.total,
        steps=[
            StepOut(key=s.key, label=s.label, done=s.done, ticked=s.ticked, hint=s.hint)
            for s in c.steps
        ],
    )


@router.get("/orientation/pages", response=list[PageOut])
def pages_list(request: HttpRequest) -> list[PageOut]:
    return [_page(p) for p in orientation.pages()]


@router.post("/orientation/pages", response={201: PageOut})
def page_create(request: HttpRequest, payload: PageIn) -> Status[PageOut]:
    """Write an orientation page (HR partners and admins)."""
    viewer = hr_viewer(request)
    try:
        page = orientation.page_save(viewer=viewer, page=None, **payload.dict())
    except orientation.OrientationError as exc:
        raise HttpError(400, f"{exc.field}: {exc.message}") from exc
    return Status(201, _page(page))


@router.get("/orientation/people/{pk}", response=ChecklistOut)
def checklist_get(request: HttpRequest, pk: Id) -> ChecklistOut:
    """A person's checklist: for the person, their management chain and HR."""
    viewer = viewer_of(request)
    person = orientation.person_for_checklist(viewer=viewer, pk=pk)
    today = timezone.localdate()
    return _checklist(
        person.pk, orientation.checklist_for(viewer=viewer, person=person, today=today)
    )


@router.post("/orientation/me/steps/{step}", response=ChecklistOut)
def step_done(request: HttpRequest, step: Literal["mobility_policy", "buddy"]) -> ChecklistOut:
    """Mark a step done that no record tells (read the policy, met the buddy)."""
    viewer = viewer_of(request)
    today = timezone.localdate()
    try:
        orientation.orientation_tick(viewer=viewer, step=step, today=today)
    except orientation.OrientationError as exc:
        raise HttpError(400, f"step: {exc.message}") from exc
    person = viewer.person
    assert person is not None  # the tick refuses a login without a person
    return _checklist(person.pk, orientation.checklists([person], today=today).get(person.pk))
