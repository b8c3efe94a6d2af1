//! The [`SqlRenderer`] trait every dialect implements, and rendering a list of changes.

use super::{ddl, mysql, mysql_online, postgres, postgres_online, sqlite};
use crate::dialect::Dialect;
use crate::diff::{apply, Change};
use crate::schema::{
    Column, ColumnType, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint,
};
use serde::{Deserialize, Serialize};

/// One SQL statement, without its terminating `;`, with the comment to write above it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedStatement {
    /// The statement text.
    pub sql: String,
    /// Comment lines, each starting with `-- `, e.g.
    /// `-- WARNING: destroys data: drops column users.fullname`.
    pub comment: Option<String>,
}

/// How changes are written: plainly, or in the lock-safe (online) form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// Each change as one plain statement (or the few it needs).
    Plain,
    /// The lock-safe form (`online = true`).
    Online(Online),
}

/// The settings of the online form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Online {
    /// The `lock_timeout` set before statements that lock a table (PostgreSQL), e.g. `500ms`.
    pub lock_timeout: String,
    /// Whether the statements run in one transaction. Outside one (`-- shale:transaction
    /// off`, each statement committing by itself) PostgreSQL builds and drops indexes
    /// `CONCURRENTLY` and validates constraints in a statement of their own.
    pub transactional: bool,
}

/// Renders `changes` as SQL for `dialect`, starting from the schema `start` (the schema
/// the changes apply to: the current database for an upgrade).
pub fn render(dialect: Dialect, start: &Schema, changes: &[Change]) -> Vec<RenderedStatement> {
    render_in(dialect, start, changes, &Form::Plain)
}

/// Renders `changes` in `form`.
pub fn render_in(
    dialect: Dialect,
    start: &Schema,
    changes: &[Change],
    form: &Form,
) -> Vec<RenderedStatement> {
    // Rendering copies the schema to follow the changes: nothing to copy it for.
    if changes.is_empty() {
        return Vec::new();
    }
    let changes = &*ddl::lower_renames(dialect, changes);
    match (dialect, form) {
        (Dialect::Postgres, Form::Online(online)) => {
            postgres_online::render(&postgres::Postgres, start, changes, online)
        }
        (Dialect::Postgres, Form::Plain) => postgres::Postgres.render_all(start, changes),
        (Dialect::Mysql, Form::Plain) => {
            mysql::Mysql::plain().render_all(start, &mysql::mysql_order(start, changes))
        }
        (Dialect::Mysql, Form::Online(online)) => mysql_online::with_lock_wait_timeout(
            mysql::Mysql::online(start).render_all(start, &mysql::mysql_order(start, changes)),
            online,
        ),
        (Dialect::Sqlite, _) => sqlite::Sqlite.render_all(start, changes),
    }
}

/// `text` as SQL comment lines, `lead` (`WARNING: `) before its first: every line of a
/// text that spans several (a warning quoting a statement) is commented, so that none of
/// it runs.
pub fn comment_lines(lead: &str, text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let lead = if i == 0 { lead } else { "" };
        out.push_str(format!("-- {lead}{line}").trim_end());
        out.push('\n');
    }
    if out.is_empty() {
        out = format!("-- {lead}").trim_end().to_string() + "\n";
    }
    out
}

/// Statements as script text. A comment line that does not start with `--` (a line of a
/// warning spanning several) is commented all the same.
pub fn to_text(statements: &[RenderedStatement]) -> String {
    let mut out = String::new();
    for s in statements {
        if let Some(c) = &s.comment {
            for line in c.lines() {
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with("--") {
                    out.push_str(line);
                    out.push('\n');
                } else {
                    out.push_str(&comment_lines("", line));
                }
            }
        }
        out.push_str(&s.sql);
        out.push_str(";\n");
    }
    out
}

/// Whether the rendered script must run with foreign-key enforcement off: on SQLite, a
/// table rebuild drops and recreates a table that others may reference. The caller runs
/// `PRAGMA foreign_keys=OFF` before the transaction (the pragma is a no-op inside one;
/// SQLite documentation, "Making Other Kinds Of Table Schema Changes") and
/// `PRAGMA foreign_key_check` before committing. Ask once per direction: for the
/// downgrade, pass the schema after the upgrade and its reversed changes
/// ([`Plan::render`](crate::plan::Plan::render) does both).
pub fn needs_foreign_keys_off(dialect: Dialect, start: &Schema, changes: &[Change]) -> bool {
    !dialect.supports_alter_constraints() && sqlite::needs_rebuild(start, changes)
}

