"""Writing an ESCO import: compare with what is there, then bulk create and bulk update the
differences.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from trellis.org.imports import ImportReport
from trellis.skills.esco.files import (
    ESSENTIAL,
    OPTIONAL,
    ROLE_PREFIX,
    _Node,
    _Plan,
    isco_level,
)
from trellis.skills.models import (
    JobFamily,
    Role,
    RoleAlias,
    Skill,
    SkillAlias,
    SkillCategory,
    Track,
)
from trellis.skills.source_writes import BATCH, Progress, no_progress, requirements_upsert

if TYPE_CHECKING:
    pass


def _depth(uri: str, parents: dict[str, str]) -> int:
    depth = 0
    while uri in parents and depth < 50:
        uri = parents[uri]
        depth += 1
    return depth


def _free_name(node: _Node, taken: dict[str, Skill]) -> str:
    """The label, or the label with its code, kind or URI tail when another skill has it."""
    label = node.label[:200]
    tails = [node.code] if node.code else []
    tails += [SkillCategory(node.category).label.lower(), node.uri.rsplit("/", 1)[-1][:36]]
    for tail in ["", *tails]:
        name = f"{label[: 196 - len(tail)]} ({tail})" if tail else label
        if name.lower() not in taken:
            return name
    return name  # the URI tail is unique in practice; the database has the last word


def _write_skills(
    plan: _Plan, parents: dict[str, str], reports: dict[str, ImportReport]
) -> dict[str, int]:
    skills = list(Skill.objects.all())
    by_uri = {s.esco_uri: s for s in skills if s.esco_uri}
    by_name = {s.name.lower(): s for s in skills}
    adopted: set[int] = set()
    new: list[Skill] = []
    changed: dict[int, Skill] = {}
    status: dict[str, str] = {}
    order = sorted(
        plan.nodes.values(), key=lambda n: (not n.is_group, _depth(n.uri, parents), n.code)
    )
    for node in order:
        skill = by_uri.get(node.uri)
        if skill is None:
            same = by_name.get(node.label.lower())
            if (
                same is not None
                and not same.esco_uri
                and same.pk is not None
                and same.pk not in adopted
                and same.category == node.category
            ):
                skill = same
                adopted.add(same.pk)
                skill.esco_uri = node.uri
                if not skill.description:
                    skill.description = node.description
                changed[skill.pk] = skill
                status[node.uri] = "updated"
            else:
                name = _free_name(node, by_name)
                skill = Skill(
                    name=name,
                    category=node.category,
                    description=node.description,
                    esco_uri=node.uri,
                )
                new.append(skill)
                by_name[name.lower()] = skill
                status[node.uri] = "created"
            by_uri[node.uri] = skill
            continue
        if not skill.description and node.description:
            skill.description = node.description
            changed[skill.pk] = skill
            status[node.uri] = "updated"
        else:
            status[node.uri] = "unchanged"
    Skill.objects.bulk_create(new, batch_size=BATCH)
    new_ids = {s.pk for s in new}
    ids = {uri: s.pk for uri, s in by_uri.items()}
    _set_parents(parents, by_uri, ids, new_ids=new_ids, changed=changed, status=status)
    if changed:
        Skill.objects.bulk_update(
            list(changed.values()), ["esco_uri", "description", "parent"], batch_size=BATCH
        )
    added = _write_skill_aliases(plan, by_uri, by_name)
    _count(plan, status, added, reports)
    return ids


def _set_parents(
    parents: dict[str, str],
    by_uri: dict[str, Skill],
    ids: dict[str, int],
    *,
    new_ids: set[int],
    changed: dict[int, Skill],
    status: dict[str, str],
) -> None:
    """The tree: set the parent the files give, unless the skill already sits under a
    parent that is not an ESCO node (placed by HR or another import)."""
    esco_ids = set(ids.values())
    for uri, parent_uri in parents.items():
        skill = by_uri[uri]
        wanted = ids.get(parent_uri)
        if wanted is None or skill.parent_id == wanted:
            continue
        if skill.parent_id is not None and skill.parent_id not in esco_ids:
            continue
        skill.parent_id = wanted
        changed[skill.pk] = skill
        if skill.pk not in new_ids and status[uri] == "unchanged":
            status[uri] = "updated"


def _count(
    plan: _Plan, status: dict[str, str], added: dict[str, int], reports: dict[str, ImportReport]
) -> None:
    """Each skill counted once in its file's report; new aliases make it updated."""
    for uri, node in plan.nodes.items():
        state = status[uri]
        if state == "unchanged" and added.get(uri):
            state = "updated"
        report = reports[node.source]
        if state == "created":
            report.created += 1
        elif state == "updated":
            report.updated += 1
        else:
            report.unchanged += 1


