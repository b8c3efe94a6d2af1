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

use super::ddl::{
    alter, check_clause, create_index, foreign_key_clause, ident, inherited_column, q,
    schema_prefix,
};
use super::renderer::{annotate, Online};
use super::{RenderedStatement, SqlRenderer};
use crate::dialect::Dialect;
use crate::diff::{apply, Change};
use crate::schema::{CheckConstraint, Column, Index, InheritedColumn, ObjectKind, Schema};

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
        Change::AddIndex { table, index } if partitioned(state, table) => {
            partitioned_index(state, table, index)
        }
        Change::DropIndex { table, index } if partitioned(state, table) => (
            vec![],
            vec![RenderedStatement {
                sql: format!(
                    "DROP INDEX {}{}",
                    schema_prefix(D, table),
                    ident(D, &index.name)
                ),
                comment: Some(format!(
                    "-- NOTE: PostgreSQL cannot drop the index of a partitioned table \
                     concurrently: this takes {table}'s lock briefly, under the lock timeout.\n\
                     -- shale:allow index-not-concurrent"
                )),
            }],
        ),
        // PostgreSQL builds the indexes of a key on a partitioned table itself, under the
        // table's lock: `USING INDEX` is refused there, and ready partition indexes are not
        // taken over by a constraint.
        Change::AddUnique { table, .. } | Change::AddPrimaryKey { table, .. }
            if partitioned(state, table) =>
        {
            let mut out = r.render_change(change, state);
            if let Some(first) = out.first_mut() {
                first.comment = Some(format!(
                    "-- NOTE: PostgreSQL cannot add a key to a partitioned table without \
                     building its indexes under {table}'s lock: writes wait for the build.\n\
                     -- shale:allow index-not-concurrent"
                ));
            }
            (vec![], out)
        }
        Change::AddIndex { table, index } => (stmts(vec![concurrently(table, index)]), vec![]),
        // A partition's or materialized view's own index, kept by its definition.
        Change::CreateObject(o) if o.kind == ObjectKind::ViewIndex => {
            let sql = o.definition.replacen(" INDEX ", " INDEX CONCURRENTLY ", 1);
            (stmts(vec![sql]), vec![])
        }
        Change::DropObject(o) if o.kind == ObjectKind::ViewIndex => {
            let view = o.table.as_deref().unwrap_or_default();
            (
                stmts(vec![format!(
                    "DROP INDEX CONCURRENTLY {}{}",
                    schema_prefix(D, view),
                    ident(D, &o.name)
                )]),
                vec![],
            )
        }
        Change::DropIndex { table, index } => (
            stmts(vec![format!(
                "DROP INDEX CONCURRENTLY {}{}",
                schema_prefix(D, table),
                ident(D, &index.name)
            )]),
            vec![],
        ),
        Change::AddUnique { table, unique } => {
            let (build, mut add) = attach(
                table,
                &unique.name,
                &unique.columns,
                ("UNIQUE", unique.nulls_not_distinct),
            );
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
            let (build, mut add) = attach(table, &name, &key.columns, ("PRIMARY KEY", false));
            if let Some(statement) = add.first_mut() {
                statement
                    .sql
                    .push_str(&super::ddl::deferrable(&key.deferrable));
            }
            (build, add)
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
            // PostgreSQL adds an identity only to a NOT NULL column: it comes after.
            let is_identity = |c: &Column| c.autoincrement && !c.serial;
            let adds_identity = is_identity(to) && !is_identity(from);
            let still_nullable = Column {
                nullable: true,
                autoincrement: to.autoincrement && !adds_identity,
                identity: to.identity.clone().filter(|_| !adds_identity),
                ..to.clone()
            };
            let mut out = r.alter_column(table, from, &still_nullable, state);
            out.extend(set_not_null(table, &to.name));
            if adds_identity {
                let not_null = Column {
                    nullable: false,
                    ..still_nullable
                };
                out.extend(r.alter_column(table, &not_null, to, state));
            }
            (vec![], stmts(out))
        }
        // A child's own NOT NULL on an inherited column: as for a column of its own.
        Change::AlterInheritedColumn { table, from, to } if !from.not_null && to.not_null => {
            let still_nullable = InheritedColumn {
                not_null: false,
                ..to.clone()
            };
            let mut out = inherited_column(D, table, Some(from), &still_nullable);
            out.extend(set_not_null(table, &to.name));
            (vec![], stmts(out))
        }
        other => (vec![], r.render_change(other, state)),
    }
}

