"""Deck reviews: reads and writes, the one door for the pages and the API.

Who may do what:

- a leader (anyone with active reports) or an HR partner or admin schedules a session; a
  leader invites people in their own reporting line, HR anyone; the panel is any active
  people other than those invited;
- a session is read by its organizer, its panel, the people invited, HR and admins;
- an invited person previews their deck as the panel will see it and submits it;
- a submitted deck is read by its person and the panel only, and only the panel comments or
  offers help; the person reads the answers on their career map.

"As the panel will see it" means the sections every reviewer of the panel may read
(:func:`panel_career`): a section one reviewer may not read is left out for all of them,
and the deck is built when it is read, so a section made private later disappears at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from trellis.careers import access
from trellis.careers.models import (
    CareerProfile,
    DeckFeedback,
    DeckReview,
    DeckSubmission,
    SubmissionStatus,
)
from trellis.careers.models_reviews import NOTE_TEXT
from trellis.careers.notify import notify
from trellis.careers.selectors import CareerView
from trellis.org.access import can_see_details, viewer_for
from trellis.org.models import Person
from trellis.org.services import audit_record
from trellis.org.validation import plan_date_error, text_error

if TYPE_CHECKING:
    from trellis.org.access import Viewer

MAX_PANEL = 12
MAX_INVITED = 100


class ReviewError(Exception):
    """A refused deck review action; ``field`` names the input at fault (blank: the whole)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# Reads ---------------------------------------------------------------------------------------


def _leads(viewer: Viewer) -> bool:
    me = viewer.person
    return me is not None and Person.objects.filter(manager=me, is_active=True).exists()


def can_schedule(viewer: Viewer) -> bool:
    return viewer.is_authenticated and (viewer.is_hr_or_admin or _leads(viewer))


def invitable(*, viewer: Viewer) -> QuerySet[Person]:
    """Who the viewer may invite to present: HR anyone active, a leader their own line."""
    people = Person.objects.filter(is_active=True).order_by("last_name", "first_name", "pk")
    if viewer.is_hr_or_admin:
        return people
    if viewer.person is None or not _leads(viewer):
        return people.none()
    return people.filter(manager_path__contains=f"/{viewer.person.pk}/")


def panel_choices(*, viewer: Viewer) -> QuerySet[Person]:
    if not can_schedule(viewer):
        raise Http404
    return Person.objects.filter(is_active=True).order_by("last_name", "first_name", "pk")


def _reviews() -> QuerySet[DeckReview]:
    return DeckReview.objects.select_related("organizer").prefetch_related(
        "reviewers", "submissions__person"
    )


def _is_party(viewer: Viewer, review: DeckReview) -> bool:
    me = viewer.person
    if viewer.is_hr_or_admin:
        return True
    if me is None:
        return False
    return (
        review.organizer_id == me.pk
        or any(r.pk == me.pk for r in review.reviewers.all())
        or any(s.person_id == me.pk for s in review.submissions.all())
    )


def review_get_for_user(*, viewer: Viewer, pk: int) -> DeckReview:
    review = _reviews().filter(pk=pk).first()
    if review is None or not viewer.is_authenticated or not _is_party(viewer, review):
        raise Http404
    return review


@dataclass(frozen=True)
class ReviewLists:
    organized: list[DeckReview]
    on_panel: list[DeckReview]
    invited: list[DeckSubmission]


def reviews_of(*, viewer: Viewer) -> ReviewLists:
    me = viewer.person
    if me is None and not viewer.is_hr_or_admin:
        raise Http404
    organized = (_reviews().all() if viewer.is_hr_or_admin else _reviews().filter(organizer=me))[
        :100
    ]
    on_panel = _reviews().filter(reviewers=me)[:100] if me else []
    invited = DeckSubmission.objects.filter(person=me).select_related("review")[:100] if me else []
    return ReviewLists(list(organized), list(on_panel), list(invited))


def is_reviewer(viewer: Viewer, review: DeckReview) -> bool:
    me = viewer.person
    return me is not None and review.reviewers.filter(pk=me.pk).exists()


def submission_get_for_user(*, viewer: Viewer, pk: int) -> DeckSubmission:
    """A deck of a session: for its person, and for the panel once submitted; else 404."""
    found = (
        DeckSubmission.objects.filter(pk=pk)
        .select_related("review", "person", "person__career_profile", "person__role")
        .first()
    )
    me = viewer.person
    if found is None or me is None:
        raise Http404
    if found.person_id == me.pk:
        return found
    if found.status == SubmissionStatus.SUBMITTED and is_reviewer(viewer, found.review):
        return found
    raise Http404


def panel_career(*, submission: DeckSubmission) -> CareerView:
    """The person's career as the whole panel may read it (what every reviewer may read)."""
    person = submission.person
    profile = getattr(person, "career_profile", None) or CareerProfile(person=person)
    panel = [viewer_for(r.user) if r.user else None for r in submission.review.reviewers.all()]
    everyone = access.levels_for_audience("everyone")
    readable = [access.readable_levels(v, person) if v else everyone for v in panel]
    levels = frozenset.intersection(*readable) if readable else frozenset()
    return CareerView(
        person=person,
        profile=profile,
        levels=levels,
        sections=access.visible_sections(profile, levels),
        is_owner=False,
        is_manager=False,
        can_see_skills=bool(panel)
        and all(v is not None and can_see_details(v, person) for v in panel),
    )


def feedback_on(*, submission: DeckSubmission) -> list[DeckFeedback]:
    return list(submission.feedback.select_related("author"))


