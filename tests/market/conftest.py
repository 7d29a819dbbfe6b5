from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.cast import Cast
from trellis.market import cache, services
from trellis.market.models import Kind, Opportunity
from trellis.market.services import SkillNeed
from trellis.org.access import viewer_for


@pytest.fixture(autouse=True)
def _fresh_engine_cache() -> Iterator[None]:
    # Test databases roll back, so a cached state must never leak from one test to the next.
    cache.cache_clear()
    yield
    cache.cache_clear()


def make_opportunity(cast: Cast, *, publish: bool = True, **fields: object) -> Opportunity:
    """A gig in Maya's team needing Python 3 and SQL 3, owned by Maya."""
    data: dict[str, object] = {
        "kind": Kind.GIG,
        "title": "Storage metrics dashboard",
        "description": "Build the dashboard.",
        "unit": cast.team,
        "capacity": 1,
        "hours_per_week": 4,
    }
    data.update(fields)
    opp = services.opportunity_create(
        viewer=viewer_for(cast.maya.user),
        skills=[SkillNeed(cast.python, 3, 5, True), SkillNeed(cast.sql, 3, 3, True)],
        **data,
    )
    if publish:
        services.opportunity_publish(viewer=viewer_for(cast.maya.user), opp=opp)
    return opp


@pytest.fixture
def opp(cast: Cast) -> Opportunity:
    return make_opportunity(cast)


@pytest.fixture
def opted_in(cast: Cast) -> None:
    for person in (cast.ada, cast.otto):
        services.opt_in_set(viewer=viewer_for(person.user), person=person, opted_in=True)
