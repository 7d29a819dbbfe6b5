"""Career routes the other tests only reached through the browser: each done by its owner
(the change is in the database) and refused to an outsider (404, nothing changed)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.cast import Cast, ClientFor
from trellis.careers import services
from trellis.careers.models import Accomplishment, Action, Goal
from trellis.skills.models import PersonSkill


def _goal(cast: Cast) -> Goal:
    return services.goal_create(actor=cast.ada.user, person=cast.ada, title="Lead the guild")


def _action(cast: Cast) -> Action:
    return services.action_create(actor=cast.ada.user, goal=_goal(cast), title="Run a meetup")


def test_goal_edit(cast: Cast, client_for: ClientFor) -> None:
    goal = _goal(cast)
    url = reverse("careers:goal_edit", args=[cast.ada.pk, goal.pk])
    data = {"title": "Lead the storage guild", "horizon": "long", "status": "active"}
    assert client_for(cast.otto).post(url, data).status_code == 404
    assert client_for(cast.maya).post(url, data).status_code == 404
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Lead the guild", "planned")
    response = client_for(cast.ada).post(url, data)
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.horizon, goal.status) == ("Lead the storage guild", "long", "active")


def test_action_add(cast: Cast, client_for: ClientFor) -> None:
    goal = _goal(cast)
    url = reverse("careers:action_add", args=[cast.ada.pk, goal.pk])
    prefix = f"g{goal.pk}"
    data = {f"{prefix}-kind": "learn", f"{prefix}-title": "Read the storage book"}
    data[f"{prefix}-status"] = "planned"
    assert client_for(cast.otto).post(url, data).status_code == 404
    assert not goal.actions.exists()
    assert client_for(cast.ada).post(url, data).status_code == 302
    assert list(goal.actions.values_list("title", "kind")) == [("Read the storage book", "learn")]


def test_action_status(cast: Cast, client_for: ClientFor) -> None:
    action = _action(cast)
    url = reverse("careers:action_status", args=[cast.ada.pk, action.pk])
    assert client_for(cast.otto).post(url, {"status": "done"}).status_code == 404
    # Otto's own career in the path does not open Ada's action either.
    other = reverse("careers:action_status", args=[cast.otto.pk, action.pk])
    assert client_for(cast.otto).post(other, {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == "planned"
    assert client_for(cast.ada).post(url, {"status": "done"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_accomplishment_edit(cast: Cast, client_for: ClientFor) -> None:
    item = services.accomplishment_create(
        actor=cast.ada.user, person=cast.ada, title="Shipped the cache", date=dt.date(2025, 3, 1)
    )
    url = reverse("careers:accomplishment_edit", args=[cast.ada.pk, item.pk])
    data = {"title": "Shipped the read cache", "date": "2025-03-02", "visibility": "manager"}
    assert client_for(cast.otto).post(url, data).status_code == 404
    assert client_for(cast.otto).post(url, {"delete": "1"}).status_code == 404
    item.refresh_from_db()
    assert item.title == "Shipped the cache"
    assert client_for(cast.ada).post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.date) == ("Shipped the read cache", dt.date(2025, 3, 2))
    assert client_for(cast.ada).post(url, {"delete": "1"}).status_code == 302
    assert not Accomplishment.objects.filter(pk=item.pk).exists()


def test_skill_remove(cast: Cast, client_for: ClientFor) -> None:
    url = reverse("careers:skill_remove", args=[cast.ada.pk, cast.sql.pk])
    assert client_for(cast.otto).post(url).status_code == 404
    assert client_for(cast.maya).post(url).status_code == 404
    assert PersonSkill.objects.filter(person=cast.ada, skill=cast.sql).exists()
    assert client_for(cast.ada).post(url).status_code == 302
    assert not PersonSkill.objects.filter(person=cast.ada, skill=cast.sql).exists()
    assert PersonSkill.objects.filter(person=cast.ada, skill=cast.python).exists()
