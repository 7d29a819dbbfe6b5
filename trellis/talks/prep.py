"""The prep sheet for a conversation.

It is built in a fixed number of queries whatever the size of the organization or the
history: a *fetch* step loads plain rows, :mod:`trellis.talks.puzzle` computes the pieces.
Profile sections are read through the careers access policy, so a section the person
keeps private never reaches the sheet (it counts as missing). The manager's coverage page
is :mod:`trellis.talks.coverage`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from trellis.careers import access as career_access
from trellis.careers.gap import gap_for
from trellis.careers.models import Action, ActionKind, CareerProfile, Checkpoint, Goal
from trellis.careers.models import Status as GoalStatus
from trellis.market.cache import market_data
from trellis.market.fetch import MarketData
from trellis.market.models import Opportunity
from trellis.market.recommend import GROWTH_TEXT, Contact, Why, contacts_for, for_you
from trellis.org.access import Viewer, can_see_details
from trellis.org.models import Person
from trellis.skills.gap import GapStatus, RoleGap
from trellis.skills.learning import Suggestion, gap_needs, learning_for_skills
from trellis.skills.models import Appetite, PersonSkill, Role, Skill
from trellis.talks import access
from trellis.talks.models import (
    Conversation,
    ConversationItem,
    Direction,
    FollowUp,
    PreWork,
    PullCategory,
    QuestionKind,
    SpurQuestion,
)
from trellis.talks.puzzle import Evidence, Piece, State, known_count, puzzle

# A report without a held conversation for this long is quiet (coverage page, reminders).
QUIET_AFTER = dt.timedelta(days=90)
# Profile fields that tell about each pull category (the section is checked separately).
PROFILE_EVIDENCE: dict[str, tuple[tuple[str, str], ...]] = {
    PullCategory.GOALS: (("aspirations", "aspiration_short"), ("aspirations", "aspiration_long")),
    PullCategory.INTERESTS: (("interests", "interests"),),
    PullCategory.VALUES: (("values", "values_own"),),
    PullCategory.HISTORY: (("history", "education_history"),),
    # "Known for" (where accepted push items and feedback answers can land) tells strengths.
    PullCategory.STRENGTHS: (
        ("strengths", "strengths"),
        ("weaknesses", "weaknesses"),
        ("known_for", "known_for"),
    ),
    PullCategory.ENERGY: (("motivators", "motivators"),),
}
ITEMS_LIMIT = 300
OPPORTUNITIES_SHOWN = 3
# Answers of the pre-work that tell about a pull category (what they learned lately is
# shown on the sheet but fills no piece: it is neither a wish to learn nor their history).
PREWORK_EVIDENCE = {"enjoy": PullCategory.ENERGY, "next_role": PullCategory.GOALS}


def profile_evidence(profile: CareerProfile | None, sections: frozenset[str]) -> list[Evidence]:
    if profile is None or profile.pk is None:
        return []
    on = timezone.localdate(profile.updated_at)
    found = []
    for category, fields in PROFILE_EVIDENCE.items():
        for section, name in fields:
            if section in sections and getattr(profile, name).strip():
                found.append(Evidence(category, "profile", getattr(profile, name).strip(), on))
    if "values" in sections and profile.values_chosen:
        found.append(Evidence(PullCategory.VALUES, "profile", ", ".join(profile.values_labels), on))
    return found


def _map_evidence(goals: Iterable[Goal]) -> list[Evidence]:
    found = []
    for goal in goals:
        on = timezone.localdate(goal.created_at)
        found.append(Evidence(PullCategory.GOALS, "map", goal.title, on))
        for action in goal.actions.all():
            if action.kind == ActionKind.LEARN:
                found.append(
                    Evidence(
                        PullCategory.LEARNING,
                        "map",
                        action.title,
                        timezone.localdate(action.created_at),
                    )
                )
    return found


def _skill_evidence(grow: Iterable[PersonSkill]) -> list[Evidence]:
    return [
        Evidence(
            PullCategory.LEARNING,
            "skills",
            f"wants to grow {s.skill.name}",
            timezone.localdate(s.updated_at),
        )
        for s in grow
    ]


def _prework_evidence(preworks: Iterable[PreWork]) -> list[Evidence]:
    return [
        Evidence(category, "pre-work", getattr(p, name), timezone.localdate(p.answered_at))
        for p in preworks
        if p.answered_at is not None
        for name, category in PREWORK_EVIDENCE.items()
        if getattr(p, name).strip()
    ]


def _item_evidence(items: Iterable[ConversationItem]) -> list[Evidence]:
    return [
        Evidence(i.category, "conversation", i.text, timezone.localdate(i.conversation.when))
        for i in items
    ]


@dataclass(frozen=True)
class OpportunityPush:
    """One opportunity worth offering, with the part of the explanation the viewer may see."""

    opportunity: Opportunity
    why: Why
    percent: int


@dataclass
class PrepSheet:
    person: Person
    pieces: list[Piece]
    questions: dict[str, list[SpurQuestion]]
    target_role: Role | None
    gap: RoleGap | None
    learning_steps: list[str]
    people_to_meet: list[Person]
    skill_contacts: list[Contact]
    opportunities: list[OpportunityPush]
    prework: list[PreWork]
    overdue: list[Checkpoint]
    followups: list[FollowUp]
    conversations: list[Conversation]
    last15: list[SpurQuestion]
    sees_map: bool
    sees_skills: bool
    extra: dict[str, object] = field(default_factory=dict)
    learning: list[Suggestion] = field(default_factory=list)  # catalog items for the gap

    @property
    def known(self) -> int:
        return known_count(self.pieces)

    @property
    def gaps(self) -> list[Piece]:
        return [p for p in self.pieces if p.state != State.KNOWN]


def _questions_for(pieces: list[Piece], today: dt.date, per_gap: int = 2) -> dict[str, list]:
    wanted = {p.category for p in pieces if p.state != State.KNOWN}
    by_category: dict[str, list[SpurQuestion]] = defaultdict(list)
    if wanted:
        for q in SpurQuestion.objects.filter(
            active=True, kind=QuestionKind.ASK, category__in=wanted
        ).order_by("id"):
            by_category[q.category].append(q)
    chosen = {}
    for category, questions in by_category.items():
        # Rotate day by day so a manager preparing often sees different phrasings.
        start = today.toordinal() % len(questions)
        rotated = questions[start:] + questions[:start]
        chosen[category] = rotated[:per_gap]
    return chosen


def _opportunities(person: Person, *, sees_map: bool, data: MarketData) -> list[OpportunityPush]:
    """The person's best open opportunities from the marketplace's ranking ("For you").

    Only open opportunities are ranked (drafts, filled and closed ones are not in the
    market's data). The explanation keeps skills matched, partly met, missing and to grow;
    it drops the target roles, and growth reasons that name a target, when the viewer may
    not read the person's map.
    """
    best = for_you(
        person=person, k=OPPORTUNITIES_SHOWN, near=0, data=data, audience="manager"
    ).items
    # The market words its reasons for the person ("you"); the sheet speaks about them.
    said = {
        GROWTH_TEXT["wants_to_grow"]: "wants to grow it",
        GROWTH_TEXT["stretch"]: "one level above theirs",
        GROWTH_TEXT["target_gap"]: "closes a gap to their target role",
    }
    hidden = set() if sees_map else {GROWTH_TEXT["target_gap"]}
    pushes = []
    for entry in best:
        why = entry.why
        if why.mutual_value <= 0 or why.failed:
            continue
        growth = [
            (skill, [said.get(r, r) for r in reasons if r not in hidden])
            for skill, reasons in why.growth_skills
        ]
        why = replace(
            why,
            target_roles=why.target_roles if sees_map else [],
            growth_skills=[(skill, reasons) for skill, reasons in growth if reasons],
        )
        pushes.append(OpportunityPush(entry.opportunity, why, why.percent))
    return pushes


CONTACTS = 6  # people to meet listed on a sheet


def _skill_contacts(
    person: Person, gap: RoleGap | None, *, sees_map: bool, data: MarketData
) -> list[Contact]:
    """People to meet for the skills the target role asks and the person lacks.

    The market's rule (:func:`~trellis.market.recommend.contacts_for`, the engine's
    connections): active colleagues who opted in to the marketplace and hold those skills or
    the person's target role, other teams first. Target-role holders count only for viewers
    who may read the person's map.
    """
    if gap is None:
        return []
    lacking = [item.requirement.skill_id for item in gap.required if item.status != GapStatus.MET]
    if not lacking:
        return []
    skills = list(Skill.objects.filter(pk__in=lacking))
    return contacts_for(person=person, skills=skills, k=CONTACTS, with_targets=sees_map, data=data)


@dataclass(frozen=True)
class _Seen:
    """What the viewer may read of the person: profile sections, the map, the skills."""

    profile: CareerProfile | None
    sections: frozenset[str]
    sees_map: bool
    sees_skills: bool


def _seen(viewer: Viewer, person: Person) -> _Seen:
    profile = CareerProfile.objects.filter(person=person).first()
    levels = career_access.readable_levels(viewer, person)
    sections = career_access.visible_sections(profile or CareerProfile(person=person), levels)
    return _Seen(
        profile=profile,
        sections=frozenset(sections),
        sees_map="map" in sections,
        sees_skills=can_see_details(viewer, person),
    )


def _goals(person: Person) -> list[Goal]:
    """The person's goals with their actions and open checkpoints: three queries."""
    open_checkpoints = Prefetch("checkpoints", queryset=Checkpoint.objects.filter(done=False))
    actions = Action.objects.prefetch_related(open_checkpoints)
    return list(
        Goal.objects.filter(person=person)
        .select_related("target_role")
        .prefetch_related(Prefetch("actions", queryset=actions))
    )


