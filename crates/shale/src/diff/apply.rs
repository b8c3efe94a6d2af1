//! Applying [`Change`]s to a [`Schema`] value: what the database will look like after
//! the SQL runs. Used by renderers that need a table's full definition (SQLite's
//! rebuild), by the diff to compare after declared renames, and by tests.

use std::borrow::Cow;

use super::change::{Change, Part};
use crate::schema::{CheckConstraint, Column, InheritedColumn, Schema, Table};

/// Applies `changes` in order to a copy of `schema` and returns the result.
pub fn apply_all(schema: &Schema, changes: &[Change]) -> Schema {
    let mut out = schema.clone();
    for change in changes {
        apply(&mut out, change);
    }
    out
}

/// [`apply_all`] that copies `schema` only when there is a change to apply: a no-op
/// autogenerate of 10,000 tables otherwise spent a fifth of its CPU copying and dropping
/// the live schema.
pub fn applied<'a>(schema: &'a Schema, changes: &[Change]) -> Cow<'a, Schema> {
    match changes.is_empty() {
        true => Cow::Borrowed(schema),
        false => Cow::Owned(apply_all(schema, changes)),
    }
}

/// `table` after `changes` to its parts (columns, keys, indexes, constraints), copied only
/// when there is one.
pub(crate) fn applied_to_table<'a>(table: &'a Table, changes: &[Change]) -> Cow<'a, Table> {
    if changes.is_empty() {
        return Cow::Borrowed(table);
    }
    let mut out = table.clone();
    for change in changes {
        apply_to_table(&mut out, change);
    }
    Cow::Owned(out)
}

/// Applies one change to `schema`. A change that names a missing table or column
/// changes nothing (the database would refuse it; here there is nothing to model).
pub fn apply(schema: &mut Schema, change: &Change) {
    use Change::*;
    match change {
        CreateEnum { name, labels } => {
            schema.enums.insert(name.clone(), labels.clone());
        }
        AlterTableOptions { table, to, .. } => {
            if let Some(t) = schema.tables.get_mut(table) {
                t.options = to.clone();
            }
        }
        AlterTableCollation { table, to, .. } => {
            let default = schema.table_default("COLLATE").map(str::to_string);
            if let Some(t) = schema.tables.get_mut(table) {
                // Every text column is converted: those left with a collation of their
                // own (restated by the renderer) keep it, unless it is now the table's.
                let now = to.clone().or(default);
                for column in &mut t.columns {
                    if column.collation.is_some() && column.collation == now {
                        column.collation = None;
                    }
                }
                t.collation = to.clone();
            }
        }
        AlterEnum { name, to, .. } => {
            schema.enums.insert(name.clone(), to.clone());
        }
        DropEnum { name, .. } => {
            schema.enums.remove(name);
        }
        CreateTable(table) => {
            schema.tables.insert(table.name.clone(), table.clone());
        }
        DropTable(table) => {
            schema.tables.remove(&table.name);
        }
        // The table's columns of the parent's become inherited; what the table set on
        // them for itself (a default, a NOT NULL) stays, as the table's own.
        Inherit { table, parent } => {
            let (columns, checks) = schema.inherited_parts(std::slice::from_ref(parent));
            let columns: Vec<InheritedColumn> = columns
                .into_iter()
                .map(InheritedColumn::from_parent)
                .collect();
            let checks: Vec<String> = checks.iter().map(|c| c.name.clone()).collect();
            if let Some(t) = schema.tables.get_mut(table) {
                for from_parent in &columns {
                    let Some(at) = t.columns.iter().position(|c| c.name == from_parent.name) else {
                        continue;
                    };
                    let own = InheritedColumn::from_parent(&t.columns.remove(at));
                    if own != *from_parent {
                        t.inherited_columns.insert(own.name.clone(), own);
                    }
                }
                t.checks.retain(|_, c| !checks.contains(&c.name));
                t.inherits.push(parent.clone());
            }
        }
        // What came from `parent` alone becomes the table's own.
        NoInherit { table, parent } => {
            let Some(t) = schema.tables.get(table) else {
                return;
            };
            let rest: Vec<String> = t
                .inherits
                .iter()
                .filter(|p| *p != parent)
                .cloned()
                .collect();
            let (kept, kept_checks) = schema.inherited_parts(&rest);
            let (from, from_checks) = schema.inherited_parts(std::slice::from_ref(parent));
            // The columns become the table's own, with what it set on them for itself.
            let columns: Vec<Column> = from
                .into_iter()
                .filter(|c| !kept.iter().any(|k| k.name == c.name) && t.column(&c.name).is_none())
                .map(|c| match t.inherited_columns.get(&c.name) {
                    Some(own) => Column {
                        default: own.default.clone(),
                        nullable: !own.not_null,
                        ..c.clone()
                    },
                    None => c.clone(),
                })
                .collect();
            let checks: Vec<CheckConstraint> = from_checks
                .into_iter()
                .filter(|c| !kept_checks.iter().any(|k| k.name == c.name))
                .cloned()
                .collect();
            let t = schema.tables.get_mut(table).expect("found above");
            t.inherits = rest;
            for column in &columns {
                t.inherited_columns.remove(&column.name);
            }
            t.columns.splice(0..0, columns);
            for check in checks {
                t.checks.entry(check.name.clone()).or_insert(check);
            }
        }
        // Kept only where it differs from what the parents give, as inspection reads it.
        AlterInheritedColumn { table, to, .. } => {
            let Some(t) = schema.tables.get(table) else {
                return;
            };
            let own = schema.parents_column(t, &to.name).as_ref() != Some(to);
            let t = schema.tables.get_mut(table).expect("found above");
            match own {
                true => t.inherited_columns.insert(to.name.clone(), to.clone()),
                false => t.inherited_columns.remove(&to.name),
            };
        }
        RenameTable { from, to } => rename_table(schema, from, to),
        RenamePart { table, from, to } => {
            if let Some(t) = schema.tables.get_mut(table) {
                apply_to_table(t, change);
            }
            if super::part_comments::keeps_comments(from, to) {
                rename_part_comments(schema, table, from, to);
            }
        }
        RenameColumn { table, from, to } => rename_column(schema, table, from, to),
        Backfill { .. } | UndoBackfill { .. } | AddSync { .. } | DropSync { .. } => {}
        CreateObject(object) | ReplaceObject { to: object, .. } => {
            schema.add_object(object.clone())
        }
        DropObject(object) => {
            schema.objects.remove(&object.key());
        }
        SequenceOwner {
            table,
            from,
            to,
            sequence,
        } => {
            match to.serial {
                true => schema.objects.remove(&sequence.key()),
                false => schema.objects.insert(sequence.key(), sequence.clone()),
            };
            if let Some(t) = schema.tables.get_mut(table) {
                if let Some(c) = t.columns.iter_mut().find(|c| c.name == from.name) {
                    *c = to.clone();
                }
            }
        }
        _ => {
            if let Some(name) = change.table() {
                if let Some(table) = schema.tables.get_mut(name) {
                    apply_to_table(table, change);
                }
            }
            if let AlterColumn { table, from, to } = change {
                reach_descendants(schema, table, from, to);
            }
        }
    }
}

