"""Benchmarks of the matching engine, each figure beside its floor and its peer.

The machine's float32 GEMM rate is measured in the same run (``machine.gemm``); a figure whose
work is arithmetic prints its ratio to the floor that rate implies (its useful multiply-adds ×
2 / rate). Every peer runs on the same instance, from the same inputs, after a warm-up and at
least five times, and every comparison checks that both sides did the same work (identical
assignment, equal objective, or identical lists) and prints the outcome. Memory is the peak a
step allocates itself (traced in its warm-up run), not the process's.

``TRELLIS_BENCH_QUICK=1`` shrinks every size for a smoke run in seconds;
``TRELLIS_BENCH_ENGINE_MAX=10000`` stops the people scales at that size (quicker iterations);
``TRELLIS_BENCH_ENGINE_MIN=100000`` runs the large scale alone (without the fixed-size peers).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import fields
from typing import cast

import numpy as np
import scipy.sparse as sp

from benchmarks.harness import Figure, Results, gemm_gflops, measure, percentile
from trellis.engine.build import build_state
from trellis.engine.bulk import TopLists, all_top_opportunities
from trellis.engine.bulk_reference import all_top_reference
from trellis.engine.data import (
    EngineState,
    OpportunitiesInput,
    PeopleInput,
    Requirements,
    RolesInput,
)
from trellis.engine.rounds import build_preferences, run_round
from trellis.engine.topk import top_opportunities, top_people

N_SKILLS = 2000
N_ROLES = 300
# People whose bulk lists are checked against the reference implementation, per scale.
CHECK_SAMPLE = 2000


def _quick() -> bool:
    return os.environ.get("TRELLIS_BENCH_QUICK") == "1"


def _draw_skills(rng: np.random.Generator, n: int, low: int, high: int) -> tuple[np.ndarray, ...]:
    """Distinct skills per row with Zipf-like popularity: (row, skill) pairs."""
    pop = 1.0 / np.arange(1, N_SKILLS + 1)
    pop /= pop.sum()
    want = rng.integers(low, high + 1, n)
    draws = rng.choice(N_SKILLS, size=(n, 3 * high), p=pop)
    draws.sort(axis=1)
    dup = np.zeros(draws.shape, bool)
    dup[:, 1:] = draws[:, 1:] == draws[:, :-1]
    # Distinct values first (stable), then keep the wanted count.
    order = np.argsort(dup, axis=1, kind="stable")
    draws = np.take_along_axis(draws, order, axis=1)
    distinct = (~dup).sum(axis=1)
    keep = np.arange(draws.shape[1])[None, :] < np.minimum(want, distinct)[:, None]
    rows = np.broadcast_to(np.arange(n)[:, None], draws.shape)[keep]
    return rows.astype(np.int64), draws[keep].astype(np.int64)


def make_inputs(n_people: int, n_opps: int, seed: int = 7) -> dict[str, object]:
    rng = np.random.default_rng(seed)
    p_row, p_skill = _draw_skills(rng, n_people, 13, 17)
    o_row, o_skill = _draw_skills(rng, n_opps, 8, 10)
    r_row, r_skill = _draw_skills(rng, N_ROLES, 8, 10)
    n_e, n_r = p_row.shape[0], o_row.shape[0]
    has_target = rng.random(n_people) < 0.6
    people = PeopleInput(
        n_people=n_people,
        skill_person=p_row,
        skill=p_skill,
        level=rng.integers(1, 6, n_e),
        appetite=rng.choice([-1, 0, 1], n_e, p=[0.1, 0.65, 0.25]),
        unit=rng.integers(0, max(n_people // 25, 1), n_people),
        hours_available=rng.choice([4.0, 8.0, 40.0], n_people),
        location=rng.integers(0, 4, n_people),
        remote_ok=rng.random(n_people) < 0.7,
        months_in_role=rng.choice([3.0, 9.0, 24.0], n_people),
        opted_in=rng.random(n_people) < 0.9,
        target_person=np.flatnonzero(has_target),
        target_role=rng.integers(0, N_ROLES, int(has_target.sum())),
        tag_person=rng.integers(0, n_people, 2 * n_people),
        tag=rng.integers(0, 200, 2 * n_people),
    )
    opps = OpportunitiesInput(
        requirements=Requirements(
            n_rows=n_opps,
            row=o_row,
            skill=o_skill,
            min_level=rng.integers(1, 6, n_r),
            weight=rng.integers(1, 4, n_r).astype(float),
            required=rng.random(n_r) < 0.75,
        ),
        capacity=rng.integers(1, 4, n_opps),
        hours_needed=rng.choice([0.0, 4.0, 8.0], n_opps),
        location=np.where(rng.random(n_opps) < 0.6, -1, rng.integers(0, 4, n_opps)),
        remote_allowed=rng.random(n_opps) < 0.5,
        min_months_in_role=rng.choice([0.0, 6.0, 12.0], n_opps),
        excluded_opp=np.arange(n_opps),
        excluded_unit=rng.integers(0, max(n_people // 25, 1), n_opps),
    )
    roles = RolesInput(
        requirements=Requirements(
            n_rows=N_ROLES,
            row=r_row,
            skill=r_skill,
            min_level=rng.integers(1, 6, r_row.shape[0]),
        ),
        level=rng.integers(1, 6, N_ROLES),
    )
    return {"n_skills": N_SKILLS, "people": people, "opportunities": opps, "roles": roles}


def state_mb(state: EngineState) -> float:
    total = 0
    for f in fields(state):
        value = getattr(state, f.name)
        if isinstance(value, np.ndarray):
            total += value.nbytes
        elif sp.issparse(value):
            total += value.data.nbytes + value.indices.nbytes + value.indptr.nbytes
    return total / 2**20


def _latencies(fn: Callable[[int], object], items: np.ndarray) -> list[float]:
    fn(int(items[0]))
    out = []
    for i in items.tolist():
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def _latency_figure(name: str, size: str, lat: list[float], p50_ms: float, p99_ms: float) -> Figure:
    """A per-call latency figure: the median is p50; p99 and both targets go in the note."""
    return Figure(
        name=name,
        size=size,
        median_s=percentile(lat, 50),
        runs=len(lat),
        target_s=p50_ms / 1e3,
        note=f"p50 {percentile(lat, 50) * 1e3:.3f} ms, p99 {percentile(lat, 99) * 1e3:.3f} ms "
        f"(targets {p50_ms:g} / {p99_ms:g} ms)",
    )


class Clock:
    """The machine's GEMM rate, re-measured before each scale (the machine is shared)."""

    def __init__(self, results: Results) -> None:
        self.results = results
        self.gflops = 0.0
        self.measure("start")

    def measure(self, when: str) -> None:
        n = 1024
        self.gflops = gemm_gflops(n)
        self.results.add(
            Figure(
                name=f"machine.gemm[float32,n={n},{when}]",
                size=f"n={n}",
                median_s=2.0 * n**3 / self.gflops / 1e9,
                runs=5,
                note=f"{self.gflops:.1f} GFLOP/s (NumPy BLAS, all threads): the rate floors use",
            )
        )

    def floor(self, madds: float) -> float:
        """Seconds ``madds`` multiply-adds take at the measured GEMM rate."""
        return 2.0 * madds / (self.gflops * 1e9)


