#!/usr/bin/env python3
"""Scenario generator for shale's benchmark harness (Python 3.11, standard library only).

Three kinds of scenario, written under a work folder (default: bench/work/):

history-N/   N small revisions: a new table every tenth revision, otherwise a new column
             on the newest table. The same history is written as
               shale/     shale.toml + migrations/versions/*.sql  (SPEC.md "Migration scripts")
               alembic/   alembic.ini + migrations/{env.py,script.py.mako,versions/*.py}
               raw/       sqlite.sql, postgres.sql: the raw limit, one transaction per
                          revision with a version-row update
               dbmate/    migrations/*.sql  (-- migrate:up / -- migrate:down)
               sqlx/      migrations/<version>_<name>.up.sql / .down.sql

models-T/    T tables x 15 columns of mixed types, one index and one foreign key each:
               schema.sqlite.sql, schema.postgres.sql   SQL DDL per dialect
               models.rs                                 #[derive(shale::Model)] structs
               models.py                                 SQLAlchemy 2 declarative models
               shale-sql-sqlite.toml, shale-sql-postgres.toml, shale-rust.toml
                                                         shale configs for `shale diff`
               migrations/versions/                      empty shale versions folder
               alembic/  alembic.ini + migrations/env.py (target_metadata from models.py)

objects-T/   models-T's tables (schema.postgres.sql, models.rs) plus objects.postgres.sql:
             200 views, 200 functions (100 SQL, 100 PL/pgSQL trigger functions) and 100
             triggers; shale-sql-postgres.toml reads both SQL files, shale-rust.toml the
             Rust models and the objects file (issue 13; PostgreSQL only)

Everything is deterministic: the same N or T always gives byte-identical files, and the
revision ids of history-1000 are a prefix of those of history-5000.

Usage:
    gen.py history N [--work DIR]
    gen.py models T [--work DIR]
    gen.py objects T [--work DIR]
    gen.py all [--quick] [--work DIR]     (N = 100, 1000, 5000; T = 100, 500, 1000)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
from gen_models import generate_models, generate_objects  # noqa: E402
from genlib import fresh_dir, mark_done, write, write_alembic_skeleton  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_WORK = BENCH_DIR / "work"

#: First revision's creation time; revision i is created i minutes later.
EPOCH = dt.datetime(2026, 1, 1, 0, 0, 0)

#: Column types cycled through by the "add a column" revisions: (SQL, SQLAlchemy).
HISTORY_TYPES: list[tuple[str, str]] = [
    ("INTEGER", "sa.Integer()"),
    ("VARCHAR(80)", "sa.String(80)"),
    ("TEXT", "sa.Text()"),
    ("BOOLEAN", "sa.Boolean()"),
    ("TIMESTAMP", "sa.DateTime()"),
    ("BIGINT", "sa.BigInteger()"),
    ("DATE", "sa.Date()"),
    ("DOUBLE PRECISION", "sa.Double()"),
    ("VARCHAR(255)", "sa.String(255)"),
]

#: Version table of the raw-limit SQL files.
RAW_VERSION_TABLE = "bench_version"

# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class Revision:
    """One small schema change of a generated history, in every tool's vocabulary."""

    index: int
    rev: str
    parent: str | None
    created: dt.datetime
    message: str
    slug: str
    up_sql: str
    down_sql: str
    up_py: str
    down_py: str

    @property
    def stamp(self) -> str:
        """A 14-digit timestamp, the version of dbmate and sqlx files."""
        return self.created.strftime("%Y%m%d%H%M%S")


def rev_id(index: int) -> str:
    """The deterministic 12-hex revision id of revision `index`."""
    return hashlib.sha1(f"shale-bench-{index}".encode()).hexdigest()[:12]


def table_name(number: int) -> str:
    """Name of the history's `number`th table."""
    return f"tbl_{number:04d}"


