from __future__ import annotations

from collections.abc import Iterator

import pytest

from trellis.market import cache


@pytest.fixture(autouse=True)
def _fresh_market_cache() -> Iterator[None]:
    # The prep sheet ranks opportunities with the market's in-process cache; test databases
    # roll back, so a cached state must never leak from one test to the next.
    cache.cache_clear()
    yield
    cache.cache_clear()
