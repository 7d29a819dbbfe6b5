from __future__ import annotations

import datetime as dt

from trellis.talks.puzzle import STALE_AFTER, Evidence, State, known_count, puzzle, state_of

TODAY = dt.date(2025, 6, 30)


def test_state_boundaries() -> None:
    assert state_of(None, TODAY) == State.MISSING
    assert state_of(TODAY, TODAY) == State.KNOWN
    assert state_of(TODAY - STALE_AFTER, TODAY) == State.KNOWN
    assert state_of(TODAY - STALE_AFTER - dt.timedelta(days=1), TODAY) == State.STALE


def test_one_piece_per_category_newest_evidence_decides() -> None:
    old = Evidence("interests", "profile", "Chess", TODAY - dt.timedelta(days=400))
    new = Evidence("interests", "conversation", "Climbing", TODAY - dt.timedelta(days=3))
    stale = Evidence("values", "profile", "Craft", TODAY - dt.timedelta(days=200))
    pieces = {p.category: p for p in puzzle([old, new, stale], today=TODAY)}
    assert list(pieces) == [
        "goals",
        "interests",
        "values",
        "history",
        "learning",
        "strengths",
        "energy",
    ]
    assert pieces["interests"].state == State.KNOWN
    assert [e.text for e in pieces["interests"].evidence] == ["Climbing", "Chess"]
    assert pieces["values"].state == State.STALE
    assert pieces["goals"].state == State.MISSING
    assert known_count(pieces.values()) == 1


def test_keep_bounds_evidence_not_dates() -> None:
    items = [Evidence("goals", "map", f"Goal {n}", TODAY - dt.timedelta(days=n)) for n in range(10)]
    (goals, *_) = puzzle(items, today=TODAY, keep=2)
    assert [e.text for e in goals.evidence] == ["Goal 0", "Goal 1"]
    assert goals.latest == TODAY


def test_unknown_categories_are_ignored() -> None:
    assert all(
        p.state == State.MISSING for p in puzzle([Evidence("x", "p", "t", TODAY)], today=TODAY)
    )
