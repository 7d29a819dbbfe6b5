"""Building blocks of symmetric similarity between items described by several kinds of data.

Three ideas, each used by :mod:`trellis.engine.moves`:

* **Rarity-weighted text** (:func:`tfidf`): words that many items share ("manage", "work")
  say little; words few items share ("nurse", "payroll") say a lot. Term frequency is damped
  (``1 + log tf``) so that a word repeated in fifty alternate titles does not drown the rest,
  and rows are L2-normalised so a dot product is a cosine.
* **Centred profiles** (:class:`CentredRows`): ratings such as importance × level are high for
  "reading" or "speaking" in nearly every occupation; a plain cosine then finds every pair
  similar. Standardising each column over the items that have a profile keeps what is
  *distinctive* about an item. The centring is done algebraically, so a sparse profile matrix
  is never made dense.
* **Hub reduction** (:func:`radii`, :func:`adjusted_z`): in any similarity space a few items are
  close to everything (an occupation with one generic requirement, a broad "all other"
  catch-all). Subtracting each candidate's own neighbourhood density (the mean similarity to
  its nearest neighbours, as in cross-domain similarity local scaling) stops one hub from
  appearing in every list, and a per-row z-score puts components of different scales on one
  footing before they are combined.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_WORD = re.compile(r"[0-9a-z]+")
# Words that join or qualify and never say what a job is about.
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "e",
        "eg",
        "etc",
        "for",
        "from",
        "g",
        "i",
        "ie",
        "in",
        "including",
        "into",
        "is",
        "it",
        "its",
        "may",
        "of",
        "on",
        "or",
        "other",
        "such",
        "than",
        "that",
        "the",
        "their",
        "these",
        "this",
        "those",
        "to",
        "use",
        "used",
        "using",
        "various",
        "via",
        "which",
        "who",
        "with",
        "within",
        "without",
        "all",
        "any",
        "also",
    }
)


def tokens(text: str) -> list[str]:
    """Lower-case words without accents, stop words or plural endings.

    "Nurses' aides" -> ``["nurse", "aide"]``; "Analyses" -> ``["analyse"]``. The plural rule is
    deliberately light (a full stemmer would merge "operations" with "operator").
    """
    folded = text.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    out: list[str] = []
    for word in _WORD.findall(folded):
        stem = _stem(word)
        if stem:
            out.append(stem)
    return out


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    if len(word) < 2 or word in STOP_WORDS:
        return ""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Columns that many rows share make a sparse product nearly dense and slow; they are
# multiplied as a small dense block instead (exactly the same sums).
DENSE_DF_SHARE: Final = 1 / 10
MAX_DENSE_COLUMNS: Final = 256


@dataclass
class TermMatrix:
    """Rows of L2-normalised weights over a vocabulary (``terms[j]`` names column ``j``)."""

    matrix: sp.csr_array
    terms: list[str]
    _split: tuple[FloatArray, sp.csr_array] | None = None

    @property
    def has_row(self) -> BoolArray:
        return np.asarray(np.diff(self.matrix.indptr) > 0)

    def gram(self, rows: slice) -> FloatArray:
        """Dot products of ``rows`` with every row (cosines, as rows are normalised)."""
        if self._split is None:
            self._split = _split_columns(self.matrix)
        hot, cold = self._split
        out = hot[rows] @ hot.T
        if cold.nnz:
            out += (cold[rows] @ cold.T).toarray()
        return np.asarray(out, np.float64)


def _split_columns(matrix: sp.csr_array) -> tuple[FloatArray, sp.csr_array]:
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    order = np.argsort(-df, kind="stable")[:MAX_DENSE_COLUMNS]
    hot = np.sort(order[df[order] >= max(2.0, n * DENSE_DF_SHARE)])
    mask = np.zeros(matrix.shape[1], dtype=np.bool_)
    mask[hot] = True
    dense = np.asarray(matrix[:, hot].toarray(), np.float64)
    keep = sp.diags_array((~mask).astype(np.float64))
    cold = sp.csr_array(matrix @ keep)
    cold.eliminate_zeros()
    return dense, cold


def tfidf(docs: Sequence[Iterable[str] | dict[str, float]], *, damp: bool = True) -> TermMatrix:
    """Rarity-weighted, damped, L2-normalised term vectors, one row per document.

    A document is a sequence of terms (counted) or a mapping of term to count. The weight of
    a term in a document is ``(1 + log count) × idf`` with ``idf = log((1 + n) / (1 + df)) + 1``
    (``df``: documents that contain the term), so a term in every document still counts a
    little and a term in one document counts most. Empty documents give empty rows.
    """
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, doc in enumerate(docs):
        counts = doc if isinstance(doc, dict) else Counter(doc)
        for term, count in counts.items():
            if count <= 0:
                continue
            rows.append(i)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(1.0 + math.log(count) if damp else float(count))
    n = len(docs)
    matrix = sp.csr_array(
        (np.asarray(vals, np.float64), (np.asarray(rows, np.int64), np.asarray(cols, np.int64))),
        shape=(n, len(vocab)),
    )
    df = np.bincount(matrix.indices, minlength=len(vocab)).astype(np.float64)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    matrix = sp.csr_array(matrix @ sp.diags_array(idf))
    matrix = _l2_rows(matrix)
    terms = [""] * len(vocab)
    for term, j in vocab.items():
        terms[j] = term
    return TermMatrix(matrix=matrix, terms=terms)


def _l2_rows(matrix: sp.csr_array) -> sp.csr_array:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).reshape(-1))
    norms[norms == 0] = 1.0
    return sp.csr_array(sp.diags_array(1.0 / norms) @ matrix)


@dataclass(frozen=True)
class CentredRows:
    """Rows of a sparse profile matrix, standardised per column, compared by cosine.

    Column ``c`` is shifted by its mean and divided by its standard deviation over the rows
    that have a profile (``has_row``); an absent entry counts as 0 ("not asked for"). Columns
    that never vary carry no information and are dropped. The standardised rows are dense;
    when that would be large (many columns, as in ESCO's thousands of skills), :meth:`cosine`
    works from the sparse rows instead: with ``Y = X / sd`` and ``w = mean / sd``,
    ``(Y_a - w)·(Y_b - w) = Y_a·Y_b - Y_a·w - Y_b·w + w·w``.
    """

    scaled: sp.csr_array  # X / sd, rows without a profile empty
    shift: FloatArray  # mean / sd per column
    has_row: BoolArray
    self_dot: FloatArray  # Y_i · w per row
    norm: FloatArray  # |Y_i - w| per row (1 where undefined)
    unit: FloatArray | None  # the standardised, normalised rows when small enough

    @classmethod
    def build(cls, matrix: sp.csr_array, *, dense_limit: int = 20_000_000) -> CentredRows:
        matrix = sp.csr_array(matrix, dtype=np.float64)
        has_row = np.asarray(np.diff(matrix.indptr) > 0)
        n_rows = max(int(has_row.sum()), 1)
        mean = np.asarray(matrix.sum(axis=0)).reshape(-1) / n_rows
        mean_sq = np.asarray(matrix.multiply(matrix).sum(axis=0)).reshape(-1) / n_rows
        sd = np.sqrt(np.maximum(mean_sq - mean**2, 0.0))
        keep = sd > 1e-9
        inv = np.where(keep, 1.0 / np.where(keep, sd, 1.0), 0.0)
        scaled = sp.csr_array(matrix @ sp.diags_array(inv))
        shift = mean * inv
        self_dot = np.asarray(scaled @ shift).reshape(-1)
        sq = np.asarray(scaled.multiply(scaled).sum(axis=1)).reshape(-1)
        norm = np.sqrt(np.maximum(sq - 2.0 * self_dot + float(shift @ shift), 0.0))
        norm = np.where(has_row & (norm > 1e-12), norm, 1.0)
        unit = None
        if matrix.shape[0] * int(keep.sum()) <= dense_limit:
            dense = np.asarray(scaled[:, keep].toarray(), np.float64) - shift[keep]
            unit = np.where(has_row[:, None], dense / norm[:, None], 0.0)
        return cls(
            scaled=scaled,
            shift=shift,
            has_row=has_row,
            self_dot=self_dot,
            norm=norm,
            unit=unit,
        )

    def cosine(self, rows: slice) -> FloatArray:
        """Cosine of the standardised ``rows`` against every row (0 where undefined: see
        ``has_row``)."""
        if self.unit is not None:
            return np.asarray(self.unit[rows] @ self.unit.T, np.float64)
        block = self.scaled[rows]
        dots = np.asarray((block @ self.scaled.T).toarray(), np.float64)
        dots -= self.self_dot[rows][:, None]
        dots -= self.self_dot[None, :]
        dots += float(self.shift @ self.shift)
        dots /= self.norm[rows][:, None] * self.norm[None, :]
        defined = self.has_row[rows][:, None] & self.has_row[None, :]
        return np.where(defined, dots, 0.0)

    def standardised(self, row: int) -> FloatArray:
        """One standardised row, dense (for explanations)."""
        dense = np.asarray(self.scaled[[row]].toarray(), np.float64).reshape(-1)
        return np.asarray((dense - self.shift) / self.norm[row], np.float64)


def top_mean(block: FloatArray, first_row: int, k: int, has: BoolArray) -> FloatArray:
    """Mean of each row's ``k`` highest values among the columns that have data (``has``),
    leaving out the row's own column."""
    work = np.where(has[None, :], block, -np.inf)
    idx = np.arange(block.shape[0])
    work[idx, first_row + idx] = -np.inf
    k = max(1, min(k, block.shape[1] - 1))
    top = -np.partition(-work, k - 1, axis=1)[:, :k]
    finite = np.isfinite(top)
    count = finite.sum(axis=1)
    total = np.where(finite, top, 0.0).sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


def adjusted_z(block: FloatArray, first_row: int, radius: FloatArray, has: BoolArray) -> FloatArray:
    """Hub-adjusted similarity ``2·s − r_candidate`` standardised within each row.

    The row's own radius would shift a whole row by a constant, which the z-score removes,
    so only the candidate's radius matters. Columns without data (``has`` False), rows
    without data and the row's own column become 0, i.e. "no evidence either way". Works in
    place on ``block``.
    """
    n_rows = block.shape[0]
    idx = np.arange(n_rows)
    own = first_row + idx
    mask = has.astype(np.float64)
    adjusted = block
    adjusted *= 2.0
    adjusted -= radius[None, :]
    adjusted *= mask[None, :]
    own_value = adjusted[idx, own]
    own_mask = mask[own]
    count = mask.sum() - own_mask
    total = adjusted.sum(axis=1) - own_value
    total_sq = np.einsum("ij,ij->i", adjusted, adjusted) - own_value**2
    safe = np.maximum(count, 1.0)
    mean = total / safe
    var = np.maximum(total_sq / safe - mean**2, 0.0)
    sd = np.sqrt(var)
    scale = np.where(
        (sd > 1e-12) & (count >= 2) & has[own], 1.0 / np.where(sd > 1e-12, sd, 1.0), 0.0
    )
    adjusted -= mean[:, None]
    adjusted *= scale[:, None]
    adjusted *= mask[None, :]
    adjusted[idx, own] = 0.0
    return adjusted
