"""The pulse's pages: people answer and see their answers; HR schedules and reads results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from trellis.insights import pulse_selectors as selectors
from trellis.insights.charts import pulse_trend_chart
from trellis.insights.models import CORE_QUESTION
from trellis.insights.pulse_forms import PulseAnswerForm, PulseScheduleForm
from trellis.insights.pulse_services import PulseError, pulse_answer, pulse_schedule
from trellis.org.access import hr_required, viewer_of


@login_required
@require_GET
def pulse_home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    context = {
        "to_answer": selectors.pulses_to_answer(viewer=viewer, today=timezone.localdate()),
        "answers": selectors.my_answers(viewer=viewer),
        "core_question": CORE_QUESTION,
    }
    return render(request, "insights/pulse_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pulse_answer_page(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    pulse = selectors.pulse_open_get(viewer=viewer, pk=pk, today=timezone.localdate())
    form = PulseAnswerForm(request.POST or None, pulse=pulse)
    if request.method == "POST" and form.is_valid():
        try:
            pulse_answer(
                viewer=viewer,
                pulse=pulse,
                core=form.cleaned_data["core"],
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except PulseError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Thank you: your answer is recorded.")
            return redirect("insights:pulse_home")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "insights/pulse_answer.html", {"pulse": pulse, "form": form}, status=status
    )


@login_required
@require_GET
@hr_required
def pulse_admin(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    trend = selectors.pulse_trend(viewer=viewer)
    context = {
        "trend": trend,
        "trend_chart": pulse_trend_chart(trend),
        "core_question": CORE_QUESTION,
    }
    return render(request, "insights/pulse_admin.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def pulse_new(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = PulseScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pulse = pulse_schedule(
                viewer=viewer,
                title=form.cleaned_data["title"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                questions=form.question_lines(),
            )
        except PulseError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Pulse “{pulse.title}” scheduled.")
            return redirect("insights:pulse_results", pk=pulse.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "insights/pulse_new.html", {"form": form}, status=status)


@login_required
@require_GET
@hr_required
def pulse_results(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    pulse = selectors.pulse_get(viewer=viewer, pk=pk)
    department = request.GET.get("department", "")
    chosen = int(department) if department.isdigit() and len(department) < 10 else None
    results = selectors.pulse_results(viewer=viewer, pulse=pulse, department=chosen)
    return render(request, "insights/pulse_results.html", {"r": results})
