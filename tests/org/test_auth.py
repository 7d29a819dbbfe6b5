from __future__ import annotations

import datetime as dt
import re
import time

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.cast import PASSWORD, Cast


def _login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_and_logout(client: Client, cast: Cast) -> None:
    response = _login(client, "ada", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_login_is_throttled_after_repeated_failures(client: Client, cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "ada", "wrong-password")
        assert response.status_code == 200
    # The failure that reaches the limit locks the pair out.
    assert _login(client, "ada", "wrong-password").status_code == 429
    # Now even the right password is refused for this user from this address.
    response = _login(client, "ada", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    # Another user from the same address is not locked out.
    assert _login(client, "otto", PASSWORD).status_code == 302


def test_password_reset_by_email(client: Client, cast: Cast) -> None:
    response = client.post(reverse("password_reset"), {"email": "ada@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    new_password = "a-brand-new-long-passphrase"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    cast.ada.user.refresh_from_db()  # type: ignore[union-attr]
    assert cast.ada.user.check_password(new_password)  # type: ignore[union-attr]
    assert not cast.ada.user.check_password(PASSWORD)  # type: ignore[union-attr]


def test_weak_password_is_refused_on_reset(client: Client, cast: Cast) -> None:
    client.post(reverse("password_reset"), {"email": "ada@example.com"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    response = client.get(link.group(1), follow=True)
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"}
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()


def test_password_reset_for_unknown_email_reveals_nothing(client: Client, cast: Cast) -> None:
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_session_ends_after_twelve_hours(client: Client, cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.ada.user)  # type: ignore[arg-type]
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["trellis_session_started"] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def _expiry(client: Client) -> object:
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_session_idle_timeout_is_thirty_minutes_and_activity_extends_it(
    client: Client, cast: Cast, settings
) -> None:  # type: ignore[no-untyped-def]
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(cast.ada.user)  # type: ignore[arg-type]
    client.get(reverse("home"))
    first = _expiry(client)
    # Within a minute of the last refresh, a page does not write the session again.
    client.get(reverse("home"))
    assert _expiry(client) == first
    # Later activity pushes the idle limit forward.
    session = client.session
    session["trellis_session_seen"] = time.time() - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    saved = _expiry(client)
    time.sleep(0.01)
    client.get(reverse("home"))
    assert _expiry(client) > saved


def test_an_idle_session_is_over(client: Client, cast: Cast) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(cast.ada.user)  # type: ignore[arg-type]
    assert client.get(reverse("home")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get(reverse("home")).status_code == 302


def test_pages_cannot_be_framed(client: Client, cast: Cast) -> None:
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
