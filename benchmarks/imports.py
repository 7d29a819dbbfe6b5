"""HRIS import at scale: a generated 100,000-person CSV into a fresh SQLite database.

Each import runs ``manage.py import_people`` in a child process against its own database
file, as an operator would, so the figures include Django's start-up and the peak memory
is the child's own (``RUSAGE_CHILDREN`` keeps the largest child so far).

``TRELLIS_BENCH_QUICK=1`` shrinks the file to 2,000 people.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Results, median

ROOT = Path(__file__).resolve().parent.parent
ROLE_CODES = [
    f"{family}{level}" for family in ("SE", "DS", "PM", "SA", "HR", "FN") for level in (1, 2, 3, 4)
]
_FIRST = [
    "Ada",
    "Grace",
    "Linus",
    "Barbara",
    "Ken",
    "Margaret",
    "Alan",
    "Radia",
    "Edsger",
    "Frances",
]
_LAST = [
    "Lovelace",
    "Hopper",
    "Torvalds",
    "Liskov",
    "Thompson",
    "Hamilton",
    "Turing",
    "Perlman",
    "Dijkstra",
    "Allen",
]
_DIVISIONS = ["Engineering", "Sales", "Operations", "Finance", "People", "Marketing"]
_CITIES = ["Lisbon", "Porto", "Berlin", "Madrid", "Remote"]


def generate_people_csv(path: Path, *, people: int, seed: int = 7) -> None:
    """A deterministic HRIS export: one CEO, spans of 3-10, units from the top four levels."""
    rng = random.Random(seed)
    managers: list[int | None] = [None]
    depth = [0]
    units = ["Acme"]
    queue = [0]  # people who may still take reports, oldest first (breadth-first growth)
    head = 0
    while len(managers) < people:
        boss = queue[head]
        head += 1
        for _ in range(rng.randint(3, 10)):
            if len(managers) >= people:
                break
            me = len(managers)
            managers.append(boss)
            depth.append(depth[boss] + 1)
            if depth[boss] == 0:
                unit = f"Acme/{_DIVISIONS[me % len(_DIVISIONS)]} {me}"
            elif depth[boss] < 3:
                unit = f"{units[boss]}/Group {me}"
            else:
                unit = units[boss]
            units.append(unit)
            queue.append(me)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Employee ID", "Legal First Name", "Last Name", "Work Email", "Supervisor EID",
                "Department", "Job Title", "Job Code", "Grade", "Work Location", "Hire Date",
                "Job Start Date",
            ]
        )  # fmt: skip
        for me, boss in enumerate(managers):
            code = rng.choice(ROLE_CODES)
            hired = f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            writer.writerow(
                [
                    f"E{me:07d}",
                    rng.choice(_FIRST),
                    rng.choice(_LAST),
                    f"person{me}@example.com",
                    "" if boss is None else f"E{boss:07d}",
                    units[me],
                    f"Title {code}",
                    code,
                    int(code[-1]) + 1,
                    rng.choice(_CITIES),
                    hired,
                    hired,
                ]
            )


_SETUP_ROLES = f"""
from trellis.skills.models import JobFamily, Role
for code in {ROLE_CODES!r}:
    family, _ = JobFamily.objects.get_or_create(name=code[:2])
    Role.objects.get_or_create(code=code, defaults={{"title": code, "family": family,
                                                     "level": int(code[-1])}})
"""


def _manage(db: Path, *args: str) -> float:
    env = {
        **os.environ,
        "TRELLIS_DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TRELLIS_MAX_IMPORT_BYTES": str(200 * 1024 * 1024),
    }
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"manage.py {args[0]} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return elapsed


def run(results: Results) -> None:
    people = 2_000 if os.environ.get("TRELLIS_BENCH_QUICK") == "1" else 100_000
    runs = 3
    with tempfile.TemporaryDirectory(prefix="trellis-bench-imports-") as tmp:
        work = Path(tmp)
        source = work / "people.csv"
        generate_people_csv(source, people=people)
        template = work / "template.sqlite3"
        _manage(template, "migrate", "--no-input")
        _manage(template, "shell", "-c", _SETUP_ROLES)
        first: list[float] = []
        again: list[float] = []
        for attempt in range(runs):
            db = work / f"run{attempt}.sqlite3"
            shutil.copyfile(template, db)
            first.append(_manage(db, "import_people", str(source)))
            again.append(_manage(db, "import_people", str(source)))
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = f"people={people}"
    note = f"peak RSS of the largest child {peak_mb:.0f} MB (target < 1024 MB)"
    results.add(
        Figure(
            name=f"imports.people[{size}]",
            size=size,
            median_s=median(first),
            runs=runs,
            target_s=60.0,
            note=note,
        )
    )
    results.add(
        Figure(
            name=f"imports.people_reimport[{size}]",
            size=size,
            median_s=median(again),
            runs=runs,
            target_s=30.0,
            note=note,
        )
    )


if __name__ == "__main__":
    run(Results())
