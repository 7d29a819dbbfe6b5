"""The words that help people fill in their career data: prompts, steps, next steps.

All written for Trellis; kept in one place so that pages, the API and the deck agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from trellis.careers.models import ActionKind, Muscle

PROMPTS: dict[str, str] = {
    "summary": "Three sentences are plenty: what you do, what you are good at, and the "
    "difference it makes to the people around you.",
    "aspiration_short": "What would make the next twelve months feel like a step forward? "
    "A skill, a project, a kind of responsibility?",
    "aspiration_long": "Picture yourself in three to five years. What are you doing on a good "
    "day? It does not have to be a job title.",
    "motivators": "Think of a week when time flew. What was going on — the problem, the "
    "people, the recognition, the freedom?",
    "values_chosen": "Pick the few that you would defend when a decision gets hard.",
    "values_own": "Anything missing from the list? Add it, separated by commas.",
    "interests": "Hobbies and side interests often hint at strengths work does not see yet.",
    "education_history": "Schools, courses, previous jobs and turning points — the story of "
    "how you got here, in a few lines.",
    "strengths": "What do colleagues come to you for? What feels easy to you but not to others?",
    "weaknesses": "What drains you or keeps tripping you up? Naming it is the first step "
    "to working around it.",
    "known_for": "If a colleague described you to a newcomer, what would they say?",
    "want_known_for": "And what would you like them to say a year from now?",
    "swot_strengths": "One per line: what gives you an edge.",
    "swot_weaknesses": "One per line: what holds you back.",
    "swot_opportunities": "One per line: openings around you — projects, trends, people.",
    "swot_threats": "One per line: what could get in the way from outside.",
    "barriers_internal": "Beliefs or habits of your own that slow you down.",
    "barriers_external": "Circumstances around you: time, budget, location, family, policy.",
    "open_to_lateral": "A sideways move can teach more than a step up.",
    "open_to_relocation": "Only tick this if you would really consider moving.",
    "track_preference": "Leading people and growing deep expertise are both ways up.",
    "project_hours": "Hours a week you could give to a project or gig outside your role.",
}


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    intro: str
    fields: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "Who I am",
        "Start with the short version of your story.",
        ("summary", "known_for", "want_known_for"),
    ),
    Step(
        2,
        "Where I am going",
        "Near and far: both can change later.",
        ("aspiration_short", "aspiration_long"),
    ),
    Step(
        3,
        "What drives me",
        "What keeps you going and what matters to you.",
        ("motivators", "values_chosen", "values_own", "interests"),
    ),
    Step(
        4,
        "Strengths and history",
        "Where you come from and what you bring.",
        ("strengths", "weaknesses", "education_history"),
    ),
    Step(
        5,
        "SWOT and barriers",
        "These stay private unless you decide otherwise.",
        (
            "swot_strengths",
            "swot_weaknesses",
            "swot_opportunities",
            "swot_threats",
            "barriers_internal",
            "barriers_external",
        ),
    ),
    Step(
        6,
        "Mobility",
        "How open you are to moves and side projects.",
        ("open_to_lateral", "open_to_relocation", "track_preference", "project_hours"),
    ),
)

LOW_SCORE = 2

# For each muscle, concrete things to try when it scores low: (action kind, title).
NEXT_STEPS: dict[str, tuple[tuple[str, str], ...]] = {
    Muscle.PLANNING: (
        (ActionKind.LEARN, "Block one hour a month to review and update my career map"),
        (ActionKind.CONNECT, "Ask my manager for a conversation about where I want to go"),
    ),
    Muscle.LEARNING: (
        (ActionKind.LEARN, "Pick one course or book for this quarter and finish it"),
        (ActionKind.EXPERIENCE, "Teach something I just learned to my team"),
    ),
    Muscle.PERFORMANCE: (
        (ActionKind.CONNECT, "Agree with my manager on what a great quarter looks like"),
        (ActionKind.EXPOSURE, "Ask for feedback right after my next delivery"),
    ),
    Muscle.STORYTELLING: (
        (ActionKind.LEARN, "Write my career story in five sentences and test it on a friend"),
        (ActionKind.EXPOSURE, "Present a piece of my work at a team meeting"),
    ),
    Muscle.SKILLS: (
        (ActionKind.LEARN, "Choose the one skill my target role needs most and start on it"),
        (ActionKind.EXPERIENCE, "Volunteer for a task that stretches a skill I want to grow"),
    ),
    Muscle.MARKETING: (
        (ActionKind.EXPOSURE, "Log three recent accomplishments with their impact"),
        (ActionKind.EXPOSURE, "Share a lesson learned with people outside my team"),
    ),
    Muscle.RELATIONSHIPS: (
        (ActionKind.CONNECT, "Have coffee with someone from another team each month"),
        (ActionKind.CONNECT, "Find a mentor who holds a role I am curious about"),
    ),
    Muscle.ACUMEN: (
        (ActionKind.LEARN, "Read this year's company strategy and note where my work fits"),
        (ActionKind.CONNECT, "Ask a leader in another department what worries them most"),
    ),
}

MUSCLE_GOAL_TITLE = "Strengthen my career muscles"
