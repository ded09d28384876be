"""`make bench`, the figures (scripts/bench.py, parent process; no Django here): the goals, the record of a run,
the verdict on each goal, the Markdown tables and the "Latest run" section of docs/benchmarks.md.
"""

from __future__ import annotations

import os
import platform
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# --- goals (issue 9; this 2-core machine, scale 1) ------------------------------------------------------
GOAL_P95_MS = 250
GOAL_ADMIN_RATIO = 1.0  # issue 23: at least the admin changelist, with the markup in templates (issue 9 had 1.5)
GOAL_REPORT_S = 20
GOAL_REPORT_MB = 400
GOAL_REPORT_SCALE_RATIO = 2.2
GOAL_SWEEP_S = 2
GOAL_IMPORT_S = 30
GOAL_EXPORT_S = 10
GOAL_EXPORT_FLAT_MB = 30  # RSS growth allowed while streaming once the first rows are out
GOAL_WORKER_MB = 250
GOAL_AFTER_WRITE_MS = 80  # issue 23: the first request after a write, in-process
GOAL_PHONE_FIRST_KB = 150  # issue 23: an officer's dashboard on a phone, first visit, every asset
GOAL_PHONE_REPEAT_KB = 20  # and a repeat visit


def verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "MISSED")


def page_goals(result: dict, admin_rps: float | None) -> dict[str, bool | None]:
    """p95 under the goal without errors, and (when the admin reference exists) GOAL_ADMIN_RATIO × its requests/s."""
    ok_latency = result["requests"] > 0 and result["p95"] < GOAL_P95_MS and result["errors"] == 0
    ratio_met = None if not admin_rps else result["rps"] >= GOAL_ADMIN_RATIO * admin_rps
    return {"p95": ok_latency, "vs admin": ratio_met}


def queries_stable(counts: list[int | None]) -> bool | None:
    """Same query count at every size measured (page 1 / deep page, scale 1 / scale 2); None if < 2 sizes."""
    known = [c for c in counts if c is not None]
    if len(known) < 2:
        return None
    return len(set(known)) == 1


