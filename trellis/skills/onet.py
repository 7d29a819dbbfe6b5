"""Import of the O*NET database (text files or the Excel-export layout) into roles and skills.

The mapping (documented for users in ``docs/taxonomy-imports.md``):

* ``Occupation Data.txt`` -> a role per occupation: the O*NET-SOC code (``15-1252.00``) as
  both its code and its ``external_code``, title, description as the purpose; the job family
  is the SOC major group (the first two digits).
* ``Job Zones.txt`` -> the role's level (job zone 1–5). Occupations without a job zone get
  level 1 and a warning.
* ``Skills.txt`` and ``Knowledge.txt`` -> skills (category skill / knowledge, the descriptor
  id as ``onet_id``) and requirements. Per occupation and descriptor both ratings are read:
  importance ``IM`` (1–5) and level ``LV`` (0–7). A requirement is kept only when
  IM >= ``IMPORTANCE_CUTOFF`` (3.0, "important"), the level row is not marked not relevant
  and neither row is marked suppressed. ``min_level = round(LV × 5 / 7)`` (halves up) and
  ``importance = round(IM)`` (halves up). Every rated element that is not suppressed is also
  kept in full as a role rating (importance as rated, level × 5/7 unrounded): the profile that
  suggested moves compare (see ``trellis.engine.moves``).
* ``Technology Skills.txt`` -> skills of category tool (``is_hot_technology`` when O*NET
  flags any occurrence as hot) attached to roles as nice-to-haves: minimum level 2, and
  importance 3 for a hot technology, 2 otherwise.
* ``Alternate Titles.txt`` -> role aliases (alternate and short titles) for search.
* ``Content Model Reference.txt`` -> descriptions of the skills and knowledge areas, and the
  groups above them as skills forming the tree (``2.A`` Basic Skills -> ``2.A.1`` Content ->
  ``2.A.1.a`` Reading Comprehension; ``2.C`` Knowledge -> ``2.C.4`` Mathematics and Science
  -> ...), each group with its element id as ``onet_id``.

Columns are chosen by header name (both O*NET's text layout and the Excel-export layout
with extra ``Title``/``Scale Name`` columns work). Rows with problems are reported with the
line number of the file and left out; everything else is written in one transaction, and
a second run of the same files changes nothing. The import adds and updates; it never
deletes a role, a skill or a requirement (HR may have added their own).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from trellis.org.imports import CsvFile, ImportFileError, ImportReport, Problem, csv_read
from trellis.org.services import audit_record
from trellis.skills.models import (
    ONET_CODE_REGEX,
    JobFamily,
    Role,
    RoleAlias,
    RoleRating,
    RoleRequirement,
    Skill,
    SkillCategory,
)
from trellis.skills.search import search_invalidate

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

IMPORTANCE_CUTOFF = 3.0
TOOL_MIN_LEVEL = 2
LEGACY_PREFIX = "ONET-"  # codes of roles imported before roles took the SOC code itself
_SOC = re.compile(ONET_CODE_REGEX)
_BATCH = 2000

# SOC 2018 major groups, in our own short words.
SOC_MAJOR_GROUPS = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports and Media",
    "29": "Healthcare Practitioners and Technical",
    "31": "Healthcare Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}

FILES = {
    "occupations": "Occupation Data.txt",
    "job_zones": "Job Zones.txt",
    "skills": "Skills.txt",
    "knowledge": "Knowledge.txt",
    "technology": "Technology Skills.txt",
    "alternate_titles": "Alternate Titles.txt",
    "content_model": "Content Model Reference.txt",
}

# canonical field -> accepted headers, normalised as ``normalize_header`` does.
_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "occupations": {"soc": ("onetsoccode",), "title": ("title",), "description": ("description",)},
    "job_zones": {"soc": ("onetsoccode",), "zone": ("jobzone",)},
    "ratings": {
        "soc": ("onetsoccode",),
        "element_id": ("elementid",),
        "element_name": ("elementname",),
        "scale": ("scaleid",),
        "value": ("datavalue",),
        "suppress": ("recommendsuppress",),
        "not_relevant": ("notrelevant",),
    },
    "technology": {
        "soc": ("onetsoccode",),
        "example": ("example", "technologyskill"),
        "hot": ("hottechnology",),
    },
    "alternate_titles": {
        "soc": ("onetsoccode",),
        "alternate": ("alternatetitle",),
        "short": ("shorttitle",),
    },
    "content_model": {
        "element_id": ("elementid",),
        "element_name": ("elementname",),
        "description": ("description",),
    },
}
_REQUIRED = {
    "occupations": ("soc", "title"),
    "job_zones": ("soc", "zone"),
    "ratings": ("soc", "element_id", "element_name", "scale", "value"),
    "technology": ("soc", "example"),
    "alternate_titles": ("soc", "alternate"),
    "content_model": ("element_id", "description"),
}


def half_up(value: float) -> int:
    return int(value + 0.5)


def onet_level(lv: float) -> int:
    """O*NET level 0–7 -> our 0–5 scale, halves rounded up (7 -> 5, 3.5 -> 3, 4.9 -> 4)."""
    return max(0, min(5, half_up(lv * 5 / 7)))


def onet_importance(im: float) -> int:
    return max(1, min(5, half_up(im)))


@dataclass
class _Plan:
    """Everything the files ask for, validated, before the database is touched."""

    roles: dict[str, dict[str, Any]] = field(default_factory=dict)  # soc -> role values
    zones: dict[str, int] = field(default_factory=dict)
    descriptors: dict[str, dict[str, Any]] = field(default_factory=dict)  # element id -> skill
    requirements: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    ratings: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    tools: dict[str, bool] = field(default_factory=dict)  # tool name -> hot
    tool_names: dict[str, str] = field(default_factory=dict)  # lower name -> name as written
    tool_links: dict[tuple[str, str], bool] = field(default_factory=dict)  # (soc, lower) -> hot
    aliases: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    descriptions: dict[str, str] = field(default_factory=dict)
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, category)


def _read(directory: Path, kind: str, columns: str) -> CsvFile | None:
    path = directory / FILES[kind]
    if not path.is_file():
        return None
    try:
        parsed = csv_read(path.read_bytes(), aliases=_COLUMNS[columns], required=_REQUIRED[columns])
    except ImportFileError as exc:
        raise ImportFileError(f"{FILES[kind]}: {exc}") from exc
    return parsed


def _report(kind: str, parsed: CsvFile, dry_run: bool) -> ImportReport:
    report = ImportReport(label=FILES[kind], dry_run=dry_run)
    report.problems.extend(parsed.bad_rows)
    report.rejected += len(parsed.bad_rows)
    return report


def _reject(report: ImportReport, line: int, column: str, value: str, message: str) -> None:
    report.problems.append(Problem(line=line, column=column, value=value, message=message))
    report.rejected += 1


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _plan_occupations(parsed: CsvFile, report: ImportReport, plan: _Plan) -> None:
    for row in parsed.rows:
        soc, title = row.values.get("soc", ""), row.values.get("title", "")
        if not _SOC.match(soc):
            _reject(report, row.line, "O*NET-SOC Code", soc, "not an O*NET-SOC code (NN-NNNN.NN)")
        elif not title or len(title) > 200:
            _reject(report, row.line, "Title", title, "a title of 1 to 200 characters is needed")
        elif soc in plan.roles:
            _reject(report, row.line, "O*NET-SOC Code", soc, "this occupation appears twice")
        else:
            plan.roles[soc] = {"title": title, "description": row.values.get("description", "")}


def _plan_zones(parsed: CsvFile, report: ImportReport, plan: _Plan) -> None:
    for row in parsed.rows:
        soc, zone = row.values.get("soc", ""), row.values.get("zone", "")
        if soc not in plan.roles:
            _reject(report, row.line, "O*NET-SOC Code", soc, "unknown occupation")
        elif zone not in {"1", "2", "3", "4", "5"}:
            _reject(report, row.line, "Job Zone", zone, "a job zone is a whole number 1 to 5")
        else:
            plan.zones[soc] = int(zone)


def _plan_ratings(
    parsed: CsvFile, report: ImportReport, plan: _Plan, category: SkillCategory
) -> None:
    im: dict[tuple[str, str], float] = {}
    lv: dict[tuple[str, str], float] = {}
    dropped: set[tuple[str, str]] = set()
    for row in parsed.rows:
        v = row.values
        soc, element, scale = v.get("soc", ""), v.get("element_id", ""), v.get("scale", "")
        if soc not in plan.roles:
            _reject(report, row.line, "O*NET-SOC Code", soc, "unknown occupation")
            continue
        if not element or len(element) > 50:
            _reject(report, row.line, "Element ID", element, "missing or too long")
            continue
        if scale not in {"IM", "LV"}:
            continue  # other scales carry nothing we use
        value = _number(v.get("value", ""))
        low, high = (1.0, 5.0) if scale == "IM" else (0.0, 7.0)
        if value is None or not low <= value <= high:
            message = f"a number from {low:g} to {high:g} is needed for scale {scale}"
            _reject(report, row.line, "Data Value", v.get("value", ""), message)
            continue
        key = (soc, element)
        plan.descriptors.setdefault(
            element, {"name": v.get("element_name", "")[:200], "category": category}
        )
        if v.get("suppress", "").upper() == "Y" or v.get("not_relevant", "").upper() == "Y":
            dropped.add(key)
        (im if scale == "IM" else lv)[key] = value
    for key, importance in im.items():
        if key in dropped or key not in lv:
            continue
        plan.ratings[key] = (importance, round(lv[key] * 5 / 7, 4))
        if importance >= IMPORTANCE_CUTOFF:
            plan.requirements[key] = (onet_level(lv[key]), onet_importance(importance))


def _plan_technology(parsed: CsvFile, report: ImportReport, plan: _Plan) -> None:
    for row in parsed.rows:
        soc, example = row.values.get("soc", ""), row.values.get("example", "")
        if soc not in plan.roles:
            _reject(report, row.line, "O*NET-SOC Code", soc, "unknown occupation")
            continue
        if not example or len(example) > 200:
            _reject(report, row.line, "Example", example, "a name of 1 to 200 characters")
            continue
        hot = row.values.get("hot", "").upper() == "Y"
        lower = example.lower()
        plan.tool_names.setdefault(lower, example)
        plan.tools[lower] = plan.tools.get(lower, False) or hot
        plan.tool_links[(soc, lower)] = plan.tool_links.get((soc, lower), False) or hot


def _plan_aliases(parsed: CsvFile, report: ImportReport, plan: _Plan) -> None:
    for row in parsed.rows:
        soc = row.values.get("soc", "")
        if soc not in plan.roles:
            _reject(report, row.line, "O*NET-SOC Code", soc, "unknown occupation")
            continue
        for column in ("alternate", "short"):
            name = row.values.get(column, "")
            if name and len(name) <= 250 and name.lower() != plan.roles[soc]["title"].lower():
                plan.aliases[soc].setdefault(name.lower(), name)


_MISSING = {
    "job_zones": "every role gets level 1.",
    "skills": "no skill ratings or requirements imported; moves rest on the other files.",
    "knowledge": "no knowledge ratings or requirements imported.",
    "technology": "no tools imported.",
    "alternate_titles": "no alternate titles imported.",
}


def _plan(directory: Path, dry_run: bool) -> tuple[_Plan, list[ImportReport]]:
    if not directory.is_dir():
        raise ImportFileError(f"Not a directory: {directory}")
    occupations = _read(directory, "occupations", "occupations")
    if occupations is None:
        raise ImportFileError(f'"{FILES["occupations"]}" is missing from {directory}.')
    plan = _Plan()
    reports: list[ImportReport] = []
    steps = [
        ("occupations", "occupations", lambda p, r: _plan_occupations(p, r, plan)),
        ("job_zones", "job_zones", lambda p, r: _plan_zones(p, r, plan)),
        ("skills", "ratings", lambda p, r: _plan_ratings(p, r, plan, SkillCategory.SKILL)),
        (
            "knowledge",
            "ratings",
            lambda p, r: _plan_ratings(p, r, plan, SkillCategory.KNOWLEDGE),
        ),
        ("technology", "technology", lambda p, r: _plan_technology(p, r, plan)),
        ("alternate_titles", "alternate_titles", lambda p, r: _plan_aliases(p, r, plan)),
    ]
    for kind, columns, step in steps:
        parsed = occupations if kind == "occupations" else _read(directory, kind, columns)
        if parsed is None:
            reports[0].warnings.append(f'"{FILES[kind]}" is missing: {_MISSING[kind]}')
            continue
        report = _report(kind, parsed, dry_run)
        step(parsed, report)
        reports.append(report)
    model = _read(directory, "content_model", "content_model")
    if model is not None:
        plan.descriptions = {
            r.values["element_id"]: r.values.get("description", "") for r in model.rows
        }
        names = {r.values["element_id"]: r.values.get("element_name", "") for r in model.rows}
        plan.groups = _groups(plan.descriptors, names)
        reports.append(_report("content_model", model, dry_run))
    return plan, reports


def _ancestors(element: str) -> list[str]:
    """``2.A.1.a`` -> ``["2.A", "2.A.1"]``: the groups above a descriptor, top first (the
    content model's first level, ``2`` Worker Requirements, is too broad to be useful)."""
    parts = element.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


def _groups(
    descriptors: dict[str, dict[str, Any]], names: dict[str, str]
) -> dict[str, tuple[str, str]]:
    groups: dict[str, tuple[str, str]] = {}
    for element, values in descriptors.items():
        for ancestor in _ancestors(element):
            name = names.get(ancestor, "")
            if name and len(name) <= 180:
                groups.setdefault(ancestor, (name, values["category"]))
    return groups


def _parent_element(element: str, groups: dict[str, tuple[str, str]]) -> str | None:
    above = [a for a in _ancestors(element) if a in groups]
    return above[-1] if above else None


# ---------------------------------------------------------------------------------------------
# Writing: compare with what is there, then bulk create and bulk update the differences
# ---------------------------------------------------------------------------------------------


def _save(
    model: type, new: list[Any], changed: list[Any], fields: list[str], report: ImportReport
) -> None:
    model.objects.bulk_create(new, batch_size=_BATCH)  # type: ignore[attr-defined]
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=_BATCH)  # type: ignore[attr-defined]
    report.created += len(new)
    report.updated += len(changed)


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
    Skill.objects.bulk_create(new, batch_size=_BATCH)
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
        Skill.objects.bulk_update(changed, ["parent"], batch_size=_BATCH)
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
    _save(Skill, new, changed, ["onet_id", "description", "parent"], reports["skills"])
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
    _save(Skill, new, changed, ["is_hot_technology"], report)
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
    Role.objects.bulk_create(new, batch_size=_BATCH)
    if changed:
        Role.objects.bulk_update(changed, [f.removesuffix("_id") for f in fields], _BATCH)
    report.created += len(new)
    report.updated += len(changed)
    if missing_zone:
        report.warnings.append(f"{missing_zone} occupations have no job zone; level 1 used.")
    ids = dict(Role.objects.filter(code__in=list(plan.roles)).values_list("code", "id"))
    return {soc: ids[soc] for soc in plan.roles}


