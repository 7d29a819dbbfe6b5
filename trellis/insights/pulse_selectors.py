"""Reads of the pulse: what a person may answer and has answered, and HR's results.

Results follow the insights rule (:func:`trellis.insights.selectors.shown`): a group of fewer
than ``MIN_GROUP`` answers shows neither its count nor its scores, and its comments are not
shown at all. Comments never carry a name and are listed in alphabetical order, so their
order does not tell who answered when. Groups are the answer's department (from the unit the
person had when answering) and its manager.

Every figure is a grouped query (``GROUP BY`` unit or manager), so the cost is the same handful
of queries at 300 people and at 100,000.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db.models import Count, Max, QuerySet, Sum
from django.http import Http404

from trellis.insights.models import CORE_QUESTION, QUESTION_FIELDS, Pulse, PulseAnswer
from trellis.insights.selectors import MIN_GROUP, OUTSIDE, departments, shown
from trellis.org.access import Viewer
from trellis.org.aggregates import WITHHELD, WITHHELD_BESIDE, withheld_parts
from trellis.org.models import Person

TREND_CACHE_S = 3600
_SUMS = {"core_sum": Sum("core")} | {
    f"{q}_{kind}": agg(q) for q in QUESTION_FIELDS for kind, agg in (("sum", Sum), ("n", Count))
}


@dataclass
class Group:
    """One department's or manager's answers; figures are None when withheld."""

    name: str
    key: int = 0  # the department's id, for a link to its managers
    n: int = 0
    core_sum: int = 0
    q_sums: list[int] = field(default_factory=lambda: [0] * len(QUESTION_FIELDS))
    q_ns: list[int] = field(default_factory=lambda: [0] * len(QUESTION_FIELDS))
    comments: list[str] = field(default_factory=list)
    asked: int = 0  # how many of HR's own questions the pulse asked
    # Withheld although large enough, beside a smaller part of the same total (all figures,
    # or one question's): see trellis.org.aggregates.withheld_parts.
    suppressed: bool = False
    q_suppressed: set[int] = field(default_factory=set)

    def add(self, row: Mapping[str, int | None]) -> None:
        self.n += int(row["n"] or 0)
        self.core_sum += int(row["core_sum"] or 0)
        for i, q in enumerate(QUESTION_FIELDS):
            self.q_sums[i] += int(row[f"{q}_sum"] or 0)
            self.q_ns[i] += int(row[f"{q}_n"] or 0)

    def merge(self, other: Group) -> None:
        """Count ``other``'s answers in this group too."""
        self.n += other.n
        self.core_sum += other.core_sum
        self.q_sums = [a + b for a, b in zip(self.q_sums, other.q_sums, strict=True)]
        self.q_ns = [a + b for a, b in zip(self.q_ns, other.q_ns, strict=True)]
        self.comments += other.comments

    @property
    def visible(self) -> bool:
        return shown(self.n) is not None and not self.suppressed

    @property
    def withheld_label(self) -> str:
        return WITHHELD if shown(self.n) is None else WITHHELD_BESIDE

    @property
    def shown_n(self) -> int | None:
        return self.n if self.visible else None

    @property
    def core(self) -> float | None:
        return round(self.core_sum / self.n, 2) if self.visible else None

    @property
    def means(self) -> list[float | None]:
        """The mean of each of HR's own questions, withheld under ``MIN_GROUP`` scores."""
        return [
            round(self.q_sums[i] / self.q_ns[i], 2)
            if self.visible and shown(self.q_ns[i]) and i not in self.q_suppressed
            else None
            for i in range(self.asked)
        ]

    @property
    def shown_comments(self) -> list[str]:
        return sorted(self.comments) if self.visible else []


