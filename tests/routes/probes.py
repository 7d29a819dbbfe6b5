"""How a registry entry is written and how one probe is run (see ``tests/test_route_ownership``)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.client import ClientHandler
from pypdf import PdfReader

from tests.routes.world import SECRET, World

# Bookkeeping that a refused request may touch without changing anyone's data: sessions,
# the login throttle's log, and a token's "last used" stamp.
UNTRACKED_TABLES = frozenset({"django_session", "org_apitoken", "django_admin_log"}) | frozenset(
    t for t in ("axes_accessattempt", "axes_accesslog", "axes_accessfailurelog")
)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_SECRET = "r" * 32  # an unmasked CSRF secret: sent as the cookie and echoed in the header
# One handler for every probe's client: building the middleware chain (WhiteNoise indexes every
# static file) costs more than the request itself.
_HANDLER = ClientHandler(enforce_csrf_checks=True)


@dataclass(frozen=True)
class Ref:
    """A value filled in from the world: the primary key of the object named ``name``."""

    name: str


Body = Mapping[str, object] | Callable[[World], Mapping[str, object]] | None


@dataclass(frozen=True)
class Probe:
    """One request as one person, and what must come back.

    ``fill``, ``body`` and ``query`` override the entry's for this probe only (e.g. the
    outsider's own person id with the owner's goal id). ``shows`` must appear in the answer
    (so the probe really reached the data), ``hides`` must not, and ``json`` is a subset the
    JSON answer must contain. A write that is allowed must change the database unless
    ``changes=False``; a refused one never may.
    """

    who: str | None
    status: int
    fill: Mapping[str, object] = field(default_factory=dict)
    shows: str = ""
    hides: tuple[str, ...] = ()
    json: Mapping[str, object] | None = None
    changes: bool = True
    refused: bool = False
    body: Body = None
    query: str | None = None


@dataclass(frozen=True)
class Route:
    """A registry entry: how to fill the path, what to send, and who gets what.

    ``scope`` says whose data the route is about: ``owned`` (someone's object in the path:
    the outsider must be refused), ``self`` (always the caller's own data: the outsider gets
    their own and none of anyone else's secrets), or ``public`` (the same for everyone).
    """

    probes: tuple[Probe, ...]
    fill: Mapping[str, object] = field(default_factory=dict)
    body: Body = None
    query: str = ""
    scope: str = "owned"
    rule: str = ""
    as_json: bool = False  # a page that takes a JSON body (the API always does)


def ok(who: str | None, status: int = 200, **kw: Any) -> Probe:
    return Probe(who, status, **kw)


def no(who: str | None, status: int = 404, **kw: Any) -> Probe:
    return Probe(who, status, refused=True, **kw)


def owned(*probes: Probe, **kw: Any) -> Route:
    return Route(probes=probes, **kw)


def mine(*probes: Probe, **kw: Any) -> Route:
    return Route(probes=probes, scope="self", **kw)


def public(*probes: Probe, **kw: Any) -> Route:
    return Route(probes=probes, scope="public", **kw)


# ---------------------------------------------------------------------------------------------


def body_for(world: World, route: Route, probe: Probe) -> dict[str, object] | None:
    raw = probe.body if probe.body is not None else route.body
    if callable(raw):
        raw = raw(world)
    return resolve(world, dict(raw)) if raw is not None else None  # type: ignore[return-value]


def resolve(world: World, value: object) -> object:
    """Replace every :class:`Ref` (also inside lists and dicts) by the object's id."""
    if isinstance(value, Ref):
        return world.ids[value.name]
    if isinstance(value, list):
        return [resolve(world, v) for v in value]
    if isinstance(value, dict):
        return {k: resolve(world, v) for k, v in value.items()}
    return value


def url_for(world: World, template: str, route: Route, probe: Probe) -> str:
    fill = {**route.fill, **probe.fill}
    # A name of the world's objects stands for its id; any other value is used as it is.
    values = {
        name: world.ids[v] if isinstance(v, str) and v in world.ids else v
        for name, v in fill.items()
    }
    url = template.format(**values)
    # The query may name the world's objects too: ``"person_id={ada}"``.
    query = probe.query if probe.query is not None else route.query
    return f"{url}?{query.format(**world.ids)}" if query else url


def client_for(world: World, who: str | None, *, api: str | None) -> tuple[Client, dict[str, str]]:
    """A client acting as ``who`` (anonymous for None) and the headers it sends.

    Pages and ``api="session"`` log in with a session and pass Django's CSRF check the way a
    browser does (cookie plus header); ``api="token"`` sends the person's bearer token.
    """
    client = Client(enforce_csrf_checks=True)
    client.handler = _HANDLER
    if api == "token" and who is not None:
        return client, {"Authorization": f"Bearer {world.tokens[who]}"}
    if who is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[who]
    client.cookies["csrftoken"] = CSRF_SECRET
    return client, {"X-CSRFToken": CSRF_SECRET}


def send(
    client: Client,
    method: str,
    url: str,
    body: Mapping[str, object] | None,
    *,
    as_json: bool,
    headers: dict[str, str],
) -> HttpResponse:
    call = getattr(client, method.lower())
    if as_json:
        if body is None:
            return call(url, headers=headers)
        return call(url, json.dumps(body), content_type="application/json", headers=headers)
    if method == "GET":
        return call(url, headers=headers)
    return call(url, body or {}, headers=headers)


def fingerprint() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table holding data, to tell whether a request changed anything."""
    tables = [t for t in connection.introspection.table_names() if t not in UNTRACKED_TABLES]
    snapshot: dict[str, list[tuple[object, ...]]] = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            snapshot[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return snapshot


def changed_tables(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


def text_of(response: HttpResponse) -> str:
    """The answer as text: a ZIP (a data export, a PPTX deck) as the text of all its files, a
    PDF as the text of its pages."""
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        data = response.content
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = b"\n".join(archive.read(name) for name in archive.namelist())
    elif data.startswith(b"%PDF"):
        pages = PdfReader(io.BytesIO(data)).pages
        return "\n".join(page.extract_text() for page in pages)
    return data.decode(errors="replace")


def check_leaks(probe: Probe, body: str, where: str) -> None:
    """The outsider never reads a secret, whatever the status; nor does a refused caller."""
    if probe.who == "otto" or probe.refused:
        assert SECRET not in body, f"{where}: the answer leaks a secret: {_around(body, SECRET)}"
    for hidden in probe.hides:
        assert hidden not in body, f"{where}: the answer shows {hidden!r}: {_around(body, hidden)}"
    if probe.shows:
        assert probe.shows in body, f"{where}: the answer does not show {probe.shows!r}"


def _around(body: str, needle: str) -> str:
    at = body.find(needle)
    return body[max(0, at - 80) : at + 80].replace("\n", " ")
