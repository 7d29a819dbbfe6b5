"""The state's id → row map answers as the dict it replaces, for any ids, sorted or not."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from trellis.market.ids import IdIndex

ids_lists = st.lists(st.integers(-(2**40), 2**40), unique=True, max_size=60)
probes = st.lists(st.integers(-(2**41), 2**41), max_size=30)


@given(ids=ids_lists, others=probes)
def test_it_answers_as_a_dict(ids: list[int], others: list[int]) -> None:
    index = IdIndex(np.array(ids, np.int64))
    expected = {v: i for i, v in enumerate(ids)}
    assert len(index) == len(expected) and list(index) == ids
    assert index == expected
    for key in [*ids, *others]:
        assert (key in index) == (key in expected)
        assert index.get(key) == expected.get(key)
        assert index.get(key, -7) == expected.get(key, -7)
    rows = index.rows([*ids, *others])
    assert rows.tolist() == [expected.get(k, -1) for k in [*ids, *others]]
    assert index.rows(np.array(others, np.int64)).tolist() == [expected.get(k, -1) for k in others]


def test_what_is_not_an_id_is_not_found() -> None:
    index = IdIndex(np.array([1, 2, 3], np.int64))
    for key in (True, "1", 1.0, None, 2**70, -(2**70)):
        assert key not in index and index.get(key) is None
    assert index[np.int64(2)] == 1
    try:
        index[4]
    except KeyError:
        pass
    else:
        raise AssertionError("a missing id is a KeyError")


def test_an_empty_index() -> None:
    index = IdIndex(np.zeros(0, np.int64))
    assert len(index) == 0 and 1 not in index and index.rows([1, 2]).tolist() == [-1, -1]
