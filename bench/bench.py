#!/usr/bin/env python3
"""Times shale against Alembic, the raw database limit, dbmate and sqlx-cli.

Called by bench/run.sh, which installs the tools first; see bench/README.md. Python 3.11,
standard library only. Every measured command runs under hyperfine (repetitions, median,
spread), and once more under GNU time for its peak memory (maximum resident set size).
That extra run comes first and doubles as the check that the command works: a shale
command that is not implemented yet is recorded as "n/a", any other failure as "FAILED".

Groups (--only NAME):
  read      heads, current, history on SQLite at head, N = 100 / 1,000 / 5,000
  upgrade   upgrade head from empty, N = 1,000, on SQLite (disk, tmpfs) and PostgreSQL
  autogen   autogenerate against an empty database and a no-op one, T = 100 / 500 / 1,000;
            the full run adds issue 13's sizes: a no-op of 1,000 tables with 200 views, 200
            functions and 100 triggers, and of 10,000 tables (PostgreSQL), shale only
  online    (only with --only online) a generated change applied under write load, online
            and plain form, on PostgreSQL and MariaDB: longest write stall, failed writes
            (online.py)
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen  # noqa: E402
import report  # noqa: E402
from measure import FAST_RUNS, Case, Result, first_line, log, measure, sh  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
GROUPS = ("read", "upgrade", "autogen")
PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("BENCH_PG_PORT", "5432")
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")


@dataclass
class Tools:
    """Paths of the programs under test (None: not installed)."""

    shale: str
    alembic: str
    dbmate: str | None
    sqlx: str | None


# --------------------------------------------------------------------------- helpers


def psql(db: str = "postgres") -> str:
    """The psql invocation for database `db` (no .psqlrc, quiet, stop on error)."""
    return (f"psql -X -q -v ON_ERROR_STOP=1 -h {PG_HOST} -p {PG_PORT} -U {PG_USER} "
            f"-d {shlex.quote(db)}")


def pg_reachable() -> bool:
    """True when the PostgreSQL server answers."""
    if not shutil.which("psql"):
        return False
    try:
        return sh(f"{psql()} -Atc 'SELECT 1'", timeout=10).returncode == 0
    except subprocess.TimeoutExpired:
        return False


class PgDatabases:
    """Uniquely named scratch databases, dropped at exit."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.prefix = f"shale_bench_{os.getpid()}"
        atexit.register(self.drop_all)

    def new(self, label: str) -> str:
        """A fresh database name for `label` (not created yet)."""
        name = f"{self.prefix}_{len(self.names)}_{label}"[:63]
        self.names.append(name)
        return name

    @staticmethod
    def recreate_cmd(name: str) -> str:
        """Shell command that drops and recreates `name` empty."""
        return (f"{psql()} -c 'DROP DATABASE IF EXISTS \"{name}\"' "
                f"-c 'CREATE DATABASE \"{name}\"'")

    def drop_all(self) -> None:
        """Drops every database this run created."""
        for name in self.names:
            sh(f"{psql()} -c 'DROP DATABASE IF EXISTS \"{name}\"'", timeout=60)


def scratch_dir() -> Path:
    """This run's folder on tmpfs (/dev/shm), removed at exit."""
    path = Path("/dev/shm") / f"shale-bench-{os.getpid()}"
    if not path.exists():
        path.mkdir(parents=True)
        atexit.register(shutil.rmtree, path, True)
    return path


def urls_sqlite(path: Path) -> dict[str, str]:
    """The URL of SQLite file `path` as each tool spells it."""
    return {
        "shale": f"sqlite://{path}",
        "alembic": f"sqlite:///{path}",
        "dbmate": f"sqlite:{path}",
        "sqlx": f"sqlite://{path}",
    }


