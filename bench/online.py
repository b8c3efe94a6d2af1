#!/usr/bin/env python3
"""Online changes under load: shale applies a generated change to a populated table, on
PostgreSQL and on MySQL/MariaDB, while writers insert and update continuously and one long
read transaction is open; the longest write stall and the failed writes are measured, for
the online form (the default) and the plain form (`revision --autogenerate --no-online`)
of the same change.

Run by `bench/run.sh --only online` with the bench venv's Python (psycopg, PyMySQL). On
InnoDB the reader's transaction holds a metadata lock on `items` until it ends, which every
`ALTER TABLE` needs to upgrade to an exclusive one, so the reader blocks the change there
as its ACCESS SHARE lock does on PostgreSQL. The change, on `items` (ROWS rows) and `users`
(10,000 rows):

  add an index on items(qty), a foreign key items.user_id -> users(id),
  a NOT NULL column with a default (status), and a CHECK (qty > 0).

Timeline per form: writers start; after 1 s the reader opens a transaction, reads items
and holds it for HOLD seconds; 0.5 s later `shale upgrade head` starts; writers stop 1 s
after shale ends (and after the reader ended). A write's latency is from just before its
statement is sent to its commit; the longest is the write stall.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

try:
    import pymysql
except ImportError:  # the MySQL/MariaDB half is skipped, saying so
    pymysql = None

USERS = 10_000


@dataclass
class Backend:
    """One database server: how to reach it and the DDL of the change in its dialect."""

    name: str  # the section's title
    key: str  # --databases key
    before: str
    after: str
    after_without_check: str

    def url(self, db: str) -> str:
        raise NotImplementedError

    def connect(self, db: str, autocommit: bool):
        raise NotImplementedError

    def admin(self, sql: str) -> None:
        with self.connect("", autocommit=True) as conn:
            conn.cursor().execute(sql)

    def reachable(self) -> str | None:
        """None when the server answers, else why not."""
        try:
            self.admin("SELECT 1")
            return None
        except Exception as e:  # noqa: BLE001 - any failure means: skip it
            return str(e).splitlines()[0]


class Postgres(Backend):
    host = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
    port = os.environ.get("BENCH_PG_PORT", "5432")
    user = os.environ.get("BENCH_PG_USER", "postgres")

    def url(self, db: str) -> str:
        return f"postgres://{self.user}@{self.host}:{self.port}/{db or 'postgres'}"

    def connect(self, db: str, autocommit: bool):
        return psycopg.connect(self.url(db), autocommit=autocommit)

    def drop(self, db: str) -> str:
        return f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"

    def populate(self, db: str, rows: int) -> None:
        with self.connect(db, autocommit=True) as conn:
            conn.execute(f"INSERT INTO users SELECT g, 'u' || g || '@example.com' "
                         f"FROM generate_series(1, {USERS}) g")
            conn.execute(f"INSERT INTO items (user_id, qty) SELECT 1 + g % {USERS}, 1 + g % 100 "
                         f"FROM generate_series(1, {rows}) g")
            conn.execute("VACUUM ANALYZE items")

    def broken(self, conn) -> bool:
        return conn.closed or conn.broken


class Mysql(Backend):
    host = os.environ.get("BENCH_MYSQL_HOST", "127.0.0.1")
    port = int(os.environ.get("BENCH_MYSQL_PORT", "3306"))
    user = os.environ.get("BENCH_MYSQL_USER", "root")

    def url(self, db: str) -> str:
        return f"mysql://{self.user}@{self.host}:{self.port}/{db}"

    def connect(self, db: str, autocommit: bool):
        return pymysql.connect(host=self.host, port=self.port, user=self.user,
                               database=db or None, autocommit=autocommit)

    def drop(self, db: str) -> str:
        return f"DROP DATABASE IF EXISTS {db}"

    def populate(self, db: str, rows: int) -> None:
        # Numbers 0 .. 10^k - 1 from a cross join of digits: no sequence engine or
        # recursive CTE limit needed, the same on MySQL and MariaDB.
        digits = "(SELECT 0 d UNION ALL " + " UNION ALL ".join(f"SELECT {i}" for i in range(1, 10)) + ")"
        k = len(str(max(rows, USERS) - 1))
        n = " + ".join(f"{10 ** i} * t{i}.d" for i in range(k))
        joins = " CROSS JOIN ".join(f"{digits} t{i}" for i in range(k))
        with self.connect(db, autocommit=True) as conn:
            cur = conn.cursor()
            cur.execute(f"INSERT INTO users SELECT n + 1, CONCAT('u', n + 1, '@example.com') "
                        f"FROM (SELECT {n} n FROM {joins}) s WHERE n < {USERS}")
            cur.execute(f"INSERT INTO items (user_id, qty) SELECT 1 + n % {USERS}, 1 + n % 100 "
                        f"FROM (SELECT {n} n FROM {joins}) s WHERE n < {rows}")
            cur.execute("ANALYZE TABLE items")

    def broken(self, conn) -> bool:
        return not conn.open


def change(items: str, extra_items: str, check: bool) -> str:
    """The target schema: `items` with the new column, the check, the foreign key, the index."""
    ck = "    CONSTRAINT ck_items_qty CHECK (qty > 0),\n" if check else ""
    return f"""CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    email VARCHAR(255) NOT NULL
);
CREATE TABLE items (
{items}    status VARCHAR(20) NOT NULL DEFAULT 'new',
{ck}    CONSTRAINT fk_items_user_id_users FOREIGN KEY (user_id) REFERENCES users (id){extra_items}
);
CREATE INDEX ix_items_qty ON items (qty);
"""


def start(items: str) -> str:
    return f"""CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    email VARCHAR(255) NOT NULL
);
CREATE TABLE items (
{items.rstrip().rstrip(',')}
);
"""


PG_ITEMS = """    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL,
    qty INTEGER NOT NULL,
