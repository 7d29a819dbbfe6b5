"""Bearer tokens for integrations: they act as their user, expire, can be revoked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tests.cast import Cast
from trellis.careers.models import Goal
from trellis.org.models import ApiToken, AuditEvent
from trellis.org.tokens import api_token_create, api_token_revoke


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_reads_with_its_users_permissions(cast: Cast) -> None:
    _, maya_secret = api_token_create(actor=None, user=cast.maya.user, name="HR sync")
    _, otto_secret = api_token_create(actor=None, user=cast.otto.user, name="Otto's script")
    client = Client(enforce_csrf_checks=True)
    mine = client.get(f"/api/v1/people/{cast.ada.pk}/skills", **_bearer(maya_secret))
    assert mine.status_code == 200
    assert {row["skill"] for row in mine.json()} == {"Python", "SQL"}
    # The outsider's token gets exactly what the outsider gets: nothing of Ada's skills.
    refused = client.get(f"/api/v1/people/{cast.ada.pk}/skills", **_bearer(otto_secret))
    assert refused.status_code == 404


def test_read_only_tokens_cannot_write_and_read_write_ones_can(cast: Cast) -> None:
    _, reader = api_token_create(actor=None, user=cast.ada.user, name="reader")
    _, writer = api_token_create(actor=None, user=cast.ada.user, name="writer", read_only=False)
    client = Client(enforce_csrf_checks=True)
    body = {"title": "Run the storage guild", "horizon": "short"}
    refused = client.post(
        "/api/v1/careers/me/goals", body, content_type="application/json", **_bearer(reader)
    )
    assert refused.status_code == 403
    assert refused.json() == {"detail": "This token may only read."}
    made = client.post(
        "/api/v1/careers/me/goals", body, content_type="application/json", **_bearer(writer)
    )
    assert made.status_code == 201  # no CSRF token needed: no cookie is involved
    assert Goal.objects.filter(person=cast.ada, title="Run the storage guild").exists()


def test_expired_revoked_and_unknown_tokens_are_refused(cast: Cast) -> None:
    token, secret = api_token_create(actor=None, user=cast.ada.user, name="soon gone")
    client = Client()
    url = f"/api/v1/people/{cast.ada.pk}"
    assert client.get(url, **_bearer(secret)).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = client.get(url, **_bearer(secret))
    assert expired.status_code == 401
    assert expired.json() == {"detail": "The API token is unknown, expired or revoked."}
    other, other_secret = api_token_create(actor=None, user=cast.ada.user, name="revoked")
    api_token_revoke(actor=cast.alex.user, token=other)
    assert client.get(url, **_bearer(other_secret)).status_code == 401
    assert client.get(url, **_bearer("trl_made-up")).status_code == 401
    assert AuditEvent.objects.filter(action="org.api_token.revoke").count() == 1


def test_only_the_digest_is_stored(cast: Cast) -> None:
    token, secret = api_token_create(actor=None, user=cast.ada.user, name="x")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(v) for v in stored.values()}
    assert secret.startswith(token.prefix)


def test_command_prints_the_token_once(cast: Cast, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("create_api_token", "maya", "--name", "Reporting", "--days", "30")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("read-only token 'Reporting' for maya, valid until ")
    assert Client().get("/api/v1/people", **_bearer(out[1])).status_code == 200
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("create_api_token", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="A token lives from 1 to 366 days, not 900"):
        call_command("create_api_token", "maya", "--name", "x", "--days", "900")
