"""Suggested role moves: the job architecture handed to the engine, and its answers named.

The engine (:mod:`trellis.engine.moves`) ranks other roles by how alike the work is; this
module builds its input from the database (a handful of ``values_list`` queries), keeps the
built index per process until the taxonomy changes (see ``_stamp``), and turns the engine's
indices back into roles, skills and sentences. Pages, the API and ``suggest_moves`` all read
moves through :func:`suggested_moves` / :func:`suggested_moves_all`, so they agree.

What a role's profile is made of:

* imported ratings (O*NET rates every skill and knowledge area of an occupation) when the
  role has them, as ``(importance − 1) / 4 × level / 5``;
* otherwise its own skill and knowledge requirements (roles written by HR, ESCO's essential
  and optional skills), as ``importance / 5 × minimum level / 5``;
* tools and technologies are compared apart, by rarity, never as profile elements.

HR's hidden suggestions are left out everywhere, ranks renumbered after them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max

from trellis.engine.moves import Move, MoveIndex, RoleCatalog
from trellis.skills.models import (
    HiddenMove,
    Role,
    RoleAlias,
    RoleRating,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillCategory,
)
from trellis.skills.search import VERSION_KEY as SEARCH_VERSION_KEY

MOVES_VERSION_KEY = "trellis.skills.moves.version"
DEFAULT_TOP = 10

KIND_LABELS = {
    "promotion": "Promotion",
    "lateral": "Lateral move",
    "step_back": "Step back",
    "exploratory": "Exploratory",
}
BASIS_LABELS = {
    "profile": "a similar profile of skills and knowledge",
    "text": "similar titles and descriptions",
    "tools": "shared tools and technologies",
    "family": "the same job family",
}


@dataclass
class _Built:
    stamp: tuple[object, ...]
    index: MoveIndex
    role_ids: list[int]
    position: dict[int, int]
    element_skill: list[int]
    tool_skill: list[int]


_lock = threading.Lock()
_built: _Built | None = None


def moves_invalidate() -> None:
    """Say that requirements or ratings changed (roles and aliases are seen by the stamp)."""
    try:
        cache.incr(MOVES_VERSION_KEY)
    except ValueError:
        cache.set(MOVES_VERSION_KEY, 1, None)


def _stamp() -> tuple[object, ...]:
    parts: list[object] = [cache.get(SEARCH_VERSION_KEY, 0), cache.get(MOVES_VERSION_KEY, 0)]
    for model in (Role, RoleAlias, RoleRating, RoleRequirement):
        found = model.objects.aggregate(n=Count("id"), top=Max("id"))
        parts.extend((found["n"], found["top"]))
    return tuple(parts)


def move_index() -> _Built:
    """The index for the current taxonomy, built at most once per change and process."""
    global _built
    stamp = _stamp()
    current = _built
    if current is not None and current.stamp == stamp:
        return current
    with _lock:
        if _built is None or _built.stamp != stamp:
            _built = _build(stamp)
        return _built


def _build(stamp: tuple[object, ...]) -> _Built:
    roles = list(Role.objects.order_by("pk").values_list("pk", "level", "family_id", "title"))
    role_ids = [r[0] for r in roles]
    position = {pk: i for i, pk in enumerate(role_ids)}
    descriptions = dict(Role.objects.values_list("pk", "description"))
    aliases: list[list[str]] = [[] for _ in roles]
    for role_id, name in RoleAlias.objects.values_list("role_id", "name"):
        aliases[position[role_id]].append(name)

    elements: dict[int, int] = {}
    rated: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for role_id, skill_id, importance, level in RoleRating.objects.values_list(
        "role_id", "skill_id", "importance", "level"
    ):
        value = (importance - 1.0) / 4.0 * level / 5.0
        rated[position[role_id]].append((elements.setdefault(skill_id, len(elements)), value))

    tools: dict[int, int] = {}
    tool_pairs: list[tuple[int, int]] = []
    req_rows: list[tuple[int, int, int, float]] = []
    own: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for role_id, skill_id, min_level, importance, category in RoleRequirement.objects.values_list(
        "role_id", "skill_id", "min_level", "importance", "skill__category"
    ):
        row = position[role_id]
        req_rows.append((row, skill_id, min_level, float(importance)))
        if category == SkillCategory.TOOL:
            tool_pairs.append((row, tools.setdefault(skill_id, len(tools))))
        elif row not in rated:
            column = elements.setdefault(skill_id, len(elements))
            own[row].append((column, importance / 5.0 * min_level / 5.0))
    triples = [
        (row, col, v) for source in (rated, own) for row, e in source.items() for col, v in e
    ]
    catalog = RoleCatalog(
        level=[r[1] for r in roles],
        family=[r[2] if r[2] is not None else -1 for r in roles],
        titles=[r[3] for r in roles],
        aliases=aliases,
        descriptions=[descriptions[pk] for pk in role_ids],
        rating_role=[t[0] for t in triples],
        rating_element=[t[1] for t in triples],
        rating_value=[t[2] for t in triples],
        n_elements=len(elements),
        tool_role=[p[0] for p in tool_pairs],
        tool=[p[1] for p in tool_pairs],
        n_tools=len(tools),
        req_role=[r[0] for r in req_rows],
        req_skill=[r[1] for r in req_rows],
        req_level=[r[2] for r in req_rows],
        req_weight=[r[3] for r in req_rows],
    )
    element_skill = [0] * len(elements)
    for skill_id, column in elements.items():
        element_skill[column] = skill_id
    tool_skill = [0] * len(tools)
    for skill_id, column in tools.items():
        tool_skill[column] = skill_id
    return _Built(
        stamp=stamp,
        index=MoveIndex.build(catalog),
        role_ids=role_ids,
        position=position,
        element_skill=element_skill,
        tool_skill=tool_skill,
    )


# ---------------------------------------------------------------------------------------------
# Answers with names
# ---------------------------------------------------------------------------------------------


@dataclass
class SuggestedMove:
    """One suggested move, ready for a page: the role, its rank and what it rests on."""

    from_role: Role
    role: Role
    rank: int
    score: float
    kind: str
    basis: list[str]
    shared_skills: list[Skill] = field(default_factory=list)
    shared_words: list[str] = field(default_factory=list)
    shared_tools: list[Skill] = field(default_factory=list)
    coverage: float = 0.0
    met: int = 0
    partial: int = 0
    requirements: int = 0
    on_lattice: bool = False
    hidden: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def coverage_percent(self) -> int:
        return round(self.coverage * 100)

    @property
    def why(self) -> str:
        """What the suggestion rests on, as one sentence."""
        if not self.basis:
            return "Little in common beyond the level; shown because nothing closer exists."
        return "Rests on " + _join([BASIS_LABELS[b] for b in self.basis]) + "."

    @property
    def readiness_text(self) -> str:
        if not self.requirements:
            return "The role lists no requirements yet."
        partly = f" and part of {self.partial} more" if self.partial else ""
        return (
            f"Someone in {self.from_role.title} already meets {self.met} of its "
            f"{self.requirements} requirements{partly} ({self.coverage_percent}% ready)."
        )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def basis_note(role: Role) -> str:
    """What suggestions from ``role`` can rest on, for the page (empty when everything)."""
    built = move_index()
    row = built.position.get(role.pk)
    if row is None:
        return ""
    index = built.index
    missing = []
    if not index.profile.has_row[row]:
        missing.append("skill or knowledge ratings")
    if not index.tools.has_row[row]:
        missing.append("tools")
    if not missing:
        return ""
    return f"This role has no {_join(missing)}: its suggestions rest on what else it has."


def _hidden_pairs(from_ids: list[int] | None = None) -> set[tuple[int, int]]:
    qs = HiddenMove.objects.all()
    if from_ids is not None:
        qs = qs.filter(from_role_id__in=from_ids)
    return set(qs.values_list("from_role_id", "to_role_id"))


def suggested_moves(
    *, role: Role, k: int = DEFAULT_TOP, include_hidden: bool = False
) -> list[SuggestedMove]:
    """``role``'s top-``k`` suggested moves, explained (hidden ones left out unless asked)."""
    built = move_index()
    row = built.position.get(role.pk)
    if row is None or built.index.n < 2:
        return []
    hidden = {b for a, b in _hidden_pairs([role.pk]) if a == role.pk}
    moves = built.index.moves(row, k=k + len(hidden))
    kept: list[tuple[Move, bool]] = []
    for move in moves:
        is_hidden = built.role_ids[move.to_role] in hidden
        if include_hidden or not is_hidden:
            kept.append((move, is_hidden))
    return _named(built, role, kept[:k])


