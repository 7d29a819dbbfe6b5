"""An iCalendar (RFC 5545) invitation for a planned conversation, written by hand.

Lines end in CRLF and are folded at 75 octets (a continuation starts with one space),
text values are escaped (backslash, semicolon, comma, newline). The invitation carries
who, when and the kind of conversation, never the notes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from trellis.org.models import Person
    from trellis.talks.models import Conversation

CRLF = "\r\n"
FOLD_AT = 75  # octets, not counting the CRLF


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _param(value: str) -> str:
    # Parameter values cannot hold quotes; quote them when they hold ":", ";" or ",".
    value = value.replace('"', "'")
    return f'"{value}"' if any(c in value for c in ":;,") else value


def fold(line: str) -> str:
    """Fold one content line into chunks of at most 75 octets, never splitting a character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1  # the leading space counts toward the next line's octets
        current += char
        size += width
    out.append(current)
    return CRLF.join(out)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _who(prop: str, person: Person, extra: str = "") -> str:
    return f"{prop};CN={_param(person.full_name)}{extra}:mailto:{person.email}"


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
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Trellis//Career conversations//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:talk-{conversation.pk}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(end)}",
        f"SUMMARY:{escape_text(title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        _who("ORGANIZER", conversation.author),
        _who("ATTENDEE", conversation.person, ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION"),
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + CRLF for line in lines)
