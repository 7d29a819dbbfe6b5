"""One query across people, roles, skills, opportunities and pages, each through the access
rules of the app that owns it.

People are matched on directory facts only (name, job title, employee id), never on career
profile text, so a private section can never be found by someone else. Each section is ranked
by its own measure and cut at a few results; the full lists are one click away.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from trellis.market.selectors import opportunity_feed
from trellis.org.access import Viewer
from trellis.org.models import Person
from trellis.org.picker import people_pick
from trellis.skills.models import Role, Skill
from trellis.skills.search import normalize, role_hits, skill_hits
from trellis.talks.access import can_read_guide
from trellis.talks.selectors import has_reports

PER_SECTION = 5
QUERY_MAX = 100


@dataclass(frozen=True)
class Result:
    label: str
    url: str
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    results: list[Result] = field(default_factory=list)
    more_url: str = ""  # the full list, when the section was cut


@dataclass
class Page:
    title: str
    url_name: str
    words: str
    audience: str = "everyone"  # everyone | guide | hr


PAGES = (
    Page("Mobility policy", "mobility_policy", "mobility policy move apply internal months"),
    Page("Data sources and licences", "data_sources", "data sources licences o*net esco"),
    Page("My data", "my_data", "my data export privacy download personal"),
    Page("Career lattice", "role_lattice", "lattice career paths moves roles"),
    Page("KSA matrix", "ksa_matrix", "ksa matrix knowledge skills abilities department"),
    Page("SPUR conversation guide", "talks:guide", "spur guide conversation questions", "guide"),
    Page("Insights", "insights:overview", "insights supply demand mobility coverage", "hr"),
    Page("Import people", "import_people", "import people hris csv", "hr"),
)


def _pages(viewer: Viewer, q: str) -> list[Result]:
    terms = q.split()
    results = []
    for page in PAGES:
        if page.audience == "hr" and not viewer.is_hr_or_admin:
            continue
        if page.audience == "guide" and not can_read_guide(viewer, has_reports=has_reports(viewer)):
            continue
        text = normalize(f"{page.title} {page.words}")
        if all(term in text for term in terms):
            results.append(Result(page.title, reverse(page.url_name)))
    return results[:PER_SECTION]


def _people(viewer: Viewer, q: str) -> Section:
    """The people picker's engine (trellis/org/picker.py), so the section walks the same name
    indexes: an employee id typed whole, then names starting with the query (first name,
    then last name), then job titles, then members of a unit whose name holds it."""
    found = people_pick(viewer=viewer, q=q, limit=PER_SECTION + 1)
    section = Section("people", "People")
    section.results = [
        Result(p.full_name, reverse("person_detail", args=[p.pk]), _person_detail(p))
        for p in found[:PER_SECTION]
    ]
    if len(found) > PER_SECTION:
        section.more_url = f"{reverse('directory')}?{urlencode({'q': q})}"
    return section


def _person_detail(person: Person) -> str:
    return " · ".join(
        part for part in (person.title, person.unit.name if person.unit else "") if part
    )


def _roles(q: str) -> Section:
    hits = role_hits(q, limit=PER_SECTION + 1)
    roles = Role.objects.in_bulk([h.target_id for h in hits[:PER_SECTION]])
    section = Section("roles", "Roles")
    for hit in hits[:PER_SECTION]:
        role = roles.get(hit.target_id)
        if role is None:
            continue
        detail = f"level {role.level}" + (
            f" · also called {hit.matched}" if hit.matched != role.title else ""
        )
        section.results.append(Result(role.title, reverse("role_detail", args=[role.pk]), detail))
    if len(hits) > PER_SECTION:
        section.more_url = f"{reverse('role_list')}?{urlencode({'q': q})}"
    return section


def _skills(q: str) -> Section:
    hits = skill_hits(q, limit=PER_SECTION + 1)
    skills = Skill.objects.in_bulk([h.target_id for h in hits[:PER_SECTION]])
    section = Section("skills", "Skills")
    for hit in hits[:PER_SECTION]:
        skill = skills.get(hit.target_id)
        if skill is None:
            continue
        detail = f"also called {hit.matched}" if hit.matched != skill.name else ""
        section.results.append(Result(skill.name, reverse("skill_detail", args=[skill.pk]), detail))
    if len(hits) > PER_SECTION:
        section.more_url = f"{reverse('skill_list')}?{urlencode({'q': q})}"
    return section


def _opportunities(viewer: Viewer, q: str) -> Section:
    found = list(opportunity_feed(viewer=viewer, q=q)[: PER_SECTION + 1])
    section = Section("opportunities", "Opportunities")
    section.results = [
        Result(o.title, reverse("market:detail", args=[o.pk]), o.get_kind_display())
        for o in found[:PER_SECTION]
    ]
    if len(found) > PER_SECTION:
        section.more_url = f"{reverse('market:feed')}?{urlencode({'q': q})}"
    return section


def global_search(*, viewer: Viewer, q: str) -> list[Section]:
    """The sections that found something, in a fixed order (people first: most searches are
    for a colleague). Empty for a stranger or a blank query."""
    q = " ".join(q.split())[:QUERY_MAX]
    if not viewer.is_authenticated or not q:
        return []
    sections = [
        _people(viewer, q),
        _roles(q),
        _skills(q),
        _opportunities(viewer, q),
        Section("pages", "Pages", _pages(viewer, normalize(q))),
    ]
    return [s for s in sections if s.results]
