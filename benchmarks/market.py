"""Marketplace server times: "For you" (warm and cold engine cache), candidate search, a round.

SQLite in a temporary file, filled by the demo generator and the market demo; pages are timed
in a separate process (``benchmarks/_market_worker.py``) through Django's test client, so the
figures are the server's work (middleware, fetch, engine, templates) without a network.
Full size: 20,000 people (about 8,000 opted in) and 2,000 open opportunities; the round clears
every opted-in person against every open opportunity from the database to stored rows.
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
_SETUP = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from trellis.market.demo import market_demo_generate
print(market_demo_generate(seed=11, opportunities_per_100=int(sys.argv[1]), opt_in_share=0.4))
"""


def run(results: Results) -> None:
    quick = bool(os.environ.get("TRELLIS_BENCH_QUICK"))
    people = 2_000 if quick else 20_000
    per_100 = 10  # opportunities per 100 people: 2,000 at 20,000 people
    runs = 10 if quick else 30
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "market.sqlite3"
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
        subprocess.run(
            [sys.executable, "-c", _SETUP, str(per_100)],
            env=env,
            check=True,
            cwd=_ROOT,
            stdout=subprocess.DEVNULL,
        )
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks._market_worker", str(runs)],
            env=env,
            check=False,
            cwd=_ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise RuntimeError(f"market worker failed:\n{out.stderr[-3000:]}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    meta = figures.pop("meta")
    size = f"people={people},opps={meta['opportunities']}"
    targets = {"round": 60.0, "for_you_warm": 0.3, "candidates_warm": 0.3}
    for name, data in figures.items():
        results.add(
            Figure(
                name=f"market.{name}[{size}]",
                size=size,
                median_s=data["median_s"],
                runs=data["runs"],
                target_s=targets.get(name),
                note=f"SQLite; {meta['opted_in']} opted in",
            )
        )
