"""Writes shared by the importers of public taxonomies (O*NET and ESCO): compare with what
is there, then bulk create and bulk update the differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from trellis.org.imports import ImportReport
from trellis.skills.models import RoleRequirement

BATCH = 2000

_Row = TypeVar("_Row")
# Rows written so far, of how many: heard between the chunks of a long write.
Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """A :data:`Progress` that tells nobody."""


def in_chunks(
    rows: Sequence[_Row],
    write: Callable[[Sequence[_Row]], object],
    progress: Progress = no_progress,
    *,
    size: int = 5 * BATCH,
) -> None:
    """``write`` the rows a chunk at a time, telling ``progress`` before each chunk."""
    for start in range(0, len(rows), size):
        progress(start, len(rows))
        write(rows[start : start + size])


# (role id, skill id) -> (minimum level, importance, required, the report that counts it).
WantedRequirements = dict[tuple[int, int], tuple[int, int, bool, ImportReport]]


def changes_save(
    model: type, new: list[Any], changed: list[Any], fields: list[str], report: ImportReport
) -> None:
    """Create the new rows and update the changed ones (``fields``); counted in ``report``."""
    model.objects.bulk_create(new, batch_size=BATCH)  # type: ignore[attr-defined]
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=BATCH)  # type: ignore[attr-defined]
    report.created += len(new)
    report.updated += len(changed)


def requirements_upsert(wanted: WantedRequirements, progress: Progress = no_progress) -> None:
    """Create or update one requirement per (role, skill); each is counted created, updated
    or unchanged in its own report. Requirements not named are left as they are."""
    existing = {
        (r.role_id, r.skill_id): r
        for r in RoleRequirement.objects.filter(role_id__in={role for role, _ in wanted})
    }
    new: list[RoleRequirement] = []
    changed: list[RoleRequirement] = []
    for (role_id, skill_id), (level, importance, required, report) in wanted.items():
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
            report.created += 1
        elif (current.min_level, current.importance, current.is_required) != (
            level,
            importance,
            required,
        ):
            current.min_level, current.importance = level, importance
            current.is_required = required
            changed.append(current)
            report.updated += 1
        else:
            report.unchanged += 1
    in_chunks(new, lambda rows: RoleRequirement.objects.bulk_create(rows, BATCH), progress)
    in_chunks(
        changed,
        lambda rows: RoleRequirement.objects.bulk_update(
            rows, ["min_level", "importance", "is_required"], batch_size=BATCH
        ),
        progress,
    )