def urls_pg(db: str) -> dict[str, str]:
    """The URL of PostgreSQL database `db` as each tool spells it."""
    base = f"{PG_USER}@{PG_HOST}:{PG_PORT}/{db}"
    return {
        "shale": f"postgres://{base}",
        "alembic": f"postgresql+psycopg://{base}",
        "dbmate": f"postgres://{base}?sslmode=disable",
        "sqlx": f"postgres://{base}",
    }


# --------------------------------------------------------------------------- groups


@dataclass
class Plan:
    """Scenario sizes and settings of this run."""

    ns_read: tuple[int, ...]
    n_upgrade: int
    n_upgrade_big: int | None
    ts: tuple[int, ...]
    runs: int
    fast_runs: int | None  # repetitions for commands under measure.FAST_SECONDS
    callgrind: bool  # count shale's instructions too
    pg: bool
    scale: bool  # issue 13's sizes in the autogen group (objects, 10,000 tables)
    work: Path


def run_case(plan: Plan, case: Case) -> Result:
    """Measures one case and prints its line."""
    result = measure(case, plan.runs, plan.work / "runs", plan.fast_runs)
    extra = f", {result.instructions / 1e6:.0f} M instructions" if result.instructions else ""
    log(f"  {case.scenario:>14} {case.op:<8} {case.tool:<20} {report.describe(result)}{extra}")
    return result


def setup_read_db(tool: str, project: Path, url: str, cmd: str) -> str:
    """Upgrades a scratch database to head with `tool` before the read commands."""
    proc = sh(cmd, cwd=project, env={"DATABASE_URL": url}, timeout=3600)
    if proc.returncode != 0:
        return f"setup `upgrade head` with {tool} failed: " + first_line(proc.stderr + proc.stdout)
    return ""


def group_read(plan: Plan, tools: Tools) -> list[Result]:
    """heads / current / history, shale vs Alembic, database at head."""
    results = []
    for n in plan.ns_read:
        root = gen.generate_history(plan.work, n)
        head = (root / "HEAD").read_text().strip()
        log(f"read: N={n} (setting up: upgrade head with each tool)")
        # On tmpfs: the set-up upgrade of 5,000 revisions pays no disk sync; the timed
        # commands only read, from the page cache either way.
        dbdir = scratch_dir() / f"read-{n}"
        shutil.rmtree(dbdir, ignore_errors=True)
        dbdir.mkdir(parents=True)
        shale_url = urls_sqlite(dbdir / "shale.db")["shale"]
        alembic_url = urls_sqlite(dbdir / "alembic.db")["alembic"]
        notes = {
            "shale": setup_read_db("shale", root / "shale", shale_url,
                                   f"{tools.shale} -c shale.toml upgrade head"),
            "alembic": setup_read_db("alembic", root / "alembic", alembic_url,
                                     f"{tools.alembic} -c alembic.ini upgrade head"),
        }
        for op in ("heads", "current", "history"):
            for tool, project, url, exe, cfg in (
                ("shale", root / "shale", shale_url, tools.shale, "shale.toml"),
                ("alembic", root / "alembic", alembic_url, tools.alembic, "alembic.ini"),
            ):
                case = Case("read", f"N={n}", op, tool, f"{exe} -c {cfg} {op}", project,
                            env={"DATABASE_URL": url},
                            callgrind=plan.callgrind and tool == "shale")
                if op in ("heads", "current"):
                    case.expect_output = head
                result = run_case(plan, case)
                if notes[tool] and result.status != "n/a":
                    result.note = (result.note + "; " if result.note else "") + notes[tool]
                results.append(result)
    return results


