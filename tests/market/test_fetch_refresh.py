"""Other people's changes are picked up by a background rebuild; one's own at once."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.market.conftest import make_opportunity
from trellis.market import cache, refresh
from trellis.market.recommend import _skill_index
from trellis.skills.models import PersonSkill


@pytest.fixture
def background(transactional_db: None, settings) -> None:  # type: ignore[no-untyped-def]
    # A real transaction per step: the rebuild runs on its own thread and connection.
    settings.TRELLIS_MARKET_BACKGROUND_REFRESH = True


def test_stale_data_is_served_while_a_rebuild_runs(background: None, cast: Cast) -> None:
    first = cache.market_data()
    opp = make_opportunity(cast)  # someone else's change
    assert opp.pk not in first.opp_index
    served = cache.market_data()
    assert served is first  # answered at once from the previous data
    refresh.wait(timeout=30)
    fresh = cache.market_data()
    assert fresh is not first and opp.pk in fresh.opp_index


def test_ones_own_change_rebuilds_at_once(background: None, cast: Cast) -> None:
    first = cache.market_data(person_id=cast.ada.pk)
    PersonSkill.objects.filter(person=cast.ada, skill=cast.sql).update(level=5)
    mine = cache.market_data(person_id=cast.ada.pk)
    assert mine is not first
    i, col = mine.person_index[cast.ada.pk], _skill_index(mine, cast.sql.pk)
    assert mine.state.levels[i, col] == 5
