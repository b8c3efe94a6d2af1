//! [`Tracked`]: the little the linter knows of the schema before a revision, learned by
//! replaying the upgrade sections of its ancestors — column types (for narrowing) and
//! `CHECK (col IS NOT NULL)` constraints (for `SET NOT NULL`).

use super::sql::{ident, not_null_check_column, object};
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, CreateTable, CreateTableLikeKind, DataType,
    ObjectType, RenameTableNameKind, Statement, TableConstraint,
};
use std::collections::BTreeMap;

/// Tables by name, as replayed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tracked {
    pub tables: BTreeMap<String, TrackedTable>,
}

/// One replayed table.
#[derive(Debug, Clone, Default)]
pub(crate) struct TrackedTable {
    /// Column types by column name.
    pub columns: BTreeMap<String, DataType>,
    /// `CHECK (col IS NOT NULL)` constraints by name: the column, and whether validated.
    pub not_null_checks: BTreeMap<String, (String, bool)>,
}

impl Tracked {
    /// Adds what `other` knows of tables this one does not (parents of a merge).
    pub fn merge(&mut self, other: &Tracked) {
        for (name, table) in &other.tables {
            self.tables
                .entry(name.clone())
                .or_insert_with(|| table.clone());
        }
    }

    /// A copy holding only the tables named in `names`.
    pub fn subset(&self, names: &std::collections::BTreeSet<String>) -> Tracked {
        let tables = names
            .iter()
            .filter_map(|n| Some((n.clone(), self.tables.get(n)?.clone())))
            .collect();
        Tracked { tables }
    }

    /// The type of `table.column`, when known.
    pub fn column_type(&self, table: &str, column: &str) -> Option<&DataType> {
        self.tables.get(table)?.columns.get(column)
    }

    /// Whether `table` has a validated `CHECK (column IS NOT NULL)`.
    pub fn has_validated_not_null_check(&self, table: &str, column: &str) -> bool {
        self.tables.get(table).is_some_and(|t| {
            t.not_null_checks
                .values()
                .any(|(c, validated)| c == column && *validated)
        })
    }

    /// Applies one statement's effect on tables, columns and checks.
    pub fn apply(&mut self, statement: &Statement) {
        match statement {
            Statement::CreateTable(create) => self.create(create),
            Statement::Drop {
                object_type: ObjectType::Table,
                names,
                ..
            } => {
                for name in names {
                    self.tables.remove(&object(name));
                }
            }
            Statement::AlterTable {
                name, operations, ..
            } => {
                let mut table = object(name);
                for op in operations {
                    table = self.alter(table, op);
                }
            }
            Statement::RenameTable(renames) => {
                for r in renames {
                    self.rename(&object(&r.old_name), object(&r.new_name));
                }
            }
            _ => {}
        }
    }

    fn create(&mut self, create: &CreateTable) {
        // `CREATE TABLE new LIKE old` (a shadow table) starts as a copy of `old`.
        if let Some(CreateTableLikeKind::Plain(like) | CreateTableLikeKind::Parenthesized(like)) =
            &create.like
        {
            let copy = self.tables.get(&object(&like.name)).cloned();
            self.tables
                .insert(object(&create.name), copy.unwrap_or_default());
            return;
        }
        let mut table = TrackedTable::default();
        for column in &create.columns {
            table
                .columns
                .insert(ident(&column.name), column.data_type.clone());
        }
        for constraint in &create.constraints {
            table.add_constraint(constraint, true);
        }
        self.tables.insert(object(&create.name), table);
    }

    fn rename(&mut self, from: &str, to: String) {
        if let Some(t) = self.tables.remove(from) {
            self.tables.insert(to, t);
        }
    }

    /// Applies one `ALTER TABLE` operation; returns the table's name afterwards.
    fn alter(&mut self, name: String, op: &AlterTableOperation) -> String {
        if let AlterTableOperation::RenameTable { table_name } = op {
            let (RenameTableNameKind::As(to) | RenameTableNameKind::To(to)) = table_name;
            let to = object(to);
            self.rename(&name, to.clone());
            return to;
        }
        self.tables.entry(name.clone()).or_default().alter(op);
        name
    }
}

