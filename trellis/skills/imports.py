"""Taxonomy and job-architecture import from our own CSV formats (docs/imports.md).

Four optional files, applied in this order inside one transaction so that later files may
name what earlier ones create: skills, roles, requirements, transitions. Each file gets its
own report; rows with a problem are rejected and every valid row is written. Upserts
compare values first, so a second run of the same files changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Model

from trellis.org.imports import (
    CsvFile,
    CsvRow,
    ImportFileError,
    ImportReport,
    Problem,
    RollbackDryRun,
    csv_read,
    normalize_header,
    parse_int,
)
from trellis.org.services import audit_record, split_unit_path, unit_ensure_path
from trellis.skills.models import (
    MAX_LEVEL,
    JobFamily,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillAlias,
    SkillCategory,
    Track,
    TransitionKind,
)
from trellis.skills.search import search_invalidate

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from trellis.org.models import OrgUnit

KINDS = ("skills", "roles", "requirements", "transitions")

COLUMNS: dict[str, tuple[str, ...]] = {
    "skills": ("name", "category", "description", "aliases", "esco_uri", "onet_id"),
    "roles": (
        "code",
        "title",
        "family",
        "track",
        "level",
        "unit_path",
        "description",
        "external_code",
    ),
    "requirements": ("role_code", "skill", "min_level", "importance", "required"),
    "transitions": ("from_role", "to_role", "kind", "typical_months"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "skills": ("name",),
    "roles": ("code", "title", "family"),
    "requirements": ("role_code", "skill", "min_level"),
    "transitions": ("from_role", "to_role", "kind"),
}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_MAX_TYPICAL_MONTHS = 600


@dataclass
class _Sheet:
    """One file being imported: its rows, columns as written, and its report."""

    kind: str
    parsed: CsvFile
    report: ImportReport
    rejected: dict[int, list[Problem]] = field(default_factory=lambda: defaultdict(list))

    def problem(self, row: CsvRow, name: str, message: str, value: str | None = None) -> None:
        shown = row.values.get(name, "") if value is None else value
        self.rejected[row.line].append(
            Problem(row.line, self.parsed.columns.get(name, name), shown, message)
        )

    def ok(self, row: CsvRow) -> bool:
        return row.line not in self.rejected

    def check_required_and_lengths(self, row: CsvRow, limits: dict[str, int]) -> None:
        for name in REQUIRED[self.kind]:
            if not row.values.get(name):
                self.problem(row, name, "a value is required")
        for name, limit in limits.items():
            if len(row.values.get(name, "")) > limit:
                self.problem(row, name, f"too long (at most {limit} characters)")

    def reject_duplicates(self, key_of: dict[int, Any], name: str, what: str) -> None:
        """Reject every row sharing a key: which one is right cannot be known."""
        lines_by_key: dict[Any, list[int]] = defaultdict(list)
        for line, key in key_of.items():
            lines_by_key[key].append(line)
        for row in self.parsed.rows:
            lines = lines_by_key.get(key_of.get(row.line), [])
            if row.line in key_of and len(lines) > 1:
                others = ", ".join(str(n) for n in lines if n != row.line)
                self.problem(row, name, f"duplicate {what} (also on line {others})")

    def finish(self) -> None:
        for problem in self.parsed.bad_rows:
            self.rejected[problem.line].append(problem)
        self.report.problems = [p for problems in self.rejected.values() for p in problems]
        self.report.rejected = len(self.rejected)

    def count(self, *, created: bool, changed: bool) -> None:
        if created:
            self.report.created += 1
        elif changed:
            self.report.updated += 1
        else:
            self.report.unchanged += 1


def _save_if_changed(obj: Model, values: dict[str, Any]) -> bool:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def _choice(value: str, choices: type[Any], default: str) -> str | None:
    if not value:
        return default
    value = value.strip().lower()
    return value if value in choices.values else None


def _choices_text(choices: type[Any]) -> str:
    return ", ".join(choices.values)


# ---------------------------------------------------------------------------------------------
# Skills
# ---------------------------------------------------------------------------------------------


def _import_skills(sheet: _Sheet) -> None:
    skills = {skill.name.lower(): skill for skill in Skill.objects.all()}
    alias_owner = {  # lower alias -> skill name (lower)
        name.lower(): skill_name.lower()
        for name, skill_name in SkillAlias.objects.values_list("name", "skill__name")
    }
    esco_owner = {s.esco_uri: key for key, s in skills.items() if s.esco_uri}
    onet_owner = {s.onet_id: key for key, s in skills.items() if s.onet_id}
    rows = sheet.parsed.rows
    file_names = {row.values["name"].lower() for row in rows if row.values["name"]}
    sheet.reject_duplicates(
        {row.line: row.values["name"].lower() for row in rows if row.values["name"]},
        "name",
        "skill name",
    )
    limits = {"name": 200, "esco_uri": 300, "onet_id": 50}
    for row in rows:
        values = row.values
        sheet.check_required_and_lengths(row, limits)
        key = values["name"].lower()
        category = _choice(values.get("category", ""), SkillCategory, SkillCategory.SKILL)
        if category is None:
            sheet.problem(row, "category", f"unknown category; use {_choices_text(SkillCategory)}")
        aliases = [a.strip() for a in values.get("aliases", "").split("|") if a.strip()]
        for alias in aliases:
            lower = alias.lower()
            if len(alias) > 200:
                sheet.problem(row, "aliases", "too long (at most 200 characters)", alias)
            elif lower == key:
                continue
            elif (lower in skills or lower in file_names) and lower != key:
                sheet.problem(row, "aliases", "the alias is the name of another skill", alias)
            elif alias_owner.get(lower, key) != key:
                owner = skills.get(alias_owner[lower])
                owner_name = owner.name if owner else alias_owner[lower]
                sheet.problem(
                    row, "aliases", f'the alias already belongs to skill "{owner_name}"', alias
                )
        for column, owners in (("esco_uri", esco_owner), ("onet_id", onet_owner)):
            value = values.get(column, "")
            if value and owners.get(value, key) != key:
                other = skills.get(owners[value])
                sheet.problem(
                    row,
                    column,
                    f'already belongs to skill "{other.name if other else owners[value]}"',
                )
        if not sheet.ok(row):
            continue
        wanted: dict[str, Any] = {"name": values["name"]}
        if "category" in values:
            wanted["category"] = category
        for column in ("description", "esco_uri", "onet_id"):
            if column in values:
                wanted[column] = values[column]
        skill = skills.get(key)
        created = skill is None
        if skill is None:
            skill = Skill.objects.create(**wanted)
            skills[key] = skill
            changed = True
        else:
            changed = _save_if_changed(skill, wanted)
        for column, owners in (("esco_uri", esco_owner), ("onet_id", onet_owner)):
            if wanted.get(column):
                owners[wanted[column]] = key
        # Aliases are only ever added: another source may have given the rest.
        new_aliases = {}
        for alias in aliases:
            if alias.lower() != key and alias.lower() not in alias_owner:
                new_aliases[alias.lower()] = alias
        SkillAlias.objects.bulk_create(
            [SkillAlias(skill=skill, name=alias) for alias in new_aliases.values()]
        )
        for lower in new_aliases:
            alias_owner[lower] = key
        sheet.count(created=created, changed=changed or bool(new_aliases))


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------


def _import_roles(sheet: _Sheet) -> None:
    roles = {role.code: role for role in Role.objects.all()}
    families = {family.name.lower(): family for family in JobFamily.objects.all()}
    unit_cache: dict[str, OrgUnit] = {}
    rows = sheet.parsed.rows
    sheet.reject_duplicates(
        {row.line: row.values["code"] for row in rows if row.values["code"]}, "code", "role code"
    )
    limits = {"code": 50, "title": 200, "family": 150, "external_code": 50, "unit_path": 1000}
    for row in rows:
        values = row.values
        sheet.check_required_and_lengths(row, limits)
        track = _choice(values.get("track", ""), Track, Track.INDIVIDUAL)
        if track is None:
            sheet.problem(row, "track", f"unknown track; use {_choices_text(Track)}")
        level = 1
        if values.get("level"):
            try:
                level = parse_int(values["level"])
            except ValueError:
                level = 0
            if not 1 <= level <= 12:
                sheet.problem(row, "level", "the level must be a whole number from 1 to 12")
        parts = split_unit_path(values.get("unit_path", ""))
        if any(len(part) > 150 for part in parts):
            sheet.problem(row, "unit_path", "a unit name is too long (at most 150 characters)")
        if not sheet.ok(row):
            continue
        family = families.get(values["family"].lower())
        if family is None:
            family = JobFamily.objects.create(name=values["family"])
            families[family.name.lower()] = family
        wanted: dict[str, Any] = {"title": values["title"], "family_id": family.pk}
        # A column left out of the file leaves that field as it is; a blank cell means
        # the default.
        if "track" in values:
            wanted["track"] = track
        if "level" in values:
            wanted["level"] = level
        if "unit_path" in values:
            wanted["unit_id"] = (
                unit_ensure_path(path="/".join(parts), cache=unit_cache).pk if parts else None
            )
        for column in ("description", "external_code"):
            if column in values:
                wanted[column] = values[column]
        role = roles.get(values["code"])
        if role is None:
            roles[values["code"]] = Role.objects.create(code=values["code"], **wanted)
            sheet.count(created=True, changed=True)
        else:
            sheet.count(created=False, changed=_save_if_changed(role, wanted))


# ---------------------------------------------------------------------------------------------
# Requirements and transitions
# ---------------------------------------------------------------------------------------------


def _skill_lookup() -> dict[str, int]:
    """Skill ids by lower-cased name and alias (a name wins over an alias)."""
    lookup = {name.lower(): pk for name, pk in SkillAlias.objects.values_list("name", "skill_id")}
    lookup.update({name.lower(): pk for name, pk in Skill.objects.values_list("name", "pk")})
    return lookup


def _bounded(
    sheet: _Sheet, row: CsvRow, name: str, low: int, high: int, default: int | None
) -> int | None:
    raw = row.values.get(name, "")
    if not raw:
        if default is None:
            return None
        return default
    try:
        value = parse_int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        sheet.problem(row, name, f"must be a whole number from {low} to {high}")
        return None
    return value


def _import_requirements(sheet: _Sheet) -> None:
    roles = dict(Role.objects.values_list("code", "pk"))
    skills = _skill_lookup()
    existing = {(r.role_id, r.skill_id): r for r in RoleRequirement.objects.all()}
    keys: dict[int, tuple[int, int]] = {}
    parsed_rows: list[tuple[CsvRow, dict[str, Any]]] = []
    for row in sheet.parsed.rows:
        values = row.values
        sheet.check_required_and_lengths(row, {})
        role_id = roles.get(values["role_code"])
        if values["role_code"] and role_id is None:
            sheet.problem(row, "role_code", "unknown role code")
        skill_id = skills.get(values["skill"].lower())
        if values["skill"] and skill_id is None:
            sheet.problem(row, "skill", "unknown skill (neither a skill name nor an alias)")
        min_level = _bounded(sheet, row, "min_level", 0, MAX_LEVEL, None)
        importance = _bounded(sheet, row, "importance", 1, 5, 3)
        required_raw = values.get("required", "").lower()
        if required_raw and required_raw not in _YES | _NO:
            sheet.problem(row, "required", "use yes or no")
        if role_id is not None and skill_id is not None:
            keys[row.line] = (role_id, skill_id)
        wanted: dict[str, Any] = {"min_level": min_level}
        if "importance" in values:
            wanted["importance"] = importance
        if "required" in values:
            wanted["is_required"] = required_raw not in _NO
        parsed_rows.append((row, wanted))
    sheet.reject_duplicates(keys, "skill", "requirement for this role and skill")
    for row, wanted in parsed_rows:
        if not sheet.ok(row):
            continue
        role_id, skill_id = keys[row.line]
        requirement = existing.get((role_id, skill_id))
        if requirement is None:
            RoleRequirement.objects.create(role_id=role_id, skill_id=skill_id, **wanted)
            sheet.count(created=True, changed=True)
        else:
            sheet.count(created=False, changed=_save_if_changed(requirement, wanted))


def _import_transitions(sheet: _Sheet) -> None:
    roles = dict(Role.objects.values_list("code", "pk"))
    existing = {(t.from_role_id, t.to_role_id): t for t in RoleTransition.objects.all()}
    keys: dict[int, tuple[int, int]] = {}
    parsed_rows: list[tuple[CsvRow, dict[str, Any]]] = []
    for row in sheet.parsed.rows:
        values = row.values
        sheet.check_required_and_lengths(row, {})
        ids = []
        for name in ("from_role", "to_role"):
            ids.append(roles.get(values[name]))
            if values[name] and ids[-1] is None:
                sheet.problem(row, name, "unknown role code")
        if values["from_role"] and values["from_role"] == values["to_role"]:
            sheet.problem(row, "to_role", "a role cannot lead to itself")
        kind = values["kind"].lower()
        if kind and kind not in TransitionKind.values:
            sheet.problem(row, "kind", f"unknown kind; use {_choices_text(TransitionKind)}")
        months = _bounded(sheet, row, "typical_months", 0, _MAX_TYPICAL_MONTHS, None)
        if ids[0] is not None and ids[1] is not None:
            keys[row.line] = (ids[0], ids[1])
        wanted: dict[str, Any] = {"kind": kind}
        if "typical_months" in values:
            wanted["typical_months"] = months
        parsed_rows.append((row, wanted))
    sheet.reject_duplicates(keys, "to_role", "transition between these roles")
    for row, wanted in parsed_rows:
        if not sheet.ok(row):
            continue
        from_id, to_id = keys[row.line]
        transition = existing.get((from_id, to_id))
        if transition is None:
            RoleTransition.objects.create(from_role_id=from_id, to_role_id=to_id, **wanted)
            sheet.count(created=True, changed=True)
        else:
            sheet.count(created=False, changed=_save_if_changed(transition, wanted))


_IMPORTERS = {
    "skills": _import_skills,
    "roles": _import_roles,
    "requirements": _import_requirements,
    "transitions": _import_transitions,
}


def taxonomy_parse(kind: str, data: bytes) -> CsvFile:
    """Read one taxonomy file; :class:`ImportFileError` names the file kind."""
    aliases: dict[str, tuple[str, ...]] = {
        name: (normalize_header(name),) for name in COLUMNS[kind]
    }
    if kind == "requirements":
        aliases["required"] = ("required", "isrequired")
    try:
        return csv_read(data, aliases=aliases, required=REQUIRED[kind])
    except ImportFileError as exc:
        raise ImportFileError(f"{kind} file: {exc}") from exc


@transaction.atomic
def taxonomy_import(
    *,
    files: dict[str, tuple[str, bytes]],
    dry_run: bool = False,
    actor: User | AnonymousUser | None = None,
    request_id: str = "",
) -> list[ImportReport]:
    """Import any of the four taxonomy files (``kind -> (file name, bytes)``) atomically.

    Every file is read before anything is written, so a file-level problem in one of
    them (:class:`ImportFileError`) leaves the database untouched. Returns one report per
    file given, in application order. A dry run rolls everything back.
    """
    unknown = set(files) - set(KINDS)
    if unknown:
        raise ImportFileError(f"Unknown taxonomy file kinds: {', '.join(sorted(unknown))}.")
    sheets = [
        _Sheet(
            kind=kind,
            parsed=(parsed := taxonomy_parse(kind, files[kind][1])),
            report=ImportReport(label=kind, dry_run=dry_run, warnings=list(parsed.warnings)),
        )
        for kind in KINDS
        if kind in files
    ]
    try:
        with transaction.atomic():
            for sheet in sheets:
                _IMPORTERS[sheet.kind](sheet)
                sheet.finish()
            if dry_run:
                raise RollbackDryRun
            audit_record(
                actor=actor,
                action="taxonomy.import",
                detail={
                    sheet.kind: {"file": files[sheet.kind][0], **sheet.report.counts()}
                    for sheet in sheets
                },
                request_id=request_id,
            )
            # Renamed skills and new aliases must be findable at once in every process.
            transaction.on_commit(search_invalidate)
    except RollbackDryRun:
        pass
    return [sheet.report for sheet in sheets]
