"""The invitation is valid RFC 5545: parsed back with a small unfolding parser."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from tests.talks.helpers import log


def parse(body: bytes) -> list[tuple[str, dict[str, str], str]]:
    text = body.decode("utf-8")
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in raw)
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]  # unfold
        else:
            lines.append(line)
    parsed = []
    for line in lines:
        # Split on ";" and the first ":" outside double quotes (RFC 5545 §3.1).
        parts, current, quoted, value = [], "", False, ""
        for i, char in enumerate(line):
            if char == '"':
                quoted = not quoted
            if not quoted and char in ";:":
                parts.append(current)
                current = ""
                if char == ":":
                    value = line[i + 1 :]
                    break
                continue
            current += char
        name, *params = parts
        parsed.append((name, dict(p.split("=", 1) for p in params), value))
    return parsed


def test_long_lines_fold_without_splitting_a_character(cast: Cast, client_for: ClientFor) -> None:
    cast.ada.last_name = "é" * 90
    cast.ada.save()
    c = log(cast.maya, cast.ada, status="planned", when=timezone.now() + dt.timedelta(days=1))
    response = client_for(cast.ada).get(reverse("talks:ics", args=[c.pk]))
    props = parse(response.content)  # checks every line is at most 75 octets, valid UTF-8
    summary = next(value for name, _params, value in props if name == "SUMMARY")
    assert summary.endswith("é" * 90)


def test_planned_conversation_invite(cast: Cast, client_for: ClientFor) -> None:
    cast.ada.last_name = "Lovelace, Countess; of Lovelace"
    cast.ada.save()
    when = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    c = log(
        cast.maya, cast.ada, when=when, status="planned", kind="one_on_one", duration=45, summary=""
    )
    response = client_for(cast.ada).get(reverse("talks:ics", args=[c.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    props = parse(response.content)
    names = [p[0] for p in props]
    assert names[0] == "BEGIN" and props[0][2] == "VCALENDAR"
    assert names.count("BEGIN") == 2 and names.count("END") == 2
    by_name = {name: (params, value) for name, params, value in props}
    assert by_name["VERSION"][1] == "2.0"
    assert by_name["UID"][1] == f"talk-{c.pk}@testserver"
    start = dt.datetime.strptime(by_name["DTSTART"][1], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    end = dt.datetime.strptime(by_name["DTEND"][1], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    assert start == when and end - start == dt.timedelta(minutes=45)
    assert "Lovelace\\, Countess\\; of Lovelace" in by_name["SUMMARY"][1]
    assert by_name["ATTENDEE"][0]["CN"] == '"Ada Lovelace, Countess; of Lovelace"'
    assert by_name["ORGANIZER"][1] == "mailto:maya@example.com"


def test_outsider_cannot_download(cast: Cast, client_for: ClientFor) -> None:
    c = log(cast.maya, cast.ada, status="planned", when=timezone.now() + dt.timedelta(days=1))
    assert client_for(cast.otto).get(reverse("talks:ics", args=[c.pk])).status_code == 404
