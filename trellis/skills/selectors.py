"""Reads of the taxonomy and job architecture (readable by anyone logged in)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from trellis.org.access import Viewer, can_see_details, people_with_visible_details
from trellis.org.aggregates import MIN_GROUP
from trellis.org.models import OrgUnit, Person, UnitKind
from trellis.skills import search
from trellis.skills.gap import Requirement, RoleGap, rank_by_readiness, role_gap
from trellis.skills.lattice import EdgeIn, Layout, NodeIn, layout_lattice
from trellis.skills.models import (
    HiddenMove,
    JobFamily,
    PersonSkill,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillAlias,
    TransitionKind,
)
from trellis.skills.moves import (
    DEFAULT_TOP,
    KIND_LABELS,
    SuggestedMove,
    role_suggestions,
    suggested_targets,
)


def _require_login(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise Http404


def _in_rank_order(qs: QuerySet, ids: list[int]) -> QuerySet:
    if not ids:
        return qs.none()
    rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)])
    return qs.filter(pk__in=ids).annotate(search_rank=rank).order_by("search_rank")


_URI = re.compile(r"^https?://\S+$")
_ONET_ELEMENT = re.compile(r"^\d+(\.[A-Za-z0-9]+)+$")  # 2.A.1.a
_SOC_CODE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")  # 15-1252.00, or 15-1252 for all its variants
_ISCO_CODE = re.compile(r"^\d{4}(\.\d+)*$")  # 2512, or an ESCO occupation code 2512.4


def _first(ids: list[int], then: list[int]) -> list[int]:
    return ids + [pk for pk in then if pk not in set(ids)]


def skill_ids_by_external_id(q: str) -> list[int]:
    """Skills whose ESCO URI or O*NET element id is the query (one indexed lookup)."""
    if _URI.match(q):
        return list(Skill.objects.filter(esco_uri=q.rstrip("/")).values_list("pk", flat=True))
    if _ONET_ELEMENT.match(q):
        return list(Skill.objects.filter(onet_id__iexact=q).values_list("pk", flat=True))
    return []


def role_ids_by_external_id(q: str) -> list[int]:
    """Roles whose ESCO URI, external code (SOC, ESCO or ISCO code) or own code is the query;
    a SOC code without its suffix or an ISCO unit group finds every role below it."""
    if _URI.match(q):
        found = Role.objects.filter(esco_uri=q.rstrip("/"))
    elif _SOC_CODE.match(q) or _ISCO_CODE.match(q):
        found = Role.objects.filter(
            Q(external_code=q) | Q(external_code__startswith=q + ".") | Q(code__iexact=q)
        )
    elif len(q) <= 50 and " " not in q:
        found = Role.objects.filter(code__iexact=q)
    else:
        return []
    return list(found.order_by("external_code", "title").values_list("pk", flat=True)[:50])


def skill_search(*, viewer: Viewer, q: str = "", category: str = "") -> QuerySet[Skill]:
    """Skills by any name or alias (case, accents and small typos forgiven), best first;
    an ESCO URI or an O*NET element id finds its skill first.

    Without a query, every skill in name order.
    """
    _require_login(viewer)
    qs = Skill.objects.prefetch_related(Prefetch("aliases", queryset=SkillAlias.objects.all()))
    if category:
        qs = qs.filter(category=category)
    if q:
        names = [hit.target_id for hit in search.skill_hits(q, limit=200)]
        return _in_rank_order(qs, _first(skill_ids_by_external_id(q), names))
    return qs.order_by("name")


def role_search(*, viewer: Viewer, q: str) -> list[Role]:
    """Roles by title or any alias (e.g. O*NET alternate titles), best first; an ESCO URI,
    a SOC, ESCO or ISCO code, or a role's own code finds its roles first."""
    _require_login(viewer)
    names = [hit.target_id for hit in search.role_hits(q, limit=50)]
    ids = _first(role_ids_by_external_id(q), names)[:50]
    return list(_in_rank_order(Role.objects.select_related("family"), ids))


def skill_get(*, viewer: Viewer, pk: int) -> Skill:
    _require_login(viewer)
    skill = Skill.objects.select_related("parent").prefetch_related("aliases").filter(pk=pk).first()
    if skill is None:
        raise Http404
    return skill


def skill_children(*, skill: Skill, limit: int = 200) -> list[Skill]:
    """The skills right below this one in the tree, by name."""
    return list(Skill.objects.filter(parent=skill).order_by("name")[:limit])


def skill_roles(*, skill: Skill) -> list[RoleRequirement]:
    return list(
        RoleRequirement.objects.filter(skill=skill)
        .select_related("role", "role__family")
        .order_by("role__family__name", "role__level", "role__title")
    )


