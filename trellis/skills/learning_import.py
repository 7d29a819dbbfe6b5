"""The learning catalog from a CSV file (docs/imports.md), with the HRIS import's shape: read
and map columns by name (:func:`trellis.org.imports.csv_read`), check every row, write the
valid ones in one transaction, roll back a dry run; every rejected row is named by its line,
column and value.

Columns: ``title`` (the key: a row with the title of an item updates it), ``kind`` (course,
internal, community, book, stretch), ``skills`` ("Python:3; SQL" — a skill by name or alias,
with the level the item builds it to, 2 when left out), ``effort_hours``, ``url`` (http or
https only), ``description``, ``active`` (yes/no, yes when left out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from trellis.org.imports import (
    CsvRow,
    ImportReport,
    Problem,
    RollbackDryRun,
    csv_read,
    parse_int,
)
from trellis.org.services import audit_record
from trellis.org.validation import LINK_MAX, SHORT_TEXT, name_error, text_error, web_link_error
from trellis.skills.models import (
    EFFORT_HOURS_MAX,
    MAX_LEVEL,
    LearningItem,
    LearningKind,
    LearningSkill,
    Skill,
    SkillAlias,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

FIELDS = ("title", "kind", "skills", "effort_hours", "url", "description", "active")
REQUIRED = ("title", "kind", "skills")
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name"),
    "kind": ("kind", "type"),
    "skills": ("skills", "builds"),
    "effort_hours": ("efforthours", "effort", "hours"),
    "url": ("url", "link"),
    "description": ("description",),
    "active": ("active", "isactive"),
}
DEFAULT_LEVEL = 2
_YES, _NO = {"yes", "y", "true", "1", ""}, {"no", "n", "false", "0"}


def skill_lookup() -> dict[str, Skill]:
    """Every skill by its lower-cased name and aliases (names win over aliases)."""
    by_pk = {s.pk: s for s in Skill.objects.all()}
    skills = {s.name.lower(): s for s in by_pk.values()}
    for alias, skill_id in SkillAlias.objects.values_list("name", "skill_id"):
        skills.setdefault(alias.lower(), by_pk[skill_id])
    return skills


def parse_builds(text: str, skills: dict[str, Skill]) -> tuple[list[tuple[Skill, int]], list[str]]:
    """``"Python:3; SQL"`` -> ([(Python, 3), (SQL, 2)], problems). Each problem names the part
    of the text it is about."""
    builds: dict[int, tuple[Skill, int]] = {}
    problems = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, _, level_text = part.rpartition(":") if ":" in part else (part, "", "")
        name = name.strip()
        skill = skills.get(name.lower())
        if skill is None:
            problems.append(f'unknown skill "{name}"')
            continue
        level = DEFAULT_LEVEL
        if level_text.strip():
            try:
                level = parse_int(level_text.strip())
            except ValueError:
                level = -1
            if not 1 <= level <= MAX_LEVEL:
                problems.append(f'level of "{name}" must be a whole number from 1 to {MAX_LEVEL}')
                continue
        builds[skill.pk] = (skill, level)
    if not builds and not problems:
        problems.append("name at least one skill")
    return list(builds.values()), problems


def _row_problems(row: CsvRow, skills: dict[str, Skill]) -> tuple[list[tuple[str, str]], dict]:
    """(column, message) for each problem of the row, and the values to write."""
    v = row.values
    out: list[tuple[str, str]] = []
    for name in REQUIRED:
        if not v.get(name):
            out.append((name, "a value is required"))
    title = v.get("title", "")
    if len(title) > 200 or (title and name_error(title)):
        out.append(("title", name_error(title) or "too long (at most 200 characters)"))
    kind = v.get("kind", "").lower()
    if v.get("kind") and kind not in LearningKind.values:
        out.append(("kind", f"unknown kind; use {', '.join(LearningKind.values)}"))
    builds, skill_problems = (
        parse_builds(v.get("skills", ""), skills) if v.get("skills") else ([], [])
    )
    out += [("skills", message) for message in skill_problems]
    effort = None
    if v.get("effort_hours"):
        try:
            effort = parse_int(v["effort_hours"])
        except ValueError:
            effort = -1
        if not 0 <= effort <= EFFORT_HOURS_MAX:
            out.append(("effort_hours", f"a whole number of hours from 0 to {EFFORT_HOURS_MAX}"))
    url = v.get("url", "")
    if url and (len(url) > LINK_MAX or web_link_error(url)):
        out.append(("url", web_link_error(url) or f"too long (at most {LINK_MAX} characters)"))
    description = v.get("description", "")
    if len(description) > SHORT_TEXT or text_error(description):
        out.append(("description", text_error(description) or "too long"))
    active = v.get("active", "").lower()
    if active not in _YES | _NO:
        out.append(("active", "use yes or no"))
    values = {
        "kind": kind,
        "description": description,
        "url": url,
        "effort_hours": effort,
        "is_active": active in _YES,
    }
    return out, {"title": title, "values": values, "builds": builds}


def learning_import(
    *,
    data: bytes,
    file_name: str = "learning.csv",
    dry_run: bool = False,
    actor: User | AnonymousUser | None = None,
    request_id: str = "",
) -> ImportReport:
    """Import the catalog file; rows with a problem are rejected, every valid row written.
    Raises :class:`~trellis.org.imports.ImportFileError` for a file that cannot be read."""
    parsed = csv_read(data, aliases=ALIASES, required=REQUIRED)
    report = ImportReport(label="learning", dry_run=dry_run, warnings=list(parsed.warnings))
    skills = skill_lookup()
    existing = {i.title.lower(): i for i in LearningItem.objects.prefetch_related("builds")}
    seen: dict[str, int] = {}
    problems: list[Problem] = list(parsed.bad_rows)
    rejected = {p.line for p in problems}
    try:
        with transaction.atomic():
            for row in parsed.rows:
                found, clean = _row_problems(row, skills)
                key = clean["title"].lower()
                if key and key in seen:
                    found.append(("title", f"duplicate title (also on line {seen[key]})"))
                seen.setdefault(key, row.line)
                if found:
                    problems += [
                        Problem(row.line, parsed.columns.get(c, c), row.values.get(c, ""), m)
                        for c, m in found
                    ]
                    rejected.add(row.line)
                    continue
                _write(existing, clean, report)
            if dry_run:
                raise RollbackDryRun
            audit_record(
                actor=actor,
                action="skills.learning.import",
                detail={"file": file_name, **report.counts()},
                request_id=request_id,
            )
    except RollbackDryRun:
        pass
    report.problems, report.rejected = problems, len(rejected)
    return report


def _write(existing: dict[str, LearningItem], clean: dict, report: ImportReport) -> None:
    item = existing.get(clean["title"].lower())
    builds = {skill.pk: level for skill, level in clean["builds"]}
    if item is None:
        item = LearningItem.objects.create(title=clean["title"], **clean["values"])
        report.created += 1
    else:
        old = {b.skill_id: b.level for b in item.builds.all()}
        changed = [k for k, v in clean["values"].items() if getattr(item, k) != v]
        for k in changed:
            setattr(item, k, clean["values"][k])
        if changed:
            item.save(update_fields=changed)
        if not changed and old == builds:
            report.unchanged += 1
            return
        report.updated += 1
        LearningSkill.objects.filter(item=item).delete()
    LearningSkill.objects.bulk_create(
        LearningSkill(item=item, skill_id=pk, level=level) for pk, level in builds.items()
    )


__all__ = ["FIELDS", "learning_import", "parse_builds"]
