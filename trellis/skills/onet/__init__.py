"""Import of the O*NET database (text files or the Excel-export layout) into roles and skills.

The mapping (documented for users in ``docs/taxonomy-imports.md``):

* ``Occupation Data.txt`` -> a role per occupation: the O*NET-SOC code (``15-1252.00``) as
  both its code and its ``external_code``, title, description as the purpose; the job family
  is the SOC major group (the first two digits).
* ``Job Zones.txt`` -> the role's level (job zone 1–5). Occupations without a job zone get
  level 1 and a warning.
* ``Skills.txt`` and ``Knowledge.txt`` -> skills (category skill / knowledge, the descriptor
  id as ``onet_id``) and requirements. Per occupation and descriptor both ratings are read:
  importance ``IM`` (1–5) and level ``LV`` (0–7). A requirement is kept only when
  IM >= ``IMPORTANCE_CUTOFF`` (3.0, "important"), the level row is not marked not relevant
  and neither row is marked suppressed. ``min_level = round(LV × 5 / 7)`` (halves up) and
  ``importance = round(IM)`` (halves up). Every rated element that is not suppressed is also
  kept in full as a role rating (importance as rated, level × 5/7 unrounded): the profile that
  suggested moves compare (see ``trellis.engine.moves``).
* ``Technology Skills.txt`` -> skills of category tool (``is_hot_technology`` when O*NET
  flags any occurrence as hot) attached to roles as nice-to-haves: minimum level 2, and
  importance 3 for a hot technology, 2 otherwise.
* ``Alternate Titles.txt`` -> role aliases (alternate and short titles) for search.
* ``Content Model Reference.txt`` -> descriptions of the skills and knowledge areas, and the
  groups above them as skills forming the tree (``2.A`` Basic Skills -> ``2.A.1`` Content ->
  ``2.A.1.a`` Reading Comprehension; ``2.C`` Knowledge -> ``2.C.4`` Mathematics and Science
  -> ...), each group with its element id as ``onet_id``.

Columns are chosen by header name (both O*NET's text layout and the Excel-export layout
with extra ``Title``/``Scale Name`` columns work). Rows with problems are reported with the
line number of the file and left out; everything else is written in one transaction, and
a second run of the same files changes nothing. The import adds and updates; it never
deletes a role, a skill or a requirement (HR may have added their own).

By step: :mod:`.plan` (reading and checking every row) and :mod:`.write` (writing the
differences); :func:`onet_import` runs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from trellis.org.imports import ImportReport
from trellis.org.longwork import Tick, no_tick
from trellis.org.services import audit_record
from trellis.skills.onet.plan import FILES, READ_STEPS, _plan, onet_importance, onet_level
from trellis.skills.onet.write import (
    _write_aliases,
    _write_ratings,
    _write_requirements,
    _write_roles,
    _write_skills,
)
from trellis.skills.search import search_invalidate

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

__all__ = ["onet_import", "onet_importance", "onet_level"]

# What is written, in order (each a step of the import's progress).
_WRITES = ("the roles", "the skills", "the requirements", "the ratings", "the alternate titles")


def onet_import(
    *,
    directory: Path,
    dry_run: bool = False,
    actor: User | AnonymousUser | None = None,
    request_id: str = "",
    tick: Tick = no_tick,
) -> list[ImportReport]:
    """Import an O*NET directory; one report per file read. See the module docstring.

    ``tick`` hears of each step: each file read, then each kind of row written (the writes in
    one transaction; a page reads them through :class:`~trellis.org.longwork.Ticker`)."""
    total = READ_STEPS + len(_WRITES)
    plan, report_list = _plan(directory, dry_run, lambda i, name: tick(i, total, f"Reading {name}"))
    reports = {kind: r for kind in FILES for r in report_list if r.label == FILES[kind]}
    for kind in ("skills", "knowledge", "technology", "content_model"):
        reports.setdefault(kind, ImportReport(label=FILES[kind], dry_run=dry_run))
    verb = "Working out" if dry_run else "Writing"

    def writing(i: int, rows_done: int = 0, rows: int = 0) -> None:
        counted = f" ({rows_done:,} of {rows:,})" if rows else ""
        tick(READ_STEPS + i, total, f"{verb} {_WRITES[i]}{counted}")

    with transaction.atomic():
        writing(0)
        roles = _write_roles(plan, reports)
        writing(1)
        skills = _write_skills(plan, reports)
        writing(2)
        _write_requirements(plan, roles, skills, reports, lambda d, n: writing(2, d, n))
        writing(3)
        _write_ratings(plan, roles, skills, reports, lambda d, n: writing(3, d, n))
        writing(4)
        if "alternate_titles" in reports:
            aliases = reports["alternate_titles"]
            _write_aliases(plan, roles, aliases, lambda d, n: writing(4, d, n))
        audit_record(
            actor=actor,
            action="taxonomy.import_onet",
            detail={r.label: r.counts() for r in report_list} | {"dry_run": dry_run},
            request_id=request_id,
        )
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(search_invalidate)
    return report_list