/// How one dialect writes SQL. The default methods write standard SQL; each dialect
/// overrides what it does differently.
pub(crate) trait SqlRenderer {
    /// The dialect, for quoting.
    fn dialect(&self) -> Dialect;

    /// The clause written after the type of the auto-increment column `col`, if any.
    fn autoincrement_clause(&self, col: &Column) -> Option<String>;

    /// Whether a nullable column is written with an explicit `NULL`.
    fn explicit_null(&self) -> bool {
        false
    }

    /// The pseudo-type that writes an auto-increment column of type `ty` as taking its
    /// values from a sequence it owns (PostgreSQL `serial`), if the dialect has one.
    fn serial_type(&self, _ty: &ColumnType) -> Option<&'static str> {
        None
    }

    /// Whether a column's comment is part of its definition (MySQL's `COMMENT '…'`);
    /// elsewhere comments are objects of their own.
    fn inline_column_comment(&self) -> bool {
        false
    }

    /// Whether a primary key can be given a name of its own.
    fn names_primary_key(&self) -> bool {
        true
    }

    /// The column that carries the primary key inline, with its clause, when the
    /// dialect needs it there (SQLite's `INTEGER PRIMARY KEY AUTOINCREMENT`).
    fn inline_primary_key(&self, _table: &Table) -> Option<(String, String)> {
        None
    }

    /// Renders all changes in order, tracking the schema as they apply.
    fn render_all(&self, start: &Schema, changes: &[Change]) -> Vec<RenderedStatement> {
        let mut state = start.clone();
        let mut out = Vec::new();
        for change in changes {
            let first = out.len();
            out.extend(self.render_change(change, &state));
            annotate(&mut out, first, change, self.dialect());
            apply(&mut state, change);
        }
        out
    }

    /// Renders one change, given the schema before it.
    fn render_change(&self, change: &Change, state: &Schema) -> Vec<RenderedStatement> {
        if let Change::Backfill { table, column } = change {
            return vec![ddl::backfill(
                self.dialect(),
                table,
                column,
                ddl::column_default(state, table, column),
                self.backfill_note(),
            )];
        }
        if let Some(sync) = super::sync::render(self.dialect(), change) {
            return sync;
        }
        ddl::render_common(self, change, state)
            .into_iter()
            .map(|sql| RenderedStatement { sql, comment: None })
            .collect()
    }

    /// Why the unedited backfill fails safely, beyond "the table has rows".
    fn backfill_note(&self) -> &'static str {
        ""
    }

    /// Statements that change a column's type, nullability, default or auto-increment;
    /// `state` is the schema before the change.
    fn alter_column(&self, table: &str, from: &Column, to: &Column, state: &Schema) -> Vec<String>;

    /// A serial column's sequence made a sequence of its own, or the reverse (see
    /// [`Change::SequenceOwner`]), where the dialect has both.
    fn sequence_owner(
        &self,
        _table: &str,
        _from: &Column,
        _to: &Column,
        _sequence: &crate::schema::Object,
        _state: &Schema,
    ) -> Vec<String> {
        Vec::new()
    }

    /// `CREATE TYPE … AS ENUM`, where the dialect has enum types.
    fn create_enum(&self, _name: &str, _labels: &[String]) -> Vec<String> {
        Vec::new()
    }

    /// `DROP TYPE`, where the dialect has enum types.
    fn drop_enum(&self, _name: &str) -> Vec<String> {
        Vec::new()
    }

    /// A change of an enum type's labels, where the dialect has enum types.
    fn alter_enum(
        &self,
        _name: &str,
        _from: &[String],
        _to: &[String],
        _state: &Schema,
    ) -> Vec<String> {
        Vec::new()
    }

    /// Drops a primary key.
    fn drop_primary_key(&self, table: &str, key: &PrimaryKey) -> String;

    /// Drops an index.
    fn drop_index(&self, table: &str, index: &Index) -> String;

    /// Drops a unique constraint.
    fn drop_unique(&self, table: &str, unique: &UniqueConstraint) -> String {
        let d = self.dialect();
        format!(
            "{}DROP CONSTRAINT {}",
            ddl::alter(d, table),
            ddl::ident(d, &unique.name)
        )
    }

    /// Drops a foreign key; `current` is its table before the drop.
    fn drop_foreign_key(
        &self,
        table: &str,
        key: &ForeignKey,
        _current: Option<&Table>,
    ) -> Vec<String> {
        let d = self.dialect();
        vec![format!(
            "{}DROP CONSTRAINT {}",
            ddl::alter(d, table),
            ddl::ident(d, &key.name)
        )]
    }
}

