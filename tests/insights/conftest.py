from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_cached_figures() -> Iterator[None]:
    # The page caches its figures; each test starts from the database it built.
    cache.clear()
    yield
    cache.clear()
