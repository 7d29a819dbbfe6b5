"""scim2-tester against the live /scim/v2/ endpoint: 0 failures on what Trellis serves."""

from __future__ import annotations

import pytest
from scim2_tester import Status, check_server

from tests.identity.scim_client import HttpScimClient
from trellis.identity.scim.protocol import scim_token_create


@pytest.mark.django_db(transaction=True)
def test_scim2_tester_finds_no_failure(live_server) -> None:  # type: ignore[no-untyped-def]
    _, secret = scim_token_create(name="compliance")
    client = HttpScimClient(f"{live_server.url}/scim/v2", secret)
    results = check_server(client)
    failures = [
        f"{result.title} [{result.resource_type}]: {result.reason}"
        for result in results
        if result.status not in (Status.SUCCESS, Status.SKIPPED)
    ]
    assert len(results) > 20
    assert failures == [], "\n".join(failures)
    passed = {result.title for result in results if result.status == Status.SUCCESS}
    for needed in ("object_creation", "object_replacement", "object_deletion"):
        assert needed in passed