def report_goals(s1: dict | None, s2: dict | None) -> dict[str, bool | None]:
    if not s1 or s1.get("status") != "ok":
        return {"time": None, "memory": None, "scale 2 ratio": None}
    ratio = None
    if s2 and s2.get("status") == "ok" and s1["seconds"]:
        ratio = s2["seconds"] / s1["seconds"] <= GOAL_REPORT_SCALE_RATIO
    return {"time": s1["seconds"] < GOAL_REPORT_S, "memory": s1["peak_mb"] < GOAL_REPORT_MB, "scale 2 ratio": ratio}


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return {
        "nproc": os.cpu_count(),
        "memory": f"{int(mem.group(1)) / 2**20:.1f} GiB" if mem else "unknown",
        "cpu": cpu,
        "python": platform.python_version(),
        "load average before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


@dataclass
class Run:
    started: str
    machine: dict
    loadgen: str
    duration: float
    clients: int
    plan1: dict = field(default_factory=dict)
    plan2: dict = field(default_factory=dict)
    load: dict = field(default_factory=dict)
    workers_mb: list = field(default_factory=list)
    jobs: dict = field(default_factory=dict)
    writer: dict = field(default_factory=dict)


def page_rows(run: Run) -> tuple[list[list], dict[str, bool | None]]:
    """One row per page, and the overall verdict of each page goal."""
    by_name = {p["name"]: p for p in run.plan1.get("pages", [])}
    scale2 = {p["name"]: p for p in run.plan2.get("pages", [])}
    ceiling = run.load.get("ceiling: constant view", {}).get("rps")
    rows, overall = [], {"p95": None, "vs admin": None, "queries": None}
    for name, entry in by_name.items():
        result = run.load.get(name)
        if entry.get("status") != "ok" or result is None:
            rows.append([name, entry.get("status", "?")] + [None] * 10)
            continue
        admin = run.load.get(f"admin changelist: {entry['admin']}", {}).get("rps") if entry["admin"] else None
        goals = page_goals(result, admin) if not entry["reference"] else {"p95": None, "vs admin": None}
        sizes = [entry.get("queries"), scale2.get(name, {}).get("queries")]
        deep = by_name.get(f"{name}, deep page")
        if deep:
            sizes.append(deep.get("queries"))
        stable = queries_stable(sizes)
        for key, met in (*goals.items(), ("queries", stable)):
            if met is not None and overall[key] is not False:
                overall[key] = met
        rows.append(
            [
                name,
                entry["role"] or "anonymous",
                result["rps"],
                result["p50"],
                result["p95"],
                result["p99"],
                result["errors"],
                f"{entry['queries']} / {fmt(scale2.get(name, {}).get('queries'))}",
                f"{result['rps'] / admin:.2f}×" if admin else "–",
                f"{result['rps'] / ceiling:.2f}×" if ceiling else "–",
                verdict(goals["p95"]),
                verdict(goals["vs admin"]) + " / " + verdict(stable),
            ]
        )
    return rows, overall


def job_rows(run: Run) -> list[list]:
    jobs = run.jobs
    rows = []
    r1, r2 = jobs.get("report 1"), jobs.get("report 2")
    goals = report_goals(r1, r2)
    if r1 and r1.get("status") == "ok":
        ratio = f"{r2['seconds'] / r1['seconds']:.2f}×" if r2 and r2.get("status") == "ok" else "–"
        rows.append(
            [
                "annual report build",
                f"{r1['seconds']:.1f} s, peak {r1['peak_mb']:.0f} MB; scale 2 {ratio}",
                f"< {GOAL_REPORT_S} s, < {GOAL_REPORT_MB} MB, scale 2 ≤ {GOAL_REPORT_SCALE_RATIO}×",
                " / ".join(verdict(v) for v in goals.values()),
            ]
        )
    else:
        rows.append(["annual report build", (r1 or {}).get("status", "not run"), f"< {GOAL_REPORT_S} s", "n/a"])
    s1, s2 = jobs.get("sweep 1"), jobs.get("sweep 2")
    if s1 and s1.get("status") == "ok":
        fixed = queries_stable([s1["queries"], (s2 or {}).get("queries")])
        rows.append(
            [
                "reminder sweep",
                f"{s1['seconds']:.2f} s, {s1['queries']} queries (scale 2: {fmt((s2 or {}).get('queries'))})",
                f"< {GOAL_SWEEP_S} s, fixed queries",
                f"{verdict(s1['seconds'] < GOAL_SWEEP_S)} / {verdict(fixed)}",
            ]
        )
    else:
        rows.append(["reminder sweep", (s1 or {}).get("status", "not run"), f"< {GOAL_SWEEP_S} s", "n/a"])
    imp = jobs.get("import") or {}
    if imp.get("status") == "ok":
        rows.append(
            [
                "import 10,000 schools (CSV)",
                f"{imp['seconds']:.1f} s, peak {imp['peak_mb']:.0f} MB",
                f"< {GOAL_IMPORT_S} s",
                verdict(imp["seconds"] < GOAL_IMPORT_S),
            ]
        )
    else:
        rows.append(["import 10,000 schools (CSV)", imp.get("status", "not run"), f"< {GOAL_IMPORT_S} s", "n/a"])
    exp = jobs.get("export") or {}
    if exp.get("status") == "ok":
        flat = exp["growth_mb"] < GOAL_EXPORT_FLAT_MB
        rows.append(
            [
                "CSV export of sessions (last school year)",
                f"{exp['rows']:,} rows in {exp['seconds']:.1f} s, peak {exp['peak_mb']:.0f} MB, "
                f"+{exp['growth_mb']:.0f} MB while streaming",
                f"< {GOAL_EXPORT_S} s, flat memory",
                f"{verdict(exp['seconds'] < GOAL_EXPORT_S)} / {verdict(flat)}",
            ]
        )
    else:
        name = "CSV export of sessions (last school year)"
        rows.append([name, exp.get("status", "not run"), f"< {GOAL_EXPORT_S} s", "n/a"])
    rows += visit_rows(jobs)
    if run.workers_mb:
        worst = max(run.workers_mb)
        rows.append(
            [
                "gunicorn worker RSS after the run",
                ", ".join(f"{m:.0f} MB" for m in run.workers_mb),
                f"< {GOAL_WORKER_MB} MB",
                verdict(worst < GOAL_WORKER_MB),
            ]
        )
    return rows


def visit_rows(jobs: dict) -> list[list]:
    """The first request after a write (per page) and the officer's phone visit."""
    rows = []
    after = jobs.get("after write") or {}
    for name, page in (after.get("pages") or {}).items():
        if page.get("status") == "ok":
            figures = f"median {page['median']:.0f} ms, worst {page['max']:.0f} ms"
            rows.append([f"first request after a write: {name}", figures, f"< {GOAL_AFTER_WRITE_MS} ms",
                         verdict(page["max"] < GOAL_AFTER_WRITE_MS)])  # fmt: skip
        else:
            rows.append([f"first request after a write: {name}", page.get("status"), "", "n/a"])
    if not after.get("pages"):
        rows.append(["first request after a write", after.get("status", "not run"), "", "n/a"])
    phone = jobs.get("phone") or {}
    if phone.get("status") == "ok":
        light = (phone["first_kb"] < GOAL_PHONE_FIRST_KB, phone["repeat_kb"] < GOAL_PHONE_REPEAT_KB)
        rows.append([
            "officer's dashboard, 375 px Chromium",
            f"first visit {phone['first_kb']:.0f} KB ({phone['first_requests']} requests), repeat "
            f"{phone['repeat_kb']:.0f} KB ({phone['repeat_requests']})",
            f"< {GOAL_PHONE_FIRST_KB} KB / < {GOAL_PHONE_REPEAT_KB} KB",
            " / ".join(verdict(met) for met in light),
        ])  # fmt: skip
    else:
        rows.append(["officer's dashboard, 375 px Chromium", phone.get("status", "not run"), "", "n/a"])
    return rows


def render(run: Run, command: str) -> str:
    rows, overall = page_rows(run)
    page_table = markdown_table(
        ["page", "role", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "queries s1 / s2", "vs admin", "vs ceiling",
         f"p95 < {GOAL_P95_MS} ms", f"≥ {GOAL_ADMIN_RATIO}× admin / fixed queries"],
        rows,
    )  # fmt: skip
    jobs_table = markdown_table(["job", "figures", "goal", "verdict"], job_rows(run))
    m = run.machine
    busy = float(m["load average before"].split()[0]) > (m["nproc"] or 1)
    lines = [
        f"## {run.started}",
        "",
        *(
            [
                f"**Busy machine** (load average {m['load average before']} before, {m.get('load average after', '?')} "
                f"after, on {m['nproc']} CPUs): other processes shared the CPUs, the figures are not final.",
                "",
            ]
            if busy
            else []
        ),
        f"Command: `{command}`. Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, load average before "
        f"{m['load average before']}. Python {m['python']}, Django {run.plan1.get('django', '?')}, PostgreSQL "
        f"{run.plan1.get('postgres', '?')}. Load: {run.loadgen}, {run.clients} concurrent clients, "
        f"{run.duration:g} s per page, gunicorn 2 sync workers, DEBUG off, persistent connections.",
        "",
        "Data (scale 1): " + ", ".join(f"{v:,} {k}" for k, v in run.plan1.get("rows", {}).items()) + ".",
        "",
        "Background writer during the page load (a drill, a session and a call saved each second through the "
        f"services): {_writer_text(run.writer)}.",
        "",
        page_table,
        "",
        "Page goals overall: " + ", ".join(f"{k} {verdict(v)}" for k, v in overall.items()) + ".",
        "",
        jobs_table,
        "",
    ]
    return "\n".join(lines)


def _writer_text(writer: dict) -> str:
    if not writer:
        return "off (BENCH_WRITER=0)"
    if writer.get("status") != "ok":
        return str(writer.get("status"))
    saved = writer.get("saved", {})
    text = f"{writer.get('seconds', 0)} s, " + ", ".join(f"{v} {k} saves" for k, v in saved.items())
    if writer.get("refused"):
        text += "; refused: " + "; ".join(f"{k}: {v}" for k, v in writer["refused"].items())
    return text


DOC_HEADER = """# Benchmarks

`make bench` (scripts/bench.py) replaces the "Latest run" section below with its figures; the conclusions above it
are kept by hand.

"""
LATEST = "## Latest run"


def write_doc(text: str) -> Path:
    path = ROOT / "docs" / "benchmarks.md"
    path.parent.mkdir(exist_ok=True)
    existing = path.read_text() if path.exists() else DOC_HEADER
    kept = existing.split(f"\n{LATEST}\n", 1)[0].rstrip("\n")  # the conclusions; the previous run is dropped
    path.write_text(f"{kept}\n\n{LATEST}\n\n{text.replace('## ', '### ', 1)}")
    return path
