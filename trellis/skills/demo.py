"""A deterministic demo organization: units, people, reporting lines, roles and skills.

``demo_generate(people=N, seed=S)`` builds the same company for the same ``(N, S)``: the
unit tree and the management tree are planned in Python first (spans of 5 to 9), then
written with ``bulk_create`` and primary keys chosen here (person skills, a million rows at
100,000 people, with a plain batched insert), inside one transaction. Only the four demo
logins get a Django user, so 100,000 people stay fast (about 35 s on SQLite).

It lives in skills, the lowest layer that may write both the organization and its job
architecture; the apps above add their parts as registered demo steps (``manage.py demo``).
"""

from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from trellis.org.access import HR_GROUP
from trellis.org.models import OrgUnit, Person
from trellis.org.services import audit_record
from trellis.skills import demo_catalog as catalog
from trellis.skills.demo_jobs import JobArchitecture, RoleInfo, build_job_architecture, skill_groups
from trellis.skills.demo_plan import (
    CEO,
    DIVISION_HEAD,
    LEADER,
    MEMBER,
    OFFICE,
    STAFF,
    Plan,
    plan_organization,
    unit_kind,
)
from trellis.skills.models import (
    Appetite,
    JobFamily,
    PersonSkill,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillAlias,
    SkillSource,
)

DEMO_PASSWORD = "trellis-demo-2026"  # noqa: S105 — printed on purpose: these are demo logins
DEMO_EMAIL_DOMAIN = "demo.trellis.example"
# Dates count back from a fixed day so that the demo does not change with the clock.
REFERENCE_DATE = dt.date(2026, 1, 1)
MIN_PEOPLE = 50
BATCH = 2000
SKILL_FLUSH = 50_000

EMPLOYEE, MANAGER, HR, ADMIN = "employee", "manager", "hr", "admin"
DEMO_USERNAMES = (EMPLOYEE, MANAGER, HR, ADMIN)
_WHO = {EMPLOYEE: "employee", MANAGER: "her manager", HR: "HR partner", ADMIN: "admin"}

_MEMBER_LEVELS = ((1, 2, 3, 4, 5, 6), (10, 28, 30, 18, 10, 4))
_STAFF_LEVELS = ((3, 4, 5, 6), (15, 35, 35, 15))
_DELTAS = ((-2, -1, 0, 1, 2), (3, 17, 50, 23, 7))


