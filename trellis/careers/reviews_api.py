"""Deck reviews in the API: the same reads and writes as the pages.

A session or deck the caller may not read answers 404 like a missing one; a refused action
400 with the reason and the field at fault (``field``, blank for the action as a whole).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status as Reply

from trellis.careers import reviews
from trellis.careers.deck import deck_content
from trellis.careers.models import DeckFeedback, DeckReview, DeckSubmission
from trellis.careers.models_reviews import NOTE_TEXT
from trellis.careers.reviews import MAX_INVITED, MAX_PANEL, ReviewError
from trellis.org import selectors as org_selectors
from trellis.org.access import viewer_of
from trellis.org.models import Person
from trellis.org.request_id import request_id
from trellis.org.schemas import PersonRef
from trellis.org.validation import Flag, Id, IdIn, Input, LongText, Name, PlanDate

router = Router(tags=["careers"])

FeedbackText = Annotated[LongText, Field(min_length=1, max_length=NOTE_TEXT)]


class DeckSubmissionOut(Schema):
    id: int
    review_id: int
    review_title: str
    person: PersonRef
    status: str
    submitted_at: dt.datetime | None


class DeckReviewOut(Schema):
    id: int
    title: str
    on: dt.date
    organizer: PersonRef | None
    reviewers: list[PersonRef]
    submissions: list[DeckSubmissionOut]


class DeckReviewListsOut(Schema):
    organized: list[DeckReviewOut]
    on_panel: list[DeckReviewOut]
    invited: list[DeckSubmissionOut]


class DeckSlideOut(Schema):
    title: str
    bullets: list[str]


class DeckFeedbackOut(Schema):
    id: int
    author: PersonRef | None
    text: str
    offers_help: bool
    created_at: dt.datetime


class PanelDeckOut(Schema):
    submission: DeckSubmissionOut
    slides: list[DeckSlideOut]
    feedback: list[DeckFeedbackOut]


class DeckReviewRefusal(Schema):
    detail: str
    # The input at fault; blank when the action as a whole is refused (or the body unreadable).
    field: str = ""


class DeckReviewIn(Input):
    title: Name
    on: PlanDate
    reviewer_ids: list[IdIn] = Field(min_length=1, max_length=MAX_PANEL)
    participant_ids: list[IdIn] = Field(min_length=1, max_length=MAX_INVITED)


class DeckFeedbackIn(Input):
    text: FeedbackText
    offers_help: Flag = False


def _ref(p: Person) -> PersonRef:
    return PersonRef(id=p.pk, name=p.full_name)


def _submission(s: DeckSubmission) -> DeckSubmissionOut:
    return DeckSubmissionOut(
        id=s.pk,
        review_id=s.review_id,
        review_title=s.review.title,
        person=_ref(s.person),
        status=s.status,
        submitted_at=s.submitted_at,
    )


def _review(r: DeckReview) -> DeckReviewOut:
    return DeckReviewOut(
        id=r.pk,
        title=r.title,
        on=r.on,
        organizer=_ref(r.organizer) if r.organizer else None,
        reviewers=[_ref(p) for p in r.reviewers.all()],
        submissions=[_submission(s) for s in r.submissions.all()],
    )


def _feedback(f: DeckFeedback) -> DeckFeedbackOut:
    return DeckFeedbackOut(
        id=f.pk,
        author=_ref(f.author) if f.author else None,
        text=f.text,
        offers_help=f.offers_help,
        created_at=f.created_at,
    )


@router.get("/careers/reviews", response=DeckReviewListsOut)
def review_list(request: HttpRequest) -> DeckReviewListsOut:
    """Sessions the caller scheduled (HR: all), sits on the panel of, or presents at."""
    lists = reviews.reviews_of(viewer=viewer_of(request))
    return DeckReviewListsOut(
        organized=[_review(r) for r in lists.organized],
        on_panel=[_review(r) for r in lists.on_panel],
        invited=[_submission(s) for s in lists.invited],
    )


@router.post("/careers/reviews", response={201: DeckReviewOut, 400: DeckReviewRefusal})
def review_create(request: HttpRequest, payload: DeckReviewIn) -> Reply:
    """Leaders (for their own line) and HR schedule a session: a panel, a date, presenters."""
    viewer = viewer_of(request)
    if not reviews.can_schedule(viewer):
        raise Http404
    panel = org_selectors.people_active(viewer=viewer, ids=payload.reviewer_ids)
    invited = org_selectors.people_active(viewer=viewer, ids=payload.participant_ids)
    try:
        if len(panel) != len(set(payload.reviewer_ids)):
            raise ReviewError("Unknown or former people on the panel.", "reviewer_ids")
        if len(invited) != len(set(payload.participant_ids)):
            raise ReviewError("Unknown or former people invited.", "participant_ids")
        review = reviews.review_schedule(
            viewer=viewer, title=payload.title, on=payload.on, reviewers=panel, participants=invited
        )
    except ReviewError as error:
        field = {"reviewers": "reviewer_ids", "participants": "participant_ids"}.get(
            error.field, error.field
        )
        return Reply(400, DeckReviewRefusal(detail=str(error), field=field))
    return Reply(201, _review(reviews.review_get_for_user(viewer=viewer, pk=review.pk)))


@router.get("/careers/reviews/{pk}", response=DeckReviewOut)
def review_get(request: HttpRequest, pk: Id) -> DeckReviewOut:
    return _review(reviews.review_get_for_user(viewer=viewer_of(request), pk=pk))


@router.get("/careers/reviews/decks/{pk}", response=PanelDeckOut)
def review_deck(request: HttpRequest, pk: Id) -> PanelDeckOut:
    """A deck as the whole panel may see it, with the panel's answers: for its person and,
    once submitted, for the panel."""
    viewer = viewer_of(request)
    submission = reviews.submission_get_for_user(viewer=viewer, pk=pk)
    career = reviews.panel_deck_read(
        viewer=viewer, submission=submission, via="api", request_id=request_id(request)
    )
    deck = deck_content(career=career)
    return PanelDeckOut(
        submission=_submission(submission),
        slides=[
            DeckSlideOut(title=s.title, bullets=[b for b in s.bullets if b]) for s in deck.slides
        ],
        feedback=[_feedback(f) for f in reviews.feedback_on(submission=submission)],
    )


@router.post(
    "/careers/reviews/decks/{pk}/submit", response={200: DeckSubmissionOut, 400: DeckReviewRefusal}
)
def review_submit(request: HttpRequest, pk: Id) -> Reply:
    viewer = viewer_of(request)
    submission = reviews.submission_get_for_user(viewer=viewer, pk=pk)
    try:
        submission = reviews.submission_submit(viewer=viewer, submission=submission)
    except ReviewError as error:
        return Reply(400, DeckReviewRefusal(detail=str(error), field=error.field))
    return Reply(200, _submission(reviews.submission_get_for_user(viewer=viewer, pk=pk)))


@router.post(
    "/careers/reviews/decks/{pk}/feedback", response={201: DeckFeedbackOut, 400: DeckReviewRefusal}
)
def review_feedback(request: HttpRequest, pk: Id, payload: DeckFeedbackIn) -> Reply:
    """A reviewer's comment or offer of help; the person reads it on their career map."""
    viewer = viewer_of(request)
    submission = reviews.submission_get_for_user(viewer=viewer, pk=pk)
    if not reviews.is_reviewer(viewer, submission.review):
        raise Http404
    try:
        note = reviews.feedback_add(
            viewer=viewer, submission=submission, text=payload.text, offers_help=payload.offers_help
        )
    except ReviewError as error:
        return Reply(400, DeckReviewRefusal(detail=str(error), field=error.field))
    return Reply(201, _feedback(note))
