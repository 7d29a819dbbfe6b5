"""A person's review calendar as iCalendar (RFC 5545), written with the icalendar library.

Each cycle is an all-day event from its first to its last day (DTEND is the day after, as the
standard wants for dates); the description says what is evaluated, who takes part and where
the criteria are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from trellis.org.models import ReviewCycle


def _description(cycle: ReviewCycle) -> str:
    parts = [cycle.get_kind_display() + "."]
    if cycle.participants:
        parts.append(f"Who takes part: {cycle.participants}")
    if cycle.evaluated:
        parts.append(f"What is evaluated: {cycle.evaluated}")
    if cycle.criteria_url:
        parts.append(f"Criteria: {cycle.criteria_url}")
    return "\n".join(parts)


def cycles_ics(cycles: Iterable[ReviewCycle], *, host: str, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Trellis//Review calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for cycle in cycles:
        event = Event()
        event.add("uid", f"cycle-{cycle.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", cycle.starts_on)
        event.add("dtend", cycle.ends_on + dt.timedelta(days=1))
        event.add("summary", f"{cycle.get_kind_display()}: {cycle.title}")
        event.add("description", _description(cycle))
        if cycle.criteria_url:
            event.add("url", cycle.criteria_url)
        event.add("transp", "TRANSPARENT")  # a period, not a meeting: it does not block time
        calendar.add_component(event)
    return calendar.to_ical()
