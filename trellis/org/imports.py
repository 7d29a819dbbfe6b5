"""People import from an HRIS CSV export: parsing, validation and one atomic apply service.

The shape of an import (DESIGN.md §9, files in):

1. ``csv_read`` decodes the bytes (UTF-8, with or without BOM), sniffs the delimiter and
   yields rows with the line number the file shows (header = line 1).
2. ``people_import`` maps columns by header name (aliases in ``PEOPLE_ALIASES``), validates
   every row against the file *and* the database, then writes the valid rows in one
   transaction with bulk queries. A dry run runs the very same code and rolls back, so its
   summary is exactly what a real run would produce.

Rows are keyed by employee id; a second run of the same file changes nothing because every
field is compared before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction

from trellis.org.models import OrgUnit, Person
from trellis.org.services import OrgError, audit_record, split_unit_path, unit_ensure_path
from trellis.skills.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# ---------------------------------------------------------------------------------------------
# Shared by every CSV import (the taxonomy import uses these too)
# ---------------------------------------------------------------------------------------------

DATE_FORMATS_HELP = "use YYYY-MM-DD or YYYY/MM/DD"
_DELIMITERS = (",", ";", "\t")
_BATCH = 2000


class ImportFileError(OrgError):
    """The file as a whole cannot be imported (size, encoding, header)."""


@dataclass(frozen=True)
class Problem:
    """One problem with one value of one row, as the user sees it in their file."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f'line {self.line}, column "{self.column}", value "{self.value}": {self.message}'
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    """Counts and problems of one import file. ``problems`` only ever name rejected rows."""

    label: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    deactivated: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary_line(self, *, with_label: bool = False) -> str:
        """``created 3, updated 1, unchanged 10, rejected 2``, prefixed for a dry run."""
        line = (f"{self.label}: " if with_label else "") + (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )
        return f"Dry run: {line}" if self.dry_run else line

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.line)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "deactivated": self.deactivated,
        }


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]  # canonical field -> raw value (stripped)


@dataclass
class CsvFile:
    """A decoded CSV with its columns mapped to canonical fields."""

    columns: dict[str, str]  # canonical field -> header as written in the file
    rows: list[CsvRow]
    warnings: list[str]
    bad_rows: list[Problem]  # rows whose shape is wrong (too many cells)


def normalize_header(name: str) -> str:
    """``"Employee #"`` -> ``"employeenumber"``; ``"Work E-mail"`` -> ``"workemail"``."""
    return re.sub(r"[^0-9a-z]", "", name.strip().lower().replace("#", "number"))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f'The file is not UTF-8 text (first bad byte on line {line}); save it as "CSV UTF-8".'
        ) from exc


