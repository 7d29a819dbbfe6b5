"""A lived-in career for the demo employee: profile, map, check-in and accomplishment,
written through the same services production uses. Her conversation with her manager is the
talks app's part of the story (:mod:`trellis.talks.demo`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from trellis.careers import services
from trellis.careers.models import ActionKind, Horizon, Muscle
from trellis.org.models import Person
from trellis.org.registry import DemoStep
from trellis.skills.demo import demo_story_people
from trellis.skills.models import RoleTransition, TransitionKind

_PROFILE = {
    "summary": (
        "I build and run the services other teams rely on. I like turning a messy incident "
        "into a calm runbook, and I am the person people ask when a deploy looks odd."
    ),
    "aspiration_short": "Lead the design of one service end to end this year.",
    "aspiration_long": "Grow into a senior engineer who mentors others and shapes our platform.",
    "motivators": "Hard problems with real users; seeing a fix land the same week.",
    "values_chosen": ["craft", "growth", "teamwork"],
    "interests": "Climbing, bread baking, open-source tooling.",
    "education_history": "Physics degree; two years in a start-up before joining.",
    "strengths": "Debugging under pressure; writing clear post-mortems.",
    "weaknesses": "I say yes to too many small requests.",
    "known_for": "Calm during incidents.",
    "want_known_for": "Designing systems that need no heroics.",
    "swot_strengths": "Deep knowledge of our deploy pipeline.",
    "swot_opportunities": "The platform re-architecture starting next quarter.",
    "open_to_lateral": True,
    "project_hours": 4,
}

_SCORES: dict[str, tuple[int, str]] = {
    Muscle.PLANNING: (3, "I have a goal but no dates yet."),
    Muscle.LEARNING: (4, "A course a quarter."),
    Muscle.PERFORMANCE: (3, ""),
    Muscle.STORYTELLING: (2, "I undersell what I do."),
    Muscle.SKILLS: (4, ""),
    Muscle.MARKETING: (2, "Few people outside my team know my work."),
    Muscle.RELATIONSHIPS: (3, ""),
    Muscle.ACUMEN: (3, ""),
}


@transaction.atomic
def career_demo_seed(*, employee: Person, manager: Person) -> None:
    """Fill the demo employee's career."""
    actor = employee.user
    assert actor is not None  # the demo employee is one of the demo logins
    services.profile_update(actor=actor, person=employee, data=_PROFILE)
    today = timezone.localdate()
    promotion = (
        RoleTransition.objects.filter(from_role=employee.role_id, kind=TransitionKind.PROMOTION)
        .select_related("to_role")
        .first()
    )
    goal = services.goal_create(
        actor=actor,
        person=employee,
        title="Be ready for the next level",
        description="Close the gaps to the next role on my path and show it on a real project.",
        horizon=Horizon.LONG,
        target_role=promotion.to_role if promotion else None,
        target_date=today + dt.timedelta(days=365),
    )
    action = services.action_create(
        actor=actor,
        goal=goal,
        kind=ActionKind.EXPERIENCE,
        title="Lead the design review of the next platform service",
        measure="Design accepted by the architecture group",
        support_needed="A slot in the architecture review",
        support_from=manager.full_name,
    )
    services.checkpoint_create(
        actor=actor, action=action, title="First draft shared", due=today - dt.timedelta(days=7)
    )
    services.checkpoint_create(
        actor=actor, action=action, title="Review held", due=today + dt.timedelta(days=45)
    )
    services.checkin_record(actor=actor, person=employee, scores=dict(_SCORES))
    services.accomplishment_create(
        actor=actor,
        person=employee,
        title="Cut deploy time in half",
        what="Parallelised the build and removed two manual approval steps.",
        impact="Teams ship twice a day instead of twice a week.",
        date=today - dt.timedelta(days=40),
    )


def careers_demo_step(seed: int) -> str:
    """The demo step: the demo employee's career, when the demo logins exist."""
    people = demo_story_people()
    if people is not None:
        career_demo_seed(employee=people[0], manager=people[1])
    return ""


def demo_step() -> DemoStep:
    return DemoStep(app="careers", generate=careers_demo_step, order=10)
