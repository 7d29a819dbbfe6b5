"""Planning an ESCO import: every row checked and turned into plain values before the
database is touched.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from trellis.org.longwork import Tick, no_tick
from trellis.skills.esco.files import (
    _GROUP_CODE,
    _ISCED,
    _ISCO_UNIT,
    _File,
    _labels,
    _Node,
    _Occupation,
    _Plan,
    _read_files,
    esco_files,
    esco_label,
)
from trellis.skills.models import (
    Role,
    Skill,
    SkillCategory,
)

if TYPE_CHECKING:
    pass


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


def _plan(
    directory: Path, dry_run: bool, tick: Tick = no_tick, *, then: int = 0
) -> tuple[_Plan, list[_File], list[str]]:
    """Every known file of ``directory`` read, then checked into one plan. ``tick`` hears of
    each file read and each file checked, counted of those steps and ``then`` more."""
    known, ignored = esco_files(directory)
    total = 2 * len(known) + then
    files = _read_files(known, dry_run, lambda i, name: tick(i, total, f"Reading {name}"))
    plan = _Plan(
        known_skill_uris=set(Skill.objects.exclude(esco_uri="").values_list("esco_uri", flat=True)),
        known_role_uris=set(Role.objects.exclude(esco_uri="").values_list("esco_uri", flat=True)),
    )
    for i, f in enumerate(files):
        tick(len(known) + i, total, f"Checking {f.name}")
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
