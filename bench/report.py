"""RESULTS.md for shale's benchmark: machine facts, tool versions, tables, targets.

Pure formatting over the results of bench.py, plus `collect_facts` which asks the
machine and the tools what they are.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench import Tools
    from measure import Result

REPO = Path(__file__).resolve().parent.parent

#: Column order and display names of the tools.
TOOL_NAMES = {
    "shale": "shale",
    "alembic": "Alembic",
    "alembic (1 txn)": "Alembic, one transaction",
    "raw": "raw limit",
    "dbmate": "dbmate",
    "sqlx": "sqlx-cli",
    "shale (SQL models)": "shale, SQL models",
    "shale (Rust models)": "shale, Rust models",
}


# --------------------------------------------------------------------------- numbers


def median(result: Result) -> float | None:
    """Median wall time in seconds, or None when nothing was timed."""
    return statistics.median(result.times) if result.status == "ok" and result.times else None


def num(x: float) -> str:
    """About three significant digits, never in exponent notation."""
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def fmt_time(seconds: float) -> str:
    """A wall time, in ms below one second."""
    return f"{num(seconds * 1000)} ms" if seconds < 1 else f"{num(seconds)} s"


def fmt_spread(times: list[float]) -> str:
    """min–max of the repetitions, in the unit of their median."""
    scale = 1000 if statistics.median(times) < 1 else 1
    return f"{num(min(times) * scale)}–{num(max(times) * scale)}"


def describe(result: Result) -> str:
    """One cell: median (spread), or the status and why."""
    m = median(result)
    if m is None:
        return result.status + (f": {result.note}" if result.status == "FAILED" else "")
    return f"{fmt_time(m)} ({fmt_spread(result.times)})"


def fmt_rss(result: Result | None) -> str:
    """Peak resident memory in MB (GNU time's maximum RSS), or a dash."""
    if result is None or result.rss_kb is None or result.status != "ok":
        return "–"
    return f"{result.rss_kb / 1024:.0f} MB"


def ratio(a: Result | None, b: Result | None) -> str:
    """a/b of the medians, as '0.12×', or a dash."""
    ma = median(a) if a else None
    mb = median(b) if b else None
    if ma is None or mb is None or mb == 0:
        return "–"
    r = ma / mb
    if r >= 0.1:
        return f"{r:.2f}×"
    return f"{r:.3f}× (1/{1 / r:.0f})"


def cell(result: Result | None) -> str:
    """A table cell for a result that may be missing (tool not installed, or not run there)."""
    return "–" if result is None else describe(result)


def find(results: list[Result], **attrs: str) -> Result | None:
    """The result whose case has all the given attributes."""
    for r in results:
        if all(getattr(r.case, k) == v for k, v in attrs.items()):
            return r
    return None


# --------------------------------------------------------------------------- facts


def run(cmd: list[str]) -> str:
    """First line of a command's output, or 'unavailable'."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        out = (p.stdout or p.stderr).strip().splitlines()
        return out[0].strip() if out and p.returncode == 0 else "unavailable"
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total() -> str:
    """Total memory from /proc/meminfo, in GiB."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def os_name() -> str:
    """PRETTY_NAME from /etc/os-release."""
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def fmt_load(load: tuple[tuple[float, float, float], tuple[float, float, float]]) -> str:
    """The 1-minute load average before and after, with a warning when the machine was busy."""
    before, after = load[0][0], load[1][0]
    text = f"{before:.2f} at the start, {after:.2f} at the end (1-minute load average)"
    if max(before, after) > (os.cpu_count() or 1) / 2:
        text += (" — **the machine was busy: wall times are inflated and noisy; the "
                 "instruction counts are not affected**")
    return text


def collect_facts(tools: Tools, pg: bool, host: str, port: str, user: str,
                  skipped: list[str], load: tuple) -> dict[str, list[tuple[str, str]]]:
    """The machine's facts and every tool's version, as (label, value) lists."""
    venv_python = str(Path(tools.alembic).with_name("python"))
    py_versions = run([venv_python, "-c",
                       "import sys, sqlalchemy, psycopg; print(sys.version.split()[0], "
                       "sqlalchemy.__version__, psycopg.__version__)"]).split()
    commit = run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no",
                 "--", "crates", "Cargo.toml", "Cargo.lock"])
    if dirty not in ("", "unavailable"):
        commit += " (with uncommitted changes to crates/)"
    disk = run(["bash", "-c", f"df -T {REPO} | tail -1 | awk '{{print $2\" on \"$1}}'"])
    machine = [
        ("date", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", cpu_model()),
        ("cores (nproc)", str(os.cpu_count())),
        ("memory", mem_total()),
        ("kernel", platform.release()),
        ("OS", os_name()),
        ("disk of bench/work", disk),
        ("load", fmt_load(load)),
    ]
    server = "not reachable"
    if pg:
        server = run(["psql", "-X", "-h", host, "-p", port, "-U", user, "-d", "postgres",
                      "-Atc", "SHOW server_version"])
    py = py_versions + ["?"] * (3 - len(py_versions))
    versions = [
        ("shale", f"{run([tools.shale, '--version'])}, commit {commit}"),
        ("rustc", run(["rustc", "--version"])),
        ("Alembic", run([tools.alembic, "--version"])),
        ("SQLAlchemy / psycopg / Python", f"{py[1]} / {py[2]} / {py[0]}"),
        ("sqlite3 (CLI)", run(["sqlite3", "--version"]).split(" ")[0]),
        ("psql (client)", run(["psql", "--version"])),
        ("PostgreSQL server", f"{server} at {host}:{port}"),
        ("dbmate", run([tools.dbmate, "--version"]) if tools.dbmate else "not installed"),
        ("sqlx-cli", run([tools.sqlx, "--version"]) if tools.sqlx else "not installed"),
        ("hyperfine", run(["hyperfine", "--version"])),
        ("GNU time", run(["dpkg-query", "-W", "-f", "${Version}", "time"])),
    ]
    versions += [("skipped", s) for s in skipped]
    return {"machine": machine, "versions": versions}


# --------------------------------------------------------------------------- tables


def table(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def section_read(results: list[Result], ns: tuple[int, ...]) -> str:
    """heads / current / history: shale vs Alembic."""
    rows = []
    for n in ns:
        for op in ("heads", "current", "history"):
            s = find(results, group="read", scenario=f"N={n}", op=op, tool="shale")
            a = find(results, group="read", scenario=f"N={n}", op=op, tool="alembic")
            if s is None and a is None:
                continue
            rows.append([f"{n:,}", f"`{op}`", cell(s), cell(a), ratio(s, a), fmt_rss(s),
                         fmt_rss(a), fmt_instr(s)])
    return (
        "## `heads`, `current`, `history` (SQLite, database at head)\n\n"
        + table(["N", "command", "shale", "Alembic", "shale/Alembic", "shale peak RSS",
                 "Alembic peak RSS", "shale instructions"], rows)
    )


def fmt_instr(result: Result | None) -> str:
    """Instructions counted by callgrind, in millions, or a dash."""
    if result is None or result.instructions is None:
        return "–"
    return f"{num(result.instructions / 1e6)} M"


def section_upgrade(results: list[Result]) -> str:
    """upgrade head from empty: every tool, per database, with ratios."""
    up = [r for r in results if r.case.group == "upgrade"]
    scenarios = list(dict.fromkeys((r.case.scenario, r.case.op) for r in up))
    tools = [t for t in TOOL_NAMES if any(r.case.tool == t for r in up)]
    time_rows, mem_rows, instr_rows = [], [], []
    for scenario, op in scenarios:
        row = {t: find(up, scenario=scenario, op=op, tool=t) for t in tools}
        label = f"{scenario}, {op}"
        time_rows.append([label] + [cell(row[t]) for t in tools]
                         + [ratio(row["shale"], row.get("alembic")),
                            ratio(row["shale"], row.get("raw"))])
        mem_rows.append([label] + [fmt_rss(row[t]) for t in tools])
        s, raw = row["shale"], row.get("raw")
        if s and raw and s.instructions and raw.instructions:
            instr_rows.append([label, fmt_instr(s), fmt_instr(raw),
                               f"{s.instructions / raw.instructions:.2f}×"])
    names = [TOOL_NAMES[t] for t in tools]
    text = (
        "## `upgrade head` from an empty database\n\n"
        "Wall time, median (min–max):\n\n"
        + table(["database"] + names + ["shale/Alembic", "shale/limit"], time_rows)
        + "\nPeak memory (maximum RSS):\n\n"
        + table(["database"] + names, mem_rows)
    )
    if instr_rows:
        text += ("\nInstructions executed in the client process (callgrind; SQLite runs "
                 "in-process, so this is the whole work on tmpfs):\n\n"
                 + table(["database", "shale", "raw limit (sqlite3)", "shale/limit"], instr_rows))
    return text


def section_autogen(results: list[Result], ts: tuple[int, ...], pg: bool) -> str:
    """Autogenerate: shale (SQL, Rust models) vs Alembic, empty and no-op."""
    ag = [r for r in results if r.case.group == "autogen"]
    time_rows, mem_rows = [], []
    for t in ts:
        for kind, label in (("empty", "empty database"), ("noop", "no-op (at the models)")):
            sq = find(ag, scenario=f"T={t}", op=kind, tool="shale (SQL models)")
            rs = find(ag, scenario=f"T={t}", op=kind, tool="shale (Rust models)")
            al = find(ag, scenario=f"T={t}", op=kind, tool="alembic")
            if al is None:
                continue
            time_rows.append([f"{t:,}", label, cell(sq), cell(rs), cell(al),
                              ratio(sq, al), ratio(rs, al)])
            mem_rows.append([f"{t:,}", label, fmt_rss(sq), fmt_rss(rs), fmt_rss(al)])
    db = "PostgreSQL" if pg else "SQLite (PostgreSQL was not reachable)"
    return (
        f"## Autogenerate, T tables x 15 columns ({db})\n\n"
        "shale: `shale diff` (prints the SQL, writes nothing). Alembic: `alembic revision "
        "--autogenerate` against the empty database, `alembic check` for the no-op.\n\n"
        + table(["T", "database", "shale, SQL models", "shale, Rust models", "Alembic",
                 "SQL/Alembic", "Rust/Alembic"], time_rows)
        + "\nPeak memory (maximum RSS):\n\n"
        + table(["T", "database", "shale, SQL models", "shale, Rust models", "Alembic"], mem_rows)
    )


#: Issue 13's sizes (bench.autogen_at_scale): scenario, what it is, database, and the
#: no-op time bounds for SQL models and Rust models (None: no target, shown for scale).
SCALE = (
    ("T=1000+objects", "1,000 tables + 200 views, 200 functions, 100 triggers", "PostgreSQL",
     2.0, 1.0),
    ("T=10000", "10,000 tables", "PostgreSQL", 5.0, 5.0),
)


def section_scale(results: list[Result]) -> str:
    """Issue 13's no-op autogenerate at scale, shale only."""
    ag = [r for r in results if r.case.group == "autogen"]
    rows = []
    for scenario, what, db, _, _ in SCALE:
        sq = find(ag, scenario=scenario, op="noop", tool="shale (SQL models)")
        rs = find(ag, scenario=scenario, op="noop", tool="shale (Rust models)")
        if sq is None and rs is None:
            continue
        alembic = "about an hour (issue 13, not measured)" if scenario.startswith("T=10000") else "–"
        rows.append([what, db, cell(sq), cell(rs), fmt_rss(sq), fmt_rss(rs), alembic])
    if not rows:
        return ""
    return (
        "## Autogenerate at scale, no-op (issue 13)\n\n"
        "`shale diff` against a database already at the models (full run only). The Rust "
        "models describe the tables; the views, functions and triggers come from an SQL "
        "model file next to them (`[models] rust` and `sql` together). Alembic is not run "
        "at these sizes.\n\n"
        + table(["models", "database", "shale, SQL models", "shale, Rust models",
                 "SQL peak RSS", "Rust peak RSS", "Alembic"], rows)
    )


def scale_targets(results: list[Result]) -> list[str]:
    """Issue 13: a no-op autogenerate stays under its bound at scale."""
    lines = []
    for scenario, what, db, sql_bound, rust_bound in SCALE:
        for tool, bound in (("shale (SQL models)", sql_bound), ("shale (Rust models)", rust_bound)):
            r = find(results, group="autogen", scenario=scenario, op="noop", tool=tool)
            if bound is None or r is None:
                continue
            ok, got = under(r, bound, 1e9)
            lines.append(f"- no-op autogenerate, {what} on {db}, {tool[7:-1]}: under "
                         f"{bound:g} s (issue 13): {verdict(ok)} ({got})")
    return lines


def section_notes(results: list[Result]) -> str:
    """Every failure, n/a and remark, with the case it belongs to."""
    lines = [
        f"- {r.case.group} {r.case.scenario} {r.case.op}, {r.case.tool}: "
        f"{r.status}{' — ' + r.note if r.note else ''}"
        for r in results if r.status != "ok" or r.note
    ]
    if not lines:
        return ""
    return "## Notes\n\n" + "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- targets


def verdict(ok: bool | None) -> str:
    """The mark of a target: met, missed, or not measurable."""
    return {True: "met", False: "**missed**", None: "not measured"}[ok]


def under(result: Result | None, seconds: float, mb: float) -> tuple[bool | None, str]:
    """Whether a result is under a time and a memory bound, and what was measured."""
    m = median(result) if result else None
    if m is None or result is None:
        return None, result.status if result else "not run"
    rss = (result.rss_kb or 0) / 1024
    return m < seconds and rss < mb, f"{fmt_time(m)}, {rss:.0f} MB"


def growth(big: Result | None, small: Result | None, factor: float) -> tuple[bool | None, str]:
    """Whether cost grew at most linearly (with 25 % slack) from `small` to `big`."""
    mb = median(big) if big else None
    ms = median(small) if small else None
    if mb is None or ms is None or ms == 0:
        return None, "not run"
    g = mb / ms
    return g <= factor * 1.25, f"×{g:.2f}"


def target_lines(results: list[Result], ns: tuple[int, ...], ts: tuple[int, ...],
                 pg: bool, groups: list[str]) -> list[str]:
    """Each target of the engine and autogenerate issues, judged on this run."""
    lines: list[str] = []
    if "read" in groups:
        lines += read_targets(results, ns)
    if "upgrade" in groups:
        lines += upgrade_targets(results)
    if "autogen" in groups:
        lines += autogen_targets(results, ts, pg)
        lines += scale_targets(results)
    return lines


def read_targets(results: list[Result], ns: tuple[int, ...]) -> list[str]:
    """heads/current/history: bounds at the largest N, growth from the next one."""
    lines = []
    n = max(ns)
    for op in ("heads", "current", "history"):
        ok, got = under(find(results, group="read", scenario=f"N={n}", op=op, tool="shale"),
                        0.050, 50)
        lines.append(f"- `{op}` at N={n:,} under 50 ms and 50 MB: {verdict(ok)} ({got})")
    if len(ns) > 1:
        small = sorted(ns)[-2]
        for op in ("heads", "current", "history"):
            ok, got = growth(find(results, group="read", scenario=f"N={n}", op=op, tool="shale"),
                             find(results, group="read", scenario=f"N={small}", op=op, tool="shale"),
                             n / small)
            size = f" for ×{n / small:g} the size" if ok is not None else ""
            lines.append(f"- `{op}` grows linearly, N={small:,} → {n:,}: {verdict(ok)} ({got}{size})")
    return lines


def upgrade_targets(results: list[Result]) -> list[str]:
    """upgrade: within 1.2x of the limit, fastest of the tools, linear growth."""
    lines = []
    for r in [r for r in results if r.case.group == "upgrade" and r.case.tool == "raw"]:
        s = find(results, group="upgrade", scenario=r.case.scenario, op=r.case.op, tool="shale")
        rt = ratio(s, r)
        ok = None if rt == "–" else median(s) / median(r) <= 1.2
        lines.append(f"- `upgrade` on {r.case.scenario} ({r.case.op}) within 1.2× of the raw "
                     f"limit: {verdict(ok)} (shale/limit {rt})")
        others = [o for o in results if o.case.group == "upgrade" and o.case.scenario == r.case.scenario
                  and o.case.op == r.case.op and o.case.tool not in ("shale", "raw")]
        if s and median(s) is not None and others:
            slower = [o.case.tool for o in others if median(o) is not None and median(o) < median(s)]
            lines.append(f"- `upgrade` on {r.case.scenario} ({r.case.op}) fastest of the tools: "
                         f"{verdict(not slower)}" + (f" (faster: {', '.join(slower)})" if slower else ""))
    tmpfs = [r for r in results if r.case.group == "upgrade" and r.case.scenario == "sqlite-tmpfs"
             and r.case.tool == "shale"]
    if len(tmpfs) == 2:
        small_r, big_r = sorted(tmpfs, key=lambda r: int(r.case.op.split("=")[1]))
        f = int(big_r.case.op.split("=")[1]) / int(small_r.case.op.split("=")[1])
        raw = {r.case.op: r for r in results if r.case.group == "upgrade"
               and r.case.scenario == "sqlite-tmpfs" and r.case.tool == "raw"}
        raw_small, raw_big = raw.get(small_r.case.op), raw.get(big_r.case.op)
        # SQLite itself re-reads its whole schema after each ALTER TABLE, so even the raw
        # limit grows faster than N: shale's own cost is linear if it grows like the limit.
        limit_growth = (median(raw_big) / median(raw_small)
                        if raw_small and raw_big and median(raw_small) and median(raw_big) else None)
        ok, got = growth(big_r, small_r, max(f, limit_growth or 0))
        lines.append(f"- `upgrade` grows linearly (tmpfs, {small_r.case.op} → {big_r.case.op}), "
                     f"or no faster than the raw limit: {verdict(ok)} (shale {got} for ×{f:g} the size"
                     + (f"; the limit grew ×{limit_growth:.2f})" if limit_growth else ")"))
    return lines


def autogen_targets(results: list[Result], ts: tuple[int, ...], pg: bool) -> list[str]:
    """Autogenerate: bounds at the largest T, growth from the next one."""
    lines = []
    t = max(ts)
    db = "PostgreSQL" if pg else "SQLite — the target is for PostgreSQL"
    for kind in ("noop", "empty"):
        for tool, bound in (("shale (Rust models)", 1.0), ("shale (SQL models)", 2.0)):
            ok, got = under(find(results, group="autogen", scenario=f"T={t}", op=kind, tool=tool),
                            bound, 150)
            lines.append(f"- autogenerate {kind}, {tool[7:-1]}, T={t:,} on {db}: under "
                         f"{bound:g} s and 150 MB: {verdict(ok)} ({got})")
    if len(ts) > 1:
        small = sorted(ts)[-2]
        for tool in ("shale (SQL models)", "shale (Rust models)"):
            ok, got = growth(find(results, group="autogen", scenario=f"T={t}", op="noop", tool=tool),
                             find(results, group="autogen", scenario=f"T={small}", op="noop", tool=tool),
                             t / small)
            size = f" for ×{t / small:g} the size" if ok is not None else ""
            lines.append(f"- no-op autogenerate grows linearly, {tool[7:-1]}, T={small:,} → {t:,}: "
                         f"{verdict(ok)} ({got}{size})")
    return lines


# --------------------------------------------------------------------------- document


def render(results: list[Result], facts: dict[str, list[tuple[str, str]]], *, groups: list[str],
           quick: bool, runs: int, fast_runs: int | None, pg: bool, elapsed: float,
           ns_read: tuple[int, ...], ts: tuple[int, ...]) -> str:
    """The whole RESULTS.md."""
    mode = "quick (smoke test: sizes too small to judge targets)" if quick else "full"
    parts = [
        "# shale benchmark results\n",
        "Generated by `bench/run.sh`; see bench/README.md for what each number means. "
        f"Mode: {mode}. Groups: {', '.join(groups)}. {runs} timed repetitions per case"
        + (f" ({fast_runs} for a command under 0.25 s)" if fast_runs else "")
        + " after one untimed check run (which also measures peak memory); cells give the "
        f"median wall time and the min–max of the repetitions. Total run time: {elapsed:.0f} s.\n",
        "## Machine\n\n" + "\n".join(f"- {k}: {v}" for k, v in facts["machine"]) + "\n",
        "## Versions\n\n" + "\n".join(f"- {k}: {v}" for k, v in facts["versions"]) + "\n",
    ]
    if "read" in groups:
        parts.append(section_read(results, ns_read))
    if "upgrade" in groups:
        parts.append(section_upgrade(results))
    if "autogen" in groups:
        parts.append(section_autogen(results, ts, pg))
        scale = section_scale(results)
        if scale:
            parts.append(scale)
    parts.append("## Targets (issues 2, 3 and 13)\n\n"
                 + "\n".join(target_lines(results, ns_read, ts, pg, groups)) + "\n")
    notes = section_notes(results)
    if notes:
        parts.append(notes)
    return "\n".join(parts)
