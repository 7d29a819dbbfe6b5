"""Times the people picker in a process of its own. See benchmarks/picker.py."""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks._pages_worker import _time  # noqa: E402
from trellis.org.access import viewer_for  # noqa: E402
from trellis.org.models import OrgUnit, Person  # noqa: E402
from trellis.org.selectors import DirectoryFilters, directory_search  # noqa: E402

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ne",
    "so",
    "ta",
    "vi",
    "el",
    "an",
    "or",
    "is",
    "um",
    "be",
    "da",
    "fe",
    "gu",
    "ho",
    "ja",
    "ki",
]
_WORDS = [
    "Data",
    "Platform",
    "Payments",
    "Security",
    "Cloud",
    "Mobile",
    "Field",
    "Retail",
    "Clinical",
    "Legal",
]
_JOBS = [
    "Engineer",
    "Analyst",
    "Manager",
    "Specialist",
    "Coordinator",
    "Scientist",
    "Designer",
    "Lead",
]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _directory(people: int) -> None:
    rng = random.Random(7)
    root = OrgUnit.objects.create(name="Company", path="Company", kind="company")
    units = OrgUnit.objects.bulk_create(
        OrgUnit(name=f"{_WORDS[i % 10]} team {i}", parent=root, path=f"Company/t{i}")
        for i in range(2_000)
    )
    firsts = [_name(rng, 2) for _ in range(400)]
    lasts = [_name(rng, 3) for _ in range(5_000)]
    titles = [f"{s} {w} {j}" for s in ("", "Senior", "Staff") for w in _WORDS for j in _JOBS]
    Person.objects.bulk_create(
        (
            Person(
                employee_id=f"E{i:06d}",
                first_name=rng.choice(firsts),
                last_name=rng.choice(lasts),
                email=f"p{i}@example.com",
                title=rng.choice(titles).strip(),
                unit=units[i % len(units)],
            )
            for i in range(people)
        ),
        batch_size=5_000,
    )
    user = User.objects.create_user(username="employee", password="x-Long-enough-1")
    Person.objects.filter(employee_id="E000000").update(user=user)


def _peer(q: str, runs: int) -> float:
    """The directory's icontains filter cut at the picker's eight, as a peer."""
    viewer = viewer_for(User.objects.get(username="employee"))
    samples = []
    for i in range(runs + 3):
        start = time.perf_counter()
        list(directory_search(viewer=viewer, filters=DirectoryFilters(q=q))[:8])
        if i >= 3:
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    people, runs = int(sys.argv[1]), int(sys.argv[2])
    _directory(people)
    someone = Person.objects.order_by("pk")[500]
    queries = {
        "first_name": someone.first_name[:3].lower(),
        "last_name": someone.last_name[:4].lower(),
        "full_name": f"{someone.first_name} {someone.last_name[:2]}".lower(),
        "title_word": "scien",
        "unit": "team 1234",
        "nobody": "zzqx",
    }
    client = Client()
    client.force_login(User.objects.get(username="employee"))
    url = reverse("people_pick")
    figures = {}
    for name, q in queries.items():
        figure: dict[str, float] = _time(client, f"{url}?q={q.replace(' ', '+')}", runs)
        figure["found"] = client.get(url, {"q": q}).content.decode().count('role="option"')
        figure["peer_median_s"] = _peer(q, runs)
        figures[name] = figure
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
