"""The demo shows the review calendar, the learning catalog, orientation and the pulse (a new
user's first look), each replaced, not doubled, by a reset; the pulse waits for the demo
employee, and its figures give the trend something to draw."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from trellis.insights.models import Pulse, PulseAnswer
from trellis.org.access import viewer_for
from trellis.org.models import Person, ReviewCycle
from trellis.skills.models import LearningItem, LearningSkill
from trellis.talks.models import OrientationPage


def _counts() -> tuple[int, ...]:
    return (
        ReviewCycle.objects.count(),
        LearningItem.objects.count(),
        OrientationPage.objects.count(),
        Pulse.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_fills_the_new_pieces_and_a_reset_replaces_them() -> None:
    out = StringIO()
    call_command("demo", people=60, seed=3, stdout=out)
    summary = out.getvalue()
    for part in ("4 review cycles", "16 learning items", "3 orientation pages", "4 pulses"):
        assert part in summary
    assert _counts() == (4, 16, 3, 4)
    # Every learning item builds at least one of the demo's skills.
    assert set(LearningSkill.objects.values_list("item", flat=True)) == set(
        LearningItem.objects.values_list("pk", flat=True)
    )
    employee = Person.objects.get(user__username="employee")
    open_pulse = Pulse.objects.order_by("-opens_on").first()
    assert open_pulse is not None
    assert not PulseAnswer.objects.filter(pulse=open_pulse, person=employee).exists()
    closed = PulseAnswer.objects.exclude(pulse=open_pulse)
    assert closed.values("pulse").distinct().count() == 3
    assert closed.count() >= 3 * 5  # enough for figures over the under-five floor

    call_command("demo", people=60, seed=3, reset=True, stdout=StringIO())
    assert _counts() == (4, 16, 3, 4)


@pytest.mark.django_db
def test_the_demo_employee_sees_what_comes_next_and_a_waiting_pulse() -> None:
    from django.utils import timezone

    from trellis.insights.pulse_selectors import pulses_to_answer
    from trellis.org.cycles import cycles_for_person

    call_command("demo", people=60, seed=3, stdout=StringIO())
    employee = Person.objects.get(user__username="employee")
    today = timezone.localdate()
    assert len(cycles_for_person(person=employee, today=today, limit=3)) == 3
    waiting = pulses_to_answer(viewer=viewer_for(employee.user), today=today)  # type: ignore[arg-type]
    assert [p.title for p in waiting] == [f"Growth pulse, {today:%B %Y}"]
