#!/usr/bin/env python
"""`make bench` (issue 9): speed at the scale of a large service, on this machine, against PostgreSQL.

What it does, in order:
1. Derives its OWN databases from DATABASE_URL (`<name>_bench` for scale 1, `<name>_bench2` for scale 2; or
   BENCH_DATABASE_URL / BENCH2_DATABASE_URL), creates them if missing, migrates them and (re)generates the
   dataset with `manage.py generate_bench_data` unless it already holds the same scale, seed, generator version
   and migrations (the marker is a comment on the database).
2. Measures each page's query count in-process (test Client + CaptureQueriesContext) at scale 1 and 2.
3. Starts gunicorn (2 sync workers, DEBUG off, persistent connections) on a free loopback port, signs each role
   in by creating a session, and drives every page with 16 concurrent clients (wrk, or a Python fallback),
   next to two references: the Django admin changelist of the same model and a bare constant view.
4. Times the jobs the apps provide when they exist (annual report, reminder sweeps, school import, session CSV
   export) and reads the RSS of each gunicorn worker.
5. Prints the figures with each goal met/missed and appends them to docs/benchmarks.md.
Adding a page after a merge = adding a `Page` to PAGES in scripts/bench_jobs.py; pages whose URL name does not
resolve yet are listed as "not available yet". Environment knobs: BENCH_DURATION (s per page, 15), BENCH_WARMUP
(2), BENCH_CLIENTS (16), BENCH_SCALE2=0 to skip scale 2, BENCH_LOADGEN=python to force the fallback load
generator.

This module's top level imports no Django: the Django parts run in child processes (`--child MODE`) against
the database given to them, so that the parent's memory and settings never mix with what is measured.

The parts, beside this file (none imports Django at its top level either):
- bench.py (this file): `main()`, the bench databases, running the children, the `--child` dispatch;
- bench_load.py: gunicorn, the load generators (wrk, or Python threads), the gunicorn workers' RSS;
- bench_jobs.py: the pages measured and the in-process child modes (plan, report, sweep, import, export);
- bench_visits.py: the child modes about writes and visits (writer, after_write, phone);
- bench_render.py: the goals, the verdicts, the Markdown tables and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

# Run directly, Python puts scripts/ first on sys.path; loaded from its path (tests/bench), it is not there yet.
# Appended, not prepended: this file must never shadow the `bench` Django app (the data generator).
SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.append(str(SCRIPTS))

# F401: besides what main() uses, this module re-exports the helpers the child modes look up on it as their
# harness (see CHILDREN) and the functions tests/bench reach through scripts/bench.py.
import bench_jobs  # noqa: E402
import bench_visits  # noqa: E402
from bench_jobs import (  # noqa: E402, F401
    PAGES,
    _bench_users,
    _django,
    _resolve,
    _sign_in,
    child_export,
    child_import,
    child_plan,
    child_sweep,
    write_ottawa_csv,
)
from bench_load import (  # noqa: E402, F401
    LUA,
    PYTHON,
    ROOT,
    drain,
    free_port,
    http_get,
    load_python,
    load_wrk,
    parse_wrk,
    percentile,
    start_gunicorn,
    worker_rss_mb,
)
from bench_render import (  # noqa: E402, F401
    Run,
    machine,
    page_goals,
    queries_stable,
    render,
    report_goals,
    verdict,
    visit_rows,
    write_doc,
)

# --- the parent: databases, children -------------------------------------------------------------------


def bench_database_url(url: str, suffix: str) -> str:
    """`postgres://h/csu` → `postgres://h/csu_bench` (never the dev or the test database)."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/") or "csu"
    if name.startswith("test_"):
        raise ValueError(f"Refusing to benchmark against a test database: {name}")
    if not name.endswith(suffix):
        name = f"{name}{suffix}"
    return urlunparse(parsed._replace(path="/" + name))


def bench_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        ENV_FILE="",  # a developer's .env (DEBUG=1...) must not leak into the measurement
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DB_CONN_MAX_AGE="600",
        BENCH_CEILING_VIEW="1",
        CELERY_BROKER_URL="",
        # Production's shared cache (csu.cache, {% cache %}): every gunicorn worker and the writer use one Redis.
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/1"),
        LOG_LEVEL="WARNING",
    )
    return env


def ensure_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    conn.close()


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)  # noqa: S603


def run_child(mode: str, env: dict) -> dict:
    done = subprocess.run(  # noqa: S603
        [PYTHON, str(Path(__file__).resolve()), "--child", mode], env=env, cwd=ROOT, capture_output=True, text=True
    )
    for line in done.stdout.splitlines()[::-1]:
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON ") :])
    tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    return {"status": f"error: {tail[0][:160]}"}


# --- the child modes (`--child MODE`) -------------------------------------------------------------------
# The writer, the first request after a write and the annual report take this module as their harness: they look
# the shared helpers (_django, _bench_users, PAGES, _resolve, _sign_in) up here, where a test can replace one.


def child_report() -> dict:
    return bench_jobs.child_report(sys.modules[__name__])


CHILDREN = {
    "plan": child_plan,
    "writer": lambda: bench_visits.child_writer(sys.modules[__name__]),
    "after_write": lambda: bench_visits.child_after_write(sys.modules[__name__]),
    "phone": bench_visits.child_phone,
    "report": child_report,
    "sweep": child_sweep,
    "import": child_import,
    "export": child_export,
}


