"""Single sign-on in the browser, through the real test OpenID Connect provider."""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.cast import Cast
from tests.identity.oidc import PROVIDER_PASSWORD

pytestmark = pytest.mark.e2e


def _base(live_server) -> str:  # type: ignore[no-untyped-def]
    # Loopback by address: the provider lets a loopback redirect use any port (RFC 8252).
    return str(live_server.url).replace("://localhost:", "://127.0.0.1:")


def _sign_in(page, base: str, username: str) -> float:  # type: ignore[no-untyped-def]
    """Through the provider; returns the seconds spent waiting for pages (not typing)."""
    # The first page of a session may wait for the live server to warm up.
    page.goto(f"{base}/accounts/login/", timeout=30_000)
    started = time.perf_counter()
    page.get_by_role("button", name="Log in with your company account").click()
    page.get_by_label("Provider username").wait_for()
    waited = time.perf_counter() - started
    page.get_by_label("Provider username").fill(username)
    page.get_by_label("Provider password").fill(PROVIDER_PASSWORD)
    started = time.perf_counter()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.get_by_role("heading", level=1).wait_for()
    return waited + time.perf_counter() - started


@pytest.mark.usefixtures("sso_settings")
def test_employee_signs_in_through_the_identity_provider_and_out(
    page, live_server, e2e_cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    base = _base(live_server)
    seconds = _sign_in(page, base, "E-ada")
    page.wait_for_url(f"{base}/")
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", name="Welcome, Ada").is_visible()
    print(f"single sign-on, page to page: {seconds:.3f} s")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{base}/accounts/login/")
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/accounts/login/")


@pytest.mark.usefixtures("sso_settings")
def test_unknown_person_sees_why_they_are_refused(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    base = _base(live_server)
    _sign_in(page, base, "E-nobody")
    assert page.get_by_role("heading", name="You could not be signed in").is_visible()
    assert "not linked to anyone in Trellis" in page.get_by_role("alert").inner_text()


@pytest.mark.usefixtures("sso_settings")
def test_sso_page_to_page_time(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    """Sign in and out repeatedly; ``make bench ONLY=identity`` reads the printed times."""
    base = _base(live_server)
    runs = int(os.environ.get("TRELLIS_SSO_BENCH_RUNS", "1"))
    samples = []
    for attempt in range(runs + 1):
        seconds = _sign_in(page, base, "E-ada")
        page.wait_for_url(f"{base}/")
        if attempt:  # the first one warms up discovery and the provider's keys
            samples.append(round(seconds, 4))
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url(f"{base}/accounts/login/")
        # Logging out of Trellis leaves the provider's session: forget it, so each sign-in
        # goes through the provider's form again.
        page.context.clear_cookies()
    assert len(samples) == runs
    out = os.environ.get("TRELLIS_SSO_BENCH_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as handle:  # noqa: PTH123
            json.dump(samples, handle)
