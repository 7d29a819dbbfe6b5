"""Permission-aware reads of the organization."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from trellis.org.access import Viewer, can_see_details, people_with_visible_details
from trellis.org.models import OrgUnit, Person
from trellis.org.services import audit_record
from trellis.skills.models import PersonSkill, Role

DIRECTORY_FIELDS = ("id", "first_name", "last_name", "title", "unit", "manager", "location")


def _people() -> QuerySet[Person]:
    return Person.objects.select_related("unit", "manager")


def person_get_for_directory(*, viewer: Viewer, pk: int) -> Person:
    """A person's directory entry; inactive people only for HR and admins. 404 otherwise."""
    if not viewer.is_authenticated:
        raise Http404
    qs = _people().select_related("role", "role__family")
    if not viewer.is_hr_or_admin:
        qs = qs.filter(is_active=True)
    person = qs.filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def person_get_with_details(*, viewer: Viewer, pk: int) -> Person:
    """A person whose details (role, level, skills) the viewer may see; 404 otherwise."""
    person = person_get_for_directory(viewer=viewer, pk=pk)
    if not can_see_details(viewer, person):
        raise Http404
    return person


def person_skills(
    *, viewer: Viewer, person: Person, via: str, request_id: str = ""
) -> list[PersonSkill]:
    """A person's skills, for those who may see their details; 404 otherwise.

    Reading someone else's skills is recorded here, for the person page and the API alike
    (``via``: "web" or "api"), so that both doors leave the same event.
    """
    if not can_see_details(viewer, person):
        raise Http404
    if viewer.person is None or viewer.person.pk != person.pk:
        audit_record(
            actor=viewer.actor,
            action="org.person.skills.read",
            target=person,
            detail={"via": via},
            request_id=request_id,
        )
    return list(
        PersonSkill.objects.filter(person=person)
        .select_related("skill")
        .order_by("-level", "skill__name")
    )


def person_reports(*, person: Person) -> list[Person]:
    """Direct reports (a directory fact: who reports to whom is public)."""
    return list(person.reports.filter(is_active=True).select_related("unit"))


@dataclass
class DirectoryFilters:
    q: str = ""
    unit: OrgUnit | None = None
    role_id: int | None = None
    skill_id: int | None = None
    location: str = ""
    notes: list[str] = field(default_factory=list)


def directory_search(*, viewer: Viewer, filters: DirectoryFilters) -> QuerySet[Person]:
    """Active people matching the filters, in name order.

    Role and skill are details: those filters only find people whose details the viewer
    may see, so a filter cannot be used to learn someone's skills.
    """
    if not viewer.is_authenticated:
        return Person.objects.none()
    qs = _people().filter(is_active=True)
    if filters.q:
        for term in filters.q.split():
            qs = qs.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(title__icontains=term)
                | Q(employee_id__iexact=term)
            )
    if filters.unit is not None:
        qs = qs.filter(
            Q(unit__path=filters.unit.path) | Q(unit__path__startswith=f"{filters.unit.path}/")
        )
    if filters.location:
        qs = qs.filter(location__iexact=filters.location)
    if filters.role_id is not None or filters.skill_id is not None:
        qs = people_with_visible_details(viewer, qs)
        if filters.role_id is not None:
            qs = qs.filter(role_id=filters.role_id)
        if filters.skill_id is not None:
            qs = qs.filter(skills__skill_id=filters.skill_id)
    return qs.order_by("last_name", "first_name", "pk")


def directory_locations() -> list[str]:
    return list(
        Person.objects.filter(is_active=True)
        .exclude(location="")
        .values_list("location", flat=True)
        .distinct()
        .order_by("location")
    )


def directory_unit_choices(*, selected: OrgUnit | None) -> list[tuple[int, str]]:
    """Units down to departments, for the directory's filter (teams come with their
    department; a team chosen from the org chart is kept in the list)."""
    rows = [
        (pk, path)
        for pk, path in OrgUnit.objects.order_by("path").values_list("pk", "path")
        if path.count("/") <= 2
    ]
    if selected is not None and all(pk != selected.pk for pk, _ in rows):
        rows.append((selected.pk, selected.path))
    return rows


