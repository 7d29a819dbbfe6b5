"""Permission-aware reads of the marketplace. Refused objects raise Http404."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from trellis.market import access
from trellis.market.cache import market_data
from trellis.market.models import (
    Interest,
    InterestEvent,
    InterestStatus,
    MarketplaceOptIn,
    Opportunity,
    OpportunityStatus,
    Round,
)
from trellis.market.recommend import (
    Candidate,
    Contact,
    ForYou,
    ForYouFilters,
    candidates,
    contacts_for,
    for_you,
)
from trellis.org.aggregates import MIN_GROUP
from trellis.org.models import Person
from trellis.org.selectors import manager_teams
from trellis.org.services import audit_record
from trellis.skills.models import Role, Skill

if TYPE_CHECKING:
    from trellis.org.access import Viewer


def _opportunities() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("unit", "owner", "role")


def opportunity_get_for_user(*, viewer: Viewer, pk: int) -> Opportunity:
    opp = _opportunities().filter(pk=pk).first()
    if opp is None or not access.can_read(viewer, opp):
        raise Http404("No such opportunity.")
    return opp


def opportunity_get_to_manage(*, viewer: Viewer, pk: int) -> Opportunity:
    opp = _opportunities().filter(pk=pk).first()
    if opp is None or not access.can_manage(viewer, opp):
        raise Http404("No such opportunity.")
    return opp


def candidates_read(
    *,
    viewer: Viewer,
    opp: Opportunity,
    via: str,
    request_id: str = "",
    unit_path: str = "",
    level: int | None = None,
    ready: str = "",
) -> list[Candidate]:
    """Candidates for an opportunity its owner manages (``opportunity_get_to_manage`` first).

    Reading opted-in people's shared sections is a permission-sensitive read (DESIGN §4):
    it is recorded here, for the page and the API alike (``via``: "web" or "api").
    """
    found = candidates(opp=opp, unit_path=unit_path, level=level, ready=ready)
    audit_record(
        actor=viewer.actor,
        action="market.candidates.read",
        target=opp,
        detail={"count": len(found), "via": via},
        request_id=request_id,
    )
    return found


def opportunity_feed(
    *,
    viewer: Viewer,
    kind: str = "",
    unit_path: str = "",
    remote: bool = False,
    max_hours: int | None = None,
    q: str = "",
) -> QuerySet[Opportunity]:
    """Open opportunities, newest first, with their skill count (one query per page)."""
    if not viewer.is_authenticated:
        return Opportunity.objects.none()
    qs = _opportunities().filter(status=OpportunityStatus.OPEN)
    if kind:
        qs = qs.filter(kind=kind)
    if unit_path:
        qs = qs.filter(Q(unit__path=unit_path) | Q(unit__path__startswith=unit_path + "/"))
    if remote:
        qs = qs.filter(remote=True)
    if max_hours is not None:
        qs = qs.filter(hours_per_week__lte=max_hours)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return qs.annotate(n_skills=Count("skills")).order_by("-published_at", "-id")


def opportunities_managed(*, viewer: Viewer) -> QuerySet[Opportunity]:
    """What the viewer owns (HR: everything), with counts of live applications."""
    qs = _opportunities()
    if not viewer.is_hr_or_admin:
        if viewer.person is None:
            return qs.none()
        qs = qs.filter(owner=viewer.person)
    return qs.annotate(
        n_interests=Count("interests", filter=~Q(interests__status__in=["withdrawn", "declined"]))
    ).order_by("-created_at", "-id")


def interest_get_for_user(*, viewer: Viewer, pk: int) -> Interest:
    interest = (
        Interest.objects.select_related(
            "person",
            "person__unit",
            "person__manager",
            "opportunity",
            "opportunity__owner",
            "opportunity__unit",
        )
        .filter(pk=pk)
        .first()
    )
    if interest is None or not access.can_read_interest(viewer, interest):
        raise Http404("No such interest.")
    return interest


def interest_mine(*, viewer: Viewer, opp: Opportunity) -> Interest | None:
    """The viewer's own interest in an opportunity they may read, if any."""
    if viewer.person is None:
        return None
    return Interest.objects.filter(opportunity=opp, person=viewer.person).first()


