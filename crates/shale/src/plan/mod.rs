//! [`Plan`]: a migration as data, built once from a diff and rendered by the dialect.
//!
//! ```text
//! Diff.changes ─► Plan { start, upgrade, downgrade = exact inverse, warnings }
//!              ─► render(dialect) ─► RenderedPlan { upgrade, downgrade statements, foreign_keys_off }
//! ```
//!
//! The downgrade is computed here once ([`reverse_changes`]); warnings travel as data —
//! per statement (a change that destroys data) or for the whole plan (an undeclared likely
//! rename) — and become comments only when the script text is written.
//!
//! An online plan ([`Plan::online`]) is written in the lock-safe form. On PostgreSQL that
//! form needs statements that cannot run in a transaction, so the plan splits into
//! [`Plan::parts`]: one revision each, the first in a transaction, the second with
//! `-- shale:transaction off` (see `parts`). Enum labels that the plan's other changes use
//! come first, in a revision of their own: PostgreSQL refuses a label until the
//! transaction that added it commits.

mod expand;
mod parts;

pub use expand::{ExpandError, Expansion, SHADOW_SUFFIX};

use crate::dialect::render::{
    comment_lines, needs_foreign_keys_off, render_in, to_text, Form, Online, RenderedStatement,
};
use crate::dialect::Dialect;
use crate::diff::{applied, apply_all, Change};
use crate::schema::{Column, Schema};

/// The settings of an online plan (`online = true` in shale.toml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineOptions {
    /// The `lock_timeout` set before statements that lock a table, e.g. `500ms`.
    pub lock_timeout: String,
}

/// A migration: the changes from `start`, their exact inverse, and warnings.
#[derive(Debug, Clone)]
pub struct Plan {
    pub dialect: Dialect,
    /// The schema the upgrade applies to (the live database, for autogenerate).
    pub start: Schema,
    pub upgrade: Vec<Change>,
    /// The changes that undo `upgrade`, from the schema it leaves.
    pub downgrade: Vec<Change>,
    /// Warnings about the plan as a whole, written above the upgrade.
    pub warnings: Vec<String>,
    /// The lock-safe form's settings; `None` writes the plain form.
    pub online: Option<OnlineOptions>,
    /// Whether the plan runs in a transaction: false for the part of an online
    /// PostgreSQL plan that builds indexes concurrently (`-- shale:transaction off`).
    pub transactional: bool,
}

/// A [`Plan`] rendered for its dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPlan {
    pub upgrade: Vec<RenderedStatement>,
    pub downgrade: Vec<RenderedStatement>,
    /// Warnings about the plan as a whole.
    pub warnings: Vec<String>,
    /// The script needs `-- shale:foreign-keys off` (a SQLite table rebuild, either way).
    pub foreign_keys_off: bool,
    /// False when the script needs `-- shale:transaction off`.
    pub transactional: bool,
}

impl Plan {
    /// The plan of `upgrade` applied to `start`, with its exact inverse.
    pub fn new(dialect: Dialect, start: Schema, upgrade: Vec<Change>) -> Plan {
        // A rename the server cannot make is a drop and an add from here on, so that the
        // online form builds the new index concurrently, validates the new constraint …
        let upgrade = match crate::dialect::render::lower_renames(dialect, &upgrade) {
            std::borrow::Cow::Owned(lowered) => lowered,
            std::borrow::Cow::Borrowed(_) => upgrade,
        };
        let downgrade = reverse_changes(&upgrade);
        Plan {
            dialect,
            start,
            upgrade,
            downgrade,
            warnings: Vec::new(),
            online: None,
            transactional: true,
        }
    }

    /// The plan in the lock-safe form of `online` where the dialect has one (PostgreSQL,
    /// MySQL/MariaDB); unchanged on SQLite or with `None`.
    pub fn online(mut self, online: Option<OnlineOptions>) -> Plan {
        self.online = online.filter(|_| self.dialect.has_online_ddl());
        self
    }

    /// Adds a warning about the whole plan.
    pub fn warn(&mut self, warning: impl Into<String>) {
        self.warnings.push(warning.into());
    }