def _col_counts(matrix: sp.csr_array) -> np.ndarray:
    return np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.float64)


def bulk_madds(state: EngineState, people: np.ndarray | None = None) -> float:
    """Useful multiply-adds of scoring every (person, opportunity) pair: for each key, the
    people holding it times the opportunities requiring it, readiness and growth."""
    pr = state.person_r if people is None else state.person_r[people]
    pg = state.person_g if people is None else state.person_g[people]
    return float(
        _col_counts(pr) @ _col_counts(state.opp_r) + _col_counts(pg) @ _col_counts(state.opp_g)
    )


def _query_madds(
    mine: sp.csr_array,
    mine_g: sp.csr_array,
    other: sp.csr_array,
    other_g: sp.csr_array,
    rows: np.ndarray,
) -> float:
    """Median over ``rows`` of the multiply-adds one query needs (its keys × the other side)."""
    col, col_g = _col_counts(other), _col_counts(other_g)
    per = [
        col[mine.indices[mine.indptr[i] : mine.indptr[i + 1]]].sum()
        + col_g[mine_g.indices[mine_g.indptr[i] : mine_g.indptr[i + 1]]].sum()
        for i in rows.tolist()
    ]
    return float(np.median(per))


def _latencies(fn: Callable[[int], object], items: np.ndarray) -> list[float]:
    for i in items[:5].tolist():
        fn(i)
    out = []
    for i in items.tolist():
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def _latency_figure(
    name: str, size: str, lat: list[float], p50_ms: float, p99_ms: float, floor_s: float
) -> Figure:
    """A per-call latency figure: the median is p50; p99 and both targets go in the note."""
    return Figure(
        name=name,
        size=size,
        median_s=percentile(lat, 50),
        runs=len(lat),
        target_s=p50_ms / 1e3,
        floor_s=floor_s,
        note=f"p50 {percentile(lat, 50) * 1e3:.3f} ms, p99 {percentile(lat, 99) * 1e3:.3f} ms "
        f"(targets {p50_ms:g} / {p99_ms:g} ms)",
    )


