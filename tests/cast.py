"""The test cast: named people in a small organization, built through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.models import Group, User
from django.test import Client

from trellis.org.access import HR_GROUP
from trellis.org.models import OrgUnit, Person
from trellis.org.services import person_set_manager, unit_ensure_path
from trellis.skills.models import (
    Appetite,
    JobFamily,
    PersonSkill,
    Role,
    RoleRequirement,
    Skill,
    SkillCategory,
    Track,
)

PASSWORD = "correct-horse-battery-staple"


class ClientFor(Protocol):
    """The ``client_for`` fixture: the test client, logged in as that person."""

    def __call__(self, person: Person) -> Client: ...


@dataclass
class Cast:
    """Ada (employee) reports to Maya (manager), who reports to Dora (director).

    Otto is an outsider in another department; Hana is an HR partner; Alex is an admin.
    """

    ada: Person
    maya: Person
    dora: Person
    otto: Person
    hana: Person
    alex: Person
    team: OrgUnit
    other_team: OrgUnit
    python: Skill
    sql: Skill
    engineer: Role
    senior_engineer: Role


def _person(
    username: str, first: str, last: str, unit: OrgUnit, *, title: str = "", role: Role | None
) -> Person:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.com", password=PASSWORD
    )
    return Person.objects.create(
        user=user,
        employee_id=f"E-{username}",
        first_name=first,
        last_name=last,
        email=f"{username}@example.com",
        title=title,
        unit=unit,
        role=role,
        level=role.level if role else None,
        location="Lisbon",
        hire_date=dt.date(2020, 1, 6),
        role_start_date=dt.date(2023, 3, 1),
    )


def build_cast() -> Cast:
    team = unit_ensure_path(path="Acme/Engineering/Platform/Storage")
    other_team = unit_ensure_path(path="Acme/Sales/Field Sales")
    family = JobFamily.objects.create(name="Software Engineering")
    python = Skill.objects.create(name="Python", category=SkillCategory.SKILL)
    sql = Skill.objects.create(name="SQL", category=SkillCategory.KNOWLEDGE)
    engineer = Role.objects.create(
        code="SE2", title="Software Engineer", family=family, track=Track.INDIVIDUAL, level=2
    )
    senior = Role.objects.create(
        code="SE3", title="Senior Software Engineer", family=family, level=3
    )
    RoleRequirement.objects.create(role=engineer, skill=python, min_level=3, importance=5)
    RoleRequirement.objects.create(role=senior, skill=python, min_level=4, importance=5)
    RoleRequirement.objects.create(role=senior, skill=sql, min_level=3, importance=3)

    dora = _person("dora", "Dora", "Director", team.parent.parent, title="Director", role=None)  # type: ignore[union-attr]
    maya = _person("maya", "Maya", "Manager", team, title="Engineering Manager", role=None)
    ada = _person("ada", "Ada", "Lovelace", team, title="Software Engineer", role=engineer)
    otto = _person("otto", "Otto", "Outsider", other_team, title="Account Executive", role=None)
    hana = _person("hana", "Hana", "Partner", unit_ensure_path(path="Acme/People"), role=None)
    alex = _person("alex", "Alex", "Admin", unit_ensure_path(path="Acme/People"), role=None)
    person_set_manager(person=maya, manager=dora)
    person_set_manager(person=ada, manager=maya)
    hana.user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])  # type: ignore[union-attr]
    User.objects.filter(pk=alex.user_id).update(is_superuser=True, is_staff=True)
    PersonSkill.objects.create(person=ada, skill=python, level=4, appetite=Appetite.KEEP)
    PersonSkill.objects.create(person=ada, skill=sql, level=2, appetite=Appetite.GROW)
    for person in (ada, maya, dora, otto, hana, alex):
        person.refresh_from_db()
    return Cast(
        ada=ada,
        maya=maya,
        dora=dora,
        otto=otto,
        hana=hana,
        alex=alex,
        team=team,
        other_team=other_team,
        python=python,
        sql=sql,
        engineer=engineer,
        senior_engineer=senior,
    )