/// Whether `table` is a partitioned table in `state`.
fn partitioned(state: &Schema, table: &str) -> bool {
    state
        .tables
        .get(table)
        .is_some_and(|t| t.partition_by.is_some())
}

/// An index on a partitioned table, which PostgreSQL cannot build concurrently: each
/// partition's index is built concurrently, then the partitioned table's own index is
/// made `ON ONLY` (building nothing, invalid) and each partition's index attached to it,
/// which makes it valid once every partition has one (PostgreSQL docs, "Partition
/// Maintenance"). Partitions that are partitioned themselves get the same, one level down.
fn partitioned_index(
    state: &Schema,
    table: &str,
    index: &Index,
) -> (Vec<RenderedStatement>, Vec<RenderedStatement>) {
    let mut builds = Vec::new();
    let mut attaches = vec![plain(on_only(table, index))];
    index_partitions(state, table, index, &mut builds, &mut attaches);
    (builds, attaches)
}

/// The index statements for the partitions of `parent`, whose index is `parent_index`.
fn index_partitions(
    state: &Schema,
    parent: &str,
    parent_index: &Index,
    builds: &mut Vec<RenderedStatement>,
    attaches: &mut Vec<RenderedStatement>,
) {
    let partitions = state
        .objects
        .values()
        .filter(|o| o.kind == ObjectKind::Partition && o.table.as_deref() == Some(parent));
    for partition in partitions {
        let mut name = format!("{}_{}", partition.name, parent_index.name);
        // PostgreSQL's identifiers are at most 63 bytes.
        while name.len() > 63 {
            name.pop();
        }
        let index = Index {
            name,
            ..parent_index.clone()
        };
        if partition.definition.contains(" PARTITION BY ") {
            attaches.push(plain(on_only(&partition.name, &index)));
            index_partitions(state, &partition.name, &index, builds, attaches);
        } else {
            builds.push(RenderedStatement {
                sql: concurrently(&partition.name, &index),
                comment: Some(format!(
                    "-- NOTE: attached to {} below, and dropped with it.\n\
                     -- shale:allow downgrade-mismatch",
                    parent_index.name
                )),
            });
        }
        attaches.push(plain(format!(
            "ALTER INDEX {} ATTACH PARTITION {}",
            ident(D, &parent_index.name),
            ident(D, &index.name)
        )));
    }
}

/// `CREATE [UNIQUE] INDEX … ON ONLY table …`: the index of a partitioned table alone.
fn on_only(table: &str, index: &Index) -> String {
    let quoted = q(D, table);
    create_index(D, table, index).replacen(
        &format!(" ON {quoted} "),
        &format!(" ON ONLY {quoted} "),
        1,
    )
}

/// `CREATE [UNIQUE] INDEX CONCURRENTLY …`.
fn concurrently(table: &str, index: &Index) -> String {
    create_index(D, table, index).replacen("INDEX ", "INDEX CONCURRENTLY ", 1)
}

/// A unique index built concurrently (`NULLS NOT DISTINCT` where the constraint is), then
/// made the constraint `kind` without a build.
fn attach(
    table: &str,
    name: &str,
    columns: &[String],
    (kind, nulls_not_distinct): (&str, bool),
) -> (Vec<RenderedStatement>, Vec<RenderedStatement>) {
    let index = Index {
        name: name.to_string(),
        columns: columns.to_vec(),
        unique: true,
        predicate: None,
        nulls_not_distinct,
        ..Index::default()
    };
    let name = ident(D, name);
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
        format!("{}VALIDATE CONSTRAINT {}", alter(D, table), ident(D, name)),
    ]
}

/// `SET NOT NULL` through a validated `CHECK (col IS NOT NULL)`, dropped afterwards.
fn set_not_null(table: &str, column: &str) -> Vec<String> {
    let check = CheckConstraint {
        name: not_null_check_name(table, column),
        expression: format!("{} IS NOT NULL", ident(D, column)),
        ..Default::default()
    };
    let mut out = not_valid(table, &check.name, check_clause(D, &check));
    out.push(format!(
        "{}ALTER COLUMN {} SET NOT NULL",
        alter(D, table),
        ident(D, column)
    ));
    out.push(format!(
        "{}DROP CONSTRAINT {}",
        alter(D, table),
        ident(D, &check.name)
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
