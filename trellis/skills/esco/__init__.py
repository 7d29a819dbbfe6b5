"""Import of ESCO (skills, skill groups, occupations and their relations) into the taxonomy.

Both published layouts are read, file by file, with columns chosen by header name: ESCO's own
CSV download (``occupations_en.csv``, ``conceptUri``, ``preferredLabel``, ...) and Tabiya's
repackaging (``occupations.csv``, ``ORIGINURI``, ``PREFERREDLABEL``, ..., with row ``ID`` keys
used by its relation files). The mapping (documented for users in
``docs/taxonomy-imports.md``):

* ISCO groups -> the job family of a role: the ISCO sub-major group (two digits) of the
  occupation, named by the ISCO groups file when present ("ISCO group 25" otherwise).
* Occupations -> roles keyed by their ESCO URI (``esco_uri``), code ``ESCO-<id>``, the
  ESCO occupation code (or the ISCO unit group) as external code, the description as purpose,
  the alternative labels as role aliases. The ISCO major group sets the level (the ISCO-08
  skill level: managers and professionals 4, technicians 3, groups 4 to 8 level 2,
  elementary occupations 1; armed forces by rank) and the track (managers: management).
* Skill groups and the skills pillar hierarchy -> skills forming the tree: each group is a
  skill with its ESCO URI; its parent comes from a hierarchy file when one is given
  (``skillsHierarchy_en.csv``, ``broaderRelationsSkillPillar_en.csv``, Tabiya's
  ``skill_hierarchy.csv``), otherwise from its code (``S1.2.3`` under ``S1.2``, ISCED-F
  ``0530`` under ``053``, two-digit ISCED-F fields under ``K`` knowledge).
* Skills (``skills_en.csv``, Tabiya ``skills.csv``) and skill collections
  (``*SkillsCollection_en.csv``) -> skills of category knowledge or skill, with their
  alternative labels as aliases and their first broader group as parent.
* Occupation–skill relations (``occupationSkillRelations_en.csv`` with ``occupationUri,
  relationType, skillType, skillUri``, or Tabiya's ``occupation_to_skill_relations.csv``)
  -> requirements: essential = required, minimum level 3, importance 4; optional =
  nice to have, minimum level 2, importance 2.

Rows with problems are reported with their file, line, column and value and left out;
everything else is written in one transaction, and a second run of the same files changes
nothing. The import adds and updates; it never deletes. An existing skill of the same name
and category without an ESCO URI is adopted rather than duplicated; its name and a parent
that HR (or another import) gave it are kept.

By step: :mod:`.files` (which file is which, reading), :mod:`.plan` (checking every row)
and :mod:`.write` (writing the differences); :func:`esco_import` runs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from trellis.org.imports import ImportReport
from trellis.org.longwork import Tick, no_tick
from trellis.org.services import audit_record
from trellis.skills.esco.files import (
    ESSENTIAL,
    OPTIONAL,
    ROLE_PREFIX,
    esco_label,
    file_kind,
    isco_level,
)
from trellis.skills.esco.plan import _choose_parents, _plan
from trellis.skills.esco.write import _write_requirements, _write_roles, _write_skills
from trellis.skills.models import Role, Skill
from trellis.skills.search import search_invalidate

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


# What is written, in order (each a step of the import's progress, after the files).
_WRITES = ("the skills", "the occupations", "the requirements")


def esco_import(
    *,
    directory: Path,
    dry_run: bool = False,
    actor: User | AnonymousUser | None = None,
    request_id: str = "",
    tick: Tick = no_tick,
) -> list[ImportReport]:
    """Import a folder of ESCO CSV files; one report per file read. See the module docstring.

    Raises :class:`ImportFileError` (nothing written) when the folder holds no ESCO file or
    a file lacks a required column or cannot be read. ``tick`` hears of each step: each file
    read, each file checked, then each kind of row written (in one transaction; a page reads
    them through :class:`~trellis.org.longwork.Ticker`), the requirements a chunk at a time.
    """
    # Each file read and checked, before the transaction opens, then each kind of row written.
    plan, files, ignored = _plan(directory, dry_run, tick, then=len(_WRITES))
    read = 2 * len(files)
    total = read + len(_WRITES)
    verb = "Working out" if dry_run else "Writing"

    def writing(i: int, rows_done: int = 0, rows: int = 0) -> None:
        counted = f" ({rows_done:,} of {rows:,})" if rows else ""
        tick(read + i, total, f"{verb} {_WRITES[i]}{counted}")

    reports = {f.name: f.report for f in files}
    with transaction.atomic():
        writing(0)
        known = dict(Skill.objects.exclude(esco_uri="").values_list("esco_uri", "id"))
        parents, loops = _choose_parents(plan, known)
        skills = _write_skills(plan, parents, reports) if plan.nodes else {}
        skills = known | skills
        writing(1)
        roles: dict[str, int] = {}
        occupation_file = next((f.name for f in files if f.kind == "occupations"), None)
        if occupation_file is not None:
            roles = _write_roles(plan, reports, occupation_file)
        writing(2)
        if plan.relations:
            if not roles:
                roles = dict(Role.objects.exclude(esco_uri="").values_list("esco_uri", "id"))
            relation_file = next(f.name for f in files if f.kind == "relations")
            _write_requirements(
                plan, roles, skills, reports[relation_file], lambda d, n: writing(2, d, n)
            )
        first = files[0].report
        if loops:
            first.warnings.append(f"{loops} parent links were left out: they formed a loop.")
        if ignored:
            first.warnings.append(
                "Files not read (not ESCO files this import knows): " + ", ".join(ignored) + "."
            )
        audit_record(
            actor=actor,
            action="taxonomy.import_esco",
            detail={f.name: f.report.counts() for f in files} | {"dry_run": dry_run},
            request_id=request_id,
        )
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(search_invalidate)
    return [f.report for f in files]


__all__ = [
    "ESSENTIAL",
    "OPTIONAL",
    "ROLE_PREFIX",
    "esco_import",
    "esco_label",
    "file_kind",
    "isco_level",
]
