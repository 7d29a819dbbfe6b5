"""The people picker's type-ahead at 100,000 people (trellis/org/picker.py).

A fresh SQLite file with a synthetic directory written in bulk (deterministic: 100,000
people, 2,000 units, a few hundred job titles); the picker's page (/people/pick/) is timed
in a separate process (``benchmarks/_picker_worker.py``) through Django's test client, for a
first-name prefix, a last-name prefix, a full name, a title word, a unit and a query that
finds nobody, against a peer run in the same process: the same eight cut from the
directory's ``icontains`` filter over names and titles (what the global search used before
it shared the picker's index). Target: 50 ms.
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
TARGET_S = 0.05


def run(results: Results) -> None:
    quick = bool(os.environ.get("TRELLIS_BENCH_QUICK"))
    people = 10_000 if quick else 100_000
    requests = 10 if quick else 30
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "TRELLIS_DATABASE_URL": f"sqlite:///{Path(tmp) / 'picker.sqlite3'}",
            "TRELLIS_DEBUG": "false",
        }
        manage = [sys.executable, str(_ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=_ROOT)
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks._picker_worker", str(people), str(requests)],
            env=env,
            check=True,
            cwd=_ROOT,
            capture_output=True,
            text=True,
        )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    for name, data in figures.items():
        results.add(
            Figure(
                name=f"picker.{name}[people={people}]",
                size=f"people={people}",
                median_s=data["median_s"],
                runs=data["runs"],
                target_s=TARGET_S,
                peer="directory icontains",
                peer_median_s=data["peer_median_s"],
                note=f"p90 {data['p90_s'] * 1000:.1f} ms, {data['queries']} queries, "
                f"{data['found']} found",
            )
        )