def upgrade_cases(plan: Plan, tools: Tools, target: str, pgdbs: PgDatabases, n: int,
                  only: tuple[str, ...] | None = None) -> list[Case]:
    """The `upgrade head` cases of every tool (or of `only` those) for one database target."""
    root = gen.generate_history(plan.work, n)
    tables = str(len(range(0, n, 10)))
    cases: list[Case] = []

    def add(tool: str, project: Path, command: str, sub_env: dict[str, str] | None = None) -> None:
        if only and tool not in only:
            return
        if target == "postgres":
            db = pgdbs.new(tool.replace(" ", "").replace("(", "").replace(")", ""))
            url = urls_pg(db)
            prepare = PgDatabases.recreate_cmd(db)
            verify = (f"{psql(db)} -Atc \"SELECT count(*) FROM information_schema.tables "
                      f"WHERE table_schema = 'public' AND table_name LIKE 'tbl\\_%'\"")
            raw = f"{psql(db)} -f {root / 'raw' / 'postgres.sql'}"
        else:
            if target == "sqlite-tmpfs":
                path = scratch_dir() / f"{tool.split()[0]}-{n}.db"
            else:
                path = plan.work / "db" / f"{tool.split()[0]}-{n}.db"
                path.parent.mkdir(parents=True, exist_ok=True)
            url = urls_sqlite(path)
            prepare = f"rm -f {path} {path}-journal {path}-wal {path}-shm"
            verify = (f"sqlite3 {path} \"SELECT count(*) FROM sqlite_master "
                      f"WHERE type = 'table' AND name LIKE 'tbl\\_%' ESCAPE '\\'\"")
            raw = f"sqlite3 {path} < {root / 'raw' / 'sqlite.sql'}"
        if tool == "raw":
            command = raw
        env = dict(sub_env or {})
        key = tool.split()[0]
        if key in url:
            env["DATABASE_URL"] = url[key]
        if key == "sqlx":
            prepare += f" && {tools.sqlx} database create"
        # Not at the larger N: 60 G instructions take many minutes under valgrind.
        counted = (plan.callgrind and target == "sqlite-tmpfs" and n == plan.n_upgrade
                   and tool in ("shale", "raw"))
        cases.append(Case("upgrade", target, f"N={n}", tool, command, project, env,
                          prepare, verify, tables, callgrind=counted))

    add("shale", root / "shale", f"{tools.shale} -c shale.toml upgrade head")
    add("alembic", root / "alembic", f"{tools.alembic} -c alembic.ini upgrade head")
    add("alembic (1 txn)", root / "alembic", f"{tools.alembic} -c alembic.ini upgrade head",
        {"BENCH_ALEMBIC_ONE_TXN": "1"})
    add("raw", root / "raw", "")
    if tools.dbmate:
        add("dbmate", root / "dbmate",
            f"{tools.dbmate} --migrations-dir migrations --no-dump-schema migrate")
    if tools.sqlx:
        add("sqlx", root / "sqlx", f"{tools.sqlx} migrate run --source migrations")
    return cases


def group_upgrade(plan: Plan, tools: Tools, pgdbs: PgDatabases) -> list[Result]:
    """upgrade head from empty on SQLite (disk, tmpfs) and PostgreSQL."""
    targets = ["sqlite-disk", "sqlite-tmpfs"] + (["postgres"] if plan.pg else [])
    results = []
    runs = [(target, plan.n_upgrade, None) for target in targets]
    if plan.n_upgrade_big:
        # Linearity: shale and the raw limit again at a larger N, where disk sync costs nothing.
        runs.append(("sqlite-tmpfs", plan.n_upgrade_big, ("shale", "raw")))
    for target, n, only in runs:
        log(f"upgrade: {target}, N={n}")
        for case in upgrade_cases(plan, tools, target, pgdbs, n, only):
            results.append(run_case(plan, case))
    return results


def analyze_cmd(db: str) -> str:
    """The command that gives a freshly loaded database its statistics, the catalogue's
    included, as autovacuum would soon: without them the planner keeps the plans it makes
    for empty catalogues, and a query plan that fresh statistics would flip goes unseen
    (one did in issue 13's index query: 0.7 s against 15 s at 10,000 tables)."""
    return f"{psql(db)} -c 'VACUUM ANALYZE'"


