"""Times pages in a Django process of its own (see benchmarks/pages.py)."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from trellis.org.models import Person  # noqa: E402


def _time(
    client: Client, url: str, runs: int, before: Callable[[], None] = lambda: None
) -> dict[str, float]:
    for _ in range(3):
        assert client.get(url).status_code == 200
    samples = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200
    before()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    ordered = sorted(samples)
    return {
        "median_s": statistics.median(samples),
        "p90_s": ordered[int(0.9 * (len(ordered) - 1))],
        "runs": runs,
        "queries": len(ctx.captured_queries),
    }


def main() -> None:
    runs = int(sys.argv[1])
    manager = Person.objects.select_related("user").get(user__username="manager")
    report = manager.reports.first()
    assert report is not None
    client = Client()
    client.force_login(manager.user)  # type: ignore[arg-type]
    figures = {
        "person_page": _time(client, reverse("person_detail", args=[report.pk]), runs),
        "directory_first_page": _time(client, reverse("directory"), runs),
        # Pages with charts: a report's check-ins and map (readiness), the manager's coverage.
        "checkins_chart": _time(client, reverse("careers:checkins", args=[report.pk]), runs),
        "career_map_chart": _time(client, reverse("careers:map", args=[report.pk]), runs),
        "coverage_chart": _time(client, reverse("talks:coverage"), runs),
        "taxonomy_tree": _time(client, reverse("taxonomy_tree"), runs),
        "taxonomy_match": _time(client, reverse("taxonomy_tree") + "?q=python", runs),
    }
    hr = Person.objects.select_related("user").get(user__username="hr")
    client.force_login(hr.user)  # type: ignore[arg-type]
    # Timed with its cache emptied first: the figure is the cost of computing the page.
    figures["insights"] = _time(
        client, reverse("insights:overview"), max(5, runs // 4), before=cache.clear
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