def _named(built: _Built, role: Role, moves: list[tuple[Move, bool]]) -> list[SuggestedMove]:
    target_ids = [built.role_ids[m.to_role] for m, _ in moves]
    roles = Role.objects.select_related("family").in_bulk(target_ids)
    skill_ids = {built.element_skill[e] for m, _ in moves for e in m.shared_elements}
    skill_ids |= {built.tool_skill[t] for m, _ in moves for t in m.shared_tools}
    skills = Skill.objects.in_bulk(list(skill_ids))
    curated = set(
        RoleTransition.objects.filter(from_role=role, to_role_id__in=target_ids).values_list(
            "to_role_id", flat=True
        )
    )
    out = []
    for rank, (move, is_hidden) in enumerate(moves, start=1):
        target = built.role_ids[move.to_role]
        out.append(
            SuggestedMove(
                from_role=role,
                role=roles[target],
                rank=rank,
                score=move.score,
                kind=move.kind,
                basis=list(move.basis),
                shared_skills=[skills[built.element_skill[e]] for e in move.shared_elements[:3]],
                shared_words=list(move.shared_terms[:4]),
                shared_tools=[skills[built.tool_skill[t]] for t in move.shared_tools[:3]],
                coverage=move.coverage,
                met=len(move.met),
                partial=len(move.partial),
                requirements=len(move.met) + len(move.partial) + len(move.missing),
                on_lattice=target in curated,
                hidden=is_hidden,
            )
        )
    return out