def autogen_db(plan: Plan, t: int, kind: str, pgdbs: PgDatabases) -> tuple[str, dict[str, str]]:
    """Creates the empty or no-op database for model set `t`; returns (dialect, urls)."""
    root = plan.work / f"models-{t}"
    if plan.pg:
        db = pgdbs.new(f"ag{t}_{kind}")
        setup = PgDatabases.recreate_cmd(db)
        if kind == "noop":
            setup += f" && {psql(db)} -f schema.postgres.sql && {analyze_cmd(db)}"
        urls, dialect = urls_pg(db), "postgres"
    else:
        path = scratch_dir() / f"ag{t}-{kind}.db"
        setup = f"rm -f {path}" + (f" && sqlite3 {path} < schema.sqlite.sql" if kind == "noop" else "")
        urls, dialect = urls_sqlite(path), "sqlite"
    proc = sh(setup, cwd=root)
    if proc.returncode != 0:
        raise RuntimeError(f"setting up the {kind} database for T={t}: {first_line(proc.stderr)}")
    return dialect, urls


def group_autogen(plan: Plan, tools: Tools, pgdbs: PgDatabases) -> list[Result]:
    """Autogenerate, shale (SQL and Rust models) vs Alembic, empty and no-op databases."""
    results = []
    for t in plan.ts:
        root = gen.generate_models(plan.work, t)
        for kind in ("empty", "noop"):
            dialect, urls = autogen_db(plan, t, kind, pgdbs)
            log(f"autogen: T={t}, {kind} database ({dialect})")
            shale_env = {"DATABASE_URL": urls["shale"]}
            alembic_dir = root / "alembic"
            cases = [
                Case("autogen", f"T={t}", kind, "shale (SQL models)",
                     f"{tools.shale} -c shale-sql-{dialect}.toml diff", root, shale_env),
                Case("autogen", f"T={t}", kind, "shale (Rust models)",
                     f"{tools.shale} -c shale-rust.toml diff", root, shale_env),
            ]
            alembic_env = {"DATABASE_URL": urls["alembic"]}
            if kind == "empty":
                cases.append(Case("autogen", f"T={t}", kind, "alembic",
                                  f"{tools.alembic} -c alembic.ini revision --autogenerate -m bench",
                                  alembic_dir, alembic_env,
                                  prepare="rm -f migrations/versions/*.py"))
            else:
                cases.append(Case("autogen", f"T={t}", kind, "alembic",
                                  f"{tools.alembic} -c alembic.ini check", alembic_dir, alembic_env))
            for case in cases:
                result = run_case(plan, case)
                if result.status == "ok" and case.tool.startswith("shale"):
                    result.note = shale_diff_note(plan.work / "runs" / f"{case.key}.out", kind)
                results.append(result)
            sh("rm -f migrations/versions/*.py", cwd=alembic_dir)
    if plan.scale:
        results += autogen_at_scale(plan, tools, pgdbs)
    return results


