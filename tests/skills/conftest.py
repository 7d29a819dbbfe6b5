from __future__ import annotations

from collections.abc import Iterator

import pytest

from trellis.skills import search


@pytest.fixture(autouse=True)
def _fresh_search_index() -> Iterator[None]:
    # Test databases roll back and reuse ids, so the data stamp alone cannot tell two tests
    # apart; start every test with an empty per-process index.
    search._indexes.clear()
    yield
    search._indexes.clear()
