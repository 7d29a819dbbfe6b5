"""Times the marketplace in a Django process of its own (see benchmarks/market.py).

``python -m benchmarks._market_worker pages|round RUNS`` prints one JSON line of figures.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from trellis.market import cache, round_selectors, rounds  # noqa: E402
from trellis.market.models import MarketplaceOptIn, Opportunity, Round  # noqa: E402
from trellis.org.access import viewer_for  # noqa: E402


def _timed(fn: Callable[[], object], runs: int, warmup: int = 1) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return {"median_s": statistics.median(samples), "runs": runs}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.status_code


def _hr() -> User:
    hr = (
        User.objects.filter(groups__name="HR partners").order_by("id").first()
        or User.objects.filter(is_superuser=True).order_by("id").first()
    )
    assert hr is not None
    return hr


def pages(runs: int) -> dict[str, dict[str, float]]:
    opted = MarketplaceOptIn.objects.filter(opted_in=True).select_related("person__user")
    person = opted.order_by("person_id").first().person  # type: ignore[union-attr]
    # Large demos give logins to a few people only; the throwaway database may grow one.
    if person.user_id is None:
        person.user = User.objects.create_user(username=f"bench-{person.pk}")
        person.save(update_fields=["user"])
    client = _client(person.user)  # type: ignore[arg-type]
    hr_client = _client(_hr())
    url = reverse("market:for_you")
    opp = Opportunity.objects.filter(status="open").order_by("id").first()
    assert opp is not None
    cand_url = reverse("market:candidates", args=[opp.pk])

    # The timed pages must show what they are for: ranked items with their explanation.
    assert "mutual value" in client.get(url).content.decode()
    assert "mutual value" in hr_client.get(cand_url).content.decode()

    def cold() -> None:
        cache.cache_clear()
        _get(client, url)

    figures: dict[str, dict[str, float]] = {}
    figures["for_you_cold"] = _timed(cold, max(3, runs // 10), warmup=0)
    figures["for_you_warm"] = _timed(lambda: _get(client, url), runs)
    figures["candidates_warm"] = _timed(lambda: _get(hr_client, cand_url), runs)
    n_opps = Opportunity.objects.filter(status="open").count()
    figures["meta"] = {
        "opted_in": opted.count(),
        "opportunities": n_opps,
        "note": "server time through the test client; cold = engine bundle rebuilt",
    }
    return figures


def round_(runs: int) -> dict[str, dict[str, float]]:
    ids = list(Opportunity.objects.filter(status="open").values_list("id", flat=True))
    viewer = viewer_for(_hr())
    figures: dict[str, dict[str, float]] = {}
    figures["round"] = _timed(
        lambda: rounds.round_run(viewer=viewer, name="bench", opportunity_ids=ids), runs
    )
    # The preview page's work: both sides' preferences, then the names it shows.
    figures["round_preview"] = _timed(
        lambda: round_selectors.round_preview(
            viewer=viewer, prep=rounds.prepare(opportunity_ids=ids)
        ),
        runs,
    )
    last = Round.objects.order_by("-id").first()
    assert last is not None and last.blocking_pairs == 0
    figures["meta"] = {
        "opted_in": MarketplaceOptIn.objects.filter(opted_in=True).count(),
        "opportunities": len(ids),
        "note": (
            f"{last.summary['people']} people in the round, {last.summary['matched']} matched; "
            "database to stored rows"
        ),
    }
    return figures


def main() -> None:
    what, runs = sys.argv[1], int(sys.argv[2])
    figures = pages(runs) if what == "pages" else round_(runs)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
