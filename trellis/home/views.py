"""The home page: My career, My team and Talent, drawn from every app.

It lives above the domain apps (DESIGN §5) so that assembling it never makes a lower app
import a higher one (org's people and talks' question of the day, for instance).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from trellis.insights.pulse_selectors import pulses_to_answer
from trellis.org import selectors
from trellis.org.access import viewer_of
from trellis.org.cycles import UPCOMING, cycles_for_person
from trellis.talks.orientation import checklists
from trellis.talks.orientation import pages as orientation_pages
from trellis.talks.selectors import question_of_the_day


@login_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    reports = selectors.person_reports(person=viewer.person) if viewer.person else []
    today = timezone.localdate()
    question = question_of_the_day(today=today) if reports else None
    # New joiners (first 90 days) get their orientation; managers see their reports' progress.
    people = [*reports, viewer.person] if viewer.person else []
    progress = checklists(people, today=today)
    for report in reports:
        report.orientation = progress.get(report.pk)  # type: ignore[attr-defined]
    mine = progress.get(viewer.person.pk) if viewer.person else None
    context = {
        "orientation": mine,
        "orientation_pages": orientation_pages(new_joiners_only=True) if mine else [],
        "reports": reports,
        "question_of_the_day": question,
        "pulses_to_answer": pulses_to_answer(viewer=viewer, today=today),
        "next_cycles": cycles_for_person(person=viewer.person, today=today, limit=UPCOMING),
    }
    return render(request, "home/home.html", context)
