"""The Content-Security-Policy header and the view that receives violation reports."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.cast import Cast, ClientFor

_REPORT = {
    "csp-report": {
        "document-uri": "http://testserver/people/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "line-number": 12,
        "original-policy": "default-src 'self'",
    }
}


def test_every_page_carries_the_policy(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.ada)
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["report-uri"] == "/csp-report/"
    assert "unsafe" not in policy


def test_the_login_page_and_the_api_carry_it_too(client: Client, cast: Cast) -> None:
    assert "frame-ancestors 'none'" in client.get("/accounts/login/")["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get("/api/v1/people")["Content-Security-Policy"]


def test_a_report_is_logged_and_answered_204(client: Client, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level("WARNING", logger="trellis.csp"):
        response = client.post(
            "/csp-report/", json.dumps(_REPORT), content_type="application/csp-report"
        )
    assert response.status_code == 204
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert message.startswith("CSP violation: ")
    logged = json.loads(message.removeprefix("CSP violation: "))
    assert logged["violated-directive"] == "script-src-elem"
    assert logged["line-number"] == "12"
    assert "original-policy" not in logged  # only the known fields are kept


def test_a_reporting_api_report_is_logged(client: Client, caplog) -> None:  # type: ignore[no-untyped-def]
    body = [
        {
            "type": "csp-violation",
            "body": {"documentURL": "http://testserver/", "effectiveDirective": "style-src-attr"},
        }
    ]
    with caplog.at_level("WARNING", logger="trellis.csp"):
        response = client.post(
            "/csp-report/", json.dumps(body), content_type="application/reports+json"
        )
    assert response.status_code == 204
    assert "style-src-attr" in caplog.records[0].getMessage()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"not json", "CSP report unreadable"),
        (b"\xff\xfe", "CSP report unreadable"),
        (b"[" * 3000 + b"]" * 3000, "CSP report unreadable"),
        (b'{"csp-report": "a string"}', "CSP report without a violation"),
        (b"", "CSP report without a violation"),
        (b"x" * 9000, "CSP report refused: 9000 bytes is over the limit"),
    ],
)
def test_a_bad_report_is_never_a_server_error(
    client: Client, caplog, body: bytes, expected: str
) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level("WARNING", logger="trellis.csp"):
        response = client.post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code == 204
    assert [r.getMessage() for r in caplog.records] == [expected]


def test_the_report_view_takes_only_posts(client: Client) -> None:
    assert client.get("/csp-report/").status_code == 405


def test_the_report_view_needs_no_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.ada.user)
    response = client.post("/csp-report/", json.dumps(_REPORT), content_type="application/json")
    assert response.status_code == 204
