#!/usr/bin/env python3
"""The fleet group (`bench/run.sh --only fleet`): one 20-revision history applied to a fleet
of SQLite databases, of PostgreSQL databases and of PostgreSQL schemas in one database, at
-j 1, 4 and 16. Standard library only; PostgreSQL through the `psql` client.

For each kind it measures:

* single: `shale --url TARGET upgrade head` run once per target on a sample of fresh
  targets — the time of one target on its own, process start included;
* fleet -j J: `shale upgrade head --targets FILE -j J -q` over every target, fresh —
  wall time, and wall time per target.

and reports the speed-up of -j J over -j 1 against linear speed-up up to the machine's
cores, and the -j 1 overhead over the sum of single runs (N x the single time).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("BENCH_PG_PORT", "5432")
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")
REVISIONS = 20
JOBS = (1, 4, 16)
PG_DB = "shale_fleet_bench"


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def psql(sql: str, db: str = "postgres") -> str:
    out = subprocess.run(
        ["psql", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, "-d", db, "-qAtX",
         "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True, capture_output=True, text=True)
    return out.stdout


def pg_reachable() -> bool:
    if shutil.which("psql") is None:
        return False
    try:
        psql("SELECT 1")
        return True
    except subprocess.CalledProcessError:
        return False


def pg_url(db: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{db}"


def write_history(project: Path, targets_toml: str = "") -> None:
    """20 revisions: every fifth creates a table, the others add a column to it."""
    versions = project / "migrations" / "versions"
    shutil.rmtree(project, ignore_errors=True)
    versions.mkdir(parents=True)
    (project / "shale.toml").write_text(f'script_location = "migrations"\n{targets_toml}')
    for i in range(REVISIONS):
        table = f"t{i - i % 5}"
        if i % 5 == 0:
            up = f"CREATE TABLE {table} (id BIGINT PRIMARY KEY, name VARCHAR(80));"
            down = f"DROP TABLE {table};"
        else:
            up = f"ALTER TABLE {table} ADD COLUMN c{i} INTEGER;"
            down = f"ALTER TABLE {table} DROP COLUMN c{i};"
        revises = f"r{i - 1:03d}" if i else ""
        (versions / f"{i:04d}_r{i:03d}.sql").write_text(
            f"-- shale:revision r{i:03d}\n-- shale:revises {revises}\n-- shale:message rev {i}\n\n"
            f"-- shale:upgrade\n{up}\n\n-- shale:downgrade\n{down}\n")


class Kind:
    """One kind of fleet: how to make its targets fresh and name them."""

    def __init__(self, name: str, n: int, work: Path):
        self.name, self.n, self.work = name, n, work
        self.project = work / f"fleet-{name}"

    def urls(self) -> list[str]:
        if self.name == "sqlite":
            return [f"sqlite://{self.work / 'fleet-sqlite-dbs' / f't{i}.db'}" for i in range(self.n)]
        if self.name == "postgres-databases":
            return [pg_url(f"{PG_DB}_{i}") for i in range(self.n)]
        base = pg_url(PG_DB)
        return [f"{base}?options=-c%20search_path%3D%22s{i}%22" for i in range(self.n)]

    def reset(self) -> None:
        """Every target empty (at base)."""
        if self.name == "sqlite":
            folder = self.work / "fleet-sqlite-dbs"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        elif self.name == "postgres-databases":
            for i in range(self.n):
                psql(f"DROP DATABASE IF EXISTS {PG_DB}_{i}")
                psql(f"CREATE DATABASE {PG_DB}_{i}")
        else:
            psql(f"DROP DATABASE IF EXISTS {PG_DB}")
            psql(f"CREATE DATABASE {PG_DB}")
            psql("".join(f"CREATE SCHEMA s{i};" for i in range(self.n)), db=PG_DB)

    def drop(self) -> None:
        if self.name == "postgres-databases":
            for i in range(self.n):
                psql(f"DROP DATABASE IF EXISTS {PG_DB}_{i}")
        elif self.name == "postgres-schemas":
            psql(f"DROP DATABASE IF EXISTS {PG_DB}")


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr[-2000:]}")
    return elapsed


def measure(kind: Kind, shale: str, sample: int) -> dict:
    write_history(kind.project)
    urls = kind.urls()
    (kind.project / "targets.txt").write_text("".join(u + "\n" for u in urls))
    kind.reset()
    singles = [timed([shale, "-q", "--url", u, "upgrade", "head"], kind.project)
               for u in urls[:sample]]
    single = statistics.median(singles)
    walls = {}
    for j in JOBS:
        kind.reset()
        walls[j] = timed([shale, "-q", "upgrade", "head", "--targets", "targets.txt",
                          "-j", str(j)], kind.project)
        log(f"  {kind.name}: {kind.n} targets at -j {j}: {walls[j]:.2f} s")
    kind.drop()
    return {"kind": kind.name, "n": kind.n, "single": single, "sample": sample, "walls": walls}


def render(rows: list[dict], quick: bool, cores: int, shale: str) -> str:
    version = subprocess.run([shale, "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Fleet benchmark" + (" (quick: sizes too small to judge)" if quick else ""),
        "",
        f"{version}; {cores} cores; load before {os.getloadavg()[0]:.2f}; "
        f"one {REVISIONS}-revision history; every target fresh (at base) before each run.",
        "",
        "| fleet | targets | single run (median) | -j | wall | per target | speed-up vs -j 1 "
        "| of linear (up to the cores) | -j 1 over N x single |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        w1 = r["walls"][1]
        for j, wall in r["walls"].items():
            speedup = w1 / wall
            linear = min(j, cores)
            overhead = w1 / (r["n"] * r["single"]) - 1 if j == 1 else None
            lines.append(
                f"| {r['kind']} | {r['n']} | {r['single'] * 1000:.0f} ms | {j} | {wall:.2f} s "
                f"| {wall / r['n'] * 1000:.1f} ms | {speedup:.2f}x | {speedup / linear:.0%} | "
                + (f"{overhead:+.0%}" if overhead is not None else "") + " |")
    lines += [
        "",
        "*single run*: `shale --url TARGET upgrade head` on one fresh target (median of "
        "the sample), process start included. *of linear*: speed-up / min(j, cores). "
        "*-j 1 over N x single*: the fleet at -j 1 against running shale once per target; "
        "negative when the fleet saves the per-process start and project load.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description="fleet benchmark (use bench/run.sh --only fleet)")
    p.add_argument("--shale", required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--work", type=Path, default=BENCH_DIR / "work")
    args = p.parse_args(argv)
    sizes = {"sqlite": 20, "postgres-databases": 5, "postgres-schemas": 5} if args.quick else \
        {"sqlite": 1000, "postgres-databases": 200, "postgres-schemas": 200}
    sample = 3 if args.quick else 20
    kinds = ["sqlite"]
    if pg_reachable():
        kinds += ["postgres-databases", "postgres-schemas"]
    else:
        log(f"PostgreSQL at {PG_HOST}:{PG_PORT} is not reachable: SQLite only")
    rows = []
    for name in kinds:
        log(f"fleet: {name}, {sizes[name]} targets")
        rows.append(measure(Kind(name, sizes[name], args.work), args.shale, sample))
    text = render(rows, args.quick, os.cpu_count() or 1, args.shale)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
