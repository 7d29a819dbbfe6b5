"""Child process of benchmarks/identity.py: SCIM creations into a fresh SQLite database.

``python -m benchmarks._identity_worker DB_PATH USERS`` prints one JSON line: seconds taken,
users created, and the query counts of the first and last 100 creations.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time


def main() -> None:
    db_path, users = sys.argv[1], int(sys.argv[2])
    os.environ["TRELLIS_DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from trellis.identity.scim.protocol import scim_token_create

    call_command("migrate", verbosity=0, interactive=False)
    _, secret = scim_token_create(name="bench")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    core = "urn:ietf:params:scim:schemas:core:2.0:User"
    enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    rng = random.Random(7)
    departments = [f"Acme/Division {d}/Department {d}-{t}" for d in range(5) for t in range(10)]
    ids: list[str] = []
    queries: list[int] = []
    started = time.perf_counter()
    for n in range(users):
        employment: dict[str, object] = {
            "employeeNumber": f"E{n:06d}",
            "department": rng.choice(departments),
        }
        if ids:
            # Managers among the first tenth: a realistic, shallow hierarchy.
            employment["manager"] = {"value": rng.choice(ids[: max(1, len(ids) // 10)])}
        body = {
            "schemas": [core, enterprise],
            "userName": f"user{n}@example.com",
            "externalId": f"idp-{n}",
            "name": {"givenName": "Bench", "familyName": f"Person {n}"},
            "emails": [{"value": f"user{n}@example.com"}],
            "title": "Engineer",
            "active": True,
            enterprise: employment,
        }
        measure = n < 100 or n >= users - 100
        if measure:
            context = CaptureQueriesContext(connection)
            context.__enter__()
        response = client.post(
            "/scim/v2/Users", json.dumps(body), content_type="application/scim+json"
        )
        if measure:
            context.__exit__(None, None, None)
            queries.append(len(context.captured_queries))
        if response.status_code != 201:
            raise SystemExit(f"creation {n} answered {response.status_code}: {response.content!r}")
        ids.append(response.json()["id"])
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "users": users,
                "first_queries": sorted(set(queries[:100])),
                "last_queries": sorted(set(queries[-100:])),
            }
        )
    )


if __name__ == "__main__":
    main()
