"""An iCalendar (RFC 5545) invitation for a planned conversation, written with icalendar.

The library escapes text values and folds lines at 75 octets (never inside a character);
the invitation carries who, when and the kind of conversation, never the notes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

if TYPE_CHECKING:
    from trellis.org.models import Person
    from trellis.talks.models import Conversation


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(microsecond=0)


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.full_name.replace('"', "'"))
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def conversation_ics(conversation: Conversation, *, host: str, url: str) -> str:
    start = conversation.when
    end = start + dt.timedelta(minutes=conversation.duration)
    title = (
        f"Career conversation ({conversation.get_kind_display()}): "
        f"{conversation.author.full_name} and {conversation.person.full_name}"
    )
    description = (
        "A career conversation planned in Trellis. Before it, note what you have learned, "
        f"what you enjoy and the next role you might want. Open it in Trellis: {url}"
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Trellis//Career conversations//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"talk-{conversation.pk}@{host}")
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(start))
    event.add("dtend", _utc(end))
    event.add("summary", title)
    event.add("description", description)
    event.add("url", url)
    event.add("organizer", _address(conversation.author))
    event.add(
        "attendee",
        _address(conversation.person, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION"),
    )
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