def _sniff_delimiter(first_line: str) -> str:
    # The header rarely holds quoted delimiters, so counting them is steadier than
    # csv.Sniffer, which guesses wrong on short or very regular files.
    counts = {delimiter: first_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def check_size(size: int) -> None:
    limit = settings.TRELLIS_MAX_IMPORT_BYTES
    if size > limit:
        raise ImportFileError(f"The file is larger than the limit of {limit:,} bytes.")


def csv_read(
    data: bytes,
    *,
    aliases: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
) -> CsvFile:
    """Decode and map a CSV file. Raises :class:`ImportFileError` for file-level problems.

    ``aliases`` maps each canonical field to its accepted header names (normalized).
    Columns are chosen by name, never by position; unknown columns become warnings.
    """
    check_size(len(data))
    text = _decode(data)
    if not text.strip():
        raise ImportFileError("The file is empty.")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportFileError(f"The header line cannot be read: {exc}.") from exc

    lookup = {alias: canonical for canonical, names in aliases.items() for alias in names}
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    warnings: list[str] = []
    for position, raw_name in enumerate(header):
        name = raw_name.strip()
        if not name:
            continue
        canonical = lookup.get(normalize_header(name))
        if canonical is None:
            warnings.append(f'Unknown column "{name}" ignored.')
            continue
        if canonical in columns:
            raise ImportFileError(
                f'Columns "{columns[canonical]}" and "{name}" both mean {canonical}; keep one.'
            )
        columns[canonical] = name
        positions[canonical] = position
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportFileError(
            "Missing required column"
            + ("s" if len(missing) > 1 else "")
            + ": "
            + ", ".join(missing)
            + "."
        )

    rows: list[CsvRow] = []
    bad_rows: list[Problem] = []
    width = len(header)
    previous_end = reader.line_num
    try:
        for cells in reader:
            # A quoted value may span lines: the row starts after the previous one ended.
            line = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                bad_rows.append(
                    Problem(
                        line,
                        "",
                        "",
                        f"the row has {len(cells)} values but the header has {width} columns",
                    )
                )
                continue
            values = {
                canonical: (cells[pos].strip() if pos < len(cells) else "")
                for canonical, pos in positions.items()
            }
            rows.append(CsvRow(line=line, values=values))
    except csv.Error as exc:
        raise ImportFileError(f"Line {reader.line_num} cannot be read: {exc}.") from exc
    return CsvFile(columns=columns, rows=rows, warnings=warnings, bad_rows=bad_rows)


def parse_date(value: str) -> dt.date:
    """ISO ``YYYY-MM-DD`` or ``YYYY/MM/DD``; day-first forms are refused as ambiguous."""
    match = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", value)
    if match is None:
        raise ValueError(value)
    year, month, day = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def parse_int(value: str) -> int:
    if not re.fullmatch(r"[+-]?\d{1,6}", value):
        raise ValueError(value)
    return int(value)


class RollbackDryRun(Exception):
    """Raised inside the import transaction to undo a dry run."""


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

PEOPLE_FIELDS = (
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "manager_id",
    "unit_path",
    "job_title",
    "role_code",
    "level",
    "location",
    "hire_date",
    "role_start_date",
)
PEOPLE_REQUIRED = ("employee_id", "first_name", "last_name", "email")

# Accepted header names per field, written as normalize_header() leaves them
# (lower case, no spaces or punctuation, "#" read as "number"). docs/imports.md lists them.
PEOPLE_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employeeid", "employeenumber", "employeeno", "employeecode", "eid", "empid",
        "empno", "workerid", "personid", "personnelnumber", "staffid", "staffnumber",
        "associateid",
    ),
    "first_name": ("firstname", "legalfirstname", "givenname", "forename"),
    "last_name": ("lastname", "legallastname", "surname", "familyname"),
    "email": (
        "email", "emailaddress", "workemail", "workemailaddress", "businessemail",
        "primaryworkemail",
    ),
    "manager_id": (
        "managerid", "manageremployeeid", "manageremployeenumber", "managereid",
        "supervisorid", "supervisoreid", "supervisoremployeeid", "supervisoremployeenumber",
        "linemanagerid", "reportstoid", "reportstoemployeeid",
    ),
    "unit_path": (
        "unitpath", "unit", "orgunit", "organizationunit", "organisationunit",
        "organizationalunit", "organisationalunit", "orgpath", "department", "departmentpath",
        "team",
    ),
    "job_title": ("jobtitle", "title", "positiontitle", "businesstitle", "position"),
    "role_code": ("rolecode", "role", "jobcode", "jobprofilecode", "positioncode"),
    "level": ("level", "joblevel", "grade", "jobgrade", "paygrade", "careerlevel", "band"),
    "location": ("location", "worklocation", "officelocation", "office", "site", "worksite"),
    "hire_date": (
        "hiredate", "startdate", "dateofhire", "datehired", "originalhiredate",
        "employmentstartdate", "joiningdate",
    ),
    "role_start_date": (
        "rolestartdate", "jobstartdate", "positionstartdate", "daterolestarted",
        "dateinrole", "timeinrolestartdate",
    ),
}  # fmt: skip

_MAX_LENGTHS = {
    "employee_id": 50,
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "manager_id": 50,
    "unit_path": 1000,
    "job_title": 200,
    "role_code": 50,
    "location": 150,
}
_LEVEL_MIN, _LEVEL_MAX = 1, 12  # Role.level's database constraint, applied to people too

# The Person fields an import may write, in the order of _existing_people()'s tuples.
_WRITABLE = (
    "first_name",
    "last_name",
    "email",
    "title",
    "unit_id",
    "manager_id",
    "manager_path",
    "role_id",
    "level",
    "location",
    "hire_date",
    "role_start_date",
    "is_active",
)
# Which file field sets which Person attribute (manager and unit are resolved separately).
_DIRECT = {
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "job_title": "title",
    "location": "location",
}

_email_validator = EmailValidator()


