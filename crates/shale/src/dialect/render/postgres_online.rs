//! PostgreSQL's lock-safe (online) form of a list of changes.
//!
//! In a transaction the changes are written plainly after `SET LOCAL lock_timeout`: a
//! statement that waits for its lock longer than that fails, and the revision rolls back,
//! instead of queueing every write to the table behind it. Which changes go into a
//! transaction and which outside one is decided by the plan (`Plan::parts`).
//!
//! Outside a transaction (`-- shale:transaction off`) each statement commits by itself, and:
//!
//! * indexes are built and dropped `CONCURRENTLY` (SHARE UPDATE EXCLUSIVE: writes go on);
//! * a unique constraint or primary key is a unique index built concurrently, then
//!   `ADD CONSTRAINT … USING INDEX`, which builds nothing;
//! * a foreign key or check is added `NOT VALID` (no scan) and validated by a later
//!   statement, which scans under a lock that lets writes go on;
//! * `SET NOT NULL` on an existing column goes through `CHECK (col IS NOT NULL) NOT VALID`,
//!   validated, so that `SET NOT NULL` skips its scan (PostgreSQL 12+), then the check is
//!   dropped.
//!
//! (PostgreSQL docs, ALTER TABLE, "Notes", and CREATE INDEX, "Building Indexes
//! Concurrently".) The statements keep the order of the changes. Each statement that locks
//! runs under `SET lock_timeout`; each index build or drop runs with the server's default
//! (`SET lock_timeout = DEFAULT` before it when needed): it takes no lock that blocks
//! writes, and it waits for older transactions to finish, which a short lock timeout would
//! cancel whenever one runs long. `lock_timeout` goes back to the default at the end.

use super::ddl::{alter, check_clause, create_index, foreign_key_clause, q};
use super::renderer::{annotate, Online};
use super::{RenderedStatement, SqlRenderer};
use crate::dialect::Dialect;
use crate::diff::{apply, Change};
use crate::schema::{CheckConstraint, Column, Index, ObjectKind, Schema};

const D: Dialect = Dialect::Postgres;

/// Renders `changes` in the online form of `online` with the PostgreSQL renderer `r`.
pub(super) fn render<R: SqlRenderer>(
    r: &R,
    start: &Schema,
    changes: &[Change],
    online: &Online,
) -> Vec<RenderedStatement> {
    if online.transactional {
        let body = r.render_all(start, changes);
        if body.is_empty() || only_new_objects(changes) {
            return body;
        }
        let mut out = vec![set_lock_timeout(online, true)];
        out.extend(body);
        return out;
    }
    let mut state = start.clone();
    let mut out = Vec::new();
    let mut timeout_set = false;
    for change in changes {
        let (mut concurrent, mut locking) = statementwise(r, change, &state);
        if concurrent.is_empty() {
            annotate(&mut locking, 0, change, D);
        } else {
            annotate(&mut concurrent, 0, change, D);
        }
        if !concurrent.is_empty() && timeout_set {
            out.push(plain("SET lock_timeout = DEFAULT".to_string()));
            timeout_set = false;
        }
        out.append(&mut concurrent);
        if !locking.is_empty() && !timeout_set {
            let mut set = set_lock_timeout(online, false);
            if out
                .iter()
                .any(|s: &RenderedStatement| s.sql.starts_with("SET lock_timeout = '"))
            {
                set.comment = None;
            }
            out.push(set);
            timeout_set = true;
        }
        out.append(&mut locking);
        apply(&mut state, change);
    }
    if timeout_set {
        out.push(plain("SET lock_timeout = DEFAULT".to_string()));
    }
    out
}

/// Whether `changes` only create tables and types that lock nothing existing: no foreign
/// key to a table created before them (which takes a lock on it).
fn only_new_objects(changes: &[Change]) -> bool {
    let created: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateTable(t) => Some(t.name.as_str()),
            _ => None,
        })
        .collect();
    changes.iter().all(|c| match c {
        Change::CreateEnum { .. } => true,
        // A view, function, sequence … locks no table to be created (a trigger, policy
        // or comment does).
        Change::CreateObject(o) => {
            o.kind.before_tables()
                || matches!(o.kind, ObjectKind::View | ObjectKind::MaterializedView)
        }
        Change::CreateTable(t) => t
            .foreign_keys
            .values()
            .all(|k| created.contains(&k.ref_table.as_str())),
        _ => false,
    })
}

