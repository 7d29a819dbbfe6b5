"""Identity: SCIM provisioning at scale, and a single sign-on in the browser.

- ``identity.scim_create``: 10,000 SCIM User creations (with department and manager) through
  the endpoint — Django's full request stack in-process, no socket — into a fresh SQLite
  database in a child process; the figure is seconds per 1,000 users, and the note gives
  users/s and the query counts per creation at the start and the end (they must match).
- ``identity.sso_login``: page to page in Chromium, through the test OpenID Connect provider
  (tests/identity/provider), from "Log in with your company account" to the home page,
  waiting time only (typing excluded); run by the browser test it is measured in.

``TRELLIS_BENCH_QUICK=1`` creates 1,000 users.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Figure, Results, median

ROOT = Path(__file__).resolve().parent.parent


def _scim(results: Results) -> None:
    users = 1000 if os.environ.get("TRELLIS_BENCH_QUICK") else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings")
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks._identity_worker",
                f"{tmp}/scim.sqlite3",
                str(users),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    rate = data["users"] / data["seconds"]
    results.add(
        Figure(
            name=f"identity.scim_create[users={users}]",
            size=f"{users} users",
            median_s=data["seconds"] / users * 1000,
            runs=1,
            note=(
                f"{rate:.0f} users/s; queries per creation: first 100 {data['first_queries']}, "
                f"last 100 {data['last_queries']} (seconds per 1,000 users)"
            ),
        )
    )


def _sso(results: Results) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        samples = _sso_samples(Path(tmp) / "sso.json")
    if samples:
        results.add(
            Figure(
                name="identity.sso_login[browser,loopback provider]",
                size="1 sign-in",
                median_s=median(samples),
                runs=len(samples),
                target_s=1.0,
                note="page to page, after one warm-up sign-in",
            )
        )


def _sso_samples(path: Path) -> list[float]:
    env = dict(os.environ, TRELLIS_SSO_BENCH_RUNS="5", TRELLIS_SSO_BENCH_OUT=str(path))
    out = subprocess.run(
        [
            # One xdist worker: its own test database file, apart from a test run's.
            sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-n", "1",
            "tests/e2e/test_sso_journey.py::test_sso_page_to_page_time",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if not path.exists():
        print(out.stdout[-2000:], out.stderr[-2000:])
        return []
    return [float(x) for x in json.loads(path.read_text())]


def run(results: Results) -> None:
    only = os.environ.get("TRELLIS_BENCH_IDENTITY", "scim,sso").split(",")
    if "scim" in only:
        _scim(results)
    if "sso" in only:
        _sso(results)
