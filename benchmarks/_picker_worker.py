"""Times the people picker in a process of its own. See benchmarks/picker.py."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks._pages_worker import _time  # noqa: E402
from trellis.org.access import viewer_for  # noqa: E402
from trellis.org.models import OrgUnit, Person  # noqa: E402
from trellis.org.selectors import DirectoryFilters, directory_search  # noqa: E402


def _peer(q: str, runs: int) -> float:
    """The directory's icontains filter cut at the picker's eight, as a peer."""
    viewer = viewer_for(Person.objects.get(user__username="employee").user)  # type: ignore[misc]
    samples = []
    for i in range(runs + 3):
        start = time.perf_counter()
        list(directory_search(viewer=viewer, filters=DirectoryFilters(q=q))[:8])
        if i >= 3:
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1])
    employee = Person.objects.select_related("user").get(user__username="employee")
    someone = Person.objects.filter(is_active=True).order_by("pk")[500]
    unit = OrgUnit.objects.filter(kind="team").order_by("pk").first()
    title_word = (someone.title.split() or ["engineer"])[-1].lower()[:5]
    queries = {
        "first_name": someone.first_name[:3].lower(),
        "last_name": someone.last_name[:4].lower(),
        "full_name": f"{someone.first_name} {someone.last_name[:2]}".lower(),
        "title_word": title_word,
        "unit": unit.name[:6].lower() if unit else "team",
        "nobody": "zzqx",
    }
    client = Client()
    client.force_login(employee.user)  # type: ignore[arg-type]
    url = reverse("people_pick")
    figures = {}
    for name, q in queries.items():
        figure = _time(client, f"{url}?q={q.replace(' ', '+')}", runs)
        body = client.get(url, {"q": q}).content.decode()
        figure["found"] = body.count('role="option"')
        figure["peer_median_s"] = _peer(q, runs)
        figures[name] = figure
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
