"""The shape of the demo organization: the unit tree and the management tree, in memory.

Planned breadth first so that managers come before their reports. Every manager has 5 to 9
direct reports: when a leader has fewer than five sub-units, a few senior people report to
them directly ("staff"). Each leader heads a unit; units nest as deep as the head count
needs (departments inside departments in big demos), and the leaves are teams.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from trellis.org.models import UnitKind
from trellis.skills import demo_catalog as catalog

MIN_SPAN, MAX_SPAN = 5, 9
# What a person is in the plan; decides their role.
CEO, DIVISION_HEAD, LEADER, STAFF, MEMBER, OFFICE = range(6)
# Smallest subtree (leader included) able to hold k more levels of units below it.
_MIN_SUBTREE = (6, 11, 16)


def _split_options(n: int, need: int) -> list[tuple[int, int, list[int]]]:
    """Ways to organize ``n`` people below a leader: (sub-units, direct staff, subtree sizes).

    Spans stay within 5-9: a leader with fewer than five sub-units takes staff to make five.
    """
    smallest = _MIN_SUBTREE[max(need - 1, 0)]
    options: list[tuple[int, int, list[int]]] = []
    # A single sub-unit only when nothing else fits (it also keeps the recursion shallow).
    for units in (*range(2, MAX_SPAN + 1), 1):
        staff = max(0, MIN_SPAN - units)
        rest = n - staff
        if rest < units * smallest or (units == 1 and options):
            continue
        size, extra = divmod(rest, units)
        options.append((units, staff, [size + 1] * extra + [size] * (units - extra)))
    return options


@functools.cache
def _padding(n: int, need: int) -> int:
    """Fewest staff (people reporting to a leader beside their sub-leaders) to fit ``n``."""
    if need == 0 and n <= MAX_SPAN:
        return max(0, MIN_SPAN - n)
    options = _split_options(n, need)
    if not options:
        # Too few people for the levels we wanted: give one up, at a price.
        return 1000 + _padding(n, need - 1)
    return min(_option_cost(option, need) for option in options)


def _option_cost(option: tuple[int, int, list[int]], need: int) -> int:
    _, staff, sizes = option
    return staff + sum(_padding(size - 1, max(need - 1, 0)) for size in sizes)


def _choose_split(n: int, need: int, rng: random.Random) -> tuple[int, list[int]]:
    """(direct staff, subtree sizes) for ``n`` people below a leader; [] sizes for a team."""
    if need == 0 and n <= MAX_SPAN:
        return n, []
    options = _split_options(n, need)
    if not options:
        return _choose_split(n, need - 1, rng)
    costs = [_option_cost(option, need) for option in options]
    best = [option for option, cost in zip(options, costs, strict=True) if cost == min(costs)]
    _, staff, sizes = rng.choice(best)
    if min(sizes) > 60:
        # Big groups differ in size in real life; shift people between siblings.
        for _ in range(len(sizes)):
            a, b = rng.randrange(len(sizes)), rng.randrange(len(sizes))
            moved = int(sizes[a] * rng.uniform(0.0, 0.2))
            sizes[a] -= moved
            sizes[b] += moved
    return staff, sizes


@dataclass
class PlanUnit:
    name: str
    parent: int  # index, -1 for the root
    depth: int
    family: str
    path: str
    department: catalog.DepartmentSpec | None = None
    division: int = -1  # index in the divisions used
    children: int = 0


@dataclass
class Plan:
    units: list[PlanUnit] = field(default_factory=list)
    manager: list[int] = field(default_factory=list)
    unit: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    height: list[int] = field(default_factory=list)

    def add_person(self, *, manager: int, unit: int, kind: int) -> int:
        self.manager.append(manager)
        self.unit.append(unit)
        self.kind.append(kind)
        self.height.append(0)
        return len(self.manager) - 1

    def add_unit(self, unit: PlanUnit) -> int:
        self.units.append(unit)
        if unit.parent >= 0:
            self.units[unit.parent].children += 1
        return len(self.units) - 1


def _division_sizes(people: int, count: int, staff: int) -> list[int]:
    divisions = catalog.DIVISIONS[:count]
    total = sum(d.weight for d in divisions)
    rest = people - 1 - staff
    sizes = [int(rest * d.weight / total) for d in divisions]
    sizes[0] += rest - sum(sizes)
    # Every division gets room for a department with a team, taken from the biggest.
    for index, size in enumerate(sizes):
        if size < _MIN_SUBTREE[2]:
            biggest = max(range(count), key=lambda i: sizes[i])
            sizes[biggest] -= _MIN_SUBTREE[2] - size
            sizes[index] = _MIN_SUBTREE[2]
    return sizes


def _child_names(
    plan: Plan, parent: int, count: int, rng: random.Random
) -> Sequence[tuple[str, catalog.DepartmentSpec | None]]:
    """Names for a unit's children, with the department spec each one follows."""
    unit = plan.units[parent]
    if unit.depth == 1:
        specs = catalog.DIVISIONS[unit.division].departments
        # A big division splits its departments by region once the list runs out.
        named = [(d.name, d) for d in specs] + [
            (f"{d.name} {region}", d) for region in catalog.REGION_SUFFIXES for d in specs
        ]
        return named[:count]
    if unit.depth == 2 and unit.department is not None:
        names = [*unit.department.teams, *catalog.CODENAMES][:count]
    else:
        names = rng.sample(catalog.CODENAMES, count)
    return [(name, unit.department) for name in names]


