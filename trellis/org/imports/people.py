"""The people file: its columns (aliases in ``PEOPLE_ALIASES``), and the validation of every
row against the file *and* the database, which plans what an import would write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from trellis.org.imports.reading import (
    DATE_FORMATS_HELP,
    CsvFile,
    CsvRow,
    ImportReport,
    Problem,
    parse_date,
    parse_int,
)
from trellis.org.models import Person
from trellis.org.services import split_unit_path
from trellis.skills.models import Role

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


def person_row_problems(
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

    def validate(self, *, tick: Callable[[int, int, str], None] | None = None) -> None:
        columns = self.parsed.columns
        for problem in self.parsed.bad_rows:
            self.reject(problem.line, problem)
        candidates: list[_Candidate] = []
        lines_by_eid: dict[str, list[int]] = defaultdict(list)
        total = len(self.parsed.rows)
        for done, row in enumerate(self.parsed.rows):
            if tick is not None and done % 200 == 0:
                tick(done, total, "Checking rows")
            if row.values["employee_id"]:
                lines_by_eid[row.values["employee_id"]].append(row.line)
            problems, candidate = person_row_problems(row, columns, self.roles)
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


def role_ids_for(codes: list[str]) -> dict[str, int]:
    """``role code -> role id`` for these codes only (a one-row write needs no more)."""
    return dict(Role.objects.filter(code__in=codes).values_list("code", "pk"))
