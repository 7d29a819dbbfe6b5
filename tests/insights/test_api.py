"""The insights API: HR's figures as on the page, with groups of fewer than five withheld."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.cast import Cast, ClientFor
from tests.insights.test_overview import _crowd
from trellis.market.models import Opportunity, OpportunitySkill, OpportunityStatus

URL = "/api/v1/insights"


@pytest.fixture
def market(cast: Cast) -> Cast:
    opp = Opportunity.objects.create(
        title="Query tuning", unit=cast.team, owner=cast.maya, capacity=4,
        status=OpportunityStatus.OPEN,
    )  # fmt: skip
    OpportunitySkill.objects.create(opportunity=opp, skill=cast.sql, min_level=3)
    return cast


def _sql_row(client: object, *, fresh: bool = True) -> dict[str, object]:
    if fresh:
        cache.clear()  # the figures are cached for a few minutes, as for the page
    response = client.get(URL)  # type: ignore[attr-defined]
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["min_group"] == 5
    [row] = data["supply"]["skills"]
    return row  # type: ignore[no-any-return]


def test_refused_to_everyone_but_hr_and_admins(market: Cast, client_for: ClientFor) -> None:
    for person in (market.ada, market.maya, market.dora, market.otto):
        response = client_for(person).get(URL)
        assert response.status_code == 404
        assert "supply" not in response.content.decode()
    for person in (market.hana, market.alex):
        assert client_for(person).get(URL).status_code == 200


def test_four_ready_people_are_withheld(market: Cast, client_for: ClientFor) -> None:
    # Ada is at SQL level 2: with four more at level 4, four are ready.
    _crowd(market, 4, sql_level=4, unit=market.team, prefix="ready")
    row = _sql_row(client_for(market.hana))
    assert row["skill"] == "SQL" and row["seats"] == 4
    assert row["ready"] is None and row["ready_per_seat"] is None
    platform = [c for c in row["by_department"] if c["people"] is not None]  # type: ignore[union-attr]
    assert platform == []  # four in Platform: withheld there too


def test_five_ready_people_are_shown(market: Cast, client_for: ClientFor) -> None:
    _crowd(market, 5, sql_level=4, unit=market.team, prefix="ready")
    row = _sql_row(client_for(market.hana))
    assert row["ready"] == 5 and row["ready_per_seat"] == 1.25
    shown = [c["people"] for c in row["by_department"] if c["people"] is not None]  # type: ignore[union-attr]
    assert shown == [5]


def test_coverage_rows_below_five_name_no_figures(market: Cast, client_for: ClientFor) -> None:
    cache.clear()
    data = client_for(market.hana).get(URL).json()
    for row in data["coverage"]["rows"]:
        if row["withheld"]:
            assert row["people"] is None and row["percent"] is None and row["held"] is None
        else:
            assert row["people"] >= 5
    # Too few live interests to show: withheld, not zero.
    assert data["coverage"]["open_interest"] is None
    assert all(q[k] is None for q in data["mobility"] for k in ("applied", "offered", "moved"))