@dataclass
class FamilyRoles:
    family: JobFamily
    tracks: dict[str, list[Role]]


def roles_by_family(*, viewer: Viewer) -> list[FamilyRoles]:
    """Roles grouped by family and track, levels ascending (two queries)."""
    _require_login(viewer)
    roles = Role.objects.select_related("family").annotate(n_requirements=Count("requirements"))
    grouped: dict[int, dict[str, list[Role]]] = defaultdict(lambda: defaultdict(list))
    families: dict[int, JobFamily] = {}
    for role in roles.order_by("family__name", "track", "level", "title"):
        families[role.family_id] = role.family
        grouped[role.family_id][role.get_track_display()].append(role)
    return [
        FamilyRoles(family=families[fid], tracks=dict(tracks)) for fid, tracks in grouped.items()
    ]


def roles_grouped(roles) -> list[FamilyRoles]:
    """Group an already filtered role queryset by family and track (one query)."""
    grouped: dict[int, dict[str, list[Role]]] = defaultdict(lambda: defaultdict(list))
    families: dict[int, JobFamily] = {}
    roles = roles.annotate(n_requirements=Count("requirements"))
    for role in roles.order_by("family__name", "track", "level", "title"):
        families[role.family_id] = role.family
        grouped[role.family_id][role.get_track_display()].append(role)
    return [
        FamilyRoles(family=families[fid], tracks=dict(tracks)) for fid, tracks in grouped.items()
    ]


def families() -> list[JobFamily]:
    return list(JobFamily.objects.order_by("name"))


def role_get(*, viewer: Viewer, pk: int) -> Role:
    _require_login(viewer)
    role = Role.objects.select_related("family", "unit").filter(pk=pk).first()
    if role is None:
        raise Http404
    return role


def role_requirements(*, role: Role) -> list[RoleRequirement]:
    return list(role.requirements.select_related("skill"))


def role_transitions(*, role: Role) -> tuple[list[RoleTransition], list[RoleTransition]]:
    """Edges out of and into the role on the career lattice."""
    out = list(role.transitions_out.select_related("to_role", "to_role__family"))
    into = list(role.transitions_in.select_related("from_role", "from_role__family"))
    return out, into


ROLE_PAGE_MOVES = 6


@dataclass
class RoleMoves:
    """The role page's "Roles like this one": suggestions, what they rest on, and for HR the
    suggestions hidden from everyone else."""

    suggestions: list[SuggestedMove]
    basis_note: str
    hidden: list[HiddenMove]


def role_moves(*, viewer: Viewer, role: Role, with_hidden: bool = False) -> RoleMoves:
    """Suggested moves from the role (the index is cached; naming them takes three queries,
    the hidden list one more)."""
    _require_login(viewer)
    suggestions, note = role_suggestions(role=role, k=ROLE_PAGE_MOVES)
    hidden = (
        list(
            HiddenMove.objects.filter(from_role=role)
            .select_related("to_role")
            .order_by("to_role__title")
        )
        if with_hidden
        else []
    )
    return RoleMoves(suggestions=suggestions, basis_note=note, hidden=hidden)


# ---------------------------------------------------------------------------------------------
# Gap to a role (a person's details: only for those the access policy lets see them)
# ---------------------------------------------------------------------------------------------


@dataclass
class Neighbour:
    """A role one lattice edge away, or a suggested move from the person's role or from the
    target, with how the person would get there and their gap."""

    role: Role
    kinds: list[str]
    gap: RoleGap
    on_lattice: bool = True
    suggested: bool = False


@dataclass
class GapReport:
    person: Person
    role: Role
    gap: RoleGap
    neighbours: list[Neighbour]


def _requirements_by_role(role_ids: list[int]) -> dict[int, list[Requirement]]:
    rows = RoleRequirement.objects.filter(role_id__in=role_ids).values_list(
        "role_id", "skill_id", "skill__name", "min_level", "importance", "is_required"
    )
    by_role: dict[int, list[Requirement]] = defaultdict(list)
    for role_id, skill_id, name, min_level, importance, is_required in rows:
        by_role[role_id].append(Requirement(skill_id, name, min_level, importance, is_required))
    return by_role


def person_levels(*, person: Person) -> dict[int, int]:
    return dict(PersonSkill.objects.filter(person=person).values_list("skill_id", "level"))


SUGGESTED_NEAR = 5  # suggested moves taken from the person's role and from the target


