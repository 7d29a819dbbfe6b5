from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from trellis.org.models import AuditEvent
from trellis.skills.models import Role, RoleAlias, RoleRating, RoleRequirement, Skill
from trellis.skills.moves import suggested_moves, suggested_moves_all
from trellis.skills.onet import onet_importance, onet_level

DATA = Path(__file__).parent / "data" / "onet"
FULL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "onet-29.3"


def _run(*args: str) -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("import_onet", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def test_level_and_importance_mapping() -> None:
    assert [onet_level(v) for v in (0, 0.7, 1.4, 3.5, 4.5, 6.3, 7)] == [0, 1, 1, 3, 3, 5, 5]
    assert [onet_importance(v) for v in (1, 2.49, 2.5, 3.88, 5)] == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_import_extract_with_line_numbered_errors() -> None:
    out, error = _run(str(DATA))
    assert error == "4 rows rejected"
    assert (
        'line 5, column "O*NET-SOC Code", value "not-a-code": not an O*NET-SOC code (NN-NNNN.NN)'
        in out
    )
    assert 'line 50, column "Data Value", value "nine"' in out
    assert 'line 51, column "O*NET-SOC Code", value "99-9999.00": unknown occupation' in out
    assert "line 52" in out
    analyst = Role.objects.get(code="15-1211.00")
    assert analyst.external_code == "15-1211.00" and analyst.level == 3  # job zone 3
    assert analyst.family.name == "Computer and Mathematical"
    reading = RoleRequirement.objects.get(role=analyst, skill__onet_id="2.A.1.a")
    # IM 3.88 -> 4; LV 4.5 -> 4.5 × 5 / 7 = 3.2 -> 3
    assert (reading.min_level, reading.importance, reading.is_required) == (3, 4, True)
    maths = RoleRequirement.objects.get(role=analyst, skill__onet_id="2.A.1.e")
    assert (maths.min_level, maths.importance) == (2, 3)  # IM 3.0 is at the cut-off: kept
    assert not RoleRequirement.objects.filter(role=analyst, skill__onet_id="2.A.1.f").exists()
    tools = RoleRequirement.objects.filter(role=analyst, skill__category="tool")
    assert tools.exists() and not tools.filter(is_required=True).exists()
    hot = Skill.objects.filter(category="tool", is_hot_technology=True).first()
    assert hot is not None
    assert RoleAlias.objects.filter(role__code="11-1011.00").exists()
    assert AuditEvent.objects.filter(action="taxonomy.import_onet").exists()


@pytest.mark.django_db
def test_import_is_idempotent_and_dry_run_changes_nothing() -> None:
    out, _ = _run(str(DATA), "--dry-run")
    assert "Dry run: Occupation Data.txt: created 3" in out
    assert not Role.objects.exists() and not Skill.objects.exists()
    _run(str(DATA))
    counts = (
        Role.objects.count(),
        Skill.objects.count(),
        RoleRequirement.objects.count(),
        RoleRating.objects.count(),
    )
    ratings = list(RoleRating.objects.order_by("pk").values_list("importance", "level"))
    out, _ = _run(str(DATA))
    assert "Occupation Data.txt: created 0, updated 0, unchanged 3" in out
    assert "Skills.txt: created 0, updated 0" in out
    assert "Knowledge.txt: created 0, updated 0" in out
    assert (
        Role.objects.count(),
        Skill.objects.count(),
        RoleRequirement.objects.count(),
        RoleRating.objects.count(),
    ) == counts
    assert list(RoleRating.objects.order_by("pk").values_list("importance", "level")) == ratings


@pytest.mark.django_db
def test_every_rating_is_kept_not_only_the_important_ones() -> None:
    _run(str(DATA))
    analyst = Role.objects.get(code="15-1211.00")
    # 2.A.1.f is rated below the importance cut-off: no requirement, but a rating in full.
    rating = RoleRating.objects.get(role=analyst, skill__onet_id="2.A.1.f")
    assert 1.0 <= rating.importance < 3.0
    reading = RoleRating.objects.get(role=analyst, skill__onet_id="2.A.1.a")
    assert (reading.importance, reading.level) == (3.88, round(4.5 * 5 / 7, 4))
    rated = RoleRating.objects.filter(role=analyst).count()
    required = RoleRequirement.objects.filter(role=analyst).exclude(skill__category="tool")
    assert rated > required.count()


@pytest.mark.django_db
def test_missing_rating_files_are_named_and_the_rest_imported(tmp_path: Path) -> None:
    for name in ("Occupation Data.txt", "Job Zones.txt", "Alternate Titles.txt"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    out, _ = _run(str(tmp_path))
    assert '"Skills.txt" is missing: no skill ratings or requirements imported' in out
    assert '"Technology Skills.txt" is missing: no tools imported.' in out
    assert Role.objects.count() == 3 and not RoleRating.objects.exists()
    # Titles and descriptions still give every role something to compare.
    role = Role.objects.get(code="15-1211.00")
    assert len(suggested_moves(role=role)) == 2


@pytest.mark.django_db
def test_content_model_groups_form_the_tree() -> None:
    _run(str(DATA))
    reading = Skill.objects.get(onet_id="2.A.1.a")
    assert reading.parent is not None and reading.parent.parent is not None
    assert (reading.parent.name, reading.parent.onet_id) == ("Content", "2.A.1")
    assert (reading.parent.parent.name, reading.parent.parent.parent) == ("Basic Skills", None)
    administration = Skill.objects.get(onet_id="2.C.1.a")
    assert administration.parent is not None
    assert administration.parent.name == "Business and Management"
    assert administration.parent.category == "knowledge"
    knowledge = Skill.objects.get(onet_id="2.C")
    assert knowledge.name == "Knowledge" and knowledge.parent is None
    # The content model's first level is too broad to be a group.
    assert not Skill.objects.filter(onet_id="2").exists()
    out, _ = _run(str(DATA))
    assert "Content Model Reference.txt: created 0, updated 0, unchanged 9" in out


@pytest.mark.django_db
def test_a_parent_given_by_hr_is_kept(cast) -> None:  # type: ignore[no-untyped-def]
    mine = Skill.objects.create(name="Reading Comprehension")
    Skill.objects.filter(pk=mine.pk).update(parent=cast.python)
    _run(str(DATA))
    mine.refresh_from_db()
    assert mine.onet_id == "2.A.1.a" and mine.parent_id == cast.python.pk


@pytest.mark.django_db
def test_missing_column_or_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "Occupation Data.txt").write_text("Code\tTitle\n11-1011.00\tChief\n")
    _, error = _run(str(tmp_path))
    assert error == "Occupation Data.txt: Missing required column: soc."
    _, error = _run(str(tmp_path / "nope"))
    assert error is not None and error.startswith("Not a directory")


@pytest.mark.django_db
@pytest.mark.skipif(
    not FULL.is_dir() and not os.environ.get("CI"),
    reason="the shared O*NET set is not present (in CI its absence is a failure)",
)
def test_full_shared_onet_set() -> None:
    assert FULL.is_dir(), f"{FULL} is missing"
    out, error = _run(str(FULL))
    assert error is None, out
    assert Role.objects.filter(external_code__regex=r"^\d{2}-\d{4}\.\d{2}$").count() == 1016
    assert "Occupation Data.txt: created 1016" in out
    # O*NET has both a skill and a knowledge area called Mathematics
    assert Skill.objects.get(onet_id="2.C.4.a").name == "Mathematics (knowledge)"
    # Every rated element is kept: 879 rated occupations × 68 skills and knowledge areas
    # (59,772), less the ratings O*NET marks "not relevant" or recommends suppressing.
    assert 45_000 < RoleRating.objects.count() < 59_772
    _suggested_moves_on_the_full_set()


def _suggested_moves_on_the_full_set() -> None:
    """After an O*NET import every rated role has at least five suggested moves, and they
    make sense to someone who knows the occupations."""
    rated = set(RoleRating.objects.values_list("role_id", flat=True).distinct())
    moves = suggested_moves_all(k=10)
    per_role: dict[int, list[int]] = {}
    for move in moves:
        per_role.setdefault(move.from_id, []).append(move.to_id)
    assert all(len(per_role.get(pk, [])) >= 5 for pk in rated)
    code = dict(Role.objects.values_list("pk", "code"))
    by_code = {code[a]: [code[b] for b in bs] for a, bs in per_role.items()}
    assert {"29-1141.03", "29-2061.00", "29-1171.00"} <= set(by_code["29-1141.00"])
    assert {"15-1253.00", "15-1251.00", "15-1254.00"} <= set(by_code["15-1252.00"])
    assert {"13-2031.00", "11-3031.00"} <= set(by_code["13-2011.00"])
    # No hub: no role is among the top ten of more than a tenth of the roles.
    counts: dict[str, int] = {}
    for targets in by_code.values():
        for target in targets:
            counts[target] = counts.get(target, 0) + 1
    assert max(counts.values()) < len(by_code) / 10
    # The page's explained list is the same ranking.
    nurse = Role.objects.get(code="29-1141.00")
    assert [m.role.code for m in suggested_moves(role=nurse, k=10)] == by_code["29-1141.00"]


@pytest.mark.django_db
def test_the_steps_are_told_before_each_starts() -> None:
    """The progress a page shows: each file read, then each kind of row written, counted of
    twelve steps, each told before it starts (no role is written yet when the roles' writing
    is told; they are when the skills' is)."""
    from trellis.skills.onet import onet_import

    heard: list[tuple[int, int, str, int]] = []
    onet_import(
        directory=DATA,
        tick=lambda done, total, step="": heard.append((done, total, step, Role.objects.count())),
    )
    done = [d for d, *_ in heard]
    assert done == sorted(done) and sorted(set(done)) == list(range(12))
    assert {h[1] for h in heard} == {12}
    steps = {step: roles for _, _, step, roles in heard}
    assert next(iter(steps)) == "Reading Occupation Data.txt" and "Reading Skills.txt" in steps
    assert steps["Writing the roles"] == 0 and steps["Writing the skills"] > 0
    # The long writes say how far they are, in rows.
    assert any(s.startswith("Writing the requirements (0 of ") for s in steps)
    assert list(steps)[-1].startswith("Writing the alternate titles (0 of ")


@pytest.mark.django_db
def test_a_terminal_sees_the_steps() -> None:
    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    with pytest.raises(CommandError, match="rejected"):  # the extract has bad rows on purpose
        call_command("import_onet", str(DATA), stdout=StringIO(), stderr=err)
    assert "\rReading Occupation Data.txt" in err.getvalue()
    assert "\rWriting the requirements" in err.getvalue() and "12/12" not in err.getvalue()
    assert "11/12" in err.getvalue()