def autogen_at_scale(plan: Plan, tools: Tools, pgdbs: PgDatabases) -> list[Result]:
    """Issue 13's sizes, no-op autogenerate with shale only (Alembic is not run: the issue
    reports about an hour at 10,000 tables): OBJECTS_T tables with views, functions and
    triggers, and BIG_T tables, on PostgreSQL."""
    results = []
    cases: list[tuple[str, Path, str, dict[str, str]]] = []  # scenario, root, dialect, urls
    if plan.pg:
        root = gen.generate_objects(plan.work, gen.OBJECTS_T)
        db = pgdbs.new(f"ag{gen.OBJECTS_T}_objects")
        setup = (f"{PgDatabases.recreate_cmd(db)} && "
                 f"{psql(db)} -f schema.postgres.sql -f objects.postgres.sql && {analyze_cmd(db)}")
        cases.append((f"T={gen.OBJECTS_T}+objects", root, setup, urls_pg(db)))
    root = gen.generate_models(plan.work, gen.BIG_T)
    if plan.pg:
        db = pgdbs.new(f"ag{gen.BIG_T}_noop")
        setup = (f"{PgDatabases.recreate_cmd(db)} && {psql(db)} -f schema.postgres.sql "
                 f"&& {analyze_cmd(db)}")
        cases.append((f"T={gen.BIG_T}", root, setup, urls_pg(db)))
    # Not on SQLite: sqlite3 itself slows down as the tables accumulate (each CREATE
    # TABLE rescans the whole schema table to parse the new entry) and had made only
    # about 3,500 of 10,000 after 4 minutes; shale's build of the SQL models on its
    # scratch database pays the same.
    for scenario, root, setup, urls in cases:
        log(f"autogen: {scenario}, no-op (setting up the database)")
        proc = sh(setup, cwd=root, timeout=3600)
        if proc.returncode != 0:
            raise RuntimeError(f"setting up {scenario}: {first_line(proc.stderr)}")
        env = {"DATABASE_URL": urls["shale"]}
        for tool, config in (("shale (SQL models)", "shale-sql-postgres.toml"),
                             ("shale (Rust models)", "shale-rust.toml")):
            case = Case("autogen", scenario, "noop", tool, f"{tools.shale} -c {config} diff",
                        root, env)
            result = run_case(plan, case)
            if result.status == "ok":
                result.note = shale_diff_note(plan.work / "runs" / f"{case.key}.out", "noop")
            results.append(result)
    return results


def shale_diff_note(out_file: Path, kind: str) -> str:
    """Flags a `shale diff` whose output does not fit the case (wrong or false positive)."""
    text = out_file.read_text().split("\n--- stderr ---\n")[0].upper()
    creates = "CREATE TABLE" in text
    if kind == "empty" and not creates:
        return "suspicious: no CREATE TABLE in the diff against an empty database"
    if kind == "noop" and any(w in text for w in ("CREATE ", "ALTER ", "DROP ")):
        return "false positive: the diff of a database at the models is not empty"
    return ""


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="shale benchmark (use bench/run.sh)")
    p.add_argument("--quick", action="store_true", help="N=20, T=10, 2 runs: a smoke test")
    p.add_argument("--only", choices=GROUPS + ("online", "fleet"), help="run one group")
    p.add_argument("--runs", type=int, help="repetitions per case (default 5, quick 2)")
    p.add_argument("--out", type=Path, help="markdown output (default bench/RESULTS.md)")
    p.add_argument("--work", type=Path, default=gen.DEFAULT_WORK)
    p.add_argument("--shale", required=True)
    p.add_argument("--alembic", required=True)
    p.add_argument("--dbmate")
    p.add_argument("--sqlx")
    p.add_argument("--skipped", action="append", default=[], help="a tool not installed, and why")
    return p.parse_args(argv)


def default_out(args: argparse.Namespace) -> Path:
    """bench/RESULTS.md for a full run of every group; a work file otherwise."""
    if args.out:
        return args.out
    if args.quick:
        return args.work / "RESULTS.quick.md"
    if args.only:
        return args.work / f"RESULTS.{args.only}.md"
    return BENCH_DIR / "RESULTS.md"


def run_online(args: argparse.Namespace) -> int:
    """The online group: online.py under the venv's Python (psycopg, PyMySQL), on
    PostgreSQL and MariaDB; a server that does not answer is skipped, saying so."""
    python = str(Path(args.alembic).parent / "python")
    out = args.out or args.work / ("RESULTS.online.quick.md" if args.quick else "RESULTS.online.md")
    cmd = [python, str(BENCH_DIR / "online.py"), "--shale", args.shale, "--out", str(out)]
    return subprocess.run(cmd + (["--quick"] if args.quick else [])).returncode


