"""Stable rounds: many people × many opportunities with capacities, by deferred acceptance.

A pair is acceptable when the opportunity is on the person's (truncated) list. People rank
their list (explicit interests first, then by mutual value); opportunities rank the people who
listed them by readiness (the organisation's side), ties to the lower person index. Every
ranking is strict, so the person-optimal (default) and opportunity-optimal stable matchings are
unique and the result is deterministic.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Final, Literal, cast

import numpy as np
from numpy.typing import NDArray

from trellis.engine.arrays import FloatArray, IntArray, lookup, ranges
from trellis.engine.bulk import TopLists
from trellis.engine.data import EngineState
from trellis.engine.scoring import (
    MUTUAL_BASE,
    MUTUAL_TILT,
    constraint_profiles,
    rank_keys,
)

Proposing = Literal["people", "opportunities"]
_NEVER: Final = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Preferences:
    """Acceptable pairs: person p's list is entries ``ptr[p]:ptr[p + 1]``, best first.

    ``opp_rank[e]`` is the opportunity's rank of entry e's person among everyone who listed it
    (0 is best, unique per opportunity); the scores are kept to explain near-misses.
    """

    n_people: int
    n_opps: int
    ptr: IntArray
    opp: IntArray
    opp_rank: IntArray
    person_score: FloatArray
    opp_score: FloatArray
    capacity: IntArray
    interest: NDArray[np.bool_]

    @property
    def person_of(self) -> IntArray:
        return np.repeat(np.arange(self.n_people, dtype=np.int64), np.diff(self.ptr))

    def list_of(self, person: int) -> list[int]:
        return cast("list[int]", self.opp[self.ptr[person] : self.ptr[person + 1]].tolist())


def make_preferences(
    person_lists: list[list[int]],
    opp_scores: list[list[float]],
    capacity: IntArray | list[int],
    *,
    person_scores: list[list[float]] | None = None,
    interest: list[list[bool]] | None = None,
) -> Preferences:
    """Preferences from explicit ordered lists and the opportunity side's score of each entry."""
    n = len(person_lists)
    cap = np.asarray(capacity, np.int64)
    lens = np.array([len(x) for x in person_lists], np.int64)
    ptr = np.zeros(n + 1, np.int64)
    np.cumsum(lens, out=ptr[1:])
    opp = np.array([o for lst in person_lists for o in lst], np.int64)
    o_score = np.array([s for lst in opp_scores for s in lst], np.float64)
    p_score = (
        np.array([s for lst in person_scores for s in lst], np.float64)
        if person_scores is not None
        else np.zeros(opp.shape[0])
    )
    flags = (
        np.array([f for lst in interest for f in lst], np.bool_)
        if interest is not None
        else np.zeros(opp.shape[0], np.bool_)
    )
    return _finish(n, cap.shape[0], ptr, opp, o_score, p_score, cap, flags)


def _finish(
    n_people: int,
    n_opps: int,
    ptr: IntArray,
    opp: IntArray,
    opp_score: FloatArray,
    person_score: FloatArray,
    capacity: IntArray,
    interest: NDArray[np.bool_],
) -> Preferences:
    person = np.repeat(np.arange(n_people, dtype=np.int64), np.diff(ptr))
    if opp.size:
        pair = person * max(n_opps, 1) + opp
        if np.unique(pair).shape[0] != pair.shape[0]:
            raise ValueError("a person lists the same opportunity twice")
    order = np.lexsort((person, -rank_keys(opp_score), opp))
    rank = np.empty(opp.shape[0], np.int64)
    starts = np.searchsorted(opp[order], np.arange(n_opps))
    rank[order] = np.arange(opp.shape[0]) - starts[opp[order]]
    return Preferences(
        n_people=n_people,
        n_opps=n_opps,
        ptr=ptr,
        opp=opp,
        opp_rank=rank,
        person_score=person_score,
        opp_score=opp_score,
        capacity=np.asarray(capacity, np.int64),
        interest=interest,
    )


