//! Introspection: reading a live database's [`Schema`].
//!
//! Each dialect is *query + build*: a constant array of catalog queries (the same
//! number whatever the number of tables — never one query per table), and a pure
//! function that turns their rows into a [`Schema`], unit-tested with literal rows.
//!
//! * `sqlite` — `sqlite_master` joined with the `pragma_*` table-valued functions; the
//!   names of constraints and the CHECK expressions come from the `CREATE TABLE` text,
//!   read by `sqlite_ddl`.
//! * `postgres` — `pg_catalog`, over the current schema.
//! * `mysql` — `information_schema`, over `DATABASE()` (MariaDB 10.11 and MySQL).
//!
//! Canonical forms: type names lower-case (PostgreSQL's `character varying(80)` becomes
//! `varchar(80)`, MariaDB's `int(11)` becomes `int`), defaults as the database reports
//! them, columns in declared order. Constraints that the database did not name (SQLite)
//! get an empty name under a provisional map key starting with `~`, for a naming
//! convention to fill in.

mod mysql;
mod postgres;
mod sqlite;
mod sqlite_ddl;
#[cfg(test)]
mod tests;

use super::{Db, DbError, Row};
use crate::dialect::Dialect;
use crate::schema::{Object, ObjectKind, Schema};
use std::collections::BTreeMap;

/// Reads the schema of the database `db` is connected to, leaving out the tables named
/// in `exclude` (shale's own: the version table and its history log). On MySQL/MariaDB
/// the privileges on routines are read from `mysql.procs_priv` where the user may read
/// it, and left out where not (see [`routine_grants_readable`]).
pub async fn inspect(db: &mut Db, exclude: &[&str]) -> Result<Schema, DbError> {
    inspect_schemas(db, exclude, &[]).await
}

/// [`inspect`] over the PostgreSQL schemas `schemas` (`[models] schemas`): what is in
/// the connection's current schema keeps its bare name, what is in another is
/// qualified (`billing.invoices`), and each other schema is an [`ObjectKind::Schema`].
/// Empty: the current schema alone, as [`inspect`]. Other dialects have one schema.
pub async fn inspect_schemas(
    db: &mut Db,
    exclude: &[&str],
    schemas: &[String],
) -> Result<Schema, DbError> {
    let mut schema = match db.dialect() {
        Dialect::Sqlite => sqlite::build(run(db, &sqlite::QUERIES).await?),
        Dialect::Postgres => postgres::build(run_postgres(db, schemas).await?),
        Dialect::Mysql => {
            let rows = run(db, &mysql::QUERIES).await?;
            let routine_grants = db.query(mysql::ROUTINE_GRANTS).await.unwrap_or_default();
            mysql::build(rows, routine_grants)
        }
    };
    schema
        .tables
        .retain(|name, _| !exclude.contains(&name.as_str()));
    schema
        .objects
        .retain(|_, o| o.table.as_deref().is_none_or(|t| !exclude.contains(&t)));
    Ok(schema)
}

/// PostgreSQL's catalogue queries, in one read-only transaction with JIT off.
///
/// On a large schema the queries' cost estimates (a set-returning function per index)
/// pass `jit_above_cost`, and compiling a query then takes longer than running it (the
/// index query at 1,000 tables: 0.53 s of JIT in 0.59 s). `SET LOCAL` keeps the setting
/// to the transaction, so nothing is left on the session — behind PgBouncer in
/// transaction pooling a plain `SET` would stay on whichever server connection ran it,
/// for its next clients, and the queries themselves might run on another. The
/// transaction also gives the six queries one snapshot (`REPEATABLE READ`), so DDL
/// committed meanwhile cannot show in one query and not in the next. Inside a caller's
/// transaction (where `now()`, its start, is not the statement's start), the queries
/// run in it.
async fn run_postgres(db: &mut Db, schemas: &[String]) -> Result<[Vec<Row>; 6], DbError> {
    let in_block = db
        .query("SELECT (now() <> statement_timestamp())::text")
        .await?
        .first()
        .is_some_and(|row| flag(row, 0));
    if in_block {
        db.execute("SET LOCAL jit = off").await?;
        return run(db, &postgres::queries(schemas)).await;
    }
    db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await?;
    let rows = match db.execute("SET LOCAL jit = off").await {
        Ok(_) => run(db, &postgres::queries(schemas)).await,
        Err(e) => Err(e),
    };
    let end = if rows.is_ok() { "COMMIT" } else { "ROLLBACK" };
    let ended = db.execute(end).await;
    let rows = rows?;
    ended?;
    Ok(rows)
}

