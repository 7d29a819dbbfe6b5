"""Id → row maps of the market state that live in its arrays, not in a dict per process.

A state of 100,000 people mapped by every web worker would otherwise carry, in each worker,
a dict of 100,000 ids (about 12 MiB of private memory, rebuilt at every new version): an
:class:`IdIndex` keeps only the state's own id array (mapped, so shared) and finds an id by
binary search. It is read like the dict it replaces (``index[id]``, ``index.get(id)``,
``id in index``, ``len(index)``), and :meth:`IdIndex.rows` finds many ids at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar, overload

import numpy as np

_T = TypeVar("_T")


class IdIndex(Mapping[int, int]):
    """The row of each id in ``ids`` (ids unique; sorted ones need no extra array)."""

    __slots__ = ("_ids", "_order", "_sorted")

    def __init__(self, ids: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        self._ids = ids
        if ids.size > 1 and not bool(np.all(ids[1:] > ids[:-1])):
            self._order: np.ndarray | None = np.argsort(ids, kind="stable")
            self._sorted = ids[self._order]
        else:
            self._order, self._sorted = None, ids

    def rows(self, ids: Iterable[int] | np.ndarray) -> np.ndarray:
        """The row of each id, ``-1`` for an id not in the index."""
        wanted = (
            np.fromiter((int(i) for i in ids), np.int64)
            if not isinstance(ids, np.ndarray)
            else ids.astype(np.int64, copy=False)
        )
        if not self._sorted.size or not wanted.size:
            return np.full(wanted.shape, -1, np.int64)
        at = np.searchsorted(self._sorted, wanted)
        at_clipped = np.minimum(at, self._sorted.size - 1)
        found = self._sorted[at_clipped] == wanted
        rows = at_clipped if self._order is None else self._order[at_clipped]
        return np.where(found, rows, -1).astype(np.int64, copy=False)

    def _find(self, key: object) -> int:
        if isinstance(key, bool) or not isinstance(key, int | np.integer):
            return -1
        k = int(key)
        if not self._sorted.size or not (-(2**63) <= k < 2**63):
            return -1
        at = int(np.searchsorted(self._sorted, k))
        if at < self._sorted.size and int(self._sorted[at]) == k:
            return at if self._order is None else int(self._order[at])
        return -1

    def __getitem__(self, key: object) -> int:
        row = self._find(key)
        if row < 0:
            raise KeyError(key)
        return row

    def __contains__(self, key: object) -> bool:
        return self._find(key) >= 0

    @overload
    def get(self, key: object, /) -> int | None: ...

    @overload
    def get(self, key: object, /, default: int | _T) -> int | _T: ...

    def get(self, key: object, /, default: object = None) -> object:
        row = self._find(key)
        return default if row < 0 else row

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids.tolist())

    def __len__(self) -> int:
        return int(self._ids.size)

    def __repr__(self) -> str:
        return f"IdIndex({len(self)} ids)"
