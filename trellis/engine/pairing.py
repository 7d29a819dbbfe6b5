"""Pairing people: career buddies (one-to-one, across teams) and mentors to mentees.

What a person wants to learn: skills marked "wants to grow" and gaps to their target roles,
never skills they want to use less. What one can teach another is counted per such skill.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from trellis.engine.data import (
    GROW,
    LESS,
    EngineState,
    FloatArray,
    IntArray,
    _ranges,
    _sorted_unique,
    lookup,
)

# A teacher this many levels above the learner earns full credit for a skill.
FULL_CREDIT_GAP: Final = 2
# Buddy weight = COMPLEMENT × complementarity + SHARED × shared interests (tags).
COMPLEMENT: Final = 0.8
SHARED: Final = 0.2
# Skill teachers must reach at least this level.
_MIN_TEACH_LEVEL: Final = 2


@dataclass(frozen=True)
class Learning:
    """What each person wants to learn: CSR people × skills, value = share (1 / count)."""

    matrix: sp.csr_array
    level: NDArray[np.int64]


def learning(state: EngineState) -> Learning:
    """Each person's learning skills (grow appetite or target-role gap, not 'use less')."""
    lv = state.levels
    rows = np.repeat(np.arange(state.n_people), np.diff(lv.indptr))
    skills = lv.indices.astype(np.int64)
    grow = state.appetite.data == GROW
    g_rows, g_skills = rows[grow], skills[grow]
    gap_rows, gap_skills = _gap_pairs(state)
    key = _sorted_unique(
        np.concatenate([g_rows, gap_rows]) * state.n_skills + np.concatenate([g_skills, gap_skills])
    )
    p, s = key // state.n_skills, key % state.n_skills
    app = lookup(state.appetite, p, s)
    keep = app != LESS
    p, s = p[keep], s[keep]
    counts = np.bincount(p, minlength=state.n_people)
    share = 1.0 / np.maximum(counts[p], 1)
    ptr = np.zeros(state.n_people + 1, np.int64)
    np.cumsum(counts, out=ptr[1:])
    matrix = sp.csr_array((share, s.astype(np.int32), ptr), shape=lv.shape)
    return Learning(matrix=matrix, level=lookup(lv, p, s).astype(np.int64))


def _gap_pairs(state: EngineState) -> tuple[IntArray, IntArray]:
    roles = state.roles
    if roles is None or state.target_role.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    person = np.repeat(np.arange(state.n_people), np.diff(state.target_ptr))
    lens = np.diff(roles.ptr)[state.target_role]
    entry = _ranges(roles.ptr[state.target_role], lens)
    person = np.repeat(person, lens)
    skill = roles.skill[entry]
    below = lookup(state.levels, person, skill) < roles.min_level[entry]
    return person[below], skill[below]


def level_table(state: EngineState) -> NDArray[np.int8]:
    """Dense people × skills levels (int8): O(1) lookups when scoring many candidate pairs."""
    table = np.zeros(state.levels.shape, np.int8)
    rows = np.repeat(np.arange(state.n_people), np.diff(state.levels.indptr))
    table[rows, state.levels.indices] = state.levels.data
    return table


def teach(
    state: EngineState,
    learn: Learning,
    teachers: IntArray,
    learners: IntArray,
    table: NDArray[np.int8] | None = None,
) -> FloatArray:
    """What each teacher can teach the paired learner, in [0, 1].

    Includes: each of the learner's learning skills with an equal share, credited
    ``min(2, teacher level − learner level) / 2`` (full credit two levels up, half one level up).
    Excludes: skills the learner does not want to learn, and any skill where the teacher is
    not above the learner.
    """
    m = learn.matrix
    starts = m.indptr[learners].astype(np.int64)
    lens = m.indptr[learners + 1].astype(np.int64) - starts
    entry = _ranges(starts, lens)
    pair = np.repeat(np.arange(learners.shape[0]), lens)
    skill = m.indices[entry].astype(np.int64)
    if table is not None:
        t_level = table[teachers[pair], skill].astype(np.int64)
    else:
        t_level = lookup(state.levels, teachers[pair], skill)
    gain = np.clip(t_level - learn.level[entry], 0, FULL_CREDIT_GAP) / FULL_CREDIT_GAP
    # With weights, bincount sums floats (its stubs only know the integer count).
    return cast(
        "FloatArray",
        np.bincount(pair, weights=gain * m.data[entry], minlength=learners.shape[0]),
    )