class DemoError(Exception):
    """The demo cannot be generated here (for example, the database is not empty)."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    who: str
    name: str
    title: str
    unit: str


@dataclass
class DemoSummary:
    people: int
    units: int
    families: int
    roles: int
    requirements: int
    transitions: int
    skills: int
    aliases: int
    person_skills: int
    skill_groups: int = 0  # the groups above the skills in the taxonomy's tree
    seconds: float = 0.0
    logins: list[DemoLogin] = field(default_factory=list)


# --- People ----------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _role_for(plan: Plan, person: int, arch: JobArchitecture, rng: random.Random) -> RoleInfo:
    kind = plan.kind[person]
    unit = plan.units[plan.unit[person]]
    if kind == CEO:
        return arch.role("EXE", "management", 7)
    if kind == OFFICE:
        return arch.role("EXE", "ic", 5 if person == 1 else 2)
    if kind == DIVISION_HEAD:
        return arch.role(unit.family, "management", 6)
    if kind == LEADER:
        return arch.role(unit.family, "management", 3 + min(2, plan.height[person] - 1))
    levels, weights = _STAFF_LEVELS if kind == STAFF else _MEMBER_LEVELS
    return arch.role(unit.family, "ic", rng.choices(levels, weights)[0])


_SKILL_COLUMNS = ("person", "skill", "level", "source", "appetite", "updated_at")
_GROW, _KEEP, _LESS = Appetite.GROW.value, Appetite.KEEP.value, Appetite.LESS.value
_SELF, _BY_MANAGER, _VALIDATED = (
    SkillSource.SELF.value,
    SkillSource.MANAGER.value,
    SkillSource.VALIDATED.value,
)
SkillRow = tuple[int, int, int, str, str]


def _person_skills(
    person_pk: int, role: RoleInfo, extras: list[int], rng: random.Random, *, complete: bool
) -> Iterator[SkillRow]:
    """Skills that fit the role with natural variation, plus a few of the person's own.

    Yields ``(person, skill, level, source, appetite)``.
    """
    held: list[int] = []
    for req in role.requirements:
        chance = 1.0 if complete else 0.9 if req.is_required else 0.45
        if rng.random() >= chance:
            continue
        delta = rng.choices(*_DELTAS)[0]
        if complete:
            delta = max(delta, -1)
        level = min(5, max(1, req.min_level + delta))
        grow = 0.45 if level < req.min_level else 0.12
        roll = rng.random()
        appetite = _GROW if roll < grow else _LESS if roll > 0.96 else _KEEP
        held.append(req.skill_id)
        yield (person_pk, req.skill_id, level, _source(rng), appetite)
    target = rng.randint(10, 15)
    taken = set(held)
    pool = [skill for skill in rng.sample(extras, min(len(extras), 24)) if skill not in taken]
    for skill in pool[: max(2, target - len(held))]:
        level = rng.choices((1, 2, 3, 4), (25, 35, 28, 12))[0]
        appetite = _GROW if rng.random() < 0.3 else _KEEP
        yield (person_pk, skill, level, _source(rng), appetite)


def _source(rng: random.Random) -> str:
    roll = rng.random()
    return _SELF if roll < 0.78 else _BY_MANAGER if roll < 0.98 else _VALIDATED


def _column(name: str) -> str:
    model_field = PersonSkill._meta.get_field(name)
    assert isinstance(model_field, Field) and model_field.column is not None
    return model_field.column


def _insert_person_skills(rows: list[SkillRow], stamp: dt.datetime | str | None) -> None:
    """Plain multi-row insert: with a million rows the ORM's per-value work is most of the
    time (model instances, field preparation), and these rows need none of it.

    ``stamp`` is a timestamp already adapted by the database backend."""
    meta = PersonSkill._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(name)) for name in _SKILL_COLUMNS)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 — names from the model
        f"VALUES ({', '.join(['%s'] * len(_SKILL_COLUMNS))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row, stamp) for row in rows])


def _pick_logins(
    plan: Plan, levels: list[int], women: list[bool], people_unit: str
) -> dict[str, int]:
    """Indexes of the people behind the four demo logins."""
    employee = -1
    for person, kind in enumerate(plan.kind):
        if kind != MEMBER:
            continue
        unit = plan.units[plan.unit[person]]
        boss = plan.manager[person]
        if plan.kind[boss] == LEADER and plan.height[boss] == 1 and unit.family == "SWE":
            if employee < 0:
                employee = person  # fallback: the first engineer in a team
            if women[person] and levels[person] in (2, 3):
                employee = person
                break
    in_people = [
        person
        for person, kind in enumerate(plan.kind)
        if kind in (STAFF, MEMBER) and plan.units[plan.unit[person]].path.startswith(people_unit)
    ]
    if employee < 0 or len(in_people) < 2:
        raise DemoError("The demo organization is too small for its logins.")
    return {
        EMPLOYEE: employee,
        MANAGER: plan.manager[employee],
        HR: in_people[0],
        ADMIN: in_people[1],
    }


def _demo_users(people: dict[str, Person]) -> dict[str, User]:
    """Create or refresh the four demo users (the password is hashed once for all)."""
    password = make_password(DEMO_PASSWORD)
    hr_group, _ = Group.objects.get_or_create(name=HR_GROUP)
    users: dict[str, User] = {}
    for username in DEMO_USERNAMES:
        person = people[username]
        user = User.objects.filter(username=username).first() or User(username=username)
        user.password = password
        user.first_name, user.last_name, user.email = (
            person.first_name,
            person.last_name,
            person.email,
        )
        user.is_active = True
        user.is_superuser = user.is_staff = username == ADMIN
        user.save()
        if username == HR:
            user.groups.add(hr_group)
        else:
            user.groups.remove(hr_group)
        users[username] = user
    return users


# --- The whole demo --------------------------------------------------------------------------


def _ensure_empty() -> None:
    for model, what in (
        (Person, "people"),
        (OrgUnit, "org units"),
        (Skill, "skills"),
        (Role, "roles"),
        (JobFamily, "job families"),
    ):
        if model.objects.exists():
            raise DemoError(
                f"The database already has {what}; the demo needs an empty organization "
                "(run `manage.py demo --reset` to replace it)."
            )


def demo_generate(*, people: int, seed: int = 7) -> DemoSummary:
    """Build the demo organization of ``people`` people; the same for the same seed."""
    if people < MIN_PEOPLE:
        raise DemoError(f"The demo needs at least {MIN_PEOPLE} people, not {people}.")
    started = time.perf_counter()
    with transaction.atomic():
        _ensure_empty()
        summary = _generate(people, seed)
        audit_record(actor=None, action="demo.generate", detail={"people": people, "seed": seed})
    summary.seconds = time.perf_counter() - started
    return summary


def _generate(people: int, seed: int) -> DemoSummary:
    # Separate streams so that, say, the job architecture does not depend on the head count.
    plan = plan_organization(people, random.Random(f"{seed}:plan"))
    unit_pks = _write_units(plan)
    family_units: dict[str, int | None] = {}
    for index, unit in enumerate(plan.units):
        if unit.depth in (1, 2):
            family_units.setdefault(unit.family, unit_pks[index])
    arch = build_job_architecture(rng=random.Random(f"{seed}:jobs"), family_units=family_units)
    rng = random.Random(f"{seed}:people")
    roles = [_role_for(plan, person, arch, rng) for person in range(people)]
    levels = [role.level for role in roles]
    groups = [group.weight for group in catalog.NAME_GROUPS]
    names: list[tuple[str, str]] = []
    women: list[bool] = []
    for _ in range(people):
        group = rng.choices(catalog.NAME_GROUPS, groups)[0]
        roll = rng.random()
        pool = (
            catalog.SHARED_FIRST_NAMES if roll < 0.04 else group.women if roll < 0.52 else group.men
        )
        names.append((rng.choice(pool), rng.choice(group.last)))
        women.append(0.04 <= roll < 0.52)
    # The HR partner and the admin work in People Partners (the division, if it is tiny).
    people_unit = next(
        (u.path for u in plan.units if u.depth == 2 and u.name == "People Partners"),
        next(u.path for u in plan.units if u.depth == 1 and u.family == "HR"),
    )
    chosen = _pick_logins(plan, levels, women, people_unit + "/")
    base = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    persons = _build_people(plan, roles, names, unit_pks, base, rng)
    users = _demo_users({name: persons[index] for name, index in chosen.items()})
    for name, index in chosen.items():
        persons[index].user_id = users[name].pk
    Person.objects.bulk_create(persons, batch_size=BATCH)
    complete = chosen[EMPLOYEE]
    # One "updated" time for every row, adapted once for the database.
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    rows: list[SkillRow] = []
    person_skills = 0
    for index, role in enumerate(roles):
        extras = arch.extras_by_family[role.family]
        rows.extend(_person_skills(base + index, role, extras, rng, complete=index == complete))
        if len(rows) >= SKILL_FLUSH or index == len(roles) - 1:
            _insert_person_skills(rows, stamp)
            person_skills += len(rows)
            rows = []
    _reset_sequences()
    return DemoSummary(
        people=people,
        units=len(plan.units),
        families=arch.families,
        roles=len(arch.roles),
        requirements=arch.requirements,
        transitions=arch.transitions,
        skills=len(arch.skill_ids),
        skill_groups=len(skill_groups()),
        aliases=arch.aliases,
        person_skills=person_skills,
        logins=[
            DemoLogin(
                name,
                _WHO[name],
                persons[index].full_name,
                persons[index].title,
                plan.units[plan.unit[index]].path,
            )
            for name, index in chosen.items()
        ],
    )


def _write_units(plan: Plan) -> list[int]:
    base = (OrgUnit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    pks = [base + index for index in range(len(plan.units))]
    OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                pk=pks[index],
                name=unit.name,
                parent_id=pks[unit.parent] if unit.parent >= 0 else None,
                kind=unit_kind(unit),
                path=unit.path,
            )
            for index, unit in enumerate(plan.units)
        ],
        batch_size=BATCH,
    )
    return pks


def _build_people(
    plan: Plan,
    roles: list[RoleInfo],
    names: list[tuple[str, str]],
    unit_pks: list[int],
    base: int,
    rng: random.Random,
) -> list[Person]:
    places, weights = zip(*catalog.LOCATIONS, strict=True)
    paths: list[str] = []
    locations: list[str] = []
    persons: list[Person] = []
    for index, role in enumerate(roles):
        boss = plan.manager[index]
        paths.append("/" if boss < 0 else f"{paths[boss]}{base + boss}/")
        # Most people sit where their manager does.
        if boss >= 0 and rng.random() < 0.7:
            locations.append(locations[boss])
        else:
            locations.append(rng.choices(places, weights)[0])
        seniority = role.level * 200 + (plan.height[index] * 400 if role.track != "ic" else 0)
        tenure = min(365 * 22, 20 + seniority + int(rng.expovariate(1 / (365 * 2.5))))
        in_role = rng.randint(10, min(tenure, 365 * 6))
        first, last = names[index]
        persons.append(
            Person(
                pk=base + index,
                employee_id=f"E{index + 1:06d}",
                first_name=first,
                last_name=last,
                email=f"{_ascii(first)}.{_ascii(last)}.{index + 1}@{DEMO_EMAIL_DOMAIN}",
                title=role.title,
                unit_id=unit_pks[plan.unit[index]],
                manager_id=base + boss if boss >= 0 else None,
                manager_path=paths[index],
                role_id=role.pk,
                level=role.level,
                location=locations[index],
                hire_date=REFERENCE_DATE - dt.timedelta(days=tenure),
                role_start_date=REFERENCE_DATE - dt.timedelta(days=in_role),
            )
        )
    return persons


def _reset_sequences() -> None:
    """We chose primary keys ourselves; PostgreSQL's sequences must learn about them."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [OrgUnit, Person, Skill, SkillAlias, JobFamily, Role]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@transaction.atomic