def _neighbour_kinds(person: Person, role: Role) -> tuple[dict[int, list[str]], set[int]]:
    """Labels of the ways to each nearby role, and which of them are curated edges."""
    anchors = [role.pk] + ([person.role_id] if person.role_id else [])
    edges = RoleTransition.objects.filter(
        Q(from_role_id__in=anchors) | Q(to_role_id__in=[role.pk])
    ).values_list("from_role_id", "to_role_id", "kind")
    kinds: dict[int, list[str]] = defaultdict(list)
    for from_id, to_id, kind in edges:
        if from_id in anchors and to_id != role.pk:
            kinds[to_id].append(TransitionKind(kind).label)
        if to_id == role.pk and from_id != role.pk:
            kinds[from_id].append(TransitionKind(kind).label + " (into it)")
    kinds.pop(role.pk, None)
    curated = set(kinds)
    # Suggested moves from where the person is and from where they want to go; never the
    # target itself, nor (from the target) the person's own role.
    for from_id, moves in suggested_targets(role_ids=anchors, k=SUGGESTED_NEAR).items():
        for move in moves:
            if move.to_id == role.pk or move.to_id == person.role_id:
                continue
            if from_id == person.role_id:
                label = f"Suggested: {KIND_LABELS[move.kind].lower()} from the current role"
            else:
                label = f"Suggested: similar to {role.title}"
            kinds[move.to_id].append(label)
    return kinds, curated


def person_gap(*, viewer: Viewer, person: Person, role: Role) -> GapReport:
    """The person's gap to the role and to the roles near it, ranked by readiness.

    Nearby roles are those one lattice edge away from the target role (either direction),
    the lattice moves out of the person's current role, and the suggested moves (computed
    from how alike roles are) from both, so both "next to where I want to go" and "next to
    where I am" show up; each is labelled as on the lattice or suggested. A constant number
    of queries whatever the size of the lattice or the company: the person's levels, the
    edges, the suggestion index's stamp and hidden moves, the roles and all requirements.
    Refused (404) unless the viewer may see the person's details.
    """
    if not can_see_details(viewer, person):
        raise Http404
    levels = person_levels(person=person)
    kinds, curated = _neighbour_kinds(person, role)
    roles = {r.pk: r for r in Role.objects.select_related("family").filter(pk__in=list(kinds))}
    requirements = _requirements_by_role([role.pk, *roles])
    gap = role_gap(
        role_id=role.pk, role_title=role.title, requirements=requirements[role.pk], levels=levels
    )
    neighbour_gaps = {
        rid: role_gap(
            role_id=rid, role_title=r.title, requirements=requirements[rid], levels=levels
        )
        for rid, r in roles.items()
    }
    neighbours = [
        Neighbour(
            role=roles[g.role_id],
            kinds=sorted(set(kinds[g.role_id])),
            gap=g,
            on_lattice=g.role_id in curated,
            suggested=any(k.startswith("Suggested") for k in kinds[g.role_id]),
        )
        for g in rank_by_readiness(neighbour_gaps.values())
    ]
    return GapReport(person=person, role=role, gap=gap, neighbours=neighbours)


# ---------------------------------------------------------------------------------------------
# Role page: who is in the role, as the access policy allows
# ---------------------------------------------------------------------------------------------

# Same floor as analytics (DESIGN.md §4): a count of hidden people is only shown when the
# role holds at least this many, so that a count cannot single anyone out.


@dataclass
class RolePeople:
    visible: list[Person]
    hidden_count: int | None  # None: not shown (group too small to stay anonymous)
    total: int | None


def role_people(*, viewer: Viewer, role: Role, limit: int = 50) -> RolePeople:
    """Names of the role's holders whose details the viewer may see, and a safe count.

    A person's role is one of their *details*, so the names are narrowed by the access
    policy; the total is shown only when the role has at least ``MIN_GROUP`` holders.
    """
    _require_login(viewer)
    base = Person.objects.filter(role=role, is_active=True)
    total = base.count()
    visible = list(
        people_with_visible_details(viewer, base).only("id", "first_name", "last_name")[:limit]
    )
    if total < MIN_GROUP:
        return RolePeople(visible=visible, hidden_count=None, total=None)
    return RolePeople(visible=visible, hidden_count=total - len(visible), total=total)


# ---------------------------------------------------------------------------------------------
# Career paths: filtering by department and family, the lattice picture, the KSA matrix
# ---------------------------------------------------------------------------------------------

LATTICE_LIMIT = 120  # a picture beyond this stops being readable; the page asks to narrow it
MATRIX_ROLE_LIMIT = 200
MATRIX_SKILL_LIMIT = 400


def departments() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("path"))


def roles_filtered(*, viewer: Viewer, unit: OrgUnit | None = None, family_id: int | None = None):
    """Roles in a department (its unit or any unit below it) and/or a job family."""
    _require_login(viewer)
    qs = Role.objects.select_related("family")
    if unit is not None:
        qs = qs.filter(Q(unit__path=unit.path) | Q(unit__path__startswith=unit.path + "/"))
    if family_id is not None:
        qs = qs.filter(family_id=family_id)
    return qs


