from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.cast import Cast, ClientFor, build_cast

# The test OpenID Connect provider: one per session, for tests/identity and tests/e2e.
from tests.identity.oidc import oidc_provider, sso_settings  # noqa: F401
from trellis.org.models import Person

# In CI, property tests draw the same examples every run: a red build must be reproducible.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Rate-limit counters and cached figures live in the cache: each test starts from none,
    # so the throttles count only that test's requests.
    for alias in caches:
        caches[alias].clear()


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def client_for(client: Client) -> ClientFor:
    """``client_for(person)`` returns the test client logged in as that person."""

    def _login(person: Person) -> Client:
        assert person.user is not None, f"{person} has no login"
        client.force_login(person.user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _fresh_move_index():  # type: ignore[no-untyped-def]
    # The suggested-move index is kept per process and recognised by row counts and top ids;
    # test databases roll back and reuse ids, so start every test without one.
    from trellis.skills import moves

    moves._built = None
    moves._memo = (None, {})
    yield
    moves._built = None
    moves._memo = (None, {})
