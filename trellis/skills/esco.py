"""Import of ESCO (skills, skill groups, occupations and their relations) into the taxonomy.

Both published layouts are read, file by file, with columns chosen by header name: ESCO's own
CSV download (``occupations_en.csv``, ``conceptUri``, ``preferredLabel``, ...) and Tabiya's
repackaging (``occupations.csv``, ``ORIGINURI``, ``PREFERREDLABEL``, ..., with row ``ID`` keys
used by its relation files). The mapping (documented for users in
``docs/taxonomy-imports.md``):

* ISCO groups -> the job family of a role: the ISCO sub-major group (two digits) of the
  occupation, named by the ISCO groups file when present ("ISCO group 25" otherwise).
* Occupations -> roles keyed by their ESCO URI (``esco_uri``), code ``ESCO-<id>``, the
  ESCO occupation code (or the ISCO unit group) as external code, the description as purpose,
  the alternative labels as role aliases. The ISCO major group sets the level (the ISCO-08
  skill level: managers and professionals 4, technicians 3, groups 4 to 8 level 2,
  elementary occupations 1; armed forces by rank) and the track (managers: management).
* Skill groups and the skills pillar hierarchy -> skills forming the tree: each group is a
  skill with its ESCO URI; its parent comes from a hierarchy file when one is given
  (``skillsHierarchy_en.csv``, ``broaderRelationsSkillPillar_en.csv``, Tabiya's
  ``skill_hierarchy.csv``), otherwise from its code (``S1.2.3`` under ``S1.2``, ISCED-F
  ``0530`` under ``053``, two-digit ISCED-F fields under ``K`` knowledge).
* Skills (``skills_en.csv``, Tabiya ``skills.csv``) and skill collections
  (``*SkillsCollection_en.csv``) -> skills of category knowledge or skill, with their
  alternative labels as aliases and their first broader group as parent.
* Occupation–skill relations (``occupationSkillRelations_en.csv`` with ``occupationUri,
  relationType, skillType, skillUri``, or Tabiya's ``occupation_to_skill_relations.csv``)
  -> requirements: essential = required, minimum level 3, importance 4; optional =
  nice to have, minimum level 2, importance 2.

Rows with problems are reported with their file, line, column and value and left out;
everything else is written in one transaction, and a second run of the same files changes
nothing. The import adds and updates; it never deletes. An existing skill of the same name
and category without an ESCO URI is adopted rather than duplicated; its name and a parent
that HR (or another import) gave it are kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from trellis.org.imports import CsvFile, ImportFileError, ImportReport, Problem, csv_read
from trellis.org.services import audit_record
from trellis.skills.models import (
    JobFamily,
    Role,
    RoleAlias,
    RoleRequirement,
    Skill,
    SkillAlias,
    SkillCategory,
    Track,
)
from trellis.skills.search import search_invalidate

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

ROLE_PREFIX = "ESCO-"
ESSENTIAL = (3, 4, True)  # min level, importance, required
OPTIONAL = (2, 2, False)
_BATCH = 2000
_ISCO_UNIT = re.compile(r"^\d{4}$")
_GROUP_CODE = re.compile(r"^[A-Z]\d*(\.\d+)*$")
_ISCED = re.compile(r"/isced-f/(\d{2,4})$")
# ISCO-08 skill level by major group; armed forces (0) by sub-major group.
_ISCO_LEVEL = {"1": 4, "2": 4, "3": 3, "4": 2, "5": 2, "6": 2, "7": 2, "8": 2, "9": 1}
_ARMED_FORCES_LEVEL = {"01": 4, "02": 2, "03": 1}

# File kind -> the file's name without language suffix, lower-cased, letters only.
_KINDS_BY_NAME = {
    "occupations": "occupations",
    "iscogroups": "isco",
    "occupationgroups": "isco",
    "skillgroups": "groups",
    "skillshierarchy": "levels",
    "skillhierarchy": "pairs",
    "broaderrelationsskillpillar": "pairs",
    "skills": "skills",
    "occupationskillrelations": "relations",
    "occupationtoskillrelations": "relations",
}
# Files are read in this order, so that later ones may name what earlier ones hold.
_ORDER = ("isco", "groups", "skills", "collection", "occupations", "levels", "pairs", "relations")

_COMMON = {
    "uri": ("originuri", "concepturi"),
    "key": ("id",),
    "label": ("preferredlabel",),
    "alt": ("altlabels",),
    "description": ("description",),
}
_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "isco": {"code": ("code",), "label": ("preferredlabel",)},
    "groups": _COMMON | {"code": ("code",)},
    "skills": _COMMON | {"skill_type": ("skilltype",)},
    "collection": _COMMON | {"skill_type": ("skilltype",), "broader": ("broaderconcepturi",)},
    "occupations": _COMMON
    | {"isco": ("iscogroupcode", "iscogroup", "occupationgroupcode"), "code": ("code",)},
    "levels": {
        **{f"uri{i}": (f"level{i}uri",) for i in range(4)},
        **{f"label{i}": (f"level{i}preferredterm",) for i in range(4)},
        "description": ("description",),
    },
    "pairs": {"child": ("childid", "concepturi"), "parent": ("parentid", "broaderuri")},
    "relations": {
        "occupation": ("occupationuri", "occupationid"),
        "skill": ("skilluri", "skillid"),
        "relation": ("relationtype",),
    },
}
_REQUIRED = {
    "isco": ("code", "label"),
    "groups": ("uri", "label"),
    "skills": ("uri", "label"),
    "collection": ("uri", "label"),
    "occupations": ("uri", "label", "isco"),
    "levels": ("uri0",),
    "pairs": ("child", "parent"),
    "relations": ("occupation", "skill", "relation"),
}


def file_kind(name: str) -> str | None:
    """The kind of ESCO file a name stands for (``skills_en.csv`` -> ``skills``), or None."""
    path = Path(name)
    if path.suffix.lower() != ".csv":
        return None
    stem = re.sub(r"_[a-z]{2}$", "", path.stem.lower())  # language suffix: _en, _fr, ...
    key = re.sub(r"[^a-z]", "", stem)
    if key.endswith("skillscollection"):
        return "collection"
    return _KINDS_BY_NAME.get(key)


def esco_label(text: str) -> str:
    """ESCO writes labels in lower case; our names start with a capital like the others."""
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _labels(text: str) -> list[str]:
    """Alternative labels: one per line (ESCO, Tabiya) or separated by `` | `` (collections)."""
    parts = re.split(r"\n| \| ", text)
    return [" ".join(p.split()) for p in parts if p.strip()]


def isco_level(isco: str) -> int:
    if isco.startswith("0"):
        return _ARMED_FORCES_LEVEL.get(isco[:2], 2)
    return _ISCO_LEVEL.get(isco[:1], 2)


@dataclass
class _Node:
    """A skill group or a skill, as the files describe it."""

    uri: str
    label: str
    description: str
    category: str
    is_group: bool
    source: str  # the file that first named it
    code: str = ""
    aliases: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)  # from hierarchy files, in file order
    broader: list[str] = field(default_factory=list)  # from the skill's own row


@dataclass
class _Occupation:
    uri: str
    title: str
    description: str
    isco: str
    code: str
    aliases: list[str]


@dataclass
class _Plan:
    nodes: dict[str, _Node] = field(default_factory=dict)
    occupations: dict[str, _Occupation] = field(default_factory=dict)
    isco_labels: dict[str, str] = field(default_factory=dict)
    relations: dict[tuple[str, str], bool] = field(default_factory=dict)  # -> essential
    keys: dict[str, str] = field(default_factory=dict)  # Tabiya row ID -> URI
    known_skill_uris: set[str] = field(default_factory=set)  # already in the database
    known_role_uris: set[str] = field(default_factory=set)


@dataclass
class _File:
    name: str
    kind: str
    parsed: CsvFile
    report: ImportReport

    def reject(self, line: int, column: str, value: str, message: str) -> None:
        shown = self.parsed.columns.get(column, column)
        self.report.problems.append(Problem(line, shown, value[:200], message))
        self.report.rejected += 1


def _read_files(directory: Path, dry_run: bool) -> tuple[list[_File], list[str]]:
    if not directory.is_dir():
        raise ImportFileError(f"Not a directory: {directory}")
    files: list[_File] = []
    ignored: list[str] = []
    for path in sorted(directory.iterdir(), key=lambda p: p.name.lower()):
        if not path.is_file() or path.suffix.lower() != ".csv":
            continue  # notes and licences travel with data sets
        kind = file_kind(path.name)
        if kind is None:
            ignored.append(path.name)
            continue
        try:
            parsed = csv_read(path.read_bytes(), aliases=_COLUMNS[kind], required=_REQUIRED[kind])
        except ImportFileError as exc:
            raise ImportFileError(f"{path.name}: {exc}") from exc
        report = ImportReport(label=path.name, dry_run=dry_run)
        # ESCO files carry many columns this import has no use for; naming each is noise.
        report.warnings = [w for w in parsed.warnings if not w.startswith("Unknown column")]
        report.problems.extend(parsed.bad_rows)
        report.rejected += len(parsed.bad_rows)
        files.append(_File(name=path.name, kind=kind, parsed=parsed, report=report))
    if not files:
        raise ImportFileError(
            f"No ESCO file found in {directory.name or directory}: expected files such as "
            "occupations_en.csv, skillGroups_en.csv, skills_en.csv or occupations.csv."
        )
    files.sort(key=lambda f: (_ORDER.index(f.kind), f.name.lower()))
    return files, ignored


# ---------------------------------------------------------------------------------------------
# Planning: every row checked and turned into plain values before the database is touched
# ---------------------------------------------------------------------------------------------


def _check_uri(f: _File, line: int, column: str, uri: str) -> bool:
    if not uri.startswith(("http://", "https://")) or len(uri) > 300 or " " in uri:
        f.reject(line, column, uri, "not an ESCO URI (http://data.europa.eu/esco/...)")
        return False
    return True


def _check_label(f: _File, line: int, label: str) -> bool:
    if not label or len(label) > 200:
        f.reject(line, "label", label, "a label of 1 to 200 characters is needed")
        return False
    return True


def _group_code(uri: str, code: str) -> str:
    """``S1.2.3``, ``T6``, ``K``; ISCED-F fields as their digits; "" when none is known."""
    if code:
        return code
    tail = uri.rsplit("/", 1)[-1]
    if _GROUP_CODE.match(tail):
        return tail
    isced = _ISCED.search(uri)
    return isced.group(1) if isced else ""


def _category_of_group(uri: str, code: str) -> str:
    if _ISCED.search(uri) or code.startswith("K") or code.isdigit():
        return SkillCategory.KNOWLEDGE
    return SkillCategory.SKILL


def _plan_isco(f: _File, plan: _Plan) -> None:
    for row in f.parsed.rows:
        code, label = row.values.get("code", ""), row.values.get("label", "")
        if not re.fullmatch(r"\d{1,4}", code):
            f.reject(row.line, "code", code, "an ISCO group code has one to four digits")
        elif not label or len(label) > 150:
            f.reject(row.line, "label", label, "a label of 1 to 150 characters is needed")
        else:
            plan.isco_labels[code] = label
            f.report.unchanged += 1  # read for the family names; nothing of its own is written


def _plan_nodes(f: _File, plan: _Plan, *, groups: bool) -> None:
    seen: dict[str, int] = {}
    for row in f.parsed.rows:
        v = row.values
        uri, label = v.get("uri", ""), esco_label(v.get("label", ""))
        if not _check_uri(f, row.line, "uri", uri) or not _check_label(f, row.line, label):
            continue
        if uri in seen:
            f.reject(row.line, "uri", uri, f"this URI appears twice (also on line {seen[uri]})")
            continue
        seen[uri] = row.line
        if v.get("key"):
            plan.keys[v["key"]] = uri
        node = plan.nodes.get(uri)
        if node is None:
            if groups:
                code = _group_code(uri, v.get("code", ""))
                category = _category_of_group(uri, code)
            else:
                code = ""
                kind = v.get("skill_type", "").lower()
                category = SkillCategory.KNOWLEDGE if kind == "knowledge" else SkillCategory.SKILL
            node = _Node(
                uri=uri,
                label=label,
                description=v.get("description", ""),
                category=category,
                is_group=groups,
                source=f.name,
                code=code,
            )
            plan.nodes[uri] = node
        # The same skill may sit in several collections: the first row gives the values,
        # every row may add labels and broader concepts.
        for alias in _labels(v.get("alt", "")):
            if alias not in node.aliases:
                node.aliases.append(alias)
        for broader in _labels(v.get("broader", "")):
            if broader not in node.broader:
                node.broader.append(broader)


def _plan_occupations(f: _File, plan: _Plan) -> None:
    seen: dict[str, int] = {}
    for row in f.parsed.rows:
        v = row.values
        uri, title, isco = v.get("uri", ""), esco_label(v.get("label", "")), v.get("isco", "")
        if not _check_uri(f, row.line, "uri", uri) or not _check_label(f, row.line, title):
            continue
        if not _ISCO_UNIT.match(isco):
            f.reject(row.line, "isco", isco, "an ISCO unit group code has four digits")
            continue
        if uri in seen:
            f.reject(row.line, "uri", uri, f"this URI appears twice (also on line {seen[uri]})")
            continue
        code = v.get("code", "")
        if len(code) > 50:
            f.reject(row.line, "code", code, "too long (at most 50 characters)")
            continue
        seen[uri] = row.line
        if v.get("key"):
            plan.keys[v["key"]] = uri
        aliases: dict[str, str] = {}
        for alias in _labels(v.get("alt", "")):
            if len(alias) <= 250 and alias.lower() != title.lower():
                aliases.setdefault(alias.lower(), alias)
        plan.occupations[uri] = _Occupation(
            uri=uri,
            title=title,
            description=v.get("description", ""),
            isco=isco,
            code=code or isco,
            aliases=list(aliases.values()),
        )


def _plan_levels(f: _File, plan: _Plan) -> None:
    """The wide hierarchy file: each row a path from the pillar's top (level 0) down."""
    for row in f.parsed.rows:
        v = row.values
        chain: list[str] = []
        ok = True
        for i in range(4):
            uri = v.get(f"uri{i}", "")
            if not uri:
                break
            if not _check_uri(f, row.line, f"uri{i}", uri):
                ok = False
                break
            label = esco_label(v.get(f"label{i}", ""))
            if uri not in plan.nodes:
                if not _check_label(f, row.line, label):
                    ok = False
                    break
                code = _group_code(uri, "")
                plan.nodes[uri] = _Node(
                    uri=uri,
                    label=label,
                    description="",
                    category=_category_of_group(uri, code),
                    is_group=True,
                    source=f.name,
                    code=code,
                )
            chain.append(uri)
        if not ok or not chain:
            continue
        deepest = plan.nodes[chain[-1]]
        if not deepest.description and v.get("description"):
            deepest.description = v["description"]
        for parent, child in pairwise(chain):
            if parent not in plan.nodes[child].parents:
                plan.nodes[child].parents.append(parent)
        f.report.unchanged += 1  # counted as read; the tree is written with the skills


