"""Playwright driving the system's Chromium against a live test server.

In CI (``CI=true``) a missing browser is an error, never a skip.

With ``TRELLIS_E2E_BASE_URL`` set (say ``http://127.0.0.1:18080``), the journeys run against
that server instead of the in-process test server: CI starts gunicorn (``make serve``) on the
very PostgreSQL database the tests write their data to (``test_`` + the name in
``TRELLIS_DATABASE_URL``, kept with ``--reuse-db``), so the production stack serves them.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TRELLIS_CHROMIUM", "/usr/bin/chromium")

# The live server runs Django in a thread while Playwright's sync API drives an event loop
# in the test thread; Django's async-safety guard would refuse the test's own ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


BASE_URL = os.environ.get("TRELLIS_E2E_BASE_URL", "").rstrip("/")


@dataclass(frozen=True)
class _External:
    """Stands for pytest-django's live server: the journeys read only its ``url``."""

    url: str

    @property
    def _live_server_modified_settings(self) -> _NoSettings:
        # pytest-django's helper switches the live server's settings on and off per test.
        return _NoSettings()


class _NoSettings:
    def enable(self) -> None:
        pass

    def disable(self) -> None:
        pass


if BASE_URL:

    @pytest.fixture
    def live_server(transactional_db: None, settings, monkeypatch):  # type: ignore[no-untyped-def]
        # The server checks passwords with production's hashers, so the cast's passwords are
        # made with them too (the test settings' fast hasher is not one of them), once per
        # password: the slow hash is the server's to pay at each login, not the cast's.
        from django.conf import global_settings
        from django.contrib.auth import base_user

        settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
        monkeypatch.setattr(base_user, "make_password", _hash_once)
        return _External(BASE_URL)

    @functools.cache
    def _hash_once(raw: str | None) -> str:
        from django.contrib.auth.hashers import make_password

        return make_password(raw)


def server_log(logger: str) -> str:
    """The messages an external server logged (JSON lines in ``TRELLIS_E2E_SERVER_LOG``) from
    ``logger``; empty when the server runs in this process (read ``caplog`` then)."""
    path = os.environ.get("TRELLIS_E2E_SERVER_LOG")
    if not BASE_URL or not path:
        return ""
    messages = []
    for line in Path(path).read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("logger") == logger:
            messages.append(str(entry.get("message", "")))
    return " ".join(messages)


def _browser_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not _browser_available():
        message = f"Chromium not found at {CHROMIUM}; install Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def e2e_cast(transactional_db: None, live_server):  # type: ignore[no-untyped-def]
    from tests.cast import build_cast

    return build_cast()


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    from tests.cast import PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")


def settle_long_work(page) -> None:  # type: ignore[no-untyped-def]
    """When the page waits for the worker (imports and rounds through gunicorn, as in
    production), run the worker's pass here and reload: the page then shows the result, as a
    worker beside the server would make it. In-process the work ran inline: nothing to do."""
    from django.core.management import call_command

    page.wait_for_load_state()
    if "/imports/runs/" not in page.url and "/market/rounds/runs/" not in page.url:
        return
    call_command("worker", "--once", "--no-schedule")
    page.reload()
    page.wait_for_load_state()
