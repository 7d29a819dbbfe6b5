"""Exploring the organization at 100,000 people: the org chart explorer and global search.

A fresh SQLite file filled by the demo generator, plus synthetic roles up to 10,000 (each with
an alternative title) for search; requests are timed in a separate process
(``benchmarks/_explore_worker.py``) through Django's test client, so the figures are the
server's work. Targets: each expand and each search within 100 ms; opening the chart, which
loads the whole chain above the viewer, within the 300 ms page target.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Figure, Results

_ROOT = Path(__file__).resolve().parent.parent
_TARGETS = {"chart_open_at_own_place": 0.3, "chart_search_and_open": 0.3}


def run(results: Results) -> None:
    quick = bool(os.environ.get("TRELLIS_BENCH_QUICK"))
    people = 10_000 if quick else 100_000
    requests = 10 if quick else 30
    roles = 1_000 if quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "TRELLIS_DATABASE_URL": f"sqlite:///{Path(tmp) / 'explore.sqlite3'}",
            "TRELLIS_DEBUG": "false",
        }
        manage = [sys.executable, str(_ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=_ROOT)
        subprocess.run(
            [*manage, "demo", "--people", str(people)],
            env=env,
            check=True,
            cwd=_ROOT,
            stdout=subprocess.DEVNULL,
        )
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks._explore_worker", str(requests), str(roles)],
            env=env,
            check=True,
            cwd=_ROOT,
            capture_output=True,
            text=True,
        )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    for name, data in figures.items():
        base = name.split("[", 1)[0]
        results.add(
            Figure(
                name=f"explore.{name}[people={people},roles={roles}]",
                size=f"people={people},roles={roles}",
                median_s=data["median_s"],
                runs=data["runs"],
                target_s=_TARGETS.get(base, 0.1),
                note=f"p90 {data['p90_s'] * 1000:.1f} ms, {data['queries']} queries",
            )
        )
