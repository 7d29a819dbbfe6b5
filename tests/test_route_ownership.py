"""Every page and API operation called with someone else's ids: the owner gets in, others not.

The test enumerates every Django URL pattern (``get_resolver``) and every operation of the
API's OpenAPI schema, and looks each one up in a registry:

- pages: ``tests/routes/registry_web.py`` (keys like ``"POST /career/{pk}/goals/{goal_id}/"``),
- API: ``tests/routes/registry_api.py`` (keys like ``"GET /api/v1/careers/{pk}/profile"``,
  exactly as the schema lists them; every probe runs with a bearer token and with a session
  that passes the CSRF check).

A route without an entry fails ``test_every_route_has_an_entry``; an entry for a route that no
longer exists fails ``test_every_entry_names_a_route``. The admin site (``/admin/``) is one rule
for all its generated views: staff only (``test_admin_is_for_staff_only``).

The objects come from ``tests/routes/world.py``: the cast (Ada, her manager Maya, director
Dora, the outsider Otto, HR partner Hana, admin Alex) and one of each object a route can name,
made through the services. Private text contains ``SECRET-``; Otto may never read it, in any
answer, and a refused answer never contains it. A refusal with 404 must be the very answer a
missing id gets (the same request with every object id replaced by one nobody has).

How to add an entry (a page has one entry per method it accepts)::

    "POST /talks/{pk}/held/": owned(
        ok("maya", 302),          # the owner (or allowed viewer) and the status they get
        no("ada"),                # refused: 404 unless given (no("otto", 403))
        no("otto", fill={"pk": "otto"}),  # a probe may fill some ids differently
        fill={"pk": "maya_plan"}, # path parameter -> name of a world object (or a literal)
        body={...},               # form fields (pages) or JSON (API); Ref("name") is an id
        rule="the author of a planned one",
    ),

- ``owned(...)``: an object of someone's is in the path; needs an allowed and a refused probe.
- ``mine(...)``: always the caller's own data ("me"); needs an allowed probe by Otto, who must
  get his own answer without anyone's secret (``hides=`` names more text he must not see).
- ``public(...)``: the same for everyone logged in (or anonymous with ``ok(None)``).
- ``shows="..."`` asserts the text is in the answer (the probe really reached the data);
  ``json={...}`` a subset of the JSON answer.

Some cases, as they would be written::

    # a report endpoint browsers post to without a session or a CSRF token:
    "POST /csp-report/": public(ok(None, 204, changes=False), body={...}, as_json=True),
    # pages behind a login that used to be public:
    "GET /api/v1/docs": owned(ok("otto"), no(None, 302), rule="anyone logged in"),
    # a state a route refuses to act on (say, a round that was superseded) is a world object:
    "POST /market/rounds/{pk}/publish/": owned(..., no("hana", 302, fill={"pk": "old_round"})),

New objects go in ``tests/routes/world.py`` (made through the services, named in
``world.ids``); a probe's body or query may name them too (``Ref("name")``, ``"{name}"``).

A refused probe must leave every table unchanged (no audit event for a read that was refused
either). An allowed write (POST, PUT, PATCH, DELETE) must change something (``changes=False``
when the answer is a no-op, e.g. a form shown again) and, when Otto makes it, must not copy
anyone's secret into the database. Each probe runs in a savepoint that is rolled back, so
probes never see each other's writes.
A page listed without a POST entry is also posted to by its owner with an empty form, which
must write nothing (``test_unlisted_post_writes_nothing``): a view that writes on POST needs a
POST entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api
from tests.routes import registry_api, registry_web
from tests.routes.probes import (
    UNSAFE,
    Probe,
    Route,
    body_for,
    changed_tables,
    check_leaks,
    client_for,
    fingerprint,
    resolve,
    send,
    text_of,
    url_for,
)
from tests.routes.world import SECRET, World, build_world
from trellis.market import cache as market_cache
from trellis.skills import search

WEB = registry_web.ROUTES
API = registry_api.ROUTES
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _template(pattern: str) -> str:
    """``career/<int:pk>/`` -> ``/career/{pk}/``."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in METHODS
    }