"""
# InnoDB keeps an index on a foreign key's columns (it would create one if the models had
# none); declaring it from the start keeps the change to the four parts above.
MY_ITEMS = """    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    qty INTEGER NOT NULL,
"""
MY_INDEX = "CREATE INDEX ix_items_user_id ON items (user_id);\n"

BACKENDS = {
    "postgres": Postgres("PostgreSQL", "postgres", start(PG_ITEMS), change(PG_ITEMS, "", True),
                         change(PG_ITEMS, "", False)),
    "mariadb": Mysql("MariaDB", "mariadb", start(MY_ITEMS) + MY_INDEX,
                     change(MY_ITEMS, "", True) + MY_INDEX, change(MY_ITEMS, "", False) + MY_INDEX),
}


@dataclass
class Writes:
    """What the writers saw."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    ok: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    # (start, latency) of every write, seconds since the run's start
    samples: list[tuple[float, float]] = field(default_factory=list)


def writer(be: Backend, db: str, stop: threading.Event, writes: Writes, t0: float,
           seed: int) -> None:
    rng = random.Random(seed)
    conn = be.connect(db, autocommit=True)
    max_id = ROWS
    while not stop.is_set():
        if rng.random() < 0.5:
            sql, args = ("INSERT INTO items (user_id, qty) VALUES (%s, %s)",
                         (rng.randint(1, USERS), rng.randint(1, 100)))
        else:
            sql, args = "UPDATE items SET qty = qty + 1 WHERE id = %s", (rng.randint(1, max_id),)
        start = time.monotonic()
        try:
            conn.cursor().execute(sql, args)
            ok = True
        except Exception as e:  # noqa: BLE001 - every failure counts
            ok = False
            message = str(e).splitlines()[0]
            if be.broken(conn):
                conn = be.connect(db, autocommit=True)
        end = time.monotonic()
        with writes.lock:
            writes.samples.append((start - t0, end - start))
            if ok:
                writes.ok += 1
            else:
                writes.failed += 1
                if len(writes.errors) < 5:
                    writes.errors.append(message)
    conn.close()


