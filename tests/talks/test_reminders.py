"""``send_conversation_reminders``: planned conversations coming up and quiet reports."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast
from tests.talks.helpers import log
from trellis.careers.models import Notification
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.org.services import person_set_manager
from trellis.talks import services
from trellis.talks.models import Reminder
from trellis.talks.reminders import reminders_send


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _run(today: dt.date | None = None) -> str:
    out = StringIO()
    args = ["--today", today.isoformat()] if today else []
    call_command("send_conversation_reminders", *args, stdout=out)
    return out.getvalue().strip()


def _recent(cast: Cast, person: Person) -> None:
    log(cast.maya, person, kind="informal", when=timezone.now() - dt.timedelta(days=5))


def test_upcoming_reminded_once_a_day(cast: Cast, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    _recent(cast, cast.ada)  # Ada is not quiet: only the upcoming reminder
    log(cast.dora, cast.maya, kind="informal", when=timezone.now())  # nor is Maya
    log(cast.maya, cast.ada, status="planned", summary="", when=_at(today + dt.timedelta(days=1)))
    log(cast.maya, cast.ada, status="planned", summary="", when=_at(today + dt.timedelta(days=5)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == "1 upcoming conversation reminders and 0 quiet reports sent to 1 people."
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == "0 upcoming conversation reminders and 0 quiet reports sent to 0 people."
    note = Notification.objects.get(recipient=cast.maya, message__startswith="Coming up")
    assert note.message.startswith("Coming up: your career conversation with Ada Lovelace, ")
    assert note.url == reverse("talks:prep", args=[cast.ada.pk])
    assert [m.to for m in mail.outbox] == [["maya@example.com"]]
    assert "Ada has not written a plan for it yet." in mail.outbox[0].body
    # The next day (the day of the conversation) it is reminded again, once.
    assert _run(today + dt.timedelta(days=1)).startswith("1 upcoming")
    assert _run(today + dt.timedelta(days=1)).startswith("0 upcoming")
    assert Reminder.objects.filter(kind="upcoming").count() == 2


def test_upcoming_says_when_the_plan_is_written(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    c = log(cast.maya, cast.ada, status="planned", summary="", when=_at(today, 23))
    services.prework_answer(
        viewer=viewer_for(cast.ada.user), prework=c.prework, learned="", enjoy="x", next_role=""
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today)
    upcoming = [m for m in mail.outbox if "Ada has written a plan for it" in m.body]
    assert len(upcoming) == 1


def test_quiet_reports_listed_once_a_month(cast: Cast, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    reports = []
    for n in range(3):
        p = Person.objects.create(
            employee_id=f"Q{n}", first_name="Quinn", last_name=f"Q{n}", email=f"q{n}@example.com"
        )
        person_set_manager(person=p, manager=cast.maya)
        reports.append(p)
    _recent(cast, reports[0])  # talked five days ago
    log(cast.maya, reports[1], kind="informal", when=timezone.now() - dt.timedelta(days=120))
    log(
        cast.maya, reports[2], status="planned", summary="", when=_at(today + dt.timedelta(days=40))
    )
    # Someone else's conversation with Ada does not count for Maya.
    log(cast.dora, cast.ada, kind="informal", when=timezone.now() - dt.timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(today=today)
    assert (run.upcoming, run.quiet) == (0, 3)  # Maya: Ada and Quinn Q1; Dora: Maya
    maya_note = Notification.objects.get(recipient=cast.maya, url=reverse("talks:coverage"))
    assert maya_note.message == (
        "2 of your reports had no career conversation with you for 90 days: Ada Lovelace, Quinn Q1."
    )
    assert maya_note.url == reverse("talks:coverage")
    dora_note = Notification.objects.get(recipient=cast.dora, url=reverse("talks:coverage"))
    assert dora_note.message.startswith("One of your reports had no career conversation")
    maya_mail = next(m for m in mail.outbox if m.to == ["maya@example.com"])
    assert "- Ada Lovelace\n- Quinn Q1\n" in maya_mail.body
    # Within 30 days nobody is listed again; after 30 days they are.
    assert reminders_send(today=today + dt.timedelta(days=29)).quiet == 0
    assert reminders_send(today=today + dt.timedelta(days=30)).quiet == 3


def test_a_planned_date_that_passed_no_longer_counts(cast: Cast) -> None:
    today = timezone.localdate()
    log(cast.dora, cast.maya, kind="informal", when=timezone.now())
    log(cast.maya, cast.ada, status="planned", summary="", when=_at(today + dt.timedelta(days=3)))
    assert reminders_send(today=today).quiet == 0
    # Never marked held: four days later Ada is quiet again.
    assert reminders_send(today=today + dt.timedelta(days=4)).quiet == 1


def test_inactive_people_are_left_alone(cast: Cast) -> None:
    Person.objects.filter(pk=cast.maya.pk).update(is_active=False)
    # Maya no longer gets reminders about Ada, and Dora none about Maya.
    assert reminders_send().quiet == 0
    assert not Reminder.objects.exists()


def test_bad_date_is_refused() -> None:
    with pytest.raises(CommandError, match="--today must be a date like 2025-06-30"):
        call_command("send_conversation_reminders", "--today", "tomorrow")
