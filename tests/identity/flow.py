"""Walk the sign-in flow as a browser would, without one: Trellis through Django's test
client, the provider over real HTTP."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import requests
from django.http import HttpResponse
from django.test import Client

from tests.identity.oidc import PROVIDER_PASSWORD

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def provider_round_trip(authorize_url: str, username: str) -> str:
    """Sign in at the provider; return the URL it sends the browser back to."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    page.raise_for_status()
    match = _CSRF.search(page.text)
    assert match, page.text[:500]
    answer = browser.post(
        page.url,
        data={
            "csrfmiddlewaretoken": html.unescape(match.group(1)),
            "username": username,
            "password": PROVIDER_PASSWORD,
            "next": html.unescape(re.search(r'name="next" value="([^"]*)"', page.text).group(1)),  # type: ignore[union-attr]
        },
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=10,
    )
    location = answer.headers.get("Location", "")
    for _ in range(5):
        assert answer.status_code == 302, answer.text[:500]
        location = urljoin(answer.url, answer.headers["Location"])
        if location.startswith("http://testserver/"):
            return location
        answer = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError(f"the provider never sent the browser back: {location}")


def start(client: Client) -> str:
    response = client.get("/sso/login/")
    assert response.status_code == 302, response.content[:300]
    return str(response["Location"])


def sign_in(client: Client, username: str) -> tuple[HttpResponse, str]:
    """The whole flow; returns Trellis's answer to the callback and the callback URL."""
    callback = provider_round_trip(start(client), username)
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}"), callback
