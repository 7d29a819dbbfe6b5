"""Who a pairing round leaves out and why; the weights of explicit asks for a mentor."""

from __future__ import annotations

import numpy as np
import pytest

from tests.engine.test_pairing import _people_state
from trellis.engine.pairing import (
    NO_PARTNER,
    REQUEST_PRIORITY,
    TAKEN,
    assign_from_weights,
    buddies_left_out,
    mentees_left_out,
    pair_buddies,
    request_weights,
)


def test_request_weights_by_hand() -> None:
    state = _people_state()  # type: ignore[assignment]
    # Ben (1) asks for skill 0: Ana (unit 0) holds it at 4 vs his 1 → full credit; Cat at 2
    # → half; Dan (0) → nothing. Cat (2) asks for skill 0: Ana is in her unit → 0.
    w = request_weights(
        state,  # type: ignore[arg-type]
        np.array([1, 2]),
        np.array([0, 0]),
        np.array([0, 2, 3]),
    )
    expected = [[REQUEST_PRIORITY + 1.0, REQUEST_PRIORITY + 0.5, 0.0], [0.0, 0.0, 0.0]]
    assert w.ravel().tolist() == pytest.approx(np.array(expected).ravel().tolist())


def test_mentees_left_out_tell_full_seats_from_no_partner() -> None:
    weights = np.array([[2.0, 0.0], [1.0, 0.0], [0.0, 0.0]])
    assignment = assign_from_weights(weights, np.array([1, 1]))
    assert assignment.mentor_of.tolist() == [0, -1, -1]
    rows, why = mentees_left_out(weights, assignment)
    assert rows.tolist() == [1, 2]
    assert why.tolist() == [TAKEN, NO_PARTNER]


def test_buddies_left_out_without_a_candidate_have_no_partner() -> None:
    state = _people_state()
    found = pair_buddies(state, people=np.array([0, 1, 2]))  # type: ignore[arg-type]
    alone, why = buddies_left_out(found, np.array([0, 1, 2]))
    # Ana and Ben pair; Cat could have taught Ben, who went to Ana: her partner was taken.
    assert alone.tolist() == [2]
    assert why.tolist() == [TAKEN]
    # Ana and Cat share a unit: no candidate across teams at all.
    found = pair_buddies(state, people=np.array([0, 2]))  # type: ignore[arg-type]
    alone, why = buddies_left_out(found, np.array([0, 2]))
    assert alone.tolist() == [0, 2]
    assert why.tolist() == [NO_PARTNER, NO_PARTNER]
