"""Development-conversation coverage per manager, for HR: the share of each manager's direct
reports with a development conversation held in the last six months.

A "development conversation" is any held conversation about the person (whoever led it),
as on the insights page's coverage by department; the window is the same six months
(:data:`WINDOW_DAYS`), and the manager's own coverage page counts with it too. Managers
with fewer than five active reports are not shown one by one: their teams are one group row
(the rule of talent exported, :func:`trellis.org.selectors.manager_teams`), whose figures are
withheld unless the group itself has five people.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from trellis.org.access import Viewer
from trellis.org.aggregates import MIN_GROUP
from trellis.org.models import Person
from trellis.org.selectors import manager_teams
from trellis.talks.models import Conversation, Status

WINDOW_DAYS = 182  # about six months, as the insights page's coverage


def window_start(today: dt.date | None = None) -> dt.datetime:
    today = today or timezone.localdate()
    return dt.datetime.combine(today - dt.timedelta(days=WINDOW_DAYS), dt.time(), tzinfo=dt.UTC)


def covered_ids(person_ids: Iterable[int], *, today: dt.date | None = None) -> set[int]:
    """The people among ``person_ids`` with a held conversation in the window. One query."""
    return set(
        Conversation.objects.filter(
            status=Status.HELD, when__gte=window_start(today), person_id__in=list(person_ids)
        )
        .values_list("person_id", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class ManagerRow:
    manager: Person | None  # None for the group of small teams
    reports: int
    covered: int
    managers: int = 1

    @property
    def withheld(self) -> bool:
        return self.reports < MIN_GROUP

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.reports) if self.reports else 0


@dataclass(frozen=True)
class ManagerCoverage:
    rows: list[ManagerRow]  # lowest share first: who needs a nudge
    small: ManagerRow
    window_days: int = WINDOW_DAYS
    min_group: int = MIN_GROUP


def manager_coverage(*, viewer: Viewer, today: dt.date | None = None) -> ManagerCoverage:
    """Per manager with at least five active direct reports: how many of them had a held
    conversation in the last six months; the smaller teams together. Three queries whatever
    the size of the organization. HR and admins only; others get a 404."""
    if not viewer.is_hr_or_admin:
        raise Http404
    teams = manager_teams(min_group=MIN_GROUP)
    held = (
        Conversation.objects.filter(
            status=Status.HELD,
            when__gte=window_start(today),
            person__is_active=True,
            person__manager__isnull=False,
        )
        .values_list("person_id", "person__manager_id")
        .distinct()
    )
    covered: dict[int, set[int]] = defaultdict(set)
    for person_id, manager_id in held:
        if manager_id is not None:  # excluded by the filter; the column may be null
            covered[manager_id].add(person_id)
    big = [m for m in teams.sizes if not teams.is_small(m)]
    managers = Person.objects.select_related("unit").in_bulk(big)
    rows = [
        ManagerRow(manager=managers[m], reports=teams.sizes[m], covered=len(covered[m]))
        for m in big
        if m in managers
    ]
    rows.sort(key=lambda r: (r.percent, r.manager.last_name if r.manager else "", r.reports))
    small = ManagerRow(
        manager=None,
        reports=teams.small_reports,
        covered=sum(len(covered[m]) for m in teams.small_managers),
        managers=len(teams.small_managers),
    )
    return ManagerCoverage(rows=rows, small=small)
