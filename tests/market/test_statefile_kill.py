"""A writer killed with SIGKILL at any moment never leaves a version that gets mapped broken."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trellis.market import statefile

ROOT = Path(__file__).resolve().parents[2]

# Writes the benchmark's synthetic state (10,000 people) again and again into ROOT_DIR.
_WRITER = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
import django
django.setup()
from pathlib import Path
from benchmarks.serve_state import _market_data
from trellis.market.statefile import state_write
data = _market_data(10_000, 1_000)
print("built", flush=True)
while True:
    state_write(data, root=Path(sys.argv[1]))
"""


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.7])
def test_a_writer_killed_mid_write_leaves_the_last_whole_version(
    tmp_path: Path, delay: float
) -> None:
    proc = subprocess.Popen(  # noqa: S603 (our own script, with our interpreter)
        [sys.executable, "-c", _WRITER, str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "built"
        for _ in range(600):  # the first version, then a moment into a later one
            if (tmp_path / statefile.CURRENT).exists():
                break
            time.sleep(0.1)
        time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    statefile.state_forget()
    try:
        data = statefile.state_current(root=tmp_path)
        assert data is not None
        assert data.state.n_people == 10_000 and len(data.person_index) == 10_000
        assert int(data.person_ids[-1]) == 10_000
        # Whatever the writer left half done is a temporary folder, never named in CURRENT.
        current = (tmp_path / statefile.CURRENT).read_text()
        assert current.startswith("v-") and (tmp_path / current / statefile.MANIFEST).exists()
    finally:
        statefile.state_forget()
