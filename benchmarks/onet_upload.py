"""Uploading the full O*NET 29.3 set as a task (``make bench ONLY=onet_upload``).

A fresh database with the demo (50 people): SQLite, or the PostgreSQL database that
``TRELLIS_DATABASE_URL`` names (dropped and created again: use a throwaway one, as for
``benchmarks/market.py``); HR uploads the O*NET folder as one ZIP
archive on the taxonomy source page through Django's test client, in a process of its own
(``benchmarks/_onet_upload_worker.py``). Timed: the upload request when its dry run is queued
for the worker, as in production (target 300 ms), against a peer in the same process: the
same upload whose dry run ran inside the request, as before imports were tasks. Then a real
``manage.py worker`` runs the dry run and, once confirmed, the import, while the benchmark
reads the work's row every 50 ms: the longest gap between two progress updates (target 2 s).
On SQLite the progress made inside the import's transaction cannot be written until it
ends (one writer at a time); on PostgreSQL it is. Needs ``../shared/data/onet-29.3``;
skipped (no figure) without it. ``TRELLIS_BENCH_QUICK=1``
times 3 uploads instead of 7.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from benchmarks.harness import Figure, Results, median
from benchmarks.market import _database

_ROOT = Path(__file__).resolve().parent.parent
ONET = _ROOT.parent / "shared" / "data" / "onet-29.3"


def _archive(folder: Path, into: Path) -> Path:
    path = into / "onet.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.glob("*.txt")):
            archive.write(file, file.name)
    return path


def run(results: Results) -> None:
    if not ONET.is_dir():
        print(f"onet_upload: no O*NET folder at {ONET}; nothing measured")
        return
    uploads = 3 if os.environ.get("TRELLIS_BENCH_QUICK") else 7
    with tempfile.TemporaryDirectory() as scratch, _database(Path(scratch), "onet") as (url, db):
        tmp = Path(scratch)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "TRELLIS_DATABASE_URL": url,
            "TRELLIS_IMPORT_DIR": str(tmp / "imports"),
            "TRELLIS_DEBUG": "false",
            "TRELLIS_LOG_LEVEL": "ERROR",
        }
        manage = [sys.executable, str(_ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=_ROOT)
        subprocess.run(
            [*manage, "demo", "--people", "50"],
            env=env,
            check=True,
            cwd=_ROOT,
            stdout=subprocess.DEVNULL,
        )
        archive = _archive(ONET, tmp)
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks._onet_upload_worker", str(archive), str(uploads)],
            env=env,
            check=True,
            cwd=_ROOT,
            capture_output=True,
            text=True,
        )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    size = f"O*NET 29.3 full, {data['archive_mib']:.1f} MiB ZIP,db={db}"
    results.add(
        Figure(
            name=f"imports.onet_upload_request[{size}]",
            size=size,
            median_s=median(data["upload_s"]),
            runs=len(data["upload_s"]),
            target_s=0.3,
            peer="the dry run inside the request (before imports were tasks)",
            peer_median_s=data["peer_s"],
            note=f"slowest {max(data['upload_s']) * 1000:.0f} ms; "
            f"the confirmation {data['confirm_s'] * 1000:.0f} ms",
        )
    )
    for step in ("dry_run", "import"):
        run_ = data[step]
        results.add(
            Figure(
                name=f"imports.onet_progress_gap[{size},{step}]",
                size=size,
                median_s=run_["duration_s"],
                runs=1,
                value=round(run_["max_gap_s"], 2),
                at_most=2.0,
                note=f"longest gap between progress updates (value, s), after "
                f"{run_['max_gap_after']!r}, over a run of {run_['duration_s']:.1f} s with "
                f"{run_['updates']} updates seen",
            )
        )
