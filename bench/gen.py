#!/usr/bin/env python3
"""Scenario generator for shale's benchmark harness (Python 3.11, standard library only).

Two kinds of scenario, written under a work folder (default: bench/work/):

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

Everything is deterministic: the same N or T always gives byte-identical files, and the
revision ids of history-1000 are a prefix of those of history-5000.

Usage:
    gen.py history N [--work DIR]
    gen.py models T [--work DIR]
    gen.py all [--quick] [--work DIR]     (N = 100, 1000, 5000; T = 100, 500, 1000)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_WORK = BENCH_DIR / "work"

#: Bumped whenever the generated output changes, so stale scenario folders are rebuilt.
GENERATOR_VERSION = "5"

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


def write(path: Path, text: str) -> None:
    """Writes `text` to `path`, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def fresh_dir(path: Path) -> bool:
    """Empties `path` unless it already holds this generator version's output.

    Returns True when the caller must (re)generate the folder.
    """
    stamp = path / ".generated"
    if stamp.is_file() and stamp.read_text() == GENERATOR_VERSION:
        return False
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return True


def mark_done(path: Path) -> None:
    """Records that `path` holds complete output of this generator version."""
    (path / ".generated").write_text(GENERATOR_VERSION)


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


ALEMBIC_INI = """\
# Generated by bench/gen.py.
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
path_separator = os
# Overridden by DATABASE_URL (see migrations/env.py).
sqlalchemy.url = sqlite:///bench.db

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
"""

