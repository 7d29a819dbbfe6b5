"""The digest's cadence: daily, weekly (the default) or off, per person."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.cast import Cast, ClientFor
from tests.market.conftest import make_opportunity
from trellis.careers.models import Notification
from trellis.market import services
from trellis.market.models import Cadence, MarketplaceOptIn, Opportunity
from trellis.org.access import viewer_for


def _send() -> str:
    out = StringIO()
    call_command("send_digests", stdout=out)
    return out.getvalue().strip()


def _digests() -> int:
    return Notification.objects.filter(recipient__first_name="Ada", message__contains="fit").count()


def _ada(cast: Cast, digest: str | None = None) -> MarketplaceOptIn:
    return services.opt_in_set(
        viewer=viewer_for(cast.ada.user), person=cast.ada, opted_in=True, digest=digest
    )


def _days_pass(days: float) -> None:
    """Move the last digest and every publication this many days into the past."""
    shift = dt.timedelta(days=days)
    for row in MarketplaceOptIn.objects.exclude(last_digest_at=None):
        MarketplaceOptIn.objects.filter(pk=row.pk).update(last_digest_at=row.last_digest_at - shift)
    for opp in Opportunity.objects.exclude(published_at=None):
        Opportunity.objects.filter(pk=opp.pk).update(published_at=opp.published_at - shift)


def test_weekly_is_the_default_and_waits_a_week(cast: Cast) -> None:
    assert _ada(cast).digest == Cadence.WEEKLY
    make_opportunity(cast, title="First gig")
    assert _send() == "1 digests sent."
    _days_pass(3)
    make_opportunity(cast, title="Second gig")
    _days_pass(3)
    assert _send() == "0 digests sent."  # six days after the first
    _days_pass(1.01)
    assert _send() == "1 digests sent."
    latest = Notification.objects.filter(recipient=cast.ada).order_by("-id").first()
    assert latest is not None and latest.message == "1 new opportunities fit you: “Second gig”"
    assert _digests() == 2


def test_daily_comes_after_a_day(cast: Cast) -> None:
    _ada(cast, Cadence.DAILY)
    make_opportunity(cast)
    assert _send() == "1 digests sent."
    make_opportunity(cast, title="Another gig")
    _days_pass(0.5)
    assert _send() == "0 digests sent."
    _days_pass(0.51)
    assert _send() == "1 digests sent."


@pytest.mark.parametrize("opted_in", [True, False])
def test_off_or_opted_out_gets_nothing(cast: Cast, opted_in: bool) -> None:
    services.opt_in_set(
        viewer=viewer_for(cast.ada.user),
        person=cast.ada,
        opted_in=opted_in,
        digest=Cadence.OFF if opted_in else Cadence.DAILY,
    )
    make_opportunity(cast)
    assert _send() == "0 digests sent."
    assert _digests() == 0


def test_nothing_new_sends_nothing_but_starts_the_next_period(cast: Cast) -> None:
    _ada(cast, Cadence.DAILY)
    make_opportunity(cast)
    _send()
    _days_pass(2)
    assert _send() == "0 digests sent."  # the one gig was already in the last digest
    sent = MarketplaceOptIn.objects.get().last_digest_at
    assert sent is not None and timezone.now() - sent < dt.timedelta(minutes=1)


def test_cadence_is_chosen_on_the_opt_in_page(cast: Cast, client_for: ClientFor) -> None:
    from django.urls import reverse

    client = client_for(cast.ada)
    client.post(reverse("market:opt_in"), {"opted_in": "on", "digest": "off", "mentor_capacity": 0})
    assert MarketplaceOptIn.objects.get(person=cast.ada).digest == Cadence.OFF
