"""The API's schema and docs: behind login, and served without any other host."""

from __future__ import annotations

import re

from django.test import Client

from tests.cast import Cast, ClientFor
from trellis.org.tokens import api_token_create


def test_anonymous_visitors_get_neither_schema_nor_docs(client: Client, cast: Cast) -> None:
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 302
    assert docs["Location"] == "/accounts/login/?next=/api/v1/docs"
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 401
    assert schema.json() == {"detail": "Unauthorized"}


def test_the_same_holds_in_production_mode(client: Client, cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    settings.TRELLIS_PRODUCTION = True
    assert client.get("/api/v1/openapi.json", secure=True).status_code == 401
    assert client.get("/api/v1/docs", secure=True).status_code == 302


def test_a_signed_in_person_reads_schema_and_docs(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.ada)
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Trellis API"
    assert client.get("/api/v1/docs").status_code == 200


def test_a_token_holder_reads_the_schema_and_a_bad_token_does_not(cast: Cast) -> None:
    _, secret = api_token_create(actor=None, user=cast.ada.user, name="schema reader")
    client = Client()
    ok = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert ok.status_code == 200
    bad = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION="Bearer trl_guess")
    assert bad.status_code == 401
    assert bad.json() == {"detail": "The API token is unknown, expired or revoked."}


def test_the_docs_page_references_no_other_host(client_for: ClientFor, cast: Cast) -> None:
    client = client_for(cast.ada)
    page = client.get("/api/v1/docs").content.decode()
    references = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert "/static/ninja/swagger-ui-bundle.js" in references
    assert "/static/ninja/swagger-ui.css" in references
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in references), references
    assert "http://" not in page and "https://" not in page
    # The files it needs are served here.
    for ref in references:
        assert client.get(ref).status_code == 200, ref
