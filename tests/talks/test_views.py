from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from tests.cast import Cast, ClientFor
from tests.talks.helpers import followup, log, pull, push
from trellis.careers.models import CareerProfile
from trellis.org.models import AuditEvent, Person
from trellis.org.services import person_set_manager
from trellis.talks.models import Conversation


def _post_log(client: Client, person: Person, **extra: Any) -> Any:
    data = {
        "when": "2025-05-02T10:30",
        "kind": "informal",
        "summary": "",
        "visibility": "shared",
        "item-0-kind": "pull:interests",
        "item-0-text": "Loves <b>bouldering</b>",
        "item-1-kind": "",
        "item-1-text": "",
        "fu-0-text": "Book the course",
        "fu-0-owner": "them",
        "fu-0-due": "2025-06-01",
        **extra,
    }
    return client.post(reverse("talks:log", args=[person.pk]), data)


def test_log_conversation(cast: Cast, client_for: ClientFor) -> None:
    response = _post_log(
        client_for(cast.maya),
        cast.ada,
        **{
            "item-3-kind": "push:paths",
            "item-3-text": "Senior",
            "item-3-role": cast.senior_engineer.pk,
        },
    )
    c = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "talks:detail", args=[c.pk]
    )
    assert [(i.category, i.role_id) for i in c.items.all()] == [
        ("interests", None),
        ("paths", cast.senior_engineer.pk),
    ]
    assert c.followups.get().owner == cast.ada
    page = client_for(cast.ada).get(response["Location"]).content.decode()
    assert "Loves &lt;b&gt;bouldering&lt;/b&gt;" in page and "<b>bouldering" not in page


def test_empty_log_keeps_input_with_message(cast: Cast, client_for: ClientFor) -> None:
    response = _post_log(
        client_for(cast.maya),
        cast.ada,
        **{
            "item-0-kind": "",
            "item-0-text": "",
            "fu-0-text": "",
            "fu-0-due": "",
            "when": "2025-05-02T10:30",
        },
    )
    assert response.status_code == 400
    assert "an empty conversation is not saved" in response.content.decode()
    assert 'value="2025-05-02T10:30"' in response.content.decode()
    assert not Conversation.objects.exists()


