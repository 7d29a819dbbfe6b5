"""Reads for the taxonomy browser: the skill tree one level at a time, opened at a match.

The tree is the ``parent`` link of skills (migration 0002): O*NET content-model groups
(Skills › Basic Skills › Reading Comprehension), ESCO skill groups and our own groups, each
imported skill under its group. Everyone signed in may browse it. Each level costs two
queries (the skills, and how many children each has), whatever the size of the taxonomy;
opening at a match costs two per level above it.

What a skill's facts say about people are counts only, withheld under five
(:mod:`trellis.org.aggregates`), so they never single anyone out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404

from trellis.org.access import Viewer
from trellis.org.aggregates import shown
from trellis.skills.models import Appetite, PersonSkill, Role, RoleRequirement, Skill

LEVEL_LIMIT = 100  # skills listed per level; the rest are counted and found by search
ROLES_LISTED = 12
MAX_DEPTH = 30  # guards the walk up the tree against a cycle made by hand in the admin
HOLDS_LEVEL = 3  # "holds it": can apply it on their own (the insights' ready level)


@dataclass
class SkillNode:
    skill: Skill
    children: int  # skills right below it
    match: bool = False
    # Filled on the way to the match: the level below, already open.
    opened: list[SkillNode] | None = None
    more: int = 0  # skills of the opened level not listed


@dataclass
class SkillFacts:
    skill: Skill
    aliases: list[str]
    source: str
    roles: list[Role]
    roles_total: int
    holders: int | None  # None: fewer than five, withheld
    growers: int | None
    path: list[Skill] = field(default_factory=list)  # from the top down to its parent


def _require_login(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise Http404


def source_of(skill: Skill) -> str:
    if skill.onet_id or skill.is_hot_technology:
        return "O*NET"
    if skill.esco_uri:
        return "ESCO"
    return "Our own"


def _level(parent_id: int | None, keep: int | None = None) -> tuple[list[SkillNode], int]:
    """The skills right below ``parent_id`` (the top level for None), each with its count of
    children; ``keep`` stays listed even past the limit (the way to a match)."""
    where = Q(parent_id=parent_id) if parent_id is not None else Q(parent__isnull=True)
    skills = list(Skill.objects.filter(where).order_by("name", "pk")[: LEVEL_LIMIT + 1])
    more = 0
    if len(skills) > LEVEL_LIMIT:
        more = Skill.objects.filter(where).count() - LEVEL_LIMIT
        skills = skills[:LEVEL_LIMIT]
        if keep is not None and all(s.pk != keep for s in skills):
            extra = Skill.objects.filter(pk=keep).first()
            if extra is not None:
                skills.append(extra)
                more -= 1
    counts = dict(
        Skill.objects.filter(parent_id__in=[s.pk for s in skills])
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    return [SkillNode(skill=s, children=counts.get(s.pk, 0)) for s in skills], more


def taxonomy_skill(*, viewer: Viewer, pk: int) -> Skill:
    _require_login(viewer)
    skill = Skill.objects.filter(pk=pk).first()
    if skill is None:
        raise Http404
    return skill


def taxonomy_level(*, viewer: Viewer, parent: Skill | None) -> tuple[list[SkillNode], int]:
    """One level of the tree: the top groups, or the skills right below ``parent``."""
    _require_login(viewer)
    return _level(parent.pk if parent is not None else None)


def ancestors(skill: Skill) -> list[Skill]:
    """The skills above this one, from the top down (one query per level)."""
    chain: list[Skill] = []
    seen = {skill.pk}
    parent_id = skill.parent_id
    while parent_id is not None and parent_id not in seen and len(chain) < MAX_DEPTH:
        parent = Skill.objects.filter(pk=parent_id).first()
        if parent is None:
            break
        chain.append(parent)
        seen.add(parent.pk)
        parent_id = parent.parent_id
    chain.reverse()
    return chain


def taxonomy_opened(*, viewer: Viewer, focus: Skill) -> tuple[list[SkillNode], int]:
    """The top level with every group on the way to ``focus`` open, ``focus`` marked."""
    _require_login(viewer)
    way = [*ancestors(focus), focus]
    # A cycle cut short leaves a chain whose top still has a parent: show it from there.
    top_parent = way[0].parent_id if way[0].parent_id not in {s.pk for s in way} else None
    tops, more = _level(top_parent, keep=way[0].pk)
    nodes = tops
    for depth, skill in enumerate(way):
        node = next((n for n in nodes if n.skill.pk == skill.pk), None)
        if node is None:  # only on a tree a cycle has cut (the way is shown all the same)
            node = SkillNode(skill=skill, children=Skill.objects.filter(parent=skill).count())
            nodes.append(node)
        if skill.pk == focus.pk:
            node.match = True
            break
        node.opened, node.more = _level(skill.pk, keep=way[depth + 1].pk)
        nodes = node.opened
    return tops, more


def taxonomy_facts(*, viewer: Viewer, skill: Skill) -> SkillFacts:
    """Aliases, ids and source, the roles that ask for the skill, and how many active
    people hold it (level 3 or more) and want to grow it — counts under five withheld."""
    _require_login(viewer)
    asks = RoleRequirement.objects.filter(skill=skill)
    roles = [
        r.role
        for r in asks.select_related("role", "role__family").order_by(
            "-is_required", "-importance", "role__title"
        )[:ROLES_LISTED]
    ]
    people = PersonSkill.objects.filter(skill=skill, person__is_active=True)
    return SkillFacts(
        skill=skill,
        aliases=list(skill.aliases.order_by("name").values_list("name", flat=True)),
        source=source_of(skill),
        roles=roles,
        roles_total=asks.count(),
        holders=shown(people.filter(level__gte=HOLDS_LEVEL).count()),
        growers=shown(people.filter(appetite=Appetite.GROW).count()),
        path=ancestors(skill),
    )
