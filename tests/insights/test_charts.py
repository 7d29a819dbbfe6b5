"""The insights page's pictures: supply and demand now and month by month, mobility per
quarter, coverage by department — each with its table, small groups withheld."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from trellis.careers import services as career_services
from trellis.insights import trends
from trellis.market.models import Opportunity, OpportunitySkill, OpportunityStatus
from trellis.org.access import viewer_for
from trellis.org.models import Person

TODAY = dt.date(2026, 11, 20)


def _opening(cast: Cast, seats: int, published: dt.datetime) -> None:
    opp = Opportunity.objects.create(
        title=f"Tuning {seats}",
        unit=cast.team,
        owner=cast.maya,
        capacity=seats,
        status=OpportunityStatus.OPEN,
        published_at=published,
    )
    OpportunitySkill.objects.create(opportunity=opp, skill=cast.sql, min_level=3)


def test_months_count_seats_published_and_people_recorded_ready(cast: Cast) -> None:
    _opening(cast, 3, dt.datetime(2026, 9, 10, tzinfo=dt.UTC))
    _opening(cast, 2, dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    _opening(cast, 7, dt.datetime(2025, 1, 2, tzinfo=dt.UTC))  # before the year shown
    people = [
        Person.objects.create(employee_id=f"S{i}", first_name="S", last_name=str(i), email="")
        for i in range(5)
    ]
    for person in people:
        career_services.person_skill_set(
            actor=cast.hana.user, person=person, skill=cast.sql, level=3
        )
    viewer = viewer_for(cast.hana.user)
    flows = trends.supply_demand_months(
        viewer=viewer, skill_ids=[cast.sql.pk], ready_level=3, today=TODAY
    )
    assert flows[0].month == dt.date(2025, 12, 1)
    assert flows[-1].month == dt.date(2026, 11, 1) and len(flows) == 12
    by_month = {f.month: f for f in flows}
    assert by_month[dt.date(2026, 9, 1)].seats == 3 and by_month[dt.date(2026, 11, 1)].seats == 2
    this_month = timezone.localdate().replace(day=1)
    if this_month in by_month:  # the history rows are stamped now
        assert by_month[this_month].ready == 5
    assert sum(f.seats for f in flows) == 5


def test_the_page_draws_each_figure_with_its_table(cast: Cast, client_for: ClientFor) -> None:
    _opening(cast, 4, timezone.now())
    cache.clear()
    body = client_for(cast.hana).get(reverse("insights:overview")).content.decode()
    for title in (
        "Open seats and ready people, by skill",
        "Demand and supply of the top skills, month by month",
        "Internal mobility per quarter",
        "Career conversation coverage",
    ):
        assert f">{title}</title>" in body, title
    assert body.count("<summary>Show data") == 4
    # Ready people for SQL are fewer than five: withheld in the chart's table too.
    assert '<th scope="row">SQL</th><td>4</td><td>fewer than 5</td>' in body
