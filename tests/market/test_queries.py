"""Query counts of the hot pages stay the same as the data grows (DESIGN §5, Saleor)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.careers import services as careers
from trellis.market import cache, services
from trellis.market.models import MarketplaceOptIn, Opportunity
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.skills.models import PersonSkill


def _grow(cast: Cast, n: int) -> None:
    """n more open gigs and n more opted-in colleagues strong in both skills."""
    start = Person.objects.filter(employee_id__startswith="E-grow-").count()
    for k in range(start, start + n):
        make_opportunity(cast, title=f"Gig {k}")
        person = Person.objects.create(
            employee_id=f"E-grow-{k}",
            first_name="Col",
            last_name=f"League {k}",
            email=f"col{k}@example.com",
            unit=cast.other_team if k % 2 else cast.team,
            role=cast.senior_engineer,
            hire_date=dt.date(2020, 1, 1),
        )
        PersonSkill.objects.create(person=person, skill=cast.python, level=5)
        PersonSkill.objects.create(person=person, skill=cast.sql, level=4)
        MarketplaceOptIn.objects.create(person=person, opted_in=True)


def _count(client: Client, url: str) -> tuple[int, int]:
    """(queries with the engine cache cold, queries with it warm)."""
    cache.cache_clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return len(cold.captured_queries), len(warm.captured_queries)


def test_for_you_queries_do_not_grow_with_the_data(cast: Cast, client_for: ClientFor) -> None:
    careers.goal_create(
        actor=cast.ada.user, person=cast.ada, title="Senior", target_role=cast.senior_engineer
    )
    _grow(cast, 2)
    client = client_for(cast.ada)
    url = reverse("market:for_you")
    small = _count(client, url)
    assert "People to talk to" in client.get(url).content.decode()
    _grow(cast, 12)
    large = _count(client, url)
    assert large == small
    # Warm: session, user, viewer (2), data version, the person's skills, goals and profile
    # (what they said), skill and role names, opportunities, talk names and roles, pipeline,
    # opt-in (the session is not written again within a minute).
    assert large[1] == 15


def test_candidate_search_queries_do_not_grow_with_the_data(
    cast: Cast, client_for: ClientFor
) -> None:
    opp = make_opportunity(cast)
    services.opt_in_set(viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True)
    _grow(cast, 2)
    client = client_for(cast.maya)
    url = reverse("market:candidates", args=[opp.pk])
    small = _count(client, url)
    body = client.get(url).content.decode()
    assert "Col League 0" in body and "Ada Lovelace" in body
    _grow(cast, 12)
    large = _count(client, url)
    assert "Col League 11" in client.get(url).content.decode()
    assert Opportunity.objects.filter(status="open").count() == 15
    assert large == small
    # Warm: session, user, viewer (2), opportunity, data version, skill names, candidates,
    # their profiles, the audit event, the pipeline (no session write within a minute).
    assert large[1] == 11
