from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.org.models import Person


def _results(response) -> str:  # type: ignore[no-untyped-def]
    """The directory's result table, without the page header (which names the viewer)."""
    return response.content.decode().split('id="results"', 1)[1]


def test_pages_need_login(client: Client, cast: Cast) -> None:
    for url in [
        reverse("home"),
        reverse("directory"),
        reverse("person_detail", args=[cast.ada.pk]),
        reverse("unit_tree"),
        reverse("unit_detail", args=[cast.team.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_person_page_shows_skills_to_self_chain_and_hr(client_for: ClientFor, cast: Cast) -> None:
    url = reverse("person_detail", args=[cast.ada.pk])
    for viewer in (cast.ada, cast.maya, cast.dora, cast.hana, cast.alex):
        response = client_for(viewer).get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Ada Lovelace" in body
        assert "SQL" in body and "Python" in body, viewer
        assert "Software Engineer" in body
        assert response["Cache-Control"] == "no-store"


def test_person_page_hides_details_from_outsider(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.otto).get(reverse("person_detail", args=[cast.ada.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    # The directory entry is public inside the company...
    assert "Ada Lovelace" in body
    assert "Maya Manager" in body
    # ...her skills, role and level are not.
    assert 'id="skills"' not in body
    assert "SQL" not in body
    assert reverse("role_detail", args=[cast.engineer.pk]) not in body


def test_report_does_not_see_manager_details(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.ada).get(reverse("person_detail", args=[cast.maya.pk]))
    assert response.status_code == 200
    assert 'id="skills"' not in response.content.decode()


def test_inactive_person_is_404_for_colleagues_but_visible_to_hr(
    client_for: ClientFor, cast: Cast
) -> None:
    Person.objects.filter(pk=cast.otto.pk).update(is_active=False)
    url = reverse("person_detail", args=[cast.otto.pk])
    assert client_for(cast.ada).get(url).status_code == 404
    assert client_for(cast.hana).get(url).status_code == 200


def test_missing_person_is_404(client_for: ClientFor, cast: Cast) -> None:
    assert client_for(cast.ada).get(reverse("person_detail", args=[999999])).status_code == 404


def test_directory_search_and_filters(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.otto)
    body = _results(client.get(reverse("directory"), {"q": "lovelace"}))
    assert "Ada Lovelace" in body and "Otto Outsider" not in body
    body = _results(client.get(reverse("directory"), {"unit": cast.other_team.pk}))
    assert "Otto Outsider" in body and "Ada Lovelace" not in body
    # Sub-units are included when filtering by a parent unit.
    engineering = cast.team.parent.parent  # type: ignore[union-attr]
    body = _results(client.get(reverse("directory"), {"unit": engineering.pk}))
    assert "Ada Lovelace" in body and "Maya Manager" in body and "Otto Outsider" not in body
    body = _results(client.get(reverse("directory"), {"location": "lisbon"}))
    assert "6 people" in body


def test_directory_skill_filter_does_not_leak_skills(client_for: ClientFor, cast: Cast) -> None:
    params = {"skill": "sql"}
    assert "Ada Lovelace" not in _results(client_for(cast.otto).get(reverse("directory"), params))
    assert "Ada Lovelace" in _results(client_for(cast.maya).get(reverse("directory"), params))
    assert "Ada Lovelace" in _results(client_for(cast.hana).get(reverse("directory"), params))
    params = {"role": cast.engineer.pk}
    assert "Ada Lovelace" not in _results(client_for(cast.otto).get(reverse("directory"), params))
    assert "Ada Lovelace" in _results(client_for(cast.dora).get(reverse("directory"), params))


def test_directory_htmx_returns_results_fragment(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.ada).get(reverse("directory"), {"q": "otto"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Otto Outsider" in body
    assert "<html" not in body


def test_unit_tree_and_chart(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.otto)
    body = client.get(reverse("unit_tree")).content.decode()
    for name in ("Acme", "Engineering", "Platform", "Storage", "Sales"):
        assert name in body
    engineering = cast.team.parent.parent  # type: ignore[union-attr]
    body = client.get(reverse("unit_detail", args=[engineering.pk])).content.decode()
    # Dora manages Maya who manages Ada: the chart nests them in that order.
    assert body.index("Dora Director") < body.index("Maya Manager") < body.index("Ada Lovelace")
    assert "(3 people)" in body
    assert client.get(reverse("unit_detail", args=[999999])).status_code == 404


def test_home_lists_reports_for_manager(client_for: ClientFor, cast: Cast) -> None:
    body = client_for(cast.maya).get(reverse("home")).content.decode()
    assert "My team" in body and "Ada Lovelace" in body
    assert "Question of the day" in body
    body = client_for(cast.otto).get(reverse("home")).content.decode()
    assert "My team" not in body


def test_directory_unknown_skill_is_a_clear_error(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.maya).get(reverse("directory"), {"skill": "Juggling"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "No skill is called “Juggling”." in body
    assert 'value="Juggling"' in body


def test_directory_keeps_chosen_filters(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.otto).get(
        reverse("directory"), {"unit": cast.team.pk, "role": cast.engineer.pk}
    )
    body = response.content.decode()
    # A team (deeper than a department) chosen elsewhere is still offered, and selected.
    assert f'<option value="{cast.team.pk}" selected>Acme/Engineering/Platform/Storage' in body
    assert f'<option value="{cast.engineer.pk}" selected>Software Engineer (L2)' in body
