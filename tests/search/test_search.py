"""Global search: each section through its owner's access rules, ranked, never a private match."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.cast import Cast
from trellis.careers import services as careers
from trellis.careers.models import Visibility
from trellis.market import services as market
from trellis.market.models import Kind
from trellis.market.services import SkillNeed
from trellis.org.access import viewer_for
from trellis.org.models import Person

SEARCH = reverse("search")
SUGGEST = reverse("search_suggest")


def _html(client: Client, q: str, url: str = SEARCH) -> str:
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[-1]


def _section(html: str, key: str) -> str:
    if f'id="results-{key}"' not in html:
        return ""
    return html.split(f'id="results-{key}"', 1)[1].split("</section>", 1)[0]


def test_people_by_name_title_or_id_best_match_first(client_for, cast: Cast) -> None:
    client = client_for(cast.otto)
    people = _section(_html(client, "lovelace"), "people")
    assert f'href="/people/{cast.ada.pk}/"' in people
    # "eng": Engel's name starts with it; the others only have it in their job title, and come
    # first in name order — the ranking puts the name match on top, then the title matches
    # title by title ("engineering manager" before "software engineer").
    Person.objects.create(
        employee_id="E-77",
        first_name="Engel",
        last_name="Zed",
        email="e@example.com",
        title="Baker",
    )
    people = _section(_html(client, "eng"), "people")
    assert people.index("Engel Zed") < people.index("Maya Manager") < people.index("Ada Lovelace")
    people = _section(_html(client, "engineering manager"), "people")
    assert "Maya Manager" in people and "Ada Lovelace" not in people
    people = _section(_html(client, cast.otto.employee_id), "people")
    assert "Otto Outsider" in people


def test_a_private_section_never_matches_for_someone_else(client_for, cast: Cast) -> None:
    careers.profile_update(
        actor=cast.ada.user, person=cast.ada, data={"summary": "Quasar whisperer"}
    )
    careers.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"summary": Visibility.PRIVATE}
    )
    for who in (cast.otto, cast.maya, cast.hana, cast.ada):
        html = _html(client_for(who), "quasar whisperer")
        assert "Ada Lovelace" not in html, who
        assert "Nothing matches “quasar whisperer”." in html


def test_people_who_left_are_not_found(client_for, cast: Cast) -> None:
    Person.objects.filter(pk=cast.maya.pk).update(is_active=False)
    assert "Maya Manager" not in _html(client_for(cast.otto), "maya")


def test_roles_and_skills_with_their_other_names_and_typos(client_for, cast: Cast) -> None:
    client = client_for(cast.otto)
    html = _html(client, "senior software")
    assert f'href="/roles/{cast.senior_engineer.pk}/"' in _section(html, "roles")
    assert f'href="/skills/{cast.python.pk}/"' in _section(_html(client, "pyhton"), "skills")


def _opportunity(cast: Cast, title: str, *, publish: bool) -> None:
    viewer = viewer_for(cast.maya.user)
    opp = market.opportunity_create(
        viewer=viewer,
        skills=[SkillNeed(cast.python, 3, 5, True)],
        kind=Kind.GIG,
        title=title,
        description="Build it.",
        unit=cast.team,
        capacity=1,
        hours_per_week=4,
    )
    if publish:
        market.opportunity_publish(viewer=viewer, opp=opp)


def test_only_open_opportunities_are_found(client_for, cast: Cast) -> None:
    _opportunity(cast, "Quokka dashboard", publish=True)
    _opportunity(cast, "Quokka draft", publish=False)
    found = _section(_html(client_for(cast.otto), "quokka"), "opportunities")
    assert "Quokka dashboard" in found and "Quokka draft" not in found


def test_pages_for_their_audience_only(client_for, cast: Cast) -> None:
    assert "Mobility policy" in _section(_html(client_for(cast.otto), "mobility"), "pages")
    assert _section(_html(client_for(cast.otto), "insights"), "pages") == ""
    assert "Insights" in _section(_html(client_for(cast.hana), "insights"), "pages")
    assert _section(_html(client_for(cast.otto), "spur"), "pages") == ""
    assert "SPUR conversation guide" in _section(_html(client_for(cast.maya), "spur"), "pages")


def test_suggestions_are_a_listbox_of_options(client_for, cast: Cast) -> None:
    html = _html(client_for(cast.otto), "lovelace", SUGGEST)
    assert 'role="listbox"' in html and 'id="suggest-people-1"' in html
    assert "Ada Lovelace" in html and "<html" not in html
    assert 'href="/search/?q=lovelace"' in html
    assert _html(client_for(cast.otto), "   ", SUGGEST).strip() == ""


def test_strangers_and_odd_input(client_for, cast: Cast) -> None:
    for url in (SEARCH, SUGGEST):
        response = Client().get(url, {"q": "ada"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client = client_for(cast.otto)
    assert "Nothing matches" not in _html(client, "")
    long = _html(client, "lovelace " + "x" * 500)
    assert "x" * 91 in long and "x" * 92 not in long  # the query is cut at 100 characters
    assert client.get(SEARCH, {"q": "%_\\' or 1=1 --"}).status_code == 200
    assert client.post(SEARCH, {"q": "ada"}).status_code == 405