    /// Whether the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.upgrade.is_empty()
    }

    /// The schema after the upgrade.
    pub fn after(&self) -> Schema {
        apply_all(&self.start, &self.upgrade)
    }

    /// The plan as statements of its dialect, for one revision. An online PostgreSQL plan
    /// is rendered part by part: see [`Plan::parts`].
    pub fn render(&self) -> RenderedPlan {
        // Borrowed when the plan is empty: a no-op need not copy the whole schema.
        let after = applied(&self.start, &self.upgrade);
        RenderedPlan {
            upgrade: render_in(self.dialect, &self.start, &self.upgrade, &self.form()),
            downgrade: render_in(self.dialect, &after, &self.downgrade, &self.form()),
            warnings: self.warnings.clone(),
            foreign_keys_off: needs_foreign_keys_off(self.dialect, &self.start, &self.upgrade)
                || needs_foreign_keys_off(self.dialect, &after, &self.downgrade),
            transactional: self.transactional,
        }
    }

    /// How the renderer writes the plan's upgrade and downgrade.
    fn form(&self) -> Form {
        match &self.online {
            None => Form::Plain,
            Some(online) => Form::Online(Online {
                lock_timeout: online.lock_timeout.clone(),
                transactional: self.transactional,
            }),
        }
    }
}

impl RenderedPlan {
    /// The upgrade section's text: the plan's warnings as comments, then each statement
    /// with its own comment lines.
    pub fn upgrade_sql(&self) -> String {
        let mut out: String = self
            .warnings
            .iter()
            .map(|w| comment_lines("WARNING: ", w))
            .collect();
        out.push_str(&to_text(&self.upgrade));
        out
    }

    /// The downgrade section's text.
    pub fn downgrade_sql(&self) -> String {
        to_text(&self.downgrade)
    }
}

/// The changes that undo `changes`: each one reversed, in reverse order. A dropped NOT
/// NULL column without a default comes back as the upgrade would add it — nullable,
/// [`Change::Backfill`], then NOT NULL — since the table's rows have no value for it.
pub fn reverse_changes(changes: &[Change]) -> Vec<Change> {
    let mut out = Vec::with_capacity(changes.len());
    for change in changes.iter().rev() {
        match change {
            Change::DropColumn {
                table,
                column,
                position,
            } if needs_backfill(column) => {
                let nullable = Column {
                    nullable: true,
                    ..column.clone()
                };
                out.push(Change::AddColumn {
                    table: table.clone(),
                    column: nullable.clone(),
                    position: position.clone(),
                });
                out.push(Change::Backfill {
                    table: table.clone(),
                    column: column.name.clone(),
                });
                out.push(Change::AlterColumn {
                    table: table.clone(),
                    from: nullable,
                    to: column.clone(),
                });
            }
            other => out.push(other.reverse()),
        }
    }
    out
}

/// Whether re-adding `column` to a table with rows needs a value for them.
fn needs_backfill(column: &Column) -> bool {
    !column.nullable && column.default.is_none() && !column.autoincrement
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, Table};

    #[test]
    fn the_downgrade_is_the_inverse_and_warnings_lead_the_upgrade() {
        let table = Table {
            name: "users".into(),
            columns: vec![Column {
                name: "id".into(),
                ty: "INTEGER".into(),
                nullable: true,
                ..Column::default()
            }],
            ..Table::default()
        };
        let mut plan = Plan::new(
            Dialect::Postgres,
            Schema::default(),
            vec![Change::CreateTable(table)],
        );
        plan.warn("possible undeclared rename: a -> b");
        plan.warn("schema.sql:1: not compared: CREATE TABLE t (\n  id int\n)");
        let rendered = plan.render();
        assert!(rendered.upgrade_sql().starts_with(
            "-- WARNING: possible undeclared rename: a -> b\n\
             -- WARNING: schema.sql:1: not compared: CREATE TABLE t (\n--   id int\n-- )\n\
             CREATE TABLE users"
        ));
        // The warning of a data-destroying statement is attached to that statement.
        assert_eq!(
            rendered.downgrade_sql(),
            "-- WARNING: destroys data: drops table users and all its rows\n-- shale:allow drop-table\nDROP TABLE users;\n"
        );
        assert!(!rendered.foreign_keys_off);
        // A warning that quotes a statement over several lines is commented throughout.
        let mut quoted = plan.clone();
        quoted.warnings = vec![
            "schema.sql:3: not compared: CREATE RULE r AS\n  ON INSERT TO t\n  DO NOTHING".into(),
        ];
        assert!(quoted.render().upgrade_sql().starts_with(
            "-- WARNING: schema.sql:3: not compared: CREATE RULE r AS\n--   ON INSERT TO t\n--   DO NOTHING\nCREATE TABLE users"
        ));
        assert_eq!(
            crate::dialect::render::to_text(&[RenderedStatement {
                sql: "SELECT 1".into(),
                comment: Some("-- WARNING: one\ntwo\n\n-- three".into()),
            }]),
            "-- WARNING: one\n-- two\n\n-- three\nSELECT 1;\n"
        );
        assert_eq!(
            Plan::new(Dialect::Sqlite, plan.after(), plan.downgrade).after(),
            Schema::default()
        );
    }
}