def _withhold_beside(parts: list[Group]) -> None:
    """Parts of one shown total: withhold the smallest shown ones too when the withheld ones
    would otherwise be told by subtraction, for the answers and for each question's."""
    for i in withheld_parts([g.n for g in parts]):
        parts[i].suppressed = parts[i].suppressed or shown(parts[i].n) is not None
    hidden = {i for i, g in enumerate(parts) if not g.visible}
    for q in range(len(QUESTION_FIELDS)):
        for i in withheld_parts([g.q_ns[q] for g in parts], also=hidden):
            parts[i].q_suppressed.add(q)


@dataclass(frozen=True)
class PulseResults:
    pulse: Pulse
    core_question: str
    overall: Group
    by_department: list[Group]
    by_manager: list[Group]
    department: Group | None = None  # the department whose managers are listed
    min_group: int = MIN_GROUP


def _refuse_unless_hr(viewer: Viewer) -> None:
    if not viewer.is_hr_or_admin:
        raise Http404


# --- what a person sees ---------------------------------------------------------------------


def pulses_to_answer(*, viewer: Viewer, today: dt.date) -> list[Pulse]:
    """Open pulses the viewer has not answered yet (none for a login without a person)."""
    if viewer.person is None:
        return []
    return list(
        Pulse.objects.filter(opens_on__lte=today, closes_on__gte=today).exclude(
            answers__person=viewer.person
        )
    )


def pulse_open_get(*, viewer: Viewer, pk: int, today: dt.date) -> Pulse:
    """A pulse the viewer may answer now: open, and the viewer is a person (else 404)."""
    pulse = Pulse.objects.filter(pk=pk, opens_on__lte=today, closes_on__gte=today).first()
    if pulse is None or viewer.person is None:
        raise Http404
    return pulse


def my_answers(*, viewer: Viewer) -> QuerySet[PulseAnswer]:
    """The viewer's own answers, newest first, with their pulse."""
    if viewer.person is None:
        return PulseAnswer.objects.none()
    return PulseAnswer.objects.filter(person=viewer.person).select_related("pulse")


# --- what HR sees ---------------------------------------------------------------------------


def pulse_get(*, viewer: Viewer, pk: int) -> Pulse:
    _refuse_unless_hr(viewer)
    pulse = Pulse.objects.filter(pk=pk).first()
    if pulse is None:
        raise Http404
    return pulse


def _managers(answers: QuerySet[PulseAnswer]) -> list[Group]:
    """The answers grouped by manager: managers with five answers or more by name, the
    others together (as talent exported groups small teams)."""
    manager_rows = list(answers.values("manager_id").annotate(n=Count("id"), **_SUMS).order_by())
    named = [r["manager_id"] for r in manager_rows if r["manager_id"] and r["n"] >= MIN_GROUP]
    full = {
        pk: f"{first} {last}"
        for pk, first, last in Person.objects.filter(pk__in=named).values_list(
            "pk", "first_name", "last_name"
        )
    }
    by_manager: dict[object, Group] = {}
    small = Group("Smaller teams, together")
    for row in manager_rows:
        if row["manager_id"] in full:
            group = by_manager.setdefault(row["manager_id"], Group(full[row["manager_id"]]))
            group.add(row)
        else:
            small.add(row)
    # A few answers in smaller teams would be told by subtracting the named managers from the
    # department: the smallest named teams join them until they are enough.
    named_groups = sorted(by_manager.values(), key=lambda g: (g.n, g.name))
    while 0 < small.n < MIN_GROUP and named_groups:
        small.merge(named_groups.pop(0))
    managers = sorted(named_groups, key=lambda g: g.name)
    if small.n:
        managers.append(small)
    _withhold_beside(managers)
    return managers


