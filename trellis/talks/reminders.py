"""Reminders for conversations due, sent by ``manage.py send_conversation_reminders``.

Two rules, both about the author's own conversations (a manager is never told about notes
someone else wrote):

* **Coming up** — a planned conversation whose date is today or tomorrow (local time): its
  author is reminded, with a link to the prep sheet and whether the employee has written
  their pre-work. At most once a day per conversation, so a daily run reminds the day
  before and on the day.
* **Quiet** — a direct report with whom the manager has held no career conversation for
  90 days (the coverage page's rule) and has none planned: the manager gets one message a
  day listing such reports, and each report is listed again only after 30 days.

Each reminder is stored (:class:`~trellis.talks.models.Reminder`) before it is sent, in one
transaction: running the command twice sends nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from trellis.careers.notify import notify
from trellis.org.models import Person
from trellis.talks.models import Conversation, PreWork, Reminder, ReminderKind, Status
from trellis.talks.prep import QUIET_AFTER

QUIET_REPEAT = dt.timedelta(days=30)
QUIET_LISTED = 10  # names in one message; the coverage page has the rest


@dataclass(frozen=True)
class ReminderRun:
    upcoming: int
    quiet: int
    managers: int


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _when_text(when: dt.datetime) -> str:
    on = timezone.localtime(when)
    return f"{on:%A} {on.day} {on:%B} at {on:%H:%M}"


def _upcoming(today: dt.date) -> list[Conversation]:
    start, end = _local_midnight(today), _local_midnight(today + dt.timedelta(days=2))
    done = Reminder.objects.filter(kind=ReminderKind.UPCOMING, day=today).values("conversation_id")
    return list(
        Conversation.objects.filter(
            status=Status.PLANNED,
            when__gte=start,
            when__lt=end,
            author__is_active=True,
            person__is_active=True,
        )
        .exclude(pk__in=done)
        .select_related("author", "person")
        .order_by("when", "id")
    )


def _remind_upcoming(conversation: Conversation, today: dt.date, prework: set[int]) -> None:
    Reminder.objects.create(
        manager=conversation.author,
        kind=ReminderKind.UPCOMING,
        conversation=conversation,
        day=today,
    )
    person = conversation.person
    when = _when_text(conversation.when)
    if conversation.pk in prework:
        plan = f"{person.first_name} has written a plan for it: it is on the prep sheet."
    else:
        plan = f"{person.first_name} has not written a plan for it yet."
    notify(
        recipient=conversation.author,
        message=f"Coming up: your career conversation with {person.full_name}, {when}.",
        url=reverse("talks:prep", args=[person.pk]),
        subject=f"career conversation with {person.full_name}, {when}",
        body=(
            f"Your {conversation.get_kind_display()} career conversation with "
            f"{person.full_name} is on {when}.\n\n{plan}\n\n"
            "Two minutes on the prep sheet show what you know, what is missing and what "
            "to offer:"
        ),
    )


def _quiet_by_manager(today: dt.date) -> dict[int, list[Person]]:
    """Active direct reports due a "quiet" reminder, by manager id; a fixed number of queries."""
    now = timezone.now()
    reports = list(
        Person.objects.filter(is_active=True, manager__isnull=False, manager__is_active=True)
        .order_by("last_name", "first_name", "pk")
        .only("pk", "first_name", "last_name", "manager_id")
    )
    own = Conversation.objects.filter(author_id=F("person__manager_id"))
    recent = set(
        own.filter(status=Status.HELD, when__gte=now - QUIET_AFTER).values_list(
            "author_id", "person_id"
        )
    )
    planned = set(
        own.filter(status=Status.PLANNED, when__gte=_local_midnight(today)).values_list(
            "author_id", "person_id"
        )
    )
    reminded = set(
        Reminder.objects.filter(kind=ReminderKind.QUIET, day__gt=today - QUIET_REPEAT).values_list(
            "manager_id", "person_id"
        )
    )
    due: dict[int, list[Person]] = defaultdict(list)
    for person in reports:
        manager_id = person.manager_id
        assert manager_id is not None  # the query keeps only people with a manager
        pair = (manager_id, person.pk)
        if pair not in recent and pair not in planned and pair not in reminded:
            due[manager_id].append(person)
    return due


def _remind_quiet(manager: Person, people: list[Person], today: dt.date) -> None:
    Reminder.objects.bulk_create(
        Reminder(manager=manager, kind=ReminderKind.QUIET, person=p, day=today) for p in people
    )
    names = [p.full_name for p in people[:QUIET_LISTED]]
    more = len(people) - len(names)
    listed = ", ".join(names) + (f" and {more} more" if more else "")
    days = QUIET_AFTER.days
    count = f"{len(people)} of your reports" if len(people) > 1 else "One of your reports"
    notify(
        recipient=manager,
        message=f"{count} had no career conversation with you for {days} days: {listed}.",
        url=reverse("talks:coverage"),
        subject=f"{count} had no career conversation for {days} days",
        body=(
            f"Hello {manager.first_name},\n\n"
            f"You have not logged a career conversation in the last {days} days with:\n\n"
            + "\n".join(f"- {p.full_name}" for p in people)
            + "\n\nIt does not have to be formal: a corridor chat about what they enjoy or "
            "want to learn counts. Plan one, or log the last one if you forgot to. "
            "Your coverage page:"
        ),
    )


@transaction.atomic
def reminders_send(*, today: dt.date | None = None) -> ReminderRun:
    """Send the reminders due on ``today`` (local date) that were not sent yet."""
    today = today or timezone.localdate()
    conversations = _upcoming(today)
    prework = set(
        PreWork.objects.filter(
            conversation__in=[c.pk for c in conversations], answered_at__isnull=False
        ).values_list("conversation_id", flat=True)
    )
    for conversation in conversations:
        _remind_upcoming(conversation, today, prework)
    quiet = _quiet_by_manager(today)
    managers = Person.objects.in_bulk(list(quiet))
    for manager_id, people in quiet.items():
        _remind_quiet(managers[manager_id], people, today)
    told = {c.author_id for c in conversations} | set(quiet)
    return ReminderRun(
        upcoming=len(conversations),
        quiet=sum(len(p) for p in quiet.values()),
        managers=len(told),
    )
