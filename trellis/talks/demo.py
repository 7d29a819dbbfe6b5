"""Career conversations for the demo organization: a year of them, so that coverage, prep
sheets, insights and reminders have something to show.

About two in three people with a manager had one to four conversations with that manager in
the last year; some managers also planned one for the coming weeks. Texts come from short
pools written for the demo. Deterministic for a seed; written with ``bulk_create`` so that a
100,000-person organization gets its conversations in seconds.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.org.registry import DemoStep
from trellis.skills.demo import demo_story_people
from trellis.talks.models import (
    PLANNED_KINDS,
    Conversation,
    ConversationItem,
    Direction,
    FollowUp,
    Kind,
    PullCategory,
    PushCategory,
    Spur,
    Stance,
    Status,
    TalkVisibility,
)
from trellis.talks.services import FollowUpData, ItemData, conversation_log

_SUMMARIES = (
    "Looked back at the quarter and at what they want more of next.",
    "Talked through the move they are curious about and what it would take.",
    "Went over the feedback from the project review and what to practise.",
    "Short corridor chat after the demo: they would like more customer contact.",
    "Checked in on the learning plan; the course is half done.",
    "Discussed which stretch assignment fits the next six months.",
)
_PULLS = {
    PullCategory.GOALS: (
        "Wants to lead a small project within a year.",
        "Sees themself in a senior role in three years.",
    ),
    PullCategory.INTERESTS: ("Runs a local meetup on weekends.", "Enjoys teaching newcomers."),
    PullCategory.VALUES: ("Cares about doing things properly more than quickly.",),
    PullCategory.HISTORY: ("Started in support before moving to this team.",),
    PullCategory.LEARNING: (
        "Would like to learn more about data analysis.",
        "Asked about a course on negotiation.",
    ),
    PullCategory.STRENGTHS: ("Says they explain things well but avoid conflict.",),
    PullCategory.ENERGY: ("Energised by hard problems, drained by long status meetings.",),
}
_PUSHES = {
    PushCategory.PATHS: ("Showed the two usual next steps on the lattice.",),
    PushCategory.PEOPLE: ("Suggested a coffee with someone in a neighbouring team.",),
    PushCategory.STRENGTHS_SEEN: ("Pointed out how calmly they handled the outage.",),
    PushCategory.LEARNING_OFFER: ("Offered a seat in the next internal workshop.",),
    PushCategory.FEEDBACK: ("Shared what the stakeholders said about the last delivery.",),
    PushCategory.GAPS: ("Named the one skill that stands between them and the next level.",),
}
_FOLLOW_UPS = ("Send the course link", "Book the coffee chat", "Draft a one-page plan")
_BATCH = 5000


def talks_demo_generate(*, seed: int, today: dt.date | None = None) -> int:
    """Create the demo conversations; returns how many were made."""
    rng = random.Random(seed * 7919 + 17)
    today = today or timezone.localdate()
    now = dt.datetime.combine(today, dt.time(10), tzinfo=dt.UTC)
    pairs = list(
        Person.objects.filter(is_active=True, manager__isnull=False, manager__is_active=True)
        # People with a written story (the demo employee) keep just that.
        .exclude(pk__in=Conversation.objects.values("person_id"))
        .order_by("pk")
        .values_list("pk", "manager_id")
    )
    made = 0
    for start in range(0, len(pairs), _BATCH):
        convs: list[Conversation] = []
        for person_id, manager_id in pairs[start : start + _BATCH]:
            convs.extend(_conversations(rng, person_id=person_id, manager_id=manager_id, now=now))
        Conversation.objects.bulk_create(convs, batch_size=1000)
        items, followups = _items_and_followups(rng, convs, today=today)
        ConversationItem.objects.bulk_create(items, batch_size=1000)
        FollowUp.objects.bulk_create(followups, batch_size=1000)
        made += len(convs)
    return made


def _conversations(
    rng: random.Random, *, person_id: int, manager_id: int, now: dt.datetime
) -> list[Conversation]:
    """About two in three people had one to four conversations in the last year; one in
    ten also has a career session planned."""
    convs: list[Conversation] = []
    if rng.random() < 0.35:
        return convs
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(Kind.values)
        convs.append(
            Conversation(
                author_id=manager_id,
                person_id=person_id,
                when=now - dt.timedelta(days=rng.randrange(1, 365), hours=rng.randrange(8)),
                kind=kind,
                status=Status.HELD,
                planned=kind in PLANNED_KINDS,
                summary=rng.choice(_SUMMARIES),
                spur_areas=rng.sample(list(Spur.values), rng.randint(1, 2)),
                stance=rng.choice(list(Stance.values)),
                visibility=TalkVisibility.SHARED if rng.random() < 0.85 else TalkVisibility.PRIVATE,
            )
        )
    if rng.random() < 0.1:
        convs.append(
            Conversation(
                author_id=manager_id,
                person_id=person_id,
                when=now + dt.timedelta(days=rng.randrange(1, 21)),
                kind=Kind.CAREER_SESSION,
                status=Status.PLANNED,
                planned=True,
                summary="Career session: where you want to be in a year.",
            )
        )
    return convs


def _items_and_followups(
    rng: random.Random, convs: list[Conversation], *, today: dt.date
) -> tuple[list[ConversationItem], list[FollowUp]]:
    """One pull and one push item per held conversation; a follow-up for one in four."""
    pulls, pushes = list(_PULLS.items()), list(_PUSHES.items())
    items: list[ConversationItem] = []
    followups: list[FollowUp] = []
    for conv in convs:
        if conv.status != Status.HELD:
            continue
        # Drawn in this order (kind of pull, its text, kind of push, its text) for a seed's
        # demo to stay the same.
        for direction, pool in ((Direction.PULL, pulls), (Direction.PUSH, pushes)):
            category, texts = rng.choice(pool)
            text = rng.choice(texts)
            items.append(
                ConversationItem(
                    conversation=conv, direction=direction, category=category, text=text
                )
            )
        if rng.random() < 0.25:
            followups.append(
                FollowUp(
                    conversation=conv,
                    owner_id=rng.choice((conv.person_id, conv.author_id)),
                    text=rng.choice(_FOLLOW_UPS),
                    due=conv.when.date() + dt.timedelta(days=rng.randrange(7, 45)),
                    done=conv.when.date() + dt.timedelta(days=45) < today and rng.random() < 0.7,
                )
            )
    return items, followups


def talks_demo_story(*, employee: Person, manager: Person, today: dt.date) -> None:
    """The demo employee's conversation with her manager, logged as a manager would."""
    assert manager.user is not None  # the demo manager is one of the demo logins
    conversation_log(
        viewer=viewer_for(manager.user),
        person=employee,
        when=timezone.now() - dt.timedelta(days=20),
        kind=Kind.ONE_ON_ONE,
        summary="Talked about the platform re-architecture and what the next level asks.",
        spur_areas=[Spur.SELF, Spur.REALITY],
        stance=Stance.FACILITATOR,
        items=[
            ItemData(Direction.PULL, PullCategory.LEARNING, "Wants to learn capacity planning"),
            ItemData(Direction.PULL, PullCategory.ENERGY, "Drained by constant small requests"),
            ItemData(Direction.PUSH, PushCategory.FEEDBACK, "Your incident write-ups are a model"),
        ],
        followups=[
            FollowUpData(
                owner=employee,
                text="Block two mornings a week for design work",
                due=today + dt.timedelta(days=14),
            )
        ],
    )


def talks_demo_step(seed: int) -> str:
    """The demo step: the demo employee's story, then everyone else's conversations."""
    people = demo_story_people()
    if people is not None:
        talks_demo_story(employee=people[0], manager=people[1], today=timezone.localdate())
    return f"{talks_demo_generate(seed=seed)} career conversations"


def demo_step() -> DemoStep:
    return DemoStep(app="talks", generate=talks_demo_step, order=30)
