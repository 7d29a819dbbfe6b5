"""Applying a people import: one atomic service that writes the planned rows with bulk
queries. A dry run runs the very same code and rolls back, so its summary is exactly what
a real run would produce. Rows are keyed by employee id; a second run of the same file
changes nothing because every field is compared before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db import transaction

from trellis.org.imports.people import _WRITABLE, PEOPLE_ALIASES, PEOPLE_REQUIRED, _PeoplePlan
from trellis.org.imports.reading import _BATCH, ImportReport, RollbackDryRun, csv_read
from trellis.org.models import OrgUnit, Person
from trellis.org.services import audit_record, unit_ensure_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AnonymousUser, User

    Tick = Callable[[int, int, str], None]


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


def people_import(
    *,
    data: bytes,
    file_name: str,
    dry_run: bool = False,
    full_export: bool = False,
    actor: User | AnonymousUser | None = None,
    request_id: str = "",
    tick: Tick | None = None,
) -> ImportReport:
    """Validate an HRIS CSV export and upsert its valid rows by employee id, atomically.

    Rejected rows are listed in the report and written nowhere; every valid row is
    imported. With ``full_export`` the file is the whole organization: people absent
    from it are marked inactive (never deleted). A dry run computes the same report and
    rolls everything back. Raises :class:`ImportFileError` when the file as a whole is
    unusable; nothing is written then.

    ``tick(done, total, step)`` hears of the rows checked, then of the writing; the rows are
    checked inside the transaction (the plan written is the one made on what it reads) and
    the writes are all or nothing. A tick whose progress others cannot see from inside a
    transaction (no ``shown_inside_transactions``, or false: a page on SQLite) gets a first
    pass before the transaction opens, for the count.
    """
    parsed = csv_read(data, aliases=PEOPLE_ALIASES, required=PEOPLE_REQUIRED)
    report = ImportReport(label="people", dry_run=dry_run, warnings=list(parsed.warnings))
    tick = tick or _no_tick
    total = len(parsed.rows)
    told_inside = getattr(tick, "shown_inside_transactions", False)
    if tick is not _no_tick and not told_inside:
        _PeoplePlan(parsed, report).validate(tick=tick)
        tick(total, total, "Writing the changes" if not dry_run else "Working out the changes")
    try:
        with transaction.atomic():
            # The plan that is written is made on what this transaction reads.
            plan = _PeoplePlan(parsed, report)
            plan.validate(tick=tick if tick is not _no_tick and told_inside else None)
            tick(total, total, "Writing the changes" if not dry_run else "Working out the changes")
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


def _no_tick(done: int, total: int, step: str = "") -> None:
    pass