/// Puts `change`'s data-loss warning above the first statement rendered for it (the
/// statements from `first` on), and, above the statement that breaks it, a
/// `-- shale:allow` line for each lint rule that the change breaks by design: the models
/// ask for it, and the comment says so to the reviewer.
///
/// The rules allowed so: `drop-table`, `drop-column` and `narrowing-type` (the models drop
/// or narrow, and the WARNING line says what is lost); `volatile-default` for a serial
/// column added to a PostgreSQL table (every row takes a value); `rename-table` and `rename-column`
/// (a rename the author declared); PostgreSQL's `type-rewrite` (a type change that has
/// no lock-safe form short of a new column, which autogenerate does not write yet), and
/// its `table-rewrite` (`SET LOGGED` / `UNLOGGED`, which has none at all).
pub(crate) fn annotate(out: &mut [RenderedStatement], first: usize, change: &Change, d: Dialect) {
    if let (Some(warning), Some(stmt)) = (change.warning(), out.get_mut(first)) {
        prepend(stmt, format!("-- {warning}"));
    }
    for (rule, note) in deliberate(change, d) {
        // A table moved into another schema and renamed there: to the previous release
        // each statement is a rename, and each carries the allow line (the note once).
        if let Change::RenameTable { .. } = change {
            for (i, stmt) in out[first..].iter_mut().enumerate() {
                let mut lines = match (i, &note) {
                    (0, Some(n)) => format!("-- NOTE: {n}\n"),
                    _ => String::new(),
                };
                lines.push_str(&format!("-- shale:allow {rule}"));
                append(stmt, lines);
            }
            continue;
        }
        let target = match change {
            // The statement that changes the type, not the default dropped before it.
            Change::AlterColumn { .. } => out[first..]
                .iter()
                .position(|s| s.sql.contains(" TYPE ") || s.sql.contains(" MODIFY COLUMN "))
                .map_or(first, |i| first + i),
            // The ALTER that adds the key, not the session setting before its in-place form.
            Change::AddForeignKey { .. } => out[first..]
                .iter()
                .position(|s| s.sql.contains(" FOREIGN KEY "))
                .map_or(first, |i| first + i),
            _ => first,
        };
        if let Some(stmt) = out.get_mut(target) {
            let mut lines = note.map(|n| format!("-- NOTE: {n}\n")).unwrap_or_default();
            lines.push_str(&format!("-- shale:allow {rule}"));
            append(stmt, lines);
        }
    }
}

/// Whether a table has a unique constraint, foreign key or check without a name.
fn has_unnamed_parts(t: &crate::schema::Table) -> bool {
    t.uniques.values().any(|u| u.name.is_empty())
        || t.foreign_keys.values().any(|k| k.name.is_empty())
        || t.checks.values().any(|c| c.name.is_empty())
}

/// `line` above the comment lines `stmt` already has.
fn prepend(stmt: &mut RenderedStatement, line: String) {
    stmt.comment = Some(match stmt.comment.take() {
        Some(c) => format!("{line}\n{c}"),
        None => line,
    });
}

/// `line` below the comment lines `stmt` already has, right above the statement.
fn append(stmt: &mut RenderedStatement, line: String) {
    stmt.comment = Some(match stmt.comment.take() {
        Some(c) => format!("{c}\n{line}"),
        None => line,
    });
}