ALEMBIC_ENV = '''\
"""Alembic environment generated by bench/gen.py.

The database URL comes from DATABASE_URL when set (else alembic.ini). Each revision runs
in its own transaction with its version update, as shale does; BENCH_ALEMBIC_ONE_TXN=1
runs the whole upgrade in one transaction instead.
"""
import os
import sys
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
if os.environ.get("DATABASE_URL"):
    config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])

{metadata}

PER_MIGRATION = os.environ.get("BENCH_ALEMBIC_ONE_TXN") != "1"


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={{"paramstyle": "named"}},
        transaction_per_migration=PER_MIGRATION,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {{}}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            transaction_per_migration=PER_MIGRATION,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

ALEMBIC_MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''


def write_alembic_skeleton(root: Path, metadata_code: str) -> None:
    """Writes alembic.ini, env.py and script.py.mako, and an empty versions folder."""
    write(root / "alembic.ini", ALEMBIC_INI)
    write(root / "migrations" / "env.py", ALEMBIC_ENV.format(metadata=metadata_code))
    write(root / "migrations" / "script.py.mako", ALEMBIC_MAKO)
    (root / "migrations" / "versions").mkdir(parents=True, exist_ok=True)


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


# --------------------------------------------------------------------------- models


@dataclass(frozen=True)
class Column:
    """One column of a model table, in every source's vocabulary."""

    name: str
    sql: str  # SQL type (PostgreSQL spelling; see SQLITE_TYPES)
    rust: str  # Rust field type without Option
    sa: str  # SQLAlchemy type expression
    py: str  # Python annotation without Optional
    nullable: bool
    max_length: int | None = None


#: The 15 columns of every model table (id and parent_id are handled specially).
MODEL_COLUMNS: list[Column] = [
    Column("id", "BIGINT", "i64", "BigInteger", "int", False),
    Column("parent_id", "BIGINT", "i64", "BigInteger", "int", True),
    Column("name", "VARCHAR(80)", "String", "String(80)", "str", False, 80),
    Column("code", "VARCHAR(32)", "String", "String(32)", "str", True, 32),
    Column("description", "TEXT", "String", "Text", "str", True),
    Column("quantity", "INTEGER", "i32", "Integer", "int", False),
    Column("amount", "DOUBLE PRECISION", "f64", "Double", "float", True),
    Column("active", "BOOLEAN", "bool", "Boolean", "bool", False),
    Column("created_at", "TIMESTAMP", "chrono::NaiveDateTime", "DateTime", "datetime.datetime", False),
    Column("updated_at", "TIMESTAMP", "chrono::NaiveDateTime", "DateTime", "datetime.datetime", True),
    Column("birth_date", "DATE", "chrono::NaiveDate", "Date", "datetime.date", True),
    Column("score", "BIGINT", "i64", "BigInteger", "int", True),
    Column("label", "VARCHAR(255)", "String", "String(255)", "str", True, 255),
    Column("notes", "TEXT", "String", "Text", "str", False),
    Column("priority", "INTEGER", "i32", "Integer", "int", True),
]
INDEXED_COLUMN = "name"

#: SQLAlchemy's recommended naming convention; schema.sql names objects the same way.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def model_table(i: int) -> str:
    """Name of model table `i`."""
    return f"mdl_{i:04d}"


def referenced(i: int) -> str:
    """The table that table `i` references: the previous one (table 0 references itself)."""
    return model_table(max(i - 1, 0))


#: Type spellings that SQLite's reflection (SQLAlchemy's, and shale's normalisation through
#: SQLite itself) reports as written; the PostgreSQL spellings would come back as REAL and
#: as a TIMESTAMP that SQLAlchemy's DateTime does not match.
SQLITE_TYPES = {"DOUBLE PRECISION": "DOUBLE", "TIMESTAMP": "DATETIME"}


def sql_table(i: int, dialect: str) -> str:
    """CREATE TABLE and CREATE INDEX for model table `i` in `dialect`."""
    t, ref = model_table(i), referenced(i)
    types = SQLITE_TYPES if dialect == "sqlite" else {}
    cols = [
        f"    {c.name} {types.get(c.sql, c.sql)}{'' if c.nullable else ' NOT NULL'}"
        for c in MODEL_COLUMNS
    ]
    cols.append(f"    CONSTRAINT pk_{t} PRIMARY KEY (id)")
    cols.append(
        f"    CONSTRAINT fk_{t}_parent_id_{ref} FOREIGN KEY (parent_id) REFERENCES {ref} (id)"
    )
    body = ",\n".join(cols)
    return (
        f"CREATE TABLE {t} (\n{body}\n);\n"
        f"CREATE INDEX ix_{t}_{INDEXED_COLUMN} ON {t} ({INDEXED_COLUMN});\n"
    )


def rust_struct(i: int) -> str:
    """The `#[derive(shale::Model)]` struct of model table `i`."""
    t = model_table(i)
    lines = ["#[derive(shale::Model)]", f'#[shale(table = "{t}")]', f"pub struct Mdl{i:04d} {{"]
    for c in MODEL_COLUMNS:
        attrs = []
        if c.name == "id":
            # A plain BIGINT key, as in schema.sql and models.py (autoincrement=False).
            attrs += ["primary_key", "autoincrement = false"]
        if c.name == "parent_id":
            attrs.append(f'references = "{referenced(i)}.id"')
        if c.name == INDEXED_COLUMN:
            attrs.append("index")
        if c.max_length:
            attrs.append(f"max_length = {c.max_length}")
        if attrs:
            lines.append(f"    #[shale({', '.join(attrs)})]")
        ty = f"Option<{c.rust}>" if c.nullable else c.rust
        lines.append(f"    pub {c.name}: {ty},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def py_class(i: int) -> str:
    """The SQLAlchemy 2 declarative class of model table `i`."""
    t = model_table(i)
    lines = [f"class Mdl{i:04d}(Base):", f'    __tablename__ = "{t}"', ""]
    for c in MODEL_COLUMNS:
        args = [c.sa]
        if c.name == "parent_id":
            args.append(f'ForeignKey("{referenced(i)}.id")')
        if c.name == "id":
            args += ["primary_key=True", "autoincrement=False"]
        if c.name == INDEXED_COLUMN:
            args.append("index=True")
        ann = f"{c.py} | None" if c.nullable else c.py
        lines.append(f"    {c.name}: Mapped[{ann}] = mapped_column({', '.join(args)})")
    return "\n".join(lines) + "\n"


def write_models_sql(root: Path, t: int) -> None:
    """Writes schema.sqlite.sql and schema.postgres.sql."""
    header = f"-- {t} tables x {len(MODEL_COLUMNS)} columns, generated by bench/gen.py.\n\n"
    for dialect in ("sqlite", "postgres"):
        ddl = "".join(sql_table(i, dialect) + "\n" for i in range(t))
        write(root / f"schema.{dialect}.sql", header + ddl)


def write_models_rust(root: Path, t: int) -> None:
    """Writes models.rs."""
    header = (
        f"//! {t} tables x {len(MODEL_COLUMNS)} columns, generated by bench/gen.py.\n"
        "//! Read by `shale diff` without compiling.\n\n"
    )
    write(root / "models.rs", header + "\n".join(rust_struct(i) for i in range(t)))


def write_models_python(root: Path, t: int) -> None:
    """Writes models.py (SQLAlchemy 2, declarative, typed mapped columns)."""
    naming = "".join(f'            "{k}": "{v}",\n' for k, v in NAMING.items())
    header = (
        f'"""{t} tables x {len(MODEL_COLUMNS)} columns, generated by bench/gen.py."""\n'
        "import datetime\n\n"
        "from sqlalchemy import (\n    BigInteger, Boolean, Date, DateTime, Double, ForeignKey,\n"
        "    Integer, MetaData, String, Text,\n)\n"
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
        "class Base(DeclarativeBase):\n"
        f"    metadata = MetaData(\n        naming_convention={{\n{naming}        }}\n    )\n\n\n"
    )
    write(root / "models.py", header + "\n\n".join(py_class(i) for i in range(t)))


def write_models_configs(root: Path) -> None:
    """Writes the shale configs (SQL models per dialect, Rust models) and the Alembic env."""
    for dialect in ("sqlite", "postgres"):
        write(
            root / f"shale-sql-{dialect}.toml",
            f'script_location = "migrations"\n\n[models]\nsql = ["schema.{dialect}.sql"]\n',
        )
    write(root / "shale-rust.toml", 'script_location = "migrations"\n\n[models]\nrust = ["models.rs"]\n')
    (root / "migrations" / "versions").mkdir(parents=True, exist_ok=True)
    metadata = (
        "sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))\n"
        "import models  # noqa: E402\n\n"
        "target_metadata = models.Base.metadata"
    )
    write_alembic_skeleton(root / "alembic", metadata)


def generate_models(work: Path, t: int) -> Path:
    """Generates models-T under `work` (skipped when already up to date); returns it."""
    root = work / f"models-{t}"
    if not fresh_dir(root):
        return root
    write_models_sql(root, t)
    write_models_rust(root, t)
    write_models_python(root, t)
    write_models_configs(root)
    mark_done(root)
    return root


# --------------------------------------------------------------------------- CLI

FULL_N = (100, 1000, 5000)
FULL_T = (100, 500, 1000)
QUICK_N = (20,)
QUICK_T = (10,)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="output folder")
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("history", help="one history of N revisions").add_argument("n", type=int)
    sub.add_parser("models", help="one model set of T tables").add_argument("t", type=int)
    sub.add_parser("all", help="every scenario").add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.what == "history":
        print(generate_history(args.work, args.n))
    elif args.what == "models":
        print(generate_models(args.work, args.t))
    else:
        for n in QUICK_N if args.quick else FULL_N:
            print(generate_history(args.work, n))
        for t in QUICK_T if args.quick else FULL_T:
            print(generate_models(args.work, t))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
