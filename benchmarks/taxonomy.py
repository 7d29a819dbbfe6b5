"""Taxonomy at scale: the O*NET import, alias search with typos, and the gap to a role.

* ``taxonomy.onet_import``: ``manage.py import_onet`` in a child process into a fresh,
  migrated SQLite file (a copy of a template, so migrations are not timed); then the same
  files again (``onet_reimport``), which must change nothing.
* ``taxonomy.esco_import``: ``manage.py import_esco`` of the shared ESCO 1.0 set (the
  larger, with skill collections and the pillar hierarchy) into the database holding O*NET,
  then again (``esco_reimport``), which must change nothing.
* ``taxonomy.search``: skill and role lookups with typos over the imported O*NET and ESCO
  names.
* ``taxonomy.gap``: ``selectors.person_gap`` for one person against a role and its lattice
  neighbours, in a child process holding a generated company.

``TRELLIS_BENCH_QUICK=1`` uses the small O*NET and ESCO extracts from the tests and a small
company.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Results, median, time_runs

ROOT = Path(__file__).resolve().parent.parent
FULL_ONET = ROOT.parent / "shared" / "data" / "onet-29.3"
EXTRACT = ROOT / "tests" / "skills" / "data" / "onet"
FULL_ESCO = ROOT.parent / "shared" / "data" / "esco-1.0"
ESCO_EXTRACT = ROOT / "tests" / "skills" / "data" / "esco-1.0"
QUERIES = [
    "pyhton",
    "javascrpt",
    "sofware developer",
    "registerd nurse",
    "acounting",
    "critcal thinking",
    "microsoft exel",
    "data scientst",
    "manage digital identiy",
    "translater",
    "negociating",
]


def _env(db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TRELLIS_DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def _manage(db: Path, *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=_env(db),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - start
    # The test extract holds malformed lines on purpose: rejected rows are expected there.
    if done.returncode != 0 and "rejected" not in done.stderr:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def _names(db: Path) -> tuple[list[tuple[int, str, bool]], list[tuple[int, str, bool]]]:
    with sqlite3.connect(db) as conn:
        skills = [(i, n, True) for i, n in conn.execute("select id, name from skills_skill")]
        skills += [
            (i, n, False) for i, n in conn.execute("select skill_id, name from skills_skillalias")
        ]
        roles = [(i, n, True) for i, n in conn.execute("select id, title from skills_role")]
        roles += [
            (i, n, False) for i, n in conn.execute("select role_id, name from skills_rolealias")
        ]
    return skills, roles


def _bench_search(results: Results, db: Path) -> None:
    from trellis.skills.search import NameIndex

    for kind, rows in zip(("skills", "roles"), _names(db), strict=True):
        index = NameIndex()
        for target, name, preferred in rows:
            index.add(target, name, preferred=preferred)
        samples: list[float] = []
        for query in QUERIES:
            samples += time_runs(lambda q=query, ix=index: ix.search(q), runs=3, warmup=1)
        results.add(
            Figure(
                name=f"taxonomy.search_{kind}[names={len(rows)},typo queries={len(QUERIES)}]",
                size=f"{len(rows)} names",
                median_s=median(samples),
                runs=len(samples),
                target_s=0.05,
            )
        )


_GAP_SCRIPT = r"""
import json, random, statistics, time
from django.contrib.auth.models import User
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.skills import selectors
from trellis.skills.models import *
from django.db import connection
from django.test.utils import CaptureQueriesContext

PEOPLE, ROLES, SKILLS = {people}, {roles}, 400
rng = random.Random(11)
families = [JobFamily.objects.create(name=f"Family {{i}}") for i in range(20)]
skills = Skill.objects.bulk_create([Skill(name=f"Skill {{i}}") for i in range(SKILLS)])
roles = Role.objects.bulk_create([
    Role(code=f"R{{i}}", title=f"Role {{i}}", family=families[i % 20], level=1 + i % 6)
    for i in range(ROLES)
])
reqs = []
for role in roles:
    for skill in rng.sample(skills, 12):
        reqs.append(RoleRequirement(role=role, skill=skill, min_level=rng.randint(1, 5),
                                    importance=rng.randint(1, 5), is_required=rng.random() < .8))
RoleRequirement.objects.bulk_create(reqs, batch_size=5000)
edges = set()
for role in roles:
    for other in rng.sample(roles, 4):
        if other.pk != role.pk:
            edges.add((role.pk, other.pk))