def feedback_for_owner(*, viewer: Viewer, person: Person) -> list[DeckFeedback]:
    """The panels' answers to the person's decks, for their own map only."""
    if viewer.person is None or viewer.person.pk != person.pk:
        return []
    return list(
        DeckFeedback.objects.filter(submission__person=person)
        .select_related("author", "submission__review")
        .order_by("-created_at", "-id")[:50]
    )


# Writes --------------------------------------------------------------------------------------


def _check_schedule(
    viewer: Viewer, title: str, on: dt.date, reviewers: Sequence[Person], invited: Sequence[Person]
) -> None:
    if not can_schedule(viewer):
        raise ReviewError("Only leaders and HR partners schedule deck reviews.")
    if not title.strip():
        raise ReviewError("Give the session a title.", "title")
    if plan_date_error(on):
        raise ReviewError(plan_date_error(on) or "", "on")
    if not reviewers or len(reviewers) > MAX_PANEL:
        raise ReviewError(f"A panel has 1 to {MAX_PANEL} reviewers.", "reviewers")
    if not invited or len(invited) > MAX_INVITED:
        raise ReviewError(f"Invite 1 to {MAX_INVITED} people.", "participants")
    if {p.pk for p in reviewers} & {p.pk for p in invited}:
        raise ReviewError("Nobody reviews their own deck: keep the panel apart.", "reviewers")
    allowed = set(
        invitable(viewer=viewer).filter(pk__in=[p.pk for p in invited]).values_list("pk", flat=True)
    )
    if len(allowed) != len({p.pk for p in invited}):
        raise ReviewError("You can invite people in your own reporting line only.", "participants")
    if any(not p.is_active for p in reviewers):
        raise ReviewError("Choose reviewers who are still with the organization.", "reviewers")


@transaction.atomic
def review_schedule(
    *,
    viewer: Viewer,
    title: str,
    on: dt.date,
    reviewers: Sequence[Person],
    participants: Sequence[Person],
) -> DeckReview:
    _check_schedule(viewer, title, on, reviewers, participants)
    assert viewer.person is not None or viewer.is_hr_or_admin
    organizer = viewer.person
    if organizer is None:
        raise ReviewError("Only people in the organization schedule deck reviews.")
    review = DeckReview.objects.create(title=title.strip(), on=on, organizer=organizer)
    review.reviewers.set(reviewers)
    DeckSubmission.objects.bulk_create(
        DeckSubmission(review=review, person=p) for p in {p.pk: p for p in participants}.values()
    )
    url = reverse("careers:review", args=[review.pk])
    for person in participants:
        notify(
            recipient=person,
            message=f"You are invited to present your career deck at “{review.title}” "
            f"on {on:%d %B %Y}.",
            url=url,
        )
    for person in reviewers:
        notify(recipient=person, message=f"You are on the panel of “{review.title}”.", url=url)
    audit_record(actor=viewer.user, action="careers.review.schedule", target=review)
    return review


@transaction.atomic
def submission_submit(*, viewer: Viewer, submission: DeckSubmission) -> DeckSubmission:
    found = DeckSubmission.objects.select_for_update().get(pk=submission.pk)
    if viewer.person is None or found.person_id != viewer.person.pk:
        raise ReviewError("Only the person invited submits their deck.")
    if found.status == SubmissionStatus.SUBMITTED:
        raise ReviewError("Your deck is with the panel already.")
    found.status = SubmissionStatus.SUBMITTED
    found.submitted_at = timezone.now()
    found.save(update_fields=["status", "submitted_at"])
    audit_record(actor=viewer.user, action="careers.review.submit", target=found)
    url = reverse("careers:review_deck", args=[found.pk])
    for reviewer in submission.review.reviewers.all():
        notify(
            recipient=reviewer,
            message=f"{viewer.person.full_name} submitted a career deck for "
            f"“{submission.review.title}”.",
            url=url,
        )
    return found


@transaction.atomic
def feedback_add(
    *, viewer: Viewer, submission: DeckSubmission, text: str, offers_help: bool
) -> DeckFeedback:
    if not is_reviewer(viewer, submission.review):
        raise ReviewError("Only the panel comments on a deck.")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ReviewError("This deck has not been submitted.")
    text = text.strip()
    if not text:
        raise ReviewError("Write a comment or describe the help you offer.", "text")
    if text_error(text) or len(text) > NOTE_TEXT:
        raise ReviewError(text_error(text) or f"At most {NOTE_TEXT} characters.", "text")
    note = DeckFeedback.objects.create(
        submission=submission, author=viewer.person, text=text, offers_help=offers_help
    )
    audit_record(actor=viewer.user, action="careers.review.feedback", target=note)
    assert viewer.person is not None
    kind = "offers help with" if offers_help else "commented on"
    notify(
        recipient=submission.person,
        message=f"{viewer.person.full_name} {kind} your career deck.",
        url=reverse("careers:map", args=[submission.person_id]) + "#deck-feedback",
    )
    return note


def panel_deck_read(
    *, viewer: Viewer, submission: DeckSubmission, via: str, request_id: str = ""
) -> CareerView:
    """:func:`panel_career`, recording a reviewer's read as any read of a career is recorded."""
    career = panel_career(submission=submission)
    if viewer.person is None or viewer.person.pk != submission.person_id:
        audit_record(
            actor=viewer.actor,
            action="careers.read",
            target=submission.person,
            detail={"page": "review_deck", "via": via},
            request_id=request_id,
        )
    return career
