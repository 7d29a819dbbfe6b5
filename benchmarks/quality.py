"""Quality of the market's suggestions, as figures (``make bench ONLY=quality``).

**Suggested moves** on a plain ``import_onet`` of ``../shared/data/onet-29.3``, read through
``python manage.py suggest_moves`` exactly as a user would. There is no expert list of
related occupations here, so the truth is weak and said to be so:

* ``same detailed occupation``: O*NET splits some SOC occupations into specialities
  (29-1141.00 Registered Nurses, .01 Acute Care Nurses, .03 Critical Care Nurses, ...);
  the siblings of an occupation should appear among its moves.
* ``same broad group``: occupations sharing the SOC broad group (first five digits,
  15-125x software occupations). Neither truth is an input of the ranking (the job family
  used is the much coarser SOC major group).
* ``shared alternate title``: two or three occupations listing the same alternate title.
  Alternate titles *are* an input of the text similarity, so this one flatters text.

Each recall@10 is compared with a peer computed here on the same imported ratings: the naive
cosine of importance × level vectors. The pathologies of the old one-directional ranking are
counted too: how often the most suggested role appears (a hub), the share of step-backs of two
levels or more, and rated roles with fewer than five suggestions (must be 0).

**For you** sanity counts on the demo organization come from :mod:`benchmarks.quality_foryou`.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from benchmarks.harness import Figure, Results
from benchmarks.moves import imported_onet
from benchmarks.quality_foryou import foryou_quality
from benchmarks.taxonomy import ROOT, _env

K = 10


def _suggest_moves(db: Path) -> tuple[dict[str, list[str]], dict[str, list[str]], float]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "suggest_moves", "--top", str(K)],
        env=_env(db),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    lists: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, list[str]] = defaultdict(list)
    for line in done.stdout.splitlines():
        a, _rank, b, _score, kind = line.split("\t")
        lists[a].append(b)
        kinds[a].append(kind)
    return lists, kinds, elapsed


def _naive_cosine(conn: sqlite3.Connection, codes: list[str]) -> dict[str, list[str]]:
    """The peer: cosine of (importance × level) vectors, ties to the lower code."""
    rows = conn.execute(
        "select r.code, g.skill_id, g.importance * g.level from skills_rolerating g "
        "join skills_role r on r.id = g.role_id"
    ).fetchall()
    elements = {e: i for i, e in enumerate(sorted({r[1] for r in rows}))}
    position = {c: i for i, c in enumerate(codes)}
    matrix = np.zeros((len(codes), len(elements)))
    for code, element, value in rows:
        matrix[position[code], elements[element]] = value
    norms = np.linalg.norm(matrix, axis=1)
    rated = norms > 0
    unit = matrix / np.where(rated, norms, 1.0)[:, None]
    sims = unit @ unit.T
    out: dict[str, list[str]] = {}
    for i in np.flatnonzero(rated):
        row = np.where(rated, sims[i], -np.inf)
        row[i] = -np.inf
        order = np.lexsort((np.arange(len(codes)), -np.round(row, 12)))[:K]
        out[codes[i]] = [codes[j] for j in order if np.isfinite(row[j])]
    return out


def _truths(conn: sqlite3.Connection, codes: list[str]) -> dict[str, dict[str, set[str]]]:
    detailed: dict[str, set[str]] = defaultdict(set)
    broad: dict[str, set[str]] = defaultdict(set)
    for code in codes:
        detailed[code[:7]].add(code)
        broad[code[:6]].add(code)
    titles: dict[str, set[str]] = defaultdict(set)
    for code, alias in conn.execute(
        "select r.code, lower(a.name) from skills_rolealias a "
        "join skills_role r on r.id = a.role_id"
    ):
        titles[alias].add(code)
    shared: dict[str, set[str]] = defaultdict(set)
    for holders in titles.values():
        if 2 <= len(holders) <= 3:
            for code in holders:
                shared[code] |= holders - {code}
    return {
        "same detailed occupation": {c: detailed[c[:7]] - {c} for c in codes},
        "same broad group": {c: broad[c[:6]] - {c} for c in codes},
        "shared alternate title": dict(shared),
    }


def _recall(lists: dict[str, list[str]], truth: dict[str, set[str]], among: set[str]) -> float:
    scores = [
        len(set(lists.get(c, [])[:K]) & related) / min(len(related), K)
        for c, related in truth.items()
        if related and c in among
    ]
    return float(np.mean(scores)) if scores else 0.0


def _moves_quality(results: Results, db: Path, size: str) -> None:
    lists, kinds, elapsed = _suggest_moves(db)
    with sqlite3.connect(db) as conn:
        codes = [c for (c,) in conn.execute("select code from skills_role order by code")]
        rated = {
            c
            for (c,) in conn.execute(
                "select distinct r.code from skills_rolerating g "
                "join skills_role r on r.id = g.role_id"
            )
        }
        peer = _naive_cosine(conn, codes)
        truths = _truths(conn, codes)
    n = len(codes)
    for label, truth in truths.items():
        ours = _recall(lists, truth, rated)
        theirs = _recall(peer, truth, rated)
        results.add(
            Figure(
                name=f"quality.moves_recall@10[{size}, truth={label}]",
                size=f"{n} roles",
                median_s=elapsed,
                runs=1,
                value=round(ours, 4),
                note=f"naive importance×level cosine: {theirs:.3f}",
            )
        )
    hubs = Counter(b for moves in lists.values() for b in moves)
    top_role, top_count = hubs.most_common(1)[0] if hubs else ("-", 0)
    results.add(
        Figure(
            name=f"quality.moves_most_suggested_role[{size}]",
            size=f"{n} roles",
            median_s=elapsed,
            runs=1,
            value=top_count / max(len(lists), 1),
            at_most=0.1,
            note=f"{top_role} in {top_count} of {len(lists)} lists",
        )
    )
    all_kinds = [k for ks in kinds.values() for k in ks]
    results.add(
        Figure(
            name=f"quality.moves_step_back_share[{size}]",
            size=f"{len(all_kinds)} moves",
            median_s=elapsed,
            runs=1,
            value=round(all_kinds.count("step_back") / max(len(all_kinds), 1), 4),
            note="any step back, labelled as such on the pages",
        )
    )
    short = sum(1 for c in rated if len(lists.get(c, [])) < 5)
    results.add(
        Figure(
            name=f"quality.moves_rated_roles_under_5[{size}]",
            size=f"{len(rated)} rated roles",
            median_s=elapsed,
            runs=1,
            value=short,
            at_most=0,
        )
    )


def run(results: Results) -> None:
    quick = os.environ.get("TRELLIS_BENCH_QUICK") == "1"
    with tempfile.TemporaryDirectory(prefix="trellis-quality-") as name:
        db, size = imported_onet(Path(name), quick)
        _moves_quality(results, db, size)
    foryou_quality(results)
