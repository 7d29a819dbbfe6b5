"""Run the benchmarks: ``python -m benchmarks.run [name ...]`` (``make bench ONLY=engine``).

Every module in this folder with a ``run(results)`` function is a benchmark; the table is
printed as figures come in and written to ``benchmarks/results.json``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

from benchmarks.harness import Results

_HERE = Path(__file__).resolve().parent
# Parts of another benchmark, not run on their own.
_NOT_BENCHMARKS = {"harness", "run", "quality_foryou"}


def _modules(only: list[str]) -> list[str]:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(_HERE)])
        if m.name not in _NOT_BENCHMARKS and not m.name.startswith("_")
    )
    if only:
        unknown = sorted(set(only) - set(names))
        if unknown:
            raise SystemExit(
                f"Unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}"
            )
        names = [n for n in names if n in only]
    return names


def main(argv: list[str]) -> int:
    only = [a for arg in argv for a in arg.split(",") if a]
    results = Results()
    started = time.perf_counter()
    for name in _modules(only):
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        module.run(results)
    out = _HERE / "results.json"
    out.write_text(json.dumps([f.as_json() for f in results.figures], indent=2) + "\n")
    print(f"{len(results.figures)} figures in {time.perf_counter() - started:.0f}s -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