def demo_reset() -> None:
    """Delete the organization and the job architecture (people, units, skills, roles).

    Logins stay; the demo refreshes its four users when it runs again.
    """
    PersonSkill.objects.all().delete()
    Person.objects.all().delete()
    RoleTransition.objects.all().delete()
    RoleRequirement.objects.all().delete()
    Role.objects.all().delete()
    JobFamily.objects.all().delete()
    SkillAlias.objects.all().delete()
    Skill.objects.all().delete()
    # Units protect their children; detach them so that the whole tree can go at once.
    OrgUnit.objects.update(parent=None)
    OrgUnit.objects.all().delete()
    audit_record(actor=None, action="demo.reset")


def demo_logins() -> list[DemoLogin]:
    """The demo logins that exist, with who they are; empty when the demo was not loaded."""
    users = User.objects.filter(username__in=DEMO_USERNAMES).select_related("person__unit")
    by_name = {user.username: user for user in users}
    logins = []
    for username in DEMO_USERNAMES:
        user = by_name.get(username)
        person = getattr(user, "person", None) if user is not None else None
        if person is None:
            continue
        unit = person.unit.path if person.unit is not None else ""
        logins.append(DemoLogin(username, _WHO[username], person.full_name, person.title, unit))
    return logins


def demo_story_people() -> tuple[Person, Person] | None:
    """The demo employee and her manager (the ``employee`` and ``manager`` logins), whose
    story the apps write; None when they do not exist."""
    people = {
        p.user.username: p  # type: ignore[union-attr]
        for p in Person.objects.filter(user__username__in=["employee", "manager"]).select_related(
            "user"
        )
    }
    if len(people) < 2:
        return None
    return people["employee"], people["manager"]
