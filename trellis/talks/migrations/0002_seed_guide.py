"""Seed the SPUR guide with our own questions and guidance; HR edits them from then on."""

from __future__ import annotations

from django.db import migrations

# (area, kind, stance, pull category, text) — written for Trellis, in our own words.
GUIDE: tuple[tuple[str, str, str, str, str], ...] = (
    # Self-assessment: what the person knows about themselves.
    ("self", "ask", "", "energy", "Think of a recent week: which moments gave you energy, and which ones drained it?"),
    ("self", "ask", "", "energy", "When you lose track of time at work, what are you usually doing?"),
    ("self", "ask", "", "values", "What matters most to you in a job right now, and has that changed in the last few years?"),
    ("self", "ask", "", "values", "If you had to drop one thing from your work to protect something you care about, what would you protect?"),
    ("self", "ask", "", "strengths", "What do you do well that you would like to do more of?"),
    ("self", "ask", "", "strengths", "Where do you feel least sure of yourself, and how does that show up in your work?"),
    ("self", "ask", "", "interests", "Outside your current tasks, what topics or hobbies keep pulling your attention?"),
    ("self", "offer", "facilitator", "", "Reflect back what you hear without judging it, and let silences run: the answer often comes after the pause."),
    ("self", "offer", "resource", "", "Point to the Career OS check-in and the values list in the profile as a starting point for reflection."),
    # Perceptions: how others see the person.
    ("perceptions", "ask", "", "strengths", "What do colleagues come to you for, even when it is not part of your job?"),
    ("perceptions", "ask", "", "history", "Which piece of work from your past are you proudest of, and what did it teach you?"),
    ("perceptions", "ask", "", "", "How do you think the people you work with would describe you in three words?"),
    ("perceptions", "offer", "expert", "", "Share one concrete strength you have observed, with an example of when you saw it."),
    ("perceptions", "offer", "resource", "", "Suggest a feedback request to three colleagues in Trellis to learn what they rely on them for."),
    # Understanding connections: between the person's work, goals and the organization.
    ("connections", "ask", "", "goals", "Where would you like to be in a year, and what would tell you that you got there?"),
    ("connections", "ask", "", "goals", "Looking further out, what kind of work would you love to be doing in three to five years?"),
    ("connections", "ask", "", "learning", "Which skill would make the biggest difference to the work you want to do next?"),
    ("connections", "ask", "", "learning", "Is there something you have wanted to learn for a while but never found the time for?"),
    ("connections", "ask", "", "history", "Which earlier jobs, studies or side projects shaped how you work today?"),
    ("connections", "offer", "expert", "", "Explain how the team's priorities for the next months connect to the goals they named."),
    ("connections", "offer", "resource", "", "Introduce someone who holds the role they are curious about, and suggest a short call."),
    ("connections", "offer", "facilitator", "", "Ask them to draw the link between a task they enjoy and the role they want, in their own words."),
    # Reality testing: checking plans against what the organization needs and offers.
    ("reality", "ask", "", "goals", "What is one step toward your goal that you could take in the next month?"),
    ("reality", "ask", "", "interests", "Which kinds of projects would you volunteer for if a seat opened tomorrow?"),
    ("reality", "ask", "", "", "What could get in the way of your plan, and what would help you get past it?"),
    ("reality", "offer", "expert", "", "Be candid about the gap to the target role: name the skills and the level it asks for."),
    ("reality", "offer", "resource", "", "Show open opportunities, gigs or stretch assignments that would test the plan in practice."),
    ("reality", "offer", "facilitator", "", "Invite them to rate how ready they feel for the next step, then compare it with the gap view together."),
    # For the last fifteen minutes of a 1:1.
    ("self", "last15", "", "", "What did you learn this month that you did not know before?"),
    ("connections", "last15", "", "", "Which part of your work lately felt most like the future you want?"),
    ("reality", "last15", "", "", "What is one thing I could do in the next two weeks to help you grow?"),
    ("perceptions", "last15", "", "", "Who did you help recently, and what did they thank you for?"),
)


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    SpurQuestion = apps.get_model("talks", "SpurQuestion")
    SpurQuestion.objects.bulk_create(
        SpurQuestion(area=area, kind=kind, stance=stance, category=category, text=text)
        for area, kind, stance, category, text in GUIDE
    )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    SpurQuestion = apps.get_model("talks", "SpurQuestion")
    SpurQuestion.objects.filter(text__in=[row[4] for row in GUIDE]).delete()


class Migration(migrations.Migration):
    dependencies = [("talks", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
