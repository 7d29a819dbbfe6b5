"""The person's side of pairing: their pairs to accept or decline, and asks for a mentor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.market import pairing_answers
from trellis.market.forms import MentorRequestForm, PairAnswerForm
from trellis.market.proposals import ProposalError
from trellis.org.access import viewer_of


@login_required
@require_GET
def my_pairs(request: HttpRequest) -> HttpResponse:
    """The viewer's buddies and mentors with why they were paired, their asks for a mentor,
    and why they were left out of a recent round."""
    viewer = viewer_of(request)
    page = pairing_answers.pairs_page(viewer=viewer)
    return render(request, "market/my_pairs.html", {"page": page, "me": viewer.person})


@login_required
@require_http_methods(["GET", "POST"])
def ask_mentor(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    pairing_answers.pairs_page(viewer=viewer)  # 404 for a user without a person
    form = MentorRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pairing_answers.mentor_request_create(
                viewer=viewer,
                skill=d["skill"],
                goal=d["goal"],
                hours_per_month=d["hours_per_month"],
            )
        except ProposalError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(request, f"You asked for a mentor in {d['skill'].name}.")
            return redirect("market:my_pairs")
    status = 400 if request.method == "POST" else 200
    return render(request, "market/ask_mentor.html", {"form": form}, status=status)


@login_required
@require_POST
def ask_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    ask = pairing_answers.request_get_own(viewer=viewer, pk=pk)
    try:
        pairing_answers.mentor_request_withdraw(viewer=viewer, ask=ask)
    except ProposalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your ask is withdrawn.")
    return redirect("market:my_pairs")


@login_required
@require_POST
def pair_answer(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    pairing = pairing_answers.pairing_get_for_party(viewer=viewer, pk=pk)
    form = PairAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("market:my_pairs")
    try:
        pairing_answers.pairing_answer(
            viewer=viewer,
            pairing=pairing,
            accept=form.cleaned_data["answer"] == "accept",
            reason=form.cleaned_data["reason"],
        )
    except ProposalError as error:
        messages.error(request, str(error))
    else:
        done = "accepted" if form.cleaned_data["answer"] == "accept" else "declined"
        messages.success(request, f"You {done} the pairing.")
    return redirect("market:my_pairs")
