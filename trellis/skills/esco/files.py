"""ESCO's files: which file is which (both layouts), the columns each needs, and reading them;
the constants of the mapping.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trellis.org.imports import CsvFile, ImportFileError, ImportReport, Problem, csv_read

if TYPE_CHECKING:
    pass


ROLE_PREFIX = "ESCO-"
ESSENTIAL = (3, 4, True)  # min level, importance, required
OPTIONAL = (2, 2, False)
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


def esco_files(directory: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """The CSV files of ``directory`` this import knows, with their kind (by name), and the
    names of the others; notes and licences that travel with data sets are passed over."""
    if not directory.is_dir():
        raise ImportFileError(f"Not a directory: {directory}")
    known: list[tuple[Path, str]] = []
    ignored: list[str] = []
    for path in sorted(directory.iterdir(), key=lambda p: p.name.lower()):
        if not path.is_file() or path.suffix.lower() != ".csv":
            continue
        kind = file_kind(path.name)
        if kind is None:
            ignored.append(path.name)
        else:
            known.append((path, kind))
    if not known:
        raise ImportFileError(
            f"No ESCO file found in {directory.name or directory}: expected files such as "
            "occupations_en.csv, skillGroups_en.csv, skills_en.csv or occupations.csv."
        )
    return known, ignored


def _read_files(
    known: list[tuple[Path, str]], dry_run: bool, reading: Callable[[int, str], None]
) -> list[_File]:
    """Each known file read and parsed, ``reading`` told before each (its place, its name)."""
    files: list[_File] = []
    for i, (path, kind) in enumerate(known):
        reading(i, path.name)
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
    files.sort(key=lambda f: (_ORDER.index(f.kind), f.name.lower()))
    return files