def _resolve(value: str, plan: _Plan) -> str:
    """A reference in a relation file: an ESCO URI, or a Tabiya row ID."""
    return value if value.startswith(("http://", "https://")) else plan.keys.get(value, value)


def _plan_pairs(f: _File, plan: _Plan) -> None:
    for row in f.parsed.rows:
        child = _resolve(row.values.get("child", ""), plan)
        parent = _resolve(row.values.get("parent", ""), plan)
        if child not in plan.nodes:
            f.reject(row.line, "child", row.values.get("child", ""), "unknown skill or group")
        elif parent not in plan.nodes and parent not in plan.known_skill_uris:
            f.reject(row.line, "parent", row.values.get("parent", ""), "unknown skill or group")
        else:
            if parent not in plan.nodes[child].parents:
                plan.nodes[child].parents.append(parent)
            f.report.unchanged += 1


def _plan_relations(f: _File, plan: _Plan) -> None:
    for row in f.parsed.rows:
        v = row.values
        occupation = _resolve(v.get("occupation", ""), plan)
        skill = _resolve(v.get("skill", ""), plan)
        relation = v.get("relation", "").lower()
        if occupation not in plan.occupations and occupation not in plan.known_role_uris:
            f.reject(row.line, "occupation", v.get("occupation", ""), "unknown occupation")
        elif skill not in plan.nodes and skill not in plan.known_skill_uris:
            f.reject(row.line, "skill", v.get("skill", ""), "unknown skill")
        elif relation not in {"essential", "optional"}:
            f.reject(row.line, "relation", v.get("relation", ""), "use essential or optional")
        else:
            key = (occupation, skill)
            # Listed twice, once essential: essential wins.
            plan.relations[key] = plan.relations.get(key, False) or relation == "essential"