def main() -> int:
    source = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csu")
    url1 = os.environ.get("BENCH_DATABASE_URL") or bench_database_url(source, "_bench")
    url2 = os.environ.get("BENCH2_DATABASE_URL") or bench_database_url(source, "_bench2")
    with_scale2 = os.environ.get("BENCH_SCALE2", "1") != "0"
    duration = float(os.environ.get("BENCH_DURATION", "15"))
    warmup = float(os.environ.get("BENCH_WARMUP", "2"))
    clients = int(os.environ.get("BENCH_CLIENTS", "16"))
    use_wrk = shutil.which("wrk") is not None and os.environ.get("BENCH_LOADGEN") != "python"
    started = time.monotonic()
    run = Run(
        started=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        machine=machine(),
        loadgen="wrk (1 thread, Lua percentiles)" if use_wrk else "Python threads (wrk not installed)",
        duration=duration,
        clients=clients,
    )
    env1, env2 = bench_env(url1), bench_env(url2)

    scales = [(1, url1, env1)] + ([(2, url2, env2)] if with_scale2 else [])
    for scale, url, env in scales:
        print(f"== data, scale {scale}: {urlparse(url).path.lstrip('/')}", flush=True)
        ensure_database(url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "generate_bench_data", "--scale", str(scale), "--reset", "--skip-if-current")
    manage(env1, "collectstatic", "--noinput", "-v0")

    print("== query counts (in-process, test Client)", flush=True)
    run.plan1 = run_child("plan", env1)
    if "pages" not in run.plan1:
        raise SystemExit(f"planning failed: {run.plan1}")
    if with_scale2:
        run.plan2 = run_child("plan", env2)

    port = free_port()
    log = Path(tempfile.gettempdir()) / f"csu-bench-gunicorn-{port}.log"
    print(f"== load: gunicorn on 127.0.0.1:{port}, {clients} clients, {duration:g} s per page", flush=True)
    proc = start_gunicorn(env1, port, log)
    writer = None
    if os.environ.get("BENCH_WRITER", "1") != "0":
        writer = subprocess.Popen(  # noqa: S603
            [PYTHON, str(Path(__file__).resolve()), "--child", "writer"],
            env=env1,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "cookie.lua"
            script.write_text(LUA)
            for entry in run.plan1["pages"]:
                if entry.get("status") != "ok":
                    print(f"  {entry['name']:<40} {entry.get('status')}", flush=True)
                    continue
                status, _ = http_get(port, entry["path"], entry["cookie"])
                if status != 200:
                    entry["status"] = f"HTTP {status} under gunicorn"
                    print(f"  {entry['name']:<40} {entry['status']}", flush=True)
                    continue
                if use_wrk:
                    load_wrk(port, entry["path"], entry["cookie"], warmup, clients, script)
                    drain(port)
                    result = load_wrk(port, entry["path"], entry["cookie"], duration, clients, script)
                else:
                    load_python(port, entry["path"], entry["cookie"], warmup, clients)
                    drain(port)
                    result = load_python(port, entry["path"], entry["cookie"], duration, clients)
                if result["requests"] == 0:
                    entry["status"] = f"no answer within {duration:g} s"
                    print(f"  {entry['name']:<40} {entry['status']}", flush=True)
                    continue
                run.load[entry["name"]] = result
                print(
                    f"  {entry['name']:<40} {result['rps']:7.1f} req/s  p50 {result['p50']:6.1f}  "
                    f"p95 {result['p95']:6.1f}  p99 {result['p99']:6.1f} ms  errors {result['errors']}  "
                    f"queries {entry['queries']}",
                    flush=True,
                )
        run.workers_mb = worker_rss_mb(proc.pid)
        officer = next((e for e in run.plan1["pages"] if e["name"] == "dashboard: officer"), {})
        if officer.get("status") == "ok":
            phone_env = {**env1, "BENCH_PHONE_URL": f"http://127.0.0.1:{port}{officer['path']}",
                         "BENCH_PHONE_COOKIE": officer["cookie"]}  # fmt: skip
            run.jobs["phone"] = run_child("phone", phone_env)
            print(f"  officer's dashboard on a phone: {run.jobs['phone']}", flush=True)
    finally:
        if writer is not None:
            writer.send_signal(signal.SIGTERM)
            out, err = writer.communicate(timeout=60)
            found = [line for line in out.splitlines() if line.startswith("BENCH_JSON ")]
            run.writer = json.loads(found[-1][len("BENCH_JSON ") :]) if found else {"status": f"error: {err[-160:]}"}
            print(f"  background writer: {run.writer}", flush=True)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

    if os.environ.get("BENCH_PAGES_ONLY") == "1":
        print("BENCH_PAGES_ONLY=1: jobs skipped, docs/benchmarks.md left as it was")
        return 0
    print("== jobs", flush=True)
    run.jobs["report 1"] = run_child("report", env1)
    if with_scale2 and run.jobs["report 1"].get("status") == "ok":
        run.jobs["report 2"] = run_child("report", env2)
    run.jobs["sweep 1"] = run_child("sweep", env1)
    if with_scale2 and run.jobs["sweep 1"].get("status") == "ok":
        run.jobs["sweep 2"] = run_child("sweep", env2)
    run.jobs["after write"] = run_child("after_write", env1)
    run.jobs["import"] = run_child("import", env1)
    run.jobs["export"] = run_child("export", env1)

    run.machine["load average after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    command = "make bench"
    text = render(run, command) + f"\nWhole run: {time.monotonic() - started:.0f} s.\n"
    print()
    print(text)
    print(f"written to {write_doc(text).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print("BENCH_JSON " + json.dumps(CHILDREN[args.child](), default=str))
        sys.exit(0)
    sys.exit(main())
