"""Orientation pages of the demo organization, for people in their first 90 days (our own
words, in the small Markdown of :mod:`trellis.talks.markdown`)."""

from __future__ import annotations

from trellis.org.registry import DemoStep
from trellis.talks.models import OrientationPage

_PAGES = (
    (
        "How moving inside the company works",
        "Most of us change roles more than once here. **Internal moves come first**: open roles, "
        "projects and gigs are shown to colleagues before anyone outside hears of them.\n\n"
        "- Look at *For you* once a month: it lists what fits your skills and what you\n"
        "  want to grow.\n"
        "- You can apply after about a year in your role; a project or a gig can start sooner.\n"
        "- Your manager hears of an application only when the policy says so.\n\n"
        "The full rules are in the mobility policy.",
    ),
    (
        "Your first career conversation",
        "A career conversation is not a performance review. It is an hour with your manager "
        "about **where you want to go** and what would help.\n\n"
        "1. Fill in the parts of your profile you are happy to share.\n"
        "2. Note two or three things you enjoy and one you would like to learn.\n"
        "3. Ask your manager what they see as your strengths.\n\n"
        "Book it in your first month; a short one is better than none.",
    ),
    (
        "Realistic time in a role",
        "People usually spend **two to three years** in a role before a move up, and less before "
        "a move across. Stretch work, mentoring and projects count as growth too: a year with "
        "a new skill is not a year lost.",
    ),
)


def orientation_demo_step(seed: int) -> str:
    OrientationPage.objects.bulk_create(
        OrientationPage(title=title, body=body, for_new_joiners=True, position=index)
        for index, (title, body) in enumerate(_PAGES)
    )
    return f"{len(_PAGES)} orientation pages"


def orientation_demo_reset() -> None:
    OrientationPage.objects.all().delete()


def demo_step() -> DemoStep:
    return DemoStep(
        app="orientation", generate=orientation_demo_step, reset=orientation_demo_reset, order=31
    )
