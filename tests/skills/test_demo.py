"""The demo organization: shape, reporting lines, roles, skills, determinism, logins, commands."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from trellis.org.access import HR_GROUP
from trellis.org.models import OrgUnit, Person, UnitKind
from trellis.org.services import manager_paths_compute, unit_ensure_path
from trellis.skills.demo import (
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    REFERENCE_DATE,
    DemoError,
    DemoSummary,
    demo_generate,
    demo_reset,
)
from trellis.skills.models import (
    Appetite,
    PersonSkill,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillAlias,
    SkillCategory,
    SkillSource,
    Track,
    TransitionKind,
)

PEOPLE = 200


@pytest.fixture
def demo(db: None) -> DemoSummary:
    return demo_generate(people=PEOPLE, seed=7)


def _snapshot() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    people = sorted(
        Person.objects.values_list(
            "employee_id",
            "first_name",
            "last_name",
            "email",
            "manager__employee_id",
            "unit__path",
            "role__code",
            "location",
            "hire_date",
            "role_start_date",
        )
    )
    skills = sorted(
        PersonSkill.objects.values_list(
            "person__employee_id", "skill__name", "level", "source", "appetite"
        )
    )
    return people, skills


def test_summary_matches_the_database(demo: DemoSummary) -> None:
    assert Person.objects.count() == demo.people == PEOPLE
    assert OrgUnit.objects.count() == demo.units
    assert Role.objects.count() == demo.roles
    assert RoleRequirement.objects.count() == demo.requirements
    assert RoleTransition.objects.count() == demo.transitions
    assert Skill.objects.count() == demo.skills + demo.skill_groups
    assert demo.skills >= 300 and demo.skill_groups >= 10
    # Every skill sits in a group; the groups are the tree's top level.
    assert not Skill.objects.filter(parent__isnull=True, children__isnull=True).exists()
    assert Skill.objects.filter(parent__isnull=True).count() == demo.skill_groups
    assert SkillAlias.objects.count() == demo.aliases > 20
    assert PersonSkill.objects.count() == demo.person_skills
    assert set(Skill.objects.values_list("category", flat=True)) == set(SkillCategory.values)


def test_new_rows_after_the_demo_get_fresh_ids(demo: DemoSummary) -> None:
    # The demo picks primary keys itself; the database's sequences must still move on.
    unit = unit_ensure_path(path="Evergreen Labs/Engineering/Platform/New Team")
    skill = Skill.objects.create(name="Zig")
    person = Person.objects.create(
        employee_id="X1", first_name="New", last_name="Hire", email="new@example.com", unit=unit
    )
    assert unit.pk > OrgUnit.objects.exclude(pk=unit.pk).order_by("-pk")[0].pk
    assert skill.pk and person.pk > PEOPLE


def test_units_form_a_company_division_department_team_tree(demo: DemoSummary) -> None:
    units = {unit.pk: unit for unit in OrgUnit.objects.all()}
    roots = [unit for unit in units.values() if unit.parent_id is None]
    assert len(roots) == 1
    assert roots[0].kind == UnitKind.COMPANY and roots[0].path == roots[0].name
    kinds = Counter(unit.kind for unit in units.values())
    assert 3 <= kinds[UnitKind.DIVISION] <= 6
    assert kinds[UnitKind.DEPARTMENT] >= kinds[UnitKind.DIVISION]
    assert kinds[UnitKind.TEAM] >= kinds[UnitKind.DEPARTMENT]
    has_children = {unit.parent_id for unit in units.values()}
    for unit in units.values():
        if unit.parent_id is not None:
            parent = units[unit.parent_id]
            assert unit.path == f"{parent.path}/{unit.name}"
            if unit.kind == UnitKind.DIVISION:
                assert parent.kind == UnitKind.COMPANY
        if unit.kind == UnitKind.TEAM:
            assert unit.pk not in has_children
    staffed = set(Person.objects.values_list("unit_id", flat=True))
    assert staffed == set(units)  # every unit has someone in it


def test_reporting_lines_have_one_ceo_no_cycles_and_consistent_chains(demo: DemoSummary) -> None:
    rows = list(Person.objects.values_list("pk", "manager_id", "manager_path"))
    roots = [pk for pk, manager, _ in rows if manager is None]
    assert len(roots) == 1
    ceo = Person.objects.get(pk=roots[0])
    assert ceo.title == "Chief Executive Officer" and ceo.manager_path == "/"
    # manager_paths_compute raises on a cycle; its chains must equal the stored ones.
    recomputed = manager_paths_compute({pk: manager for pk, manager, _ in rows})
    assert {pk: path for pk, _, path in rows} == recomputed


def test_spans_of_control_are_five_to_nine(demo: DemoSummary) -> None:
    spans = Counter(Person.objects.exclude(manager=None).values_list("manager_id", flat=True))
    assert spans
    assert min(spans.values()) >= 5
    assert max(spans.values()) <= 9


def test_people_have_roles_titles_dates_and_unique_ids(demo: DemoSummary) -> None:
    people = list(Person.objects.select_related("role"))
    assert len({p.employee_id for p in people}) == PEOPLE
    assert {p.employee_id for p in people} == {f"E{n:06d}" for n in range(1, PEOPLE + 1)}
    assert len({p.email for p in people}) == PEOPLE
    for person in people:
        assert person.email.endswith(f".{person.employee_id[1:].lstrip('0')}@{DEMO_EMAIL_DOMAIN}")
        assert person.role is not None and person.title == person.role.title
        assert person.level == person.role.level
        assert person.location
        assert person.hire_date <= person.role_start_date <= REFERENCE_DATE
    managers = {p.manager_id for p in people}
    for person in people:
        if person.pk in managers:
            assert person.role.track == Track.MANAGEMENT or person.title == "Chief of Staff"


def test_roles_have_coherent_requirements_and_a_lattice(demo: DemoSummary) -> None:
    requirements = defaultdict(list)
    for req in RoleRequirement.objects.all():
        requirements[req.role_id].append(req)
    roles = list(Role.objects.all())
    for role in roles:
        reqs = requirements[role.pk]
        assert 6 <= len(reqs) <= 10, role.code
        assert any(not req.is_required for req in reqs), role.code
        assert all(0 <= req.min_level <= 5 and 1 <= req.importance <= 5 for req in reqs)
    # The bar rises with the level along each IC ladder.
    ladders = defaultdict(dict)
    for role in roles:
        if role.track == Track.INDIVIDUAL:
            reqs = [req.min_level for req in requirements[role.pk] if req.is_required]
            ladders[role.family_id][role.level] = sum(reqs) / len(reqs)
    for ladder in ladders.values():
        levels = sorted(ladder)
        assert all(ladder[a] <= ladder[b] for a, b in itertools.pairwise(levels))
    kinds = Counter(RoleTransition.objects.values_list("kind", flat=True))
    assert kinds[TransitionKind.PROMOTION] and kinds[TransitionKind.LATERAL]
    assert kinds[TransitionKind.EXPLORATORY]
    for transition in RoleTransition.objects.filter(kind=TransitionKind.PROMOTION).select_related(
        "from_role", "to_role"
    ):
        assert transition.from_role.family_id == transition.to_role.family_id
        assert transition.to_role.level == transition.from_role.level + 1
        assert transition.typical_months


def test_people_skills_fit_their_roles_with_variation(demo: DemoSummary) -> None:
    required = defaultdict(set)
    for role_id, skill_id in RoleRequirement.objects.filter(is_required=True).values_list(
        "role_id", "skill_id"
    ):
        required[role_id].add(skill_id)
    held = defaultdict(set)
    rows = list(
        PersonSkill.objects.values_list("person_id", "skill_id", "level", "source", "appetite")
    )
    for person_id, skill_id, level, _, _ in rows:
        assert 0 <= level <= 5
        held[person_id].add(skill_id)
    counts = [len(skills) for skills in held.values()]
    assert len(held) == PEOPLE
    assert 10 <= sum(counts) / len(counts) <= 15
    fitting = sum(
        1
        for person_id, role_id in Person.objects.values_list("pk", "role_id")
        if len(held[person_id] & required[role_id]) * 2 >= len(required[role_id])
    )
    assert fitting >= 0.6 * PEOPLE
    appetites = Counter(row[4] for row in rows)
    assert 0.1 <= appetites[Appetite.GROW] / len(rows) <= 0.35
    sources = Counter(row[3] for row in rows)
    assert sources[SkillSource.SELF] > len(rows) / 2 and sources[SkillSource.MANAGER] > 0
    assert len({row[2] for row in rows}) >= 4  # levels vary


def test_same_seed_same_organization(demo: DemoSummary) -> None:
    first = _snapshot()
    demo_reset()
    assert not Person.objects.exists() and not OrgUnit.objects.exists()
    demo_generate(people=PEOPLE, seed=7)
    assert _snapshot() == first
    demo_reset()
    demo_generate(people=PEOPLE, seed=8)
    assert _snapshot()[0] != first[0]


def test_demo_logins_and_their_relationships(demo: DemoSummary) -> None:
    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {"employee", "manager", "hr", "admin"}
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
    employee = Person.objects.select_related("unit", "role").get(user=users["employee"])
    manager = Person.objects.get(user=users["manager"])
    assert employee.manager_id == manager.pk
    assert employee.unit.kind == UnitKind.TEAM and manager.unit_id == employee.unit_id
    assert employee.role.track == Track.INDIVIDUAL
    required = set(
        employee.role.requirements.filter(is_required=True).values_list("skill_id", flat=True)
    )
    assert required <= set(employee.skills.values_list("skill_id", flat=True))
    hr = Person.objects.select_related("unit").get(user=users["hr"])
    assert users["hr"].groups.filter(name=HR_GROUP).exists()
    assert "/People and Finance/People Partners" in hr.unit.path
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["employee"].is_staff and not users["manager"].groups.exists()
    assert [login.username for login in demo.logins] == ["employee", "manager", "hr", "admin"]


def test_generate_refuses_a_small_or_non_empty_organization(demo: DemoSummary) -> None:
    with pytest.raises(DemoError, match="already has people"):
        demo_generate(people=PEOPLE)
    demo_reset()
    with pytest.raises(DemoError, match="at least 50 people"):
        demo_generate(people=10)


def test_command_builds_then_keeps_or_refuses(db: None) -> None:
    out = StringIO()
    call_command("demo", people=60, seed=3, stdout=out)
    assert "Demo organization: 60 people" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    out = StringIO()
    call_command("demo", people=80, if_empty=True, stdout=out)
    assert out.getvalue().strip() == "The database already has 60 people; leaving it as it is."
    assert Person.objects.count() == 60
    with pytest.raises(CommandError) as refused:
        call_command("demo", people=80, stdout=StringIO())
    assert str(refused.value) == (
        "The database already has 60 people. Run with --reset to replace them with the demo "
        "organization, or --if-empty to keep them."
    )
    call_command("demo", people=80, reset=True, stdout=StringIO())
    assert Person.objects.count() == 80
    assert User.objects.filter(username="employee").count() == 1


def test_demo_logins_command(db: None) -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "No demo logins yet" in out.getvalue()
    call_command("demo", people=60, stdout=StringIO())
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text and DEMO_PASSWORD in text
    employee = Person.objects.get(user__username="employee")
    assert f"employee  employee: {employee.full_name}, {employee.title}" in text
    for username in ("manager", "hr", "admin"):
        assert f"  {username} " in text
    out = StringIO()
    call_command("demo_logins", "--url", "http://127.0.0.1:8123/", stdout=out)
    assert "Trellis demo at http://127.0.0.1:8123/ " in out.getvalue()
    assert ":8000" not in out.getvalue()


@pytest.mark.django_db
def test_demo_refuses_to_run_in_production(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRELLIS_PRODUCTION = True
    with pytest.raises(CommandError, match="not loaded when TRELLIS_PRODUCTION is set"):
        call_command("demo", "--people", "60")
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_demo_employee_has_a_career_story_and_nobody_is_emailed(mailoutbox) -> None:  # type: ignore[no-untyped-def]
    from trellis.careers.models import CareerProfile, Goal
    from trellis.talks.models import Conversation

    call_command("demo", "--people", "120", stdout=StringIO())
    employee = Person.objects.get(user__username="employee")
    manager = Person.objects.get(user__username="manager")
    assert CareerProfile.objects.get(person=employee).summary.startswith("I build and run")
    goal = Goal.objects.get(person=employee)
    assert goal.target_role is not None and goal.target_role.level > employee.role.level  # type: ignore[union-attr]
    conversation = Conversation.objects.get(person=employee)
    assert conversation.author == manager
    assert conversation.items.count() == 3
    assert mailoutbox == []