def pipeline_person_ids(*, viewer: Viewer, opp: Opportunity) -> set[int]:
    """Everyone with an interest in the opportunity, whatever its state (its managers only)."""
    if not access.can_manage(viewer, opp):
        raise Http404("No such opportunity.")
    return set(Interest.objects.filter(opportunity=opp).values_list("person_id", flat=True))


def interest_states(*, viewer: Viewer, opp_ids: list[int]) -> dict[int, str]:
    """The state of the viewer's own interest in each of these opportunities that has one."""
    if viewer.person is None:
        return {}
    found = Interest.objects.filter(person=viewer.person, opportunity_id__in=opp_ids)
    return dict(found.values_list("opportunity_id", "status"))


def opportunity_find(*, viewer: Viewer, pk: int) -> Opportunity | None:
    """The opportunity if the viewer may read it, else None (for an optional reference)."""
    opp = Opportunity.objects.filter(pk=pk).first()
    return opp if opp is not None and access.can_read(viewer, opp) else None


def opportunity_named(*, pk: int) -> Opportunity:
    """An opportunity an input links to (a conversation item); 404 only when there is none.

    The service that links it refuses anything not open, with its reason.
    """
    opp = Opportunity.objects.filter(pk=pk).first()
    if opp is None:
        raise Http404("No such opportunity.")
    return opp


def skills_by_id(*, ids: list[int]) -> dict[int, Skill]:
    """The skills an opportunity names (the taxonomy is the same for everyone)."""
    return Skill.objects.in_bulk(ids)


def role_find(*, pk: int | None) -> Role | None:
    """The role an opportunity names, or None for no id or an unknown one."""
    return Role.objects.filter(pk=pk).first() if pk else None


def interests_of(*, person: Person) -> QuerySet[Interest]:
    return Interest.objects.filter(person=person).select_related("opportunity", "opportunity__unit")


def interests_for_opportunity(*, viewer: Viewer, opp: Opportunity) -> QuerySet[Interest]:
    if not access.can_manage(viewer, opp):
        return Interest.objects.none()
    return Interest.objects.filter(opportunity=opp).select_related("person", "person__unit")


def interests_of_reports(*, viewer: Viewer) -> list[Interest]:
    """Interests of the people the viewer manages that the policy lets them see."""
    if viewer.person is None:
        return []
    qs = Interest.objects.filter(
        person__manager_path__contains=f"/{viewer.person.pk}/"
    ).select_related("person", "opportunity")
    return [i for i in qs if access.manager_may_see(i)]


def opt_in_of(*, person: Person) -> MarketplaceOptIn:
    return MarketplaceOptIn.objects.filter(person=person).first() or MarketplaceOptIn(person=person)


def round_get_for_user(*, viewer: Viewer, pk: int) -> Round:
    if not viewer.is_hr_or_admin:
        raise Http404("No such round.")
    found = Round.objects.select_related("superseded_by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such round.")
    return found


# --- pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForYouPage:
    """What For you shows: the ranked items with the person's pipeline status on each, the
    near misses and the good fits blocked for now (apart), the people to talk to about the
    items' gap skills and the person's target roles, and their opt-in."""

    items: list[ForYou]
    near_misses: list[ForYou]
    blocked: list[ForYou]
    talk: list[Contact]
    opt_in: MarketplaceOptIn


def for_you_page(*, viewer: Viewer, filters: ForYouFilters) -> ForYouPage:
    """The viewer's For-you page (404 for an account without a person)."""
    me = viewer.person
    if me is None:
        raise Http404("No such page.")
    # One look at the engine cache (and its freshness checks) serves the list and the people.
    data = market_data(person_id=me.pk)
    lists = for_you(person=me, data=data, **asdict(filters))
    pipeline = interest_states(viewer=viewer, opp_ids=[i.opportunity.pk for i in lists.items])
    items = [replace(i, status=pipeline.get(i.opportunity.pk, "")) for i in lists.items]
    gaps = {line.skill for item in items for line in item.why.to_learn}
    return ForYouPage(
        items=items,
        near_misses=lists.near_misses,
        blocked=lists.blocked,
        talk=contacts_for(person=me, skills=sorted(gaps, key=lambda s: s.name), data=data),
        opt_in=opt_in_of(person=me),
    )