def pair_scores(
    state: EngineState, persons: IntArray, opps: IntArray, *, require_opt_in: bool = True
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """Readiness, mutual value and constraint pass of arbitrary (person, opportunity) pairs."""
    if persons.size == 0:
        return np.zeros(0), np.zeros(0), np.zeros(0, np.bool_)
    r = np.asarray(state.person_r[persons].multiply(state.opp_r[opps]).sum(axis=1)).reshape(-1)
    g = np.asarray(state.person_g[persons].multiply(state.opp_g[opps]).sum(axis=1)).reshape(-1)
    prof = constraint_profiles(state, persons, require_opt_in=require_opt_in)
    ok: NDArray[np.bool_] = prof.ok[opps, prof.person_profile]
    if state.excluded.nnz:
        ok &= lookup(state.excluded, opps, state.unit[persons]) == 0
    mv = np.where(ok, r * (MUTUAL_BASE + MUTUAL_TILT * g), 0.0)
    return r.astype(np.float64), mv.astype(np.float64), ok


def build_preferences(
    state: EngineState,
    lists: TopLists,
    *,
    max_len: int | None = None,
    use_interests: bool = True,
    people: IntArray | None = None,
) -> Preferences:
    """Preferences for a round from every person's top list and their explicit interests.

    An interest ranks first (among interests, by mutual value) and survives truncation to
    ``max_len``; an interest whose pair fails a hard constraint is dropped. Only people who
    opted in to the marketplace take part.
    """
    idx = np.arange(state.n_people) if people is None else np.asarray(people, np.int64)
    k = lists.opp.shape[1]
    length = k if max_len is None else min(max_len, k)
    rows = np.repeat(np.arange(idx.shape[0]), k)
    opp = lists.opp[: idx.shape[0]].reshape(-1).astype(np.int64)
    mv = lists.mutual_value[: idx.shape[0]].reshape(-1).astype(np.float64)
    rd = lists.readiness[: idx.shape[0]].reshape(-1).astype(np.float64)
    keep = (opp >= 0) & state.opted_in[idx][rows]
    rows, opp, mv, rd = rows[keep], opp[keep], mv[keep], rd[keep]
    flag = np.zeros(rows.shape[0], np.bool_)
    if use_interests and state.interest_person.size:
        local = np.full(state.n_people, -1, np.int64)
        local[idx] = np.arange(idx.shape[0])
        i_rows = local[state.interest_person]
        i_opp = state.interest_opp[i_rows >= 0]
        i_rows = i_rows[i_rows >= 0]
        # Passing constraints is what makes an interest acceptable, even at zero skill overlap.
        i_rd, i_mv, i_ok = pair_scores(state, idx[i_rows], i_opp)
        i_rows, i_opp, i_rd, i_mv = i_rows[i_ok], i_opp[i_ok], i_rd[i_ok], i_mv[i_ok]
        rows = np.concatenate([i_rows, rows])
        opp = np.concatenate([i_opp, opp])
        mv = np.concatenate([i_mv, mv])
        rd = np.concatenate([i_rd, rd])
        flag = np.concatenate([np.ones(i_rows.shape[0], np.bool_), flag])
        # Drop the list copy of a pair that is also an interest.
        n_o = max(state.n_opps, 1)
        order = np.lexsort((~flag, rows * n_o + opp))
        pair = (rows * n_o + opp)[order]
        first = np.ones(pair.shape[0], np.bool_)
        first[1:] = pair[1:] != pair[:-1]
        sel = np.sort(order[first])
        rows, opp, mv, rd, flag = rows[sel], opp[sel], mv[sel], rd[sel], flag[sel]
    order = np.lexsort((opp, -rank_keys(mv), ~flag, rows))
    rows, opp, mv, rd, flag = rows[order], opp[order], mv[order], rd[order], flag[order]
    starts = np.searchsorted(rows, np.arange(idx.shape[0]))
    pos = np.arange(rows.shape[0]) - starts[rows]
    sel = pos < length
    rows, opp, mv, rd, flag = rows[sel], opp[sel], mv[sel], rd[sel], flag[sel]
    ptr = np.zeros(idx.shape[0] + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=idx.shape[0]), out=ptr[1:])
    return _finish(idx.shape[0], state.n_opps, ptr, opp, rd, mv, state.capacity.copy(), flag)


@dataclass(frozen=True)
class NearMiss:
    """An opportunity an unmatched person listed, and how far they were from its last seat."""

    opportunity: int
    list_position: int
    score: float
    cutoff: float
    gap: float


