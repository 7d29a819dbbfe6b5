"""Pages around conversations: prep sheet, coverage, the SPUR guide, feedback requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trellis.org.access import viewer_of
from trellis.org.request_id import request_id
from trellis.org.services import audit_record
from trellis.talks import access, prep, selectors, services
from trellis.talks.coverage import coverage_for, held_by_month
from trellis.talks.forms import (
    CoverageGoalForm,
    FeedbackAnswerForm,
    FeedbackRequestForm,
    QuestionForm,
    RewordForm,
)
from trellis.talks.models import QuestionKind, Spur, Stance
from trellis.talks.services import TalkError


@login_required
@require_GET
def prep_sheet(request: HttpRequest, person_pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    person = selectors.partner_get(viewer=viewer, pk=person_pk)
    sheet = prep.prep_sheet(viewer=viewer, person=person)
    # Reading someone's manager-visible profile and one's notes about them is recorded.
    audit_record(
        actor=request.user,
        action="talks.prep.read",
        target=person,
        request_id=request_id(request),
    )
    return render(request, "talks/prep.html", {"sheet": sheet, "person": person})


@login_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if viewer.person is None or not selectors.has_reports(viewer):
        raise Http404
    data = coverage_for(viewer=viewer)
    form = CoverageGoalForm(initial={"unplanned_per_month": data.goal})
    context = {"coverage": data, "goal_form": form, "chart": held_by_month(viewer=viewer)}
    return render(request, "talks/coverage.html", context)


@login_required
@require_POST
def coverage_goal(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if viewer.person is None or not selectors.has_reports(viewer):
        raise Http404
    form = CoverageGoalForm(request.POST)
    if form.is_valid():
        services.coverage_goal_set(
            viewer=viewer, unplanned_per_month=form.cleaned_data["unplanned_per_month"]
        )
        messages.success(request, "Your goal is saved.")
    else:
        messages.error(request, "Choose a number of conversations between 0 and 60.")
    return redirect("talks:coverage")


@login_required
@require_GET
def guide(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    questions = selectors.guide_questions(viewer=viewer, include_retired=True)
    areas = []
    for area, label in Spur.choices:
        mine = [q for q in questions if q.area == area]
        areas.append(
            {
                "key": area,
                "label": label,
                "ask": [q for q in mine if q.kind == QuestionKind.ASK],
                "offer": [q for q in mine if q.kind == QuestionKind.OFFER],
            }
        )
    context = {
        "areas": areas,
        "last15": [q for q in questions if q.kind == QuestionKind.LAST15],
        "stances": Stance.choices,
        "today_question": selectors.question_of_the_day(today=timezone.localdate()),
        "can_edit": access.can_edit_guide(viewer),
        "form": QuestionForm(),
    }
    return render(request, "talks/guide.html", context)


@login_required
@require_POST
def guide_add(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if not access.can_edit_guide(viewer):
        raise Http404
    form = QuestionForm(request.POST)
    if form.is_valid():
        services.question_add(viewer=viewer, **form.cleaned_data)
        messages.success(request, "Added to the guide.")
        return redirect("talks:guide")
    return render(request, "talks/guide_edit.html", {"form": form, "question": None}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def guide_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    question = selectors.question_get_editable(viewer=viewer, pk=pk)
    form = RewordForm(request.POST or None, initial={"text": question.text})
    if request.method == "POST":
        action = request.POST.get("action", "reword")
        if action in ("retire", "restore"):
            services.question_update(viewer=viewer, question=question, active=action == "restore")
            messages.success(request, "Question restored." if action == "restore" else "Retired.")
            return redirect("talks:guide")
        if form.is_valid():
            services.question_update(
                viewer=viewer, question=question, text=form.cleaned_data["text"]
            )
            messages.success(request, "Question reworded.")
            return redirect("talks:guide")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "question": question}
    return render(request, "talks/guide_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if viewer.person is None:
        raise Http404
    form = FeedbackRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.feedback_request_create(
                viewer=viewer,
                respondents=form.cleaned_data["emails"],
                note=form.cleaned_data["note"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except TalkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your colleagues have been asked.")
            return redirect("talks:feedback_detail", created.pk)
    context = {
        "form": form,
        "mine": selectors.feedback_requests_mine(viewer=viewer),
        "asked": selectors.feedback_asked_of_me(viewer=viewer),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "talks/feedback.html", context, status=status)


@login_required
@require_GET
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.feedback_get(viewer=viewer_of(request), pk=pk)
    return render(request, "talks/feedback_detail.html", {"view": view})


@login_required
@require_POST
def feedback_pull(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    answer = selectors.feedback_answer_of_mine(viewer=viewer, pk=pk)
    try:
        services.feedback_pull(viewer=viewer, answer=answer, text=request.POST.get("text", ""))
    except TalkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Added to “what I am known for” in your profile.")
    return redirect("talks:feedback_detail", answer.request_id)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_answer(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    answer = selectors.feedback_answer_get(viewer=viewer, request_pk=pk)
    initial = {
        "known_for": answer.known_for,
        "relied_on_for": answer.relied_on_for,
        "could_be": answer.could_be_known_for,
    }
    form = FeedbackAnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_answer(viewer=viewer, answer=answer, **form.cleaned_data)
        except TalkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you: your answer is saved.")
            return redirect("talks:feedback")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "talks/feedback_answer.html", {"form": form, "answer": answer}, status=status
    )
