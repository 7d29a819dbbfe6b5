"""The Content-Security-Policy holds in a real browser: every persona's main pages load
without a single violation, and the htmx interactions still work under it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cast import Cast
from tests.e2e.conftest import login, server_log

pytestmark = pytest.mark.e2e

# Recorded by the page itself; an init script is injected by the browser, outside the CSP.
_LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


class Watch:
    """Collects CSP violations from the console and from ``securitypolicyviolation`` events."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(_LISTEN)
        page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def violations(self) -> list[str]:
        events = self.page.evaluate("window.__cspViolations || []")
        return [*self.console, *events]

    def visit(self, url: str) -> list[str]:
        """Open a page, wait for it to settle, and return the violations seen on it."""
        self.console.clear()
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], url
        self.page.wait_for_load_state("load")
        return self.violations()


def _pages(cast: Cast, who: str) -> list[str]:
    me = getattr(cast, who)
    common = [
        "/",
        "/people/",
        f"/people/{me.pk}/",
        "/org/",
        f"/org/{cast.team.pk}/",
        "/skills/",
        f"/skills/{cast.python.pk}/",
        "/skills/tree/",
        "/skills/tree/?q=Python",
        "/roles/",
        "/roles/lattice/",
        "/roles/matrix/",
        f"/roles/{cast.senior_engineer.pk}/",
        f"/roles/{cast.senior_engineer.pk}/gap/",
        "/policies/mobility/",
        "/about/data-sources/",
        "/market/",
        "/market/for-you/",
        "/market/mine/",
        "/market/pairs/",
        "/talks/",
        "/talks/feedback/",
        "/career/notifications/",
        f"/career/{me.pk}/",
        f"/career/{me.pk}/edit/",
        f"/career/{me.pk}/skills/",
        f"/career/{me.pk}/map/",
        f"/career/{me.pk}/checkins/",
        f"/career/{me.pk}/accomplishments/",
        f"/career/{me.pk}/time/",
        f"/career/{me.pk}/deck/",
        "/me/data/",
    ]
    extra = {
        "ada": [],
        "maya": [
            f"/career/{cast.ada.pk}/",
            f"/career/{cast.ada.pk}/skills/",
            f"/people/{cast.ada.pk}/",
            f"/people/{cast.ada.pk}/gap/{cast.senior_engineer.pk}/",
            f"/talks/with/{cast.ada.pk}/prep/",
            f"/talks/with/{cast.ada.pk}/new/",
            "/talks/coverage/",
        ],
        "hana": [
            "/insights/",
            "/market/new/",
            "/market/rounds/",
            "/market/rounds/new/",
            "/market/hoarding/",
            "/market/pairing/",
            "/imports/people/",
            "/imports/taxonomy/",
            "/talks/guide/",
            "/roles/new/",
            f"/roles/{cast.engineer.pk}/edit/",
            f"/people/{cast.ada.pk}/",
        ],
        "alex": [
            "/insights/",
            "/admin/",
            "/admin/org/person/",
            f"/admin/org/person/{cast.ada.pk}/change/",
            "/admin/auth/user/",
        ],
    }
    return common + extra[who]


@pytest.mark.parametrize("who", ["ada", "maya", "hana", "alex"])
def test_every_main_page_loads_without_a_csp_violation(
    page, live_server, e2e_cast: Cast, who: str
) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page)
    login(page, live_server, who)
    found = {}
    for path in _pages(e2e_cast, who):
        violations = watch.visit(f"{live_server.url}{path}")
        if violations:
            found[path] = violations
    assert found == {}


def test_the_watch_sees_an_inline_style_and_script(
    page, live_server, e2e_cast: Cast, caplog
) -> None:  # type: ignore[no-untyped-def]
    """The detector itself: inline style and script injected into a page are refused, seen,
    and reported by the browser to the report view, which logs them."""
    caplog.set_level("WARNING", logger="trellis.csp")
    watch = Watch(page)
    login(page, live_server, "ada")
    assert watch.visit(f"{live_server.url}/") == []
    page.evaluate(
        """() => {
        const div = document.createElement("div");
        div.innerHTML = '<span style="color: red">x</span>';
        document.body.appendChild(div);
        const s = document.createElement("script");
        s.textContent = "window.__ran = true";
        document.body.appendChild(s);
    }"""
    )
    page.wait_for_timeout(200)
    seen = " ".join(watch.violations())
    assert "style-src" in seen
    assert "script-src" in seen
    assert page.evaluate("window.__ran === undefined")
    # The browser posts its reports on its own schedule: wait for them (at most 10 s).
    for _ in range(100):
        logged = server_log("trellis.csp") or " ".join(
            r.getMessage() for r in caplog.records if r.name == "trellis.csp"
        )
        if "style-src" in logged and "script-src" in logged:
            break
        page.wait_for_timeout(100)
    assert "CSP violation: " in logged
    assert "style-src" in logged and "script-src" in logged


def test_htmx_directory_search_and_bars_work_under_the_policy(
    page, live_server, e2e_cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page)
    login(page, live_server, "maya")
    assert watch.visit(f"{live_server.url}/people/") == []
    page.get_by_label("Name, title or employee id").fill("Lovelace")
    page.wait_for_url("**/people/?*q=Lovelace*")
    results = page.locator("#results")
    results.get_by_role("link", name="Ada Lovelace").wait_for()
    assert results.get_by_role("link", name="Otto Outsider").count() == 0
    # Level bars take their width from a data attribute, set by the static script.
    assert watch.visit(f"{live_server.url}/people/{e2e_cast.ada.pk}/") == []
    widths = page.locator("#skills .bar").evaluate_all("els => els.map(e => e.style.width)")
    assert widths == ["80%", "40%"]
    assert watch.violations() == []


def test_htmx_skill_search_works_under_the_policy(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page)
    login(page, live_server, "otto")
    assert watch.visit(f"{live_server.url}/career/{e2e_cast.otto.pk}/skills/") == []
    page.get_by_role("searchbox").fill("Pyth")
    page.get_by_role("button", name="Add Python").wait_for()
    assert watch.violations() == []


def test_api_docs_render_from_local_files_under_the_policy(
    page, live_server, e2e_cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page)
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    login(page, live_server, "ada")
    assert watch.visit(f"{live_server.url}/api/v1/docs") == []
    # Swagger UI renders the whole schema in the browser: seconds on a busy two-core machine
    # (more through gunicorn, which serves the schema after a login check like any page).
    page.get_by_role("heading", name="Trellis API").wait_for(timeout=30_000)
    page.get_by_text("/api/v1/people/{pk}/skills").first.wait_for(timeout=30_000)
    assert watch.violations() == []
    assert hosts == {live_server.url.split("/")[2]}


def test_public_pages_load_without_a_csp_violation(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page)
    for path in ("/accounts/login/", "/accounts/password-reset/"):
        assert watch.visit(f"{live_server.url}{path}") == [], path


def test_htmx_out_of_band_swap_works_under_the_policy(page, live_server, e2e_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(page)
    login(page, live_server, "maya")
    assert watch.visit(f"{live_server.url}/talks/with/{e2e_cast.ada.pk}/new/") == []
    rows = page.locator('[name$="-text"][name^="item-"]').count()
    page.get_by_role("button", name="Add item").click()
    page.locator(f'[name="item-{rows}-text"]').wait_for()
    # The button came back out of band, counting on: a second click adds one more row.
    page.get_by_role("button", name="Add item").click()
    page.locator(f'[name="item-{rows + 1}-text"]').wait_for()
    assert watch.violations() == []
