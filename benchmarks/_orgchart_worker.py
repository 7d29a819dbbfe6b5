"""Times the org chart explorer in a Django process of its own (see benchmarks/orgchart.py)."""

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


def main() -> None:
    runs = int(sys.argv[1])
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
    figures = {
        "open_at_own_place": _time(client, reverse("unit_tree"), runs),
        "expand_top_reports": _time(client, reverse("chart_reports", args=[top.pk]), runs),
        f"expand_widest_reports[reports={widest[1]}]": _time(
            client, reverse("chart_reports", args=[widest[0]]), runs
        ),
        "expand_top_unit": _time(client, reverse("chart_units", args=[root.pk]), runs),
        "search_and_open": _time(client, reverse("unit_tree") + "?q=garcia", runs),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