def shared_interests(state: EngineState, a: IntArray, b: IntArray) -> FloatArray:
    """Jaccard similarity of the two people's interest tags (0 when neither has any)."""
    tags = state.tags
    size = np.diff(tags.indptr)
    starts = tags.indptr[a].astype(np.int64)
    lens = size[a].astype(np.int64)
    entry = _ranges(starts, lens)
    pair = np.repeat(np.arange(a.shape[0]), lens)
    both = lookup(tags, b[pair], tags.indices[entry].astype(np.int64)) > 0
    inter = np.bincount(pair, weights=both.astype(np.float64), minlength=a.shape[0])
    union = size[a] + size[b] - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0.0)


def buddy_weight(
    state: EngineState,
    learn: Learning,
    a: IntArray,
    b: IntArray,
    table: NDArray[np.int8] | None = None,
) -> FloatArray:
    """Buddy weight of pairs, in [0, 1]: 0.8 × complementarity + 0.2 × shared interests.

    Complementarity = (what a can teach b + what b can teach a) / 2 (see :func:`teach`);
    shared interests = Jaccard of interest tags. Excludes same-unit pairs (weight 0): buddies
    come from different teams.
    """
    comp = (teach(state, learn, a, b, table) + teach(state, learn, b, a, table)) / 2
    w = COMPLEMENT * comp + SHARED * shared_interests(state, a, b)
    return np.where(state.unit[a] == state.unit[b], 0.0, w)


@dataclass(frozen=True)
class Graph:
    """Undirected weighted edges u < v, unique."""

    n: int
    u: IntArray
    v: IntArray
    w: FloatArray


def neighbour_graph(
    state: EngineState,
    *,
    people: IntArray | None = None,
    per_skill: int = 4,
    per_tag: int = 2,
    degree: int = 10,
    pool: int = 64,
    skills_each: int = 6,
    learn: Learning | None = None,
    pool_per_asker: float = 1.0,
) -> Graph:
    """A sparse graph of promising buddy pairs, in person indices.

    For each of a person's first ``skills_each`` learning skills, ``per_skill`` teachers are
    drawn in turn from the strongest holders of that skill (rotating, so strong teachers are
    spread over learners); for each interest tag, ``per_tag`` people sharing it. A skill's (or
    tag's) pool holds its ``pool`` strongest holders, or ``pool_per_asker`` per person asking
    when more ask, so each candidate partner is asked about ``per_skill`` times whatever the
    size: a fixed pool would hand the same few people to every learner of a popular skill.
    Candidate pairs get their exact weight and each person keeps their ``degree`` best; the
    union is the graph. Deterministic: no random draws.
    """
    learn = learn or learning(state)
    members = np.arange(state.n_people) if people is None else np.asarray(people, np.int64)
    inside = np.zeros(state.n_people, np.bool_)
    inside[members] = True
    cands = [
        _rotating_pairs(
            *_skill_sides(state, learn, inside, skills_each), per_skill, pool, pool_per_asker
        ),
        _rotating_pairs(*_tag_sides(state, inside), per_tag, pool, pool_per_asker),
    ]
    a = np.concatenate([c[0] for c in cands])
    b = np.concatenate([c[1] for c in cands])
    keep = (a != b) & (state.unit[a] != state.unit[b])
    lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    key = _sorted_unique(lo * state.n_people + hi)
    u, v = key // state.n_people, key % state.n_people
    table = level_table(state)
    w = np.concatenate(
        [
            buddy_weight(state, learn, u[lo : lo + 500_000], v[lo : lo + 500_000], table)
            for lo in range(0, max(u.shape[0], 1), 500_000)
        ]
    )
    pos = w > 0
    u, v, w = u[pos], v[pos], w[pos]
    # Keep each endpoint's best `degree` edges.
    ends = np.concatenate([u, v])
    edge = np.concatenate([np.arange(u.shape[0])] * 2)
    order = np.lexsort((edge, -np.concatenate([w, w]), ends))
    ends, edge = ends[order], edge[order]
    rank = np.arange(ends.shape[0]) - np.searchsorted(ends, ends)
    chosen = _sorted_unique(edge[rank < degree])
    return Graph(n=state.n_people, u=u[chosen], v=v[chosen], w=w[chosen])