def web_templates() -> set[str]:
    """Every page's path template; the admin site and the API's operations are counted apart."""
    api_paths = {op.split(" ", 1)[1] for op in api_operations()}
    found = {_template(p) for p in _patterns(get_resolver()) if not p.startswith("admin/")}
    return found - api_paths


def _path(key: str) -> str:
    return key.split(" ", 1)[1]


# --- the registry is complete and well formed ---------------------------------------------


def test_every_route_has_an_entry() -> None:
    pages = web_templates() - {_path(k) for k in WEB}
    operations = api_operations() - set(API)
    assert not pages, f"pages without an entry in tests/routes/registry_web.py: {sorted(pages)}"
    assert not operations, (
        f"API operations without an entry in tests/routes/registry_api.py: {sorted(operations)}"
    )


def test_every_entry_names_a_route() -> None:
    stale_pages = {_path(k) for k in WEB} - web_templates()
    stale_operations = set(API) - api_operations()
    assert not stale_pages, f"registry_web.py names pages that no longer exist: {stale_pages}"
    assert not stale_operations, (
        f"registry_api.py names API operations that no longer exist: {stale_operations}"
    )


@pytest.mark.parametrize("key", sorted(WEB) + sorted(API))
def test_entry_is_well_formed(key: str) -> None:
    route = WEB.get(key) or API[key]
    method = key.split(" ", 1)[0]
    assert method in METHODS, key
    allowed = [p for p in route.probes if not p.refused]
    assert route.scope in ("owned", "self", "public"), key
    if route.scope == "owned":
        assert allowed, f"{key}: an owned route needs a probe that gets through (so it can fail)"
        assert any(p.refused for p in route.probes), f"{key}: an owned route needs a refusal"
    elif route.scope == "self":
        assert any(p.who == "otto" for p in allowed), f"{key}: Otto must get his own answer"
    else:
        assert allowed, f"{key}: who gets it?"
    params = set(re.findall(r"{(\w+)}", _path(key)))
    for probe in route.probes:
        assert params == set({**route.fill, **probe.fill}), f"{key}: fill every path parameter"