def make_revision(index: int) -> Revision:
    """Builds revision `index`: a new table when index % 10 == 0, else a new column."""
    table = table_name(index // 10)
    if index % 10 == 0:
        message = f"create table {table}"
        up_sql = (
            f"CREATE TABLE {table} (\n"
            "    id BIGINT NOT NULL,\n"
            "    name VARCHAR(80) NOT NULL,\n"
            "    PRIMARY KEY (id)\n"
            ");"
        )
        down_sql = f"DROP TABLE {table};"
        up_py = (
            f'op.create_table(\n        "{table}",\n'
            '        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),\n'
            '        sa.Column("name", sa.String(80), nullable=False),\n'
            '        sa.PrimaryKeyConstraint("id"),\n    )'
        )
        down_py = f'op.drop_table("{table}")'
    else:
        column = f"col_{index:04d}"
        sql_type, py_type = HISTORY_TYPES[index % 10 - 1]
        message = f"add {column} to {table}"
        up_sql = f"ALTER TABLE {table} ADD COLUMN {column} {sql_type};"
        down_sql = f"ALTER TABLE {table} DROP COLUMN {column};"
        up_py = f'op.add_column("{table}", sa.Column("{column}", {py_type}, nullable=True))'
        down_py = f'op.drop_column("{table}", "{column}")'
    return Revision(
        index=index,
        rev=rev_id(index),
        parent=rev_id(index - 1) if index else None,
        created=EPOCH + dt.timedelta(minutes=index),
        message=message,
        slug=message.replace(" ", "_"),
        up_sql=up_sql,
        down_sql=down_sql,
        up_py=up_py,
        down_py=down_py,
    )


def write_shale_history(root: Path, revisions: list[Revision]) -> None:
    """Writes the shale project: shale.toml and one SQL script per revision."""
    write(
        root / "shale.toml",
        'script_location = "migrations"\n'
        'url = "sqlite://bench.db"   # overridden by DATABASE_URL in the harness\n',
    )
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    for r in revisions:
        name = f"{r.created:%Y%m%d_%H%M}_{r.rev}_{r.slug}.sql"
        header = [f"-- shale:revision {r.rev}"]
        if r.parent:
            header.append(f"-- shale:revises  {r.parent}")
        header.append(f"-- shale:message  {r.message}")
        header.append(f"-- shale:created  {r.created:%Y-%m-%dT%H:%M:%SZ}")
        text = (
            "\n".join(header)
            + f"\n\n-- shale:upgrade\n{r.up_sql}\n\n-- shale:downgrade\n{r.down_sql}\n"
        )
        write(versions / name, text)


def write_alembic_history(root: Path, revisions: list[Revision]) -> None:
    """Writes the Alembic project with one hand-written `op` script per revision."""
    write_alembic_skeleton(root, "target_metadata = None")
    versions = root / "migrations" / "versions"
    for r in revisions:
        text = (
            f'"""{r.message}\n\nRevision ID: {r.rev}\nRevises: {r.parent or ""}\n'
            f'Create Date: {r.created:%Y-%m-%d %H:%M:%S}\n\n"""\n'
            "from alembic import op\nimport sqlalchemy as sa\n\n"
            f"revision = {r.rev!r}\ndown_revision = {r.parent!r}\n"
            "branch_labels = None\ndepends_on = None\n\n\n"
            f"def upgrade() -> None:\n    {r.up_py}\n\n\n"
            f"def downgrade() -> None:\n    {r.down_py}\n"
        )
        write(versions / f"{r.rev}_{r.slug}.py", text)


def write_raw_history(root: Path, revisions: list[Revision]) -> None:
    """Writes the raw-limit SQL: one transaction per revision plus its version update."""
    for dialect in ("sqlite", "postgres"):
        lines = [
            f"-- Raw limit for {len(revisions)} revisions on {dialect}, generated by bench/gen.py.",
            f"CREATE TABLE {RAW_VERSION_TABLE} (num VARCHAR(32) NOT NULL);",
            f"INSERT INTO {RAW_VERSION_TABLE} (num) VALUES ('');",
        ]
        for r in revisions:
            lines.append(
                f"BEGIN;\n{r.up_sql}\n"
                f"UPDATE {RAW_VERSION_TABLE} SET num = '{r.rev}';\nCOMMIT;"
            )
        write(root / f"{dialect}.sql", "\n".join(lines) + "\n")


def write_dbmate_history(root: Path, revisions: list[Revision]) -> None:
    """Writes dbmate's migrations folder (`-- migrate:up` / `-- migrate:down`)."""
    for r in revisions:
        write(
            root / "migrations" / f"{r.stamp}_{r.slug}.sql",
            f"-- migrate:up\n{r.up_sql}\n\n-- migrate:down\n{r.down_sql}\n",
        )


def write_sqlx_history(root: Path, revisions: list[Revision]) -> None:
    """Writes sqlx-cli's reversible migrations (`<version>_<name>.up.sql` / `.down.sql`)."""
    for r in revisions:
        base = root / "migrations" / f"{r.stamp}_{r.slug}"
        write(base.with_name(base.name + ".up.sql"), r.up_sql + "\n")
        write(base.with_name(base.name + ".down.sql"), r.down_sql + "\n")


def generate_history(work: Path, n: int) -> Path:
    """Generates history-N under `work` (skipped when already up to date); returns it."""
    root = work / f"history-{n}"
    if not fresh_dir(root):
        return root
    revisions = [make_revision(i) for i in range(n)]
    write_shale_history(root / "shale", revisions)
    write_alembic_history(root / "alembic", revisions)
    write_raw_history(root / "raw", revisions)
    write_dbmate_history(root / "dbmate", revisions)
    write_sqlx_history(root / "sqlx", revisions)
    write(root / "HEAD", revisions[-1].rev + "\n")
    mark_done(root)
    return root


# --------------------------------------------------------------------------- CLI

FULL_N = (100, 1000, 5000)
FULL_T = (100, 500, 1000)
QUICK_N = (20,)
QUICK_T = (10,)
#: Issue 13's sizes (full run only): T tables with views, functions and triggers, and a
#: no-op autogenerate of BIG_T tables.
OBJECTS_T = 1000
BIG_T = 10000


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="output folder")
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("history", help="one history of N revisions").add_argument("n", type=int)
    sub.add_parser("models", help="one model set of T tables").add_argument("t", type=int)
    sub.add_parser("objects", help="T tables plus views, functions and triggers").add_argument(
        "t", type=int)
    sub.add_parser("all", help="every scenario").add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.what == "history":
        print(generate_history(args.work, args.n))
    elif args.what == "models":
        print(generate_models(args.work, args.t))
    elif args.what == "objects":
        print(generate_objects(args.work, args.t))
    else:
        for n in QUICK_N if args.quick else FULL_N:
            print(generate_history(args.work, n))
        for t in QUICK_T if args.quick else FULL_T:
            print(generate_models(args.work, t))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
