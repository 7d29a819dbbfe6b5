"""Deck reviews: who schedules, what the panel reads, who answers, where the person reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.cast import Cast
from trellis.careers import reviews
from trellis.careers import services as careers
from trellis.careers.deck import deck_content
from trellis.careers.models import DeckFeedback, DeckReview, DeckSubmission
from trellis.careers.reviews import ReviewError
from trellis.org.access import viewer_for
from trellis.org.models import Person


def _schedule(cast: Cast, panel: list[Person], by: Person | None = None) -> DeckSubmission:
    review = reviews.review_schedule(
        viewer=viewer_for((by or cast.maya).user),  # type: ignore[arg-type]
        title="Storage deck review",
        on=timezone.localdate() + dt.timedelta(days=7),
        reviewers=panel,
        participants=[cast.ada],
    )
    return review.submissions.get()


def _text(submission: DeckSubmission) -> str:
    deck = deck_content(career=reviews.panel_career(submission=submission))
    return " ".join(b for s in deck.slides for b in s.bullets)


@pytest.fixture
def shared(cast: Cast) -> Cast:
    careers.profile_update(
        actor=cast.ada.user,
        person=cast.ada,
        data={"summary": "Builds storage engines", "weaknesses": "Hidden weakness"},
    )
    careers.profile_set_visibility(
        actor=cast.ada.user,
        person=cast.ada,
        visibility={"summary": "manager", "weaknesses": "private", "strengths": "everyone"},
    )
    careers.profile_update(actor=cast.ada.user, person=cast.ada, data={"strengths": "Patience"})
    return cast


def test_the_panel_reads_only_what_the_person_shares_with_all_of_it(shared: Cast) -> None:
    cast = shared
    # Dora (Ada's chain) and Hana (HR) both read manager-level sections: the summary shows.
    inside = _schedule(cast, [cast.dora, cast.hana])
    assert "Builds storage engines" in _text(inside)
    assert "Hidden weakness" not in _text(inside)
    # With Otto (outside her chain) on the panel, only what she shares with everyone shows.
    outside = _schedule(cast, [cast.dora, cast.otto], by=cast.hana)
    text = _text(outside)
    assert "Patience" in text
    assert "Builds storage engines" not in text and "Hidden weakness" not in text
    # A section made private later is gone at the next read.
    careers.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"summary": "private"}
    )
    assert "Builds storage engines" not in _text(DeckSubmission.objects.get(pk=inside.pk))


def test_leaders_invite_their_own_line_and_hr_anyone(cast: Cast) -> None:
    with pytest.raises(ReviewError) as caught:
        reviews.review_schedule(
            viewer=viewer_for(cast.maya.user),  # type: ignore[arg-type]
            title="X",
            on=timezone.localdate(),
            reviewers=[cast.dora],
            participants=[cast.otto],
        )
    assert caught.value.field == "participants"
    with pytest.raises(ReviewError, match="Only leaders and HR"):
        reviews.review_schedule(
            viewer=viewer_for(cast.ada.user),  # type: ignore[arg-type]
            title="X",
            on=timezone.localdate(),
            reviewers=[cast.dora],
            participants=[cast.ada],
        )
    with pytest.raises(ReviewError) as caught:
        _schedule(cast, [cast.ada])
    assert caught.value.field == "reviewers"
    assert not DeckReview.objects.exists()
    _schedule(cast, [cast.dora], by=cast.hana)
    assert DeckReview.objects.count() == 1


def test_only_the_panel_reads_a_submitted_deck_and_answers(cast: Cast) -> None:
    submission = _schedule(cast, [cast.dora])
    dora, maya = viewer_for(cast.dora.user), viewer_for(cast.maya.user)  # type: ignore[arg-type]
    from django.http import Http404

    with pytest.raises(Http404):  # not submitted yet
        reviews.submission_get_for_user(viewer=dora, pk=submission.pk)
    reviews.submission_submit(viewer=viewer_for(cast.ada.user), submission=submission)  # type: ignore[arg-type]
    found = reviews.submission_get_for_user(viewer=dora, pk=submission.pk)
    with pytest.raises(Http404):  # the organizer is not on the panel
        reviews.submission_get_for_user(viewer=maya, pk=submission.pk)
    with pytest.raises(ReviewError) as caught:
        reviews.feedback_add(viewer=dora, submission=found, text="  ", offers_help=False)
    assert caught.value.field == "text"
    reviews.feedback_add(
        viewer=dora, submission=found, text="I can introduce you to the guild", offers_help=True
    )
    note = DeckFeedback.objects.get()
    assert (note.author, note.offers_help) == (cast.dora, True)
    assert cast.ada.career_notifications.filter(message__contains="offers help").exists()


def test_the_person_reads_the_answers_on_their_map(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    submission = _schedule(cast, [cast.dora])
    submission = reviews.submission_submit(
        viewer=viewer_for(cast.ada.user),  # type: ignore[arg-type]
        submission=submission,
    )
    reviews.feedback_add(
        viewer=viewer_for(cast.dora.user),  # type: ignore[arg-type]
        submission=submission,
        text="Lead the next migration",
        offers_help=False,
    )
    body = client_for(cast.ada).get(f"/career/{cast.ada.pk}/map/").content.decode()
    assert "From deck reviews" in body and "Lead the next migration" in body
    careers.map_share(actor=cast.ada.user, person=cast.ada)
    manager_view = client_for(cast.maya).get(f"/career/{cast.ada.pk}/map/").content.decode()
    assert "Lead the next migration" not in manager_view


def test_the_schedule_page_refuses_bad_input_with_the_field(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.maya).post(
        "/career/reviews/new/",
        {"title": "Q3", "on": "1999-01-01", "reviewers": [cast.dora.pk], "participants": []},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"on", "participants"}
    assert not DeckReview.objects.exists()