def _plan(directory: Path, dry_run: bool) -> tuple[_Plan, list[_File], list[str]]:
    files, ignored = _read_files(directory, dry_run)
    plan = _Plan(
        known_skill_uris=set(Skill.objects.exclude(esco_uri="").values_list("esco_uri", flat=True)),
        known_role_uris=set(Role.objects.exclude(esco_uri="").values_list("esco_uri", flat=True)),
    )
    for f in files:
        if f.kind == "isco":
            _plan_isco(f, plan)
        elif f.kind == "groups":
            _plan_nodes(f, plan, groups=True)
        elif f.kind in ("skills", "collection"):
            _plan_nodes(f, plan, groups=False)
        elif f.kind == "occupations":
            _plan_occupations(f, plan)
        elif f.kind == "levels":
            _plan_levels(f, plan)
        elif f.kind == "pairs":
            _plan_pairs(f, plan)
        else:
            _plan_relations(f, plan)
    return plan, files, ignored


def _choose_parents(plan: _Plan, known: dict[str, int]) -> tuple[dict[str, str], int]:
    """Child URI -> parent URI: hierarchy files first, then the skill's broader concepts,
    then the group's code; a group is preferred over a skill. Links closing a loop are
    dropped (their count is returned)."""
    by_code = {n.code: uri for uri, n in plan.nodes.items() if n.is_group and n.code}
    chosen: dict[str, str] = {}
    for uri, node in plan.nodes.items():
        candidates = [*node.parents, *node.broader]
        if node.is_group and node.code and not node.parents:
            code = node.code
            if code.isdigit():  # ISCED-F: 0530 under 053 under 05 under K
                parent_code = code[:-1] if len(code) > 2 else "K"
            elif "." in code:
                parent_code = code.rsplit(".", 1)[0]
            else:
                parent_code = code[0] if len(code) > 1 else ""
            if parent_code in by_code:
                candidates.append(by_code[parent_code])
        candidates = [c for c in candidates if c != uri]
        groups = [c for c in candidates if c in plan.nodes and plan.nodes[c].is_group]
        others = [c for c in candidates if c in plan.nodes or c in known]
        pick = (groups or others or [""])[0]
        if pick:
            chosen[uri] = pick
    loops = 0
    for start in list(chosen):
        seen = {start}
        step = chosen.get(start)
        while step is not None:
            if step in seen:
                chosen.pop(start, None)
                loops += 1
                break
            seen.add(step)
            step = chosen.get(step)
    return chosen, loops