def _evidence(
    person: Person,
    seen: _Seen,
    goals: list[Goal],
    readable: QuerySet[Conversation],
    preworks: list[PreWork],
) -> list[Evidence]:
    """What is known about the person, from every source the viewer may read."""
    grow: list[PersonSkill] = []
    if seen.sees_skills:
        grow = list(
            PersonSkill.objects.filter(person=person, appetite=Appetite.GROW).select_related(
                "skill"
            )
        )
    items = (
        ConversationItem.objects.filter(direction=Direction.PULL, conversation__in=readable)
        .select_related("conversation")
        .order_by("-conversation__when", "-id")[:ITEMS_LIMIT]
    )
    return (
        profile_evidence(seen.profile, seen.sections)
        + _map_evidence(goals)
        + _skill_evidence(grow)
        + _item_evidence(items)
        + _prework_evidence(preworks)
    )


def _learning_steps(gap: RoleGap | None) -> list[str]:
    steps = []
    for item in gap.required if gap is not None else []:
        req = item.requirement
        if item.status == GapStatus.MISSING:
            steps.append(f"Start learning {req.skill_name} (the role asks for {req.min_level})")
        elif item.status == GapStatus.PARTIAL:
            steps.append(f"Grow {req.skill_name} from {item.level} to {req.min_level} on real work")
    return steps