def plan_organization(people: int, rng: random.Random) -> Plan:
    """The unit tree and the management tree, breadth first (managers before reports)."""
    plan = Plan()
    plan.add_unit(PlanUnit(catalog.COMPANY_NAME, -1, 0, "EXE", catalog.COMPANY_NAME))
    ceo = plan.add_person(manager=-1, unit=0, kind=CEO)
    count = 3 if people < 80 else 4 if people < 150 else 5 if people < 2000 else 6
    office = max(1, MIN_SPAN - count)
    for _ in range(office):
        plan.add_person(manager=ceo, unit=0, kind=OFFICE)
    queue: list[tuple[int, int, int, int]] = []  # (leader, unit, people below, levels wanted)
    for index, size in enumerate(_division_sizes(people, count, office)):
        spec = catalog.DIVISIONS[index]
        unit = plan.add_unit(
            PlanUnit(
                spec.name, 0, 1, spec.family, f"{catalog.COMPANY_NAME}/{spec.name}", division=index
            )
        )
        head = plan.add_person(manager=ceo, unit=unit, kind=DIVISION_HEAD)
        queue.append((head, unit, size - 1, 2))
    position = 0
    while position < len(queue):
        leader, unit_index, below, need = queue[position]
        position += 1
        staff, sizes = _choose_split(below, need, rng)
        kind = STAFF if sizes else MEMBER
        for _ in range(staff):
            plan.add_person(manager=leader, unit=unit_index, kind=kind)
        parent = plan.units[unit_index]
        named = _child_names(plan, unit_index, len(sizes), rng)
        for (name, department), size in zip(named, sizes, strict=True):
            family = department.family if department is not None else parent.family
            child = plan.add_unit(
                PlanUnit(
                    name,
                    unit_index,
                    parent.depth + 1,
                    family,
                    f"{parent.path}/{name}",
                    department=department,
                    division=parent.division,
                )
            )
            sub_leader = plan.add_person(manager=leader, unit=child, kind=LEADER)
            queue.append((sub_leader, child, size - 1, max(need - 1, 0)))
    for person in range(len(plan.manager) - 1, 0, -1):
        boss = plan.manager[person]
        plan.height[boss] = max(plan.height[boss], plan.height[person] + 1)
    return plan


def unit_kind(unit: PlanUnit) -> str:
    if unit.depth == 0:
        return UnitKind.COMPANY
    if unit.depth == 1:
        return UnitKind.DIVISION
    if unit.depth == 2 or unit.children:
        return UnitKind.DEPARTMENT
    return UnitKind.TEAM