@dataclass(frozen=True)
class RoundResult:
    """``assignment[p]`` is person p's opportunity (-1 if unmatched), ``choice[p]`` its position
    in p's list; ``blocking_pairs`` counts pairs that would both rather have each other (0 for a
    stable result). Unmatched people's closest opportunities are in :meth:`near_misses`."""

    assignment: IntArray
    choice: IntArray
    blocking_pairs: int
    proposals: int
    proposing: Proposing
    miss_entry: IntArray
    miss_cutoff: FloatArray
    prefs: Preferences

    def assigned_to(self, opp: int) -> list[int]:
        return np.flatnonzero(self.assignment == opp).tolist()

    def near_misses(self, person: int) -> tuple[NearMiss, ...]:
        """The person's best near-misses (smallest gap to the last admitted score), if unmatched.

        ``gap`` is infinite for an opportunity that admitted nobody (closed).
        """
        prefs = self.prefs
        out = []
        for e, cutoff in zip(
            self.miss_entry[person].tolist(), self.miss_cutoff[person].tolist(), strict=True
        ):
            if e < 0:
                break
            score = float(prefs.opp_score[e])
            out.append(
                NearMiss(
                    opportunity=int(prefs.opp[e]),
                    list_position=int(e - prefs.ptr[person]),
                    score=score,
                    cutoff=cutoff,
                    gap=cutoff - score,
                )
            )
        return tuple(out)


def run_round(
    prefs: Preferences, *, proposing: Proposing = "people", near_misses: int = 3
) -> RoundResult:
    """Clear a round by deferred acceptance and check its stability."""
    if proposing == "people":
        held, proposals = _people_propose(prefs)
    elif proposing == "opportunities":
        held, proposals = _opportunities_propose(prefs)
    else:
        raise ValueError(f"unknown proposing side {proposing!r}")
    assignment = np.full(prefs.n_people, -1, np.int64)
    assignment[held >= 0] = prefs.opp[held[held >= 0]]
    choice = np.where(held >= 0, held - prefs.ptr[:-1], -1)
    miss_entry, miss_cutoff = _near_misses(prefs, held, near_misses)
    return RoundResult(
        assignment=assignment,
        choice=choice,
        blocking_pairs=count_blocking_pairs(prefs, held),
        proposals=proposals,
        proposing=proposing,
        miss_entry=miss_entry,
        miss_cutoff=miss_cutoff,
        prefs=prefs,
    )


def _people_propose(prefs: Preferences) -> tuple[IntArray, int]:
    """Person-proposing deferred acceptance, all free people proposing at once each step.

    The order in which free people propose does not change the result (it is always the
    person-optimal stable matching), so each step handles every free person with numpy:
    proposals worse than a full opportunity's worst held rank are refused outright, the rest
    are merged with the current holders and each opportunity keeps its best ``capacity``.
    """
    n, n_o = prefs.n_people, prefs.n_opps
    cap = prefs.capacity
    end = prefs.ptr[1:]
    nxt = prefs.ptr[:-1].copy()
    person_of = prefs.person_of
    held = np.full(n, -1, np.int64)
    seat_off = np.zeros(n_o + 1, np.int64)
    np.cumsum(cap, out=seat_off[1:])
    seat_entry = np.full(int(seat_off[-1]), -1, np.int64)
    seat_rank = np.full(int(seat_off[-1]), _NEVER, np.int64)
    count = np.zeros(n_o, np.int64)
    worst = np.where(cap > 0, _NEVER, -1)
    free = np.flatnonzero(nxt < end)
    proposals = 0
    while free.size:
        e = nxt[free]
        nxt[free] += 1
        proposals += int(e.shape[0])
        o = prefs.opp[e]
        r = prefs.opp_rank[e]
        accept = r < worst[o]
        refused = free[~accept]
        e, o, r = e[accept], o[accept], r[accept]
        losers = np.zeros(0, np.int64)
        if e.size:
            touched = np.unique(o)
            seats = ranges(seat_off[touched], count[touched])
            cand_e = np.concatenate([seat_entry[seats], e])
            cand_r = np.concatenate([seat_rank[seats], r])
            cand_o = np.concatenate([np.repeat(touched, count[touched]), o])
            order = np.lexsort((cand_r, cand_o))
            cand_e, cand_r, cand_o = cand_e[order], cand_r[order], cand_o[order]
            pos = np.arange(cand_o.shape[0]) - np.searchsorted(cand_o, cand_o)
            keep = pos < cap[cand_o]
            at = seat_off[cand_o[keep]] + pos[keep]
            seat_entry[at] = cand_e[keep]
            seat_rank[at] = cand_r[keep]
            group = np.searchsorted(cand_o, touched, side="right") - np.searchsorted(
                cand_o, touched
            )
            count[touched] = np.minimum(cap[touched], group)
            full = count[touched] >= cap[touched]
            last = seat_rank[seat_off[touched] + np.maximum(count[touched] - 1, 0)]
            worst[touched] = np.where(full, last, _NEVER)
            worst[touched[cap[touched] == 0]] = -1
            held[person_of[cand_e[keep]]] = cand_e[keep]
            losers = person_of[cand_e[~keep]]
            held[losers] = -1
        free = np.concatenate([refused, losers])
        free = free[nxt[free] < end[free]]
    return held, proposals


