from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from trellis.careers.models import DevelopmentPolicy
from trellis.market.models import MarketPolicy
from trellis.org.models import AuditEvent
from trellis.skills.policies import add_months, internal_move_eligibility, mobility_policy_get


def _post(today: dt.date, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "min_months_in_role": "12",
        "hours_per_month": "6.5",
        "hours_from": today.isoformat(),
        "notify_manager": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 11, 15), 14) == dt.date(2025, 1, 15)
    assert add_months(dt.date(2023, 3, 1), 0) == dt.date(2023, 3, 1)


def test_everyone_logged_in_reads_the_policy(client_for: ClientFor, cast: Cast) -> None:
    MarketPolicy.objects.create(default_min_months=18, notify_manager=False)
    DevelopmentPolicy.objects.create(
        hours_per_month=Decimal("4.0"), effective_from=dt.date(2024, 1, 1)
    )
    for person in (cast.ada, cast.otto):
        body = client_for(person).get(reverse("mobility_policy")).content.decode()
        assert "You can apply after 18 months in your current role." in body
        assert "Your manager is not told when you apply." in body
        assert "4 hours per month, since 1 January 2024." in body
        assert reverse("mobility_policy_edit") not in body
    body = client_for(cast.hana).get(reverse("mobility_policy")).content.decode()
    assert reverse("mobility_policy_edit") in body


def test_anonymous_visitor_is_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("mobility_policy"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["ada", "maya", "otto"])
def test_only_hr_and_admins_edit_others_get_404(
    client_for: ClientFor, cast: Cast, who: str
) -> None:
    client = client_for(getattr(cast, who))
    url = reverse("mobility_policy_edit")
    assert client.get(url).status_code == 404
    today = timezone.localdate()
    assert client.post(url, _post(today)).status_code == 404
    assert not MarketPolicy.objects.exists() and not DevelopmentPolicy.objects.exists()
    assert not AuditEvent.objects.filter(action="mobility_policy.update").exists()


@pytest.mark.parametrize("who", ["hana", "alex"])
def test_hr_changes_the_policy_with_an_audit_of_before_and_after(
    client_for: ClientFor, cast: Cast, who: str
) -> None:
    client = client_for(getattr(cast, who))
    url = reverse("mobility_policy_edit")
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(url, _post(today))
    assert response.status_code == 302 and response["Location"] == reverse("mobility_policy")
    policy = mobility_policy_get()
    assert (policy.min_months_in_role, policy.notify_manager, policy.allow_confidential) == (
        12,
        True,
        False,
    )
    assert policy.hours_per_month == Decimal("6.5") and policy.hours_since == today
    event = AuditEvent.objects.get(action="mobility_policy.update")
    assert event.actor == getattr(cast, who).user
    assert event.detail["before"]["min_months_in_role"] == 0
    assert event.detail["after"]["min_months_in_role"] == 12
    assert event.detail["before"]["allow_confidential"] is True
    assert event.detail["after"]["allow_confidential"] is False
    assert event.detail["after"]["hours_per_month"] == "6.5"
    # The same values again: no new rows, no new event.
    client.post(url, _post(today))
    assert MarketPolicy.objects.count() == 1 and DevelopmentPolicy.objects.count() == 1
    assert AuditEvent.objects.filter(action="mobility_policy.update").count() == 1


def test_a_later_allowance_is_announced_and_bad_input_is_shown_again(
    client_for: ClientFor, cast: Cast
) -> None:
    client = client_for(cast.hana)
    url = reverse("mobility_policy_edit")
    today = timezone.localdate()
    later = today + dt.timedelta(days=40)
    client.post(url, _post(today, hours_per_month="10", hours_from=later.isoformat()))
    policy = mobility_policy_get()
    assert policy.next_hours_per_month == Decimal("10.0") and policy.next_hours_from == later
    body = client.get(reverse("mobility_policy")).content.decode()
    assert "10 hours per month." in body
    response = client.post(
        url,
        _post(
            today,
            min_months_in_role="500",
            hours_from=(today - dt.timedelta(days=1)).isoformat(),
        ),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 120." in body
    assert 'value="500"' in body  # what was typed is shown again
    response = client.post(url, _post(today, hours_from=(today - dt.timedelta(days=1)).isoformat()))
    assert "Choose today or a later date: the past stays as it was." in response.content.decode()


def test_role_page_says_when_the_viewer_can_apply(client_for: ClientFor, cast: Cast) -> None:
    url = reverse("role_detail", args=[cast.senior_engineer.pk])
    body = client_for(cast.ada).get(url).content.decode()
    assert "You can apply to an internal opening at any time." in body
    MarketPolicy.objects.create(default_min_months=12)
    body = client_for(cast.ada).get(url).content.decode()
    assert "You can apply to an internal opening after 12 months in your current role." in body
    # Ada has held her role since 1 March 2023.
    assert "In your role since 1 March 2023: you can apply now." in body
    cast.ada.role_start_date = timezone.localdate()
    cast.ada.save()
    start = internal_move_eligibility(person=cast.ada, min_months=12)
    assert start is not None and not start.eligible
    body = client_for(cast.ada).get(url).content.decode()
    assert f"you can apply from {start.from_date.day} {start.from_date:%B %Y}." in body
    assert reverse("mobility_policy") in body
