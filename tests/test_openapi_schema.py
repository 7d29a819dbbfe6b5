"""The API's OpenAPI document is valid, and generic ``object`` responses do not grow."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import validate

from tests.cast import Cast

# Operations whose success answer is declared as a bare JSON object (no schema): the number
# may only fall, to 0 when every capability has a typed answer.
GENERIC_RESPONSES_AT_MOST = 0


def _generic(schema: dict[str, Any]) -> list[str]:
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                for media in response.get("content", {}).values():
                    body = media.get("schema", {})
                    if (
                        body.get("type") == "object"
                        and not body.get("properties")
                        and "$ref" not in body
                    ):
                        found.append(f"{method.upper()} {path} {status}")
    return found


def test_the_openapi_document_validates(client_for, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    schema = client_for(cast.otto).get("/api/v1/openapi.json").json()
    validate(schema)
    generic = _generic(schema)
    assert len(generic) <= GENERIC_RESPONSES_AT_MOST, generic
