//! MySQL / MariaDB: `MODIFY COLUMN` with the full definition, backtick quoting,
//! `AUTO_INCREMENT`, and indexes dropped with `DROP INDEX … ON`.

use super::ddl::{alter, column_def, q};
use super::SqlRenderer;
use crate::dialect::Dialect;
use crate::schema::{Column, ForeignKey, Index, PrimaryKey, UniqueConstraint};

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

    fn drop_foreign_key(&self, table: &str, key: &ForeignKey) -> String {
        format!("{}DROP FOREIGN KEY {}", alter(D, table), q(D, &key.name))
    }
}