def reader(be: Backend, db: str, hold: float, done: threading.Event) -> None:
    conn = be.connect(db, autocommit=False)
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM items")
    cur.fetchone()
    time.sleep(hold)
    conn.rollback()
    conn.close()
    done.set()


def shale(bin_: str, project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([bin_, *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})


def prepare(be: Backend, bin_: str, db: str, project: Path, form: Form) -> list[str]:
    """The project at the starting schema with ROWS items, and the change generated."""
    (project / "migrations" / "versions").mkdir(parents=True)
    (project / "shale.toml").write_text(
        f'script_location = "migrations"\nurl = "{be.url(db)}"\n{form.toml}'
        '[models]\nsql = ["schema.sql"]\n')
    (project / "schema.sql").write_text(be.before)
    for args in (["revision", "--autogenerate", "-m", "start"], ["upgrade", "head"]):
        run = shale(bin_, project, *args)
        if run.returncode:
            raise SystemExit(f"shale {' '.join(args)} failed:\n{run.stderr}")
    be.populate(db, ROWS)
    (project / "schema.sql").write_text(be.after if form.check else be.after_without_check)
    args = ["revision", "--autogenerate", "-m", "change"] + ([] if form.online else ["--no-online"])
    run = shale(bin_, project, *args)
    if run.returncode:
        raise SystemExit(f"shale revision failed:\n{run.stderr}")
    return [line.removeprefix("Generated ") for line in run.stdout.splitlines()
            if line.startswith("Generated ")]


@dataclass
class Form:
    name: str
    online: bool  # autogenerate's online form, else --no-online
    toml: str = ""  # more shale.toml keys
    check: bool = True  # the change includes the CHECK
    only: str | None = None  # run on this database only


FORMS = [
    Form("online", True),
    Form("plain", False),
    Form("plain, no runner lock timeout", False, 'lock_timeout = "0"\n'),
    # MariaDB 10.11 and MySQL add a CHECK only by copying the table (ALGORITHM=COPY, writes
    # blocked throughout), which the online form avoids with a shadow table; this row shows
    # what the rest of the change costs.
    Form("online, without the CHECK", True, check=False, only="mariadb"),
]


def one_form(be: Backend, bin_: str, form: Form, hold: float, writers: int) -> dict:
    db = f"bench_online_{os.getpid()}_{FORMS.index(form)}"
    be.admin(be.drop(db))
    be.admin(f"CREATE DATABASE {db}")
    project = Path(tempfile.mkdtemp(prefix="shale-online-"))
    try:
        scripts = prepare(be, bin_, db, project, form)
        script_text = "\n".join(Path(project, "migrations", "versions", Path(f).name).read_text()
                                 for f in scripts if Path(project, "migrations", "versions",
                                                          Path(f).name).exists())
        writes, stop, reader_done = Writes(), threading.Event(), threading.Event()
        t0 = time.monotonic()
        threads = [threading.Thread(target=writer, args=(be, db, stop, writes, t0, i))
                   for i in range(writers)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        read = threading.Thread(target=reader, args=(be, db, hold, reader_done))
        read.start()
        time.sleep(0.5)
        started = time.monotonic()
        run = shale(bin_, project, "upgrade", "head")
        upgrade_s = time.monotonic() - started
        reader_done.wait()
        time.sleep(1.0)
        stop.set()
        for t in threads + [read]:
            t.join()
        window = [(s, lat) for s, lat in writes.samples if s >= started - t0 - 0.1]
        stall = max((lat for _, lat in writes.samples), default=0.0)
        over_1s = sum(1 for _, lat in writes.samples if lat >= 1.0)
        slow = sorted(((round(s - (started - t0), 2), round(lat, 3))
                       for s, lat in writes.samples if lat >= 0.3), key=lambda x: -x[1])[:8]
        return {
            "database": be.key,
            "form": form.name,
            "scripts": scripts,
            "script": script_text,
            "upgrade_ok": run.returncode == 0,
            "upgrade_s": round(upgrade_s, 2),
            "upgrade_stderr": run.stderr.strip().splitlines()[-12:],
            "writes_ok": writes.ok,
            "writes_failed": writes.failed,
            "errors": writes.errors,
            "longest_stall_s": round(stall, 3),
            "writes_over_1s": over_1s,
            # (seconds after the upgrade's start, latency) of the slowest writes
            "slowest_writes": slow,
            "writes_during_upgrade": len(window),
            "lock_retries": sum("waiting for a lock" in l for l in run.stderr.splitlines()),
        }
    finally:
        shutil.rmtree(project, ignore_errors=True)
        be.admin(be.drop(db))


def markdown(be: Backend, results: list[dict], rows: int, hold: float, writers: int) -> str:
    lines = [
        f"## Online changes under load ({be.name})",
        "",
        f"`bench/run.sh --only online`: items of {rows:,} rows, users of {USERS:,}; "
        f"{writers} writers (half inserts, half single-row updates, autocommit) running "
        f"throughout; one read transaction on items held {hold:g} s, opened 0.5 s before "
        "`shale upgrade head`. The change: an index, a foreign key, a NOT NULL column with "
        "a default, a CHECK. Online = what autogenerate writes by default (defaults of "
        "`shale init`: lock_timeout 500ms, 5 retries); plain = `--no-online` (the runner "
        "still runs it under its lock timeout with retries); plain, no runner lock timeout = "
        "`--no-online` with `lock_timeout = \"0\"`, what a runner without timeouts does.",
        "",
        "| form | upgrade | lock retries | longest write stall | writes ≥ 1 s | failed writes | writes |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ok = f"{r['upgrade_s']} s" if r["upgrade_ok"] else f"FAILED after {r['upgrade_s']} s"
        lines.append(f"| {r['form']} | {ok} | {r['lock_retries']} | {r['longest_stall_s']} s "
                     f"| {r['writes_over_1s']} | {r['writes_failed']} | {r['writes_ok']:,} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    global ROWS
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shale", required=True)
    p.add_argument("--quick", action="store_true", help="20,000 rows, a 2 s reader")
    p.add_argument("--rows", type=int)
    p.add_argument("--hold", type=float, help="seconds the reader holds its transaction")
    p.add_argument("--writers", type=int, default=4)
    p.add_argument("--databases", default="postgres,mariadb",
                   help="comma-separated: postgres, mariadb (default both)")
    p.add_argument("--forms", help="comma-separated form names (default all)")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    ROWS = args.rows or (20_000 if args.quick else 1_000_000)
    hold = args.hold or (2.0 if args.quick else 5.0)
    results: list[dict] = []
    sections: list[str] = []
    for key in args.databases.split(","):
        be = BACKENDS[key]
        why = "PyMySQL is not installed" if key == "mariadb" and pymysql is None else be.reachable()
        if why:
            print(f"[bench] online: skipping {be.name}: {why}", file=sys.stderr)
            sections.append(f"## Online changes under load ({be.name})\n\nNot measured: {why}.\n")
            continue
        forms = [f for f in FORMS if f.only in (None, key)
                 and (not args.forms or f.name in args.forms.split(","))]
        mine = [one_form(be, args.shale, form, hold, args.writers) for form in forms]
        results += mine
        sections.append(markdown(be, mine, ROWS, hold, args.writers))
    for r in results:
        print(json.dumps({k: v for k, v in r.items() if k != "script"}, indent=1), file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1))
    args.out.write_text("\n".join(sections))
    print(f"[bench] wrote {args.out}", file=sys.stderr)
    return 0 if results and all(r["upgrade_ok"] for r in results) else 1


ROWS = 1_000_000

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