# --- the probes ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker) -> Iterator[World]:  # type: ignore[no-untyped-def]
    """The world is built once per module and rolled back at its end.

    Each test runs inside it in its own savepoint (pytest-django's ``db``), and each probe in
    a further savepoint, so no write leaks into another probe or test.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _clear_caches()
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            _clear_caches()


def _clear_caches() -> None:
    # In-process caches outlive a rolled-back savepoint; every probe starts from the database.
    for alias in caches:
        caches[alias].clear()
    market_cache.cache_clear()
    search._indexes.clear()


def run_probe(world: World, key: str, route: Route, probe: Probe, *, api: str | None) -> None:
    method, template = key.split(" ", 1)
    body = body_for(world, route, probe)
    url = url_for(world, template, route, probe)
    where = f"{key} as {probe.who or 'anonymous'}" + (f" ({api})" if api else "") + f": {url}"
    client, headers = client_for(world, probe.who, api=api)
    savepoint = transaction.savepoint()
    try:
        _clear_caches()
        # Writes are watched, and so are refusals: a refused read leaves no trace either
        # (no audit event for a read that did not happen).
        watched = method in UNSAFE or probe.refused
        before = fingerprint() if watched else {}
        response = send(
            client, method, url, body, as_json=api is not None or route.as_json, headers=headers
        )
        text = text_of(response)
        assert response.status_code == probe.status, (
            f"{where}: expected {probe.status}, got {response.status_code}: {text[:300]}"
        )
        check_leaks(probe, text, where)
        if probe.refused and probe.status == 404:
            _same_as_missing(client, method, key, route, probe, text, where, world, api, headers)
        if probe.json is not None:
            answer = json.loads(text)
            for name, value in resolve(world, dict(probe.json)).items():  # type: ignore[union-attr]
                assert answer.get(name) == value, f"{where}: {name} is {answer.get(name)!r}"
        if watched:
            after = fingerprint()
            changed = changed_tables(before, after)
            if probe.refused:
                assert not changed, f"{where}: refused, yet the database changed: {changed}"
            elif probe.changes and method in UNSAFE:
                assert changed, f"{where}: allowed, yet nothing was written"
            if probe.who == "otto":
                _no_secret_copied(before, after, where)
    finally:
        transaction.savepoint_rollback(savepoint)


MISSING = 2_000_000_000  # an id no object has


def _same_as_missing(
    client: Client,
    method: str,
    key: str,
    route: Route,
    probe: Probe,
    text: str,
    where: str,
    world: World,
    api: str | None,
    headers: dict[str, str],
) -> None:
    """A refused object answers exactly like a missing one (DESIGN §9): same status, same body."""
    fill = {**route.fill, **probe.fill}
    missing = {name: MISSING for name, value in fill.items() if value in world.ids}
    if not missing:
        return
    url = url_for(world, _path(key), route, Probe(probe.who, 404, fill={**fill, **missing}))
    body = body_for(world, route, probe)
    other = send(
        client, method, url, body, as_json=api is not None or route.as_json, headers=headers
    )
    assert other.status_code == 404, f"{where}: a missing id gives {other.status_code}"
    assert text_of(other) == text, f"{where}: refused and missing differ: {text_of(other)[:200]}"


def _no_secret_copied(before: dict[str, list[tuple[object, ...]]], after: dict, where: str) -> None:  # type: ignore[type-arg]
    for table, rows in after.items():
        new = set(map(repr, rows)) - set(map(repr, before.get(table, [])))
        leaked = [row for row in new if SECRET in row]
        assert not leaked, f"{where}: copied a secret into {table}: {leaked[:2]}"


def _ordered(route: Route) -> list[Probe]:
    # Refusals first: an allowed write could otherwise hide a refusal (e.g. after a delete).
    return sorted(route.probes, key=lambda p: not p.refused)


@pytest.mark.parametrize("key", sorted(WEB))
def test_page(world: World, db: None, key: str) -> None:
    for probe in _ordered(WEB[key]):
        run_probe(world, key, WEB[key], probe, api=None)


@pytest.mark.parametrize("auth", ["token", "session"])
@pytest.mark.parametrize("key", sorted(API))
def test_api_operation(world: World, db: None, key: str, auth: str) -> None:
    for probe in _ordered(API[key]):
        run_probe(world, key, API[key], probe, api=auth)


def _get_only_pages() -> list[str]:
    posted = {_path(k) for k in WEB if not k.startswith("GET ")}
    return sorted(k for k in WEB if k.startswith("GET ") and _path(k) not in posted)


@pytest.mark.parametrize("key", _get_only_pages())
def test_unlisted_post_writes_nothing(world: World, db: None, key: str) -> None:
    route = WEB[key]
    allowed = next(p for p in route.probes if not p.refused)
    post = Route(probes=(), fill=route.fill, query=route.query)
    probe = Probe(allowed.who, 0, fill=allowed.fill, changes=False)
    client, headers = client_for(world, probe.who, api=None)
    url = url_for(world, _path(key), post, probe)
    before = fingerprint()
    response = client.post(url, {}, headers=headers)
    assert response.status_code < 500, f"POST {url}: {response.status_code}"
    changed = changed_tables(before, fingerprint())
    assert not changed, f"POST {url} wrote {changed}: give the page a POST entry"


# --- the admin site: staff only -----------------------------------------------------------


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        urls += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        urls += [reverse(f"{name}_{view}", args=[1]) for view in ("change", "delete", "history")]
    urls += [reverse("admin:app_list", args=[label]) for label in _admin_apps()]
    return urls


def _admin_apps() -> set[str]:
    return {model._meta.app_label for model in admin.site._registry}


def test_admin_is_for_staff_only(world: World, db: None) -> None:
    urls = _admin_urls()
    for who in ("otto", "hana"):
        client = Client()
        client.force_login(world.person(who).user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, f"{url} as {who}: {response.status_code}"
            assert response["Location"].startswith("/admin/login/"), url
    client = Client()
    client.force_login(world.person("alex").user)
    for url in urls:
        if url.endswith(("/change/", "/delete/", "/history/")):
            continue  # an object id means a different object in every table
        # Some models are read-only in the admin (403 on "add"), never a redirect to log in.
        assert client.get(url).status_code in (200, 403), f"{url} as alex"
