"""The company's internal mobility policy, as one thing HR reads and sets.

Its values live in two rows: the marketplace's policy (minimum months in role, telling the
manager, confidential interest) and the careers app's development policy (hours of
development time per month from a date). It lives in the marketplace, the higher of the two
layers, so it may read both; the role page (skills) shows its note through a page section
registered from ``MarketConfig.ready()``. Neither is edited in place: a
change adds a new row, so the history stays, and the newest row in force applies.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from trellis.careers.models import DevelopmentPolicy
from trellis.careers.selectors import dev_allowance
from trellis.market.models import MarketPolicy
from trellis.org.services import audit_record

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from trellis.org.access import Viewer
    from trellis.org.models import Person


@dataclass(frozen=True)
class MobilityPolicy:
    min_months_in_role: int
    notify_manager: bool
    allow_confidential: bool
    hours_per_month: Decimal
    hours_since: dt.date | None  # None: no row yet, the product's default applies
    next_hours_per_month: Decimal | None  # a change already set for a later date
    next_hours_from: dt.date | None

    def audit_values(self) -> dict[str, Any]:
        values = asdict(self)
        for key in ("hours_per_month", "next_hours_per_month"):
            values[key] = None if values[key] is None else str(values[key])
        for key in ("hours_since", "next_hours_from"):
            values[key] = None if values[key] is None else values[key].isoformat()
        return values


def mobility_policy_get(*, today: dt.date | None = None) -> MobilityPolicy:
    """The policy in force today, and the next development-time change if one is set."""
    today = today or timezone.localdate()
    market = MarketPolicy.current()
    current = DevelopmentPolicy.objects.filter(effective_from__lte=today).first()
    upcoming = (
        DevelopmentPolicy.objects.filter(effective_from__gt=today)
        .order_by("effective_from", "-id")
        .first()
    )
    return MobilityPolicy(
        min_months_in_role=market.default_min_months,
        notify_manager=market.notify_manager,
        allow_confidential=market.allow_confidential,
        hours_per_month=dev_allowance(on=today),
        hours_since=current.effective_from if current else None,
        next_hours_per_month=upcoming.hours_per_month if upcoming else None,
        next_hours_from=upcoming.effective_from if upcoming else None,
    )


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {"before": {k: before.get(k) for k in keys}, "after": {k: after[k] for k in keys}}


@transaction.atomic
def mobility_policy_update(
    *,
    actor: User | AnonymousUser | None,
    min_months_in_role: int,
    notify_manager: bool,
    allow_confidential: bool,
    hours_per_month: Decimal,
    hours_from: dt.date,
    request_id: str = "",
    today: dt.date | None = None,
) -> MobilityPolicy:
    """Record a new policy: a marketplace row when one of its values changes, a development
    row when the allowance on ``hours_from`` would change. Audited with before and after;
    saving the same values changes nothing and records nothing."""
    today = today or timezone.localdate()
    before = mobility_policy_get(today=today)
    market = MarketPolicy.current()
    wanted = (min_months_in_role, notify_manager, allow_confidential)
    if (market.default_min_months, market.notify_manager, market.allow_confidential) != wanted:
        MarketPolicy.objects.create(
            default_min_months=min_months_in_role,
            notify_manager=notify_manager,
            allow_confidential=allow_confidential,
        )
    if dev_allowance(on=hours_from) != hours_per_month:
        DevelopmentPolicy.objects.create(hours_per_month=hours_per_month, effective_from=hours_from)
    after = mobility_policy_get(today=today)
    if after != before:
        audit_record(
            actor=actor,
            action="mobility_policy.update",
            detail=_changes(before.audit_values(), after.audit_values()),
            request_id=request_id,
        )
    return after


def add_months(day: dt.date, months: int) -> dt.date:
    """``2024-01-31`` + 1 month -> ``2024-02-29``: the same day, or the month's last."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class Eligibility:
    since: dt.date
    from_date: dt.date
    eligible: bool


def min_months_in_role() -> int:
    """The minimum months in role alone (one query), for pages that show only that."""
    return MarketPolicy.current().default_min_months


def internal_move_eligibility(
    *, person: Person | None, min_months: int, today: dt.date | None = None
) -> Eligibility | None:
    """When the person may apply internally under the minimum months in role; None when
    their start in the role is not recorded."""
    if person is None or person.role_start_date is None:
        return None
    today = today or timezone.localdate()
    start = add_months(person.role_start_date, min_months)
    return Eligibility(since=person.role_start_date, from_date=start, eligible=start <= today)


@dataclass(frozen=True)
class MobilityNote:
    """What the role page says about applying internally, for the person looking."""

    min_months: int
    eligibility: Eligibility | None


def mobility_note(*, viewer: Viewer, **_: Any) -> MobilityNote:
    min_months = min_months_in_role()
    return MobilityNote(
        min_months=min_months,
        eligibility=internal_move_eligibility(person=viewer.person, min_months=min_months),
    )