def _write_requirements(
    plan: _Plan, roles: dict[str, int], skills: dict[str, int], reports: dict[str, ImportReport]
) -> None:
    wanted: dict[tuple[int, int], tuple[int, int, bool, str]] = {}
    for (soc, element), (level, importance) in plan.requirements.items():
        source = "skills" if plan.descriptors[element]["category"] == "skill" else "knowledge"
        wanted[(roles[soc], skills[element])] = (level, importance, True, source)
    for (soc, lower), hot in plan.tool_links.items():
        key = (roles[soc], skills[f"tool:{lower}"])
        if key not in wanted:  # a rated skill wins over the same name as a tool
            wanted[key] = (TOOL_MIN_LEVEL, 3 if hot else 2, False, "technology")
    existing = {
        (r.role_id, r.skill_id): r
        for r in RoleRequirement.objects.filter(role_id__in=list(roles.values()))
    }
    new: list[RoleRequirement] = []
    changed: list[RoleRequirement] = []
    for (role_id, skill_id), (level, importance, required, source) in wanted.items():
        report = reports[source]
        current = existing.get((role_id, skill_id))
        if current is None:
            new.append(
                RoleRequirement(
                    role_id=role_id,
                    skill_id=skill_id,
                    min_level=level,
                    importance=importance,
                    is_required=required,
                )
            )
            report.created += 1
        elif (current.min_level, current.importance, current.is_required) != (
            level,
            importance,
            required,
        ):
            current.min_level, current.importance = level, importance
            current.is_required = required
            changed.append(current)
            report.updated += 1
        else:
            report.unchanged += 1
    RoleRequirement.objects.bulk_create(new, batch_size=_BATCH)
    if changed:
        RoleRequirement.objects.bulk_update(
            changed, ["min_level", "importance", "is_required"], batch_size=_BATCH
        )


