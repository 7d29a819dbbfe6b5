"""Suggested role moves: how fast, on O*NET and on a synthetic 10,000-role catalogue.

* ``moves.all_roles[onet]``: every O*NET role's top 10 through the app (the cached index,
  warm), i.e. what ``suggest_moves`` computes; ``moves.index_build[onet]`` the cold build
  (database reads + engine index) after a taxonomy change.
* ``moves.one_role[onet]``: one role's top 10 with explanations and names, as the role
  page asks for them (median over 50 roles, warm).
* ``moves.all_roles[synthetic roles=10000]``: the engine alone (index build + every role's
  top 10) on an O*NET-like catalogue: 68 rated elements per role, about 30 tools from a long
  tail of 8,000, fifty alternate titles and a description each. Run in a child process so
  its peak RSS is its own.

The O*NET figures import ``../shared/data/onet-29.3`` into a throwaway SQLite file first
(``TRELLIS_BENCH_QUICK=1``: the test extract and 2,000 synthetic roles).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Figure, Results
from benchmarks.taxonomy import EXTRACT, FULL_ONET, ROOT, _env, _manage

_APP_SCRIPT = r"""
import json, statistics, time
from trellis.skills import moves
from trellis.skills.models import Role

t = time.perf_counter(); built = moves.move_index(); cold = time.perf_counter() - t
def all_roles():
    return moves.suggested_moves_all(k=10)
all_roles()
runs = []
for _ in range(3):
    t = time.perf_counter(); out = all_roles(); runs.append(time.perf_counter() - t)
roles = list(Role.objects.order_by("pk")[: 50])
for role in roles[:3]:
    moves.suggested_moves(role=role, k=10)
one = []
for role in roles:
    t = time.perf_counter()
    moves.suggested_moves(role=role, k=10)
    one.append(time.perf_counter() - t)
rated = set(Role.objects.filter(ratings__isnull=False).values_list("pk", flat=True))
per_role = {}
for m in out:
    per_role[m.from_id] = per_role.get(m.from_id, 0) + 1
under5 = sum(1 for pk in rated if per_role.get(pk, 0) < 5)
print(json.dumps({"cold": cold, "all": runs, "one": one, "roles": built.index.n,
                  "rated": len(rated), "rated_under_5": under5, "lines": len(out)}))
"""

_SYNTHETIC_SCRIPT = r"""
import json, resource, sys, time
import numpy as np
from trellis.engine.moves import MoveIndex, RoleCatalog

n = int(sys.argv[1]); rng = np.random.default_rng(7)
words = [f"w{i}" for i in range(6000)]
zipf = 1.0 / np.arange(1, len(words) + 1); zipf /= zipf.sum()
def phrase(k):
    return " ".join(words[i] for i in rng.choice(len(words), size=k, p=zipf))
n_el, n_tools = 68, 8000
tool_p = 1.0 / np.arange(1, n_tools + 1) ** 0.8; tool_p /= tool_p.sum()
tool_role, tool = [], []
for r in range(n):
    chosen = np.unique(rng.choice(n_tools, size=30, p=tool_p))
    tool_role += [r] * len(chosen); tool += chosen.tolist()
catalog = RoleCatalog(
    level=rng.integers(1, 6, n), family=rng.integers(0, 23, n),
    titles=[phrase(3) for _ in range(n)],
    aliases=[[phrase(3) for _ in range(50)] for _ in range(n)],
    descriptions=[phrase(30) for _ in range(n)],
    rating_role=np.repeat(np.arange(n), n_el), rating_element=np.tile(np.arange(n_el), n),
    rating_value=rng.random(n * n_el), n_elements=n_el,
    tool_role=tool_role, tool=tool, n_tools=n_tools,
)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
times = []
for _ in range(3):
    t = time.perf_counter()
    index = MoveIndex.build(catalog)
    lists = index.all_ranked(k=10)
    times.append(time.perf_counter() - t)
    assert len(lists) == n and all(len(x) == 10 for x in lists)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"times": times, "peak_mb": peak, "before_mb": before}))
"""


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _child(db: Path | None, script: str, *args: str) -> dict[str, object]:
    env = _env(db) if db is not None else dict(os.environ)
    if db is not None:
        script = "import django; django.setup()\n" + script
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def imported_onet(tmp: Path, quick: bool) -> tuple[Path, str]:
    """A migrated SQLite file holding the O*NET import (the full set unless quick)."""
    source = EXTRACT if quick or not FULL_ONET.is_dir() else FULL_ONET
    db = tmp / "onet.sqlite3"
    _manage(db, "migrate", "-v0")
    _manage(db, "import_onet", str(source), "--skip-checks")
    return db, ("extract" if source == EXTRACT else "O*NET 29.3 full")


def run(results: Results) -> None:
    quick = os.environ.get("TRELLIS_BENCH_QUICK") == "1"
    with tempfile.TemporaryDirectory(prefix="trellis-moves-") as name:
        db, size = imported_onet(Path(name), quick)
        app = _child(db, _APP_SCRIPT)
    roles = int(app["roles"])  # type: ignore[call-overload]
    results.add(
        Figure(
            name=f"moves.index_build[{size}, roles={roles}]",
            size=f"{roles} roles",
            median_s=float(app["cold"]),  # type: ignore[arg-type]
            runs=1,
            note="database reads + engine index, once per taxonomy change",
        )
    )
    results.add(
        Figure(
            name=f"moves.all_roles[{size}, roles={roles}, top=10]",
            size=f"{roles} roles",
            median_s=_median(app["all"]),  # type: ignore[arg-type]
            runs=3,
            target_s=2.0,
            note=f"{app['lines']} lines; rated roles with < 5 moves: {app['rated_under_5']}",
        )
    )
    results.add(
        Figure(
            name=f"moves.one_role[{size}, roles={roles}, top=10, explained]",
            size=f"{roles} roles",
            median_s=_median(app["one"]),  # type: ignore[arg-type]
            runs=len(app["one"]),  # type: ignore[arg-type]
            target_s=0.02,
        )
    )
    n = 2_000 if quick else 10_000
    synthetic = _child(None, _SYNTHETIC_SCRIPT, str(n))
    results.add(
        Figure(
            name=f"moves.all_roles[synthetic roles={n}, top=10]",
            size=f"{n} roles",
            median_s=_median(synthetic["times"]),  # type: ignore[arg-type]
            runs=3,
            target_s=30.0,
            note=f"peak RSS {float(synthetic['peak_mb']):.0f} MiB (target 1024)",  # type: ignore[arg-type]
        )
    )
