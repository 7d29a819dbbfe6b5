"""The mentor side of a pairing round: explicit asks first, then opted-in people who grow.

Each open ask is a row of its own (a person may ask for mentors in two skills); opted-in people
without an ask and not already held by a mentor pair are rows weighted by everything they want
to grow. Mentors' seats are what they offer minus their proposed and accepted mentees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from trellis.engine import pairing as engine_pairing
from trellis.market.fetch import MarketData
from trellis.market.models import MentorRequest
from trellis.market.pairing import (
    _REASON,
    _indices,
    _LeftOut,
    _names,
    _Pair,
    _Result,
    _shared_sentence,
    _skill_names,
    _teach_sentences,
    open_requests_locked,
)
from trellis.market.services import MarketError
from trellis.org.models import Person


def _request_sentences(
    data: MarketData, mentor: int, request: MentorRequest, mentee: int, first: str
) -> list[str]:
    skill_index = _skill_index(data).get(request.skill_id, -1)
    levels = data.state.levels
    held = int(levels[[mentor], [skill_index]][0]) if skill_index >= 0 else 0
    own = int(levels[[mentee], [skill_index]][0]) if skill_index >= 0 else 0
    them = request.person.first_name
    return [
        f"{first} can help {them} with {request.skill.name} ({held} vs {own})",
        f"{them} asked for a mentor in {request.skill.name}: “{request.goal}” "
        f"({request.hours_per_month} hour{'s' if request.hours_per_month != 1 else ''} a month)",
    ]


def _skill_index(data: MarketData) -> dict[int, int]:
    return {int(s): i for i, s in enumerate(data.skill_ids.tolist())}


def mentor_result(
    data: MarketData,
    opted: list[tuple[int, int, bool]],
    held: Counter[int],
    told: Callable[[str, str], str],
) -> _Result:
    state = data.state
    seats = [(p, c - held[p]) for p, c, _ in opted if c > 0 and p in data.person_index]
    seats = [(p, c) for p, c in seats if c > 0]
    mentors = _indices(data, [p for p, _ in seats])
    cap = np.array([c for _, c in seats], np.int64)
    asks = [r for r in open_requests_locked() if r.person_id in data.person_index]
    asking = {r.person_id for r in asks}
    offering = {p for p, c, _ in opted if c > 0}
    general = _indices(
        data,
        [p for p, _, _ in opted if p not in offering and p not in asking and not held[-p]],
    )
    if mentors.shape[0] == 0 or (general.shape[0] == 0 and not asks):
        raise MarketError("A mentor round needs mentors with seats and people to mentor.")
    skill_of = _skill_index(data)
    ask_people = _indices(data, [r.person_id for r in asks])
    ask_skills = np.array([skill_of.get(r.skill_id, 0) for r in asks], np.int64)
    weights = np.vstack(
        [
            engine_pairing.request_weights(state, ask_people, ask_skills, mentors),
            engine_pairing.mentor_weights(state, general, mentors),
        ]
    )
    for row, r in enumerate(asks):
        if r.skill_id not in skill_of:
            weights[row] = 0.0  # nobody in the data holds the skill: no mentor can help
    assignment = engine_pairing.assign_from_weights(weights, cap)
    return _collect(data, asks, ask_people, general, mentors, weights, assignment, told)


def _collect(
    data: MarketData,
    asks: list[MentorRequest],
    ask_people: np.ndarray,
    general: np.ndarray,
    mentors: np.ndarray,
    weights: np.ndarray,
    assignment: engine_pairing.MentorAssignment,
    told: Callable[[str, str], str],
) -> _Result:
    state = data.state
    result = _Result()
    chosen = [(e, m) for e, m in enumerate(assignment.mentor_of.tolist()) if m >= 0]
    mentee_of = {
        e: int(ask_people[e] if e < len(asks) else general[e - len(asks)]) for e, _ in chosen
    }
    people = _names(data, [int(mentors[m]) for _, m in chosen] + list(mentee_of.values()))

    def person(i: int) -> Person:
        return people[int(data.person_ids[i])]

    teach = {
        e: engine_pairing.mentor_reasons(state, int(mentors[m]), mentee_of[e])
        for e, m in chosen
        if e >= len(asks)
    }
    names = _skill_names(data, list(teach.values()))
    for e, m in chosen:
        mentor, mentee = int(mentors[m]), mentee_of[e]
        a, b = person(mentor), person(mentee)
        if e < len(asks):
            text = _request_sentences(data, mentor, asks[e], mentee, a.first_name)
            result.pairs.append(_Pair(mentor, mentee, float(weights[e, m]), text, asks[e]))
            continue
        shared = engine_pairing.pair_reasons(state, mentor, mentee).shared_tags
        text = _teach_sentences(data, a, b, teach[e], names) + _shared_sentence(data, a, b, shared)
        result.pairs.append(_Pair(mentor, mentee, float(weights[e, m]), text))
    alone, why = engine_pairing.mentees_left_out(weights, assignment)
    for e, code in zip(alone.tolist(), why.tolist(), strict=True):
        if e < len(asks):
            reason = _REASON[code]
            ask = asks[e]
            result.left_out.append(
                _LeftOut(ask.person_id, reason, told(reason, ask.skill.name), ask)
            )
    return result
