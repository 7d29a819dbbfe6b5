"""Deck reviews: schedule a session, submit one's deck, read decks and answer as the panel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.careers import reviews
from trellis.careers.deck import deck_content
from trellis.careers.forms import DeckFeedbackForm, DeckReviewForm
from trellis.careers.models import DeckSubmission
from trellis.careers.reviews import ReviewError
from trellis.org.access import viewer_of
from trellis.org.request_id import request_id


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    context = {
        "lists": reviews.reviews_of(viewer=viewer),
        "can_schedule": reviews.can_schedule(viewer),
    }
    return render(request, "careers/reviews.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if not reviews.can_schedule(viewer):
        raise Http404
    form = DeckReviewForm(
        request.POST or None,
        panel=reviews.panel_choices(viewer=viewer),
        invitable=reviews.invitable(viewer=viewer),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            review = reviews.review_schedule(
                viewer=viewer,
                title=d["title"],
                on=d["on"],
                reviewers=list(d["reviewers"]),
                participants=list(d["participants"]),
            )
        except ReviewError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(request, f"“{review.title}” is scheduled; everyone is told.")
            return redirect("careers:review", review.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "careers/review_new.html", {"form": form}, status=status)


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    review = reviews.review_get_for_user(viewer=viewer, pk=pk)
    me = viewer.person.pk if viewer.person else None
    mine = next((s for s in review.submissions.all() if s.person_id == me), None)
    context = {
        "review": review,
        "mine": mine,
        "is_reviewer": any(r.pk == me for r in review.reviewers.all()),
    }
    return render(request, "careers/review.html", context)


def _deck_page(
    request: HttpRequest, submission: DeckSubmission, form: DeckFeedbackForm, status: int
) -> HttpResponse:
    viewer = viewer_of(request)
    career = reviews.panel_deck_read(
        viewer=viewer, submission=submission, via="web", request_id=request_id(request)
    )
    is_owner = viewer.person is not None and viewer.person.pk == submission.person_id
    context = {
        "submission": submission,
        "person": submission.person,
        "deck": deck_content(career=career),
        "feedback": reviews.feedback_on(submission=submission),
        "is_owner": is_owner,
        "form": form,
    }
    return render(request, "careers/review_deck.html", context, status=status)


@login_required
@require_GET
def review_deck(request: HttpRequest, pk: int) -> HttpResponse:
    """The deck as the panel sees it: for its person (a preview) and for the panel."""
    submission = reviews.submission_get_for_user(viewer=viewer_of(request), pk=pk)
    return _deck_page(request, submission, DeckFeedbackForm(), 200)


@login_required
@require_POST
def review_submit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    submission = reviews.submission_get_for_user(viewer=viewer, pk=pk)
    try:
        reviews.submission_submit(viewer=viewer, submission=submission)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your deck is with the panel.")
    return redirect("careers:review_deck", submission.pk)


@login_required
@require_POST
def review_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    submission = reviews.submission_get_for_user(viewer=viewer, pk=pk)
    if not reviews.is_reviewer(viewer, submission.review):
        raise Http404
    form = DeckFeedbackForm(request.POST)
    if form.is_valid():
        try:
            reviews.feedback_add(
                viewer=viewer,
                submission=submission,
                text=form.cleaned_data["text"],
                offers_help=form.cleaned_data["offers_help"],
            )
        except ReviewError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(request, f"{submission.person.first_name} will read it on their map.")
            return redirect("careers:review_deck", submission.pk)
    return _deck_page(request, submission, form, 400)
