"""Demo organization at scale: ``manage.py demo --people N`` into a fresh SQLite database.

Each run migrates its own database file, then times the ``demo`` command in a child process
as an operator would run it (Django's start-up included). Peak memory is that child's own,
read with ``os.wait4``. Every run is a fresh process and database, so there is no warm-up.

Runs stop early when another one would push the module past its time budget; the note says
how many ran. ``TRELLIS_BENCH_QUICK=1`` shrinks the sizes to 1,000 people.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Results, median

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 600.0
RUNS = 3
TARGETS = {100_000: 180.0}
_SECONDS = re.compile(r"person skills in ([0-9.]+) s")


def _env(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TRELLIS_DATABASE_URL"] = f"sqlite:///{database}"
    env.pop("TRELLIS_DEBUG", None)  # DEBUG keeps every query in memory
    return env


def _fresh_database(folder: Path, people: int) -> Path:
    database = folder / f"trellis-bench-demo-{people}.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=_env(database),
        check=True,
    )
    return database


def _demo_once(database: Path, people: int) -> tuple[float, float, float]:
    """(wall seconds, generator's own seconds, peak RSS MiB) of one ``demo`` command."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "manage.py", "demo", "--people", str(people)],
        cwd=ROOT,
        env=_env(database),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"manage.py demo --people {people} failed:\n{output}")
    match = _SECONDS.search(output)
    own = float(match.group(1)) if match else wall
    return wall, own, usage.ru_maxrss / 1024


def run(results: Results) -> None:
    quick = os.environ.get("TRELLIS_BENCH_QUICK") == "1"
    sizes = [1_000] if quick else [10_000, 100_000]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trellis-bench-demo-") as tmp:
        folder = Path(tmp)
        for people in sizes:
            walls: list[float] = []
            owns: list[float] = []
            peaks: list[float] = []
            for _ in range(RUNS):
                spent = time.perf_counter() - started
                # A 100k run costs ~10x a 10k run: leave room for the bigger size's first run.
                reserve = 0.0 if people == sizes[-1] else 12 * (walls[-1] if walls else 0)
                if walls and spent + walls[-1] * 1.3 + reserve > BUDGET_S:
                    break
                database = _fresh_database(folder, people)
                wall, own, peak = _demo_once(database, people)
                walls.append(wall)
                owns.append(own)
                peaks.append(peak)
            note = (
                f"peak RSS {max(peaks):.0f} MiB; generator alone {median(owns):.1f}s "
                f"(command includes Django start-up); {len(walls)} run(s), no warm-up"
            )
            if len(walls) < RUNS:
                note += f" (fewer than {RUNS}: time budget of {BUDGET_S:.0f}s)"
            results.add(
                Figure(
                    name=f"demo.generate[people={people}]",
                    size=f"people={people}",
                    median_s=median(walls),
                    runs=len(walls),
                    target_s=TARGETS.get(people),
                    note=note,
                )
            )
