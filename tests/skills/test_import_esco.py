from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from trellis.org.models import AuditEvent
from trellis.skills.esco import esco_label, file_kind, isco_level
from trellis.skills.models import (
    Role,
    RoleAlias,
    RoleRequirement,
    Skill,
    SkillAlias,
    SkillCategory,
    Track,
)

DATA = Path(__file__).parent / "data"
ESCO_10 = DATA / "esco-1.0"
ESCO_111 = DATA / "esco-1.1.1"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
DEVELOPER = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"
PROGRAMMING = "http://data.europa.eu/esco/skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97"


def _run(*args: str) -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("import_esco", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def _ancestors(skill: Skill) -> list[str]:
    names = []
    node = skill.parent
    while node is not None:
        names.append(node.name)
        node = node.parent
    return names


def test_file_kinds_labels_and_levels() -> None:
    assert file_kind("occupations_en.csv") == "occupations"
    assert file_kind("occupations.csv") == "occupations"
    assert file_kind("skillGroups_fr.csv") == "groups"
    assert file_kind("ictSkillsCollection_en.csv") == "collection"
    assert file_kind("skill_hierarchy.csv") == "pairs"
    assert file_kind("broaderRelationsSkillPillar_en.csv") == "pairs"
    assert file_kind("occupation_to_skill_relations.csv") == "relations"
    assert file_kind("occupationSkillRelations_en.csv") == "relations"
    assert file_kind("occupations_hierarchy.csv") is None
    assert file_kind("Skills.txt") is None
    assert esco_label("  software   developer ") == "Software developer"
    assert [isco_level(c) for c in ("1120", "2512", "3512", "7212", "9112", "0110", "0310")] == [
        4,
        4,
        3,
        2,
        1,
        4,
        1,
    ]


@pytest.mark.django_db
def test_esco_layout_with_line_numbered_errors() -> None:
    out, error = _run(str(ESCO_10))
    assert error == "4 rows rejected"
    # Alternative labels span lines, so the malformed rows sit on the lines the file shows.
    assert (
        'occupations_en.csv: line 35, column "iscoGroup", value "25X1": '
        "an ISCO unit group code has four digits" in out
    )
    assert (
        'occupations_en.csv: line 36, column "conceptUri", value "not-a-uri": '
        "not an ESCO URI (http://data.europa.eu/esco/...)" in out
    )
    assert (
        'occupationSkillRelations_en.csv: line 8, column "skillUri", value '
        '"http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000": unknown skill'
        in out
    )
    assert (
        'occupationSkillRelations_en.csv: line 9, column "relationType", value "sometimes": '
        "use essential or optional" in out
    )
    developer = Role.objects.get(esco_uri=DEVELOPER)
    assert developer.code == "ESCO-f2b15a0e-e65a-438a-affb-29b9d50b77d1"
    assert (developer.title, developer.external_code, developer.level) == (
        "Software developer",
        "2512",
        4,
    )
    assert developer.family.name == "Information and communications technology professionals"
    assert developer.track == Track.INDIVIDUAL
    assert RoleAlias.objects.filter(role=developer, name="programmer").exists()
    ceo = Role.objects.get(title="Chief executive officer")
    assert (ceo.track, ceo.level) == (Track.MANAGEMENT, 4)
    # The skills pillar hierarchy and the collections' broader concepts make the tree.
    programming = Skill.objects.get(esco_uri=PROGRAMMING)
    assert programming.category == SkillCategory.KNOWLEDGE
    # Two broader groups listed: the first one wins.
    assert _ancestors(programming) == ["Digital content creation"]
    software = Skill.objects.get(esco_uri="http://data.europa.eu/esco/isced-f/0613")
    assert _ancestors(software) == [
        "Information and communication technologies (icts) (061)",
        "Information and communication technologies (icts)",
        "Knowledge",
    ]
    assert _ancestors(Skill.objects.get(name="Write Hungarian"))[0] == "Hungarian"
    assert SkillAlias.objects.filter(skill__name="Write Hungarian", name="writing Hungarian")
    required = RoleRequirement.objects.get(role=developer, skill=programming)
    assert (required.min_level, required.importance, required.is_required) == (3, 4, True)
    optional = RoleRequirement.objects.get(role=developer, skill__name="Solve technical problems")
    assert (optional.min_level, optional.importance, optional.is_required) == (2, 2, False)
    assert RoleRequirement.objects.count() == 6
    event = AuditEvent.objects.get(action="taxonomy.import_esco")
    assert event.detail["occupations_en.csv"]["created"] == 5


@pytest.mark.django_db
def test_tabiya_layout_ids_and_tree_from_codes() -> None:
    out, error = _run(str(ESCO_111))
    assert error == "3 rows rejected"
    assert 'skill_hierarchy.csv: line 6, column "PARENTID", value "key_404": unknown skill' in out
    assert (
        'occupation_to_skill_relations.csv: line 8, column "OCCUPATIONID", value "key_99999": '
        "unknown occupation" in out
    )
    assert "occupations.csv: created 5, updated 0, unchanged 0, rejected 0" in out
    developer = Role.objects.get(esco_uri=DEVELOPER)
    assert developer.external_code == "2512.4"
    # Skill groups without a hierarchy file: S5.6.1 sits under S5.6, S5 and S by its code.
    collaborate = Skill.objects.get(name="Collaborate through digital technologies")
    assert _ancestors(collaborate) == [
        "Using digital tools for collaboration and productivity",
        "Using digital tools for collaboration, content creation and problem solving",
        "Working with computers",
        "Skills",
    ]
    # Relations name Tabiya row IDs, resolved to the URIs of the same import.
    programming = Skill.objects.get(esco_uri=PROGRAMMING)
    assert programming.parent is not None and programming.parent.esco_uri.endswith("/0613")
    assert RoleRequirement.objects.get(role=developer, skill=programming).is_required


@pytest.mark.django_db
def test_dry_run_changes_nothing_and_a_rerun_changes_nothing() -> None:
    out, _ = _run(str(ESCO_10), "--dry-run")
    assert "Dry run: occupations_en.csv: created 5, updated 0, unchanged 0, rejected 2" in out
    assert not Role.objects.exists() and not Skill.objects.exists()
    assert not AuditEvent.objects.filter(action="taxonomy.import_esco").exists()
    _run(str(ESCO_10))
    counts = (
        Role.objects.count(),
        Skill.objects.count(),
        SkillAlias.objects.count(),
        RoleAlias.objects.count(),
        RoleRequirement.objects.count(),
    )
    tree = dict(Skill.objects.values_list("name", "parent__name"))
    out, _ = _run(str(ESCO_10))
    summaries = [line for line in out.splitlines() if ": created " in line]
    assert len(summaries) == 7
    assert all(": created 0, updated 0," in line for line in summaries), out
    assert (
        Role.objects.count(),
        Skill.objects.count(),
        SkillAlias.objects.count(),
        RoleAlias.objects.count(),
        RoleRequirement.objects.count(),
    ) == counts
    assert dict(Skill.objects.values_list("name", "parent__name")) == tree


@pytest.mark.django_db
def test_both_layouts_meet_on_the_esco_uri() -> None:
    _run(str(ESCO_10))
    _run(str(ESCO_111))
    assert Role.objects.count() == 5
    assert Role.objects.get(esco_uri=DEVELOPER).external_code == "2512.4"
    assert Skill.objects.filter(esco_uri=PROGRAMMING).count() == 1


@pytest.mark.django_db
def test_an_existing_skill_is_adopted_and_keeps_its_place_in_the_tree() -> None:
    ours = Skill.objects.create(name="Engineering", category=SkillCategory.KNOWLEDGE)
    mine = Skill.objects.create(
        name="Computer programming", category=SkillCategory.KNOWLEDGE, parent=ours
    )
    _run(str(ESCO_10))
    mine.refresh_from_db()
    assert mine.esco_uri == PROGRAMMING
    assert mine.parent == ours
    assert Skill.objects.filter(name__iexact="computer programming").count() == 1


@pytest.mark.django_db
def test_missing_column_or_no_esco_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "occupations_en.csv").write_text("conceptUri,preferredLabel\nhttp://x/1,a\n")
    _, error = _run(str(tmp_path))
    assert error == "occupations_en.csv: Missing required column: isco."
    assert not Role.objects.exists()
    (tmp_path / "occupations_en.csv").unlink()
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    _, error = _run(str(tmp_path))
    assert error == (
        f"No ESCO file found in {tmp_path.name}: expected files such as "
        "occupations_en.csv, skillGroups_en.csv, skills_en.csv or occupations.csv."
    )
    _, error = _run(str(tmp_path / "nope"))
    assert error is not None and error.startswith("Not a directory")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("folder", "occupations", "groups"),
    [("esco-1.1.1", 3007, 640), ("esco-1.0", 2942, 673)],
)
@pytest.mark.skipif(
    not SHARED.is_dir() and not os.environ.get("CI"),
    reason="the shared ESCO sets are not present (in CI their absence is a failure)",
)
def test_full_shared_esco_set(folder: str, occupations: int, groups: int) -> None:
    directory = SHARED / folder
    assert directory.is_dir(), f"{directory} is missing"
    out, error = _run(str(directory))
    assert error is None, out
    assert Role.objects.filter(code__startswith="ESCO-").count() == occupations
    assert Role.objects.exclude(esco_uri="").count() == occupations
    assert Skill.objects.exclude(esco_uri="").count() >= groups
    # Every skill group but the pillar's tops has a parent.
    assert Skill.objects.filter(parent__isnull=True).count() < 30
    out, error = _run(str(directory))
    assert error is None, out
    summaries = [line for line in out.splitlines() if ": created " in line]
    assert summaries and all(": created 0, updated 0," in line for line in summaries), out


