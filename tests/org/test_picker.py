"""The people picker: ranking, access, the htmx listbox, the API and the forms that use it."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.org.picker import people_pick
from trellis.talks.models import Conversation, FeedbackRequest


def _names(cast: Cast, q: str, **kw: object) -> list[str]:
    return [p.full_name for p in people_pick(viewer=viewer_for(cast.otto.user), q=q, **kw)]


def test_name_first_then_last_name_then_title_then_unit(cast: Cast) -> None:
    Person.objects.create(employee_id="E-1", first_name="Engel", last_name="Zed", email="e@x.org")
    Person.objects.create(
        employee_id="E-2", first_name="Zoe", last_name="Engström", email="z@x.org"
    )
    # Names first, then job titles (title by title, each in name order), then Dora: a member
    # of the unit "Engineering".
    assert _names(cast, "eng") == [
        "Engel Zed",
        "Zoe Engström",
        "Maya Manager",
        "Ada Lovelace",
        "Dora Director",
    ]
    assert _names(cast, "  ADA   lo ") == ["Ada Lovelace"]
    assert _names(cast, "lovelace a") == ["Ada Lovelace"]
    assert _names(cast, "software eng") == ["Ada Lovelace"]
    assert _names(cast, "field sal") == ["Otto Outsider"]  # the unit "Field Sales"
    assert _names(cast, cast.ada.employee_id) == ["Ada Lovelace"]
    assert _names(cast, "eng", limit=2) == ["Engel Zed", "Zoe Engström"]
    assert _names(cast, "eng", exclude=[cast.maya.pk]) == [
        "Engel Zed",
        "Zoe Engström",
        "Ada Lovelace",
        "Dora Director",
    ]


def test_keys_follow_every_write_and_leavers_are_not_offered(cast: Cast) -> None:
    Person.objects.filter(pk=cast.ada.pk).update(last_name="Byron")  # a bulk write, no save()
    assert _names(cast, "byron") == ["Ada Byron"] and _names(cast, "lovelace") == []
    Person.objects.filter(pk=cast.ada.pk).update(is_active=False)
    assert _names(cast, "ada") == []


def test_nothing_for_a_stranger_or_a_blank_query(cast: Cast) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert people_pick(viewer=viewer_for(AnonymousUser()), q="ada") == []
    assert _names(cast, "   ") == []


def test_few_queries_whatever_the_size(cast: Cast) -> None:
    for n in range(30):
        Person.objects.create(
            employee_id=f"B-{n}", first_name=f"Bulk{n}", last_name="Person", email=f"b{n}@x.org"
        )
    viewer = viewer_for(cast.otto.user)
    with CaptureQueriesContext(connection) as ctx:
        assert len(people_pick(viewer=viewer, q="bulk")) == 8
    assert len(ctx.captured_queries) == 2  # the employee id, then the first-name index


def test_listbox_page_shows_directory_facts_only(cast: Cast, client_for: ClientFor) -> None:
    url = reverse("people_pick")
    body = client_for(cast.otto).get(url, {"q": "love", "box": "x-list"}).content.decode()
    assert f'id="x-list-{cast.ada.pk}"' in body and 'role="option"' in body
    assert "Software Engineer · Storage" in body and "@" not in body
    body = client_for(cast.otto).get(url, {"q": "love", "box": '"><b>'}).content.decode()
    assert f'id="pick-{cast.ada.pk}"' in body  # a made-up box id is replaced, never echoed
    assert "Nobody matches" in client_for(cast.otto).get(url, {"q": "qqq"}).content.decode()
    assert client_for(cast.otto).get(url).content.decode().strip() == ""
    assert Client().get(url, {"q": "love"}).status_code == 302


def test_api(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.otto).get("/api/v1/people/pick", {"q": "lovelace"})
    assert response.status_code == 200
    assert response.json() == [
        {"id": cast.ada.pk, "name": "Ada Lovelace", "title": "Software Engineer", "unit": "Storage"}
    ]
    bad = client_for(cast.otto).get("/api/v1/people/pick", {"q": "x" * 300})
    assert bad.status_code == 422 and "q" in bad.content.decode()


def test_feedback_request_with_picked_people(cast: Cast, client_for: ClientFor) -> None:
    url = reverse("talks:feedback")
    page = client_for(cast.ada).get(url).content.decode()
    assert 'role="combobox"' in page and 'data-picker-multi="1"' in page
    response = client_for(cast.ada).post(url, {"people": ["abc"]})
    assert (
        response.status_code == 400 and "Choose people from the list." in response.content.decode()
    )
    assert client_for(cast.ada).post(url, {}).status_code == 400
    client_for(cast.ada).post(url, {"people": [cast.maya.pk, cast.otto.pk]})
    request = FeedbackRequest.objects.get()
    assert sorted(a.respondent.pk for a in request.answers.all()) == sorted(
        [cast.maya.pk, cast.otto.pk]
    )


def test_conversation_item_links_a_picked_person(cast: Cast, client_for: ClientFor) -> None:
    data = {
        "when": "2025-05-02T10:30",
        "kind": "informal",
        "visibility": "shared",
        "item-0-kind": "push:people",
        "item-0-text": "Talk to Otto about sales",
        "item-0-contact": str(cast.otto.pk),
    }
    url = reverse("talks:log", args=[cast.ada.pk])
    response = client_for(cast.maya).post(url, {**data, "item-0-contact": "999999"})
    assert (
        response.status_code == 400 and "Choose someone from the list." in response.content.decode()
    )
    client_for(cast.maya).post(url, data)
    assert Conversation.objects.get().items.get().contact == cast.otto