@dataclass
class _Candidate:
    """A row that passed field validation, with its values parsed."""

    line: int
    employee_id: str
    manager_eid: str | None  # None: column absent or cell blank (see has_manager_column)
    attrs: dict[str, Any]  # Person attribute -> new value, only for columns in the file
    unit_path: str | None


def _row_problems(
    row: CsvRow, columns: dict[str, str], roles: dict[str, int]
) -> tuple[list[Problem], _Candidate | None]:
    problems: list[Problem] = []
    values = row.values

    def problem(name: str, message: str) -> None:
        problems.append(Problem(row.line, columns[name], values[name], message))

    for name in PEOPLE_REQUIRED:
        if not values[name]:
            problem(name, "a value is required")
    for name, limit in _MAX_LENGTHS.items():
        if name in values and len(values[name]) > limit:
            problem(name, f"too long (at most {limit} characters)")
    attrs: dict[str, Any] = {}
    for name, attr in _DIRECT.items():
        if name in values:
            attrs[attr] = values[name]
    if values["email"]:
        try:
            _email_validator(values["email"])
        except ValidationError:
            problem("email", "not a valid e-mail address")
    for name in ("hire_date", "role_start_date"):
        if name not in values:
            continue
        attrs[name] = None
        if values[name]:
            try:
                attrs[name] = parse_date(values[name])
            except ValueError:
                problem(name, f"not a date; {DATE_FORMATS_HELP}")
    if "level" in values:
        attrs["level"] = None
        if values["level"]:
            try:
                level = parse_int(values["level"])
            except ValueError:
                level = None
            if level is None or not _LEVEL_MIN <= level <= _LEVEL_MAX:
                problem(
                    "level", f"the level must be a whole number from {_LEVEL_MIN} to {_LEVEL_MAX}"
                )
            else:
                attrs["level"] = level
    if "role_code" in values:
        attrs["role_id"] = None
        if values["role_code"]:
            role_id = roles.get(values["role_code"])
            if role_id is None:
                problem("role_code", "unknown role code")
            attrs["role_id"] = role_id
    unit_path: str | None = None
    if "unit_path" in values:
        parts = split_unit_path(values["unit_path"])
        if any(len(part) > 150 for part in parts):
            problem("unit_path", "a unit name is too long (at most 150 characters)")
        unit_path = "/".join(parts)
    manager_eid: str | None = None
    if values.get("manager_id"):
        manager_eid = values["manager_id"]
        if manager_eid == values["employee_id"]:
            problem("manager_id", "a person cannot be their own manager")
    if problems:
        return problems, None
    return problems, _Candidate(
        line=row.line,
        employee_id=values["employee_id"],
        manager_eid=manager_eid,
        attrs=attrs,
        unit_path=unit_path,
    )


def _existing_people() -> tuple[dict[str, tuple[Any, ...]], dict[int, str]]:
    """``employee id -> (pk, *_WRITABLE values)`` and ``pk -> employee id`` for everyone."""
    by_eid: dict[str, tuple[Any, ...]] = {}
    eid_by_pk: dict[int, str] = {}
    for row in (
        Person.objects.order_by()
        .values_list("employee_id", "pk", *_WRITABLE)
        .iterator(chunk_size=5000)
    ):
        by_eid[row[0]] = row[1:]
        eid_by_pk[row[1]] = row[0]
    return by_eid, eid_by_pk


def _find_cycles(managers: dict[str, str | None]) -> list[list[str]]:
    """Every cycle in ``employee id -> manager employee id``, each listed from one member."""
    state: dict[str, int] = {}  # 1: on the current trail, 2: known to reach a root
    cycles: list[list[str]] = []
    for start in managers:
        if start in state:
            continue
        trail: list[str] = []
        current: str | None = start
        while current is not None and current not in state:
            state[current] = 1
            trail.append(current)
            current = managers.get(current)
        if current is not None and state[current] == 1:
            cycles.append(trail[trail.index(current) :])
        for eid in trail:
            state[eid] = 2
    return cycles


