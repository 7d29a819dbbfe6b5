"""Suggested role moves: other roles ranked by how alike the work is, explained.

**What ranks a move a → b.** A *symmetric* similarity of the two roles, built from four kinds
of evidence, each compared in its own space (see :mod:`trellis.engine.similarity`):

* ``profile`` (weight 1.0) — the full requirement profile: every rated element with its
  importance and level (``value = importance share × level share``, 0–1), standardised per
  element so that what everyone needs ("reading", "speaking") does not make every pair alike;
  cosine of the standardised profiles.
* ``text`` (weight 0.8) — the roles' titles (counted three times), alternate titles and
  descriptions, as rarity-weighted word vectors (TF-IDF); cosine. Slightly below the profile
  because word overlap is heavy-tailed: one shared rare word can look like strong evidence.
* ``tools`` (weight 0.4) — tools and technologies, weighted by rarity so that e-mail or a
  spreadsheet, which nearly every role lists, count little; cosine. Lower weight because
  tool lists are long and uneven.
* ``family`` (+0.5) when both roles are in the same job family.

Each similarity is hub-adjusted (a candidate close to *everything* is discounted by its own
neighbourhood density) and standardised within the row, so a component's weight means the
same for every role; components a pair cannot be compared on (a role without ratings) add
nothing either way. Then the level distance: a step back of two levels or more loses 0.5
per level beyond the first, and any distance beyond one level loses 0.2 per level (one level
either way is a normal move; a jump of three levels is rarely one).

**Why not readiness.** How much of b someone at a already covers is one-directional: a role
with a single requirement is "covered" from everywhere and ranked first for everyone, and
senior roles rank their juniors first. Coverage is therefore the *explanation* of a move
("you would already meet 14 of its 20 requirements"), never its rank.

Each move is labelled by level: ``promotion`` (b is more senior), ``step_back`` (less
senior), ``lateral`` (same level, same family) or ``exploratory`` (same level in another
family, or a level unknown). Ties go to the lower role index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from trellis.engine.similarity import (
    CentredRows,
    TermMatrix,
    adjusted_z,
    tfidf,
    tokens,
    top_mean,
)

MoveKind = Literal["promotion", "lateral", "step_back", "exploratory"]
Component = Literal["profile", "text", "tools", "family"]

WEIGHTS: Final[dict[str, float]] = {"profile": 1.0, "text": 0.8, "tools": 0.4, "family": 0.5}
STEP_BACK_PENALTY: Final = 0.5  # per level beyond the first, moving down
DISTANCE_PENALTY: Final = 0.2  # per level beyond the first, either way
TITLE_REPEAT: Final = 3
HUB_NEIGHBOURS: Final = 10
BLOCK_ROWS: Final = 512


@dataclass(frozen=True)
class RoleCatalog:
    """Plain description of ``n`` roles, as the apps' fetch step builds it.

    ``level`` 0 means unknown, ``family`` -1 none. ``ratings`` are (role, element, value)
    triples with ``value`` in 0–1 (importance × level shares); ``tools`` (role, tool) pairs.
    ``requirements`` are (role, skill, min_level, weight) rows used only to explain a move.
    """

    level: ArrayLike
    family: ArrayLike
    titles: Sequence[str]
    aliases: Sequence[Sequence[str]] = ()
    descriptions: Sequence[str] = ()
    rating_role: ArrayLike = ()
    rating_element: ArrayLike = ()
    rating_value: ArrayLike = ()
    n_elements: int = 0
    tool_role: ArrayLike = ()
    tool: ArrayLike = ()
    n_tools: int = 0
    req_role: ArrayLike = ()
    req_skill: ArrayLike = ()
    req_level: ArrayLike = ()
    req_weight: ArrayLike = ()


@dataclass(frozen=True)
class Move:
    """A suggested move with what it rests on and how much of it the origin already covers.

    ``contributions`` are the weighted, standardised evidence of each component (positive:
    pulls the roles together); ``shared_elements`` and ``shared_tools`` are indices of the
    profile elements and tools that contribute most, ``shared_terms`` the title and
    description words. ``coverage`` is readiness for ``to_role`` of someone exactly at
    ``from_role``'s minimum levels (importance-weighted, partial credit below the minimum);
    ``met``/``partial``/``missing`` list ``to_role``'s requirement skills accordingly.
    """

    from_role: int
    to_role: int
    rank: int
    score: float
    kind: MoveKind
    contributions: dict[str, float]
    shared_elements: tuple[int, ...] = ()
    shared_terms: tuple[str, ...] = ()
    shared_tools: tuple[int, ...] = ()
    coverage: float = 0.0
    met: tuple[int, ...] = ()
    partial: tuple[int, ...] = ()
    missing: tuple[int, ...] = ()

    @property
    def basis(self) -> tuple[str, ...]:
        """The components this suggestion rests on, strongest first."""
        positive = [(v, k) for k, v in self.contributions.items() if v > 0.05]
        return tuple(k for _, k in sorted(positive, reverse=True))


@dataclass
class MoveIndex:
    """Everything needed to rank one role's moves in milliseconds, built once per catalog."""

    n: int
    level: NDArray[np.int64]
    family: NDArray[np.int64]
    profile: CentredRows
    text: TermMatrix
    tools: TermMatrix
    radius: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    requirements: list[dict[int, tuple[int, float]]] = field(default_factory=list)

    # -----------------------------------------------------------------------------------
    # Building
    # -----------------------------------------------------------------------------------

    @classmethod
    def build(cls, catalog: RoleCatalog) -> MoveIndex:
        level = np.asarray(catalog.level, np.int64).reshape(-1)
        n = level.shape[0]
        family = np.asarray(catalog.family, np.int64).reshape(-1)
        if family.shape[0] != n or len(catalog.titles) != n:
            raise ValueError("level, family and titles must have one entry per role")
        ratings = sp.csr_array(
            (
                np.asarray(catalog.rating_value, np.float64).reshape(-1),
                (
                    np.asarray(catalog.rating_role, np.int64).reshape(-1),
                    np.asarray(catalog.rating_element, np.int64).reshape(-1),
                ),
            ),
            shape=(n, catalog.n_elements),
        )
        ratings.sum_duplicates()
        ratings.eliminate_zeros()
        tool_role = np.asarray(catalog.tool_role, np.int64).reshape(-1)
        tool_ids = np.asarray(catalog.tool, np.int64).reshape(-1)
        tool_docs: list[dict[str, float]] = [{} for _ in range(n)]
        for r, t in zip(tool_role.tolist(), tool_ids.tolist(), strict=True):
            tool_docs[r][str(t)] = 1.0
        index = cls(
            n=n,
            level=level,
            family=family,
            profile=CentredRows.build(ratings),
            text=tfidf([_role_words(catalog, i) for i in range(n)]),
            tools=tfidf(tool_docs, damp=False),
            requirements=_requirements(catalog, n),
        )
        index.radius = index._radii()
        return index

    def _radii(self) -> dict[str, NDArray[np.float64]]:
        radius = {name: np.zeros(self.n) for name in ("profile", "text", "tools")}
        for start in range(0, self.n, BLOCK_ROWS):
            rows = slice(start, min(start + BLOCK_ROWS, self.n))
            for name, block in self._similarities(rows).items():
                radius[name][rows] = top_mean(block, start, HUB_NEIGHBOURS, self._has(name))
        return radius

    def _similarities(self, rows: slice) -> dict[str, NDArray[np.float64]]:
        return {
            "profile": self.profile.cosine(rows),
            "text": self.text.gram(rows),
            "tools": self.tools.gram(rows),
        }

    def _has(self, name: str) -> NDArray[np.bool_]:
        """Which roles have data for a component."""
        if name == "profile":
            return self.profile.has_row
        return self.text.has_row if name == "text" else self.tools.has_row

    # -----------------------------------------------------------------------------------
    # Ranking
    # -----------------------------------------------------------------------------------

    def _parts(self, rows: slice) -> dict[str, NDArray[np.float64]]:
        """Weighted evidence per component for ``rows`` × every role."""
        parts = {
            name: WEIGHTS[name] * adjusted_z(block, rows.start, self.radius[name], self._has(name))
            for name, block in self._similarities(rows).items()
        }
        fam = self.family[rows][:, None]
        parts["family"] = WEIGHTS["family"] * ((fam == self.family[None, :]) & (fam >= 0))
        parts["level"] = self._level_penalty(rows)
        return parts

    def _level_penalty(self, rows: slice) -> NDArray[np.float64]:
        # A small table of (from level, to level) penalties, gathered for the block.
        top = int(self.level.max(initial=0)) + 1
        a = np.arange(top)[:, None]
        b = np.arange(top)[None, :]
        diff = (b - a).astype(np.float64)
        table = STEP_BACK_PENALTY * np.clip(-diff - 1, 0, None)
        table += DISTANCE_PENALTY * np.clip(np.abs(diff) - 1, 0, None)
        table[0, :] = table[:, 0] = 0.0  # a level unknown: no penalty
        levels = np.clip(self.level, 0, None)
        return np.asarray(-table[levels[rows]][:, levels], np.float64)

    def _scores(
        self, rows: slice, parts: dict[str, NDArray[np.float64]] | None = None
    ) -> NDArray[np.float64]:
        total = sum((parts or self._parts(rows)).values())
        scores = np.asarray(total, np.float64)
        idx = np.arange(scores.shape[0])
        scores[idx, rows.start + idx] = -np.inf
        return scores

    def ranked(self, role: int, *, k: int = 10) -> list[tuple[int, float]]:
        """``role``'s top-``k`` other roles as (index, score), best first, ties to the lower
        index."""
        scores = self._scores(slice(role, role + 1))[0]
        return _top(scores, k)

    def all_ranked(self, *, k: int = 10) -> list[list[tuple[int, float]]]:
        """:meth:`ranked` for every role, a block of rows at a time (memory stays
        ``BLOCK_ROWS × n``)."""
        out: list[list[tuple[int, float]]] = []
        for start in range(0, self.n, BLOCK_ROWS):
            block = self._scores(slice(start, min(start + BLOCK_ROWS, self.n)))
            out.extend(_top(row, k) for row in block)
        return out

    def moves(self, role: int, *, k: int = 10) -> list[Move]:
        """``role``'s top-``k`` moves with their explanations."""
        rows = slice(role, role + 1)
        parts = self._parts(rows)
        ranked = _top(self._scores(rows, parts)[0], k)
        return [
            self._explain(role, other, parts, rank=i + 1, score=score)
            for i, (other, score) in enumerate(ranked)
        ]

    # -----------------------------------------------------------------------------------
    # Explaining
    # -----------------------------------------------------------------------------------

    def kind(self, a: int, b: int) -> MoveKind:
        la, lb = int(self.level[a]), int(self.level[b])
        if la <= 0 or lb <= 0:
            return "exploratory"
        if lb > la:
            return "promotion"
        if lb < la:
            return "step_back"
        same_family = self.family[a] >= 0 and self.family[a] == self.family[b]
        return "lateral" if same_family else "exploratory"

    def explain(self, a: int, b: int) -> Move:
        """The move a → b explained, wherever b ranks (rank 0: not ranked)."""
        parts = self._parts(slice(a, a + 1))
        return self._explain(a, b, parts, rank=0, score=float(sum(p[0, b] for p in parts.values())))

    def _explain(
        self, a: int, b: int, parts: dict[str, NDArray[np.float64]], *, rank: int, score: float
    ) -> Move:
        contributions = {name: round(float(part[0, b]), 4) for name, part in parts.items()}
        coverage, met, partial, missing = self.coverage(a, b)
        return Move(
            from_role=a,
            to_role=b,
            rank=rank,
            score=round(score, 4),
            kind=self.kind(a, b),
            contributions=contributions,
            shared_elements=self._shared_elements(a, b),
            shared_terms=_shared(self.text, a, b),
            shared_tools=tuple(int(t) for t in _shared(self.tools, a, b)),
            coverage=coverage,
            met=met,
            partial=partial,
            missing=missing,
        )

    def _shared_elements(self, a: int, b: int, top: int = 5) -> tuple[int, ...]:
        if not (self.profile.has_row[a] and self.profile.has_row[b]):
            return ()
        za, zb = self.profile.standardised(a), self.profile.standardised(b)
        both = np.where((za > 0) & (zb > 0), za * zb, 0.0)
        order = np.argsort(-both, kind="stable")[:top]
        return tuple(int(e) for e in order if both[e] > 0)

    def coverage(
        self, a: int, b: int
    ) -> tuple[float, tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """Readiness for b of someone at a's minimum levels, with b's skills split into met,
        partial and missing (see :class:`Move`)."""
        have = self.requirements[a] if a < len(self.requirements) else {}
        want = self.requirements[b] if b < len(self.requirements) else {}
        met, partial, missing = [], [], []
        credit = total = 0.0
        for skill, (minimum, weight) in sorted(want.items()):
            level = have.get(skill, (0, 0.0))[0]
            total += weight
            if level >= minimum:
                met.append(skill)
                credit += weight
            elif level > 0:
                partial.append(skill)
                credit += weight * level / minimum
            else:
                missing.append(skill)
        share = credit / total if total > 0 else 0.0
        return round(share, 4), tuple(met), tuple(partial), tuple(missing)


def _role_words(catalog: RoleCatalog, i: int) -> list[str]:
    words = tokens(catalog.titles[i]) * TITLE_REPEAT
    if i < len(catalog.aliases):
        for alias in catalog.aliases[i]:
            words.extend(tokens(alias))
    if i < len(catalog.descriptions):
        words.extend(tokens(catalog.descriptions[i]))
    return words


def _requirements(catalog: RoleCatalog, n: int) -> list[dict[int, tuple[int, float]]]:
    out: list[dict[int, tuple[int, float]]] = [{} for _ in range(n)]
    roles = np.asarray(catalog.req_role, np.int64).reshape(-1).tolist()
    skills = np.asarray(catalog.req_skill, np.int64).reshape(-1).tolist()
    levels = np.asarray(catalog.req_level, np.int64).reshape(-1).tolist()
    weights = np.asarray(catalog.req_weight, np.float64).reshape(-1)
    if weights.shape[0] != len(roles):
        weights = np.ones(len(roles))
    for r, s, m, w in zip(roles, skills, levels, weights.tolist(), strict=True):
        if m > 0:
            out[r][s] = (m, w)
    return out


def _top(scores: NDArray[np.float64], k: int) -> list[tuple[int, float]]:
    finite = np.flatnonzero(np.isfinite(scores))
    if finite.size == 0 or k <= 0:
        return []
    values = np.round(scores[finite], 9)
    if finite.size > k:
        # Keep everything tied with the k-th best so that the tie rule below is exact.
        kth = np.partition(-values, k - 1)[k - 1]
        keep = -values <= kth
        finite, values = finite[keep], values[keep]
    order = np.lexsort((finite, -values))[:k]
    return [(int(finite[i]), float(scores[finite[i]])) for i in order]


def _shared(terms: TermMatrix, a: int, b: int, top: int = 5) -> tuple[str, ...]:
    row_a, row_b = terms.matrix[[a]], terms.matrix[[b]]
    both = sp.csr_array(row_a.multiply(row_b))
    if both.nnz == 0:
        return ()
    values = np.asarray(both.data)
    cols = np.asarray(both.indices)
    order = np.lexsort((cols, -values))[:top]
    return tuple(terms.terms[int(cols[i])] for i in order)