/// A parent's `ALTER COLUMN … SET/DROP DEFAULT` and `SET/DROP NOT NULL` reach every table
/// that inherits from it, however far down (PostgreSQL recurses without `ONLY`): what a
/// child set for itself on that column is overwritten, and kept only where it still
/// differs from what its parents give, as inspection reads it.
fn reach_descendants(schema: &mut Schema, table: &str, from: &Column, to: &Column) {
    let (default, not_null) = (from.default != to.default, from.nullable != to.nullable);
    if !default && !not_null {
        return;
    }
    let reached: Vec<String> = schema
        .tables
        .values()
        .filter(|t| t.inherited_columns.contains_key(&to.name) && descends(schema, t, table))
        .map(|t| t.name.clone())
        .collect();
    for name in reached {
        let parents = schema.parents_column(&schema.tables[&name], &to.name);
        let t = schema.tables.get_mut(&name).expect("listed above");
        let Some(own) = t.inherited_columns.get_mut(&to.name) else {
            continue;
        };
        if default {
            own.default.clone_from(&to.default);
        }
        if not_null {
            own.not_null = !to.nullable;
        }
        if parents.as_ref() == Some(own) {
            t.inherited_columns.remove(&to.name);
        }
    }
}

/// Whether `table` inherits from `ancestor`, directly or through its parents.
fn descends(schema: &Schema, table: &Table, ancestor: &str) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut todo: Vec<&str> = table.inherits.iter().map(String::as_str).collect();
    while let Some(name) = todo.pop() {
        if name == ancestor {
            return true;
        }
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        if let Some(parent) = schema.tables.get(name) {
            todo.extend(parent.inherits.iter().map(String::as_str));
        }
    }
    false
}

/// The index in `table.columns` where a column placed at `position` goes: first, after
/// the column named, or (`None`, or a column that is not there) at the end.
fn place(table: &Table, position: Option<&super::ColumnPosition>) -> usize {
    let at = match position {
        Some(super::ColumnPosition::First) => Some(0),
        Some(super::ColumnPosition::After(c)) => table
            .columns
            .iter()
            .position(|x| &x.name == c)
            .map(|i| i + 1),
        None => None,
    };
    at.unwrap_or(table.columns.len())
}