/// An object from a `(kind, name, table, definition)` row; `None` for a kind this
/// version does not know.
fn object(row: &Row) -> Option<Object> {
    let kind = match text(row, 0).as_str() {
        "schema" => ObjectKind::Schema,
        "extension" => ObjectKind::Extension,
        "collation" => ObjectKind::Collation,
        "sequence" => ObjectKind::Sequence,
        "domain" => ObjectKind::Domain,
        "type" => ObjectKind::Type,
        "function" => ObjectKind::Function,
        "procedure" => ObjectKind::Procedure,
        "view" => ObjectKind::View,
        "materialized_view" => ObjectKind::MaterializedView,
        "view_index" => ObjectKind::ViewIndex,
        "constraint" => ObjectKind::Constraint,
        "trigger" => ObjectKind::Trigger,
        "row_security" => ObjectKind::RowSecurity,
        "policy" => ObjectKind::Policy,
        "event" => ObjectKind::Event,
        "comment" => ObjectKind::Comment,
        "grant" => ObjectKind::Grant,
        "partition" => ObjectKind::Partition,
        "partitioning" => ObjectKind::Partitioning,
        _ => return None,
    };
    Some(Object {
        kind,
        name: text(row, 1),
        table: opt(row, 2),
        definition: text(row, 3).trim_end().to_string(),
    })
}

/// Whether the user `db` connects as can read the privileges on routines: always on
/// PostgreSQL (`pg_proc.proacl`); on MySQL/MariaDB only with `SELECT` on
/// `mysql.procs_priv`, which an application's user often lacks.
pub async fn routine_grants_readable(db: &mut Db) -> bool {
    db.dialect() != Dialect::Mysql
        || db
            .query("SELECT 1 FROM mysql.procs_priv LIMIT 0")
            .await
            .is_ok()
}

/// The catalog queries [`inspect`] runs on `dialect`, in order: always these, whatever
/// the number of tables.
pub fn queries(dialect: Dialect) -> Vec<String> {
    match dialect {
        Dialect::Sqlite => sqlite::QUERIES.map(str::to_string).to_vec(),
        Dialect::Postgres => postgres::queries(&[]).to_vec(),
        Dialect::Mysql => mysql::QUERIES.map(str::to_string).to_vec(),
    }
}

/// Runs each query once and returns their rows in the same order.
async fn run<const N: usize, S: AsRef<str>>(
    db: &mut Db,
    queries: &[S; N],
) -> Result<[Vec<Row>; N], DbError> {
    let mut results = Vec::with_capacity(N);
    for sql in queries {
        results.push(db.query(sql.as_ref()).await?);
    }
    Ok(results
        .try_into()
        .unwrap_or_else(|_| unreachable!("one result per query")))
}

/// The text of column `i` of `row`; empty for NULL or a missing column.
fn text(row: &Row, i: usize) -> String {
    row.get(i).cloned().flatten().unwrap_or_default()
}

/// The text of column `i` of `row`, `None` for NULL.
fn opt(row: &Row, i: usize) -> Option<String> {
    row.get(i).cloned().flatten()
}

/// Whether column `i` of `row` holds a true value in any dialect's spelling.
fn flag(row: &Row, i: usize) -> bool {
    matches!(
        row.get(i).and_then(Option::as_deref),
        Some("t" | "true" | "1" | "YES" | "yes")
    )
}

/// A JSON array of strings (as PostgreSQL's `json_agg` returns it); empty when absent.
fn json_list(row: &Row, i: usize) -> Vec<String> {
    row.get(i)
        .and_then(Option::as_deref)
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

/// Collapses runs of whitespace to one space and trims.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A default in a canonical form that keeps its meaning: a quoted literal without the
/// cast PostgreSQL adds (`'UTC'::character varying` → `'UTC'`; the column's type casts
/// it on insert anyway), and a decimal literal without trailing zeros (MariaDB reports
/// `DEFAULT 0` on a `decimal(38,10)` as `0.0000000000`).
fn canonical_default(default: &str) -> String {
    if let Some(literal) = literal_before_cast(default) {
        return literal.to_string();
    }
    let digits = default.strip_prefix('-').unwrap_or(default);
    let is_decimal = digits.split_once('.').is_some_and(|(int, frac)| {
        !int.is_empty()
            && [int, frac]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    });
    if is_decimal {
        return default
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string();
    }
    default.to_string()
}

/// `'text'` when `default` is `'text'::type name`.
fn literal_before_cast(default: &str) -> Option<&str> {
    let bytes = default.as_bytes();
    if bytes.first() != Some(&b'\'') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            break;
        }
        i += 1;
    }
    let cast = default.get(i + 1..)?.strip_prefix("::")?;
    let is_type = !cast.is_empty()
        && cast
            .chars()
            .all(|c| c.is_alphanumeric() || " _(),.\"[]".contains(c));
    is_type.then(|| &default[..=i])
}

/// The tables of the current schema with an estimated row count (for lint's rules about
/// existing data). PostgreSQL's `reltuples` is -1 for a table never analysed; SQLite keeps
/// no count.
pub fn table_sizes_sql(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => {
            "SELECT c.relname, CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END \
             FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()"
        }
        Dialect::Mysql => {
            "SELECT table_name, table_rows FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"
        }
        Dialect::Sqlite => {
            "SELECT name, NULL FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
    }
}

/// The table sizes in the rows of [`table_sizes_sql`], by lowercase table name.
pub fn tables_from_rows(rows: Vec<Row>) -> BTreeMap<String, Option<u64>> {
    rows.into_iter()
        .filter_map(|row| {
            let mut values = row.into_iter();
            let name = values.next().flatten()?;
            let rows = values.next().flatten().and_then(|n| n.trim().parse().ok());
            Some((name.to_lowercase(), rows))
        })
        .collect()
}
