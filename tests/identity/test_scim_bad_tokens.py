"""Unknown SCIM bearer tokens are counted per address, with the API's: guessing stays slow."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client, override_settings

from trellis.identity.scim.protocol import scim_token_create

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def _get(client: Client, token: str, address: str = "203.0.113.7") -> Any:
    return client.get("/scim/v2/Users", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address)


@override_settings(TRELLIS_BAD_TOKEN_LIMIT=3, TRELLIS_BAD_TOKEN_WINDOW_SECONDS=600)
def test_an_address_sending_bad_tokens_is_refused_even_with_a_good_one(db: None) -> None:
    _, secret = scim_token_create(name="tests")
    client = Client()
    assert _get(client, secret).status_code == 200
    for _ in range(3):
        assert _get(client, "scim_guess").status_code == 401
    refused = _get(client, secret)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    body = json.loads(refused.content)
    assert body["schemas"] == [ERROR] and body["status"] == "429"
    # Another address is not held back, and a request without any token is never counted.
    assert _get(client, secret, address="198.51.100.2").status_code == 200
    for _ in range(5):
        assert client.get("/scim/v2/Users", REMOTE_ADDR="198.51.100.3").status_code == 401
    assert _get(client, secret, address="198.51.100.3").status_code == 200