/// The lint rules `change` breaks because the models ask for it, each with a note for
/// the reviewer when the WARNING line does not already say why.
fn deliberate(change: &Change, d: Dialect) -> Vec<(&'static str, Option<String>)> {
    match change {
        Change::DropTable(_) => vec![("drop-table", None)],
        Change::DropObject(o) if o.kind == crate::schema::ObjectKind::Partition => {
            vec![("drop-table", None)]
        }
        Change::CreateObject(o) | Change::DropObject(o) | Change::ReplaceObject { to: o, .. }
            if o.kind == crate::schema::ObjectKind::Partitioning =>
        {
            vec![(
                "mysql-copying-alter",
                Some(format!(
                    "the models change how {} is partitioned: MySQL copies the table to do it, \
                     and writes wait until the copy ends",
                    o.name
                )),
            )]
        }
        // The NOTE above the statement (mysql_online) says why it copies.
        Change::AlterTableCollation { .. } if d == Dialect::Mysql => {
            vec![("mysql-copying-alter", None)]
        }
        Change::AlterTableOptions { from, to, .. }
            if d == Dialect::Mysql
                && from.iter().chain(to).any(|o| o.starts_with("ENGINE=")) =>
        {
            vec![("mysql-copying-alter", None)]
        }
        Change::CreateTable(t) if d == Dialect::Sqlite && has_unnamed_parts(t) => vec![(
            "unnamed-constraint",
            Some(format!(
                "the models leave constraints of {} unnamed, and SQLite keeps them so",
                t.name
            )),
        )],
        Change::CreateTable(t)
            if d == Dialect::Mysql
                && t.foreign_keys
                    .values()
                    .any(|k| super::ddl::server_named_foreign_key(&t.name, k)) =>
        {
            vec![(
                "unnamed-constraint",
                Some(format!(
                    "the models leave foreign keys of {} unnamed: the server names them {}_ibfk_N",
                    t.name, t.name
                )),
            )]
        }
        Change::AddForeignKey { table, key }
            if d == Dialect::Mysql && super::ddl::server_named_foreign_key(table, key) =>
        {
            vec![(
                "unnamed-constraint",
                Some(format!(
                    "the models leave this foreign key unnamed: the server names it {table}_ibfk_N"
                )),
            )]
        }
        Change::DropColumn { .. } => vec![("drop-column", None)],
        Change::AddColumn { table, column, .. }
            if column.autoincrement && column.serial && d == Dialect::Postgres =>
        {
            vec![(
                "volatile-default",
                Some(format!(
                    "the models make {} serial: every row of {table} takes a value from its                      sequence, a rewrite under an ACCESS EXCLUSIVE lock with no lock-safe form",
                    column.name
                )),
            )]
        }
        Change::RenameTable { from, .. } => vec![(
            "rename-table",
            Some(format!(
                "a declared rename: the previous release still reads {from}"
            )),
        )],
        Change::RenameColumn { table, from, to } if from.ends_with(crate::plan::SHADOW_SUFFIX) => {
            vec![(
                "rename-column",
                Some(format!(
                    "the contract of a type change: {table}.{to} is dropped and its shadow \
                     takes its name; no release reads {from}"
                )),
            )]
        }
        Change::RenameColumn { table, from, .. } => vec![(
            "rename-column",
            Some(format!(
                "a declared rename: the previous release still reads {table}.{from}"
            )),
        )],
        Change::AlterColumn { from, to, .. } if from.generated != to.generated => vec![(
            "drop-column",
            Some(format!(
                "a generation expression cannot be altered: {} is dropped and added again, \
                 computed anew",
                to.name
            )),
        )],
        Change::AlterColumn { table, from, to } => {
            let mut out = Vec::new();
            if change.is_destructive() {
                out.push(("narrowing-type", None));
            }
            if d.has_lock_safe_ddl() && crate::lint::rewrites_table(&from.ty, &to.ty) {
                out.push((
                    "type-rewrite",
                    Some(format!(
                        "rewrites {table} under an ACCESS EXCLUSIVE lock: there is no lock-safe \
                         form short of a new column, backfilled, that replaces {}",
                        to.name
                    )),
                ));
            }
            out
        }
        Change::AlterTableOptions { table, .. } if d == Dialect::Postgres => vec![(
            "table-rewrite",
            Some(format!(
                "SET LOGGED / UNLOGGED copies {table} under an ACCESS EXCLUSIVE lock: PostgreSQL \
                 has no lock-safe form of it"
            )),
        )],
        Change::CreateObject(o) if o.kind == crate::schema::ObjectKind::Constraint => vec![(
            "unparsed",
            Some(format!(
                "the exclusion constraint {} builds its index under an ACCESS EXCLUSIVE lock on {}: \
                 PostgreSQL has no lock-safe form of it",
                o.name,
                o.table.as_deref().unwrap_or("its table")
            )),
        )],
        _ => Vec::new(),
    }
}
