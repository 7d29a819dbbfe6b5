from __future__ import annotations

from django.test import Client


def test_stylesheet_is_served_without_debug(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.DEBUG is False
    response = client.get("/static/trellis/trellis.css")
    assert response.status_code == 200
    assert b".topbar" in b"".join(response.streaming_content)  # type: ignore[attr-defined]
