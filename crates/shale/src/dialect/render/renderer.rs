//! The [`SqlRenderer`] trait every dialect implements, and rendering a list of changes.

use super::{ddl, mysql, postgres, sqlite};
use crate::dialect::Dialect;
use crate::diff::{apply, Change};
use crate::schema::{Column, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint};
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

/// Renders `changes` as SQL for `dialect`, starting from the schema `start` (the schema
/// the changes apply to: the current database for an upgrade).
pub fn render(dialect: Dialect, start: &Schema, changes: &[Change]) -> Vec<RenderedStatement> {
    match dialect {
        Dialect::Postgres => postgres::Postgres.render_all(start, changes),
        Dialect::Mysql => {
            mysql::Mysql.render_all(start, &mysql::guard_foreign_keys(start, changes))
        }
        Dialect::Sqlite => sqlite::Sqlite.render_all(start, changes),
    }
}

/// Statements as script text.
pub fn to_text(statements: &[RenderedStatement]) -> String {
    let mut out = String::new();
    for s in statements {
        if let Some(c) = &s.comment {
            out.push_str(c);
            out.push('\n');
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

    /// The clause written after the type of an auto-increment column, if any.
    fn autoincrement_clause(&self) -> Option<&'static str>;

    /// Whether a nullable column is written with an explicit `NULL`.
    fn explicit_null(&self) -> bool {
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
            annotate(&mut out, first, change);
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
                self.backfill_note(),
            )];
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

    /// Statements that change a column's type, nullability, default or auto-increment.
    fn alter_column(&self, table: &str, from: &Column, to: &Column) -> Vec<String>;

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
            ddl::q(d, &unique.name)
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
            ddl::q(d, &key.name)
        )]
    }
}

/// Puts `change`'s data-loss warning above the first statement rendered for it.
pub(crate) fn annotate(out: &mut [RenderedStatement], first: usize, change: &Change) {
    if let (Some(warning), Some(stmt)) = (change.warning(), out.get_mut(first)) {
        let line = format!("-- {warning}");
        stmt.comment = Some(match stmt.comment.take() {
            Some(c) => format!("{line}\n{c}"),
            None => line,
        });
    }
}
