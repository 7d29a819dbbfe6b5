"""Times the O*NET upload of benchmarks/onet_upload.py (run with its environment).

Arguments: the ZIP of the O*NET folder, then the number of uploads to time. Prints one JSON
line: the request times of the uploads (queued for the worker, as in production), of the
confirmation, and of the peer (one upload whose dry run ran inside the request, as before
imports were tasks), then for the dry run and the import that a worker process ran, their
duration and the longest gap between two progress updates seen on the work's row.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from trellis.org.models import LongWork, WorkState  # noqa: E402
from trellis.skills.demo import HR  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POLL_S = 0.05


def _post(client: Client, data: dict[str, object]) -> float:
    started = time.perf_counter()
    response = client.post(reverse("taxonomy_source_import"), data)
    took = time.perf_counter() - started
    if response.status_code not in (200, 302):
        raise SystemExit(f"the upload answered {response.status_code}")
    return took


def _upload(client: Client, archive: bytes) -> float:
    upload = SimpleUploadedFile("onet.zip", archive, content_type="application/zip")
    return _post(client, {"source": "onet", "archive": upload})


def _watch_worker(work_id: int) -> dict[str, float]:
    """Run ``manage.py worker --once`` beside this process and read the work's row every
    ``POLL_S`` until it ends: its duration and the longest gap between progress writes."""
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--once", "--no-schedule"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen: list[tuple[float, str]] = []  # each distinct write of the row while it ran
    last = None
    while worker.poll() is None:
        row = LongWork.objects.filter(pk=work_id).values("state", "updated_at", "step").first()
        if (
            row
            and row["state"] in (WorkState.RUNNING, WorkState.DONE)
            and row["updated_at"] != last
        ):
            last = row["updated_at"]
            seen.append((last.timestamp(), row["step"] or row["state"]))
        time.sleep(POLL_S)
    work = LongWork.objects.get(pk=work_id)
    if work.state != WorkState.DONE:
        raise SystemExit(f"the O*NET work ended {work.state}: {work.error}")
    if not seen or seen[-1][0] != work.updated_at.timestamp():
        seen.append((work.updated_at.timestamp(), "done"))
    gaps = [(b[0] - a[0], a[1]) for a, b in itertools.pairwise(seen)]
    longest = max(gaps, default=(0.0, ""))
    return {
        "duration_s": seen[-1][0] - seen[0][0],
        "max_gap_s": longest[0],
        "max_gap_after": longest[1],
        "updates": len(seen),
    }


def main() -> None:
    archive = Path(sys.argv[1]).read_bytes()
    uploads = int(sys.argv[2])
    client = Client()
    client.force_login(User.objects.get(username=HR))
    with override_settings(TRELLIS_LONG_WORK_INLINE=True):
        peer = _upload(client, archive)
    LongWork.objects.all().delete()
    with override_settings(TRELLIS_LONG_WORK_INLINE=False):
        queued = [_upload(client, archive) for _ in range(uploads)]
        # One preview to run; the others' tasks find no row and do nothing.
        keep = LongWork.objects.order_by("-pk").first()
        assert keep is not None
        LongWork.objects.exclude(pk=keep.pk).delete()
        dry_run = _watch_worker(keep.pk)
        confirm = _post(client, {"confirm": "1"})
        work = LongWork.objects.filter(dry_run=False).get()
        imported = _watch_worker(work.pk)
    out = {
        "upload_s": queued,
        "confirm_s": confirm,
        "peer_s": peer,
        "archive_mib": len(archive) / 2**20,
        "dry_run": dry_run,
        "import": imported,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
