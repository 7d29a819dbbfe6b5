"""Times the marketplace in a Django process of its own (see benchmarks/market.py)."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from trellis.market import fetch, rounds  # noqa: E402
from trellis.market.models import MarketplaceOptIn, Opportunity  # noqa: E402
from trellis.org.access import viewer_for  # noqa: E402


def _timed(fn, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return {"median_s": statistics.median(samples), "runs": runs}


def main() -> None:
    runs = int(sys.argv[1])
    opted = MarketplaceOptIn.objects.filter(opted_in=True).select_related("person__user")
    # Large demos give logins to a few people only; the throwaway database may grow one.
    person = opted.first().person
    if person.user_id is None:
        person.user = User.objects.create_user(username=f"bench-{person.pk}")
        person.save(update_fields=["user"])
    client = Client()
    client.force_login(person.user)  # type: ignore[arg-type]
    hr = (
        User.objects.filter(groups__name="HR partners").first()
        or User.objects.filter(is_superuser=True).first()
    )
    hr_client = Client()
    hr_client.force_login(hr)  # type: ignore[arg-type]
    url = reverse("market:for_you")
    opp = Opportunity.objects.filter(status="open").first()
    cand_url = reverse("market:candidates", args=[opp.pk])

    def get(c: Client, u: str) -> None:
        assert c.get(u).status_code == 200

    figures: dict[str, dict[str, float]] = {}

    def cold() -> None:
        fetch.cache_clear()
        get(client, url)

    figures["for_you_cold"] = _timed(cold, max(3, runs // 10))
    get(client, url)
    figures["for_you_warm"] = _timed(lambda: get(client, url), runs)
    get(hr_client, cand_url)
    figures["candidates_warm"] = _timed(lambda: get(hr_client, cand_url), runs)
    ids = list(Opportunity.objects.filter(status="open").values_list("id", flat=True))
    viewer = viewer_for(hr)
    figures["round"] = _timed(
        lambda: rounds.round_run(viewer=viewer, name="bench", opportunity_ids=ids), 3
    )
    figures["meta"] = {
        "opted_in": opted.count(),
        "opportunities": len(ids),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
