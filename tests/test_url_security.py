"""Every page and API endpoint refuses an anonymous visitor (a safety net for new views)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.cast import Cast

# Public on purpose: logging in and recovering a password, the API's index (links to the docs
# and schema, no data) and the health probes (which say only "ok" or which check failed:
# tests/ops/test_health.py). The API's schema and docs are not (they answer 401 and a redirect
# to the login page), nor the CSP report view (POST only).
_PUBLIC = re.compile(r"^(accounts/|admin/|api/v1/$|health/)")


def _patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    found: list[str] = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_patterns(entry, route))
        elif isinstance(entry, URLPattern):
            found.append(route)
    return found


def _concrete(route: str, pk: int) -> str:
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<(?:int:)?\w+>", str(pk), route)
    route = re.sub(r"<(?:str|slug|path|uuid):\w+>", "x", route)
    return "/" + route


def _routes() -> list[str]:
    return sorted({r for r in _patterns(get_resolver()) if not _PUBLIC.match(r)})


@pytest.mark.parametrize("route", _routes())
def test_anonymous_is_refused(client: Client, cast: Cast, route: str) -> None:
    url = _concrete(route, cast.ada.pk)
    response = client.get(url)
    assert response.status_code in (302, 401, 404, 405), (url, response.status_code)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"], url
    body = response.content.decode(errors="replace")
    assert "Lovelace" not in body
