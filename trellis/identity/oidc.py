"""Single sign-on through OpenID Connect (mozilla-django-oidc), matched to Trellis's people.

mozilla-django-oidc runs the authorization-code flow (state, nonce, PKCE) and fetches the
provider's keys; this backend adds what Trellis needs on top of it:

- the ID token is checked in full: signature, algorithm, issuer, audience (and ``azp`` when
  there are several audiences), expiry and issue time — the library checks only the
  signature and expiry;
- the person is found by the employee id claim, else by the work e-mail claim (never by a
  display name), and only an active person with an active account is let in; the first
  sign-in of a person without an account makes one (with no usable password);
- a refusal says why on the request, for the callback view's page, and is audited.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from trellis.identity.config import issuer, oidc_setting, sso_enabled
from trellis.org.models import Person
from trellis.org.services import audit_record

logger = logging.getLogger(__name__)

# How far the provider's clock may be from ours, in seconds.
CLOCK_LEEWAY = 60


class SsoRefused(Exception):
    """A sign-in the rules refuse; ``reason`` is a key of ``trellis.identity.views.REASONS``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


def refuse(request: HttpRequest, reason: str, detail: str = "") -> None:
    """Remember why a sign-in was refused (for the page) and audit it."""
    request.trellis_sso_refusal = reason  # type: ignore[attr-defined]
    audit_record(
        actor=None,
        action="identity.sso.refused",
        detail={"reason": reason, "detail": detail[:200]},
        request_id=str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64],
    )


def person_for_claims(claims: dict[str, Any]) -> Person:
    """The one person the claims name: by employee id, else by a verified work e-mail."""
    employee_claim = str(oidc_setting("TRELLIS_OIDC_EMPLOYEE_ID_CLAIM", "employee_id"))
    email_claim = str(oidc_setting("TRELLIS_OIDC_EMAIL_CLAIM", "email"))
    employee_id = claims.get(employee_claim)
    if isinstance(employee_id, str | int) and str(employee_id).strip():
        person = Person.objects.select_related("user").filter(employee_id=str(employee_id)).first()
        if person is not None:
            return person
    email = claims.get(email_claim)
    # An address the provider says it has not verified identifies no one.
    if isinstance(email, str) and email.strip() and claims.get("email_verified") is not False:
        people = list(Person.objects.select_related("user").filter(email__iexact=email.strip())[:2])
        if len(people) > 1:
            raise SsoRefused("ambiguous", "several people have this work e-mail")
        if people:
            return people[0]
    raise SsoRefused("unknown", f"no person for {employee_claim}={employee_id!r}")


@transaction.atomic
def user_for_person(person: Person) -> User:
    """The person's account, made on their first sign-in; refused when either is inactive."""
    if not person.is_active:
        raise SsoRefused("deactivated", f"person {person.pk} is inactive")
    user = person.user
    if user is None:
        username = f"sso-{person.employee_id}"[:150]
        user = User.objects.filter(username=username).first() or User(username=username)
        user.email = person.email
        user.first_name = person.first_name[:150]
        user.last_name = person.last_name[:150]
        user.set_unusable_password()
        user.save()
        Person.objects.filter(pk=person.pk).update(user=user)
        person.user = user
    if not user.is_active:
        raise SsoRefused("deactivated", f"user {user.pk} is inactive")
    return user


class TrellisOIDCBackend(OIDCAuthenticationBackend):
    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Endpoints are looked up when a sign-in needs them, not when the backend loads.
        self.OIDC_RP_SIGN_ALGO = self.get_settings("OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = self.get_settings("OIDC_RP_IDP_SIGN_KEY", None)
        self.UserModel = User

    def __getattr__(self, name: str) -> Any:
        if name.startswith("OIDC_"):
            return self.get_settings(name)
        raise AttributeError(name)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or not sso_enabled() or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SsoRefused as refusal:
            refuse(request, refusal.reason, str(refusal))
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            refuse(request, "token", str(error))
        except requests.RequestException as error:
            logger.warning("Single sign-on: the provider could not be reached: %s", error)
            refuse(request, "provider", type(error).__name__)
        return None

    def _verify_jws(self, payload: bytes | str, key: Any) -> dict[str, Any]:
        """The token's signature and claims: algorithm, issuer, audience, expiry, issue time."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"unexpected token algorithm {header.get('alg')!r}")
        client_id = str(self.get_settings("OIDC_RP_CLIENT_ID"))
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=client_id,
                issuer=issuer(),
                leeway=CLOCK_LEEWAY,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != client_id:
            raise SuspiciousOperation("ID token refused: issued to another party (azp)")
        return claims

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        nonce = kwargs.get("nonce")
        claims: dict[str, Any] = super().verify_token(token, **kwargs)
        # The library compares only when a nonce was expected; a token must always carry ours.
        if "nonce" in kwargs and (nonce is None or claims.get("nonce") != nonce):
            raise SuspiciousOperation("JWT Nonce verification failed.")
        return claims

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The verified ID token's claims, completed by userinfo for the same subject."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo answered for another subject")
        return {**userinfo, **payload}

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        person = person_for_claims(claims)
        user = user_for_person(person)
        audit_record(
            actor=user,
            action="identity.sso.login",
            target=person,
            request_id=str(self.request.META.get("HTTP_X_REQUEST_ID", ""))[:64],
        )
        return user

    def get_user(self, user_id: Any) -> User | None:
        # Django's own rule: an inactive account has no session.
        return ModelBackend.get_user(self, user_id)