# --- talent exported (anti-hoarding) ------------------------------------------------------

# Analytics never show a group of fewer than this many people (DESIGN §4).
_OWNER_ANSWERS = frozenset({InterestStatus.SHORTLISTED, InterestStatus.DECLINED})


@dataclass
class ExportRow:
    """One manager (or the group of managers with small teams) and their reports' moves."""

    manager: Person | None  # None for the group row
    reports: int
    managers: int = 1
    applied: set[int] = field(default_factory=set)  # people
    offered: set[int] = field(default_factory=set)
    moved: set[int] = field(default_factory=set)
    waits: list[float] = field(default_factory=list)  # days from applied to first answer
    waiting: int = 0  # applications still without an answer

    @property
    def wait_days(self) -> float | None:
        return sum(self.waits) / len(self.waits) if self.waits else None

    @property
    def moved_share(self) -> float:
        return len(self.moved) / self.reports if self.reports else 0.0


@dataclass
class TalentExported:
    rows: list[ExportRow]
    small: ExportRow  # managers with fewer than MIN_GROUP reports, together
    min_group: int = MIN_GROUP

    @property
    def small_shown(self) -> bool:
        return self.small.reports >= self.min_group


def talent_exported(*, viewer: Viewer, min_group: int = MIN_GROUP) -> TalentExported:
    """Per manager: how many of their reports applied, were offered and moved, and how long
    applications waited for the owner's first answer (shortlisted or declined).

    Includes every interest event of people who have a manager now, counted against that
    manager (people, not applications: two applications by one report count once). A wait
    still running counts in ``waiting``, not in the average. Managers with fewer than
    ``min_group`` active direct reports are not shown one by one but as one group row, and
    that row shows no figures unless the group itself reaches ``min_group`` people. Managers
    without any activity are left out. HR and admins only; others get a 404.
    """
    if not viewer.is_hr_or_admin:
        raise Http404("No such page.")
    teams = manager_teams(min_group=min_group)
    team_size = teams.sizes
    events = (
        InterestEvent.objects.filter(
            to_status__in=[
                InterestStatus.APPLIED,
                InterestStatus.OFFERED,
                InterestStatus.ACCEPTED,
                *_OWNER_ANSWERS,
            ],
            interest__person__manager__isnull=False,
        )
        .order_by("at", "id")
        .values_list(
            "interest_id", "interest__person_id", "interest__person__manager_id", "to_status", "at"
        )
    )
    small = ExportRow(manager=None, reports=0, managers=0)
    by_manager: dict[int, ExportRow] = {}
    applied_at: dict[int, Any] = {}
    for interest_id, person_id, manager_id, to, at in events:
        row = (
            small
            if manager_id is None or teams.is_small(manager_id)
            else by_manager.setdefault(
                manager_id, ExportRow(manager=None, reports=team_size[manager_id])
            )
        )
        if to == InterestStatus.APPLIED:
            row.applied.add(person_id)
            applied_at.setdefault(interest_id, (row, at))
        elif to == InterestStatus.OFFERED:
            row.offered.add(person_id)
        elif to == InterestStatus.ACCEPTED:
            row.moved.add(person_id)
        if to in _OWNER_ANSWERS and interest_id in applied_at:
            waited_in, since = applied_at.pop(interest_id)
            waited_in.waits.append((at - since).total_seconds() / 86400)
    for waited_in, _ in applied_at.values():
        waited_in.waiting += 1
    small.managers = len(teams.small_managers)
    small.reports = teams.small_reports
    managers = Person.objects.select_related("unit").in_bulk(list(by_manager))
    rows = []
    for manager_id, row in by_manager.items():
        row.manager = managers.get(manager_id)
        if row.manager is not None:
            rows.append(row)
    rows.sort(key=lambda r: (-len(r.moved), -len(r.applied), r.manager.last_name))  # type: ignore[union-attr]
    return TalentExported(rows=rows, small=small, min_group=min_group)
