"""The API fuzzed against its own OpenAPI schema: no server error, no response off its schema.

The schema is read from the app object (not over HTTP, so it works whether or not the docs
need a login) and every operation is called through the WSGI app in the test's transaction,
as an employee and as an HR partner, each with a bearer token.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from config.api import api
from config.wsgi import application
from tests.cast import Cast, build_cast
from trellis.org.tokens import api_token_create

# A schema-valid request may still break a rule no schema can say (an unknown unit, a
# colleague out of reach): that is a documented 400 with its reason, not a failure.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404"],
            },
        },
    }
)
# Dates have windows no JSON Schema keyword can state (a plan from 2000 to thirty years
# ahead, a record up to today, a closing date from today): schema-valid dates are drawn from
# today, the one day inside every window. Out-of-window dates are tested in test_validation.
_TODAY = timezone.localdate()
schemathesis.openapi.format("date", st.just(_TODAY.isoformat()))
schemathesis.openapi.format(
    "date-time", st.times().map(lambda t: f"{_TODAY.isoformat()}T{t.isoformat()}Z")
)

schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1/"), config=CONFIG
)
schema.app = application


CASES_RUN: dict[str, int] = {}
PHASES: dict[str, int] = {}


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Calls go through the WSGI app, which closes the database connection after each
    request; inside the test's transaction that would end it (Django's test client does the
    same as this fixture)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _fuzzing_is_not_token_guessing(settings: Any) -> None:
    """The fuzzer sends made-up tokens on purpose (to check they are refused); the address
    limit on bad tokens would then refuse the real one too, which its own tests cover."""
    settings.TRELLIS_BAD_TOKEN_LIMIT = 10**9


@pytest.fixture(params=["employee", "hr"])
def bearer(request: pytest.FixtureRequest, db: None) -> dict[str, str]:
    cast: Cast = build_cast()
    person = cast.ada if request.param == "employee" else cast.hana
    _, secret = api_token_create(actor=None, user=person.user, name="fuzz", read_only=False)
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_api(case: schemathesis.Case, bearer: dict[str, str]) -> None:
    CASES_RUN[case.operation.label] = CASES_RUN.get(case.operation.label, 0) + 1
    key = f"{case.meta.phase.name if case.meta else None}"
    PHASES[key] = PHASES.get(key, 0) + 1
    case.call_and_validate(headers=bearer)


@pytest.fixture(scope="module", autouse=True)
def _report_cases() -> Iterator[None]:
    yield
    if CASES_RUN:
        sys.stderr.write(
            f"\nschemathesis: {sum(CASES_RUN.values())} cases over "
            f"{len(CASES_RUN)} operations {PHASES}\n"
        )
