from __future__ import annotations

import pytest

from trellis.market.demo import market_demo_generate
from trellis.market.models import Interest, MarketplaceOptIn, Opportunity
from trellis.skills.demo import demo_generate


@pytest.mark.django_db
def test_demo_market_is_deterministic_and_usable() -> None:
    demo_generate(people=120, seed=3)
    summary = market_demo_generate(seed=3)
    assert summary["opportunities"] >= 3
    assert Opportunity.objects.filter(status="open").count() == summary["opportunities"]
    assert MarketplaceOptIn.objects.filter(opted_in=True).count() == summary["opted_in"] > 0
    assert Interest.objects.count() == summary["interests"] > 0
    titles = list(Opportunity.objects.order_by("id").values_list("title", flat=True))
    Interest.objects.all().delete()
    Opportunity.objects.all().delete()
    MarketplaceOptIn.objects.all().delete()
    market_demo_generate(seed=3)
    assert list(Opportunity.objects.order_by("id").values_list("title", flat=True)) == titles