RoleTransition.objects.bulk_create([
    RoleTransition(from_role_id=a, to_role_id=b,
                   kind=rng.choice(["promotion", "lateral", "exploratory"]))
    for a, b in edges
], batch_size=5000)
people = Person.objects.bulk_create([
    Person(employee_id=f"E{{i}}", first_name="P", last_name=str(i), email="p@example.com",
           role=roles[i % ROLES])
    for i in range(PEOPLE)
], batch_size=5000)
held = []
for person in people:
    for skill in rng.sample(skills, 8):
        held.append(PersonSkill(person=person, skill=skill, level=rng.randint(0, 5)))
PersonSkill.objects.bulk_create(held, batch_size=10000)
user = User.objects.create_user("bench", password="x")
me = people[PEOPLE // 2]
Person.objects.filter(pk=me.pk).update(user=user)
me.refresh_from_db()
viewer = viewer_for(user)
target = roles[7]
selectors.person_gap(viewer=viewer, person=me, role=target)
samples = []
for _ in range(15):
    start = time.perf_counter()
    report = selectors.person_gap(viewer=viewer, person=me, role=target)
    samples.append(time.perf_counter() - start)
with CaptureQueriesContext(connection) as ctx:
    selectors.person_gap(viewer=viewer, person=me, role=target)
print("RESULT", json.dumps({{"median": statistics.median(samples), "runs": len(samples),
                            "queries": len(ctx.captured_queries),
                            "neighbours": len(report.neighbours)}}))
"""


def _bench_gap(results: Results, tmp: Path, *, people: int, roles: int) -> None:
    db = tmp / "gap.sqlite3"
    _manage(db, "migrate", "-v0")
    script = _GAP_SCRIPT.format(people=people, roles=roles)
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", script],
        env=_env(db),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    results.add(
        Figure(
            name=f"taxonomy.gap[people={people},roles={roles}]",
            size=f"{people} people, {roles} roles",
            median_s=data["median"],
            runs=data["runs"],
            target_s=0.1,
            note=f"{data['queries']} queries, {data['neighbours']} neighbours",
        )
    )


def run(results: Results) -> None:
    quick = os.environ.get("TRELLIS_BENCH_QUICK") == "1"
    source = EXTRACT if quick or not FULL_ONET.is_dir() else FULL_ONET
    runs = 3
    with tempfile.TemporaryDirectory(prefix="trellis-taxonomy-") as name:
        tmp = Path(name)
        template = tmp / "template.sqlite3"
        _manage(template, "migrate", "-v0")
        first: list[float] = []
        again: list[float] = []
        db = tmp / "run.sqlite3"
        for _ in range(runs):
            shutil.copy(template, db)
            first.append(_manage(db, "import_onet", str(source), "--skip-checks"))
            again.append(_manage(db, "import_onet", str(source), "--skip-checks"))
        size = "extract" if source == EXTRACT else "O*NET 29.3 full"
        results.add(
            Figure(
                name=f"taxonomy.onet_import[{size}]",
                size=size,
                median_s=median(first),
                runs=runs,
                target_s=60.0,
            )
        )
        results.add(
            Figure(
                name=f"taxonomy.onet_reimport[{size}]",
                size=size,
                median_s=median(again),
                runs=runs,
                target_s=30.0,
            )
        )
        esco = ESCO_EXTRACT if quick or not FULL_ESCO.is_dir() else FULL_ESCO
        esco_first: list[float] = []
        esco_again: list[float] = []
        with_onet = tmp / "with-onet.sqlite3"
        shutil.copy(db, with_onet)
        for _ in range(runs):
            shutil.copy(with_onet, db)
            esco_first.append(_manage(db, "import_esco", str(esco), "--skip-checks"))
            esco_again.append(_manage(db, "import_esco", str(esco), "--skip-checks"))
        esco_size = "extract" if esco == ESCO_EXTRACT else "ESCO 1.0 shared set"
        for name, samples in (("esco_import", esco_first), ("esco_reimport", esco_again)):
            results.add(
                Figure(
                    name=f"taxonomy.{name}[{esco_size}]",
                    size=esco_size,
                    median_s=median(samples),
                    runs=runs,
                    target_s=60.0 if name == "esco_import" else 30.0,
                )
            )
        _bench_search(results, db)
        people, roles = (2_000, 100) if quick else (100_000, 1_000)
        _bench_gap(results, tmp, people=people, roles=roles)
