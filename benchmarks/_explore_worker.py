"""Times the org chart explorer and global search in a process of its own.

See benchmarks/explore.py.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks._pages_worker import _time  # noqa: E402
from trellis.org.models import OrgUnit, Person  # noqa: E402
from trellis.skills.models import JobFamily, Role, RoleAlias  # noqa: E402

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
    "Tax",
    "Supply",
    "Quality",
    "Network",
    "Research",
    "Brand",
    "Learning",
    "Facilities",
    "Fleet",
    "Treasury",
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
    "Officer",
]


def _add_roles(total: int) -> None:
    """Synthetic roles up to ``total``, each with one alternative title, in one family."""
    missing = total - Role.objects.count()
    family, _ = JobFamily.objects.get_or_create(name="Synthetic")
    roles = Role.objects.bulk_create(
        Role(
            code=f"SYN-{i}",
            title=f"{_WORDS[i % 19]} {_WORDS[(i // 19) % 19]} {_JOBS[i % 9]} {i}",
            family=family,
            level=1 + i % 6,
        )
        for i in range(max(0, missing))
    )
    RoleAlias.objects.bulk_create(
        RoleAlias(role=r, name=f"{_JOBS[(r.pk or 0) % 9]} of {_WORDS[(r.pk or 0) % 19]}")
        for r in roles
    )


def main() -> None:
    runs = int(sys.argv[1])
    _add_roles(int(sys.argv[2]))
    employee = Person.objects.select_related("user").get(user__username="employee")
    top = Person.objects.filter(is_active=True, manager__isnull=True).first()
    widest = (
        Person.objects.filter(is_active=True)
        .annotate(n=Count("reports"))
        .order_by("-n")
        .values_list("pk", "n")
        .first()
    )
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    assert top is not None and widest is not None and root is not None
    client = Client()
    client.force_login(employee.user)  # type: ignore[arg-type]
    search = reverse("search")
    figures = {
        "chart_open_at_own_place": _time(client, reverse("unit_tree"), runs),
        "chart_expand_top_reports": _time(client, reverse("chart_reports", args=[top.pk]), runs),
        f"chart_expand_widest_reports[reports={widest[1]}]": _time(
            client, reverse("chart_reports", args=[widest[0]]), runs
        ),
        "chart_expand_top_unit": _time(client, reverse("chart_units", args=[root.pk]), runs),
        "chart_search_and_open": _time(client, reverse("unit_tree") + "?q=garcia", runs),
        "search_name": _time(client, search + "?q=garcia", runs),
        "search_title_word": _time(client, search + "?q=engineer", runs),
        "search_typo": _time(client, search + "?q=enginer+platfrm", runs),
        "search_suggest": _time(client, reverse("search_suggest") + "?q=data+sci", runs),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
