"""How far a person is from a role: the skill gap and a weighted readiness figure.

Pure functions over plain values (no ORM), so the same code serves a page, the API, a
benchmark and the unit tests. ``selectors.person_gap`` does the fetching.

The rules, in one place:

* A requirement is **met** when the person's level is at least the minimum level. A
  minimum of 0 is always met, even for a skill the person has not recorded.
* It is **partly met** when the person has the skill at a level above 0 but below the
  minimum; it earns ``level / min_level`` of its credit (linear partial credit).
* It is **missing** when the person has not recorded the skill or recorded level 0; it
  earns no credit.
* **Readiness** is ``100 × Σ(importance × credit) / Σ(importance)`` over the *required*
  requirements only. Nice-to-haves never lower (or raise) readiness: they are reported
  separately with their own status and their own figure (``nice_to_have_pct``).
* A role with no required requirement has no readiness (``None``): there is nothing to
  measure against, and showing 100 % would be a claim we cannot back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class GapStatus(StrEnum):
    MET = "met"
    PARTIAL = "partial"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {"met": "Met", "partial": "Partly met", "missing": "Missing"}[self.value]


@dataclass(frozen=True)
class Requirement:
    """What a role asks for one skill (a plain copy of a ``RoleRequirement``)."""

    skill_id: int
    skill_name: str
    min_level: int
    importance: int
    is_required: bool = True


@dataclass(frozen=True)
class RequirementGap:
    requirement: Requirement
    level: int | None  # the person's recorded level; None when not recorded
    status: GapStatus
    credit: float  # 0.0 to 1.0, the share of the requirement's weight earned

    @property
    def shortfall(self) -> int:
        """Levels still to climb to reach the minimum (0 when met)."""
        return max(0, self.requirement.min_level - (self.level or 0))


@dataclass(frozen=True)
class RoleGap:
    role_id: int
    role_title: str
    required: list[RequirementGap] = field(default_factory=list)
    nice_to_have: list[RequirementGap] = field(default_factory=list)
    readiness_pct: float | None = None
    nice_to_have_pct: float | None = None

    def count(self, status: GapStatus) -> int:
        return sum(1 for item in self.required if item.status == status)

    @property
    def met(self) -> int:
        return self.count(GapStatus.MET)

    @property
    def partial(self) -> int:
        return self.count(GapStatus.PARTIAL)

    @property
    def missing(self) -> int:
        return self.count(GapStatus.MISSING)


def requirement_gap(requirement: Requirement, level: int | None) -> RequirementGap:
    """Status and credit of one requirement for a person at ``level`` (None: not recorded)."""
    have = level or 0
    if have >= requirement.min_level:
        return RequirementGap(requirement, level, GapStatus.MET, 1.0)
    if have == 0:
        return RequirementGap(requirement, level, GapStatus.MISSING, 0.0)
    return RequirementGap(requirement, level, GapStatus.PARTIAL, have / requirement.min_level)


def weighted_readiness(items: Iterable[RequirementGap]) -> float | None:
    """``100 × Σ(importance × credit) / Σ(importance)``, rounded to one decimal.

    Includes every item given (callers pass required or nice-to-have items, never both);
    ``None`` when there is nothing to weigh.
    """
    total = 0
    earned = 0.0
    for item in items:
        total += item.requirement.importance
        earned += item.requirement.importance * item.credit
    if total == 0:
        return None
    return round(100 * earned / total, 1)


def _order(item: RequirementGap) -> tuple[int, int, int, str]:
    # Biggest gaps first among the most important: what to work on next.
    rank = {GapStatus.MISSING: 0, GapStatus.PARTIAL: 1, GapStatus.MET: 2}[item.status]
    return (rank, -item.requirement.importance, -item.shortfall, item.requirement.skill_name)


def role_gap(
    *,
    role_id: int,
    role_title: str,
    requirements: Iterable[Requirement],
    levels: Mapping[int, int],
) -> RoleGap:
    """The gap of a person (``levels``: skill id -> level) to a role's requirements.

    Readiness covers required requirements only; nice-to-haves get their own figure.
    """
    required: list[RequirementGap] = []
    nice: list[RequirementGap] = []
    for requirement in requirements:
        item = requirement_gap(requirement, levels.get(requirement.skill_id))
        (required if requirement.is_required else nice).append(item)
    required.sort(key=_order)
    nice.sort(key=_order)
    return RoleGap(
        role_id=role_id,
        role_title=role_title,
        required=required,
        nice_to_have=nice,
        readiness_pct=weighted_readiness(required),
        nice_to_have_pct=weighted_readiness(nice),
    )


def rank_by_readiness(gaps: Iterable[RoleGap]) -> list[RoleGap]:
    """Most ready first; roles without a readiness figure last, then by title."""
    return sorted(
        gaps,
        key=lambda g: (g.readiness_pct is None, -(g.readiness_pct or 0.0), g.role_title),
    )
