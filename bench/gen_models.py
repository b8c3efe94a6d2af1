"""Model sets for the autogenerate benchmark: T tables x 15 columns of mixed types, each
with a primary key, one index and one foreign key, written as SQL DDL per dialect, as Rust
models (`#[derive(shale::Model)]`), and as SQLAlchemy 2 models with an Alembic env.py.
Standard library only; see gen.py for the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from genlib import fresh_dir, mark_done, write, write_alembic_skeleton


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


# --------------------------------------------------------------------------- schema objects

#: Issue 13's object mix on top of T tables: views, functions (SQL and PL/pgSQL), triggers.
OBJECT_VIEWS, OBJECT_SQL_FUNCTIONS, OBJECT_TRIGGERS = 200, 100, 100


def objects_sql(t: int) -> str:
    """PostgreSQL views, functions and triggers over the first tables of a model set:
    OBJECT_VIEWS views; OBJECT_SQL_FUNCTIONS `LANGUAGE sql` functions and as many PL/pgSQL
    trigger functions as triggers (200 functions in all); OBJECT_TRIGGERS triggers."""
    out = [f"-- {OBJECT_VIEWS} views, {OBJECT_SQL_FUNCTIONS + OBJECT_TRIGGERS} functions and "
           f"{OBJECT_TRIGGERS} triggers over {t} tables, generated by bench/gen.py.\n"]
    for i in range(OBJECT_VIEWS):
        m = model_table(i % t)
        out.append(f"CREATE VIEW v_{i:04d} AS\n    SELECT id, name, quantity, amount FROM {m}\n"
                   f"    WHERE active AND quantity > {i % 10};\n")
    for i in range(OBJECT_SQL_FUNCTIONS):
        m = model_table(i % t)
        out.append(f"CREATE FUNCTION fn_children_{i:04d}(p_id bigint) RETURNS bigint\n"
                   f"    LANGUAGE sql STABLE\n"
                   f"    AS $$ SELECT count(*) FROM {m} WHERE parent_id = p_id $$;\n")
    for i in range(OBJECT_TRIGGERS):
        m = model_table(i % t)
        out.append(f"CREATE FUNCTION trg_touch_{i:04d}() RETURNS trigger\n"
                   f"    LANGUAGE plpgsql\n"
                   f"    AS $$\nBEGIN\n    NEW.updated_at := now();\n"
                   f"    NEW.priority := coalesce(NEW.priority, {i});\n    RETURN NEW;\nEND;\n$$;\n")
        out.append(f"CREATE TRIGGER trg_{m}_touch BEFORE UPDATE ON {m}\n"
                   f"    FOR EACH ROW EXECUTE FUNCTION trg_touch_{i:04d}();\n")
    return "\n".join(out)


def generate_objects(work: Path, t: int) -> Path:
    """Generates objects-T under `work`: the T-table model set of models-T (SQL and Rust)
    plus objects.postgres.sql; the Rust models' project reads the objects from that SQL
    file beside them, as a project using both kinds of model does. PostgreSQL only."""
    root = work / f"objects-{t}"
    if not fresh_dir(root):
        return root
    header = f"-- {t} tables x {len(MODEL_COLUMNS)} columns, generated by bench/gen.py.\n\n"
    write(root / "schema.postgres.sql", header + "".join(sql_table(i, "postgres") + "\n"
                                                         for i in range(t)))
    write(root / "objects.postgres.sql", objects_sql(t))
    write_models_rust(root, t)
    write(root / "shale-sql-postgres.toml", 'script_location = "migrations"\n\n[models]\n'
          'sql = ["schema.postgres.sql", "objects.postgres.sql"]\n')
    write(root / "shale-rust.toml", 'script_location = "migrations"\n\n[models]\n'
          'rust = ["models.rs"]\nsql = ["objects.postgres.sql"]\n')
    (root / "migrations" / "versions").mkdir(parents=True, exist_ok=True)
    mark_done(root)
    return root
