""" "My data" for someone who signs in only through SSO: a fresh login instead of a password."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast, ClientFor
from trellis.org.models import AuditEvent
from trellis.org.privacy_views import RECENT_LOGIN


def _sso_only(cast: Cast, *, logged_in_ago: dt.timedelta) -> User:
    user = cast.ada.user
    assert user is not None
    user.set_unusable_password()
    user.last_login = timezone.now() - logged_in_ago
    user.save()
    return user


def test_a_fresh_sso_login_downloads_without_a_password(cast: Cast, client_for: ClientFor) -> None:
    _sso_only(cast, logged_in_ago=dt.timedelta(minutes=1))
    client = client_for(cast.ada)
    # force_login sets last_login to now: put it back a minute.
    User.objects.filter(pk=cast.ada.user_id).update(
        last_login=timezone.now() - dt.timedelta(minutes=1)
    )
    page = client.get(reverse("my_data")).content.decode()
    assert "Your password" not in page and "Download my data" in page
    response = client.post(reverse("my_data"))
    assert response["Content-Type"] == "application/zip"
    assert AuditEvent.objects.filter(action="org.personal_data.export").count() == 1


def test_an_old_sso_login_is_sent_to_sign_in_again(cast: Cast, client_for: ClientFor) -> None:
    _sso_only(cast, logged_in_ago=RECENT_LOGIN)
    client = client_for(cast.ada)  # a password change ends sessions: log in after it
    User.objects.filter(pk=cast.ada.user_id).update(
        last_login=timezone.now() - RECENT_LOGIN - dt.timedelta(minutes=1)
    )
    page = client.get(reverse("my_data")).content.decode()
    assert "Sign in again" in page and "/sso/login/?next=/me/data/" in page
    response = client.post(reverse("my_data"), {"password": "anything"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action="org.personal_data.export").exists()
