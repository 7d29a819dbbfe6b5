"""The taxonomy import: ``import_taxonomy`` and the ``taxonomy_import`` service behind it."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.cast import Cast
from trellis.org.models import AuditEvent
from trellis.skills.imports import taxonomy_import
from trellis.skills.models import (
    JobFamily,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillAlias,
)

SKILLS = [
    "name,category,description,aliases,esco_uri,onet_id",
    "Kubernetes,tool,Container orchestration,K8s|kube,,",
    "python,skill,The language,Python 3,,2.A.1.a",  # existing "Python", other casing
    "Negotiation,ability,,,http://data.europa.eu/esco/skill/neg,",
]
ROLES = [
    "code,title,family,track,level,unit_path,description,external_code",
    "PE4,Platform Engineer,Infrastructure,ic,4,Acme/Engineering/Platform,Runs the platform,15-1244",
    "EM5,Engineering Manager,Software Engineering,management,5,,,",
]
REQUIREMENTS = [
    "role_code,skill,min_level,importance,required",
    "PE4,k8s,3,5,yes",
    "PE4,Python,2,3,no",
    "EM5,negotiation,3,,",
]
TRANSITIONS = [
    "from_role,to_role,kind,typical_months",
    "SE2,SE3,promotion,24",
    "SE3,PE4,lateral,",
    "SE3,EM5,exploratory,36",
]


def _write(tmp_path: Path, name: str, lines: list[str], sep: str = ",") -> Path:
    path = tmp_path / f"{name}.csv"
    path.write_text("\n".join(line.replace(",", sep) for line in lines) + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> tuple[str, bool]:
    out = StringIO()
    try:
        call_command("import_taxonomy", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue() + f"CommandError: {exc}\n", True
    return out.getvalue(), False


def _all_files(tmp_path: Path) -> list[str]:
    return [
        "--skills",
        str(_write(tmp_path, "skills", SKILLS)),
        "--roles",
        str(_write(tmp_path, "roles", ROLES)),
        "--requirements",
        str(_write(tmp_path, "requirements", REQUIREMENTS)),
        "--transitions",
        str(_write(tmp_path, "transitions", TRANSITIONS)),
    ]


def _snapshot() -> list[Any]:
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Skill, SkillAlias, JobFamily, Role, RoleRequirement, RoleTransition)
    ]


def test_imports_all_four_files(cast: Cast, tmp_path: Path) -> None:
    output, failed = _run(*_all_files(tmp_path))

    assert not failed
    assert output.splitlines() == [
        "skills: created 2, updated 1, unchanged 0, rejected 0",
        "roles: created 2, updated 0, unchanged 0, rejected 0",
        "requirements: created 3, updated 0, unchanged 0, rejected 0",
        "transitions: created 3, updated 0, unchanged 0, rejected 0",
    ]
    kube = Skill.objects.get(name="Kubernetes")
    assert kube.category == "tool"
    assert sorted(kube.aliases.values_list("name", flat=True)) == ["K8s", "kube"]
    python = Skill.objects.get(pk=cast.python.pk)
    assert (python.name, python.onet_id) == ("python", "2.A.1.a")
    assert list(python.aliases.values_list("name", flat=True)) == ["Python 3"]
    platform = Role.objects.get(code="PE4")
    assert platform.family.name == "Infrastructure" and platform.level == 4
    assert platform.unit.path == "Acme/Engineering/Platform"  # type: ignore[union-attr]
    assert platform.external_code == "15-1244"
    assert Role.objects.get(code="EM5").track == "management"
    assert JobFamily.objects.filter(name="Software Engineering").count() == 1
    k8s = RoleRequirement.objects.get(role=platform, skill=kube)
    assert (k8s.min_level, k8s.importance, k8s.is_required) == (3, 5, True)
    assert not RoleRequirement.objects.get(role=platform, skill=cast.python).is_required
    negotiation = RoleRequirement.objects.get(role__code="EM5")
    assert (negotiation.importance, negotiation.is_required) == (3, True)
    promotion = RoleTransition.objects.get(from_role=cast.engineer, to_role=cast.senior_engineer)
    assert (promotion.kind, promotion.typical_months) == ("promotion", 24)
    assert RoleTransition.objects.get(to_role=platform).typical_months is None


def test_second_run_changes_nothing(cast: Cast, tmp_path: Path) -> None:
    files = _all_files(tmp_path)
    _run(*files)
    before = _snapshot()

    output, failed = _run(*files)

    assert not failed
    assert output.splitlines() == [
        "skills: created 0, updated 0, unchanged 3, rejected 0",
        "roles: created 0, updated 0, unchanged 2, rejected 0",
        "requirements: created 0, updated 0, unchanged 3, rejected 0",
        "transitions: created 0, updated 0, unchanged 3, rejected 0",
    ]
    assert _snapshot() == before


def test_dry_run_changes_nothing(cast: Cast, tmp_path: Path) -> None:
    before = _snapshot()
    events = AuditEvent.objects.count()

    output, failed = _run(*_all_files(tmp_path), "--dry-run")

    assert not failed
    assert (
        output.splitlines()[0] == "Dry run: skills: created 2, updated 1, unchanged 0, rejected 0"
    )
    assert output.splitlines()[3] == (
        "Dry run: transitions: created 3, updated 0, unchanged 0, rejected 0"
    )
    assert _snapshot() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("kind", "row", "message"),
    [
        ("skills", ",skill,,,,", 'line 2, column "name", value "": a value is required'),
        (
            "skills",
            "Go,language,,,,",
            'line 2, column "category", value "language": '
            "unknown category; use skill, knowledge, ability, tool",
        ),
        (
            "skills",
            "Postgres,tool,,SQL,,",
            'line 2, column "aliases", value "SQL": the alias is the name of another skill',
        ),
        (
            "roles",
            "XX1,Title,Family,ic,13,,,",
            'line 2, column "level", value "13": the level must be a whole number from 1 to 12',
        ),
        (
            "roles",
            "XX1,Title,Family,specialist,2,,,",
            'line 2, column "track", value "specialist": unknown track; use ic, management',
        ),
        (
            "requirements",
            "SE2,SQL,6,3,yes",
            'line 2, column "min_level", value "6": must be a whole number from 0 to 5',
        ),
        (
            "requirements",
            "SE2,SQL,2,0,yes",
            'line 2, column "importance", value "0": must be a whole number from 1 to 5',
        ),
        (
            "requirements",
            "SE2,Cobol,2,3,yes",
            'line 2, column "skill", value "Cobol": '
            "unknown skill (neither a skill name nor an alias)",
        ),
        (
            "requirements",
            "XX9,SQL,2,3,yes",
            'line 2, column "role_code", value "XX9": unknown role code',
        ),
        (
            "requirements",
            "SE2,SQL,2,3,maybe",
            'line 2, column "required", value "maybe": use yes or no',
        ),
        (
            "transitions",
            "SE2,SE2,lateral,",
            'line 2, column "to_role", value "SE2": a role cannot lead to itself',
        ),
        (
            "transitions",
            "SE2,SE3,sideways,",
            'line 2, column "kind", value "sideways": '
            "unknown kind; use promotion, lateral, exploratory",
        ),
    ],
)
def test_bad_rows_are_rejected_with_line_column_and_value(
    cast: Cast, tmp_path: Path, kind: str, row: str, message: str
) -> None:
    header = {"skills": SKILLS, "roles": ROLES, "requirements": REQUIREMENTS}.get(
        kind, TRANSITIONS
    )[0]
    before = _snapshot()

    output, failed = _run(f"--{kind}", str(_write(tmp_path, kind, [header, row])))

    assert failed
    assert output.splitlines() == [
        f"{kind}: {message}",
        f"{kind}: created 0, updated 0, unchanged 0, rejected 1",
        "CommandError: 1 row rejected",
    ]
    assert _snapshot() == before


def test_alias_of_another_skill_is_refused(cast: Cast, tmp_path: Path) -> None:
    SkillAlias.objects.create(skill=cast.python, name="Py")
    path = _write(tmp_path, "skills", ["name,aliases", "Pyramid,Py|Pyr", "Rust,rs"])

    output, failed = _run("--skills", str(path))

    assert failed
    assert output.splitlines()[:2] == [
        'skills: line 2, column "aliases", value "Py": the alias already belongs to skill "Python"',
        "skills: created 1, updated 0, unchanged 0, rejected 1",
    ]
    assert not Skill.objects.filter(name="Pyramid").exists()
    assert Skill.objects.filter(name="Rust").exists()


def test_duplicates_in_a_file_reject_every_occurrence(cast: Cast, tmp_path: Path) -> None:
    path = _write(tmp_path, "roles", [ROLES[0], ROLES[1], ROLES[1].replace("Platform E", "E")])

    output, _ = _run("--roles", str(path))

    assert output.splitlines()[:2] == [
        'roles: line 2, column "code", value "PE4": duplicate role code (also on line 3)',
        'roles: line 3, column "code", value "PE4": duplicate role code (also on line 2)',
    ]


def test_requirements_may_name_roles_and_skills_created_in_the_same_run(
    cast: Cast, tmp_path: Path
) -> None:
    bad = [*REQUIREMENTS, "PE4,Haskell,2,3,yes"]
    output, failed = _run(
        "--skills",
        str(_write(tmp_path, "skills", SKILLS)),
        "--roles",
        str(_write(tmp_path, "roles", ROLES)),
        "--requirements",
        str(_write(tmp_path, "requirements", bad)),
    )

    assert failed
    assert 'line 5, column "skill", value "Haskell": ' in output
    assert "requirements: created 3, updated 0, unchanged 0, rejected 1" in output
    assert RoleRequirement.objects.filter(role__code="PE4").count() == 2


def test_semicolon_and_tab_files_with_header_in_other_case(cast: Cast, tmp_path: Path) -> None:
    skills = _write(tmp_path, "skills", ["Name;Category;Aliases", "Terraform;tool;tf"], sep=";")
    tab = _write(tmp_path, "transitions", ["From Role,To Role,Kind", "SE3,SE2,lateral"], sep="\t")

    output, failed = _run("--skills", str(skills), "--transitions", str(tab))

    assert not failed
    assert output.splitlines() == [
        "skills: created 1, updated 0, unchanged 0, rejected 0",
        "transitions: created 1, updated 0, unchanged 0, rejected 0",
    ]


def test_file_errors_leave_everything_untouched(cast: Cast, tmp_path: Path) -> None:
    before = _snapshot()
    broken = _write(tmp_path, "roles", ["code,title", "PE4,Platform Engineer"])

    with pytest.raises(CommandError) as excinfo:
        call_command(
            "import_taxonomy",
            "--skills",
            str(_write(tmp_path, "skills", SKILLS)),
            "--roles",
            str(broken),
            stdout=StringIO(),
        )

    assert str(excinfo.value) == "roles file: Missing required column: family."
    assert _snapshot() == before


def test_no_file_given(db: None) -> None:
    with pytest.raises(CommandError, match="Give at least one of"):
        call_command("import_taxonomy", stdout=StringIO())


def test_real_import_is_audited(cast: Cast, tmp_path: Path) -> None:
    data = "\n".join(SKILLS).encode()

    taxonomy_import(files={"skills": ("skills.csv", data)}, actor=cast.alex.user)

    event = AuditEvent.objects.get(action="taxonomy.import")
    assert event.actor == cast.alex.user
    assert event.detail == {
        "skills": {
            "file": "skills.csv",
            "created": 2,
            "updated": 1,
            "unchanged": 0,
            "rejected": 0,
            "deactivated": 0,
        }
    }
