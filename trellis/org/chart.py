"""Reads for the org chart explorer: one level of reporting lines or units at a time.

Everything here is directory information (name, job title, unit, who reports to whom), which
every signed-in person may see; role, level and skills are never read. Each function costs a
fixed number of queries whatever the size of the organization, so expanding a node stays fast
at 100,000 people.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import cast

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404

from trellis.org.access import Viewer
from trellis.org.models import OrgUnit, Person

# Direct reports or sub-units shown per expand; the rest are counted, not listed.
EXPAND_LIMIT = 200
HEADCOUNT_CACHE_KEY = "org.chart.headcounts"
HEADCOUNT_SECONDS = 60


@dataclass
class PersonEntry:
    person: Person
    reports: int  # active direct reports
    focus: bool = False
    # Filled along the chain to the person in focus: their direct reports, already open.
    children: list[PersonEntry] = field(default_factory=list)
    more: int = 0  # direct reports not listed in ``children``


@dataclass
class UnitEntry:
    unit: OrgUnit
    headcount: int  # active people in the unit and all its sub-units
    subunits: int


def _active() -> Q:
    return Q(is_active=True)


def _entries(people: list[Person]) -> list[PersonEntry]:
    """People with their count of active direct reports (one query for all of them)."""
    counts = dict(
        Person.objects.filter(_active(), manager_id__in=[p.pk for p in people])
        .values_list("manager_id")
        .annotate(n=Count("id"))
        .values_list("manager_id", "n")
    )
    return [PersonEntry(person=p, reports=counts.get(p.pk, 0)) for p in people]


def _listed(where: Q) -> tuple[list[Person], int]:
    people = list(
        Person.objects.filter(_active())
        .filter(where)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")[: EXPAND_LIMIT + 1]
    )
    if len(people) <= EXPAND_LIMIT:
        return people, 0
    total = Person.objects.filter(_active()).filter(where).count()
    return people[:EXPAND_LIMIT], total - EXPAND_LIMIT


def chart_person(*, viewer: Viewer, pk: int) -> Person:
    """An active person to open the chart at; 404 for anyone else or a stranger."""
    if not viewer.is_authenticated:
        raise Http404
    person = Person.objects.filter(_active(), pk=pk).select_related("unit").first()
    if person is None:
        raise Http404
    return person


def chart_reports(*, viewer: Viewer, manager: Person) -> tuple[list[PersonEntry], int]:
    """A person's active direct reports (at most ``EXPAND_LIMIT``) and how many more there are."""
    if not viewer.is_authenticated:
        raise Http404
    people, more = _listed(Q(manager_id=manager.pk))
    return _entries(people), more


def chart_tops(*, viewer: Viewer) -> tuple[list[PersonEntry], int]:
    """The people at the top of the reporting lines: active, with no manager.

    Someone whose manager has left is not listed here (finding them would scan everyone);
    opening the chart at them shows them at the top of their broken line.
    """
    if not viewer.is_authenticated:
        raise Http404
    people, more = _listed(Q(manager__isnull=True))
    return _entries(people), more


def chart_chain(*, viewer: Viewer, focus: Person) -> tuple[list[PersonEntry], int]:
    """The chart opened at ``focus``: from the top down to them, each manager on the way open
    on their direct reports, and the person's own reports listed closed.

    Four queries: the people at the top and their report counts, then the direct reports of
    everyone on the way and theirs. When someone on the way has left, the line starts below
    them, with the first active person listed beside the tops.
    """
    tops, more = chart_tops(viewer=viewer)
    chain_ids = [*focus.manager_ids(), focus.pk]
    below = list(
        Person.objects.filter(_active(), manager_id__in=chain_ids)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )
    entries = {e.person.pk: e for e in [*tops, *_entries(below)]}
    by_manager: dict[int, list[PersonEntry]] = {}
    for person in below:
        by_manager.setdefault(person.manager_id or 0, []).append(entries[person.pk])
    for manager_id in chain_ids:
        if manager_id in entries:
            children = by_manager.get(manager_id, [])
            entries[manager_id].children = children[:EXPAND_LIMIT]
            entries[manager_id].more = max(0, len(children) - EXPAND_LIMIT)
    # Walk down from the top: the line holds while each step is listed under the one above.
    start = chain_ids[0]
    for above, below_id in itertools.pairwise(chain_ids):
        shown = above in entries
        if not shown or all(c.person.pk != below_id for c in by_manager.get(above, [])):
            start = below_id
    if start not in {t.person.pk for t in tops}:
        head = entries.get(start) or _entries([focus])[0]
        tops = [head, *tops]
    entries.get(focus.pk, tops[0]).focus = True
    return tops, more


def chart_units(*, viewer: Viewer, parent: OrgUnit | None) -> list[UnitEntry]:
    """The units directly under ``parent`` (the top units when None), each with its headcount
    including sub-units and its number of sub-units."""
    if not viewer.is_authenticated:
        raise Http404
    units = list(OrgUnit.objects.filter(parent=parent).order_by("name")[:EXPAND_LIMIT])
    if not units:
        return []
    subunits = dict(
        OrgUnit.objects.filter(parent__in=units)
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    counts = unit_headcounts()
    return [
        UnitEntry(unit=u, headcount=counts.get(u.path, 0), subunits=subunits.get(u.pk, 0))
        for u in units
    ]


def unit_headcounts() -> dict[str, int]:
    """Active people per unit path, each unit counting everyone in its sub-units too.

    Counting means reading every person, so the figures are kept for a minute: an org chart
    may be a minute behind a hire, not slow for everyone who opens it.
    """
    cached = cache.get(HEADCOUNT_CACHE_KEY)
    if cached is not None:
        return cast(dict[str, int], cached)
    per_unit = dict(
        Person.objects.filter(_active(), unit__isnull=False)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    counts: dict[str, int] = {}
    for pk, path in OrgUnit.objects.values_list("pk", "path"):
        n = per_unit.get(pk, 0)
        if not n:
            continue
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            branch = "/".join(parts[:depth])
            counts[branch] = counts.get(branch, 0) + n
    cache.set(HEADCOUNT_CACHE_KEY, counts, HEADCOUNT_SECONDS)
    return counts


def chart_unit(*, viewer: Viewer, pk: int) -> OrgUnit:
    if not viewer.is_authenticated:
        raise Http404
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit
