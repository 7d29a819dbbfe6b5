"""Server time of the person page, the directory's first page, HR insights, the chart pages
and the taxonomy browser at 10,000 people.

The database is a fresh SQLite file filled by the demo generator; the pages are timed in a
separate process (``benchmarks/_pages_worker.py``) through Django's test client, so the
figure is the server's work (middleware, queries, templates) without a network.
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


# HR's insights aggregate the whole organization; the other pages serve one person. Pages
# that draw charts or open the skill tree are held to the page target of 300 ms.
_TARGETS = {
    "insights": 0.5,
    "checkins_chart": 0.3,
    "career_map_chart": 0.3,
    "coverage_chart": 0.3,
    "taxonomy_tree": 0.3,
    "taxonomy_match": 0.3,
}


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "TRELLIS_DATABASE_URL": f"sqlite:///{db}", "TRELLIS_DEBUG": "false"}


def run(results: Results) -> None:
    people = 1000 if os.environ.get("TRELLIS_BENCH_QUICK") else 10_000
    requests = 20 if os.environ.get("TRELLIS_BENCH_QUICK") else 60
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "pages.sqlite3"
        env = _env(db)
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
            [sys.executable, "-m", "benchmarks._pages_worker", str(requests)],
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
                name=f"pages.{name}[people={people}]",
                size=f"people={people}",
                median_s=data["median_s"],
                runs=data["runs"],
                target_s=_TARGETS.get(name, 0.05),
                note=f"p90 {data['p90_s'] * 1000:.1f} ms, {data['queries']} queries",
            )
        )
