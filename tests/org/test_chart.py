"""The org chart explorer: opens at the viewer's place, one level per expand, directory facts
only, a constant number of queries."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cast import Cast
from trellis.org.models import OrgUnit, Person
from trellis.org.services import person_set_manager, unit_ensure_path

CHART = reverse("unit_tree")


def _reports_url(person: Person) -> str:
    return reverse("chart_reports", args=[person.pk])


def _html(client: Client, url: str, data: dict[str, object] | None = None) -> str:
    response = client.get(url, data or {})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_chart_opens_at_the_viewers_place(client_for, cast: Cast) -> None:
    html = _html(client_for(cast.ada), CHART)
    lines = html.split('id="reporting-lines"', 1)[1].split('id="units"', 1)[0]
    # From the top down: Dora, then Maya (open under Dora), then Ada (open under Maya).
    assert lines.index("Dora Director") < lines.index("Maya Manager") < lines.index("Ada Lovelace")
    assert 'class="focus" aria-current="true"' in lines
    focus = lines.split('aria-current="true"', 1)[1]
    assert focus.index("Ada Lovelace") < 200
    assert "Opened at your place" in lines
    # Ada has no reports: nothing to expand under her.
    assert "Direct reports (1)<" in lines  # Dora's and Maya's, each with one


def test_someone_elses_chain_stays_closed(client_for, cast: Cast) -> None:
    html = _html(client_for(cast.otto), CHART)
    lines = html.split('id="reporting-lines"', 1)[1].split('id="units"', 1)[0]
    assert "Otto Outsider" in lines and "Dora Director" in lines
    # Dora's reports are not on Otto's way: one closed expand that loads them on demand.
    assert "Maya Manager" not in lines
    assert f'hx-get="{_reports_url(cast.dora)}"' in lines


def test_expanding_a_person_lists_their_direct_reports_only(client_for, cast: Cast) -> None:
    client = client_for(cast.otto)
    fragment = _html(client, _reports_url(cast.dora))
    assert "Maya Manager" in fragment and "Ada Lovelace" not in fragment
    assert f'hx-get="{_reports_url(cast.maya)}"' in fragment
    assert "<html" not in fragment
    fragment = _html(client, _reports_url(cast.maya))
    assert "Ada Lovelace" in fragment and "Direct reports" not in fragment


def test_the_chart_shows_directory_facts_only(client_for, cast: Cast) -> None:
    client = client_for(cast.otto)
    for url, data in (
        (CHART, {"person": cast.ada.pk}),
        (_reports_url(cast.maya), None),
    ):
        html = _html(client, url, data)
        assert "Ada Lovelace" in html and "Software Engineer" in html  # name and job title
        for detail in ("Python", "SE2", "level 2", "Lisbon"):
            assert detail not in html.split("<main", 1)[-1], (url, detail)


def test_search_opens_the_chart_at_a_person(client_for, cast: Cast) -> None:
    client = client_for(cast.otto)
    html = _html(client, CHART, {"q": "lovelace"})
    assert f'href="{CHART}?person={cast.ada.pk}"' in html
    html = _html(client, CHART, {"person": cast.ada.pk})
    assert "Opened at Ada Lovelace" in html
    lines = html.split('id="reporting-lines"', 1)[1]
    assert lines.index("Maya Manager") < lines.index('aria-current="true"')
    assert "Nobody matches “zzz”." in _html(client, CHART, {"q": "zzz"})


def test_a_line_whose_manager_left_starts_below_them(client_for, cast: Cast) -> None:
    Person.objects.filter(pk=cast.maya.pk).update(is_active=False)
    html = _html(client_for(cast.otto), CHART, {"person": cast.ada.pk})
    lines = html.split('id="reporting-lines"', 1)[1].split('id="units"', 1)[0]
    assert "Maya Manager" not in lines
    assert "Ada Lovelace" in lines and "Dora Director" in lines
    tree = lines.split('class="orgchart"', 1)[1]
    assert tree.index("Ada Lovelace") < tree.index("Dora Director")  # listed first, as a top
    assert tree.split('aria-current="true"', 1)[1].index("Ada Lovelace") < 200


def test_bad_input_is_named_and_strangers_are_refused(
    client: Client, client_for, cast: Cast
) -> None:
    signed_in = client_for(cast.otto)
    response = signed_in.get(CHART, {"person": "abc"})
    assert response.status_code == 400 and "Enter a whole number." in response.content.decode()
    response = signed_in.get(CHART, {"person": "99999999999"})
    assert response.status_code == 400
    assert "less than or equal to 2147483647" in response.content.decode()
    assert signed_in.get(CHART, {"person": 999999}).status_code == 404
    Person.objects.filter(pk=cast.maya.pk).update(is_active=False)
    assert signed_in.get(_reports_url(cast.maya)).status_code == 404
    assert signed_in.get(reverse("chart_units", args=[999999])).status_code == 404
    for url in (CHART, _reports_url(cast.dora), reverse("chart_units", args=[cast.team.pk])):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_units_expand_one_level_with_headcounts_of_the_whole_branch(client_for, cast: Cast) -> None:
    client = client_for(cast.otto)
    html = _html(client, CHART)
    units = html.split('id="units"', 1)[1]
    acme = OrgUnit.objects.get(path="Acme")
    assert "Acme</a>" in units and "6 people" in units and "Sub-units (3)" in units
    fragment = _html(client, reverse("chart_units", args=[acme.pk]))
    engineering = OrgUnit.objects.get(path="Acme/Engineering")
    assert "Engineering</a>" in fragment and "3 people" in fragment  # Dora, Maya, Ada
    assert "Field Sales" not in fragment  # a level down, not loaded yet
    assert f'hx-get="{reverse("chart_units", args=[engineering.pk])}"' in fragment
    sales = _html(client, reverse("chart_units", args=[OrgUnit.objects.get(path="Acme/Sales").pk]))
    assert "Field Sales</a>" in sales and "1 person<" in sales


def _count(client: Client, url: str, data: dict[str, object] | None = None) -> int:
    cache.clear()  # headcounts are kept a minute: count the queries that compute them
    with CaptureQueriesContext(connection) as ctx:
        _html(client, url, data)
    return len(ctx.captured_queries)


def _grow(cast: Cast, n: int) -> None:
    """n more reports for Maya and Dora each, and n more units under Engineering."""
    base = Person.objects.count()
    for i in range(n):
        unit = unit_ensure_path(path=f"Acme/Engineering/Team {base + i}")
        for manager in (cast.maya, cast.dora):
            report = Person.objects.create(
                employee_id=f"G{base}-{i}-{manager.pk}",
                first_name=f"Grown{i}",
                last_name="Person",
                email=f"g{base}.{i}.{manager.pk}@example.com",
                unit=unit,
            )
            person_set_manager(person=report, manager=manager)


def test_query_counts_do_not_grow_with_the_organization(client_for, cast: Cast) -> None:
    client = client_for(cast.ada)
    acme = OrgUnit.objects.get(path="Acme")
    urls = [
        (CHART, None),
        (_reports_url(cast.dora), None),
        (reverse("chart_units", args=[acme.pk]), None),
    ]
    small = [_count(client, url, data) for url, data in urls]
    _grow(cast, 12)
    assert [_count(client, url, data) for url, data in urls] == small
    assert max(small) <= 14