# ---------------------------------------------------------------------------------------------
# Writing: compare with what is there, then bulk create and bulk update the differences
# ---------------------------------------------------------------------------------------------


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
    Skill.objects.bulk_create(new, batch_size=_BATCH)
    new_ids = {s.pk for s in new}
    ids = {uri: s.pk for uri, s in by_uri.items()}
    # The tree: set the parent the files give, unless the skill already sits under a
    # parent that is not an ESCO node (placed by HR or another import).
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
    if changed:
        Skill.objects.bulk_update(
            list(changed.values()), ["esco_uri", "description", "parent"], batch_size=_BATCH
        )
    added = _write_skill_aliases(plan, by_uri, by_name)
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
    return ids


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
    SkillAlias.objects.bulk_create(new, batch_size=_BATCH)
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
    Role.objects.bulk_create(new, batch_size=_BATCH)
    if changed:
        Role.objects.bulk_update(changed, [f.removesuffix("_id") for f in fields], _BATCH)
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
        batch_size=_BATCH,
    )


def _write_requirements(
    plan: _Plan, roles: dict[str, int], skills: dict[str, int], report: ImportReport
) -> None:
    wanted = {
        (roles[occupation], skills[skill]): ESSENTIAL if essential else OPTIONAL
        for (occupation, skill), essential in plan.relations.items()
    }
    existing = {
        (r.role_id, r.skill_id): r
        for r in RoleRequirement.objects.filter(role_id__in={k[0] for k in wanted})
    }
    new: list[RoleRequirement] = []
    changed: list[RoleRequirement] = []
    for (role_id, skill_id), (level, importance, required) in wanted.items():
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
        elif (current.min_level, current.importance, current.is_required) != (
            level,
            importance,
            required,
        ):
            current.min_level, current.importance = level, importance
            current.is_required = required
            changed.append(current)
        else:
            report.unchanged += 1
    RoleRequirement.objects.bulk_create(new, batch_size=_BATCH)
    if changed:
        RoleRequirement.objects.bulk_update(
            changed, ["min_level", "importance", "is_required"], batch_size=_BATCH
        )
    report.created += len(new)
    report.updated += len(changed)


