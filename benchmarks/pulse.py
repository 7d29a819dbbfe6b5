"""HR's pulse results and trend at 100,000 people and 10 pulses (800,000 answers).

A fresh SQLite file gets an organization of 20 departments and 200 teams and ten pulses
answered by about 80% of people, bulk-created by ``benchmarks/_pulse_worker.py``, which also
times the results page, the pulses page with the trend, and the results API through Django's
test client in a process of its own. The query count is reported with each figure: it is the
same at any size (grouped queries). ``TRELLIS_BENCH_QUICK=1`` shrinks it to 5,000 people.
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
    runs = 10 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "pulse.sqlite3"
        env = {**os.environ, "TRELLIS_DATABASE_URL": f"sqlite:///{db}", "TRELLIS_DEBUG": "false"}
        manage = [sys.executable, str(_ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=_ROOT)
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks._pulse_worker", str(people), str(runs)],
            env=env,
            check=True,
            cwd=_ROOT,
            capture_output=True,
            text=True,
        )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    size = f"people={people},pulses=10"
    for name, data in figures.items():
        results.add(
            Figure(
                name=f"pulse.{name}[{size}]",
                size=size,
                median_s=data["median_s"],
                runs=data["runs"],
                target_s=0.3,
                note=f"p90 {data['p90_s'] * 1000:.1f} ms, {data['queries']} queries, "
                f"{data['answers']} answers",
            )
        )