class _PeoplePlan:
    """Everything the apply step needs, computed without writing."""

    def __init__(self, parsed: CsvFile, report: ImportReport) -> None:
        self.parsed = parsed
        self.report = report
        self.roles = dict(_role_codes())
        self.existing, self.eid_by_pk = _existing_people()
        self.rejected: dict[int, list[Problem]] = defaultdict(list)
        self.accepted: dict[str, _Candidate] = {}

    def reject(self, line: int, problem: Problem) -> None:
        self.rejected[line].append(problem)

    def validate(self) -> None:
        columns = self.parsed.columns
        for problem in self.parsed.bad_rows:
            self.reject(problem.line, problem)
        candidates: list[_Candidate] = []
        lines_by_eid: dict[str, list[int]] = defaultdict(list)
        for row in self.parsed.rows:
            if row.values["employee_id"]:
                lines_by_eid[row.values["employee_id"]].append(row.line)
            problems, candidate = _row_problems(row, columns, self.roles)
            for problem in problems:
                self.reject(row.line, problem)
            if candidate is not None:
                candidates.append(candidate)
        self.file_eids = set(lines_by_eid)
        self.first_line = {eid: lines[0] for eid, lines in lines_by_eid.items()}
        # Which of two rows with one id is right cannot be known: both are rejected.
        for row in self.parsed.rows:
            eid = row.values["employee_id"]
            if eid and len(lines_by_eid[eid]) > 1:
                others = ", ".join(str(n) for n in lines_by_eid[eid] if n != row.line)
                self.reject(
                    row.line,
                    Problem(
                        row.line,
                        columns["employee_id"],
                        eid,
                        f"duplicate employee id (also on line {others})",
                    ),
                )
        for candidate in candidates:
            if candidate.line in self.rejected:
                continue
            manager = candidate.manager_eid
            if (
                manager is not None
                and manager not in self.file_eids
                and manager not in self.existing
            ):
                self.reject(
                    candidate.line,
                    Problem(
                        candidate.line,
                        columns["manager_id"],
                        manager,
                        "unknown manager: no person has this employee id in the file or in Trellis",
                    ),
                )
                continue
            self.accepted[candidate.employee_id] = candidate
        self._reject_orphans_and_cycles()

    def _reject_orphans_and_cycles(self) -> None:
        column = self.parsed.columns.get("manager_id", "")
        while True:
            # A row whose manager exists only as a rejected row of this file would point
            # at nobody: reject it too, naming the line to fix, rather than guess a manager.
            changed = True
            while changed:
                changed = False
                for eid, candidate in list(self.accepted.items()):
                    manager = candidate.manager_eid
                    if (
                        manager is not None
                        and manager not in self.accepted
                        and manager not in self.existing
                    ):
                        line = self.first_line[manager]
                        self.reject(
                            candidate.line,
                            Problem(
                                candidate.line,
                                column,
                                manager,
                                f"manager {manager} was rejected on line {line}",
                            ),
                        )
                        del self.accepted[eid]
                        changed = True
            cycles = _find_cycles(self.final_managers())
            if not cycles:
                return
            for cycle in cycles:
                for position, eid in enumerate(cycle):
                    member = self.accepted.get(eid)
                    if member is None:
                        continue  # a member the file does not change
                    loop = cycle[position:] + cycle[:position] + [eid]
                    self.reject(
                        member.line,
                        Problem(
                            member.line,
                            column,
                            member.manager_eid or "",
                            "manager cycle: " + " → ".join(loop),
                        ),
                    )
                    del self.accepted[eid]

    def manager_column_present(self) -> bool:
        return "manager_id" in self.parsed.columns

    def final_managers(self) -> dict[str, str | None]:
        """``employee id -> manager employee id`` for the organization after the import."""
        mgr_index = _WRITABLE.index("manager_id") + 1
        managers: dict[str, str | None] = {}
        for eid, row in self.existing.items():
            manager_pk = row[mgr_index]
            managers[eid] = self.eid_by_pk.get(manager_pk) if manager_pk is not None else None
        if self.manager_column_present():
            for eid, candidate in self.accepted.items():
                managers[eid] = candidate.manager_eid
        else:
            for eid in self.accepted:
                managers.setdefault(eid, None)
        return managers


def _role_codes() -> Iterator[tuple[str, int]]:
    return Role.objects.order_by().values_list("code", "pk").iterator()


def _ensure_units(paths: set[str]) -> dict[str, int]:
    """Unit ids by path, creating the missing units (a few hundred at most per import)."""
    cache = {unit.path: unit for unit in OrgUnit.objects.filter(path__in=list(paths))}
    ids: dict[str, int] = {}
    for path in sorted(paths):
        ids[path] = unit_ensure_path(path=path, cache=cache).pk
    return ids


