"""The HR insights page: supply against demand, mobility and coverage, small groups withheld."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.cast import Cast, ClientFor
from trellis.insights import selectors
from trellis.market.models import (
    Interest,
    InterestEvent,
    InterestStatus,
    Opportunity,
    OpportunitySkill,
    OpportunityStatus,
)
from trellis.org.access import viewer_for
from trellis.org.models import OrgUnit, Person, UnitKind
from trellis.skills.models import Appetite, PersonSkill
from trellis.talks.models import Conversation, Status

TODAY = dt.date(2026, 11, 20)


def _crowd(cast: Cast, n: int, *, sql_level: int, unit: OrgUnit, prefix: str) -> list[Person]:
    people = []
    for i in range(n):
        person = Person.objects.create(
            employee_id=f"{prefix}{i}", first_name=prefix, last_name=str(i), email="", unit=unit
        )
        PersonSkill.objects.create(
            person=person, skill=cast.sql, level=sql_level, appetite=Appetite.GROW
        )
        people.append(person)
    return people


@pytest.fixture
def market(cast: Cast) -> Cast:
    opp = Opportunity.objects.create(
        title="Query tuning",
        unit=cast.team,
        owner=cast.maya,
        capacity=4,
        status=OpportunityStatus.OPEN,
    )
    OpportunitySkill.objects.create(opportunity=opp, skill=cast.sql, min_level=3)
    OpportunitySkill.objects.create(opportunity=opp, skill=cast.python, min_level=2, required=False)
    draft = Opportunity.objects.create(title="Draft", unit=cast.team, owner=cast.maya, capacity=9)
    OpportunitySkill.objects.create(opportunity=draft, skill=cast.python, min_level=3)
    return cast


def test_only_hr_and_admins_see_insights(market: Cast, client_for: ClientFor) -> None:
    url = reverse("insights:overview")
    for person in (market.ada, market.maya, market.dora, market.otto):
        assert client_for(person).get(url).status_code == 404
    for person in (market.hana, market.alex):
        assert client_for(person).get(url).status_code == 200


def test_demand_counts_open_required_seats_and_supply_by_department(market: Cast) -> None:
    engineering = OrgUnit.objects.get(path="Acme/Engineering")
    dept = OrgUnit.objects.get(path="Acme/Engineering/Platform")
    assert dept.kind == UnitKind.DEPARTMENT
    _crowd(market, 6, sql_level=4, unit=market.team, prefix="ready")
    _crowd(market, 3, sql_level=1, unit=engineering, prefix="learner")
    report = selectors.supply_demand(viewer=viewer_for(market.hana.user))
    # Python is only nice-to-have on the open one and required on a draft: no demand.
    (row,) = report.rows
    assert (row.skill, row.seats, row.opportunities) == (market.sql, 4, 1)
    assert row.ready == 6  # the six at level 4; Ada (2) and the learners (1) are not ready
    assert row.growing == 6 + 3 + 1  # the crowd and Ada want to grow SQL
    assert row.ready_per_seat == 1.5
    cells = dict(zip([d.name for d in report.departments], report.cells(row), strict=True))
    assert cells["Platform"] == (6, 100)
    assert cells["Field Sales"] == (None, 0)  # nobody there: shown as too small, not as 0


def test_small_groups_are_withheld(market: Cast, client_for: ClientFor) -> None:
    _crowd(market, 2, sql_level=5, unit=market.team, prefix="few")
    report = selectors.supply_demand(viewer=viewer_for(market.hana.user))
    (row,) = report.rows
    assert row.ready == 2 and row.ready_shown is None and row.ready_per_seat is None
    html = client_for(market.hana).get(reverse("insights:overview")).content.decode()
    assert "fewer than 5" in html


def test_mobility_counts_people_per_step_and_quarter(market: Cast) -> None:
    opp = Opportunity.objects.get(title="Query tuning")
    crowd = _crowd(market, 5, sql_level=3, unit=market.team, prefix="mover")
    for person in crowd:
        interest = Interest.objects.create(person=person, opportunity=opp, status="accepted")
        for status in (InterestStatus.APPLIED, InterestStatus.OFFERED, InterestStatus.ACCEPTED):
            event = InterestEvent.objects.create(interest=interest, to_status=status)
            InterestEvent.objects.filter(pk=event.pk).update(
                at=dt.datetime(2026, 8, 3, 9, tzinfo=dt.UTC)
            )
    quarters = selectors.mobility(viewer=viewer_for(market.hana.user), today=TODAY)
    assert [q.label for q in quarters] == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    assert (quarters[2].applied, quarters[2].offered, quarters[2].moved) == (5, 5, 5)
    assert quarters[3].figures() == [None, None, None]


def test_coverage_by_department_folds_small_ones(market: Cast) -> None:
    crowd = _crowd(market, 5, sql_level=3, unit=market.team, prefix="covered")
    when = dt.datetime(2026, 10, 1, 10, tzinfo=dt.UTC)
    for person in crowd[:3]:
        Conversation.objects.create(author=market.maya, person=person, when=when, summary="x")
    Conversation.objects.create(
        author=market.maya, person=crowd[3], when=when, summary="x", status=Status.PLANNED
    )
    old = dt.datetime(2025, 1, 1, 10, tzinfo=dt.UTC)
    Conversation.objects.create(author=market.maya, person=crowd[4], when=old, summary="x")
    report = selectors.coverage(viewer=viewer_for(market.hana.user), today=TODAY)
    rows = {r.name: r for r in report.rows}
    # Sales (Otto) and People (Hana, Alex) are under five: folded together. Three people
    # would be told by subtracting Platform from the whole organization, so Platform (the
    # smallest department shown) joins them: one row for everyone, shown.
    assert list(rows) == ["Smaller departments (combined)"]
    small = rows["Smaller departments (combined)"]
    assert (small.covered, small.held) == (3, 3) and not small.withheld
    assert small.people == report.total.people >= 7 + 3


def test_insights_page_query_count_does_not_grow(
    market: Cast, client_for: ClientFor, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(market.hana)
    url = reverse("insights:overview")
    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    _crowd(market, 40, sql_level=4, unit=market.team, prefix="many")
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_figures_are_computed_once_for_a_few_minutes(market: Cast, client_for: ClientFor) -> None:
    client = client_for(market.hana)
    url = reverse("insights:overview")
    client.get(url)
    _crowd(market, 6, sql_level=4, unit=market.team, prefix="late")
    # The six new ready people are not counted until the cached figures expire.
    assert "fewer than 5" in client.get(url).content.decode()
    cache.clear()
    body = client.get(url).content.decode()
    assert "<td>6</td>" in body and "Figures as of" in body
