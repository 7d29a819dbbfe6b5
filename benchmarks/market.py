"""Marketplace server times at the issue's sizes, on SQLite (default) or PostgreSQL.

Two generated organizations, each in a fresh database of its own:

* pages — 100,000 people and 10,000 open opportunities (40% of people opted in):
  "For you" for one person with the engine cache warm (the target) and cold (the rebuild a
  data change costs), and candidate search for one opportunity;
* round — 20,000 people, every one opted in, and 2,000 open opportunities: one matching
  round from the database to stored rows (fetch, preferences, clearing, assignments), and
  the round's preview page work (fetch, preferences, both sides' lists with names).

The database is SQLite in a temporary file unless ``TRELLIS_DATABASE_URL`` names PostgreSQL;
then the database it names is dropped and created again for each organization (use a
throwaway database: ``postgres://postgres@127.0.0.1:54331/trellis_bench``). The figure's
name says which. Pages are timed in a separate Django process through the test client
(``benchmarks/_market_worker.py``), so a figure is the server's whole work — middleware,
session, data version, engine, templates — without a network. ``TRELLIS_BENCH_QUICK=1``
shrinks both organizations tenfold.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks.harness import Figure, Results

_ROOT = Path(__file__).resolve().parent.parent
_SETUP = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.db import connection
from trellis.market.demo import market_demo_generate, market_demo_reset
market_demo_reset()
per_100, share = int(sys.argv[1]), float(sys.argv[2])
market_demo_generate(seed=11, opportunities_per_100=per_100, opt_in_share=share)
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
"""
# Opportunities per 100 people: 10,000 at 100,000 people, 2,000 at 20,000.
_PER_100 = 10
_TARGETS = {"for_you_warm": 0.3, "candidates_warm": 0.3, "round": 60.0}


def _pg_url() -> str | None:
    url = os.environ.get("TRELLIS_DATABASE_URL", "")
    return url if url.startswith(("postgres:", "postgresql:")) else None


@contextmanager
def _database(tmp: Path, label: str) -> Iterator[tuple[str, str]]:
    """(database URL, name for the figures) of a fresh, empty database."""
    pg = _pg_url()
    if pg is None:
        yield f"sqlite:///{tmp / f'market-{label}.sqlite3'}", "sqlite"
        return
    import psycopg

    parts = urlsplit(pg)
    name = parts.path.lstrip("/")
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit("TRELLIS_DATABASE_URL must name a throwaway database for the benchmark")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg, "postgresql"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _organization(url: str, people: int, opt_in_share: float) -> dict[str, str]:
    env = {**os.environ, "TRELLIS_DATABASE_URL": url, "TRELLIS_DEBUG": "false"}
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
        [sys.executable, "-c", _SETUP, str(_PER_100), str(opt_in_share)],
        env=env,
        check=True,
        cwd=_ROOT,
        stdout=subprocess.DEVNULL,
    )
    return env


def _worker(env: dict[str, str], what: str, runs: int) -> dict[str, dict[str, float]]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks._market_worker", what, str(runs)],
        env=env,
        check=False,
        cwd=_ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RuntimeError(f"market worker failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _add(results: Results, figures: dict, people: int, db: str) -> None:  # type: ignore[type-arg]
    meta = figures.pop("meta")
    size = f"people={people},opps={meta['opportunities']}"
    for name, data in figures.items():
        results.add(
            Figure(
                name=f"market.{name}[{size},db={db}]",
                size=size,
                median_s=data["median_s"],
                runs=data["runs"],
                target_s=_TARGETS.get(name),
                note=f"{db}; {meta['opted_in']} opted in; {meta['note']}",
            )
        )


def run(results: Results) -> None:
    quick = bool(os.environ.get("TRELLIS_BENCH_QUICK"))
    scale = 10 if quick else 1
    with tempfile.TemporaryDirectory() as tmp:
        people = 100_000 // scale
        with _database(Path(tmp), "pages") as (url, db):
            env = _organization(url, people, 0.4)
            _add(results, _worker(env, "pages", 10 if quick else 30), people, db)
        people = 20_000 // scale
        with _database(Path(tmp), "round") as (url, db):
            env = _organization(url, people, 1.0)
            _add(results, _worker(env, "round", 3), people, db)