impl TrackedTable {
    /// Applies an `ALTER TABLE` operation that changes columns or constraints.
    fn alter(&mut self, op: &AlterTableOperation) {
        match op {
            AlterTableOperation::AddColumn { column_def, .. } => {
                let column = ident(&column_def.name);
                self.columns.insert(column, column_def.data_type.clone());
            }
            AlterTableOperation::DropColumn { column_names, .. } => {
                for c in column_names {
                    self.columns.remove(&ident(c));
                }
            }
            AlterTableOperation::AlterColumn {
                column_name,
                op: AlterColumnOperation::SetDataType { data_type, .. },
            } => {
                self.columns.insert(ident(column_name), data_type.clone());
            }
            AlterTableOperation::ModifyColumn {
                col_name,
                data_type,
                ..
            } => {
                self.columns.insert(ident(col_name), data_type.clone());
            }
            AlterTableOperation::ChangeColumn {
                old_name,
                new_name,
                data_type,
                ..
            } => {
                self.columns.remove(&ident(old_name));
                self.columns.insert(ident(new_name), data_type.clone());
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                if let Some(t) = self.columns.remove(&ident(old_column_name)) {
                    self.columns.insert(ident(new_column_name), t);
                }
            }
            _ => self.alter_constraint(op),
        }
    }

    /// Applies an `ALTER TABLE` operation on constraints (`CHECK … IS NOT NULL` only).
    fn alter_constraint(&mut self, op: &AlterTableOperation) {
        match op {
            AlterTableOperation::AddConstraint {
                constraint,
                not_valid,
            } => self.add_constraint(constraint, !not_valid),
            AlterTableOperation::ValidateConstraint { name } => {
                if let Some(check) = self.not_null_checks.get_mut(&ident(name)) {
                    check.1 = true;
                }
            }
            AlterTableOperation::DropConstraint { name, .. } => {
                self.not_null_checks.remove(&ident(name));
            }
            _ => {}
        }
    }

    fn add_constraint(&mut self, constraint: &TableConstraint, validated: bool) {
        if let TableConstraint::Check { name, expr, .. } = constraint {
            if let Some(column) = not_null_check_column(expr) {
                let key = name.as_ref().map_or_else(|| expr.to_string(), ident);
                self.not_null_checks.insert(key, (column, validated));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn replay(sql: &str) -> Tracked {
        let mut tracked = Tracked::default();
        for s in Parser::parse_sql(&PostgreSqlDialect {}, sql).unwrap() {
            tracked.apply(&s);
        }
        tracked
    }

    #[test]
    fn a_shadow_table_swapped_in_keeps_the_columns() {
        let mut t = Tracked::default();
        let sql = "CREATE TABLE items (id int, qty smallint);
             CREATE TABLE _items_new LIKE items;
             RENAME TABLE items TO _items_old, _items_new TO items;
             DROP TABLE _items_old;";
        for s in Parser::parse_sql(&sqlparser::dialect::MySqlDialect {}, sql).unwrap() {
            t.apply(&s);
        }
        assert_eq!(
            t.column_type("items", "qty").map(ToString::to_string),
            Some("SMALLINT".to_string())
        );
        assert_eq!(t.tables.len(), 1);
    }

    #[test]
    fn follows_columns_renames_and_checks() {
        let t = replay(
            "CREATE TABLE users (id int, name varchar(80));
             ALTER TABLE users ALTER COLUMN name TYPE varchar(120);
             ALTER TABLE users RENAME COLUMN name TO full_name;
             ALTER TABLE users RENAME TO people;
             ALTER TABLE people ADD CONSTRAINT ck CHECK (full_name IS NOT NULL) NOT VALID;",
        );
        assert_eq!(
            t.column_type("people", "full_name")
                .map(ToString::to_string),
            Some("VARCHAR(120)".to_string())
        );
        assert!(!t.tables.contains_key("users"));
        assert!(!t.has_validated_not_null_check("people", "full_name"));
        let mut t = t;
        for s in Parser::parse_sql(
            &PostgreSqlDialect {},
            "ALTER TABLE people VALIDATE CONSTRAINT ck",
        )
        .unwrap()
        {
            t.apply(&s);
        }
        assert!(t.has_validated_not_null_check("people", "full_name"));
    }
}
