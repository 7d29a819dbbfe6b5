"""The internal mobility policy in the API: everyone reads it, HR and admins change it."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from trellis.market.mobility import MobilityPolicy, mobility_policy_get, mobility_policy_update
from trellis.org.access import hr_viewer
from trellis.org.request_id import request_id
from trellis.org.validation import Flag, HoursPerMonth, Input, MonthsInRole, PlanDate

router = Router(tags=["skills and roles"])


class MobilityPolicyOut(Schema):
    min_months_in_role: int
    notify_manager: bool
    allow_confidential: bool
    hours_per_month: float
    next_hours_per_month: float | None
    next_hours_from: dt.date | None


class MobilityPolicyIn(Input):
    min_months_in_role: MonthsInRole
    notify_manager: Flag
    allow_confidential: Flag
    # A number (kept to a tenth of an hour) or decimal text such as "7.5".
    hours_per_month: HoursPerMonth
    hours_from: PlanDate | None = None


def _policy(policy: MobilityPolicy) -> MobilityPolicyOut:
    return MobilityPolicyOut(
        min_months_in_role=policy.min_months_in_role,
        notify_manager=policy.notify_manager,
        allow_confidential=policy.allow_confidential,
        hours_per_month=float(policy.hours_per_month),
        next_hours_per_month=(
            None if policy.next_hours_per_month is None else float(policy.next_hours_per_month)
        ),
        next_hours_from=policy.next_hours_from,
    )


@router.get("/mobility-policy", response=MobilityPolicyOut)
def mobility_policy(request: HttpRequest) -> MobilityPolicyOut:
    return _policy(mobility_policy_get())


@router.put("/mobility-policy", response=MobilityPolicyOut)
def mobility_policy_set(request: HttpRequest, payload: MobilityPolicyIn) -> MobilityPolicyOut:
    """Change the policy (HR and admins); the allowance applies from ``hours_from`` (today
    when left out, never a past date)."""
    hr_viewer(request)
    today = timezone.localdate()
    hours_from = payload.hours_from or today
    if hours_from < today:
        raise HttpError(400, "Choose today or a later date: the past stays as it was.")
    policy = mobility_policy_update(
        actor=request.user,
        min_months_in_role=payload.min_months_in_role,
        notify_manager=payload.notify_manager,
        allow_confidential=payload.allow_confidential,
        hours_per_month=payload.hours_per_month,
        hours_from=hours_from,
        request_id=request_id(request),
    )
    return _policy(policy)
