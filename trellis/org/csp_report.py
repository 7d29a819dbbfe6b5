"""Receives the browser's Content-Security-Policy violation reports and logs them.

Browsers post reports without a CSRF token or a session, so the view is CSRF-exempt and
public; it reads at most ``MAX_REPORT_BYTES``, never fails (a malformed report is logged as
such), keeps only a few known fields, and always answers 204 to a POST.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("trellis.csp")

MAX_REPORT_BYTES = 8 * 1024
# What is worth keeping from a report (old report-uri and new report-to spellings).
_FIELDS = (
    "document-uri",
    "documentURL",
    "violated-directive",
    "effective-directive",
    "effectiveDirective",
    "blocked-uri",
    "blockedURL",
    "source-file",
    "sourceFile",
    "line-number",
    "lineNumber",
    "disposition",
)
_MAX_VALUE = 300


def _summaries(payload: Any) -> list[dict[str, str]]:
    """The known fields of each report in a body: ``{"csp-report": {...}}`` or a list of
    ``{"type": "csp-violation", "body": {...}}``."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        bodies = [payload["csp-report"]]
    elif isinstance(payload, list):
        bodies = [r.get("body") for r in payload[:10] if isinstance(r, dict)]
    else:
        bodies = []
    return [
        {key: str(body[key])[:_MAX_VALUE] for key in _FIELDS if key in body}
        for body in bodies
        if isinstance(body, dict)
    ]


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_REPORT_BYTES:
        logger.warning("CSP report refused: %d bytes is over the limit", declared)
        return HttpResponse(status=204)
    try:
        body = request.read(MAX_REPORT_BYTES + 1)
        if len(body) > MAX_REPORT_BYTES:
            raise ValueError("over the limit")
        payload = json.loads(body.decode("utf-8")) if body else None
    except (ValueError, OSError, RecursionError):
        logger.warning("CSP report unreadable")
        return HttpResponse(status=204)
    reports = _summaries(payload)
    if not reports:
        logger.warning("CSP report without a violation")
    for report in reports:
        logger.warning("CSP violation: %s", json.dumps(report, sort_keys=True))
    return HttpResponse(status=204)
