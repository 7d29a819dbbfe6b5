"""Shared timing helpers for ``make bench`` (format: DESIGN.md section 8).

Each benchmark module under ``benchmarks/`` exposes ``run(results: Results) -> None``
and records figures through :class:`Results`. ``benchmarks/run.py`` discovers the
modules, prints a table and writes ``benchmarks/results.json``.
"""

from __future__ import annotations

import gc
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    name: str
    size: str
    median_s: float
    runs: int
    target_s: float | None = None
    peer: str | None = None
    peer_median_s: float | None = None
    note: str = ""
    # Quality figures (a recall, a count) carry their value here; median_s is then the time
    # the computation took. ``at_least``/``at_most`` are the value's bounds, when it has one.
    value: float | None = None
    at_least: float | None = None
    at_most: float | None = None
    # Arithmetic floor: the useful multiply-adds at the GEMM rate measured in the same run.
    floor_s: float | None = None
    # Peak memory the step itself allocated (traced during its warm-up run), not the process.
    step_mib: float | None = None
    # How equal work was verified against the peer (or the reference), with its outcome.
    equal_work: str | None = None

    @property
    def floor_ratio(self) -> float | None:
        if not self.floor_s:
            return None
        return self.median_s / self.floor_s

    @property
    def value_ok(self) -> bool:
        if self.value is None:
            return True
        low = self.at_least if self.at_least is not None else -float("inf")
        high = self.at_most if self.at_most is not None else float("inf")
        return low <= self.value <= high

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("value", "at_least", "at_most", "floor_s", "step_mib", "equal_work"):
            if data[key] is None:
                data.pop(key)
        if self.floor_ratio is not None:
            data["floor_ratio"] = self.floor_ratio
        if self.peer is None:
            data.pop("peer")
            data.pop("peer_median_s")
        if not self.note:
            data.pop("note")
        return data


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        _print_row(figure)
        return figure


def time_runs(fn: Callable[[], object], *, runs: int = 3, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of ``runs`` calls of ``fn`` after ``warmup`` unmeasured calls."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


@dataclass
class Measured:
    """Timed runs of one step: the samples and the peak memory its warm-up run allocated."""

    samples: list[float]
    step_mib: float
    result: object = None

    @property
    def median_s(self) -> float:
        return statistics.median(self.samples)


def measure(fn: Callable[[], object], *, runs: int = 5, warmup: int = 1) -> Measured:
    """Like :func:`time_runs`, with the step's own peak allocation (NumPy and SciPy arrays
    included: NumPy reports its buffers to tracemalloc) traced during the first warm-up run,
    so tracing never slows a timed run. ``result`` holds the last run's return value."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    result = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del result
    for _ in range(warmup - 1):
        fn()
    samples: list[float] = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return Measured(samples=samples, step_mib=max(peak - base, 0) / 2**20, result=result)


def gemm_gflops(n: int = 1024, runs: int = 5) -> float:
    """The machine's float32 matrix-multiply rate now (GFLOP/s, median of ``runs``), with
    NumPy's BLAS on all its threads: the arithmetic ceiling the engine's floors are set by."""
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.random((n, n), dtype=np.float32)
    b = rng.random((n, n), dtype=np.float32)
    samples = time_runs(lambda: a @ b, runs=runs)
    return 2.0 * n**3 / statistics.median(samples) / 1e9


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) of the samples, by nearest rank."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[rank]


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _print_row(figure: Figure) -> None:
    target = f"{figure.target_s:.4g}" if figure.target_s is not None else "-"
    status = ""
    if figure.target_s is not None:
        status = "ok" if figure.median_s <= figure.target_s else "OVER"
    peer = ""
    if figure.peer is not None and figure.peer_median_s:
        ratio = figure.peer_median_s / figure.median_s if figure.median_s else float("inf")
        peer = f"  peer {figure.peer}: {figure.peer_median_s:.4g}s ({ratio:.1f}x)"
    note = f"  [{figure.note}]" if figure.note else ""
    extra = []
    if figure.floor_ratio is not None:
        extra.append(f"{figure.floor_ratio:.0f}x floor ({figure.floor_s:.3g}s)")
    if figure.step_mib is not None:
        extra.append(f"step {figure.step_mib:.3g} MiB")
    if figure.equal_work is not None:
        extra.append(f"equal work: {figure.equal_work}")
    if extra:
        note = "  " + "; ".join(extra) + note
    if figure.value is not None:
        bound = ""
        if figure.at_least is not None:
            bound = f" (at least {figure.at_least:g})"
        elif figure.at_most is not None:
            bound = f" (at most {figure.at_most:g})"
        verdict = "ok" if figure.value_ok else "MISSED"
        note = f"  value={figure.value:.4g}{bound} {verdict}" + note
    print(
        f"{figure.name:<70} {figure.median_s:>10.4g}s  runs={figure.runs:<3} "
        f"target={target:<8} {status}{peer}{note}",
        flush=True,
    )