_PREVIOUS: dict[str, tuple[str, float]] = {}


def add_scaled(results: Results, figure: Figure) -> None:
    """Add a figure measured at several sizes, noting its growth from the previous size."""
    kind = figure.name.split("[", 1)[0] + figure.name.rsplit("]", 1)[-1]
    before = _PREVIOUS.get(kind)
    if before is not None:
        growth = f"x{figure.median_s / before[1]:.1f} from {before[0]}"
        figure.note = f"{figure.note}; {growth}" if figure.note else growth
    _PREVIOUS[kind] = (figure.size, figure.median_s)
    results.add(figure)


def _build(results: Results, n_people: int, n_opps: int) -> EngineState:
    size = f"people={n_people},opps={n_opps}"
    inputs = make_inputs(n_people, n_opps)
    built = measure(lambda: build_state(**inputs), runs=3)
    state = cast("EngineState", built.result)
    add_scaled(
        results,
        Figure(
            name=f"engine.build_state[{size},skills={N_SKILLS}]",
            size=size,
            median_s=built.median_s,
            runs=len(built.samples),
            target_s=5.0,
            step_mib=built.step_mib,
            note=f"state {state_mb(state):.0f} MiB (target < 1024); no arithmetic floor "
            "(validation, sorting and sparse layout)",
        ),
    )
    return state


