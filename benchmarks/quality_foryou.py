"""For-you sanity counts on the demo organization (the For-you part of ``ONLY=quality``).

A fresh SQLite database in a temporary folder is migrated and filled by
``manage.py demo --people 300`` (as a new user would); For you is then computed for every
active person in a separate Django process (``benchmarks/_quality_foryou_worker.py``), which
counts what a careers coach would not sign (see that module for the exact definitions):

* people whose top-1 is under 30 % readiness while they could take something at 30 % or more;
* offers to mentor others shown below the asked level (must be 0);
* job shadowing of the person's own role (must be 0);
* people with skills marked "grow" whose top five uses none of them.

:func:`foryou_quality` records one figure per count (``median_s`` is the median time of one
person's For you during the sweep; the count is in the note and returned) and returns the
counts. :mod:`benchmarks.quality` calls it (``make bench ONLY=quality``).
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
PEOPLE = 300
# Counts that must be 0: a rule of For you is broken otherwise.
MUST_BE_ZERO = ("mentor_below_level", "shadow_own_role")
_LABELS = {
    "top1_under_30": "people whose top-1 is under 30% readiness while something better exists",
    "mentor_below_level": "offers to mentor shown below the asked level (must be 0)",
    "shadow_own_role": "shadowing of the person's own role shown (must be 0)",
    "grow_unused": "people with grow-skills whose top five uses none of them",
}


def _env(db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TRELLIS_DATABASE_URL": f"sqlite:///{db}",
        "TRELLIS_DEBUG": "false",
        "TRELLIS_MARKET_BACKGROUND_REFRESH": "false",
    }


def sweep(people: int = PEOPLE) -> dict[str, float]:
    """The worker's counts for a fresh demo organization of ``people``."""
    with tempfile.TemporaryDirectory(prefix="trellis-quality-foryou-") as tmp:
        env = _env(Path(tmp) / "quality.sqlite3")
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
            [sys.executable, "-m", "benchmarks._quality_foryou_worker"],
            env=env,
            check=False,
            cwd=_ROOT,
            capture_output=True,
            text=True,
        )
    if out.returncode != 0:
        raise RuntimeError(f"For-you quality worker failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def foryou_quality(results: Results, people: int = PEOPLE) -> dict[str, float]:
    """Record the For-you sanity counts on the demo of ``people`` and return them."""
    counts = sweep(people)
    size = f"people={people},opps={int(counts['opportunities'])}"
    context = (
        f"{int(counts['people_with_grow'])} people with grow-skills, "
        f"{int(counts['top1_under_30_any'])} top-1s under 30% in all, "
        f"{int(counts['empty'])} with an empty For you, "
        f"{int(counts['near_misses'])} near misses shown apart"
    )
    for key, label in _LABELS.items():
        value = int(counts[key])
        verdict = " BROKEN" if key in MUST_BE_ZERO and value else ""
        if key == "top1_under_30":
            verdict += (
                f" (the better item: ranked lower {int(counts['better_listed_lower'])}, "
                f"near miss {int(counts['better_near_miss'])}, held back by a rule "
                f"{int(counts['better_held_back'])})"
            )
        if key == "grow_unused":
            verdict += (
                f" (a grow-skill item listed below five: {int(counts['grow_listed_lower'])}, "
                f"only among near misses or blocked: {int(counts['grow_near_or_blocked'])}, "
                "nothing on the page for the rest)"
            )
        results.add(
            Figure(
                name=f"quality.foryou.{key}[{size}]",
                size=size,
                median_s=counts["median_s"],
                runs=int(counts["runs"]),
                value=value,
                at_most=0 if key in MUST_BE_ZERO else None,
                note=f"{value} of {int(counts['people'])}: {label}{verdict}; {context}",
            )
        )
    return counts
