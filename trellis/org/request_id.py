"""The request id an audit event records (DESIGN §9): the ``X-Request-ID`` header a proxy
sets, cut to the 64 characters the audit trail keeps; empty when there is none."""

from __future__ import annotations

from django.http import HttpRequest


def request_id(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64]