def _apply_people(plan: _PeoplePlan, *, full_export: bool) -> None:
    report = plan.report
    accepted = plan.accepted
    unit_ids = _ensure_units(
        {c.unit_path for c in accepted.values() if c.unit_path}  # blank path: no unit
    )
    managers = plan.final_managers()
    index = {name: position + 1 for position, name in enumerate(_WRITABLE)}

    # Walk the final org from its roots so that every new person is inserted after their
    # manager: their id and chain are then known, and no second pass over new rows is needed.
    children: dict[str | None, list[str]] = defaultdict(list)
    for eid, manager in managers.items():
        children[manager].append(eid)
    pk_of: dict[str, int] = {eid: row[0] for eid, row in plan.existing.items()}
    path_of: dict[str, str] = {}
    level = children[None]
    updates: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    while level:
        new_people: list[tuple[str, Person]] = []
        for eid in level:
            manager = managers[eid]
            path = "/" if manager is None else f"{path_of[manager]}{pk_of[manager]}/"
            path_of[eid] = path
            manager_pk = pk_of[manager] if manager is not None else None
            candidate = accepted.get(eid)
            current = plan.existing.get(eid)
            if current is None:
                assert candidate is not None
                attrs = dict(candidate.attrs)
                attrs["unit_id"] = unit_ids.get(candidate.unit_path or "")
                new_people.append(
                    (
                        eid,
                        Person(
                            employee_id=eid,
                            manager_id=manager_pk,
                            manager_path=path,
                            is_active=True,
                            **attrs,
                        ),
                    )
                )
                continue
            wanted: dict[str, Any] = {"manager_id": manager_pk, "manager_path": path}
            if candidate is not None:
                wanted.update(candidate.attrs)
                if candidate.unit_path is not None:
                    wanted["unit_id"] = unit_ids.get(candidate.unit_path)
                wanted["is_active"] = True
            elif full_export and eid not in plan.file_eids and current[index["is_active"]]:
                wanted["is_active"] = False
                report.deactivated += 1
            changed = tuple(
                sorted(name for name, value in wanted.items() if current[index[name]] != value)
            )
            if candidate is not None:
                # A chain rewritten because someone above moved is not a change to this row.
                if set(changed) - {"manager_path"}:
                    report.updated += 1
                else:
                    report.unchanged += 1
            if changed:
                updates[changed].append(
                    Person(pk=current[0], **{name: wanted[name] for name in changed})
                )
        if new_people:
            Person.objects.bulk_create([person for _, person in new_people], batch_size=_BATCH)
            for eid, person in new_people:
                pk_of[eid] = person.pk
            report.created += len(new_people)
        level = [child for eid in level for child in children.get(eid, ())]
    for fields, people in updates.items():
        names = [name.removesuffix("_id") if name != "manager_path" else name for name in fields]
        Person.objects.bulk_update(people, names, batch_size=_BATCH)


@transaction.atomic
def people_import(
    *,
    data: bytes,
    file_name: str,
    dry_run: bool = False,
    full_export: bool = False,
    actor: User | AnonymousUser | None = None,
    request_id: str = "",
) -> ImportReport:
    """Validate an HRIS CSV export and upsert its valid rows by employee id, atomically.

    Rejected rows are listed in the report and written nowhere; every valid row is
    imported. With ``full_export`` the file is the whole organization: people absent
    from it are marked inactive (never deleted). A dry run computes the same report and
    rolls everything back. Raises :class:`ImportFileError` when the file as a whole is
    unusable; nothing is written then.
    """
    parsed = csv_read(data, aliases=PEOPLE_ALIASES, required=PEOPLE_REQUIRED)
    report = ImportReport(label="people", dry_run=dry_run, warnings=list(parsed.warnings))
    try:
        with transaction.atomic():
            plan = _PeoplePlan(parsed, report)
            plan.validate()
            _apply_people(plan, full_export=full_export)
            report.problems = [p for problems in plan.rejected.values() for p in problems]
            report.rejected = len(plan.rejected)
            if dry_run:
                raise RollbackDryRun
            audit_record(
                actor=actor,
                action="people.import",
                detail={"file": file_name, "full_export": full_export, **report.counts()},
                request_id=request_id,
            )
    except RollbackDryRun:
        pass
    return report