def _skill_sides(
    state: EngineState, learn: Learning, inside: NDArray[np.bool_], skills_each: int
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    lv = state.levels
    rows = np.repeat(np.arange(state.n_people), np.diff(lv.indptr))
    strong = (lv.data >= _MIN_TEACH_LEVEL) & inside[rows]
    t_group, t_person = lv.indices[strong].astype(np.int64), rows[strong]
    t_order = np.lexsort((t_person, -lv.data[strong], t_group))
    m = learn.matrix
    l_rows = np.repeat(np.arange(state.n_people), np.diff(m.indptr))
    rank = np.arange(l_rows.shape[0]) - m.indptr[l_rows]
    mask = inside[l_rows] & (rank < skills_each)
    return t_group[t_order], t_person[t_order], m.indices[mask].astype(np.int64), l_rows[mask]


def _tag_sides(
    state: EngineState, inside: NDArray[np.bool_]
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    tags = state.tags
    rows = np.repeat(np.arange(state.n_people), np.diff(tags.indptr))
    mask = inside[rows]
    group, person = tags.indices[mask].astype(np.int64), rows[mask]
    order = np.lexsort((person, group))
    return group[order], person[order], group[order], person[order]


def _rotating_pairs(
    pool_group: IntArray,
    pool_person: IntArray,
    ask_group: IntArray,
    ask_person: IntArray,
    per_ask: int,
    pool: int,
    pool_per_asker: float = 0.0,
) -> tuple[IntArray, IntArray]:
    """For each asker, ``per_ask`` members of its group's pool (its first
    ``max(pool, pool_per_asker × askers)`` members), taken in turn so that consecutive askers
    get different members."""
    if pool_group.size == 0 or ask_group.size == 0 or per_ask <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_groups = int(max(pool_group.max(), ask_group.max())) + 1
    g_start = np.searchsorted(pool_group, np.arange(n_groups))
    askers = np.bincount(ask_group, minlength=n_groups)
    cap = np.maximum(pool, np.ceil(pool_per_asker * askers).astype(np.int64))
    g_size = np.minimum(np.bincount(pool_group, minlength=n_groups), cap)
    order = np.lexsort((ask_person, ask_group))
    ask_group, ask_person = ask_group[order], ask_person[order]
    turn = np.arange(ask_group.shape[0]) - np.searchsorted(ask_group, ask_group)
    size = g_size[ask_group]
    has = size > 0
    ask_group, ask_person, turn, size = ask_group[has], ask_person[has], turn[has], size[has]
    take = np.arange(per_ask)
    slot = (turn[:, None] * per_ask + take[None, :]) % size[:, None]
    partner = pool_person[g_start[ask_group][:, None] + slot]
    return np.repeat(ask_person, per_ask), partner.reshape(-1)


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
    greedy by weight, then (3), with a feasible dual of the LP as the bound, tightened by
    ``bound_steps`` subgradient steps on the Lagrangian bound (see :func:`lagrangian_bound`);
    beyond ``LARGE_EDGES`` edges (3) makes one pass.
    Every bound is a bound of the problem on this graph, not over all pairs of people.
    """
    n = graph.n
    order = np.lexsort((graph.v, graph.u, -graph.w))
    us, vs, ws = graph.u[order], graph.v[order], graph.w[order]
    if us.size == 0:
        return GraphMatching(mate=np.full(n, -1, np.int64), weight=0.0, upper_bound=0.0)
    adj_ptr, adj_node, adj_w = _adjacency(n, us, vs, ws)
    weight_of = dict(zip((us * n + vs).tolist(), ws.tolist(), strict=True))
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
    else:
        mate, mw = _greedy(n, us, vs, ws)
        if us.size > LARGE_EDGES:
            # Later passes add under 0.2% at 100,000 people and cost a full pass each.
            passes = min(passes, 1)
        dual = _dual_bound(n, adj_ptr, adj_node, adj_w)
        bound = float(dual.sum())
    _improve(mate, mw, us, vs, ws, adj_ptr, adj_node, adj_w, weight_of, passes)
    total = _total(mate, mw)
    if us.size > exact_edges and bound_steps > 0:
        bound = min(bound, lagrangian_bound(graph, dual, total, bound_steps))
    return GraphMatching(
        mate=np.asarray(mate, np.int64), weight=total, upper_bound=max(bound, total)
    )


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

    def best_single(x: int, skip: tuple[int, int]) -> tuple[int, float]:
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
                    mate[x], mw[x] = -1, 0.0
            mate[u], mate[v], mw[u], mw[v] = v, u, w, w
            for x, y, wx in plan:
                mate[x], mate[y], mw[x], mw[y] = y, x, wx, wx
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


@dataclass(frozen=True)
class TeachSkill:
    skill: int
    teacher_level: int
    learner_level: int


@dataclass(frozen=True)
class PairReasons:
    """Why two people were paired: what each can teach the other, and shared interests."""

    a_teaches_b: tuple[TeachSkill, ...]
    b_teaches_a: tuple[TeachSkill, ...]
    shared_tags: tuple[int, ...]


def _teaches(
    state: EngineState, learn: Learning, teacher: int, learner: int
) -> tuple[TeachSkill, ...]:
    m = learn.matrix
    lo, hi = int(m.indptr[learner]), int(m.indptr[learner + 1])
    mine = state.person_skills(teacher)
    out = []
    for s, lv in zip(m.indices[lo:hi].tolist(), learn.level[lo:hi].tolist(), strict=True):
        t_level = mine.get(s, (0, 0))[0]
        if t_level > lv:
            out.append(TeachSkill(skill=s, teacher_level=t_level, learner_level=lv))
    return tuple(out)


def pair_reasons(state: EngineState, a: int, b: int, learn: Learning | None = None) -> PairReasons:
    learn = learn or learning(state)
    tags = state.tags
    ta = set(tags.indices[tags.indptr[a] : tags.indptr[a + 1]].tolist())
    tb = set(tags.indices[tags.indptr[b] : tags.indptr[b + 1]].tolist())
    return PairReasons(
        a_teaches_b=_teaches(state, learn, a, b),
        b_teaches_a=_teaches(state, learn, b, a),
        shared_tags=tuple(sorted(ta & tb)),
    )


@dataclass(frozen=True)
class BuddyPairs:
    """Buddy pairs (a < b) with weights; ``reasons(i)`` explains pair i."""

    a: IntArray
    b: IntArray
    weight: FloatArray
    matching: GraphMatching
    graph: Graph
    learn: Learning
    state: EngineState

    def reasons(self, i: int) -> PairReasons:
        return pair_reasons(self.state, int(self.a[i]), int(self.b[i]), self.learn)


def pair_buddies(
    state: EngineState, *, people: IntArray | None = None, degree: int = 10, passes: int = 4
) -> BuddyPairs:
    """Career buddies: a heavy one-to-one matching across teams on the neighbour graph.

    The matching is within ``BUDDY_TOLERANCE`` (0.5%) of the graph's LP bound, or exact.
    """
    learn = learning(state)
    graph = neighbour_graph(state, people=people, degree=degree, learn=learn)
    result = match_graph(graph, passes=passes, tolerance=BUDDY_TOLERANCE)
    a = np.flatnonzero(result.mate > np.arange(graph.n))
    b = result.mate[a]
    return BuddyPairs(
        a=a,
        b=b,
        weight=buddy_weight(state, learn, a, b),
        matching=result,
        graph=graph,
        learn=learn,
        state=state,
    )


# --- mentors ------------------------------------------------------------------------------------


def mentor_weights(
    state: EngineState,
    mentees: IntArray,
    mentors: IntArray,
    *,
    learn: Learning | None = None,
    exclude_same_unit: bool = True,
) -> NDArray[np.float64]:
    """teach(mentor → mentee) for every pair: mentees × mentors (0 for oneself / same unit)."""
    learn = learn or learning(state)
    levels = state.levels[mentors].toarray().astype(np.float64)
    m = learn.matrix
    out = np.zeros((mentees.shape[0], mentors.shape[0]))
    for lo in range(0, mentees.shape[0], 2048):
        chunk = mentees[lo : lo + 2048]
        starts = m.indptr[chunk].astype(np.int64)
        lens = m.indptr[chunk + 1].astype(np.int64) - starts
        entry = _ranges(starts, lens)
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


def _assign_by_paths(weights: FloatArray, cap: IntArray) -> tuple[IntArray, FloatArray]:
    """Exact capacitated assignment by successive shortest augmenting paths.

    Mentees are added one at a time (best first). Mentor prices ``v`` (the duals of the
    capacity rows) keep every reduced cost non-negative, so the cheapest way to fit the new
    mentee in is a shortest path over *mentors*: enter mentor j0, move one of its mentees to
    j1, ..., and end at a free seat or by dropping one mentee. Moving a mentee from j to k
    costs ``D[j, k] = min over j's mentees of (w[., j] − w[., k])``, which depends only on who
    is where, so only the rows of mentors on the path change after each step; the path search
    is label-correcting over whole frontiers (vectorised) and stops at nodes no cheaper than
    the best ending found. After each step prices rise by how much closer a mentor was than
    the ending, which keeps the assignment optimal for the mentees added so far. Returns
    ``mentor_of`` and the prices, from which the caller builds the dual bound.
    """
    n_e, n_m = weights.shape
    inf = np.inf
    price = np.zeros(n_m)
    mentor_of = np.full(n_e, -1, np.int64)
    members: list[list[int]] = [[] for _ in range(n_m)]
    move = np.full((n_m, n_m), inf)
    mover = np.full((n_m, n_m), -1, np.int64)
    drop_w = np.full(n_m, inf)
    dropped = np.full(n_m, -1, np.int64)
    full = cap <= 0
    cols = np.arange(n_m)
    tol = 1e-12 * (1.0 + float(np.abs(weights).max(initial=0.0)))

    def refresh(j: int) -> None:
        group = members[j]
        full[j] = len(group) >= cap[j]
        if not group:
            move[j] = inf
            drop_w[j] = inf
            return
        sub = weights[group]
        diff = sub[:, j][:, None] - sub
        best = diff.argmin(axis=0)
        move[j] = diff[best, cols]
        mover[j] = np.asarray(group, np.int64)[best]
        move[j, j] = inf
        low = int(sub[:, j].argmin())
        drop_w[j] = sub[low, j]
        dropped[j] = group[low]

    order = np.lexsort((np.arange(n_e), -weights.max(axis=1)))
    for i in order.tolist():
        dist = price - weights[i]
        gain = -float(dist.min())
        if gain <= 0:
            continue
        dist += gain
        pred = np.full(n_m, -1, np.int64)
        # Cost of ending at a mentor: a free seat (price 0 there) or dropping its weakest pair.
        end_cost = np.where(full, drop_w - price, -price)
        total = dist + end_cost
        end = int(total.argmin())
        best_end = float(total[end])
        if best_end >= gain:
            best_end, end = gain, -1
        front = np.flatnonzero(dist < best_end)
        while front.size:
            cand = move[front] + (dist[front] - price[front])[:, None]
            cand += price[None, :]
            arg = cand.argmin(axis=0)
            new = cand[arg, cols]
            # Strictly better beyond rounding: zero-cost cycles (ties) must not loop.
            better = np.flatnonzero(new < dist - tol)
            if better.size == 0:
                break
            dist[better] = new[better]
            pred[better] = front[arg[better]]
            ends = dist[better] + end_cost[better]
            k = int(ends.argmin())
            if ends[k] < best_end:
                best_end, end = float(ends[k]), int(better[k])
            front = better[dist[better] < best_end]
        closer = dist < best_end
        price[closer] += best_end - dist[closer]
        if end < 0:
            continue
        path = [end]
        while pred[path[-1]] >= 0:
            path.append(int(pred[path[-1]]))
            if len(path) > n_m:
                raise RuntimeError("mentor assignment: augmenting path does not end")
        path.reverse()
        last = path[-1]
        if full[last]:
            out = int(dropped[last])
            members[last].remove(out)
            mentor_of[out] = -1
        for t in range(len(path) - 1, 0, -1):
            a, b = path[t - 1], path[t]
            m = int(mover[a, b])
            members[a].remove(m)
            members[b].append(m)
            mentor_of[m] = b
        members[path[0]].append(i)
        mentor_of[i] = path[0]
        for j in set(path):
            refresh(j)
    return mentor_of, price


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


def mentor_reasons(state: EngineState, mentor: int, mentee: int) -> tuple[TeachSkill, ...]:
    """The mentee's learning skills the mentor holds at a higher level."""
    return _teaches(state, learning(state), mentor, mentee)