LATTICE_SUGGESTED_PER_ROLE = 3  # of each role's top ten, the best ones drawn on the picture


def lattice_layout(
    *,
    viewer: Viewer,
    roles,
    current_ids: list[int],
    target_ids: list[int],
    suggested: bool = False,
) -> tuple[Layout, bool]:
    """The lattice picture of the given roles (two queries); True when it was cut short.

    With ``suggested``, each role's best suggested moves to other roles on the picture are
    drawn too (see :data:`LATTICE_SUGGESTED_PER_ROLE`), except those already curated and
    those scoring no better than average; a pair suggested both ways is drawn once, upwards
    or sideways rather than as a step back.
    """
    _require_login(viewer)
    rows = list(
        roles.values_list("id", "title", "family__name", "level", "track")[: LATTICE_LIMIT + 1]
    )
    truncated = len(rows) > LATTICE_LIMIT
    rows = rows[:LATTICE_LIMIT]
    ids = [r[0] for r in rows]
    edges = list(
        RoleTransition.objects.filter(from_role_id__in=ids, to_role_id__in=ids).values_list(
            "from_role_id", "to_role_id", "kind"
        )
    )
    layout = layout_lattice(
        [NodeIn(*row) for row in rows],
        [EdgeIn(*edge) for edge in edges],
        current_ids=current_ids,
        target_ids=target_ids,
        suggested=_lattice_suggestions(ids, edges) if suggested and ids else (),
    )
    return layout, truncated


def _lattice_suggestions(ids: list[int], edges: list[tuple[int, int, str]]) -> list[EdgeIn]:
    curated = {(a, b) for a, b, _ in edges} | {(b, a) for a, b, _ in edges}
    found = suggested_targets(
        role_ids=ids,
        k=LATTICE_SUGGESTED_PER_ROLE,
        depth=DEFAULT_TOP,
        within=set(ids),
        skip=curated,
    )
    drawn: dict[frozenset[int], EdgeIn] = {}
    for moves in found.values():
        for move in moves:
            if move.score <= 0:
                # Scores are standardised per role: at or below 0, the roles are no closer
                # than average, which a line on the picture would overstate.
                continue
            pair = frozenset((move.from_id, move.to_id))
            if pair not in drawn or drawn[pair].kind == "step_back":
                drawn[pair] = EdgeIn(move.from_id, move.to_id, move.kind)
    return list(drawn.values())


@dataclass
class MatrixCell:
    min_level: int
    importance: int
    is_required: bool


@dataclass
class KsaMatrix:
    roles: list[Role]
    skills: list[tuple[int, str, str]]  # id, name, category
    cells: dict[tuple[int, int], MatrixCell]
    truncated: bool

    def rows(self) -> list[tuple[tuple[int, str, str], list[MatrixCell | None]]]:
        """One row per skill, one cell per role (None where the role does not ask for it)."""
        return [
            (skill, [self.cells.get((role.pk, skill[0])) for role in self.roles])
            for skill in self.skills
        ]


def ksa_matrix(*, viewer: Viewer, roles) -> KsaMatrix:
    """Roles × skills with minimum level and importance (two queries).

    Skills are ordered by how many of the roles ask for them, so the shared core of a
    department comes first.
    """
    _require_login(viewer)
    role_list = list(
        roles.order_by("family__name", "track", "level", "title")[: MATRIX_ROLE_LIMIT + 1]
    )
    truncated = len(role_list) > MATRIX_ROLE_LIMIT
    role_list = role_list[:MATRIX_ROLE_LIMIT]
    rows = RoleRequirement.objects.filter(role__in=role_list).values_list(
        "role_id",
        "skill_id",
        "skill__name",
        "skill__category",
        "min_level",
        "importance",
        "is_required",
    )
    cells: dict[tuple[int, int], MatrixCell] = {}
    skills: dict[int, tuple[int, str, str]] = {}
    uses: dict[int, int] = defaultdict(int)
    for role_id, skill_id, name, category, min_level, importance, required in rows:
        cells[(role_id, skill_id)] = MatrixCell(min_level, importance, required)
        skills[skill_id] = (skill_id, name, category)
        uses[skill_id] += 1
    ordered = sorted(skills.values(), key=lambda s: (-uses[s[0]], s[1].lower()))
    if len(ordered) > MATRIX_SKILL_LIMIT:
        truncated = True
        ordered = ordered[:MATRIX_SKILL_LIMIT]
    return KsaMatrix(roles=role_list, skills=ordered, cells=cells, truncated=truncated)
