"""Writes to the organization: units, people, reporting lines, audit events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from trellis.org.models import AuditEvent, OrgUnit, Person, UnitKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import Model


class OrgError(Exception):
    """A broken invariant of the organization (for example a manager cycle)."""


_KIND_BY_DEPTH = [UnitKind.COMPANY, UnitKind.DIVISION, UnitKind.DEPARTMENT, UnitKind.TEAM]


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: Model | None = None,
    detail: dict[str, Any] | None = None,
    request_id: str = "",
) -> AuditEvent:
    """Append an audit event. ``detail`` must never hold the content of a note."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=detail or {},
        request_id=request_id,
    )


def split_unit_path(path: str) -> list[str]:
    """``"Engineering / Platform/Storage"`` -> ``["Engineering", "Platform", "Storage"]``."""
    return [part.strip() for part in path.split("/") if part.strip()]


@transaction.atomic
def unit_ensure_path(*, path: str, cache: dict[str, OrgUnit] | None = None) -> OrgUnit:
    """Return the unit at a slash-separated path, creating missing units on the way.

    Kinds follow depth: company, division, department, then team for anything deeper.
    """
    parts = split_unit_path(path)
    if not parts:
        raise OrgError("A unit path needs at least one name.")
    parent: OrgUnit | None = None
    for depth, name in enumerate(parts):
        full = "/".join(parts[: depth + 1])
        unit = cache.get(full) if cache is not None else None
        if unit is None:
            unit = OrgUnit.objects.filter(path=full).first()
        if unit is None:
            kind = _KIND_BY_DEPTH[min(depth, len(_KIND_BY_DEPTH) - 1)]
            unit = OrgUnit.objects.create(name=name, parent=parent, kind=kind, path=full)
        if cache is not None:
            cache[full] = unit
        parent = unit
    assert parent is not None
    return parent


def _path_for_manager(manager: Person | None) -> str:
    if manager is None:
        return "/"
    return f"{manager.manager_path}{manager.pk}/"


@transaction.atomic
def person_set_manager(*, person: Person, manager: Person | None) -> Person:
    """Change a person's manager, refusing self-management and cycles.

    Rewrites the management chain of the person and everyone under them.
    """
    if manager is not None:
        if manager.pk == person.pk:
            raise OrgError(f"{person.full_name} cannot be their own manager.")
        manager.refresh_from_db(fields=["manager_path"])
        if f"/{person.pk}/" in manager.manager_path:
            raise OrgError(
                f"{manager.full_name} reports to {person.full_name}; "
                "making them their manager would create a cycle."
            )
    old_prefix = f"{person.manager_path}{person.pk}/"
    person.manager = manager
    person.manager_path = _path_for_manager(manager)
    person.save(update_fields=["manager", "manager_path"])
    new_prefix = f"{person.manager_path}{person.pk}/"
    if old_prefix != new_prefix:
        below = list(Person.objects.filter(manager_path__startswith=old_prefix))
        for other in below:
            other.manager_path = new_prefix + other.manager_path[len(old_prefix) :]
        Person.objects.bulk_update(below, ["manager_path"], batch_size=2000)
    return person


def manager_paths_compute(managers: dict[int, int | None]) -> dict[int, str]:
    """Management chains for a whole organization given ``person id -> manager id``.

    Raises :class:`OrgError` naming the people in a cycle, if there is one.
    """
    paths: dict[int, str] = {}
    for start in managers:
        if start in paths:
            continue
        trail: list[int] = []
        seen: set[int] = set()
        current: int | None = start
        while current is not None and current not in paths:
            if current in seen:
                cycle = trail[trail.index(current) :]
                raise OrgError(f"Manager cycle among people with ids {sorted(cycle)}.")
            seen.add(current)
            trail.append(current)
            current = managers.get(current)
        prefix = "/" if current is None else f"{paths[current]}{current}/"
        for pid in reversed(trail):
            paths[pid] = prefix
            prefix = f"{prefix}{pid}/"
    return paths


@transaction.atomic
def manager_paths_rebuild() -> int:
    """Recompute every person's management chain; returns how many changed."""
    rows = list(Person.objects.values_list("pk", "manager_id", "manager_path"))
    paths = manager_paths_compute({pk: manager for pk, manager, _ in rows})
    changed = [
        Person(pk=pk, manager_path=paths[pk]) for pk, _, current in rows if paths[pk] != current
    ]
    Person.objects.bulk_update(changed, ["manager_path"], batch_size=2000)
    return len(changed)
