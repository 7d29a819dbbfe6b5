"""The single sign-on pages: start a sign-in, come back from the provider, or be told why not."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from trellis.identity.config import oidc_setting, sso_enabled
from trellis.identity.oidc import refuse

# Why a sign-in was refused: (HTTP status, what the person is told).
REASONS: dict[str, tuple[int, str]] = {
    "unknown": (
        403,
        "Your company account is not linked to anyone in Trellis: no person here has its "
        "employee id or work e-mail. Ask your HR team to add you (people arrive through the "
        "HRIS import or provisioning).",
    ),
    "deactivated": (
        403,
        "Your Trellis access has been turned off: you are recorded as having left. If that is "
        "a mistake, ask your HR team.",
    ),
    "ambiguous": (
        403,
        "More than one person in Trellis has your work e-mail, so we cannot tell which one "
        "you are. Ask your HR team to give each person their own address or employee id.",
    ),
    "token": (
        400,
        "The answer from your identity provider could not be verified, so you were not "
        "signed in. Please start again.",
    ),
    "replayed": (
        400,
        "This sign-in link has already been used or has expired. Please start again.",
    ),
    "provider": (
        502,
        "Your identity provider could not be reached. Please try again in a moment.",
    ),
    "denied": (403, "Your identity provider did not sign you in."),
}


def _refused_page(request: HttpRequest, reason: str) -> HttpResponse:
    status, message = REASONS.get(reason, REASONS["token"])
    return render(
        request,
        "identity/refused.html",
        {"message": message, "reason": reason},
        status=status,
    )


class SsoStartView(OIDCAuthenticationRequestView):
    """Send the browser to the identity provider (404 when single sign-on is off)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The endpoints are read per request, once single sign-on is known to be on.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: log the person in, or say why not on a page of its own."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        if request.GET.get("error"):
            refuse(request, "denied", str(request.GET.get("error"))[:100])
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            # A state we did not hand out, or one already used: a replay or a stale tab.
            refuse(request, "replayed", str(error))
            return _refused_page(request, "replayed")

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, "trellis_sso_refusal", None)
        if reason is None:
            # A callback without code or state, or with a state this session never had.
            refuse(self.request, "replayed", "callback without a pending sign-in")
            reason = "replayed"
        return _refused_page(self.request, reason)