@dataclass(frozen=True)
class RankedMove:
    """One line of the full ranking (no explanation): what ``suggest_moves`` prints."""

    from_id: int
    rank: int
    to_id: int
    score: float
    kind: str


def suggested_moves_all(*, k: int = DEFAULT_TOP, role: Role | None = None) -> list[RankedMove]:
    """Every role's (or one role's) top-``k`` moves: the same ranking the pages show."""
    built = move_index()
    index = built.index
    hidden = _hidden_pairs(None if role is None else [role.pk])
    extra = max((sum(1 for a, _ in hidden if a == x) for x, _ in hidden), default=0)
    if role is not None:
        row = built.position.get(role.pk)
        rows = [] if row is None else [(row, index.ranked(row, k=k + extra))]
    else:
        rows = list(enumerate(index.all_ranked(k=k + extra)))
    out: list[RankedMove] = []
    for a, ranked in rows:
        from_id = built.role_ids[a]
        rank = 0
        for b, score in ranked:
            to_id = built.role_ids[b]
            if (from_id, to_id) in hidden:
                continue
            rank += 1
            if rank > k:
                break
            out.append(RankedMove(from_id, rank, to_id, round(score, 4), index.kind(a, b)))
    return out


# ---------------------------------------------------------------------------------------------
# For the pages that show moves beside other things (role page, lattice, gap, goal picker):
# one look at the stamp per page, and several roles at once without naming what they share.
# ---------------------------------------------------------------------------------------------


def _note(built: _Built, role: Role) -> str:
    row = built.position.get(role.pk)
    if row is None:
        return ""
    missing = []
    if not built.index.profile.has_row[row]:
        missing.append("skill or knowledge ratings")
    if not built.index.tools.has_row[row]:
        missing.append("tools")
    if not missing:
        return ""
    return f"This role has no {_join(missing)}: its suggestions rest on what else it has."


def role_suggestions(*, role: Role, k: int = DEFAULT_TOP) -> tuple[list[SuggestedMove], str]:
    """:func:`suggested_moves` (hidden ones left out) and :func:`basis_note` together, the
    index looked up once: what the role page shows."""
    built = move_index()
    row = built.position.get(role.pk)
    if row is None or built.index.n < 2:
        return [], _note(built, role)
    hidden = {b for _, b in _hidden_pairs([role.pk])}
    moves = built.index.moves(row, k=k + len(hidden))
    kept = [(m, False) for m in moves if built.role_ids[m.to_role] not in hidden][:k]
    return _named(built, role, kept), _note(built, role)


# Each role's first moves, kept beside the index it was ranked with: the lattice asks for
# a hundred roles at once, and ranking one role costs a few milliseconds.
_MEMO_DEPTH = 2 * DEFAULT_TOP
_memo: tuple[_Built | None, dict[int, list[tuple[int, float]]]] = (None, {})


def _ranked(built: _Built, row: int, need: int) -> list[tuple[int, float]]:
    global _memo
    if need > _MEMO_DEPTH:
        return built.index.ranked(row, k=need)
    owner, memo = _memo
    if owner is not built:
        memo = {}
        _memo = (built, memo)
    if row not in memo:
        memo[row] = built.index.ranked(row, k=_MEMO_DEPTH)
    return memo[row][:need]


def suggested_targets(
    *,
    role_ids: list[int],
    k: int = DEFAULT_TOP,
    depth: int | None = None,
    within: set[int] | None = None,
    skip: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
) -> dict[int, list[RankedMove]]:
    """For each of ``role_ids``, up to ``k`` of its first ``depth`` (default ``k``) suggested
    moves, as plain ids with the ranks the role page shows (hidden moves left out).

    ``within`` keeps only targets in that set and ``skip`` drops (from, to) pairs (curated
    edges, say): the lattice draws, of each role's top ten, the three best on the picture
    and not already curated. One query for the hidden moves, whatever the roles.
    """
    depth = k if depth is None else max(depth, k)
    built = move_index()
    rows = [(pk, built.position[pk]) for pk in dict.fromkeys(role_ids) if pk in built.position]
    hidden = _hidden_pairs([pk for pk, _ in rows]) if rows else set()
    hidden_from: dict[int, int] = defaultdict(int)
    for a, _ in hidden:
        hidden_from[a] += 1
    out: dict[int, list[RankedMove]] = {pk: [] for pk in role_ids}
    for from_id, row in rows:
        rank = 0
        for b, score in _ranked(built, row, depth + hidden_from[from_id]):
            to_id = built.role_ids[b]
            if (from_id, to_id) in hidden:
                continue
            rank += 1
            if rank > depth:
                break
            if (within is not None and to_id not in within) or (from_id, to_id) in skip:
                continue
            kind = built.index.kind(row, b)
            out[from_id].append(RankedMove(from_id, rank, to_id, round(score, 4), kind))
            if len(out[from_id]) >= k:
                break
    return out


def move_kind(*, from_role: Role, to_role: Role) -> str:
    """The kind the engine gives the move (``exploratory`` when a role is not indexed)."""
    built = move_index()
    a, b = built.position.get(from_role.pk), built.position.get(to_role.pk)
    if a is None or b is None:
        return "exploratory"
    return built.index.kind(a, b)
