"""Ranked lists in both directions with the engine's explanation, translated to names.

"For you" ranks open opportunities for a person; candidate search ranks opted-in people for an
opportunity. Both score everyone with the cached engine state, mask by the page's filters,
keep the top k and explain only those (so the explanation cost does not grow with the data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from django.db.models import Q

from trellis.engine import Connection
from trellis.engine import people_to_talk_to as engine_connections
from trellis.engine.explain import Explanation, explain
from trellis.engine.scoring import score_opportunity, score_person
from trellis.engine.topk import select_top
from trellis.market import foryou, live
from trellis.market.cache import market_data
from trellis.market.fetch import MarketData
from trellis.market.models import DIRECTED_KINDS, Kind, Opportunity
from trellis.org.models import OrgUnit, Person
from trellis.skills.models import Role, Skill

if TYPE_CHECKING:
    from trellis.careers.models import CareerProfile

CONSTRAINT_TEXT = {
    "closed": "it no longer takes people",
    "not_opted_in": "the person has not opted in to the marketplace",
    "unit_excluded": "it is not open to this unit",
    "hours": "it needs more hours a week than are available",
    "location": "it is in another location and not remote",
    "months_in_role": "it asks for more months in the current role",
}
GROWTH_TEXT = {
    "wants_to_grow": "a skill you want to grow",
    "stretch": "one level above where you are",
    "target_gap": "closes a gap to your target role",
}


@dataclass(frozen=True)
class SkillLine:
    skill: Skill
    level: int
    min_level: int
    required: bool

    @property
    def gap(self) -> int:
        return max(0, self.min_level - self.level)


@dataclass
class Why:
    """An engine explanation with skill and role names, ready for a template or JSON."""

    readiness: float
    growth: float
    mutual_value: float
    met: list[SkillLine] = field(default_factory=list)
    partial: list[SkillLine] = field(default_factory=list)
    missing: list[SkillLine] = field(default_factory=list)
    growth_skills: list[tuple[Skill, list[str]]] = field(default_factory=list)
    target_roles: list[tuple[Role, list[Skill]]] = field(default_factory=list)
    failed: str | None = None

    @property
    def to_learn(self) -> list[SkillLine]:
        """The skills it asks for that the person does not hold at its level yet."""
        return self.missing + self.partial

    @property
    def failed_text(self) -> str:
        return CONSTRAINT_TEXT.get(self.failed or "", self.failed or "")

    @property
    def percent(self) -> int:
        return round(self.mutual_value * 100)

    @property
    def readiness_percent(self) -> int:
        return round(self.readiness * 100)


def _why(
    data: MarketData, ex: Explanation, skills: dict[int, Skill], roles: dict[int, Role]
) -> Why:
    sid = data.skill_ids
    why = Why(
        readiness=ex.readiness,
        growth=ex.growth,
        mutual_value=ex.mutual_value,
        failed=ex.failed_constraint,
    )
    for m in ex.requirements:
        line = SkillLine(skills[int(sid[m.skill])], m.level, m.min_level, m.required)
        getattr(why, m.status).append(line)
    for g in ex.growth_skills:
        why.growth_skills.append((skills[int(sid[g.skill])], [GROWTH_TEXT[r] for r in g.reasons]))
    for t in ex.target_roles:
        if t.exercised:
            role = roles[int(data.role_ids[t.role])]
            why.target_roles.append((role, [skills[int(sid[s])] for s in t.exercised]))
    return why


def _names(
    data: MarketData, explanations: list[Explanation], more_roles: set[int] | None = None
) -> tuple[dict, dict]:
    """Skills and roles by id, for the explanations (and the engine role indices given)."""
    skill_idx = {m.skill for ex in explanations for m in ex.requirements}
    role_idx = {t.role for ex in explanations for t in ex.target_roles} | (more_roles or set())
    skills = Skill.objects.in_bulk([int(data.skill_ids[s]) for s in skill_idx])
    roles = Role.objects.in_bulk([int(data.role_ids[r]) for r in role_idx]) if role_idx else {}
    return skills, roles


def _unit_ids(unit_path: str) -> list[int]:
    """The unit at ``unit_path`` and every unit below it."""
    return list(
        OrgUnit.objects.filter(Q(path=unit_path) | Q(path__startswith=unit_path + "/")).values_list(
            "id", flat=True
        )
    )


@dataclass
class ForYou:
    opportunity: Opportunity
    why: Why
    status: str = ""
    # The rule that placed or held back the item, and further reasons for its rank.
    rule: str = ""
    also: list[str] = field(default_factory=list)

    @property
    def learns(self) -> bool:
        """An offer to be mentored or to shadow: ranked by growth, no readiness asked."""
        return self.opportunity.kind in DIRECTED_KINDS and not self.opportunity.guides

    @property
    def side(self) -> str:
        if self.opportunity.kind == Kind.MENTORSHIP:
            return "you would mentor others" if self.opportunity.guides else "you would be mentored"
        if self.opportunity.kind == Kind.SHADOWING:
            return "you would be shadowed" if self.opportunity.guides else "you would shadow"
        return ""

    @property
    def growth_percent(self) -> int:
        return round(self.why.growth * 100)


@dataclass(frozen=True)
class ForYouFilters:
    """What the person narrowed For you to (the page's filter form); empty: everything."""

    kind: str = ""
    unit_path: str = ""  # the unit and every unit below it
    max_hours: int | None = None
    remote: bool = False


@dataclass
class ForYouLists:
    """What For you shows: the ranked items, the near misses held back by a readiness floor
    (apart, never as filler) and good fits the person cannot take now (a hard constraint)."""

    items: list[ForYou] = field(default_factory=list)
    near_misses: list[ForYou] = field(default_factory=list)
    blocked: list[ForYou] = field(default_factory=list)


def for_you(
    *,
    person: Person,
    k: int = 20,
    kind: str = "",
    unit_path: str = "",
    max_hours: int | None = None,
    remote: bool = False,
    near: int = 3,
    data: MarketData | None = None,
    audience: str = "self",
) -> ForYouLists:
    """The person's open opportunities as a careers coach would list them.

    The rules (direction of mentorships and shadowing, no role already held, step-backs only
    when asked for, readiness floors per kind, what the person said, variety) are in
    :mod:`trellis.engine.coach` and :mod:`trellis.market.foryou`. ``audience`` says whose
    eyes the list is for: the person's own ("self") uses their whole profile; a manager's
    prep sheet ("manager") only the sections shared with the manager.
    """
    data = data or market_data(person_id=person.pk)
    i = data.person_index.get(person.pk)
    if i is None or data.state.n_opps == 0:
        return ForYouLists()
    scores = score_person(data.state, i)
    mask = data.opp_owner != person.pk
    if kind:
        mask &= data.opp_kind == kind
    if unit_path:
        mask &= np.isin(data.opp_unit, _unit_ids(unit_path))
    if max_hours is not None:
        mask &= data.opp_hours <= max_hours
    if remote:
        mask &= data.opp_remote
    said = foryou.said_by(person, audience=audience)
    who = foryou.who_of(data, i, preferred_track=said.preferred_track)
    placement, value = foryou.place(data, i, scores, who, said, mask)
    picked = foryou.pick(data, i, scores, placement, value, said, k=k, near=near)
    every = picked.items + picked.near_misses + picked.blocked
    exps = [picked.explanations[o] for o in every]
    # The roles of openings and shadowing come with the target roles, in the same query.
    of_role = {int(data.opp_role[o]) for o in every if data.opp_role[o] >= 0}
    skills, roles = _names(data, exps, of_role)
    # Checked at read time (:mod:`trellis.market.live`): one closed or deleted since the bundle
    # was built is left out.
    opps = live.open_by_id([int(data.opp_ids[o]) for o in every], "unit", "owner")
    names = {s: skills[int(data.skill_ids[s])].name for s in _skill_indices(exps)}

    def entries(indices: list[int]) -> list[ForYou]:
        out = []
        for o in indices:
            opp = opps.get(int(data.opp_ids[o]))
            if opp is None:  # closed or deleted since the bundle was built
                continue
            ex, reason = picked.explanations[o], picked.reasons[o]
            role = (
                roles.get(int(data.role_ids[data.opp_role[o]])) if data.opp_role[o] >= 0 else None
            )
            role_title = role.title if role is not None else ""
            out.append(
                ForYou(
                    opp,
                    _why(data, ex, skills, roles),
                    rule=foryou.sentence(reason, ex, names, role_title),
                    also=foryou.extras(reason),
                )
            )
        return out

    return ForYouLists(
        items=entries(picked.items),
        near_misses=entries(picked.near_misses),
        blocked=entries(picked.blocked),
    )


def _skill_indices(explanations: list[Explanation]) -> set[int]:
    return {m.skill for ex in explanations for m in ex.requirements}


@dataclass
class Contact:
    """A colleague to talk to and why: the skills of interest they hold, and whether they
    hold one of the person's target roles now."""

    person: Person
    other_team: bool
    skills: list[tuple[Skill, int]] = field(default_factory=list)  # (skill, their level)
    role: Role | None = None


def contacts_for(
    *,
    person: Person,
    skills: list[Skill],
    k: int = 8,
    data: MarketData | None = None,
    with_targets: bool = True,
) -> list[Contact]:
    """Colleagues to talk to about the person's gap skills and the roles they aim for.

    The target roles are those of the person's open goals; a caller showing the list to
    someone who may not read the person's map passes ``with_targets=False``, so that who
    holds which role cannot hint at a private target. Only active people (listed in
    the directory) who opted in to the marketplace are named, other teams first (see
    :func:`_nameable_connections`). One query for the names and one for the roles, none per
    person.
    """
    data = data or market_data(person_id=person.pk)
    i = data.person_index.get(person.pk)
    if i is None:
        return []
    skill_by_index = {
        data_index: skill
        for skill in skills
        if (data_index := _skill_index(data, skill.pk)) is not None
    }
    role_indices = data.state.targets_of(i) if with_targets else []
    found = _nameable_connections(data, i, skills=sorted(skill_by_index), roles=role_indices, k=k)
    if not found:
        return []
    # Who may be named is checked at read time: someone who opted out or left since the
    # bundle was built is not shown (:mod:`trellis.market.live`).
    people = (
        live.listed_people()
        .select_related("unit")
        .in_bulk([int(data.person_ids[c.person]) for c in found])
    )
    roles = Role.objects.in_bulk([int(data.role_ids[r]) for r in role_indices])
    out = []
    for c in found:
        someone = people.get(int(data.person_ids[c.person]))
        if someone is None:  # no longer listed, or deleted
            continue
        held_role = roles.get(int(data.role_ids[c.role])) if c.holds_target_role else None
        out.append(
            Contact(
                person=someone,
                other_team=not c.same_unit,
                skills=[(skill_by_index[h.skill], h.level) for h in c.skills],
                role=held_role,
            )
        )
    return out


def _nameable_connections(
    data: MarketData, person: int, *, skills: list[int], roles: list[int], k: int
) -> list[Connection]:
    """The engine's connections for ``person`` (engine index) about ``skills`` (engine skill
    indices) and ``roles`` (engine role indices), among people who may be named.

    Named: people in the state (active, so listed in the directory) who opted in to the
    marketplace — their skill levels and roles are otherwise details the directory does not
    show. Order and score are the engine's: other units first, then by how much of the skills
    they hold and whether they hold a target role (:mod:`trellis.engine.connections`).
    """
    if not skills and not roles:
        return []
    return engine_connections(
        data.state, person, skills, target_roles=roles, k=k, allowed=data.state.opted_in
    )


def _skill_index(data: MarketData, skill_id: int) -> int | None:
    pos = int(np.searchsorted(data.skill_ids, skill_id))
    if pos < data.skill_ids.shape[0] and int(data.skill_ids[pos]) == skill_id:
        return pos
    return None


@dataclass
class Candidate:
    person: Person
    why: Why
    shared: dict[str, str] = field(default_factory=dict)


def candidates(
    *,
    opp: Opportunity,
    k: int = 25,
    unit_path: str = "",
    level: int | None = None,
    ready: str = "",
) -> list[Candidate]:
    """Opted-in people ranked for the opportunity, with what they share with the marketplace.

    ``ready`` is "now" (every requirement met) or "growth" (some still to grow).
    """
    from trellis.careers.access import levels_for_audience, visible_sections
    from trellis.careers.models import SECTION_BY_KEY, CareerProfile

    data = market_data()
    o = data.opp_index.get(opp.pk)
    if o is None or not live.takes_people(opp):
        return []
    scores = score_opportunity(data.state, o, require_opt_in=True)
    mask = data.person_ids != opp.owner_id
    if unit_path:
        mask &= np.isin(data.person_unit, _unit_ids(unit_path))
    if level is not None:
        mask &= data.person_level == level
    if ready == "now":
        mask &= scores.readiness >= 1.0 - 1e-6
    elif ready == "growth":
        mask &= scores.readiness < 1.0 - 1e-6
    best = select_top(np.where(mask, scores.mutual_value, 0.0), k).tolist()
    exps = [explain(data.state, p, o, require_opt_in=True) for p in best]
    skills, roles = _names(data, exps)
    ids = [int(data.person_ids[p]) for p in best]
    # Opted in and active now, whatever the bundle says (:mod:`trellis.market.live`).
    people = live.listed_people().select_related("unit").in_bulk(ids)
    profiles: dict[int, CareerProfile] = {
        p.person_id: p for p in CareerProfile.objects.filter(person_id__in=ids)
    }
    market_levels = levels_for_audience("marketplace")
    out = []
    for ex in exps:
        pid = int(data.person_ids[ex.person])
        shared: dict[str, str] = {}
        profile = profiles.get(pid)
        if profile is not None:
            for key in sorted(visible_sections(profile, market_levels)):
                section = SECTION_BY_KEY[key]
                text = " ".join(str(getattr(profile, f)) for f in section.fields[:1])
                if section.fields and text.strip() and key not in ("mobility",):
                    shared[section.label] = text[:300]
        if pid not in people:  # opted out, left or deleted since the bundle was built
            continue
        why = _why(data, ex, skills, roles)
        if profile is None or profile.visibility_of("map") not in market_levels:
            why.target_roles = []  # their career map is not shared with the marketplace
        out.append(Candidate(people[pid], why, shared))
    return out
