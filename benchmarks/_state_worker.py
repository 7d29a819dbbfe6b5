"""One stand-in web worker for benchmarks/serve_state.py: load the state, touch every page,
say "ready", wait for the parent to read its memory, exit on end of input.

``python -m benchmarks._state_worker FOLDER map|copy|none``: ``map`` maps the state file
read-only (how web workers read it in production), ``copy`` reads it into private memory (what
a worker building its own state holds), ``none`` loads nothing (the interpreter's own share).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _touch(value: object) -> float:
    import dataclasses

    import numpy as np
    import scipy.sparse as sp

    if isinstance(value, np.ndarray) and value.dtype != object:
        if not value.size:
            return 0.0
        # One byte of every page, without a temporary copy of the array.
        raw = np.asarray(value).reshape(-1).view(np.uint8)
        return float(raw[::4096].sum())
    if sp.issparse(value):
        return _touch(value.data) + _touch(value.indices) + _touch(value.indptr)
    if dataclasses.is_dataclass(value):
        return sum(_touch(getattr(value, f.name)) for f in dataclasses.fields(value))
    return 0.0


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import copy

    from trellis.market.statefile import state_read

    folder, mode = Path(sys.argv[1]), sys.argv[2]
    data = None
    if mode != "none":
        data = state_read(folder)
        if mode == "copy":
            data = copy.deepcopy(data)  # private arrays, as a process-built state is
        _touch(data.state)
        _touch(data)
    print("ready", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
