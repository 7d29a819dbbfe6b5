"""Rate limits: logins per address as well as per user, bad bearer tokens, API calls."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from tests.cast import PASSWORD, Cast, ClientFor
from trellis.org.tokens import api_token_create

OFFICE = "198.51.100.7"
ELSEWHERE = "203.0.113.9"


def _login(client: Client, username: str, password: str, address: str = OFFICE):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        assert _login(client, username, "wrong-password").status_code == 200


def test_an_address_is_locked_after_failures_spread_over_usernames(  # type: ignore[no-untyped-def]
    client: Client, cast: Cast, settings
) -> None:
    settings.TRELLIS_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    # Four failures each for three people: no (username, address) pair reaches five.
    _fail(client, "ada", 4)
    _fail(client, "maya", 4)
    _fail(client, "nobody-here", 3)
    # Eleven failures: the office still works, and a success does not wipe its count.
    assert _login(client, "dora", PASSWORD).status_code == 302
    client.logout()
    assert _login(client, "otto", "wrong-password").status_code == 429
    # Twelve: the whole address is locked, even for a right password of an untouched user...
    response = _login(client, "hana", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    # ...but not another address.
    assert _login(client, "hana", PASSWORD, address=ELSEWHERE).status_code == 302


def test_the_default_address_limit_spares_an_office_of_typos(client: Client, cast: Cast) -> None:
    # Four mistakes each by five colleagues behind one NAT address: nobody is locked.
    for username in ("ada", "maya", "dora", "otto", "hana"):
        _fail(client, username, 4)
    assert _login(client, "alex", PASSWORD).status_code == 302


def test_a_success_forgives_only_ones_own_failures(client: Client, cast: Cast) -> None:
    _fail(client, "ada", 4)
    assert _login(client, "ada", PASSWORD).status_code == 302
    client.logout()
    # Ada's count started again: four more mistakes do not lock her.
    _fail(client, "ada", 4)
    assert _login(client, "ada", PASSWORD).status_code == 302


def _bearer(secret: str, address: str = OFFICE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "REMOTE_ADDR": address}


def test_bad_bearer_tokens_are_throttled_per_address(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    _, secret = api_token_create(actor=None, user=cast.ada.user, name="integration")
    client = Client()
    url = "/api/v1/units"
    assert client.get(url, **_bearer(secret)).status_code == 200
    for n in range(settings.TRELLIS_BAD_TOKEN_LIMIT):
        response = client.get(url, **_bearer(f"trl_guess-{n}"))
        assert response.status_code == 401
    refused = client.get(url, **_bearer("trl_one-more"))
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "Too many unknown API tokens from this address; try again later."
    }
    assert refused["Retry-After"] == str(settings.TRELLIS_BAD_TOKEN_WINDOW_SECONDS)
    # The address is refused outright for the window, a valid token included...
    assert client.get(url, **_bearer(secret)).status_code == 429
    # ...while the same token from another address works.
    assert client.get(url, **_bearer(secret, address=ELSEWHERE)).status_code == 200


def test_the_counts_are_shared_by_every_web_worker(cast: Cast, settings: Settings) -> None:
    # In production the "shared" cache is the database: a worker process that never saw the
    # earlier requests (here: an emptied process cache) still refuses the address.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "trellis_test_throttles",
        },
    }
    call_command("createcachetable", verbosity=0)
    client = Client()
    for n in range(settings.TRELLIS_BAD_TOKEN_LIMIT):
        assert client.get("/api/v1/units", **_bearer(f"trl_guess-{n}")).status_code == 401
    caches["default"].clear()
    assert client.get("/api/v1/units", **_bearer("trl_one-more")).status_code == 429
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM trellis_test_throttles")
        assert cursor.fetchone()[0] >= 1


def test_valid_tokens_do_not_count_as_bad(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    _, secret = api_token_create(actor=None, user=cast.ada.user, name="integration")
    client = Client()
    for _ in range(settings.TRELLIS_BAD_TOKEN_LIMIT + 5):
        assert client.get("/api/v1/units", **_bearer(secret)).status_code == 200


def test_api_calls_are_throttled_per_user(
    client_for: ClientFor, cast: Cast, settings: Settings
) -> None:
    settings.TRELLIS_API_RATE_USER = "3/min"
    client = client_for(cast.ada)
    for _ in range(3):
        assert client.get("/api/v1/units").status_code == 200
    response = client.get("/api/v1/units")
    assert response.status_code == 429
    assert response.json() == {"detail": "Too many requests."}
    assert 1 <= int(response["Retry-After"]) <= 60
    # The limit is per user: a token of another user still gets through.
    _, secret = api_token_create(actor=None, user=cast.otto.user, name="x")
    assert Client().get("/api/v1/units", **_bearer(secret)).status_code == 200


def test_anonymous_api_calls_are_throttled_per_address(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRELLIS_API_RATE_ANONYMOUS = "2/min"
    client = Client()
    for _ in range(2):
        assert client.get("/api/v1/people", REMOTE_ADDR=OFFICE).status_code == 401
    response = client.get("/api/v1/people", REMOTE_ADDR=OFFICE)
    assert response.status_code == 429
    assert "Retry-After" in response
    # A forged X-Forwarded-For does not buy a fresh allowance.
    forged = client.get("/api/v1/people", REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert forged.status_code == 429
    assert client.get("/api/v1/people", REMOTE_ADDR=ELSEWHERE).status_code == 401


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab", "abcabcabcabcabc"])
def test_low_variety_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert (
        "This password uses too few different characters. "
        "It must contain at least 6 different characters."
    ) in refused.value.messages


def test_a_varied_password_passes() -> None:
    validate_password("plum-orchard-sings-7")


def test_the_reset_form_refuses_a_low_variety_password(client: Client, cast: Cast) -> None:
    from django.contrib.auth.forms import SetPasswordForm

    form = SetPasswordForm(
        cast.ada.user, {"new_password1": "zzzzzzzzzzzzzzzz", "new_password2": "zzzzzzzzzzzzzzzz"}
    )
    assert not form.is_valid()
    assert "too few different characters" in str(form.errors["new_password2"])


def test_a_bad_rate_setting_stops_the_start(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_rate

    monkeypatch.setenv("TRELLIS_API_RATE_USER", "lots")
    with pytest.raises(ImproperlyConfigured) as refused:
        env_rate("TRELLIS_API_RATE_USER", "600/min")
    assert str(refused.value) == (
        "TRELLIS_API_RATE_USER must be a rate such as 600/min or 10000/day, not 'lots'"
    )
    monkeypatch.setenv("TRELLIS_API_RATE_USER", "50/10s")
    assert env_rate("TRELLIS_API_RATE_USER", "600/min") == "50/10s"