def test_row_errors_are_specific(cast: Cast, client_for: ClientFor) -> None:
    response = _post_log(
        client_for(cast.maya),
        cast.ada,
        **{"item-0-kind": "", "item-1-text": "typed", "item-1-skill": "Cobol", "fu-0-due": ""},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose a pull or push category for this item." in body
    assert "No skill called “Cobol”." in body
    assert "Give the follow-up a due date." in body
    assert 'value="typed"' in body


def test_item_row_for_htmx(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.maya).get(
        reverse("talks:item_row"), {"n": 5}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'name="item-5-text"' in body and "n=6" in body and 'hx-swap-oob="true"' in body
    assert client_for(cast.maya).get(reverse("talks:item_row"), {"n": "x"}).status_code == 400


def test_accept_item_in_one_click(cast: Cast, client_for: ClientFor) -> None:
    c = log(cast.maya, cast.ada, items=[pull("interests", "Bouldering")])
    item = c.items.get()
    url = reverse("talks:item_decide", args=[item.pk, "accept"])
    assert client_for(cast.maya).post(url).status_code == 404
    response = client_for(cast.ada).post(url)
    assert response.status_code == 302
    assert CareerProfile.objects.get(person=cast.ada).interests == "Bouldering"


def test_prep_sheet(
    cast: Cast, client_for: ClientFor, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    log(
        cast.maya,
        cast.ada,
        items=[pull("interests", "Chess")],
        followups=[followup(cast.ada, "Read the guide")],
    )
    CareerProfile.objects.create(person=cast.ada, motivators="Solving puzzles", weaknesses="Hidden")
    client = client_for(cast.maya)
    client.get(reverse("talks:prep", args=[cast.ada.pk]))  # warms the market's cache
    with django_assert_max_num_queries(22):
        response = client.get(reverse("talks:prep", args=[cast.ada.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chess" in body and "Solving puzzles" in body and "Hidden" not in body  # private section
    assert "Read the guide" in body
    assert 'data-category="values"' in body and "What matters most to you" in body
    assert AuditEvent.objects.filter(action="talks.prep.read", target_id=str(cast.ada.pk)).exists()


def test_prep_sheet_query_count_is_constant(
    cast: Cast, client_for: ClientFor, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(12):
        log(
            cast.maya,
            cast.ada,
            items=[pull("values", f"v{n}"), push("feedback", "f")],
            followups=[followup(cast.ada)],
        )
    client = client_for(cast.maya)
    client.get(reverse("talks:prep", args=[cast.ada.pk]))  # warms the market's cache
    with django_assert_max_num_queries(22):
        assert client.get(reverse("talks:prep", args=[cast.ada.pk])).status_code == 200


def test_coverage(
    cast: Cast, client_for: ClientFor, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(8):
        p = Person.objects.create(
            employee_id=f"R{n}", first_name="Rep", last_name=f"N{n}", email=f"r{n}@example.com"
        )
        person_set_manager(person=p, manager=cast.maya)
        log(
            cast.maya,
            p,
            when=timezone.now() - dt.timedelta(days=10 * n * n),
            items=[pull("goals", "g")],
        )
    client = client_for(cast.maya)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("talks:coverage"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "people have not had one in 90 days" in body
    assert body.count("over 90 days") == 6  # Ada (never) and reps 3..7 (90 days or more)


@pytest.mark.parametrize("who", ["otto", "ada"])
def test_coverage_refused_without_reports(cast: Cast, client_for: ClientFor, who: str) -> None:
    assert client_for(getattr(cast, who)).get(reverse("talks:coverage")).status_code == 404


def test_guide_editing(cast: Cast, client_for: ClientFor) -> None:
    assert client_for(cast.maya).get(reverse("talks:guide")).status_code == 200
    assert (
        client_for(cast.maya)
        .post(reverse("talks:guide_add"), {"area": "self", "kind": "ask", "text": "Q"})
        .status_code
        == 404
    )
    hr = client_for(cast.hana)
    assert (
        hr.post(
            reverse("talks:guide_add"), {"area": "self", "kind": "ask", "text": "Our new question?"}
        ).status_code
        == 302
    )
    from trellis.talks.models import SpurQuestion

    q = SpurQuestion.objects.get(text="Our new question?")
    hr.post(reverse("talks:guide_edit", args=[q.pk]), {"action": "retire"})
    q.refresh_from_db()
    assert not q.active
    assert (
        "Our new question?"
        not in client_for(cast.maya).get(reverse("talks:guide")).content.decode()
    )


def test_feedback_flow(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.ada).post(
        reverse("talks:feedback"), {"emails": "maya@example.com, nobody@example.com"}
    )
    assert response.status_code == 400 and "nobody@example.com" in response.content.decode()
    response = client_for(cast.ada).post(
        reverse("talks:feedback"), {"emails": "maya@example.com", "note": "Be honest"}
    )
    request_pk = int(response["Location"].rstrip("/").split("/")[-1])
    assert (
        client_for(cast.otto).get(reverse("talks:feedback_answer", args=[request_pk])).status_code
        == 404
    )
    client_for(cast.maya).post(
        reverse("talks:feedback_answer", args=[request_pk]), {"known_for": "Clear docs"}
    )
    assert (
        client_for(cast.maya).get(reverse("talks:feedback_detail", args=[request_pk])).status_code
        == 404
    )
    body = (
        client_for(cast.ada)
        .get(reverse("talks:feedback_detail", args=[request_pk]))
        .content.decode()
    )
    assert "Clear docs" in body and "Maya Manager" in body


def test_outsider_refused_everywhere(cast: Cast, client_for: ClientFor) -> None:
    c = log(cast.maya, cast.ada, items=[pull("values", "x")], followups=[followup(cast.ada)])
    item, fu = c.items.get(), c.followups.get()
    client = client_for(cast.otto)
    gets = [
        reverse("talks:detail", args=[c.pk]),
        reverse("talks:ics", args=[c.pk]),
        reverse("talks:prep", args=[cast.ada.pk]),
        reverse("talks:log", args=[cast.ada.pk]),
        reverse("talks:plan", args=[cast.ada.pk]),
        reverse("talks:coverage"),
        reverse("talks:guide"),
        reverse("talks:guide_edit", args=[1]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("talks:item_decide", args=[item.pk, "accept"]),
        reverse("talks:followup_done", args=[fu.pk]),
        reverse("talks:log", args=[cast.ada.pk]),
        reverse("talks:guide_add"),
    ]
    for url in posts:
        assert client.post(url, {"summary": "x", "when": "2025-01-01T10:00"}).status_code == 404, (
            url
        )
    assert "Lovelace" not in client.get(reverse("talks:list")).content.decode()


def test_buddy_opens_log_and_prep_pages(cast: Cast, client_for: ClientFor) -> None:
    from tests.talks.helpers import pair
    from trellis.market.models import PairingKind

    client = client_for(cast.otto)
    assert client.get(reverse("talks:log", args=[cast.ada.pk])).status_code == 404
    pair(PairingKind.BUDDY, cast.ada, cast.otto)
    assert client.get(reverse("talks:log", args=[cast.ada.pk])).status_code == 200
    assert client.get(reverse("talks:prep", args=[cast.ada.pk])).status_code == 200
    assert client.get(reverse("talks:prep", args=[cast.dora.pk])).status_code == 404


def test_question_of_the_day(cast: Cast) -> None:
    from trellis.talks.models import QuestionKind, SpurQuestion
    from trellis.talks.selectors import question_of_the_day

    day = dt.date(2025, 3, 3)
    today = question_of_the_day(today=day)
    assert today is not None and today.kind != QuestionKind.OFFER and today.active
    assert question_of_the_day(today=day) == today  # the same all day
    assert question_of_the_day(today=day + dt.timedelta(days=1)) != today
    SpurQuestion.objects.exclude(pk=today.pk).update(active=False)
    assert question_of_the_day(today=day + dt.timedelta(days=5)) == today
    SpurQuestion.objects.update(active=False)
    assert question_of_the_day(today=day) is None


def test_guide_has_last_fifteen_minutes_and_hr_rewords(cast: Cast, client_for: ClientFor) -> None:
    from trellis.talks.models import QuestionKind, SpurQuestion

    last15 = SpurQuestion.objects.filter(kind=QuestionKind.LAST15, active=True)
    assert last15.count() >= 3
    page = client_for(cast.maya).get(reverse("talks:guide")).content.decode()
    assert all(q.text in page for q in last15)
    q = last15.first()
    assert q is not None
    url = reverse("talks:guide_edit", args=[q.pk])
    assert client_for(cast.maya).post(url, {"text": "Mine?"}).status_code == 404
    assert client_for(cast.hana).post(url, {"text": "What will you try before we meet again?"})[
        "Location"
    ] == reverse("talks:guide")
    q.refresh_from_db()
    assert q.text == "What will you try before we meet again?"
    prep_page = client_for(cast.maya).get(reverse("talks:prep", args=[cast.ada.pk]))
    assert "What will you try before we meet again?" in prep_page.content.decode()


def test_coverage_goal_and_progress(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.maya)
    log(cast.maya, cast.ada, kind="informal", when=timezone.now())
    response = client.post(reverse("talks:coverage_goal"), {"unplanned_per_month": "3"})
    assert response.status_code == 302
    body = client.get(reverse("talks:coverage")).content.decode()
    assert "<strong>1</strong> unplanned conversation of your goal of <strong>3</strong>" in body
    client.post(reverse("talks:coverage_goal"), {"unplanned_per_month": "99"})
    body = client.get(reverse("talks:coverage")).content.decode()
    assert "Choose a number of conversations between 0 and 60." in body
    assert "of your goal of <strong>3</strong>" in body


def test_coverage_query_count_does_not_grow_with_reports(cast: Cast, client_for: ClientFor) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reports(start: int, count: int) -> None:
        for n in range(start, start + count):
            p = Person.objects.create(
                employee_id=f"C{n}", first_name="Rep", last_name=f"C{n}", email=f"c{n}@example.com"
            )
            person_set_manager(person=p, manager=cast.maya)
            log(cast.maya, p, items=[pull("goals", "g")], followups=[followup(p)])

    def count() -> int:
        client = client_for(cast.maya)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("talks:coverage")).status_code == 200
        return len(ctx.captured_queries)

    reports(0, 2)
    small = count()
    reports(2, 48)  # fifty reports
    assert count() == small


def test_coverage_chart_counts_held_conversations_per_month(
    cast: Cast, client_for: ClientFor
) -> None:
    log(cast.maya, cast.ada, when=timezone.now() - dt.timedelta(days=1), items=[pull("goals", "g")])
    body = client_for(cast.maya).get(reverse("talks:coverage")).content.decode()
    assert ">Career conversations held per month</title>" in body
    assert "your goal is 2 unplanned a month" in body and "Goal: 2 unplanned" in body
    month = f"{timezone.localtime(timezone.now() - dt.timedelta(days=1)):%b %y}"
    planned = Conversation.objects.get().planned
    cells = "<td>1</td><td>0</td>" if planned else "<td>0</td><td>1</td>"
    assert f'<th scope="row">{month}</th>{cells}' in body
