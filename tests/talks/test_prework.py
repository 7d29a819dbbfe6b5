"""Planning a conversation asks the employee for a rough plan, which the author reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from tests.talks.helpers import log
from trellis.careers.models import Notification
from trellis.org.access import viewer_for
from trellis.org.models import AuditEvent
from trellis.talks import prep, services
from trellis.talks.models import Conversation, PreWork
from trellis.talks.services import TalkError


def _plan(cast: Cast, **kwargs: object) -> Conversation:
    kwargs.setdefault("when", timezone.now() + dt.timedelta(days=3))
    kwargs.setdefault("kind", "career_session")
    return log(cast.maya, cast.ada, status="planned", summary="", **kwargs)


def test_planning_asks_the_employee_in_app_and_by_email(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        c = _plan(cast)
    prework = PreWork.objects.get(conversation=c)
    assert prework.person == cast.ada and not prework.answered
    note = Notification.objects.get(recipient=cast.ada)
    assert note.url == reverse("talks:prework", args=[c.pk])
    assert "Bring a rough plan: what you have learned, what you enjoy, the next role" in (
        note.message
    )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada@example.com"]
    assert email.subject.startswith("Trellis: a career conversation with Maya Manager on ")
    assert "- What have you learned lately — at work or outside it?" in email.body
    assert "- What do you enjoy most in your work" in email.body
    assert "- Which role could come next for you, even if it is only a hunch?" in email.body
    assert email.body.rstrip().endswith(f"/talks/{c.pk}/prework/")


def test_private_plan_contacts_nobody(cast: Cast, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _plan(cast, visibility="private")
    assert not PreWork.objects.exists()
    assert mail.outbox == [] and not Notification.objects.exists()


def test_only_the_employee_opens_the_page(cast: Cast, client_for: ClientFor) -> None:
    c = _plan(cast)
    url = reverse("talks:prework", args=[c.pk])
    for person in (cast.maya, cast.dora, cast.hana, cast.alex, cast.otto):
        assert client_for(person).get(url).status_code == 404, person
        assert client_for(person).post(url, {"learned": "x"}).status_code == 404, person
    assert client_for(cast.ada).get(url).status_code == 200


def test_employee_answers_and_the_manager_reads_it_on_the_prep_sheet(
    cast: Cast, client_for: ClientFor
) -> None:
    c = _plan(cast)
    ada = client_for(cast.ada)
    url = reverse("talks:prework", args=[c.pk])
    response = ada.post(
        url,
        {
            "learned": "Query plans <in> Postgres",
            "enjoy": "Pairing with new joiners",
            "next_role": "Senior engineer",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    prework = PreWork.objects.get(conversation=c)
    assert prework.answered and prework.learned == "Query plans <in> Postgres"
    assert AuditEvent.objects.filter(action="talks.prework.answer").count() == 1
    assert Notification.objects.filter(
        recipient=cast.maya, message="Ada Lovelace wrote a plan for your career conversation."
    ).exists()

    body = client_for(cast.maya).get(reverse("talks:prep", args=[cast.ada.pk])).content.decode()
    assert "Query plans &lt;in&gt; Postgres" in body and "<in>" not in body
    assert "Pairing with new joiners" in body and "Senior engineer" in body
    sheet = prep.prep_sheet(viewer=viewer_for(cast.maya.user), person=cast.ada)
    energy = next(p for p in sheet.pieces if p.category == "energy")
    goals = next(p for p in sheet.pieces if p.category == "goals")
    assert energy.state == "known" and energy.evidence[0].source == "pre-work"
    assert [e.text for e in goals.evidence] == ["Senior engineer"]


def test_another_author_does_not_see_the_plan(cast: Cast) -> None:
    c = _plan(cast)
    services.prework_answer(
        viewer=viewer_for(cast.ada.user),
        prework=c.prework,
        learned="Secret",
        enjoy="",
        next_role="",
    )
    assert prep.prep_sheet(viewer=viewer_for(cast.dora.user), person=cast.ada).prework == []
    assert prep.prep_sheet(viewer=viewer_for(cast.hana.user), person=cast.ada).prework == []
    assert [
        p.learned
        for p in prep.prep_sheet(viewer=viewer_for(cast.maya.user), person=cast.ada).prework
    ] == ["Secret"]


def test_empty_answer_keeps_what_was_typed(cast: Cast, client_for: ClientFor) -> None:
    c = _plan(cast)
    response = client_for(cast.ada).post(
        reverse("talks:prework", args=[c.pk]), {"learned": "  ", "enjoy": "", "next_role": ""}
    )
    assert response.status_code == 400
    assert "Answer at least one of the three questions." in response.content.decode()
    too_long = client_for(cast.ada).post(
        reverse("talks:prework", args=[c.pk]), {"learned": "x" * 2001, "enjoy": "Kept"}
    )
    assert too_long.status_code == 400 and "Kept</textarea>" in too_long.content.decode()
    assert not PreWork.objects.get().answered


def test_plan_is_frozen_once_held(cast: Cast) -> None:
    c = _plan(cast)
    services.conversation_hold(
        viewer=viewer_for(cast.maya.user), conversation=c, when=c.when, kind=c.kind, summary="Done"
    )
    with pytest.raises(TalkError) as error:
        services.prework_answer(
            viewer=viewer_for(cast.ada.user),
            prework=PreWork.objects.get(),
            learned="late",
            enjoy="",
            next_role="",
        )
    assert str(error.value) == "This conversation has been held; your plan is kept as it was."


def test_prework_api_for_the_employee_only(cast: Cast, client_for: ClientFor) -> None:
    c = _plan(cast)
    url = f"/api/v1/talks/conversations/{c.pk}/prework"
    assert client_for(cast.maya).get(url).status_code == 404
    response = client_for(cast.ada).put(
        url, '{"enjoy": "Teaching"}', content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["enjoy"] == "Teaching" and response.json()["conversation_id"] == c.pk
    prep_json = client_for(cast.maya).get(f"/api/v1/talks/prep/{cast.ada.pk}").json()
    assert [p["enjoy"] for p in prep_json["prework"]] == ["Teaching"]