def _write_skill_aliases(
    plan: _Plan, by_uri: dict[str, Skill], by_name: dict[str, Skill]
) -> dict[str, int]:
    """Alternative labels become aliases, unless the name is a skill's name or already an
    alias (aliases are unique across the taxonomy, so that a name finds one skill)."""
    taken = set(by_name) | {n.lower() for n in SkillAlias.objects.values_list("name", flat=True)}
    new: list[SkillAlias] = []
    added: dict[str, int] = defaultdict(int)
    for uri, node in plan.nodes.items():
        skill = by_uri[uri]
        for alias in node.aliases:
            lower = alias.lower()
            if len(alias) > 200 or lower in taken:
                continue
            taken.add(lower)
            new.append(SkillAlias(skill_id=skill.pk, name=alias))
            added[uri] += 1
    SkillAlias.objects.bulk_create(new, batch_size=BATCH)
    return added


def _family_name(isco: str, labels: dict[str, str]) -> str:
    return labels.get(isco[:2], f"ISCO group {isco[:2]}")[:150]


def _write_roles(plan: _Plan, reports: dict[str, ImportReport], source: str) -> dict[str, int]:
    report = reports[source]
    families = {f.name.lower(): f for f in JobFamily.objects.all()}
    for occupation in plan.occupations.values():
        name = _family_name(occupation.isco, plan.isco_labels)
        if name.lower() not in families:
            families[name.lower()] = JobFamily.objects.create(name=name)
    existing = {r.esco_uri: r for r in Role.objects.exclude(esco_uri="")}
    codes = set(Role.objects.values_list("code", flat=True))
    new: list[Role] = []
    changed: list[Role] = []
    fields = ["title", "description", "family_id", "track", "level", "external_code"]
    for uri, occupation in plan.occupations.items():
        family = families[_family_name(occupation.isco, plan.isco_labels).lower()]
        wanted: dict[str, Any] = {
            "title": occupation.title,
            "description": occupation.description,
            "family_id": family.pk,
            "track": Track.MANAGEMENT if occupation.isco.startswith("1") else Track.INDIVIDUAL,
            "level": isco_level(occupation.isco),
            "external_code": occupation.code,
        }
        role = existing.get(uri)
        if role is None:
            code = ROLE_PREFIX + uri.rstrip("/").rsplit("/", 1)[-1][:40]
            suffix = 2
            while code in codes:
                code = f"{code[:44]}-{suffix}"
                suffix += 1
            codes.add(code)
            new.append(Role(code=code, esco_uri=uri, **wanted))
        elif any(getattr(role, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(role, k, v)
            changed.append(role)
        else:
            report.unchanged += 1
    Role.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        Role.objects.bulk_update(changed, [f.removesuffix("_id") for f in fields], BATCH)
    report.created += len(new)
    report.updated += len(changed)
    ids = dict(Role.objects.exclude(esco_uri="").values_list("esco_uri", "id"))
    _write_role_aliases(plan, ids)
    return ids


def _write_role_aliases(plan: _Plan, roles: dict[str, int]) -> None:
    mine = [roles[uri] for uri in plan.occupations]
    existing = {
        (role_id, name.lower())
        for role_id, name in RoleAlias.objects.filter(role_id__in=mine).values_list(
            "role_id", "name"
        )
    }
    RoleAlias.objects.bulk_create(
        [
            RoleAlias(role_id=roles[uri], name=alias)
            for uri, occupation in plan.occupations.items()
            for alias in occupation.aliases
            if (roles[uri], alias.lower()) not in existing
        ],
        batch_size=BATCH,
    )


def _write_requirements(
    plan: _Plan,
    roles: dict[str, int],
    skills: dict[str, int],
    report: ImportReport,
    progress: Progress = no_progress,
) -> None:
    requirements_upsert(
        {
            (roles[occupation], skills[skill]): (*(ESSENTIAL if essential else OPTIONAL), report)
            for (occupation, skill), essential in plan.relations.items()
        },
        progress,
    )
