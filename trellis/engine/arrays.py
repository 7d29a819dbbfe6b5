"""Array helpers shared by the engine's modules: type aliases, input coercion, gathers.

Every engine module that needs one of these imports it from here; none reaches into another
module's private helpers.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def as_ints(values: ArrayLike | None, n: int | None = None, default: int = 0) -> IntArray:
    """``values`` as a flat int64 array, or ``n`` copies of ``default`` when None."""
    if values is None:
        return np.full(n or 0, default, dtype=np.int64)
    return np.asarray(values, dtype=np.int64).reshape(-1)


def as_floats(values: ArrayLike | None, n: int, default: float) -> FloatArray:
    """``values`` as a flat float64 array, or ``n`` copies of ``default`` when None."""
    if values is None:
        return np.full(n, default, dtype=np.float64)
    return np.asarray(values, dtype=np.float64).reshape(-1)


def as_bools(values: ArrayLike | None, n: int, default: bool) -> BoolArray:
    """``values`` as a flat bool array, or ``n`` copies of ``default`` when None."""
    if values is None:
        return np.full(n, default, dtype=np.bool_)
    return np.asarray(values, dtype=np.bool_).reshape(-1)


def check_len(name: str, array: NDArray[np.generic], n: int) -> None:
    """Raise ValueError unless ``array`` has ``n`` entries."""
    if array.shape[0] != n:
        raise ValueError(f"{name} has {array.shape[0]} entries, expected {n}")


def sorted_unique(values: IntArray) -> IntArray:
    """Sorted distinct values (numpy's hash-based unique is slower on large integer arrays)."""
    ordered = np.sort(values)
    if ordered.shape[0] == 0:
        return ordered
    keep = np.empty(ordered.shape[0], np.bool_)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def ranges(starts: IntArray, lens: IntArray) -> IntArray:
    """Concatenation of ``arange(start, start + len)`` for each pair, without a Python loop."""
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
    return offsets + np.arange(total, dtype=np.int64)


def row_ptr(rows: IntArray, n_rows: int) -> IntArray:
    """CSR row pointer of entries sorted by row: entries of row i are ptr[i]:ptr[i+1]."""
    ptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=ptr[1:])
    return ptr


def lookup(matrix: sp.csr_array, rows: IntArray, cols: IntArray) -> NDArray[np.float64]:
    """Values of a CSR matrix with sorted indices at (rows[i], cols[i]); 0 where absent."""
    n_cols = matrix.shape[1]
    entry_rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    keys = entry_rows * n_cols + matrix.indices.astype(np.int64)
    want = np.asarray(rows, np.int64) * n_cols + np.asarray(cols, np.int64)
    pos = np.searchsorted(keys, want)
    pos_c = np.minimum(pos, max(keys.shape[0] - 1, 0))
    found = (
        (pos < keys.shape[0]) & (keys[pos_c] == want)
        if keys.size
        else np.zeros(want.shape[0], np.bool_)
    )
    out = np.zeros(want.shape[0], np.float64)
    if keys.size:
        out[found] = matrix.data[pos_c[found]]
    return out
