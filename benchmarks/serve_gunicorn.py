"""Real gunicorn workers mapping the market state (``make bench ONLY=serve_gunicorn``).

A throwaway SQLite database with a generated organization of 100,000 people and 10,000 open
opportunities (the demo's people and the market benchmark's opportunities, 40% opted in),
and the market state written from it by the worker's own job (``market_state_write``) under
its own ``TRELLIS_STATE_DIR``; then ``gunicorn -c config/gunicorn.conf.py`` as ``make serve``
runs it (production settings), with 1 and with 4 workers, with and without ``preload_app``
(``TRELLIS_WEB_PRELOAD``). Each group is warmed by For you requests from 8 clients until
every worker has answered, then the PSS of the master and its workers is read from the
kernel (each worker maps the state on its first For you and answers from it; PSS splits
shared pages between the processes mapping them). Last, 8 concurrent clients load For you on
4 workers for a fixed time: p50, p99 and throughput. ``TRELLIS_BENCH_QUICK=1`` shrinks the
organization tenfold.
"""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks.harness import Figure, Results, median

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 8


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _rollup(pid: int) -> dict[str, int]:
    """Rss, Pss (KiB) of a process from the kernel (Linux's smaps_rollup)."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        values[name] = int(rest.split()[0])
    return values


def _maps_state(pid: int) -> bool:
    return "market-state" in Path(f"/proc/{pid}/maps").read_text()


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, session: str = "") -> tuple[int, float]:
    """GET a loopback address (``http://127.0.0.1:PORT/path``); raises OSError unless 200."""
    parts = urllib.parse.urlsplit(url)
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    try:
        conn.request("GET", parts.path, headers={"Cookie": session} if session else {})
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise OSError(f"{url}: HTTP {response.status}")
    return response.status, time.perf_counter() - started


def _hammer(
    url: str, sessions: list[str], *, seconds: float | None, count: int | None
) -> list[float]:
    """``CLIENTS`` threads asking for ``url`` until ``seconds`` pass or ``count`` are done,
    each request as the next of ``sessions`` (many people, as real traffic is)."""
    samples: list[float] = []
    errors: list[Exception] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + (seconds or 1e9)
    left = [count if count is not None else 10**9]
    turn = [0]

    def client() -> None:
        while time.perf_counter() < deadline:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
                session = sessions[turn[0] % len(sessions)]
                turn[0] += 1
            try:
                _, took = _get(url, session)
            except OSError as exc:  # an HTTP error too: the figures would be meaningless
                errors.append(exc)
                return
            with lock:
                samples.append(took)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} requests failed, first: {errors[0]!r}")
    return samples


class _Server:
    def __init__(self, env: dict[str, str], workers: int, preload: bool) -> None:
        self.port = _port()
        env = dict(
            env,
            TRELLIS_WEB_WORKERS=str(workers),
            TRELLIS_WEB_PRELOAD="true" if preload else "false",
            TRELLIS_BIND=f"127.0.0.1:{self.port}",
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(240):
            try:
                _get(f"{self.url}/health/")
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def warm(self, sessions: list[str], workers: int) -> None:
        """For you until every worker has answered it (the workers' pids, as seen by psutil,
        all have the state mapped)."""
        for _ in range(30):
            _hammer(f"{self.url}/market/for-you/", sessions, seconds=None, count=len(sessions))
            mapped = [_maps_state(child) for child in _children(self.proc.pid)]
            if len(mapped) == workers and all(mapped):
                return
        raise RuntimeError("not every worker mapped the state")

    def pss_mib(self) -> tuple[float, float]:
        info = [_rollup(pid) for pid in (self.proc.pid, *_children(self.proc.pid))]
        return sum(i["Pss"] for i in info) / 1024, sum(i["Rss"] for i in info) / 1024

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(60)


# The worker's job, once: the state file every web worker maps.
_STATE = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from trellis.market.cache import market_state_write
print(market_state_write())
"""


def _prepare(tmp: Path, people: int) -> tuple[dict[str, str], list[str]]:
    from benchmarks.market import _PER_100, _SETUP

    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        TRELLIS_PRODUCTION="true",
        TRELLIS_SECRET_KEY=secrets.token_hex(32),
        TRELLIS_DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        TRELLIS_STATE_DIR=str(tmp / "market-state"),
        TRELLIS_SSL_REDIRECT="false",
        TRELLIS_SECURE_COOKIES="false",
        TRELLIS_ALLOWED_HOSTS="127.0.0.1",
        TRELLIS_ACCESS_LOG="false",
        TRELLIS_LOG_LEVEL="WARNING",
        TRELLIS_WEB_THREADS="4",
    )
    python = sys.executable
    # The demo is refused under production settings: it is loaded with development's.
    development = {k: v for k, v in env.items() if k != "TRELLIS_PRODUCTION"}
    for args, with_env in (
        (["manage.py", "migrate", "--noinput"], env),
        (["manage.py", "createcachetable"], env),
        (["manage.py", "collectstatic", "--noinput"], env),
        (["manage.py", "demo", "--people", str(people)], development),
        (["-c", _SETUP, str(_PER_100), "0.4"], development),
        (["-c", _STATE], env),
    ):
        subprocess.run([python, *args], cwd=ROOT, env=with_env, check=True, capture_output=True)
    sessions = subprocess.run(
        [python, "-m", "benchmarks._gunicorn_prep"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return env, sessions


def run(results: Results) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    quick = os.environ.get("TRELLIS_BENCH_QUICK") == "1"
    people = 10_000 if quick else 100_000
    size = f"people={people},opps={people // 10}"
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        env, sessions = _prepare(tmp, people)
        memory: dict[tuple[bool, int], tuple[float, float]] = {}
        latency: list[float] = []
        took = 0.0
        for preload in (False, True):
            for workers in (1, 4):
                server = _Server(env, workers, preload)
                try:
                    server.warm(sessions, workers)
                    memory[preload, workers] = server.pss_mib()
                    if preload and workers == 4:
                        started = time.perf_counter()
                        latency = _hammer(
                            f"{server.url}/market/for-you/", sessions, seconds=20, count=None
                        )
                        took = time.perf_counter() - started
                finally:
                    server.stop()
    for preload in (False, True):
        pss1, rss1 = memory[preload, 1]
        pss4, rss4 = memory[preload, 4]
        ratio = pss4 / pss1
        results.add(
            Figure(
                name=f"serve.gunicorn_pss_4_vs_1[{size},preload={preload}]",
                size=size,
                median_s=0.0,
                runs=1,
                value=round(ratio, 2),
                at_most=1.5,
                note=(
                    f"master+workers PSS: 1 worker {pss1:.0f} MiB, 4 workers {pss4:.0f} MiB; "
                    f"RSS 1: {rss1:.0f}, 4: {rss4:.0f} MiB; load average {load[0]:.1f}"
                ),
            )
        )
    latency.sort()
    p99 = latency[min(len(latency) - 1, int(0.99 * len(latency)))]
    results.add(
        Figure(
            name=f"serve.for_you_4_workers_{CLIENTS}_clients[{size}]",
            size=size,
            median_s=median(latency),
            runs=len(latency),
            target_s=0.050,
            note=(
                f"p99 {p99 * 1000:.0f} ms, {len(latency) / took:.1f} requests/s over "
                f"{took:.0f} s (preload on, 4 threads per worker); load average "
                f"{load[0]:.1f} before the run, {os.getloadavg()[0]:.1f} after"
            ),
        )
    )
