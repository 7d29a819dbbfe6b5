"""Reading and planning an O*NET import: the files and their columns, O*NET's scales in ours,
and every row checked and turned into plain values before the database is touched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trellis.org.imports import CsvFile, ImportFileError, ImportReport, Problem, csv_read
from trellis.skills.models import (
    ONET_CODE_REGEX,
    SkillCategory,
)

if TYPE_CHECKING:
    pass


IMPORTANCE_CUTOFF = 3.0
TOOL_MIN_LEVEL = 2
LEGACY_PREFIX = "ONET-"  # codes of roles imported before roles took the SOC code itself
_SOC = re.compile(ONET_CODE_REGEX)

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


# The files read, in order (each a step of the import's progress).
READ_STEPS = 7


def _plan(
    directory: Path, dry_run: bool, reading: Callable[[int, str], None] = lambda i, name: None
) -> tuple[_Plan, list[ImportReport]]:
    """Read and check every file; ``reading(i, file name)`` hears of each before it is read."""
    if not directory.is_dir():
        raise ImportFileError(f"Not a directory: {directory}")
    reading(0, FILES["occupations"])
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
    for i, (kind, columns, step) in enumerate(steps):
        if i:
            reading(i, FILES[kind])
        parsed = occupations if kind == "occupations" else _read(directory, kind, columns)
        if parsed is None:
            reports[0].warnings.append(f'"{FILES[kind]}" is missing: {_MISSING[kind]}')
            continue
        report = _report(kind, parsed, dry_run)
        step(parsed, report)
        reports.append(report)
    reading(len(steps), FILES["content_model"])
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