def _opportunities_propose(prefs: Preferences) -> tuple[IntArray, int]:
    """Opportunity-proposing deferred acceptance (the opportunity-optimal stable matching)."""
    n_o = prefs.n_opps
    person_of = prefs.person_of
    order = np.lexsort((prefs.opp_rank, prefs.opp))
    starts = np.searchsorted(prefs.opp[order], np.arange(n_o + 1))
    by_opp = order.tolist()
    ptr_list = prefs.ptr.tolist()
    held = [-1] * prefs.n_people
    count = [0] * n_o
    cap = prefs.capacity.tolist()
    cursor = starts[:-1].tolist()
    stop = starts[1:].tolist()
    opp_of = prefs.opp.tolist()
    owner = person_of.tolist()
    queue = deque(o for o in range(n_o) if cap[o] > 0 and cursor[o] < stop[o])
    proposals = 0
    while queue:
        o = queue.popleft()
        while count[o] < cap[o] and cursor[o] < stop[o]:
            e = by_opp[cursor[o]]
            cursor[o] += 1
            proposals += 1
            p = owner[e]
            current = held[p]
            if current < 0:
                held[p] = e
                count[o] += 1
            elif e - ptr_list[p] < current - ptr_list[p]:
                other = opp_of[current]
                count[other] -= 1
                held[p] = e
                count[o] += 1
                if cursor[other] < stop[other]:
                    queue.append(other)
    return np.array(held, np.int64), proposals


def count_blocking_pairs(prefs: Preferences, held: IntArray) -> int:
    """Acceptable pairs where the person prefers the opportunity to their match (or has none)
    and the opportunity has a free seat or prefers the person to its worst holder."""
    person_of = prefs.person_of
    pos = np.arange(prefs.opp.shape[0]) - prefs.ptr[person_of]
    match_pos = np.where(held >= 0, held - prefs.ptr[:-1], _NEVER)
    count = np.zeros(prefs.n_opps, np.int64)
    worst = np.full(prefs.n_opps, -1, np.int64)
    matched = held[held >= 0]
    np.add.at(count, prefs.opp[matched], 1)
    np.maximum.at(worst, prefs.opp[matched], prefs.opp_rank[matched])
    o = prefs.opp
    accepts = (count[o] < prefs.capacity[o]) | (prefs.opp_rank < worst[o])
    prefers = pos < match_pos[person_of]
    return int(np.count_nonzero(accepts & prefers))


def _near_misses(prefs: Preferences, held: IntArray, k: int) -> tuple[IntArray, FloatArray]:
    """Per person, up to k listed entries with the smallest gap to the opportunity's cutoff
    (the lowest opportunity-side score it admitted); rows of matched people stay -1."""
    entry_out = np.full((prefs.n_people, max(k, 0)), -1, np.int64)
    cutoff_out = np.full((prefs.n_people, max(k, 0)), np.inf)
    person_of = prefs.person_of
    entries = np.flatnonzero(held[person_of] < 0)
    if k <= 0 or entries.size == 0:
        return entry_out, cutoff_out
    matched = held[held >= 0]
    cutoff = np.full(prefs.n_opps, np.inf)
    np.minimum.at(cutoff, prefs.opp[matched], prefs.opp_score[matched])
    o = prefs.opp[entries]
    gap = cutoff[o] - prefs.opp_score[entries]
    p = person_of[entries]
    order = np.lexsort((entries, gap, p))
    entries, p = entries[order], p[order]
    pos = np.arange(entries.shape[0]) - np.searchsorted(p, p)
    keep = pos < k
    entry_out[p[keep], pos[keep]] = entries[keep]
    cutoff_out[p[keep], pos[keep]] = cutoff[prefs.opp[entries[keep]]]
    return entry_out, cutoff_out
