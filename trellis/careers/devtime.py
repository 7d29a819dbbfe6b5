"""Development time over a year: each month's allowance from the policy and the hours used.

A month's allowance is the policy in force on its last day (today for the current month, as
the month view counts it), falling back like :func:`selectors.dev_allowance`. Months after
the current one show their allowance and no hours. Two queries for any year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404

from trellis.careers.models import DevelopmentPolicy, DevTimeEntry
from trellis.careers.selectors import DEFAULT_DEV_HOURS, CareerView
from trellis.org.validation import EARLIEST_RECORD


@dataclass(frozen=True)
class DevMonth:
    month: dt.date
    allowance: Decimal
    used: Decimal
    future: bool

    @property
    def left(self) -> Decimal:
        return self.allowance - self.used

    @property
    def over(self) -> bool:
        return self.used > self.allowance


@dataclass(frozen=True)
class DevYear:
    year: int
    months: list[DevMonth]
    previous: int | None
    following: int | None

    @property
    def allowance(self) -> Decimal:
        return sum((m.allowance for m in self.months if not m.future), Decimal(0))

    @property
    def used(self) -> Decimal:
        return sum((m.used for m in self.months), Decimal(0))


def _allowance(policies: list[tuple[dt.date, Decimal]], on: dt.date) -> Decimal:
    # Policies newest first: the first one already in force on that day applies.
    for effective_from, hours in policies:
        if effective_from <= on:
            return hours
    return Decimal(str(getattr(settings, "TRELLIS_DEV_HOURS_PER_MONTH", DEFAULT_DEV_HOURS)))


def devtime_year(*, career: CareerView, year: int, today: dt.date) -> DevYear:
    """The year's twelve months for someone who may read the career's development time
    (404 otherwise, and for a year before records begin or after the current one)."""
    if not career.sees("devtime") or not EARLIEST_RECORD.year <= year <= today.year:
        raise Http404
    policies = list(
        DevelopmentPolicy.objects.order_by("-effective_from", "-id").values_list(
            "effective_from", "hours_per_month"
        )
    )
    used = dict(
        DevTimeEntry.objects.filter(person=career.person, date__year=year)
        .annotate(m=ExtractMonth("date"))
        .values("m")
        .annotate(total=Sum("hours"))
        .values_list("m", "total")
        .order_by()
    )
    months = []
    for number in range(1, 13):
        first = dt.date(year, number, 1)
        last = first.replace(day=calendar.monthrange(year, number)[1])
        months.append(
            DevMonth(
                month=first,
                allowance=_allowance(policies, min(last, today) if first <= today else first),
                used=used.get(number) or Decimal(0),
                future=first > today,
            )
        )
    return DevYear(
        year=year,
        months=months,
        previous=year - 1 if year > EARLIEST_RECORD.year else None,
        following=year + 1 if year < today.year else None,
    )
