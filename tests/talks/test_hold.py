"""A planned conversation is marked held with its notes and still counts as planned."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from tests.talks.helpers import followup, log, pull
from trellis.org.access import viewer_for
from trellis.org.models import AuditEvent
from trellis.talks import services
from trellis.talks.coverage import coverage_for
from trellis.talks.models import Conversation
from trellis.talks.services import EMPTY_CONVERSATION, TalkError


def _planned(cast: Cast, *, days: int = -1, kind: str = "one_on_one") -> Conversation:
    return log(
        cast.maya,
        cast.ada,
        status="planned",
        kind=kind,
        summary="Agenda: next steps",
        when=timezone.now() + dt.timedelta(days=days),
    )


def test_planned_flag_is_set_from_the_calendar(cast: Cast) -> None:
    assert _planned(cast, kind="career_session").planned
    assert log(cast.maya, cast.ada, kind="one_on_one").planned
    assert not log(cast.maya, cast.ada, kind="informal").planned


def test_mark_held_keeps_the_planned_flag(cast: Cast) -> None:
    c = _planned(cast)
    coverage = coverage_for(viewer=viewer_for(cast.maya.user))
    assert (coverage.rows[0].planned, coverage.rows[0].unplanned) == (0, 0)  # not held yet
    services.conversation_hold(
        viewer=viewer_for(cast.maya.user),
        conversation=c,
        when=c.when,
        kind="informal",  # it turned into a walk: the kind changes, the flag does not
        summary="We walked and talked.",
        items=[pull("values", "Autonomy")],
        followups=[followup(cast.ada)],
        spur_areas=["self"],
        stance="facilitator",
    )
    c.refresh_from_db()
    assert (c.status, c.kind, c.planned) == ("held", "informal", True)
    assert c.items.get().text == "Autonomy" and c.followups.count() == 1
    assert AuditEvent.objects.filter(action="talks.conversation.hold").count() == 1
    coverage = coverage_for(viewer=viewer_for(cast.maya.user))
    assert (coverage.rows[0].planned, coverage.rows[0].unplanned) == (1, 0)
    assert coverage.this_month_unplanned == 0


def test_unplanned_conversations_count_toward_the_goal(cast: Cast) -> None:
    log(cast.maya, cast.ada, kind="informal", when=timezone.now())
    log(cast.maya, cast.ada, kind="one_on_one", when=timezone.now())
    coverage = coverage_for(viewer=viewer_for(cast.maya.user))
    assert (coverage.rows[0].planned, coverage.rows[0].unplanned) == (1, 1)
    assert coverage.this_month_unplanned == 1


@pytest.mark.parametrize("who", ["ada", "dora", "hana", "otto"])
def test_only_the_author_marks_held(cast: Cast, who: str) -> None:
    c = _planned(cast)
    with pytest.raises(TalkError) as error:
        services.conversation_hold(
            viewer=viewer_for(getattr(cast, who).user),
            conversation=c,
            when=c.when,
            kind=c.kind,
            summary="x",
        )
    assert str(error.value) == "Only the author can fill in these notes."


def test_held_twice_or_empty_is_refused(cast: Cast) -> None:
    c = _planned(cast)
    maya = viewer_for(cast.maya.user)
    with pytest.raises(TalkError) as error:
        services.conversation_hold(viewer=maya, conversation=c, when=c.when, kind=c.kind)
    assert str(error.value) == EMPTY_CONVERSATION
    services.conversation_hold(viewer=maya, conversation=c, when=c.when, kind=c.kind, summary="ok")
    with pytest.raises(TalkError) as error:
        services.conversation_hold(
            viewer=maya, conversation=c, when=c.when, kind=c.kind, summary="ok"
        )
    assert str(error.value) == "This conversation is already marked as held."


def test_hold_page(cast: Cast, client_for: ClientFor) -> None:
    c = _planned(cast)
    url = reverse("talks:hold", args=[c.pk])
    for person in (cast.ada, cast.dora, cast.otto):
        assert client_for(person).get(url).status_code == 404
    maya = client_for(cast.maya)
    page = maya.get(url).content.decode()
    assert "Agenda: next steps" in page and "Save and mark held" in page
    detail = maya.get(reverse("talks:detail", args=[c.pk])).content.decode()
    assert url in detail
    response = maya.post(
        url,
        {
            "when": timezone.localtime(c.when).strftime("%Y-%m-%dT%H:%M"),
            "kind": "one_on_one",
            "summary": "",
            "visibility": "shared",
            "item-0-kind": "pull:energy",
            "item-0-text": "Energised by mentoring",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "talks:detail", args=[c.pk]
    )
    c.refresh_from_db()
    assert c.status == "held" and c.planned and c.summary == ""
    assert maya.get(url).status_code == 404  # nothing left to mark


def test_hold_page_keeps_input_on_error(cast: Cast, client_for: ClientFor) -> None:
    c = _planned(cast)
    response = client_for(cast.maya).post(
        reverse("talks:hold", args=[c.pk]),
        {"when": "2025-05-02T10:30", "kind": "one_on_one", "summary": "", "visibility": "shared"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "an empty conversation is not saved" in body and 'value="2025-05-02T10:30"' in body


def test_hold_api(cast: Cast, client_for: ClientFor) -> None:
    c = _planned(cast)
    url = f"/api/v1/talks/conversations/{c.pk}/held"
    body = json.dumps(
        {
            "when": "2025-05-02T10:30:00Z",
            "kind": "review",
            "items": [{"direction": "pull", "category": "goals", "text": "Lead a team"}],
        }
    )
    assert client_for(cast.ada).post(url, body, content_type="application/json").status_code == 404
    response = client_for(cast.maya).post(url, body, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["kind"]) == ("held", "review")
    assert [i["text"] for i in data["items"]] == ["Lead a team"]
