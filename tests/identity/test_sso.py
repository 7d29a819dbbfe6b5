"""Single sign-on against a real OpenID Connect provider on loopback (tests/identity/provider)."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.test import Client

from tests.cast import PASSWORD, Cast
from tests.identity.flow import sign_in, start
from tests.identity.oidc import CLIENT_ID, Provider
from trellis.identity.oidc import TrellisOIDCBackend
from trellis.org.models import AuditEvent, Person

pytestmark = pytest.mark.usefixtures("sso_settings")


def _session_user(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def test_employee_signs_in_by_employee_id(client: Client, cast: Cast) -> None:
    response, _ = sign_in(client, "E-ada")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _session_user(client) == cast.ada.user_id
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="identity.sso.login")
    assert (event.actor_id, event.target_id) == (cast.ada.user_id, str(cast.ada.pk))


def test_person_matched_by_work_email_when_employee_id_differs(client: Client, cast: Cast) -> None:
    response, _ = sign_in(client, "X-999")
    assert response.status_code == 302
    assert _session_user(client) == cast.maya.user_id


def test_unknown_person_is_refused_with_a_clear_page(client: Client, cast: Cast) -> None:
    response, _ = sign_in(client, "E-nobody")
    assert response.status_code == 403
    assert b"not linked to anyone in Trellis" in response.content
    assert _session_user(client) is None
    assert AuditEvent.objects.get(action="identity.sso.refused").detail["reason"] == "unknown"
    assert not User.objects.filter(username__startswith="sso-").exists()


def test_deactivated_person_is_refused(client: Client, cast: Cast) -> None:
    Person.objects.filter(pk=cast.otto.pk).update(is_active=False)
    response, _ = sign_in(client, "E-otto")
    assert response.status_code == 403
    assert b"access has been turned off" in response.content
    assert _session_user(client) is None


def test_deactivated_account_is_refused(client: Client, cast: Cast) -> None:
    User.objects.filter(pk=cast.otto.user_id).update(is_active=False)
    response, _ = sign_in(client, "E-otto")
    assert response.status_code == 403
    assert _session_user(client) is None


def test_first_sign_in_makes_an_account_without_a_password(client: Client, cast: Cast) -> None:
    old_user = cast.otto.user_id
    Person.objects.filter(pk=cast.otto.pk).update(user=None)
    User.objects.filter(pk=old_user).delete()
    response, _ = sign_in(client, "E-otto")
    assert response.status_code == 302
    user = User.objects.get(username="sso-E-otto")
    assert not user.has_usable_password()
    assert Person.objects.get(pk=cast.otto.pk).user_id == user.pk == _session_user(client)


def test_logout_ends_the_local_session(client: Client, cast: Cast) -> None:
    sign_in(client, "E-ada")
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert _session_user(client) is None
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_a_replayed_callback_is_refused(client: Client, cast: Cast) -> None:
    response, callback = sign_in(client, "E-ada")
    assert response.status_code == 302
    client.post("/accounts/logout/")
    replay = client.get(callback.removeprefix("http://testserver"))
    assert replay.status_code == 400
    assert b"already been used or has expired" in replay.content
    assert _session_user(client) is None


def test_a_callback_without_a_pending_sign_in_is_refused(client: Client, cast: Cast) -> None:
    response = client.get("/sso/callback/?code=abc&state=made-up")
    assert response.status_code == 400
    assert _session_user(client) is None


def test_the_provider_saying_no_is_shown(client: Client, cast: Cast) -> None:
    start(client)
    response = client.get("/sso/callback/?error=access_denied")
    assert response.status_code == 403
    assert b"did not sign you in" in response.content


def test_login_page_offers_single_sign_on(client: Client, cast: Cast) -> None:
    page = client.get("/accounts/login/")
    assert b"Log in with your company account" in page.content
    assert b"Forgot your password?" in page.content


def test_sso_only_mode_refuses_passwords_except_break_glass_admins(
    client: Client, cast: Cast, settings: Any
) -> None:
    settings.TRELLIS_SSO_ONLY = True
    page = client.get("/accounts/login/")
    assert b"Administrator login" in page.content
    assert b"Forgot your password?" not in page.content
    refused = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert refused.status_code == 200
    assert b"reserved for administrators" in refused.content
    assert _session_user(client) is None
    admitted = client.post("/accounts/login/", {"username": "alex", "password": PASSWORD})
    assert admitted.status_code == 302
    assert _session_user(client) == cast.alex.user_id


def test_sso_pages_are_absent_when_not_configured(client: Client, settings: Any, db: None) -> None:
    settings.TRELLIS_OIDC_ISSUER = ""
    assert client.get("/sso/login/").status_code == 404
    assert client.get("/sso/callback/?code=a&state=b").status_code == 404
    assert b"company account" not in client.get("/accounts/login/").content


# ID tokens checked against the provider's real published keys.


def _kid(provider: Provider) -> str:
    jwks = requests.get(f"{provider.issuer}/.well-known/jwks.json", timeout=10).json()
    return str(jwks["keys"][0]["kid"])


def _token(provider: Provider, key: Any = None, **changes: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": provider.issuer,
        "aud": CLIENT_ID,
        "sub": "1",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(
        claims,
        key if key is not None else provider.private_key_pem,
        algorithm="RS256",
        headers={"kid": _kid(provider)},
    )


def _verify(token: str, nonce: str = "n-1") -> dict[str, Any]:
    return TrellisOIDCBackend().verify_token(token, nonce=nonce)


def test_a_well_formed_token_is_accepted(oidc_provider: Provider, db: None) -> None:
    assert _verify(_token(oidc_provider))["sub"] == "1"


def test_a_bad_signature_is_refused(oidc_provider: Provider, db: None) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(SuspiciousOperation, match="Signature verification failed"):
        _verify(_token(oidc_provider, key=stranger))


def test_a_wrong_audience_is_refused(oidc_provider: Provider, db: None) -> None:
    with pytest.raises(SuspiciousOperation, match="Audience doesn't match"):
        _verify(_token(oidc_provider, aud="another-client"))


def test_a_token_for_several_audiences_needs_us_as_authorized_party(
    oidc_provider: Provider, db: None
) -> None:
    with pytest.raises(SuspiciousOperation, match="azp"):
        _verify(_token(oidc_provider, aud=[CLIENT_ID, "another-client"], azp="another-client"))


def test_an_expired_token_is_refused(oidc_provider: Provider, db: None) -> None:
    past = int(time.time()) - 3600
    with pytest.raises(SuspiciousOperation, match="expired"):
        _verify(_token(oidc_provider, iat=past - 300, exp=past))


def test_a_wrong_issuer_is_refused(oidc_provider: Provider, db: None) -> None:
    with pytest.raises(SuspiciousOperation, match="Invalid issuer"):
        _verify(_token(oidc_provider, iss="http://127.0.0.1:1/o"))


def test_a_token_without_expiry_is_refused(oidc_provider: Provider, db: None) -> None:
    with pytest.raises(SuspiciousOperation, match="exp"):
        _verify(_token(oidc_provider, exp=None))


def test_another_sign_in_s_nonce_is_refused(oidc_provider: Provider, db: None) -> None:
    with pytest.raises(SuspiciousOperation, match="Nonce"):
        _verify(_token(oidc_provider), nonce="n-2")
