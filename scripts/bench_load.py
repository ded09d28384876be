"""`make bench`, the load side (scripts/bench.py runs it in the parent process; no Django here):

gunicorn on a free loopback port, a GET with a session cookie, the load generators (wrk with our Lua `done()`, or
Python threads when wrk is missing), waiting for queued requests to drain, and the RSS of each gunicorn worker.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LUA = """
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
function done(summary, latency, requests)
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
end
"""


def parse_wrk(text: str) -> dict | None:
    """The figures of the BENCH_RESULT line our Lua `done()` prints, latencies in ms; None if absent."""
    match = re.search(r"^BENCH_RESULT (.*)$", text, re.MULTILINE)
    if not match:
        return None
    raw = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    seconds = raw["duration_us"] / 1e6
    errors = raw["err_connect"] + raw["err_read"] + raw["err_write"] + raw["err_status"] + raw["err_timeout"]
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "p50": raw["p50_us"] / 1000,
        "p95": raw["p95_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "max": raw["max_us"] / 1000,
        "errors": errors,
    }


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of `values` (0 < q <= 100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without float error
    return ordered[int(rank) - 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, cookie: str, timeout: float = 30) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - started


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    cmd = [gunicorn, "csu.wsgi:application", "--workers", "2", "--worker-class", "sync"]
    cmd += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--error-logfile", str(log), "--timeout", "60"]
    quiet = subprocess.DEVNULL
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=quiet, stderr=quiet)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if http_get(port, "/health/", "", timeout=5)[0] == 200:
                return proc
        except OSError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"gunicorn did not start; see {log}")


def drain(port: int) -> None:
    """Wait until gunicorn has served what a load run left queued: wrk closes its connections when its time is
    up, but the sync workers still serve every request already sent. One more request queues behind them and
    returns once they are done, so the measurement that follows starts on idle workers."""
    with contextlib.suppress(OSError):
        http_get(port, "/health/", "", timeout=120)


def worker_rss_mb(master_pid: int) -> list[float]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", status, re.MULTILINE):
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                found.append(int(match.group(1)) / 1024)
    return sorted(found)


def load_wrk(port: int, path: str, cookie: str, seconds: float, clients: int, script: Path) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    cmd = ["wrk", "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(script), url]
    done = subprocess.run(cmd, env={**os.environ, "BENCH_COOKIE": cookie}, capture_output=True, text=True)  # noqa: S603
    result = parse_wrk(done.stdout)
    if result is None:
        raise RuntimeError(f"wrk gave no result: {done.stdout[-300:]} {done.stderr[-300:]}")
    return result


def load_python(port: int, path: str, cookie: str, seconds: float, clients: int) -> dict:
    """Fallback when wrk is missing: `clients` threads, each one request after another, for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        mine, bad = [], 0
        while time.monotonic() < stop:
            try:
                status, took = http_get(port, path, cookie, timeout=10)
                mine.append(took * 1000)
                bad += status >= 400
            except OSError:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "max": max(latencies, default=0.0),
        "errors": errors[0],
    }
