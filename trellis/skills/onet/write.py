"""Writing an O*NET import: compare with what is there, then bulk create and bulk update the
differences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trellis.org.imports import ImportReport
from trellis.skills.models import (
    JobFamily,
    Role,
    RoleAlias,
    RoleRating,
    Skill,
    SkillCategory,
)
from trellis.skills.onet.plan import (
    LEGACY_PREFIX,
    SOC_MAJOR_GROUPS,
    TOOL_MIN_LEVEL,
    _parent_element,
    _Plan,
)
from trellis.skills.source_writes import (
    BATCH,
    Progress,
    WantedRequirements,
    changes_save,
    in_chunks,
    no_progress,
    requirements_upsert,
)

if TYPE_CHECKING:
    pass


def _unique_name(name: str, category: str, taken: dict[str, Skill], onet_id: str) -> str:
    """A skill name not used by another skill: O*NET has both a skill and a knowledge area
    called "Mathematics", and our names are unique."""
    owner = taken.get(name.lower())
    if owner is None or owner.onet_id == onet_id:
        return name
    return f"{name} ({SkillCategory(category).label.lower()})"


def _write_groups(
    plan: _Plan, by_onet: dict[str, Skill], by_name: dict[str, Skill], report: ImportReport
) -> None:
    """Create the content model's groups missing from the taxonomy (parents come later)."""
    new: list[Skill] = []
    for element, (name, category) in plan.groups.items():
        if element in by_onet:
            continue
        if name.lower() in by_name:  # a group never adopts a skill: it is a different thing
            name = f"{name} (O*NET group)"
        skill = Skill(
            name=name,
            category=category,
            onet_id=element,
            description=plan.descriptions.get(element, ""),
        )
        new.append(skill)
        by_onet[element] = skill
        by_name[name.lower()] = skill
    Skill.objects.bulk_create(new, batch_size=BATCH)
    report.created += len(new)


def _wanted_parent(
    skill: Skill, element: str, plan: _Plan, by_onet: dict[str, Skill], onet_ids: set[int]
) -> int | None:
    """The group the skill belongs under; a parent given by someone else (not an O*NET
    node) is kept."""
    parent = _parent_element(element, plan.groups)
    if parent is None or parent not in by_onet:
        return skill.parent_id
    if skill.parent_id is not None and skill.parent_id not in onet_ids:
        return skill.parent_id
    return by_onet[parent].pk


