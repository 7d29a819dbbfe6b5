"""Demo marketplace data: open opportunities from managers, opted-in people and interests.

Deterministic for a seed; call after the organization, roles and person skills exist.
Rows are written in batches (no per-row services), so it stays quick at 100,000 people.
Mentorships alternate between offers to be mentored and calls for mentors; shadowing and open
roles name their role.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from trellis.market.models import (
    Direction,
    Interest,
    InterestEvent,
    InterestStatus,
    Kind,
    MarketplaceOptIn,
    Opportunity,
    OpportunitySkill,
    OpportunityStatus,
)
from trellis.org.models import Person
from trellis.skills.models import RoleRequirement

_TITLES = {
    Kind.ROLE: "Open role: {role}",
    Kind.PROJECT: "Project: {unit} improvement",
    Kind.GIG: "Gig: help {unit} with {skill}",
    Kind.STRETCH: "Stretch: lead a {skill} initiative",
    Kind.SHADOWING: "Shadow a {role} for a week",
    Kind.MENTORSHIP: "Be mentored in {skill}",
}
# Every other mentorship looks for mentors rather than mentees.
_GUIDE_TITLE = "Mentor others in {skill}"


_Need = list[tuple[int, int, int, bool]]  # (skill, min level, importance, required)


def _requirements_by_role() -> dict[int, _Need]:
    reqs: dict[int, _Need] = {}
    rows = RoleRequirement.objects.filter(min_level__gt=0).values_list(
        "role_id", "skill_id", "min_level", "importance", "is_required"
    )
    for role_id, skill_id, lvl, imp, req in rows:
        reqs.setdefault(role_id, []).append((skill_id, lvl, imp, req))
    return reqs


def _opportunities(
    rng: random.Random,
    n_opps: int,
    unit_of: dict[int, int],
    managers: list[int],
    reqs: dict[int, _Need],
) -> tuple[list[Opportunity], list[_Need]]:
    """Unsaved opportunities posted by managers for their unit, with the skills each needs."""
    from trellis.org.models import OrgUnit
    from trellis.skills.models import Role, Skill

    # Opportunities draw on the roles people actually hold, so demand resembles the company
    # (a uniform pick over every role would post mostly for roles nobody can fill).
    held = Person.objects.filter(is_active=True, role_id__in=list(reqs)).order_by("id")
    roles = list(held.values_list("role_id", flat=True)) or sorted(reqs)
    role_title = dict(Role.objects.values_list("id", "title"))
    unit_name = dict(OrgUnit.objects.values_list("id", "name"))
    needed = {s for r in reqs.values() for s, *_ in r}
    skill_name = dict(Skill.objects.filter(id__in=needed).values_list("id", "name"))
    now = timezone.now()
    kinds = list(Kind)
    opps: list[Opportunity] = []
    skills_of: list[_Need] = []
    for n in range(n_opps if managers and roles else 0):
        owner = rng.choice(managers)
        role = rng.choice(roles)
        kind = kinds[n % len(kinds)]
        need = rng.sample(reqs[role], min(len(reqs[role]), rng.randint(2, 5)))
        guide = kind == Kind.MENTORSHIP and (n // len(kinds)) % 2 == 1
        title = (_GUIDE_TITLE if guide else _TITLES[kind]).format(
            role=role_title.get(role, "role"),
            unit=unit_name.get(unit_of[owner], "team"),
            skill=skill_name.get(need[0][0], "skills"),
        )
        opps.append(
            Opportunity(
                kind=kind,
                title=title[:200],
                description="A demo opportunity.",
                unit_id=unit_of[owner],
                owner_id=owner,
                # An open role and a shadowing are of a role: For you compares it with the
                # person's own (no opening for a role held, no shadowing of one's own job).
                role_id=role if kind in (Kind.ROLE, Kind.SHADOWING) else None,
                direction=Direction.GUIDE if guide else Direction.LEARN,
                capacity=rng.randint(1, 3),
                hours_per_week=0 if kind == Kind.ROLE else rng.choice([2, 4, 8]),
                remote=rng.random() < 0.7,
                status=OpportunityStatus.OPEN,
                published_at=now,
            )
        )
        skills_of.append(need)
    return opps, skills_of


def _interests(rng: random.Random, opted: list[int], opps: list[Opportunity]) -> list[Interest]:
    """Unsaved interests of a fifth of the opted-in people, one opportunity each."""
    interests: list[Interest] = []
    seen: set[tuple[int, int]] = set()
    for p in rng.sample(opted, min(len(opted), max(1, len(opted) // 5))) if opps else []:
        o = rng.choice(opps)
        if o.owner_id == p or (p, o.pk) in seen:
            continue
        seen.add((p, o.pk))
        interests.append(
            Interest(
                person_id=p,
                opportunity=o,
                status=rng.choice(
                    [InterestStatus.INTERESTED, InterestStatus.APPLIED, InterestStatus.APPLIED]
                ),
            )
        )
    return interests


@transaction.atomic
def market_demo_generate(
    *, seed: int, opportunities_per_100: int = 5, opt_in_share: float = 0.4
) -> dict[str, int]:
    rng = random.Random(seed)
    people = list(
        Person.objects.filter(is_active=True)
        .order_by("id")
        .values_list("id", "unit_id", "manager_id")
    )
    if not people:
        return {"opportunities": 0, "opted_in": 0, "interests": 0}
    # Owners post for their own unit, so only managers placed in a unit can own one.
    unit_of: dict[int, int] = {p: u for p, u, _ in people if u is not None}
    managers = sorted({m for _, _, m in people if m is not None and m in unit_of})
    n_opps = max(3, len(people) * opportunities_per_100 // 100)
    opps, skills_of = _opportunities(rng, n_opps, unit_of, managers, _requirements_by_role())
    Opportunity.objects.bulk_create(opps, batch_size=1000)
    OpportunitySkill.objects.bulk_create(
        [
            OpportunitySkill(
                opportunity=o, skill_id=s, min_level=lvl, weight=max(1, min(5, imp)), required=req
            )
            for o, need in zip(opps, skills_of, strict=True)
            for s, lvl, imp, req in need
        ],
        batch_size=5000,
    )
    opted = [p for p, _, _ in people if rng.random() < opt_in_share]
    MarketplaceOptIn.objects.bulk_create(
        [
            MarketplaceOptIn(
                person_id=p,
                opted_in=True,
                wants_buddy=rng.random() < 0.2,
                mentor_capacity=1 if rng.random() < 0.05 else 0,
            )
            for p in opted
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    interests = _interests(rng, opted, opps)
    Interest.objects.bulk_create(interests, batch_size=5000)
    InterestEvent.objects.bulk_create(
        [InterestEvent(interest=i, from_status="", to_status=i.status) for i in interests],
        batch_size=5000,
    )
    return {"opportunities": len(opps), "opted_in": len(opted), "interests": len(interests)}


@transaction.atomic
def market_demo_reset() -> None:
    """Delete the marketplace (rounds, pairings, opportunities and everything hanging on
    them) so that the organization under it can be rebuilt."""
    from trellis.market.models import MarketplaceOptIn, PairingRound, Round

    Round.objects.all().delete()
    PairingRound.objects.all().delete()
    Opportunity.objects.all().delete()
    MarketplaceOptIn.objects.all().delete()
