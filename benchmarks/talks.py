"""Prep sheet and coverage server time at 100,000 people and 500,000 conversations.

A fresh SQLite file is filled by the demo generator, then conversations (with pull and
push items and follow-ups) are bulk-created by ``benchmarks/_talks_worker.py``, which also
times the pages through Django's test client in a process of its own. The prep sheet ranks
opportunities with the market's in-process engine cache: the worker builds it once before
timing (as the first request after a change would) and reports how long that took.
``TRELLIS_BENCH_QUICK=1`` shrinks the data to 5,000 people and 25,000 conversations.
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


def run(results: Results) -> None:
    quick = bool(os.environ.get("TRELLIS_BENCH_QUICK"))
    people = 5_000 if quick else 100_000
    conversations = people * 5
    requests = 20 if quick else 40
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "talks.sqlite3"
        env = {**os.environ, "TRELLIS_DATABASE_URL": f"sqlite:///{db}", "TRELLIS_DEBUG": "false"}
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
            [sys.executable, "-m", "benchmarks._talks_worker", str(conversations), str(requests)],
            env=env,
            check=True,
            cwd=_ROOT,
            capture_output=True,
            text=True,
        )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    size = f"people={people},conversations={conversations}"
    for name, data in figures.items():
        results.add(
            Figure(
                name=f"talks.{name}[{size}]",
                size=size,
                median_s=data["median_s"],
                runs=data["runs"],
                target_s=0.2,
                note=f"p90 {data['p90_s'] * 1000:.1f} ms, {data['queries']} queries"
                + (f", {data['reports']} reports" if "reports" in data else "")
                + (
                    f", {data['opportunities']} opportunities and {data['people_to_meet']} "
                    f"people pushed, market cache warmed once in {data['market_warm_s']:.1f} s"
                    if "market_warm_s" in data
                    else ""
                ),
            )
        )
