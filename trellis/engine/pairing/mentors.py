"""Mentors to mentees: the assignment of greatest total teaching value under capacities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import linprog

from trellis.engine.arrays import FloatArray, IntArray, ranges
from trellis.engine.data import EngineState
from trellis.engine.pairing.weights import FULL_CREDIT_GAP, Learning, learning

# Rounds of simultaneous bids before the path search (see _bid_rounds).
BID_ROUNDS: Final = 30


def mentor_weights(
    state: EngineState,
    mentees: IntArray,
    mentors: IntArray,
    *,
    learn: Learning | None = None,
    exclude_same_unit: bool = True,
) -> NDArray[np.float64]:
    """teach(mentor → mentee) for every pair: mentees × mentors (0 for oneself / same unit).

    Without ``learn``, only the mentees' learning rows are built (not everyone's)."""
    if learn is None:
        learn, rows = learning(state, mentees), np.arange(mentees.shape[0])
    else:
        rows = np.asarray(mentees, np.int64)
    levels = state.levels[mentors].toarray().astype(np.float64)
    m = learn.matrix
    out = np.zeros((mentees.shape[0], mentors.shape[0]))
    for lo in range(0, mentees.shape[0], 2048):
        chunk = rows[lo : lo + 2048]
        starts = m.indptr[chunk].astype(np.int64)
        lens = m.indptr[chunk + 1].astype(np.int64) - starts
        entry = ranges(starts, lens)
        skill = m.indices[entry]
        gain = np.clip(levels[:, skill] - learn.level[entry][None, :], 0, FULL_CREDIT_GAP)
        gain *= (m.data[entry] / FULL_CREDIT_GAP)[None, :]
        owner = sp.csr_array(
            (
                np.ones(entry.shape[0]),
                (np.repeat(np.arange(chunk.shape[0]), lens), np.arange(entry.shape[0])),
            ),
            shape=(chunk.shape[0], entry.shape[0]),
        )
        out[lo : lo + chunk.shape[0]] = owner @ gain.T
    out[mentees[:, None] == mentors[None, :]] = 0.0
    if exclude_same_unit:
        out[state.unit[mentees][:, None] == state.unit[mentors][None, :]] = 0.0
    return out


@dataclass(frozen=True)
class MentorAssignment:
    """Optimal mentor per mentee (-1 if none helps) under mentor capacities.

    ``upper_bound`` is the objective of a feasible dual solution (a bound no assignment can
    beat): ``upper_bound - total`` is zero, up to float rounding, when the assignment is proven
    optimal. ``lp_solves`` and ``candidate_edges`` describe the LP method (zero otherwise).
    """

    mentor_of: IntArray
    weight: FloatArray
    total: float
    lp_solves: int
    candidate_edges: int
    upper_bound: float = float("nan")

    def mentees_of(self, mentor: int) -> list[int]:
        return np.flatnonzero(self.mentor_of == mentor).tolist()


MentorMethod = Literal["shortest_paths", "lp"]


def assign_mentors(
    state: EngineState,
    mentees: IntArray,
    mentors: IntArray,
    capacity: IntArray,
    *,
    candidates: int = 16,
    exclude_same_unit: bool = True,
    method: MentorMethod = "shortest_paths",
) -> MentorAssignment:
    """Maximum total teach(mentor → mentee), each mentee ≤ 1 mentor, mentor i ≤ capacity[i].

    The figure maximised is the sum of :func:`teach` over the chosen pairs (see there for what it
    includes); pairs of the same unit (when ``exclude_same_unit``) and a person with themself
    weigh 0 and are never chosen. ``mentor_of`` holds positions in ``mentors``.

    ``method="shortest_paths"`` (default) adds mentees one at a time along shortest augmenting
    paths between mentors (see :func:`_assign_by_paths`): exact, with a dual certificate in
    ``upper_bound``. ``method="lp"`` solves the transportation LP with SciPy's HiGHS on each
    mentee's best ``candidates`` mentors and adds pairs the duals price as profitable until
    none is left; much slower, kept as an independent check.
    """
    mentees = np.asarray(mentees, np.int64)
    mentors = np.asarray(mentors, np.int64)
    cap = np.asarray(capacity, np.int64)
    weights = mentor_weights(state, mentees, mentors, exclude_same_unit=exclude_same_unit)
    if method == "lp":
        return _assign_by_lp(weights, cap.astype(np.float64), candidates)
    return assign_from_weights(weights, cap)


def assign_from_weights(weights: FloatArray, capacity: IntArray) -> MentorAssignment:
    """The exact capacitated assignment of :func:`assign_mentors` on given weights
    (mentees × mentors, 0 where a pair must not be chosen), with its dual bound."""
    cap = np.asarray(capacity, np.int64)
    n_e, n_m = weights.shape
    if n_m == 0 or n_e == 0:
        mentor_of = np.full(n_e, -1, np.int64)
        return MentorAssignment(mentor_of, np.zeros(n_e), 0.0, 0, 0, 0.0)
    mentor_of, price = _assign_by_paths(weights, cap)
    w = np.where(mentor_of >= 0, weights[np.arange(n_e), np.maximum(mentor_of, 0)], 0.0)
    # A zero-weight pair adds nothing (an augmenting path may park someone there): drop it.
    mentor_of[w <= 0] = -1
    w[w <= 0] = 0.0
    gain = np.maximum((weights - price[None, :]).max(axis=1), 0.0)
    bound = float(gain.sum() + (cap * price).sum())
    return MentorAssignment(
        mentor_of=mentor_of,
        weight=w,
        total=float(w.sum()),
        lp_solves=0,
        candidate_edges=0,
        upper_bound=bound,
    )


class _Seats:
    """Who sits with which mentor, and the moves the shortest-path search reads.

    ``move[j, k]`` is the cheapest cost of moving one of j's mentees to k
    (``min over j's mentees of w[., j] − w[., k]``) and ``mover[j, k]`` that mentee;
    ``drop_w[j]``/``dropped[j]`` the weight and index of j's weakest mentee.
    """

    def __init__(self, weights: FloatArray, cap: IntArray) -> None:
        n_e, n_m = weights.shape
        self.weights = weights
        self.cap = cap
        self.mentor_of = np.full(n_e, -1, np.int64)
        self.members: list[list[int]] = [[] for _ in range(n_m)]
        self.move = np.full((n_m, n_m), np.inf)
        self.mover = np.full((n_m, n_m), -1, np.int64)
        self.drop_w = np.full(n_m, np.inf)
        self.dropped = np.full(n_m, -1, np.int64)
        self.full = cap <= 0
        self.cols = np.arange(n_m)

    def reseat(self) -> None:
        """Rebuild who sits where from ``mentor_of``, and every mentor's moves."""
        self.members = [[] for _ in range(self.cap.shape[0])]
        for i in np.flatnonzero(self.mentor_of >= 0).tolist():
            self.members[int(self.mentor_of[i])].append(i)
        for j in range(self.cap.shape[0]):
            self.refresh(j)

    def refresh(self, j: int) -> None:
        group = self.members[j]
        self.full[j] = len(group) >= self.cap[j]
        if not group:
            self.move[j] = np.inf
            self.drop_w[j] = np.inf
            return
        sub = self.weights[group]
        col = sub[:, j].copy()
        # diff[m, k] = w[m, j] - w[m, k], in place of the gathered rows.
        np.subtract(col[:, None], sub, out=sub)
        best = sub.argmin(axis=0)
        move = self.move[j]
        move[:] = sub[best, self.cols]
        move[j] = np.inf
        self.mover[j] = np.asarray(group, np.int64)[best]
        low = int(col.argmin())
        self.drop_w[j] = col[low]
        self.dropped[j] = group[low]

    def add(self, i: int, j: int) -> None:
        """Seat mentee i at mentor j (which has a free seat), updating j's moves in place."""
        self.members[j].append(i)
        self.mentor_of[i] = j
        self.full[j] = len(self.members[j]) >= self.cap[j]
        row = self.weights[i]
        diff = row[j] - row
        diff[j] = np.inf
        # Strictly better only: on ties the earlier member stays, as argmin over the group.
        better = diff < self.move[j]
        self.move[j, better] = diff[better]
        self.mover[j, better] = i
        if row[j] < self.drop_w[j]:
            self.drop_w[j] = row[j]
            self.dropped[j] = i

    def seat(self, i: int, path: list[int]) -> None:
        """Seat mentee i with path[0], each mover along the path one step on, and drop the
        weakest mentee of the last mentor when it is full."""
        last = path[-1]
        if len(path) == 1 and not self.full[last]:
            self.add(i, last)
            return
        if self.full[last]:
            out = int(self.dropped[last])
            self.members[last].remove(out)
            self.mentor_of[out] = -1
        for t in range(len(path) - 1, 0, -1):
            a, b = path[t - 1], path[t]
            m = int(self.mover[a, b])
            self.members[a].remove(m)
            self.members[b].append(m)
            self.mentor_of[m] = b
        self.members[path[0]].append(i)
        self.mentor_of[i] = path[0]
        for j in set(path):
            self.refresh(j)


def _shortest_path(
    seats: _Seats, price: FloatArray, row: FloatArray, tol: float
) -> tuple[list[int], FloatArray, float]:
    """The cheapest way to seat a mentee with weights ``row``: the path over mentors (empty
    when staying single is cheapest), the distances reached and the cost of the best ending."""
    n_m = price.shape[0]
    cols = seats.cols
    # The search runs on dist - price (``low``), where a move j -> k costs move[j, k] alone.
    low = -row
    gain = -float((low + price).min())
    if gain <= 0:
        return [], price - row, np.inf
    low += gain
    pred = np.full(n_m, -1, np.int64)
    # Cost of ending at a mentor, from ``low``: dropping its weakest pair, or 0 at a free seat.
    end_low = np.where(seats.full, seats.drop_w, 0.0)
    total = low + end_low
    end = int(total.argmin())
    best_end = float(total[end])
    if best_end >= gain:
        best_end, end = gain, -1
    # dist < best_end, that is low < best_end - price.
    reach = best_end - price
    front = np.flatnonzero(low < reach)
    while front.size:
        cand = seats.move[front] + low[front][:, None]
        arg = cand.argmin(axis=0)
        new = cand[arg, cols]
        # Strictly better beyond rounding: zero-cost cycles (ties) must not loop.
        better = np.flatnonzero(new < low - tol)
        if better.size == 0:
            break
        low[better] = new[better]
        pred[better] = front[arg[better]]
        ends = low[better] + end_low[better]
        k = int(ends.argmin())
        if ends[k] < best_end:
            best_end, end = float(ends[k]), int(better[k])
            reach = best_end - price
        front = better[low[better] < reach[better]]
    dist = low + price
    if end < 0:
        return [], dist, best_end
    path = [end]
    while pred[path[-1]] >= 0:
        path.append(int(pred[path[-1]]))
        if len(path) > n_m:
            raise RuntimeError("mentor assignment: augmenting path does not end")
    path.reverse()
    return path, dist, best_end


def _bid_rounds(seats: _Seats, price: FloatArray, order: IntArray, rounds: int) -> IntArray:
    """Seat mentees in rounds of simultaneous bids at exact prices; returns those left for the
    path search, in ``order``.

    Each round, everyone unseated names their best mentor at the current prices (those no
    mentor is worth anything to are dropped: prices only rise, so that stays so). A mentor
    keeps, among its mentees and its bidders, the ``capacity`` whose margin over their next
    best (staying single counts as 0) is largest, ties to the earlier in ``order``; when more
    wanted a seat, its price rises by the margin of the best turned away, who bids again in
    the next round. The kept still prefer their mentor (their margin was at least the rise,
    and other prices only rose) and a price rises only on a full mentor, so the seated and the
    prices are an optimal assignment of the seated, as the path search requires. Rounds stop
    when one seats nobody new (later rounds only bid prices up, slowly, where the path search
    is quicker), or after ``rounds``.
    """
    weights, cap = seats.weights, seats.cap
    n_m = weights.shape[1]
    mentor_of = seats.mentor_of
    priority = np.empty(weights.shape[0], np.int64)
    priority[order] = np.arange(order.shape[0])
    left = order
    for _ in range(rounds):
        free = np.bincount(mentor_of[mentor_of >= 0], minlength=n_m) < cap
        want, margin = _bids(weights, price, left, free)
        left, want, margin = left[margin >= 0], want[margin >= 0], margin[margin >= 0]
        if left.size == 0:
            break
        asked = np.zeros(n_m, np.bool_)
        asked[want] = True
        held = np.flatnonzero(mentor_of >= 0)
        held = held[asked[mentor_of[held]]]
        people = np.concatenate([held, left])
        mentor = np.concatenate([mentor_of[held], want])
        margin = np.concatenate([_margins(weights, price, held, mentor_of[held]), margin])
        by = np.lexsort((priority[people], -margin, mentor))
        people, mentor, margin = people[by], mentor[by], margin[by]
        counts = np.bincount(mentor, minlength=n_m)
        start = np.cumsum(counts) - counts
        kept = np.arange(people.shape[0]) - np.repeat(start, counts) < cap[mentor]
        over = np.flatnonzero(counts > cap)
        rise = np.maximum(margin[start[over] + cap[over]], 0.0)
        seated_before = held.shape[0]
        mentor_of[people[~kept]] = -1
        mentor_of[people[kept]] = mentor[kept]
        price[over] += rise
        left = people[~kept]
        left = left[np.argsort(priority[left])]
        if np.count_nonzero(kept) == seated_before:
            break
    seats.reseat()
    return left


def _bids(
    weights: FloatArray, price: FloatArray, people: IntArray, free: NDArray[np.bool_]
) -> tuple[IntArray, FloatArray]:
    """Each person's best mentor at ``price`` (on a tie, one with a free seat first: either
    is best, and a free seat ends the contest) and their margin there (see :func:`_margins`)."""
    values = weights[people] - price[None, :]
    at_best = values >= values.max(axis=1, initial=-np.inf)[:, None]
    chosen = np.argmax(at_best.astype(np.int8) + (at_best & free[None, :]), axis=1)
    return chosen, _margins_of(values, chosen)


def _margins(
    weights: FloatArray, price: FloatArray, people: IntArray, mentor: IntArray
) -> FloatArray:
    """Each person's margin at ``mentor`` over their next best at ``price``, staying single
    counting as 0; -1 for those no mentor is worth anything to."""
    return _margins_of(weights[people] - price[None, :], mentor)


def _margins_of(values: FloatArray, chosen: IntArray) -> FloatArray:
    rows = np.arange(values.shape[0])
    best = values[rows, chosen]
    values[rows, chosen] = -np.inf
    margin: FloatArray = best - np.maximum(values.max(axis=1, initial=-np.inf), 0.0)
    margin[best <= 0] = -1.0
    return margin


def _assign_by_paths(weights: FloatArray, cap: IntArray) -> tuple[IntArray, FloatArray]:
    """Exact capacitated assignment by successive shortest augmenting paths.

    Most mentees are seated in rounds of simultaneous bids first, which leave an optimal
    assignment of those seated with its prices (see :func:`_bid_rounds`); the others are
    added one at a time (best first). Mentor prices ``v`` (the duals of the capacity rows)
    keep every reduced cost non-negative, so the cheapest way to fit the new mentee in is a
    shortest path over *mentors*: enter mentor j0, move one of its mentees to j1, ..., and
    end at a free seat or by dropping one mentee. Moving a mentee from j to k costs
    ``D[j, k] = min over j's mentees of (w[., j] − w[., k])``, which depends only on who is
    where, so only the rows of mentors on the path change after each step; the path search
    is label-correcting over whole frontiers (vectorised) and stops at nodes no cheaper than
    the best ending found. After each step prices rise by how much closer a mentor was than
    the ending, which keeps the assignment optimal for the mentees added so far. Returns
    ``mentor_of`` and the prices, from which the caller builds the dual bound.
    """
    n_e, n_m = weights.shape
    price = np.zeros(n_m)
    seats = _Seats(weights, cap)
    tol = 1e-12 * (1.0 + float(np.abs(weights).max(initial=0.0)))
    order = np.lexsort((np.arange(n_e), -weights.max(axis=1)))
    for i in _bid_rounds(seats, price, order, BID_ROUNDS).tolist():
        path, dist, best_end = _shortest_path(seats, price, weights[i], tol)
        if best_end == np.inf:
            continue
        closer = dist < best_end
        price[closer] += best_end - dist[closer]
        if path:
            seats.seat(i, path)
    return seats.mentor_of, price


def _assign_by_lp(weights: FloatArray, cap: FloatArray, candidates: int) -> MentorAssignment:
    n_e, n_m = weights.shape
    d = min(candidates, n_m)
    top = np.argpartition(-weights, d - 1, axis=1)[:, :d] if n_m else np.zeros((n_e, 0), np.int64)
    chosen = np.zeros(weights.shape, np.bool_)
    chosen[np.repeat(np.arange(n_e), top.shape[1]), top.reshape(-1)] = True
    chosen &= weights > 0
    solves = 0
    while True:
        rows, cols = np.nonzero(chosen)
        x, duals = _transport_lp(weights[rows, cols], rows, cols, n_e, n_m, cap)
        solves += 1
        u, v = duals[:n_e], duals[n_e:]
        violated = (weights > u[:, None] + v[None, :] + 1e-9) & ~chosen & (weights > 0)
        if not violated.any():
            break
        chosen |= violated
    take = x > 0.5
    mentor_of = np.full(n_e, -1, np.int64)
    mentor_of[rows[take]] = cols[take]
    w = np.where(mentor_of >= 0, weights[np.arange(n_e), np.maximum(mentor_of, 0)], 0.0)
    return MentorAssignment(
        mentor_of=mentor_of,
        weight=w,
        total=float(w.sum()),
        lp_solves=solves,
        candidate_edges=int(rows.shape[0]),
        upper_bound=float(np.maximum(u, 0).sum() + (cap * np.maximum(v, 0)).sum()),
    )


def _transport_lp(
    w: FloatArray, rows: IntArray, cols: IntArray, n_e: int, n_m: int, cap: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Solve max Σ w x, Σ_mentee-row x ≤ 1, Σ_mentor-col x ≤ cap, x ≥ 0; return x and duals."""
    k = w.shape[0]
    if k == 0:
        return np.zeros(0), np.zeros(n_e + n_m)
    a = sp.csr_array(
        (np.ones(2 * k), (np.concatenate([rows, n_e + cols]), np.tile(np.arange(k), 2))),
        shape=(n_e + n_m, k),
    )
    b = np.concatenate([np.ones(n_e), cap])
    res = linprog(-w, A_ub=a, b_ub=b, bounds=(0, None), method="highs-ipm")
    if res.status != 0:
        raise RuntimeError(f"mentor assignment LP failed: {res.message}")
    x = res.x
    if np.any(np.abs(x - np.round(x)) > 1e-6):
        raise RuntimeError("mentor assignment LP returned a fractional vertex")
    return np.round(x), -np.asarray(res.ineqlin.marginals)