def directory_role_choices() -> list[tuple[int, str]]:
    return [
        (pk, f"{title} (L{level})")
        for pk, title, level in Role.objects.order_by("title", "level").values_list(
            "pk", "title", "level"
        )
    ]


def unit_get(*, viewer: Viewer, pk: int) -> OrgUnit:
    if not viewer.is_authenticated:
        raise Http404
    unit = OrgUnit.objects.select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def unit_find(*, viewer: Viewer, pk: int | None) -> OrgUnit | None:
    """The unit of that id, or None for no id or an unknown one (units are no secret)."""
    if not viewer.is_authenticated:
        raise Http404
    return OrgUnit.objects.filter(pk=pk).first() if pk else None


def units_all(*, viewer: Viewer) -> QuerySet[OrgUnit]:
    if not viewer.is_authenticated:
        raise Http404
    return OrgUnit.objects.order_by("path")


def person_find(*, viewer: Viewer, pk: int | None, active: bool = False) -> Person | None:
    """The person of that id (only an active one with ``active``), or None.

    For naming someone in an input (a conversation partner, an invitee): who is in the
    directory is no secret, and each service checks what the viewer may do with them.
    """
    if not viewer.is_authenticated:
        raise Http404
    if not pk:
        return None
    qs = Person.objects.filter(pk=pk)
    return (qs.filter(is_active=True) if active else qs).first()


def person_get_active(*, viewer: Viewer, pk: int) -> Person:
    """An active person named in an input (a contact, an invitee); 404 for anyone else."""
    person = person_find(viewer=viewer, pk=pk, active=True)
    if person is None:
        raise Http404
    return person


def people_active(*, viewer: Viewer, ids: list[int]) -> list[Person]:
    """The active people among these ids (for a list of invitees); unknown ids are left out."""
    if not viewer.is_authenticated:
        raise Http404
    return list(Person.objects.filter(pk__in=ids, is_active=True))


@dataclass
class ChartNode:
    person: Person
    reports: list[ChartNode] = field(default_factory=list)


CHART_LIMIT = 400


def unit_chart(*, unit: OrgUnit) -> tuple[list[ChartNode], int]:
    """The unit's people (its sub-units included) arranged by reporting line.

    Returns the roots of the chart — people whose manager is outside the unit — and the
    number of people in the unit. Large units are cut at ``CHART_LIMIT`` people, managers
    first, so the chart stays readable.
    """
    qs = (
        _people()
        .filter(is_active=True)
        .filter(Q(unit__path=unit.path) | Q(unit__path__startswith=f"{unit.path}/"))
    )
    total = qs.count()
    people = list(qs.order_by("manager_path", "last_name", "first_name")[:CHART_LIMIT])
    nodes = {p.pk: ChartNode(person=p) for p in people}
    roots: list[ChartNode] = []
    for person in people:
        parent = nodes.get(person.manager_id) if person.manager_id else None
        (parent.reports if parent else roots).append(nodes[person.pk])
    return roots, total


@dataclass(frozen=True)
class Teams:
    """Active direct reports per manager, and which teams are too small to show alone.

    Analytics by manager show a team only when it has at least ``min_group`` people; the
    smaller teams are shown together as one group, and that group too only when it reaches
    ``min_group`` (talent exported, coverage by manager).
    """

    sizes: dict[int, int]  # manager id -> active direct reports
    min_group: int

    def is_small(self, manager_id: int | None) -> bool:
        return manager_id is None or self.sizes.get(manager_id, 0) < self.min_group

    @property
    def small_managers(self) -> list[int]:
        return [m for m, n in self.sizes.items() if n < self.min_group]

    @property
    def small_reports(self) -> int:
        return sum(self.sizes[m] for m in self.small_managers)


def manager_teams(*, min_group: int) -> Teams:
    """One query: the active direct reports of every manager."""
    sizes = dict(
        Person.objects.filter(is_active=True, manager__isnull=False)
        .values("manager_id")
        .annotate(n=Count("id"))
        .values_list("manager_id", "n")
    )
    return Teams(sizes=sizes, min_group=min_group)
