"""A learning catalog for the demo organization: courses, internal resources, communities,
books and stretch work, each building a few of the demo's skills (our own titles; the links
point at the organization's made-up intranet). Skills the catalog names but the organization
does not have are skipped, so the step also runs on a trimmed taxonomy."""

from __future__ import annotations

from trellis.org.registry import DemoStep
from trellis.skills.models import LearningItem, LearningKind, LearningSkill, Skill

_INTRANET = "https://learning.evergreen.example/"
# title, kind, hours, description, (skill, level) ...
_CATALOG: tuple[tuple[str, str, int, str, tuple[tuple[str, int], ...]], ...] = (
    (
        "Python for the working engineer",
        LearningKind.COURSE,
        24,
        "Eight evening sessions from scripts to tested packages.",
        (("Python", 3), ("Automated testing", 2)),
    ),
    (
        "SQL from zero to reports",
        LearningKind.COURSE,
        16,
        "Queries, joins and window functions on the company's own data.",
        (("SQL", 3), ("Data analysis", 2)),
    ),
    (
        "System design reading group",
        LearningKind.COMMUNITY,
        20,
        "One design a fortnight, discussed with senior engineers.",
        (("System design", 4), ("Software architecture", 3)),
    ),
    (
        "Run the platform on-call for a quarter",
        LearningKind.STRETCH,
        60,
        "Shadow, then hold the pager with a mentor at hand.",
        (("Incident management", 3), ("Observability", 3), ("Kubernetes", 3)),
    ),
    (
        "Infrastructure as code clinic",
        LearningKind.INTERNAL,
        6,
        "Monthly clinic of the platform team; bring your module.",
        (("Terraform", 3), ("Infrastructure as code", 3)),
    ),
    (
        "Capacity planning playbook",
        LearningKind.INTERNAL,
        4,
        "How the platform team forecasts and buys capacity.",
        (("Capacity planning", 3),),
    ),
    (
        "Storytelling with numbers",
        LearningKind.BOOK,
        10,
        "A short book on charts that make one point well.",
        (("Storytelling with data", 3), ("Data visualisation", 2)),
    ),
    (
        "Customer interviews, hands on",
        LearningKind.COURSE,
        12,
        "Plan, run and synthesise five interviews with real customers.",
        (("User interviewing", 3), ("Research synthesis", 2)),
    ),
    (
        "Product roadmapping workshop",
        LearningKind.COURSE,
        8,
        "From outcomes to a roadmap leaders can challenge.",
        (("Roadmapping", 3), ("Prioritisation", 3)),
    ),
    (
        "Negotiation essentials",
        LearningKind.COURSE,
        12,
        "Preparation, anchoring and walking away, with role plays.",
        (("Negotiation", 3),),
    ),
    (
        "Prospecting sprint with the field team",
        LearningKind.STRETCH,
        30,
        "Two weeks in a field sales pod, building a pipeline.",
        (("Prospecting", 3), ("Sales pipeline management", 2)),
    ),
    (
        "First-time managers' circle",
        LearningKind.COMMUNITY,
        18,
        "New managers meet monthly to work through real cases.",
        (("Coaching", 3), ("Giving feedback", 3), ("Hiring", 2)),
    ),
    (
        "Listening well",
        LearningKind.BOOK,
        6,
        "Short chapters on listening to understand, with exercises.",
        (("Active listening", 3),),
    ),
    (
        "Speak at the all-hands",
        LearningKind.STRETCH,
        10,
        "Prepare and give a ten-minute talk with a coach.",
        (("Public speaking", 3),),
    ),
    (
        "Finance for non-finance people",
        LearningKind.COURSE,
        10,
        "Budgets, forecasts and the numbers leaders ask about.",
        (("Budgeting", 2), ("Financial acumen", 2)),
    ),
    (
        "Threat modelling kata",
        LearningKind.INTERNAL,
        5,
        "Practise threat models on the company's own services.",
        (("Threat modelling", 3), ("Secure coding", 2)),
    ),
)


def learning_demo_step(seed: int) -> str:
    """The demo step: the catalog above (the seed does not change it)."""
    names = {name for *_, builds in _CATALOG for name, _ in builds}
    skills = dict(Skill.objects.filter(name__in=names).values_list("name", "pk"))
    items, builds = [], []
    for index, (title, kind, hours, description, wanted) in enumerate(_CATALOG):
        slug = title.lower().replace(" ", "-").replace("'", "")
        item = LearningItem(
            title=title,
            kind=kind,
            effort_hours=hours,
            description=description,
            url=f"{_INTRANET}{index + 1}-{slug[:60]}",
        )
        items.append(item)
        builds += [(item, skills[name], level) for name, level in wanted if name in skills]
    LearningItem.objects.bulk_create(items)
    LearningSkill.objects.bulk_create(
        LearningSkill(item=item, skill_id=skill, level=level) for item, skill, level in builds
    )
    return f"{len(items)} learning items"


def learning_demo_reset() -> None:
    LearningItem.objects.all().delete()


def demo_step() -> DemoStep:
    return DemoStep(app="skills", generate=learning_demo_step, reset=learning_demo_reset, order=5)