def _queries(results: Results, state: EngineState, clock: Clock) -> None:
    size = f"people={state.n_people},opps={state.n_opps}"
    rng = np.random.default_rng(1)
    n_q = 50 if _quick() else 400
    people = rng.integers(0, state.n_people, n_q)
    lat = _latencies(lambda p: top_opportunities(state, p, 10), people)
    madds = _query_madds(state.person_r, state.person_g, state.opp_r, state.opp_g, people)
    add_scaled(
        results,
        _latency_figure(
            f"engine.topk_person[{size},k=10,explained]", size, lat, 1, 5, clock.floor(madds)
        ),
    )
    opps = rng.integers(0, state.n_opps, n_q // 2)
    lat = _latencies(lambda o: top_people(state, o, 10), opps)
    madds = _query_madds(state.opp_r, state.opp_g, state.person_r, state.person_g, opps)
    add_scaled(
        results,
        _latency_figure(
            f"engine.topk_opportunity[{size},k=10,explained]", size, lat, 5, 20, clock.floor(madds)
        ),
    )


def _same_lists(a: object, b: object) -> bool:
    return all(
        np.array_equal(getattr(a, f), getattr(b, f)) for f in ("opp", "readiness", "mutual_value")
    )


def _bulk(results: Results, state: EngineState, clock: Clock) -> TopLists:
    """All top-20 lists with constraints (the round's input), against the previous
    implementation on everyone (same threads), and checked identical on a sample."""
    size = f"people={state.n_people},opps={state.n_opps}"
    runs = 3 if state.n_people >= 100_000 else 5
    tiles = measure(lambda: all_top_opportunities(state, k=20), runs=runs)
    lists = cast("TopLists", tiles.result)
    before = measure(lambda: all_top_reference(state, k=20), runs=runs)
    sample = np.random.default_rng(2).choice(
        state.n_people, min(CHECK_SAMPLE, state.n_people), replace=False
    )
    sample.sort()
    # The sample through both implementations on their own (small groups: mixed blocks)...
    mine = all_top_opportunities(state, k=20, people=sample)
    ref = all_top_reference(state, k=20, people=sample)
    # ... and the full runs' rows (one-profile blocks, rows cut to what each profile passes).
    whole = TopLists(
        opp=lists.opp[sample],
        readiness=lists.readiness[sample],
        mutual_value=lists.mutual_value[sample],
    )
    same_all = _same_lists(lists, before.result)
    same = _same_lists(whole, ref) and _same_lists(mine, ref) and same_all
    madds = bulk_madds(state)
    add_scaled(
        results,
        Figure(
            name=f"engine.all_top20[{size},constraints]",
            size=size,
            median_s=tiles.median_s,
            runs=len(tiles.samples),
            target_s=1.0 if state.n_people >= 100_000 else None,
            peer="previous bulk implementation (all_top_reference), same threads",
            peer_median_s=before.median_s,
            floor_s=clock.floor(madds),
            step_mib=tiles.step_mib,
            equal_work=f"lists and scores identical to the previous implementation for "
            f"everyone: {same_all}, and on a sample of {sample.shape[0]} scored apart: {same}",
            note=f"floor: {madds:.3g} useful multiply-adds (every pair, readiness and growth); "
            f"previous implementation {before.median_s / clock.floor(madds):.0f}x the floor, "
            f"step {before.step_mib:.3g} MiB; peer runs {len(before.samples)} after a warm-up",
        ),
    )
    if not same:
        raise SystemExit("bulk top-k differs from the reference implementation")
    return lists


def _round(results: Results, state: EngineState, lists: TopLists) -> None:
    size = f"people={state.n_people},opps={state.n_opps}"
    prefs = build_preferences(state, lists)
    done = measure(lambda: run_round(prefs), runs=5)
    result = done.result
    add_scaled(
        results,
        Figure(
            name=f"engine.round[{size},L=20]",
            size=size,
            median_s=done.median_s,
            runs=len(done.samples),
            target_s=2.0,
            step_mib=done.step_mib,
            note=f"blocking pairs {result.blocking_pairs}, matched "  # type: ignore[attr-defined]
            f"{int((result.assignment >= 0).sum())}, proposals {result.proposals}; "  # type: ignore[attr-defined]
            "no arithmetic floor (deferred acceptance)",
        ),
    )


def _scale(results: Results, clock: Clock, n_people: int, n_opps: int) -> EngineState:
    clock.measure(f"before people={n_people}")
    state = _build(results, n_people, n_opps)
    _queries(results, state, clock)
    lists = _bulk(results, state, clock)
    _round(results, state, lists)
    return state


def _scales() -> list[tuple[int, int]]:
    if _quick():
        return [(600, 60), (1_200, 120)]
    low, high = _size_bounds()
    return [(n, o) for n, o in ((10_000, 1_000), (100_000, 10_000)) if low <= n <= high]


def _size_bounds() -> tuple[int, int]:
    return (
        int(os.environ.get("TRELLIS_BENCH_ENGINE_MIN", "0")),
        int(os.environ.get("TRELLIS_BENCH_ENGINE_MAX", "100000")),
    )


def run(results: Results) -> None:
    from benchmarks import _engine_peers as peers

    clock = Clock(results)
    states = [_scale(results, clock, n_p, n_o) for n_p, n_o in _scales()]
    clock.measure("before peers")
    # The fixed-size comparisons run with the small scale (not in a large-only run).
    fixed = _size_bounds()[0] <= 10_000
    if fixed:
        peers.rounds(results)
    peers.mentors(results, states[-1], clock)
    if fixed:
        peers.buddies_small(results)
    for state in states:
        peers.buddies(results, state)