/// Applies a change to one table's parts.
fn apply_to_table(table: &mut Table, change: &Change) {
    use Change::*;
    match change {
        AddColumn {
            column, position, ..
        } => {
            let at = place(table, position.as_ref());
            table.columns.insert(at, column.clone());
        }
        DropColumn { column, .. } => table.columns.retain(|c| c.name != column.name),
        MoveColumn { column, to, .. } => {
            if let Some(at) = table.columns.iter().position(|c| c.name == column.name) {
                let moved = table.columns.remove(at);
                let at = place(table, Some(to));
                table.columns.insert(at, moved);
            }
        }
        AlterColumn { from, to, .. } => {
            if let Some(c) = table.columns.iter_mut().find(|c| c.name == from.name) {
                *c = to.clone();
            }
        }
        AddPrimaryKey { key, .. } => table.primary_key = Some(key.clone()),
        DropPrimaryKey { .. } => table.primary_key = None,
        AddIndex { index, .. } => {
            table.indexes.insert(index.name.clone(), index.clone());
        }
        DropIndex { index, .. } => {
            table.indexes.remove(&index.name);
        }
        AlterIndex { to, .. } => {
            table.indexes.insert(to.name.clone(), to.clone());
        }
        AddUnique { unique, .. } => {
            table
                .uniques
                .insert(part_key(&unique.name, unique), unique.clone());
        }
        // A constraint the database left unnamed (SQLite) is found by what it is.
        DropUnique { unique, .. } => table
            .uniques
            .retain(|k, u| !(k == &unique.name || u == unique)),
        AddForeignKey { key, .. } => {
            table
                .foreign_keys
                .insert(part_key(&key.name, key), key.clone());
        }
        DropForeignKey { key, .. } => table
            .foreign_keys
            .retain(|k, fk| !(k == &key.name || fk == key)),
        AddCheck { check, .. } => {
            table
                .checks
                .insert(part_key(&check.name, check), check.clone());
        }
        DropCheck { check, .. } => table
            .checks
            .retain(|k, c| !(k == &check.name || c == check)),
        RenamePart {
            table: name,
            from,
            to,
        } => {
            apply_to_table(table, &from.dropped(name));
            apply_to_table(table, &to.added(name));
        }
        _ => {}
    }
}

/// The map key of a table part: its name, or for an unnamed one (SQLite) a provisional
/// key starting with `~` that tells it apart from the other unnamed parts.
fn part_key<T: std::fmt::Debug>(name: &str, part: &T) -> String {
    if name.is_empty() {
        format!("~{part:?}")
    } else {
        name.to_string()
    }
}

/// Moves the comments on part `from` of `table` to `to`'s name: the database keeps them
/// across a rename in place (see [`super::part_comments`]).
fn rename_part_comments(schema: &mut Schema, table: &str, from: &Part, to: &Part) {
    let moved: Vec<(String, crate::schema::Object)> = schema
        .objects
        .iter()
        .filter_map(|(key, o)| {
            super::part_comments::renamed(o, table, from, to).map(|new| (key.clone(), new))
        })
        .collect();
    for (key, new) in moved {
        schema.objects.remove(&key);
        schema.add_object(new);
    }
}

/// Renames a table and every foreign key that references it, as the databases do.
fn rename_table(schema: &mut Schema, from: &str, to: &str) {
    let Some(mut table) = schema.tables.remove(from) else {
        return;
    };
    table.name = to.to_string();
    schema.tables.insert(to.to_string(), table);
    for t in schema.tables.values_mut() {
        for fk in t.foreign_keys.values_mut() {
            if fk.ref_table == from {
                fk.ref_table = to.to_string();
            }
        }
    }
}

/// Renames a column and every reference to it: keys, indexes, constraints, check
/// expressions and other tables' foreign keys, as the databases do.
fn rename_column(schema: &mut Schema, table_name: &str, from: &str, to: &str) {
    let rename = |cols: &mut Vec<String>| {
        for c in cols.iter_mut().filter(|c| c.as_str() == from) {
            *c = to.to_string();
        }
    };
    for t in schema.tables.values_mut() {
        for fk in t.foreign_keys.values_mut() {
            if fk.ref_table == table_name {
                rename(&mut fk.ref_columns);
            }
        }
    }
    let Some(table) = schema.tables.get_mut(table_name) else {
        return;
    };
    if let Some(c) = table.columns.iter_mut().find(|c| c.name == from) {
        c.name = to.to_string();
    }
    if let Some(pk) = &mut table.primary_key {
        rename(&mut pk.columns);
    }
    table.indexes.values_mut().for_each(|i| {
        rename(&mut i.columns);
        rename(&mut i.include);
    });
    table
        .uniques
        .values_mut()
        .for_each(|u| rename(&mut u.columns));
    table
        .foreign_keys
        .values_mut()
        .for_each(|f| rename(&mut f.columns));
    for check in table.checks.values_mut() {
        check.expression = replace_identifier(&check.expression, from, to);
    }
}

/// Replaces whole-word occurrences of the identifier `from` in an SQL expression.
pub(crate) fn replace_identifier(expr: &str, from: &str, to: &str) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(expr.len());
    let mut rest = expr;
    while let Some(pos) = rest.find(from) {
        let before = rest[..pos].chars().next_back();
        let after = rest[pos + from.len()..].chars().next();
        out.push_str(&rest[..pos]);
        if before.is_some_and(is_word) || after.is_some_and(is_word) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[pos + from.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::replace_identifier;

    #[test]
    fn replaces_whole_words_only() {
        assert_eq!(
            replace_identifier("price > 0 AND price_old >= price", "price", "cost"),
            "cost > 0 AND price_old >= cost"
        );
        assert_eq!(replace_identifier("(\"a\" > 1)", "a", "b"), "(\"b\" > 1)");
    }
}