def _role_holders(person: Person, target: Role | None) -> list[Person]:
    """Up to three who already hold the target role, in another team."""
    if target is None:
        return []
    return list(
        Person.objects.filter(role=target, is_active=True)
        .exclude(pk=person.pk)
        .exclude(unit_id=person.unit_id)
        .select_related("unit")
        .order_by("last_name", "pk")[:3]
    )


def prep_sheet(*, viewer: Viewer, person: Person, today: dt.date | None = None) -> PrepSheet:
    """Everything a viewer may know about ``person`` for a career conversation.

    The caller has checked :func:`access.can_talk_with`; this reads only what the careers
    and talks policies let the viewer see. Opportunities and people strong in the gap
    skills come from the marketplace's ranking and are shown only to viewers who may see
    the person's skills (the explanation is made of them).
    """
    today = today or timezone.localdate()
    seen = _seen(viewer, person)
    goals = _goals(person) if seen.sees_map else []
    readable = Conversation.objects.filter(access.conversations_readable(viewer), person=person)
    me = viewer.person
    preworks = list(
        PreWork.objects.filter(
            person=person, conversation__author_id=me.pk if me is not None else None
        )
        .select_related("conversation")
        .order_by("-conversation__when", "-id")[:3]
    )
    pieces = puzzle(_evidence(person, seen, goals, readable, preworks), today=today)
    open_goals = [g for g in goals if g.status not in (GoalStatus.DONE, GoalStatus.DROPPED)]
    target = next((g.target_role for g in open_goals if g.target_role is not None), None)
    gap = None
    if target is not None and seen.sees_skills:
        gap = gap_for(person_id=person.pk, role=target)
    holders = _role_holders(person, target)
    # One look at the market's cache (and its freshness checks) serves both pushes.
    data = market_data(person_id=person.pk)
    contacts = _skill_contacts(person, gap, sees_map=seen.sees_map, data=data)
    opportunities = []
    if seen.sees_skills:
        opportunities = _opportunities(person, sees_map=seen.sees_map, data=data)
    already = {c.person.pk for c in contacts}
    return PrepSheet(
        person=person,
        pieces=pieces,
        questions=_questions_for(pieces, today),
        target_role=target,
        gap=gap,
        learning_steps=_learning_steps(gap),
        learning=learning_for_skills(needs=gap_needs(gap)) if gap is not None else [],
        people_to_meet=[p for p in holders if p.pk not in already],
        skill_contacts=contacts,
        opportunities=opportunities,
        prework=preworks,
        overdue=[
            cp
            for g in goals
            for a in g.actions.all()
            for cp in a.checkpoints.all()
            if cp.due < today
        ],
        followups=list(
            FollowUp.objects.filter(conversation__in=readable, done=False)
            .select_related("owner")
            .order_by("due", "id")[:20]
        ),
        conversations=list(readable.select_related("author").order_by("-when", "-id")[:5]),
        last15=list(SpurQuestion.objects.filter(active=True, kind=QuestionKind.LAST15)[:5]),
        sees_map=seen.sees_map,
        sees_skills=seen.sees_skills,
    )
