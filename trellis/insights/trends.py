"""Skill supply against demand, month by month, for the skills open opportunities ask for most.

There is no stored history of the overview's figures (the worker recomputes them into the
cache, :mod:`trellis.insights.snapshot`), so the trend is rebuilt from the two dated records
the product already keeps: when an opportunity was published (demand: seats newly opened
for the skill that month) and each change of a person's skill (``PersonSkillHistory``;
supply: people recorded at the ready level or above that month). Both are flows per month,
not stocks; two ``GROUP BY`` queries whatever the size of the organization.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from trellis.careers.models import PersonSkillHistory
from trellis.market.models import OpportunitySkill
from trellis.org.access import Viewer
from trellis.org.aggregates import shown

MONTHS = 12


@dataclass(frozen=True)
class MonthFlow:
    month: dt.date
    seats: int  # seats newly published that require one of the skills
    ready: int | None  # people recorded at the ready level; None when fewer than five


def _month(value: dt.date | dt.datetime) -> dt.date:
    return dt.date(value.year, value.month, 1)


def supply_demand_months(
    *, viewer: Viewer, skill_ids: list[int], ready_level: int, today: dt.date | None = None
) -> list[MonthFlow]:
    """The last ``MONTHS`` months (the current one so far), oldest first."""
    if not viewer.is_hr_or_admin:  # the same 404 as a missing page
        raise Http404
    today = today or timezone.localdate()
    months = [_month(today)]
    for _ in range(MONTHS - 1):
        months.insert(0, _month(months[0] - dt.timedelta(days=1)))
    since = dt.datetime.combine(months[0], dt.time(), tzinfo=dt.UTC)
    seats: dict[dt.date, int] = defaultdict(int)
    demand = (
        OpportunitySkill.objects.filter(
            skill_id__in=skill_ids,
            required=True,
            min_level__gte=1,
            opportunity__published_at__gte=since,
        )
        .annotate(m=TruncMonth("opportunity__published_at"))
        .values_list("m")
        .annotate(n=Sum("opportunity__capacity"))
    )
    for month, n in demand:
        seats[_month(month)] += n or 0
    ready: dict[dt.date, int] = defaultdict(int)
    supply = (
        PersonSkillHistory.objects.filter(
            skill_id__in=skill_ids, level__gte=ready_level, at__gte=since
        )
        .annotate(m=TruncMonth("at"))
        .values_list("m")
        .annotate(n=Count("person_id", distinct=True))
    )
    for month, n in supply:
        ready[_month(month)] += n
    return [MonthFlow(m, seats.get(m, 0), shown(ready.get(m, 0))) for m in months]
