from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from tests.careers.conftest import ROLES
from tests.cast import Cast, ClientFor
from trellis.careers import services
from trellis.careers.models import Action, Goal, MapComment, Notification, Visibility


def _goal_with_checkpoint(cast: Cast) -> Goal:
    goal = services.goal_create(
        actor=cast.ada.user,
        person=cast.ada,
        title="Become senior",
        target_role=cast.senior_engineer,
        target_date=dt.date(2031, 1, 1),
    )
    action = services.action_create(
        actor=cast.ada.user, goal=goal, title="Own a design", support_needed="A design review slot"
    )
    services.checkpoint_create(
        actor=cast.ada.user, action=action, title="Draft", due=dt.date(2020, 1, 1)
    )
    return goal


@pytest.mark.parametrize("role", ROLES)
def test_map_per_role(cast: Cast, client_for: ClientFor, role: str) -> None:
    _goal_with_checkpoint(cast)
    response = client_for(getattr(cast, role)).get(reverse("careers:map", args=[cast.ada.pk]))
    assert response.status_code == (404 if role == "otto" else 200)
    if role != "otto":
        assert "Become senior" in response.content.decode()


def test_private_map_is_404_for_the_manager(cast: Cast, client_for: ClientFor) -> None:
    services.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"map": Visibility.PRIVATE}
    )
    assert client_for(cast.maya).get(reverse("careers:map", args=[cast.ada.pk])).status_code == 404


def test_overdue_checkpoint_is_highlighted_in_list_and_timeline(
    cast: Cast, client_for: ClientFor
) -> None:
    _goal_with_checkpoint(cast)
    html = client_for(cast.ada).get(reverse("careers:map", args=[cast.ada.pk])).content.decode()
    assert "1 checkpoint overdue." in html
    assert 'class="due overdue"' in html
    assert '<svg class="timeline"' in html


def test_target_role_proposes_one_action_per_gap_and_accepting_creates_them(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.ada)
    response = client.post(
        reverse("careers:goal_add", args=[cast.ada.pk]),
        {
            "title": "Senior",
            "horizon": "short",
            "target_role": cast.senior_engineer.pk,
            "status": "planned",
        },
    )
    goal = Goal.objects.get(title="Senior")
    assert response["Location"].startswith(
        reverse("careers:map", args=[cast.ada.pk]) + f"?propose={goal.pk}"
    )
    html = client.get(
        reverse("careers:map", args=[cast.ada.pk]), {"propose": goal.pk}
    ).content.decode()
    # Ada has Python 4 (meets 4) and SQL 2 (needs 3): one proposal, for SQL.
    assert "Use SQL on real work to grow from 2 to 3" in html
    assert "Learn Python" not in html
    response = client.post(
        reverse("careers:proposals_accept", args=[cast.ada.pk, goal.pk]),
        {
            "accept": [str(cast.sql.pk), "999999"],
            f"title_{cast.sql.pk}": "Write the SQL for the billing report",
            f"kind_{cast.sql.pk}": "experience",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(goal=goal)
    assert (action.title, action.kind, action.skill) == (
        "Write the SQL for the billing report",
        "experience",
        cast.sql,
    )


def test_goal_form_keeps_input_on_error(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.ada).post(
        reverse("careers:goal_add", args=[cast.ada.pk]),
        {
            "title": "",
            "horizon": "short",
            "description": "kept words",
            "status": "planned",
            "target_date": "not a date",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "This field is required." in html and "Enter a valid date." in html and "kept words" in html
    )


def test_past_checkpoint_is_allowed_but_flagged(cast: Cast, client_for: ClientFor) -> None:
    goal = _goal_with_checkpoint(cast)
    action = goal.actions.get()
    response = client_for(cast.ada).post(
        reverse("careers:checkpoint_add", args=[cast.ada.pk, action.pk]),
        {f"a{action.pk}-title": "Old step", f"a{action.pk}-due": "2021-05-01"},
        follow=True,
    )
    assert "is dated in the past (01 May 2021)" in response.content.decode()
    assert action.checkpoints.count() == 2


def test_share_comment_notify(
    cast: Cast,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    goal = _goal_with_checkpoint(cast)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.ada).post(reverse("careers:map_share", args=[cast.ada.pk]))
        response = client_for(cast.maya).post(
            reverse("careers:comment_add", args=[cast.ada.pk, goal.pk]),
            {f"c{goal.pk}-body": "<b>Good</b> plan"},
        )
    assert response.status_code == 302
    assert MapComment.objects.get().author == cast.maya
    assert Notification.objects.filter(recipient=cast.ada).count() == 1
    assert len(mail.outbox) == 2
    html = client_for(cast.ada).get(reverse("careers:map", args=[cast.ada.pk])).content.decode()
    assert "&lt;b&gt;Good&lt;/b&gt; plan" in html
    notes = client_for(cast.ada).get(reverse("careers:notifications")).content.decode()
    assert "Maya Manager commented on" in notes


@pytest.mark.parametrize("role", ["hana", "alex", "otto"])
def test_only_the_chain_and_owner_comment(cast: Cast, client_for: ClientFor, role: str) -> None:
    goal = _goal_with_checkpoint(cast)
    response = client_for(getattr(cast, role)).post(
        reverse("careers:comment_add", args=[cast.ada.pk, goal.pk]), {f"c{goal.pk}-body": "hi"}
    )
    assert response.status_code == 404
    assert not MapComment.objects.exists()


@pytest.mark.parametrize("role", ["maya", "hana", "otto"])
def test_others_cannot_change_the_map(cast: Cast, client_for: ClientFor, role: str) -> None:
    goal = _goal_with_checkpoint(cast)
    client = client_for(getattr(cast, role))
    cp = goal.actions.get().checkpoints.get()
    assert (
        client.post(reverse("careers:goal_add", args=[cast.ada.pk]), {"title": "x"}).status_code
        == 404
    )
    assert (
        client.post(reverse("careers:checkpoint_toggle", args=[cast.ada.pk, cp.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("careers:goal_delete", args=[cast.ada.pk, goal.pk])).status_code == 404
    )
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_other_peoples_objects_are_404_through_my_own_urls(
    cast: Cast, client_for: ClientFor
) -> None:
    goal = _goal_with_checkpoint(cast)
    response = client_for(cast.otto).post(
        reverse("careers:goal_delete", args=[cast.otto.pk, goal.pk])
    )
    assert response.status_code == 404


def test_map_query_count_is_constant(
    cast: Cast, client_for: ClientFor, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for i in range(4):
        goal = _goal_with_checkpoint(cast)
        services.comment_add(
            actor=cast.maya.user, author=cast.maya, goal=goal, action=None, body=f"c{i}"
        )
    client = client_for(cast.maya)
    client.get(reverse("careers:map", args=[cast.ada.pk]))
    with django_assert_max_num_queries(16):
        client.get(reverse("careers:map", args=[cast.ada.pk]))