/// `SET [LOCAL] lock_timeout`, with why.
fn set_lock_timeout(online: &Online, local: bool) -> RenderedStatement {
    let scope = if local { "LOCAL " } else { "" };
    RenderedStatement {
        sql: format!("SET {scope}lock_timeout = '{}'", online.lock_timeout),
        comment: Some(
            "-- Fail fast (then run again) rather than queue every query on the table behind a lock wait."
                .to_string(),
        ),
    }
}

fn plain(sql: String) -> RenderedStatement {
    RenderedStatement { sql, comment: None }
}

/// One change outside a transaction: `(index builds and drops, statements that lock)`.
fn statementwise<R: SqlRenderer>(
    r: &R,
    change: &Change,
    state: &Schema,
) -> (Vec<RenderedStatement>, Vec<RenderedStatement>) {
    let stmts = |v: Vec<String>| v.into_iter().map(plain).collect::<Vec<_>>();
    match change {
        Change::AddIndex { table, index } => (stmts(vec![concurrently(table, index)]), vec![]),
        Change::DropIndex { index, .. } => (
            stmts(vec![format!(
                "DROP INDEX CONCURRENTLY {}",
                q(D, &index.name)
            )]),
            vec![],
        ),
        Change::AddUnique { table, unique } => {
            let (build, mut add) = attach(table, &unique.name, &unique.columns, "UNIQUE");
            if let Some(statement) = add.first_mut() {
                statement
                    .sql
                    .push_str(&super::ddl::deferrable(&unique.deferrable));
            }
            (build, add)
        }
        Change::AddPrimaryKey { table, key } => {
            let name = key
                .name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("{table}_pkey"));
            attach(table, &name, &key.columns, "PRIMARY KEY")
        }
        // One the models leave NOT VALID is not validated.
        Change::AddForeignKey { table, key } if !key.not_valid => (
            vec![],
            stmts(not_valid(
                table,
                &key.name,
                foreign_key_clause(D, table, key),
            )),
        ),
        Change::AddCheck { table, check } if !check.not_valid => (
            vec![],
            stmts(not_valid(table, &check.name, check_clause(D, check))),
        ),
        Change::AlterColumn { table, from, to } if from.nullable && !to.nullable => {
            let still_nullable = Column {
                nullable: true,
                ..to.clone()
            };
            let mut out = r.alter_column(table, from, &still_nullable);
            out.extend(set_not_null(table, &to.name));
            (vec![], stmts(out))
        }
        other => (vec![], r.render_change(other, state)),
    }
}

/// `CREATE [UNIQUE] INDEX CONCURRENTLY …`.
fn concurrently(table: &str, index: &Index) -> String {
    create_index(D, table, index).replacen("INDEX ", "INDEX CONCURRENTLY ", 1)
}

/// A unique index built concurrently, then made the constraint `kind` without a build.
fn attach(
    table: &str,
    name: &str,
    columns: &[String],
    kind: &str,
) -> (Vec<RenderedStatement>, Vec<RenderedStatement>) {
    let index = Index {
        name: name.to_string(),
        columns: columns.to_vec(),
        unique: true,
        predicate: None,
        ..Index::default()
    };
    let name = q(D, name);
    (
        vec![plain(concurrently(table, &index))],
        vec![plain(format!(
            "{}ADD CONSTRAINT {name} {kind} USING INDEX {name}",
            alter(D, table)
        ))],
    )
}

/// `ADD <clause> NOT VALID`, then `VALIDATE CONSTRAINT` in its own statement.
fn not_valid(table: &str, name: &str, clause: String) -> Vec<String> {
    vec![
        format!("{}ADD {clause} NOT VALID", alter(D, table)),
        format!("{}VALIDATE CONSTRAINT {}", alter(D, table), q(D, name)),
    ]
}

/// `SET NOT NULL` through a validated `CHECK (col IS NOT NULL)`, dropped afterwards.
fn set_not_null(table: &str, column: &str) -> Vec<String> {
    let check = CheckConstraint {
        name: not_null_check_name(table, column),
        expression: format!("{} IS NOT NULL", q(D, column)),
        ..Default::default()
    };
    let mut out = not_valid(table, &check.name, check_clause(D, &check));
    out.push(format!(
        "{}ALTER COLUMN {} SET NOT NULL",
        alter(D, table),
        q(D, column)
    ));
    out.push(format!(
        "{}DROP CONSTRAINT {}",
        alter(D, table),
        q(D, &check.name)
    ));
    out
}

/// `<table>_<column>_not_null`, cut to PostgreSQL's 63-byte identifiers.
fn not_null_check_name(table: &str, column: &str) -> String {
    let mut name = format!("{table}_{column}_not_null");
    while name.len() > 63 {
        name.pop();
    }
    name
}
