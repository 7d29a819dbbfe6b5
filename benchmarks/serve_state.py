"""Memory of web workers sharing the market state file (``make bench ONLY=serve_state``).

The state of 100,000 people × 10,000 opportunities is written as a state file; then 1 and 4
stand-in web workers (``benchmarks/_state_worker.py``: Django set up, the state loaded, every
page touched) are started, and their memory read from the kernel (RSS and PSS: PSS splits
each shared page between the processes mapping it, so the PSS of a group adds up to what it
really uses). Peer: the same 4 workers each holding a private copy, as when every worker built
its own state. Target: 4 mapping workers use at most 1.5× the memory of one.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.engine import make_inputs
from benchmarks.harness import Figure, Results, median, time_runs

ROOT = Path(__file__).resolve().parent.parent
MIB = 2**20


def _market_data(n_people: int, n_opps: int):  # type: ignore[no-untyped-def]
    from trellis.engine import build_state
    from trellis.market.fetch import MarketData

    state = build_state(**make_inputs(n_people, n_opps))  # type: ignore[arg-type]
    ids = lambda n: np.arange(1, n + 1, dtype=np.int64)  # noqa: E731
    zeros = lambda n: np.zeros(n, np.int64)  # noqa: E731
    return MarketData(
        state=state,
        person_ids=ids(n_people),
        opp_ids=ids(n_opps),
        skill_ids=ids(state.n_skills),
        role_ids=ids(300),
        person_unit=zeros(n_people),
        person_level=zeros(n_people),
        person_role=zeros(n_people),
        person_sig=zeros(n_people),
        opp_kind=np.array(["gig"] * n_opps, dtype=object),
        opp_unit=zeros(n_opps),
        opp_owner=zeros(n_opps),
        opp_hours=np.zeros(n_opps),
        opp_remote=np.zeros(n_opps, np.bool_),
        version=("bench",),
    )


def _group(folder: Path, mode: str, n: int) -> tuple[float, float]:
    """Total RSS and PSS (MiB) of ``n`` stand-in workers, all loaded at once."""
    from benchmarks.serve_gunicorn import _rollup

    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "benchmarks._state_worker", str(folder), mode],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]
    try:
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        info = [_rollup(p.pid) for p in procs]  # KiB, from the kernel
        rss = sum(i["Rss"] for i in info) * 1024
        pss = sum(i["Pss"] for i in info) * 1024
        return rss / MIB, pss / MIB
    finally:
        for p in procs:
            assert p.stdin is not None
            p.stdin.close()
            p.wait(60)


def run(results: Results) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from trellis.market.statefile import state_write

    quick = os.environ.get("TRELLIS_BENCH_QUICK") == "1"
    n_people, n_opps = (10_000, 1_000) if quick else (100_000, 10_000)
    size = f"people={n_people},opps={n_opps}"
    data = _market_data(n_people, n_opps)
    with tempfile.TemporaryDirectory() as tmp:
        written: list[Path] = []
        samples = time_runs(lambda: written.append(state_write(data, root=Path(tmp))), runs=3)
        folder = written[-1]
        on_disk = sum(f.stat().st_size for f in folder.iterdir()) / MIB
        results.add(
            Figure(
                name=f"serve.state_write[{size}]",
                size=size,
                median_s=median(samples),
                runs=len(samples),
                note=f"{on_disk:.0f} MiB on disk",
            )
        )
        started = time.perf_counter()
        _, base_pss = _group(folder, "none", 1)
        rss1, pss1 = _group(folder, "map", 1)
        rss4, pss4 = _group(folder, "map", 4)
        _, copy4 = _group(folder, "copy", 4)
        took = time.perf_counter() - started
    ratio = pss4 / pss1
    results.add(
        Figure(
            name=f"serve.state_memory_4_workers_vs_1[{size}]",
            size=size,
            median_s=took,
            runs=1,
            value=round(ratio, 2),
            at_most=1.5,
            note=(
                f"PSS 1 worker {pss1:.0f} MiB, 4 workers {pss4:.0f} MiB (x{ratio:.2f}); "
                f"RSS 1: {rss1:.0f}, 4: {rss4:.0f} MiB; interpreter and Django alone "
                f"{base_pss:.0f} MiB each; 4 private copies {copy4:.0f} MiB "
                f"(x{copy4 / pss1:.2f}); state share of 4 mapped "
                f"{(pss4 - 4 * base_pss) / max(pss1 - base_pss, 1e-9):.2f}x one"
            ),
        )
    )