@pytest.mark.django_db
def test_the_steps_are_counted_and_told_before_each_starts() -> None:
    """The progress a page shows: each of the seven files read, then each checked, then the
    skills, the occupations and the requirements written (the requirements in rows): 17
    steps, each told before it starts (no role is written yet when the occupations' writing
    is told; they are when the requirements' is)."""
    from trellis.skills.esco import esco_import

    heard: list[tuple[int, int, str, int]] = []
    esco_import(
        directory=ESCO_10,
        tick=lambda done, total, step="": heard.append((done, total, step, Role.objects.count())),
    )
    done = [d for d, *_ in heard]
    assert done == sorted(done) and sorted(set(done)) == list(range(17))
    assert {h[1] for h in heard} == {17}
    steps = {step: roles for _, _, step, roles in heard}
    names = sorted((p.name for p in ESCO_10.glob("*.csv")), key=str.lower)
    assert [s for s in steps if s.startswith("Reading ")] == [f"Reading {n}" for n in names]
    assert {s for s in steps if s.startswith("Checking ")} == {f"Checking {n}" for n in names}
    assert steps["Writing the occupations"] == 0 and steps["Writing the requirements"] > 0
    assert any(s.startswith("Writing the requirements (0 of ") for s in steps)


@pytest.mark.django_db
def test_a_dry_run_counts_the_same_steps() -> None:
    from trellis.skills.esco import esco_import

    heard: list[str] = []
    esco_import(directory=ESCO_111, dry_run=True, tick=lambda d, t, step="": heard.append(step))
    assert heard[-1].startswith("Working out the requirements")
    assert Role.objects.count() == 0


@pytest.mark.django_db
def test_a_terminal_sees_the_counted_steps() -> None:
    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    with pytest.raises(CommandError, match="rejected"):  # the extract has bad rows on purpose
        call_command("import_esco", str(ESCO_111), stdout=StringIO(), stderr=err)
    drawn = err.getvalue()
    assert "\rReading occupations.csv" in drawn and "\rChecking skills.csv" in drawn
    assert "\rWriting the requirements" in drawn and "14/15" in drawn
