"""The review calendar of the demo organization: the next year's performance reviews,
calibration, promotion round and salary review (our own wording; the criteria link points at
the organization's made-up intranet)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from trellis.org.models import CycleKind, ReviewCycle
from trellis.org.registry import DemoStep

_CRITERIA = "https://intranet.evergreen.example/people/review-criteria"
# kind, title, starts (days from today), length (days), who takes part, what is evaluated
_CYCLES = (
    (
        CycleKind.PERFORMANCE_REVIEW,
        "Performance review",
        24,
        21,
        "Everyone",
        "Goals agreed at the start of the year, how they were reached, and the behaviours of the "
        "competency framework.",
    ),
    (
        CycleKind.CALIBRATION,
        "Calibration",
        50,
        10,
        "Managers and HR partners",
        "Ratings compared across teams so the same work is rated the same way.",
    ),
    (
        CycleKind.PROMOTION_ROUND,
        "Promotion round",
        95,
        30,
        "People nominated by their manager",
        "Evidence of working at the next level for at least six months, against the level guide.",
    ),
    (
        CycleKind.SALARY_REVIEW,
        "Salary review",
        160,
        30,
        "Everyone",
        "Pay against the range of the role and level, and the year's rating.",
    ),
)


def cycles_demo_step(seed: int) -> str:
    """The demo step: the calendar above, dated from today."""
    today = timezone.localdate()
    ReviewCycle.objects.bulk_create(
        ReviewCycle(
            kind=kind,
            title=f"{title}, {today + dt.timedelta(days=start):%B %Y}",
            starts_on=today + dt.timedelta(days=start),
            ends_on=today + dt.timedelta(days=start + length),
            participants=who,
            evaluated=what,
            criteria_url=_CRITERIA,
        )
        for kind, title, start, length, who, what in _CYCLES
    )
    return f"{len(_CYCLES)} review cycles"


def cycles_demo_reset() -> None:
    ReviewCycle.objects.all().delete()


def demo_step() -> DemoStep:
    return DemoStep(app="org", generate=cycles_demo_step, reset=cycles_demo_reset, order=1)