def _write_skills(plan: _Plan, reports: dict[str, ImportReport]) -> dict[str, int]:
    by_onet = {s.onet_id: s for s in Skill.objects.exclude(onet_id="")}
    by_name = {s.name.lower(): s for s in Skill.objects.all()}
    existed = {s.pk for s in by_onet.values()}
    if plan.groups:
        _write_groups(plan, by_onet, by_name, reports["content_model"])
    onet_ids = {s.pk for s in by_onet.values()}
    new: list[Skill] = []
    changed: list[Skill] = []
    for element in plan.groups:
        group = by_onet[element]
        parent_id = _wanted_parent(group, element, plan, by_onet, onet_ids)
        moved = group.parent_id != parent_id
        if moved:
            group.parent_id = parent_id
            changed.append(group)
        if group.pk in existed:
            if moved:
                reports["content_model"].updated += 1
            else:
                reports["content_model"].unchanged += 1
    if changed:
        Skill.objects.bulk_update(changed, ["parent"], batch_size=BATCH)
        changed = []
    for element, values in plan.descriptors.items():
        report = reports["skills" if values["category"] == SkillCategory.SKILL else "knowledge"]
        description = plan.descriptions.get(element, "")
        skill = by_onet.get(element)
        if skill is None:
            same = by_name.get(values["name"].lower())
            if same is not None and not same.onet_id and same.category == values["category"]:
                skill = same  # adopt an existing skill of the same name and kind
                by_onet[element] = skill
        if skill is None:
            name = _unique_name(values["name"], values["category"], by_name, element)
            parent = _parent_element(element, plan.groups)
            skill = Skill(
                name=name,
                category=values["category"],
                onet_id=element,
                description=description,
                parent_id=by_onet[parent].pk if parent else None,
            )
            new.append(skill)
            by_name[name.lower()] = skill
            by_onet[element] = skill
            continue
        wanted = {
            "onet_id": element,
            "description": description or skill.description,
            "parent_id": _wanted_parent(skill, element, plan, by_onet, onet_ids),
        }
        if any(getattr(skill, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(skill, k, v)
            changed.append(skill)
        else:
            report.unchanged += 1
    changes_save(Skill, new, changed, ["onet_id", "description", "parent"], reports["skills"])
    ids = {element: by_onet[element].pk for element in plan.descriptors}
    if "technology" in reports:
        ids |= _write_tools(plan, by_name, reports["technology"])
    return ids


def _write_tools(plan: _Plan, by_name: dict[str, Skill], report: ImportReport) -> dict[str, int]:
    new: list[Skill] = []
    changed: list[Skill] = []
    for lower, hot in plan.tools.items():
        skill = by_name.get(lower)
        if skill is None:
            skill = Skill(
                name=plan.tool_names[lower], category=SkillCategory.TOOL, is_hot_technology=hot
            )
            new.append(skill)
            by_name[lower] = skill
        elif hot and not skill.is_hot_technology:
            skill.is_hot_technology = True
            changed.append(skill)
    changes_save(Skill, new, changed, ["is_hot_technology"], report)
    return {f"tool:{lower}": by_name[lower].pk for lower in plan.tools}


def _write_roles(plan: _Plan, reports: dict[str, ImportReport]) -> dict[str, int]:
    report = reports["occupations"]
    families = {f.name: f for f in JobFamily.objects.all()}
    for soc in plan.roles:
        name = SOC_MAJOR_GROUPS.get(soc[:2], f"SOC group {soc[:2]}")
        if name not in families:
            families[name] = JobFamily.objects.create(name=name)
    legacy = [LEGACY_PREFIX + soc for soc in plan.roles]
    existing = {
        r.code.removeprefix(LEGACY_PREFIX): r
        for r in Role.objects.filter(code__in=[*plan.roles, *legacy])
    }
    new: list[Role] = []
    changed: list[Role] = []
    missing_zone = 0
    for soc, values in plan.roles.items():
        zone = plan.zones.get(soc)
        if zone is None and "job_zones" in reports:
            missing_zone += 1
        wanted = {
            "title": values["title"],
            "description": values["description"],
            "family_id": families[SOC_MAJOR_GROUPS.get(soc[:2], f"SOC group {soc[:2]}")].pk,
            "external_code": soc,
        }
        role = existing.get(soc)
        if role is None:
            new.append(Role(code=soc, level=zone or 1, **wanted))
            continue
        wanted["code"] = soc
        if zone is not None:
            wanted["level"] = zone
        if any(getattr(role, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(role, k, v)
            changed.append(role)
        else:
            report.unchanged += 1
    fields = ["code", "title", "description", "family_id", "external_code", "level"]
    Role.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        Role.objects.bulk_update(changed, [f.removesuffix("_id") for f in fields], BATCH)
    report.created += len(new)
    report.updated += len(changed)
    if missing_zone:
        report.warnings.append(f"{missing_zone} occupations have no job zone; level 1 used.")
    ids = dict(Role.objects.filter(code__in=list(plan.roles)).values_list("code", "id"))
    return {soc: ids[soc] for soc in plan.roles}


def _write_requirements(
    plan: _Plan,
    roles: dict[str, int],
    skills: dict[str, int],
    reports: dict[str, ImportReport],
    progress: Progress = no_progress,
) -> None:
    wanted: WantedRequirements = {}
    for (soc, element), (level, importance) in plan.requirements.items():
        source = "skills" if plan.descriptors[element]["category"] == "skill" else "knowledge"
        wanted[(roles[soc], skills[element])] = (level, importance, True, reports[source])
    for (soc, lower), hot in plan.tool_links.items():
        key = (roles[soc], skills[f"tool:{lower}"])
        if key not in wanted:  # a rated skill wins over the same name as a tool
            wanted[key] = (TOOL_MIN_LEVEL, 3 if hot else 2, False, reports["technology"])
    requirements_upsert(wanted, progress)


def _write_ratings(
    plan: _Plan,
    roles: dict[str, int],
    skills: dict[str, int],
    reports: dict[str, ImportReport],
    progress: Progress = no_progress,
) -> None:
    """Every rating of the files, created or updated; ratings are the import's own data."""
    existing = {
        (r.role_id, r.skill_id): r
        for r in RoleRating.objects.filter(role_id__in=list(roles.values()))
    }
    new: list[RoleRating] = []
    changed: list[RoleRating] = []
    for (soc, element), (importance, level) in plan.ratings.items():
        report = reports[
            "skills" if plan.descriptors[element]["category"] == "skill" else "knowledge"
        ]
        key = (roles[soc], skills[element])
        current = existing.get(key)
        if current is None:
            new.append(
                RoleRating(role_id=key[0], skill_id=key[1], importance=importance, level=level)
            )
            report.created += 1
        elif (current.importance, current.level) != (importance, level):
            current.importance, current.level = importance, level
            changed.append(current)
            report.updated += 1
        else:
            report.unchanged += 1
    in_chunks(new, lambda rows: RoleRating.objects.bulk_create(rows, BATCH), progress)
    in_chunks(
        changed,
        lambda rows: RoleRating.objects.bulk_update(rows, ["importance", "level"], BATCH),
        progress,
    )


def _write_aliases(
    plan: _Plan, roles: dict[str, int], report: ImportReport, progress: Progress = no_progress
) -> None:
    existing = {
        (role_id, name.lower())
        for role_id, name in RoleAlias.objects.filter(role_id__in=list(roles.values())).values_list(
            "role_id", "name"
        )
    }
    new = [
        RoleAlias(role_id=roles[soc], name=name)
        for soc, names in plan.aliases.items()
        for lower, name in names.items()
        if (roles[soc], lower) not in existing
    ]
    in_chunks(new, lambda rows: RoleAlias.objects.bulk_create(rows, BATCH), progress)
    report.created += len(new)
    report.unchanged += sum(len(n) for n in plan.aliases.values()) - len(new)
