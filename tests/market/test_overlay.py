"""Someone's own latest changes over the worker's mapped state: their rows are made again by the
builders a full build uses, so their scores and For you equal a full build's, and nothing of the
state is built again in the web process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.cast import Cast
from tests.market.conftest import make_opportunity
from trellis.careers.models import Goal, Status
from trellis.engine.scoring import score_person
from trellis.market import cache as market_cache
from trellis.market import fetch, statefile
from trellis.market.recommend import for_you
from trellis.org.models import Person
from trellis.skills.models import PersonSkill, Skill


@pytest.fixture(autouse=True)
def _mapped(settings, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.TRELLIS_STATE_DIR = str(tmp_path / "market-state")
    settings.TRELLIS_MARKET_STATE_FILE = True
    statefile.state_forget()
    market_cache.cache_clear()
    yield
    statefile.state_forget()
    market_cache.cache_clear()


def _lists(lists: fetch.MarketData | None, cast: Cast) -> list[tuple[str, int, float]]:
    found = for_you(person=cast.ada, data=lists)
    return [
        (section, item.opportunity.pk, round(item.why.mutual_value, 9))
        for section, items in (("items", found.items), ("near", found.near_misses))
        for item in items
    ]


def test_own_changes_score_as_a_full_build(cast: Cast) -> None:
    make_opportunity(cast)
    market_cache.market_state_write()
    mapped = statefile.state_current()
    assert mapped is not None
    # Ada changes a level, an appetite, adds a skill nobody holds and a target role.
    PersonSkill.objects.filter(person=cast.ada, skill=cast.sql).update(level=5)
    PersonSkill.objects.filter(person=cast.ada, skill=cast.python).update(appetite="grow")
    fresh = Skill.objects.create(name="Quantum origami")
    PersonSkill.objects.create(person=cast.ada, skill=fresh, level=2, appetite="grow")
    Goal.objects.create(
        person=cast.ada, title="Senior", status=Status.ACTIVE, target_role=cast.senior_engineer
    )

    mine = market_cache.market_data(person_id=cast.ada.pk)
    assert mine is not mapped and mine.state.opps is mapped.state.opps  # shared, not rebuilt
    assert market_cache._cache == {}  # no private build of everyone
    assert market_cache.market_data(person_id=cast.ada.pk) is mine  # kept for her next page
    assert market_cache.person_is_current(mine, cast.ada.pk)

    full = fetch.build_market_data()
    i, j = mine.person_index[cast.ada.pk], full.person_index[cast.ada.pk]
    a, b = score_person(mine.state, i), score_person(full.state, j)
    for name in ("readiness", "growth", "mutual_value"):
        assert np.allclose(getattr(a, name), getattr(b, name), rtol=1e-12, atol=1e-12), name
    assert np.array_equal(a.ok, b.ok)
    assert np.array_equal(mine.state.growth_shares[i], full.state.growth_shares[j])
    assert [mine.role_ids[r] for r in mine.state.targets_of(i)] == [
        full.role_ids[r] for r in full.state.targets_of(j)
    ]
    assert _lists(mine, cast) == _lists(full, cast)
    # Everyone else is answered from the mapped state itself.
    assert market_cache.market_data(person_id=cast.maya.pk) is mapped


def test_someone_the_state_does_not_hold_gets_a_build(cast: Cast) -> None:
    """Only a build adds a person: a newcomer's own page builds in the process, as before."""
    market_cache.market_state_write()
    mapped = statefile.state_current()
    newcomer = Person.objects.create(
        employee_id="N-1", first_name="Nia", last_name="New", email="", unit=cast.team
    )
    PersonSkill.objects.create(person=newcomer, skill=cast.sql, level=3)
    assert mapped is not None and newcomer.pk not in mapped.person_index
    mine = market_cache.market_data(person_id=newcomer.pk)
    assert mine is not mapped and market_cache._cache["all"] is mine
    assert mine.state.levels[mine.person_index[newcomer.pk]].nnz == 1
