from __future__ import annotations

from trellis.skills.gap import (
    GapStatus,
    Requirement,
    rank_by_readiness,
    requirement_gap,
    role_gap,
)


def _req(skill_id: int, min_level: int, importance: int = 3, required: bool = True) -> Requirement:
    return Requirement(skill_id, f"skill {skill_id}", min_level, importance, required)


def test_met_partial_missing() -> None:
    assert requirement_gap(_req(1, 3), 4).status == GapStatus.MET
    assert requirement_gap(_req(1, 3), 3).credit == 1.0
    partial = requirement_gap(_req(1, 4), 1)
    assert partial.status == GapStatus.PARTIAL and partial.credit == 0.25
    assert partial.shortfall == 3
    assert requirement_gap(_req(1, 2), None).status == GapStatus.MISSING
    zero = requirement_gap(_req(1, 2), 0)
    assert zero.status == GapStatus.MISSING and zero.credit == 0.0


def test_minimum_zero_is_met_even_when_not_recorded() -> None:
    gap = requirement_gap(_req(1, 0), None)
    assert gap.status == GapStatus.MET and gap.credit == 1.0


def test_readiness_is_weighted_by_importance() -> None:
    # importance 5 fully met, importance 1 missing: 5 / 6
    gap = role_gap(
        role_id=1,
        role_title="R",
        requirements=[_req(1, 3, importance=5), _req(2, 3, importance=1)],
        levels={1: 5},
    )
    assert gap.readiness_pct == round(100 * 5 / 6, 1)
    # the same with the weights swapped: 1 / 6
    gap = role_gap(
        role_id=1,
        role_title="R",
        requirements=[_req(1, 3, importance=1), _req(2, 3, importance=5)],
        levels={1: 5},
    )
    assert gap.readiness_pct == round(100 / 6, 1)


def test_partial_credit_is_linear_and_weighted() -> None:
    gap = role_gap(
        role_id=1,
        role_title="R",
        requirements=[_req(1, 4, importance=2), _req(2, 2, importance=2)],
        levels={1: 2, 2: 2},
    )
    # (2 × 0.5 + 2 × 1) / 4 = 75 %
    assert gap.readiness_pct == 75.0
    assert (gap.met, gap.partial, gap.missing) == (1, 1, 0)
    # gaps come first
    assert gap.required[0].status == GapStatus.PARTIAL


def test_nice_to_haves_do_not_change_readiness() -> None:
    requirements = [_req(1, 3, importance=4), _req(2, 5, importance=5, required=False)]
    gap = role_gap(role_id=1, role_title="R", requirements=requirements, levels={1: 3})
    assert gap.readiness_pct == 100.0
    assert gap.nice_to_have_pct == 0.0
    assert [i.requirement.skill_id for i in gap.nice_to_have] == [2]


def test_no_required_skill_means_no_readiness_and_ranks_last() -> None:
    empty = role_gap(role_id=2, role_title="Empty", requirements=[], levels={})
    assert empty.readiness_pct is None
    half = role_gap(role_id=3, role_title="Half", requirements=[_req(1, 4)], levels={1: 2})
    full = role_gap(role_id=4, role_title="Full", requirements=[_req(1, 1)], levels={1: 2})
    assert [g.role_title for g in rank_by_readiness([empty, half, full])] == [
        "Full",
        "Half",
        "Empty",
    ]
