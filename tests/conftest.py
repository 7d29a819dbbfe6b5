from __future__ import annotations

import pytest
from django.test import Client

from tests.cast import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def client_for(client: Client):  # type: ignore[no-untyped-def]
    """``client_for(person)`` returns the test client logged in as that person."""

    def _login(person):  # type: ignore[no-untyped-def]
        client.force_login(person.user)
        return client

    return _login
