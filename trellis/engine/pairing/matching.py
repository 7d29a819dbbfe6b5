"""Heavy matchings of a weighted graph, each with an upper bound on the optimum.

Exact blossom matching is cubic in pure Python; these solvers combine the fractional matching
LP, rounding, local improvement and, when needed, a small integer program (see
:func:`match_graph`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from trellis.engine.arrays import FloatArray, IntArray
from trellis.engine.pairing.graph import Graph


@dataclass(frozen=True)
class GraphMatching:
    """A matching on a graph: ``mate[i]`` (-1 if single), total weight and an upper bound."""

    mate: IntArray
    weight: float
    upper_bound: float

    @property
    def gap(self) -> float:
        """Largest possible shortfall from the optimum on the same graph, as a fraction."""
        return 0.0 if self.upper_bound <= 0 else 1.0 - self.weight / self.upper_bound

    def pairs(self) -> list[tuple[int, int]]:
        idx = np.flatnonzero(self.mate > np.arange(self.mate.shape[0]))
        return list(zip(idx.tolist(), self.mate[idx].tolist(), strict=True))


# Up to this many edges the LP relaxation is solved (SciPy's sparse LAPJV on the double cover
# stalls for minutes on a 10,000-person graph of ~80,000 edges); beyond, greedy + local search.
EXACT_EDGES: Final = 30_000
# Buddy rounds accept a matching within this fraction of the LP bound without the exact program.
BUDDY_TOLERANCE: Final = 0.005
_EXACT_SECONDS: Final = 0.2
# Up to this many edges (beyond EXACT_EDGES) HiGHS's dual simplex solves the LP relaxation:
# about 70,000 edges at 10,000 people, where its vertex is integral but for a few half edges.
LP_EDGES: Final = 200_000
# Beyond this many edges local improvement makes a single pass.
LARGE_EDGES: Final = 200_000
# Subgradient steps on the Lagrangian bound of large graphs (each is a few passes over edges).
BOUND_STEPS: Final = 150


def match_graph(
    graph: Graph,
    *,
    passes: int = 4,
    exact_edges: int = EXACT_EDGES,
    tolerance: float = 0.0,
    bound_steps: int = BOUND_STEPS,
    lp_edges: int = LP_EDGES,
) -> GraphMatching:
    """A heavy matching with an upper bound: LP relaxation, rounding, local improvement.

    Exact blossom matching is cubic in pure Python. Instead: (1) the fractional matching LP
    (Σ x over a node's edges ≤ 1) is solved exactly as a bipartite assignment on the graph's
    double cover (SciPy's sparse LAPJV); its optimum is the upper bound, and its solution is
    half-integral: whole edges plus cycles at one half. (2) Whole edges are kept and each cycle
    contributes its best matching. (3) Local improvement: each non-matching edge (u, v) is tried
    in weight order — u and v leave their mates, who are re-paired with each other or with
    their best single neighbour — and kept when the total grows. When the LP solution has
    half cycles and (1)-(3) leave more than ``tolerance`` (a fraction of the LP bound) on the
    table, an integer program (HiGHS) finishes the job exactly. Graphs with more than
    ``exact_edges`` edges skip (1)-(2) (the assignment solver slows down badly at that size):
    up to ``lp_edges`` edges HiGHS's dual simplex solves the same LP (its optimum is the
    bound), whose whole edges and then fractional support are taken greedily, then (3);
    beyond, greedy by weight, then (3), with a feasible dual of the LP as the bound, tightened
    by ``bound_steps`` subgradient steps on the Lagrangian bound (see
    :func:`lagrangian_bound`); beyond ``LARGE_EDGES`` edges (3) makes one pass.
    Every bound is a bound of the problem on this graph, not over all pairs of people.
    """
    n = graph.n
    order = np.lexsort((graph.v, graph.u, -graph.w))
    us, vs, ws = graph.u[order], graph.v[order], graph.w[order]
    if us.size == 0:
        return GraphMatching(mate=np.full(n, -1, np.int64), weight=0.0, upper_bound=0.0)
    adj_ptr, adj_node, adj_w = _adjacency(n, us, vs, ws)
    weight_of = dict(zip((us * n + vs).tolist(), ws.tolist(), strict=True))
    dual: FloatArray | None = None
    if us.size <= exact_edges:
        succ, bound = _fractional_matching(n, us, vs, ws)
        mate, mw, fractional = _round_cycles(n, succ, weight_of)
        exact = None
        if fractional:
            _improve(mate, mw, us, vs, ws, adj_ptr, adj_node, adj_w, weight_of, passes)
            if _total(mate, mw) < (1.0 - tolerance) * bound - 1e-12:
                exact = _exact_matching(n, us, vs, ws)
        if exact is not None:
            mate, mw = exact
            bound = float(sum(mw)) / 2
    elif us.size <= lp_edges and (lp := _lp_matching(n, us, vs, ws)) is not None:
        mate, mw, bound = lp
    else:
        mate, mw = _greedy(n, us, vs, ws)
        if us.size > LARGE_EDGES:
            # Later passes add under 0.2% at 100,000 people and cost a full pass each.
            passes = min(passes, 1)
        dual = _dual_bound(n, adj_ptr, adj_node, adj_w)
        bound = float(dual.sum())
    _improve(mate, mw, us, vs, ws, adj_ptr, adj_node, adj_w, weight_of, passes)
    total = _total(mate, mw)
    if dual is not None and bound_steps > 0:
        bound = min(bound, lagrangian_bound(graph, dual, total, bound_steps))
    return GraphMatching(
        mate=np.asarray(mate, np.int64), weight=total, upper_bound=max(bound, total)
    )


def _lp_matching(
    n: int, us: IntArray, vs: IntArray, ws: FloatArray
) -> tuple[list[int], list[float], float] | None:
    """The fractional matching LP (Σ x over a node's edges ≤ 1, 0 ≤ x ≤ 1) by HiGHS's dual
    simplex: its whole edges, the rest of its support taken greedily by weight, and the LP
    optimum as the bound. None when the solver does not finish."""
    k = us.shape[0]
    a = sp.csr_array(
        (np.ones(2 * k), (np.concatenate([us, vs]), np.tile(np.arange(k), 2))), shape=(n, k)
    )
    res = linprog(-ws, A_ub=a, b_ub=np.ones(n), bounds=(0, 1), method="highs-ds")
    if res.status != 0 or res.x is None:
        return None
    x = np.asarray(res.x)
    mate = [-1] * n
    mw = [0.0] * n
    # Edges arrive heaviest first: whole edges, then the fractional support greedily.
    for e in np.concatenate(
        [np.flatnonzero(x > 1 - 1e-6), np.flatnonzero((x > 1e-6) & (x <= 1 - 1e-6))]
    ).tolist():
        u, v, w = int(us[e]), int(vs[e]), float(ws[e])
        if mate[u] < 0 and mate[v] < 0:
            mate[u], mate[v], mw[u], mw[v] = v, u, w, w
    return mate, mw, float(-res.fun)


def _total(mate: list[int], mw: list[float]) -> float:
    mate_arr = np.asarray(mate, np.int64)
    return float(np.asarray(mw)[mate_arr > np.arange(mate_arr.shape[0])].sum())


def _fractional_matching(
    n: int, us: IntArray, vs: IntArray, ws: FloatArray
) -> tuple[list[int], float]:
    """Optimal fractional matching as a permutation of the nodes (the double cover's matching).

    Arc x → succ[x] carries half an edge; x → x means x stays single. Returns the arcs and the
    LP optimum (half the double cover's weight).
    """
    top = float(ws.max()) + 1.0
    # Costs top - w > 0 on edges and top on the diagonal: minimising cost maximises weight.
    rows = np.concatenate([us, vs, np.arange(n)])
    cols = np.concatenate([vs, us, np.arange(n)])
    cost = np.concatenate([top - ws, top - ws, np.full(n, top)])
    biadj = sp.csr_array((cost, (rows, cols)), shape=(n, n))
    row_ind, col_ind = min_weight_full_bipartite_matching(biadj)
    succ = np.empty(n, np.int64)
    succ[row_ind] = col_ind
    gained = top - biadj[np.arange(n), succ]
    return succ.tolist(), float(np.asarray(gained).sum()) / 2


def _greedy(n: int, us: IntArray, vs: IntArray, ws: FloatArray) -> tuple[list[int], list[float]]:
    """Heaviest edge first (edges arrive sorted by weight, descending)."""
    mate = [-1] * n
    mw = [0.0] * n
    for u, v, w in zip(us.tolist(), vs.tolist(), ws.tolist(), strict=True):
        if mate[u] < 0 and mate[v] < 0:
            mate[u], mate[v], mw[u], mw[v] = v, u, w, w
    return mate, mw


def _dual_bound(n: int, ptr: IntArray, nbr: IntArray, nw: FloatArray) -> FloatArray:
    """A feasible dual y of the fractional matching LP (y ≥ 0, y_u + y_v ≥ w_uv); Σ y bounds it.

    Starts from half of each node's heaviest edge and lowers nodes one at a time to the least
    value their edges allow, so the dual stays feasible at every step.
    """
    first = ptr[:-1]
    has = np.diff(ptr) > 0
    y = np.zeros(n)
    y[has] = nw[first[has]] / 2
    yl, ptr_l, nbr_l, nw_l = y.tolist(), ptr.tolist(), nbr.tolist(), nw.tolist()
    for _ in range(2):
        for x in np.argsort(-y, kind="stable").tolist():
            need = 0.0
            for k in range(ptr_l[x], ptr_l[x + 1]):
                slack = nw_l[k] - yl[nbr_l[k]]
                if slack > need:
                    need = slack
            yl[x] = need
    return np.asarray(yl, np.float64)


def lagrangian_bound(
    graph: Graph, start: FloatArray, lower: float, steps: int = BOUND_STEPS
) -> float:
    """An upper bound on the heaviest (even fractional) matching of ``graph``.

    For any node prices λ ≥ 0, ``L(λ) = Σ λ + Σ_edges max(0, w − λ_u − λ_v)`` bounds every
    matching: a matching uses each node once, so its weight is at most the prices of its nodes
    plus what each of its edges earns above them. Starting from ``start`` (e.g. a feasible
    dual), subgradient steps (Polyak's rule towards ``lower``, a known matching weight) lower
    L; the least value seen is returned. It bounds the candidate graph's problem only: pairs
    outside the graph are not covered.
    """
    u, v, w = graph.u, graph.v, graph.w
    n = graph.n
    lam = np.maximum(np.asarray(start, np.float64).copy(), 0.0)
    best = np.inf
    theta = 1.0
    stalled = 0
    for _ in range(max(steps, 1)):
        slack = w - lam[u] - lam[v]
        over = slack > 0
        value = float(lam.sum() + slack[over].sum())
        if value < best - 1e-12:
            best, stalled = value, 0
        else:
            stalled += 1
            if stalled >= 5:
                theta, stalled = theta / 2, 0
        grad = 1.0 - np.bincount(u[over], minlength=n) - np.bincount(v[over], minlength=n)
        # Prices at zero cannot go lower: their positive gradient components are not steps.
        grad[(lam <= 0) & (grad > 0)] = 0.0
        norm = float(grad @ grad)
        if norm == 0 or value - lower <= 1e-12 or theta < 1e-4:
            break
        lam = np.maximum(lam - theta * (value - lower) / norm * grad, 0.0)
    return best


def _exact_matching(
    n: int, us: IntArray, vs: IntArray, ws: FloatArray
) -> tuple[list[int], list[float]] | None:
    """Maximum-weight matching as a 0/1 program: Σ x over each node's edges ≤ 1.

    None when the solver cannot prove optimality within its time limit (branching on odd
    cycles can take long without blossom cuts); the caller then keeps the rounded LP solution.
    """
    k = us.shape[0]
    a = sp.csr_array(
        (np.ones(2 * k), (np.concatenate([us, vs]), np.tile(np.arange(k), 2))), shape=(n, k)
    )
    res = milp(
        -ws,
        constraints=LinearConstraint(a, -np.inf, np.ones(n)),
        integrality=np.ones(k),
        bounds=Bounds(0, 1),
        options={"time_limit": _EXACT_SECONDS},
    )
    if res.status != 0 or res.x is None:
        return None
    mate = [-1] * n
    mw = [0.0] * n
    for e in np.flatnonzero(res.x > 0.5).tolist():
        u, v, w = int(us[e]), int(vs[e]), float(ws[e])
        mate[u], mate[v], mw[u], mw[v] = v, u, w, w
    return mate, mw


def _round_cycles(
    n: int, succ: list[int], weight_of: dict[int, float]
) -> tuple[list[int], list[float], bool]:
    """Whole edges of the fractional solution, plus the best matching of each half cycle
    (and whether there was any half cycle)."""
    fractional = False
    mate = [-1] * n
    mw = [0.0] * n
    seen = [False] * n

    def w_of(a: int, b: int) -> float:
        return weight_of.get(min(a, b) * n + max(a, b), 0.0)

    for start in range(n):
        if seen[start]:
            continue
        cycle = [start]
        seen[start] = True
        x = succ[start]
        while x != start:
            cycle.append(x)
            seen[x] = True
            x = succ[x]
        k = len(cycle)
        if k < 2:
            continue
        edges = [w_of(cycle[i], cycle[(i + 1) % k]) for i in range(k)]
        if k == 2:
            chosen = [0]
        else:
            fractional = True
            chosen = _best_cycle_matching(edges)
        for i in chosen:
            a, b = cycle[i], cycle[(i + 1) % k]
            mate[a], mate[b], mw[a], mw[b] = b, a, edges[i], edges[i]
    return mate, mw, fractional


def _best_cycle_matching(edges: list[float]) -> list[int]:
    """Indices of a maximum-weight set of non-adjacent edges of a cycle (edge i joins i, i+1)."""
    k = len(edges)
    best: tuple[float, list[int]] = (-1.0, [])
    # Either edge 0 is out (a path over edges 1..k-1) or edge k-1 is out (path over 0..k-2).
    for first, last in ((1, k - 1), (0, k - 2)):
        take, skip = 0.0, 0.0
        take_set: list[int] = []
        skip_set: list[int] = []
        for i in range(first, last + 1):
            new_take, new_take_set = skip + edges[i], [*skip_set, i]
            if take > skip:
                skip, skip_set = take, take_set
            take, take_set = new_take, new_take_set
        cand = (take, take_set) if take >= skip else (skip, skip_set)
        if cand[0] > best[0]:
            best = cand
    return best[1]


def _improve(
    mate: list[int],
    mw: list[float],
    us: IntArray,
    vs: IntArray,
    ws: FloatArray,
    adj_ptr: IntArray,
    adj_node: IntArray,
    adj_w: FloatArray,
    weight_of: dict[int, float],
    passes: int,
) -> None:
    n = len(mate)
    maxinc = np.zeros(n + 1)
    np.maximum.at(maxinc, us, ws)
    np.maximum.at(maxinc, vs, ws)
    u_l, v_l, w_l = us.tolist(), vs.tolist(), ws.tolist()
    ptr_l, node_l, aw_l = adj_ptr.tolist(), adj_node.tolist(), adj_w.tolist()
    # How many single neighbours each node has: in a near-perfect matching most have none,
    # and their search ends at once.
    owner = np.repeat(np.arange(n), np.diff(adj_ptr))
    is_single = np.asarray(mate, np.int64) < 0
    free_l = np.bincount(owner, weights=is_single[adj_node], minlength=n).astype(np.int64).tolist()

    def set_mate(x: int, y: int, w: float) -> None:
        if (mate[x] < 0) != (y < 0):
            step = 1 if y < 0 else -1
            for k in range(ptr_l[x], ptr_l[x + 1]):
                free_l[node_l[k]] += step
        mate[x], mw[x] = y, w

    def best_single(x: int, skip: tuple[int, int]) -> tuple[int, float]:
        if free_l[x] == 0:
            return -1, 0.0
        for k in range(ptr_l[x], ptr_l[x + 1]):
            y = node_l[k]
            if mate[y] < 0 and y not in skip:
                return y, aw_l[k]
        return -1, 0.0

    for _ in range(passes):
        mate_arr = np.asarray([*mate, -1])
        mw_arr = np.asarray(mw)
        # Cheap filter: even the best possible repair cannot make these moves pay.
        bound = ws - mw_arr[us] - mw_arr[vs] + maxinc[mate_arr[us]] + maxinc[mate_arr[vs]]
        improved = 0
        for e in np.flatnonzero(bound > 1e-12).tolist():
            u, v, w = u_l[e], v_l[e], w_l[e]
            a, b = mate[u], mate[v]
            if a == v:
                continue
            gain = w - mw[u] - mw[v]
            plan: list[tuple[int, int, float]] = []
            repair = 0.0
            if a >= 0 and b >= 0:
                wab = weight_of.get(min(a, b) * n + max(a, b), 0.0)
                if wab > 0:
                    repair, plan = wab, [(a, b, wab)]
            singles = [(x, *best_single(x, (u, v))) for x in (a, b) if x >= 0]
            singles = [s for s in singles if s[1] >= 0]
            if len(singles) == 2 and singles[0][1] == singles[1][1]:
                singles = [max(singles, key=lambda s: s[2])]
            single_gain = sum(s[2] for s in singles)
            if single_gain > repair:
                repair, plan = single_gain, singles
            if gain + repair <= 1e-12:
                continue
            for x in (a, b):
                if x >= 0:
                    set_mate(x, -1, 0.0)
            set_mate(u, v, w)
            set_mate(v, u, w)
            for x, y, wx in plan:
                set_mate(x, y, wx)
                set_mate(y, x, wx)
            improved += 1
        if not improved:
            break


def _adjacency(
    n: int, us: IntArray, vs: IntArray, ws: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Neighbours of each node, heaviest first."""
    ends = np.concatenate([us, vs])
    other = np.concatenate([vs, us])
    w = np.concatenate([ws, ws])
    order = np.lexsort((other, -w, ends))
    ptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(ends, minlength=n), out=ptr[1:])
    return ptr, other[order], w[order]
