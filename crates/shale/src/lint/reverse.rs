//! The reversibility rules: a downgrade must exist (or the revision must say it is
//! irreversible) and must drop the tables, columns and indexes its upgrade creates.

use super::check::{rebuilt_tables, renames, Raw};
use super::finding::Rule;
use super::replay::Tracked;
use super::sql::{ident, object, Parsed};
use crate::script::Script;
use sqlparser::ast::{AlterTableOperation, ObjectType, Statement, TableConstraint};
use std::collections::{BTreeMap, BTreeSet};

/// The net effect of a section on tables, columns and indexes.
#[derive(Debug, Default)]
struct Effects {
    /// Tables created (and still there at the end), with the creating line.
    created_tables: BTreeMap<String, usize>,
    /// Columns added to tables the section did not create, `(table, column)`.
    added_columns: BTreeMap<(String, String), usize>,
    /// Named indexes created on tables the section did not create: name → (table, line).
    created_indexes: BTreeMap<String, (String, usize)>,
    /// Every index name the section creates.
    any_index: BTreeSet<String>,
    dropped_tables: BTreeSet<String>,
    dropped_columns: BTreeSet<(String, String)>,
    dropped_indexes: BTreeSet<String>,
    /// Tables rebuilt by create-copy-drop-rename.
    rebuilt: BTreeSet<String>,
}

/// Checks the downgrade of `script` against its upgrade. `before` is the replayed schema
/// before the upgrade and `after` the one after it.
pub(crate) fn check_reversible(
    script: &Script,
    upgrade: &[Parsed],
    downgrade: &[Parsed],
    before: &Tracked,
    after: &Tracked,
) -> Vec<Raw> {
    if upgrade.is_empty() || script.downgrade.is_irreversible() {
        return Vec::new();
    }
    if downgrade.is_empty() {
        let line = match script.downgrade.present {
            true => script.downgrade.first_line - 1,
            false => script.upgrade.first_line - 1,
        };
        let message = "the upgrade changes the schema but the downgrade is empty and not marked `-- shale:irreversible`";
        return vec![Raw {
            rule: Rule::MissingDowngrade,
            line,
            message: message.to_string(),
        }];
    }
    // An unreadable downgrade statement may be the one that undoes the upgrade: the
    // `unparsed` finding says it was not checked, and guessing would cry wolf.
    if downgrade.iter().any(|p| p.result.is_err() && !p.harmless) {
        return Vec::new();
    }
    mismatches(&effects(upgrade, before), &effects(downgrade, after))
}

/// What the upgrade creates that the downgrade leaves in place.
fn mismatches(up: &Effects, down: &Effects) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut missing = |line: usize, what: String| {
        out.push(Raw {
            rule: Rule::DowngradeMismatch,
            line,
            message: format!("the downgrade does not drop {what}, which the upgrade creates"),
        });
    };
    for (table, &line) in &up.created_tables {
        if !down.dropped_tables.contains(table) {
            missing(line, format!("table {table}"));
        }
    }
    for ((table, column), &line) in &up.added_columns {
        let gone = down.dropped_tables.contains(table)
            || down
                .dropped_columns
                .contains(&(table.clone(), column.clone()));
        if !gone {
            missing(line, format!("column {table}.{column}"));
        }
    }
    for (index, (table, line)) in &up.created_indexes {
        let table_gone = down.dropped_tables.contains(table) || down.rebuilt.contains(table);
        let gone =
            down.dropped_indexes.contains(index) || (table_gone && !down.any_index.contains(index));
        if !gone {
            missing(*line, format!("index {index}"));
        }
    }
    out
}