def esco_import(
    *,
    directory: Path,
    dry_run: bool = False,
    actor: User | AnonymousUser | None = None,
    request_id: str = "",
) -> list[ImportReport]:
    """Import a folder of ESCO CSV files; one report per file read. See the module docstring.

    Raises :class:`ImportFileError` (nothing written) when the folder holds no ESCO file or
    a file lacks a required column or cannot be read.
    """
    plan, files, ignored = _plan(directory, dry_run)
    reports = {f.name: f.report for f in files}
    with transaction.atomic():
        known = dict(Skill.objects.exclude(esco_uri="").values_list("esco_uri", "id"))
        parents, loops = _choose_parents(plan, known)
        skills = _write_skills(plan, parents, reports) if plan.nodes else {}
        skills = known | skills
        roles: dict[str, int] = {}
        occupation_file = next((f.name for f in files if f.kind == "occupations"), None)
        if occupation_file is not None:
            roles = _write_roles(plan, reports, occupation_file)
        if plan.relations:
            if not roles:
                roles = dict(Role.objects.exclude(esco_uri="").values_list("esco_uri", "id"))
            relation_file = next(f.name for f in files if f.kind == "relations")
            _write_requirements(plan, roles, skills, reports[relation_file])
        first = files[0].report
        if loops:
            first.warnings.append(f"{loops} parent links were left out: they formed a loop.")
        if ignored:
            first.warnings.append(
                "Files not read (not ESCO files this import knows): " + ", ".join(ignored) + "."
            )
        audit_record(
            actor=actor,
            action="taxonomy.import_esco",
            detail={f.name: f.report.counts() for f in files} | {"dry_run": dry_run},
            request_id=request_id,
        )
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(search_invalidate)
    return [f.report for f in files]