def run_fleet(args: argparse.Namespace) -> int:
    """The fleet group: fleet.py (a fleet of SQLite databases, PostgreSQL databases and
    schemas at -j 1, 4, 16)."""
    own = args.out if args.only == "fleet" else None
    out = own or args.work / ("RESULTS.fleet.quick.md" if args.quick else "RESULTS.fleet.md")
    cmd = [sys.executable, str(BENCH_DIR / "fleet.py"), "--shale", args.shale, "--out", str(out),
           "--work", str(args.work)]
    return subprocess.run(cmd + (["--quick"] if args.quick else [])).returncode


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.only == "online":
        return run_online(args)
    if args.only == "fleet":
        return run_fleet(args)
    pg = pg_reachable()
    plan = Plan(
        ns_read=gen.QUICK_N if args.quick else gen.FULL_N,
        n_upgrade=gen.QUICK_N[0] if args.quick else 1000,
        n_upgrade_big=None if args.quick else 5000,
        ts=gen.QUICK_T if args.quick else gen.FULL_T,
        runs=args.runs or (2 if args.quick else 5),
        fast_runs=None if args.quick else FAST_RUNS,
        callgrind=(shutil.which("valgrind") is not None
                   and os.environ.get("BENCH_CALLGRIND", "0" if args.quick else "1") == "1"),
        pg=pg,
        scale=not args.quick,
        work=args.work,
    )
    (plan.work / "runs").mkdir(parents=True, exist_ok=True)
    tools = Tools(args.shale, args.alembic, args.dbmate, args.sqlx)
    if not pg:
        log(f"PostgreSQL at {PG_HOST}:{PG_PORT} is not reachable: SQLite only")
    pgdbs = PgDatabases()
    started, load_before = time.time(), os.getloadavg()
    results: list[Result] = []
    groups = [args.only] if args.only else list(GROUPS)
    out = default_out(args)
    for done, group in enumerate(groups, 1):
        if group == "read":
            results += group_read(plan, tools)
        elif group == "upgrade":
            results += group_upgrade(plan, tools, pgdbs)
        else:
            results += group_autogen(plan, tools, pgdbs)
        # Written after every group, so an interrupted run still leaves its numbers.
        facts = report.collect_facts(tools, pg, PG_HOST, PG_PORT, PG_USER, args.skipped,
                                     load=(load_before, os.getloadavg()))
        write_results(plan, out, results, facts, groups[:done], args.quick,
                      time.time() - started)
    log(f"\nwrote {out} ({time.time() - started:.0f} s)")
    status = exit_status(results, args.quick)
    # The smoke test covers the fleet harness too (a few targets), so it cannot rot.
    if args.quick and not args.only:
        status = max(status, run_fleet(args))
    return status


def write_results(plan: Plan, out: Path, results: list[Result], facts: dict,
                  groups: list[str], quick: bool, elapsed: float) -> None:
    """results.json in the work folder, and the markdown report at `out`."""
    (plan.work / "results.json").write_text(json.dumps([r.as_json() for r in results], indent=1))
    text = report.render(results, facts, groups=groups, quick=quick, runs=plan.runs,
                         fast_runs=plan.fast_runs, pg=plan.pg, elapsed=elapsed,
                         ns_read=plan.ns_read, ts=plan.ts)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)


def exit_status(results: list[Result], quick: bool) -> int:
    """0 unless a case failed: any case in quick mode (the CI smoke test), else only the
    reference tools (a failing shale case is a finding, reported in RESULTS.md)."""
    failed = [r for r in results if r.status == "FAILED"]
    skipped = [r for r in results if r.status == "n/a"]
    passed = len(results) - len(failed) - len(skipped)
    for r in failed:
        log(f"FAILED: {r.case.group} {r.case.scenario} {r.case.op} {r.case.tool}: {r.note}")
    log(f"bench: {passed} passed, {len(failed)} failed, {len(skipped)} skipped")
    if quick:
        return 1 if failed else 0
    return 1 if any(not r.case.tool.startswith("shale") for r in failed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
