//! MySQL / MariaDB: `MODIFY COLUMN` with the full definition, backtick quoting,
//! `AUTO_INCREMENT`, and indexes dropped with `DROP INDEX … ON`.

use super::ddl::{alter, column_def, q};
use super::SqlRenderer;
use crate::dialect::Dialect;
use crate::schema::{Column, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint};

/// The MySQL / MariaDB renderer.
pub(crate) struct Mysql;

const D: Dialect = Dialect::Mysql;

impl SqlRenderer for Mysql {
    fn dialect(&self) -> Dialect {
        D
    }

    fn autoincrement_clause(&self) -> Option<&'static str> {
        Some("AUTO_INCREMENT")
    }

    /// `TIMESTAMP` columns are NOT NULL unless told otherwise when
    /// `explicit_defaults_for_timestamp` is off, so nullability is always spelled out.
    fn explicit_null(&self) -> bool {
        true
    }

    /// A MySQL primary key is always named `PRIMARY`, and that name cannot be written.
    fn names_primary_key(&self) -> bool {
        false
    }

    fn backfill_note(&self) -> &'static str {
        " (in strict SQL mode, the default: STRICT_TRANS_TABLES)"
    }

    /// `MODIFY COLUMN` restates the whole column: type, nullability, default and
    /// `AUTO_INCREMENT` all come from `to`.
    fn alter_column(&self, table: &str, _from: &Column, to: &Column) -> Vec<String> {
        vec![format!(
            "{}MODIFY COLUMN {}",
            alter(D, table),
            column_def(self, to)
        )]
    }

    fn drop_primary_key(&self, table: &str, _key: &PrimaryKey) -> String {
        format!("{}DROP PRIMARY KEY", alter(D, table))
    }

    fn drop_index(&self, table: &str, index: &Index) -> String {
        format!("DROP INDEX {} ON {}", q(D, &index.name), q(D, table))
    }

    /// A unique constraint is an index in MySQL.
    fn drop_unique(&self, table: &str, unique: &UniqueConstraint) -> String {
        format!("{}DROP INDEX {}", alter(D, table), q(D, &unique.name))
    }

    /// InnoDB creates an index named after a foreign key when no index starts with its
    /// columns, and keeps it when the foreign key is dropped; it goes with the key here,
    /// so that the table is left as it was before the key was added.
    fn drop_foreign_key(
        &self,
        table: &str,
        key: &ForeignKey,
        current: Option<&Table>,
    ) -> Vec<String> {
        let mut out = vec![format!(
            "{}DROP FOREIGN KEY {}",
            alter(D, table),
            q(D, &key.name)
        )];
        if current.is_some_and(|t| !has_index_for(t, &key.columns)) {
            out.push(format!("DROP INDEX {} ON {}", q(D, &key.name), q(D, table)));
        }
        out
    }
}

/// Whether an index, unique constraint or the primary key of `table` starts with
/// `columns`, so that InnoDB needed no index of its own for a foreign key on them.
fn has_index_for(table: &Table, columns: &[String]) -> bool {
    let starts = |cols: &[String]| cols.starts_with(columns);
    table
        .primary_key
        .as_ref()
        .is_some_and(|k| starts(&k.columns))
        || table.indexes.values().any(|i| starts(&i.columns))
        || table.uniques.values().any(|u| starts(&u.columns))
}