def _write_ratings(
    plan: _Plan, roles: dict[str, int], skills: dict[str, int], reports: dict[str, ImportReport]
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
    RoleRating.objects.bulk_create(new, batch_size=_BATCH)
    if changed:
        RoleRating.objects.bulk_update(changed, ["importance", "level"], batch_size=_BATCH)


def _write_aliases(plan: _Plan, roles: dict[str, int], report: ImportReport) -> None:
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
    RoleAlias.objects.bulk_create(new, batch_size=_BATCH)
    report.created += len(new)
    report.unchanged += sum(len(n) for n in plan.aliases.values()) - len(new)


def onet_import(
    *,
    directory: Path,
    dry_run: bool = False,
    actor: User | AnonymousUser | None = None,
    request_id: str = "",
) -> list[ImportReport]:
    """Import an O*NET directory; one report per file read. See the module docstring."""
    plan, report_list = _plan(directory, dry_run)
    reports = {kind: r for kind in FILES for r in report_list if r.label == FILES[kind]}
    for kind in ("skills", "knowledge", "technology", "content_model"):
        reports.setdefault(kind, ImportReport(label=FILES[kind], dry_run=dry_run))
    with transaction.atomic():
        roles = _write_roles(plan, reports)
        skills = _write_skills(plan, reports)
        _write_requirements(plan, roles, skills, reports)
        _write_ratings(plan, roles, skills, reports)
        if "alternate_titles" in reports:
            _write_aliases(plan, roles, reports["alternate_titles"])
        audit_record(
            actor=actor,
            action="taxonomy.import_onet",
            detail={r.label: r.counts() for r in report_list} | {"dry_run": dry_run},
            request_id=request_id,
        )
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(search_invalidate)
    return report_list