def pulse_results(*, viewer: Viewer, pulse: Pulse, department: int | None = None) -> PulseResults:
    """The pulse's figures overall and by department, and by manager within one department
    when ``department`` is given (HR only; small groups withheld). At most six queries
    whatever the number of answers; an unknown department lists no manager."""
    _refuse_unless_hr(viewer)
    depts, unit_dept = departments()
    answers = PulseAnswer.objects.filter(pulse=pulse)
    overall = Group("Everyone")
    by_dept: dict[int, Group] = {d.id: Group(d.name, key=d.id) for d in depts}
    by_dept[OUTSIDE] = Group("Outside departments", key=OUTSIDE)
    for row in answers.values("unit_id").annotate(n=Count("id"), **_SUMS).order_by():
        dept = unit_dept.get(row["unit_id"], OUTSIDE) if row["unit_id"] else OUTSIDE
        by_dept[dept].add(row)
        overall.add(row)
    for unit_id, comment in answers.exclude(comment="").values_list("unit_id", "comment"):
        dept = unit_dept.get(unit_id, OUTSIDE) if unit_id else OUTSIDE
        by_dept[dept].comments.append(comment)
    chosen = by_dept.get(department) if department is not None else None
    managers: list[Group] = []
    if chosen is not None:
        units = [u for u, d in unit_dept.items() if d == chosen.key]
        in_dept = (
            answers.filter(unit_id__in=units)
            if chosen.key != OUTSIDE
            else (answers.exclude(unit_id__in=[u for u, d in unit_dept.items() if d != OUTSIDE]))
        )
        managers = _managers(in_dept)
    shown_depts = [g for g in by_dept.values() if g.n]
    _withhold_beside(shown_depts)
    for group in (overall, *shown_depts, *managers):
        group.asked = len(pulse.questions)
    return PulseResults(
        pulse=pulse,
        core_question=CORE_QUESTION,
        overall=overall,
        by_department=shown_depts,
        by_manager=managers,
        department=chosen,
    )


@dataclass(frozen=True)
class TrendRow:
    pulse: Pulse
    overall: Group
    departments: list[Group]


@dataclass(frozen=True)
class Trend:
    department_names: list[str]
    rows: list[TrendRow]
    min_group: int = MIN_GROUP


def _trend_rows() -> list[dict[str, int]]:
    """Answers counted and summed by pulse and unit, cached until an answer is added or
    removed (answers are never edited), so the trend reads one count, not every answer."""
    state = PulseAnswer.objects.aggregate(n=Count("id"), last=Max("id"))
    key = f"pulse-trend:{state['n']}:{state['last']}"
    cache = caches["shared"]
    rows: list[dict[str, int]] | None = cache.get(key)
    if rows is None:
        rows = list(
            PulseAnswer.objects.values("pulse_id", "unit_id")
            .annotate(n=Count("id"), core_sum=Sum("core"))
            .order_by()
        )
        cache.set(key, rows, timeout=TREND_CACHE_S)
    return rows


def pulse_trend(*, viewer: Viewer) -> Trend:
    """The core question's mean per pulse, overall and by department, oldest pulse first
    (HR only; small groups withheld). Four queries whatever the number of pulses, three
    when the grouped figures are cached."""
    _refuse_unless_hr(viewer)
    depts, unit_dept = departments()
    pulses = list(Pulse.objects.order_by("opens_on", "pk"))
    groups: dict[int, dict[int, Group]] = {p.pk: defaultdict(lambda: Group("")) for p in pulses}
    overall: dict[int, Group] = {p.pk: Group("Everyone") for p in pulses}
    rows = _trend_rows()
    empty = {f"{q}_{kind}": 0 for q in QUESTION_FIELDS for kind in ("sum", "n")}
    for row in rows:
        if row["pulse_id"] not in groups:  # a pulse removed since the figures were cached
            continue
        full_row = {**empty, **row}
        dept = unit_dept.get(row["unit_id"], OUTSIDE) if row["unit_id"] else OUTSIDE
        groups[row["pulse_id"]][dept].add(full_row)
        overall[row["pulse_id"]].add(full_row)
    order = [d.id for d in depts] + [OUTSIDE]
    names = [d.name for d in depts] + ["Outside departments"]
    trend_rows = []
    for p in pulses:
        parts = [groups[p.pk].get(d) or Group("") for d in order]
        _withhold_beside(parts)
        trend_rows.append(TrendRow(p, overall[p.pk], parts))
    return Trend(department_names=names, rows=trend_rows)