/// Computes the net [`Effects`] of a section; `before` is the schema it starts from
/// (to tell which columns a table rebuild adds or drops).
fn effects(parsed: &[Parsed], before: &Tracked) -> Effects {
    let mut fx = Effects {
        rebuilt: rebuilt_tables(parsed),
        ..Effects::default()
    };
    let mut new_columns: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in parsed {
        let Ok(statement) = &p.result else { continue };
        match statement {
            Statement::CreateTable(create) => {
                let table = object(&create.name);
                let columns = create.columns.iter().map(|c| ident(&c.name)).collect();
                new_columns.insert(table.clone(), columns);
                fx.created_tables.insert(table, p.line);
            }
            Statement::Drop {
                object_type, names, ..
            } => fx.drop(*object_type, names.iter().map(object)),
            Statement::CreateIndex(index) => {
                let table = object(&index.table_name);
                if let Some(name) = index.name.as_ref().map(object) {
                    fx.index(name, table, p.line);
                }
            }
            Statement::AlterTable {
                name, operations, ..
            } => {
                for op in operations {
                    fx.alter(&object(name), op, p.line);
                }
            }
            _ => {}
        }
        for (from, to) in renames(statement) {
            fx.rename(&from, to, &new_columns, before);
        }
    }
    fx
}

impl Effects {
    fn drop(&mut self, kind: ObjectType, names: impl Iterator<Item = String>) {
        for name in names {
            match kind {
                ObjectType::Table => {
                    let created_here = self.created_tables.remove(&name).is_some();
                    if !created_here && !self.rebuilt.contains(&name) {
                        self.dropped_tables.insert(name);
                    }
                }
                ObjectType::Index => {
                    self.created_indexes.remove(&name);
                    self.dropped_indexes.insert(name);
                }
                _ => {}
            }
        }
    }

    /// A named index on `table`. Indexes on a table created or rebuilt in the section
    /// are not new: they go with the table (a rebuild re-creates the old table's indexes).
    fn index(&mut self, name: String, table: String, line: usize) {
        self.any_index.insert(name.clone());
        if !self.created_tables.contains_key(&table) && !self.rebuilt.contains(&table) {
            self.created_indexes.insert(name, (table, line));
        }
    }

    fn alter(&mut self, table: &str, op: &AlterTableOperation, line: usize) {
        let new_table = self.created_tables.contains_key(table);
        match op {
            AlterTableOperation::AddColumn { column_def, .. } if !new_table => {
                let key = (table.to_string(), ident(&column_def.name));
                self.added_columns.insert(key, line);
            }
            AlterTableOperation::DropColumn { column_names, .. } => {
                for column in column_names.iter().map(ident) {
                    let key = (table.to_string(), column);
                    if self.added_columns.remove(&key).is_none() {
                        self.dropped_columns.insert(key);
                    }
                }
            }
            AlterTableOperation::AddConstraint {
                constraint:
                    TableConstraint::Index {
                        name: Some(name), ..
                    },
                ..
            } => self.index(ident(name), table.to_string(), line),
            AlterTableOperation::DropIndex { name } => {
                self.created_indexes.remove(&ident(name));
                self.dropped_indexes.insert(ident(name));
            }
            // A unique constraint or primary key owns an index of its name (one attached
            // with `ADD CONSTRAINT name … USING INDEX name`, which sqlparser cannot read, is
            // an index built earlier), and dropping the constraint drops that index.
            AlterTableOperation::DropConstraint { name, .. } => {
                self.created_indexes.remove(&ident(name));
                self.dropped_indexes.insert(ident(name));
            }
            _ => {}
        }
    }

    /// A table rename: a table created here takes its new name; one created here and
    /// renamed over a dropped table is a rebuild, whose column list says which columns
    /// it adds and drops; renaming an existing table away drops its old name.
    fn rename(
        &mut self,
        from: &str,
        to: String,
        new_columns: &BTreeMap<String, BTreeSet<String>>,
        before: &Tracked,
    ) {
        let Some(line) = self.created_tables.remove(from) else {
            self.dropped_tables.insert(from.to_string());
            return;
        };
        if !self.rebuilt.contains(&to) {
            self.created_tables.insert(to, line);
            return;
        }
        let (Some(new), Some(old)) = (new_columns.get(from), before.tables.get(&to)) else {
            return;
        };
        for column in new.iter().filter(|c| !old.columns.contains_key(*c)) {
            self.added_columns
                .insert((to.clone(), column.clone()), line);
        }
        for column in old.columns.keys().filter(|c| !new.contains(*c)) {
            self.dropped_columns.insert((to.clone(), column.clone()));
        }
    }
}
