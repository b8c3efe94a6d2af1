//! The order of changes: phases that make dependencies hold, and a topological order
//! of tables linked by foreign keys.
//!
//! The phases are chosen so that the *reversed* list of reversed changes is also a valid
//! order: what is added late in the upgrade is dropped early in the downgrade. Within a
//! phase, changes keep the order they were generated in, which follows table and object
//! names (`BTreeMap` order) or the foreign-key order of tables.

use super::change::Change;
use crate::schema::Table;
use std::collections::{BTreeMap, BTreeSet};

/// When a change runs, relative to the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    /// PostgreSQL schemas (`CREATE SCHEMA`) before anything is created in them.
    CreateSchema,
    /// Column defaults and checks that call a routine dropped and created again: they are
    /// dropped before it (PostgreSQL refuses to drop a function they depend on) and set
    /// again after it.
    DetachFromRoutine,
    /// Views, triggers, policies … that are dropped or rebuilt go first: they may stand
    /// on the tables and columns that change (PostgreSQL refuses to change the type of a
    /// column a view uses; SQLite's table rebuild drops a table's triggers).
    DropDependentObject,
    /// Enum types first: new columns and tables may use them.
    CreateEnum,
    AlterEnum,
    /// Extensions, sequences, domains, functions: tables may use them.
    CreateBaseObject,
    /// Declared renames before anything else, so that later changes use the new names.
    RenameTable,
    RenameColumn,
    /// Existing columns moved to the models' order (MySQL/MariaDB), on the table as it is,
    /// before any of its columns is added, changed or dropped: each new column then goes
    /// where the models put it, after one already in its place.
    MoveColumn,
    /// Foreign keys go before the tables, columns, keys and indexes they depend on.
    DropForeignKey,
    /// Dropped tables go early (referencing tables first), before the keys of the
    /// tables they reference are dropped.
    DropTable,
    DropConstraint,
    DropPrimaryKey,
    /// Indexes and constraints renamed in place: after the drops that may free the new
    /// name (PostgreSQL's index names are unique per schema), before the adds.
    RenamePart,
    AddColumn,
    AlterColumn,
    /// The backfill of a new NOT NULL column, then its `SET NOT NULL`.
    Backfill,
    SetNotNull,
    AddPrimaryKey,
    AddConstraint,
    /// New tables come after the columns and keys their foreign keys reference.
    CreateTable,
    AddForeignKey,
    DropColumn,
    /// A column a child of other tables takes for its own as its parent drops it: after
    /// the parent's drop, which took the inherited one away (PostgreSQL).
    AddColumnAfterParent,
    /// Functions, domains, sequences, extensions no table uses any more.
    DropBaseObject,
    DropEnum,
    /// Views, triggers, policies, comments … last: they stand on the finished tables.
    CreateDependentObject,
    /// PostgreSQL schemas are dropped when everything in them is gone.
    DropSchema,
}

/// Changes gathered by phase; [`Plan::into_changes`] flattens them in phase order.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    buckets: BTreeMap<Phase, Vec<Change>>,
}

impl Plan {
    /// Adds a change to run in `phase`, after those already added to it.
    pub(crate) fn push(&mut self, phase: Phase, change: Change) {
        self.buckets.entry(phase).or_default().push(change);
    }

    /// The changes planned so far, in run order.
    pub(crate) fn changes(&self) -> impl Iterator<Item = &Change> {
        self.buckets.values().flatten()
    }

    /// The changes planned so far, in run order, to change in place.
    pub(crate) fn changes_mut(&mut self) -> impl Iterator<Item = &mut Change> {
        self.buckets.values_mut().flatten()
    }

    /// Keeps only the changes for which `keep` is true.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&Change) -> bool) {
        for changes in self.buckets.values_mut() {
            changes.retain(&mut keep);
        }
    }

    /// The changes in run order.
    pub(crate) fn into_changes(self) -> Vec<Change> {
        renames_before_moves(self.buckets.into_values().flatten().collect())
    }
}

/// `changes` with the indexes and constraints of a table that moves to another
/// PostgreSQL schema ([`Change::RenameTable`] between `a.t` and `b.u`) renamed before the
/// move, on the table's old name: `SET SCHEMA` takes its indexes along, and an index whose
/// old name the new schema already holds (`items_pkey` moved next to another `items`)
/// would stop it, while the new name the models give it is free there.
fn renames_before_moves(mut changes: Vec<Change>) -> Vec<Change> {
    let schema = |name: &str| name.split_once('.').map(|(schema, _)| schema.to_string());
    let moves: Vec<(String, String)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::RenameTable { from, to } if schema(from) != schema(to) => {
                Some((from.clone(), to.clone()))
            }
            _ => None,
        })
        .collect();
    for (from, to) in moves {
        let (parts, rest): (Vec<Change>, Vec<Change>) = changes
            .into_iter()
            .partition(|c| matches!(c, Change::RenamePart { table, .. } if *table == to));
        changes = rest;
        let at = changes
            .iter()
            .position(|c| matches!(c, Change::RenameTable { to: t, .. } if *t == to))
            .expect("the move is among the changes");
        let parts = parts.into_iter().map(|c| match c {
            Change::RenamePart {
                from: old, to: new, ..
            } => Change::RenamePart {
                table: from.clone(),
                from: old,
                to: new,
            },
            other => other,
        });
        changes.splice(at..at, parts);
    }
    changes
}

/// The tables in an order where every table comes after the tables it references
/// (self-references aside) and those it inherits from, with the names of ties broken
/// alphabetically.
///
/// A cycle of foreign keys has no such order: it is broken by taking the alphabetically
/// first remaining table and listing its foreign keys to tables not yet placed in the
/// second result, `(table, foreign key name)`, to be created (or dropped) separately.
pub(crate) fn topological(tables: &BTreeMap<&str, &Table>) -> (Vec<String>, Vec<(String, String)>) {
    let deps = |t: &Table| -> BTreeSet<String> {
        t.foreign_keys
            .values()
            .map(|fk| fk.ref_table.clone())
            .chain(t.inherits.iter().cloned())
            .filter(|r| r != &t.name && tables.contains_key(r.as_str()))
            .collect()
    };
    let mut remaining: BTreeMap<&str, BTreeSet<String>> =
        tables.iter().map(|(name, t)| (*name, deps(t))).collect();
    let mut order = Vec::new();
    let mut broken = Vec::new();
    while !remaining.is_empty() {
        let ready = remaining
            .iter()
            .find(|(_, deps)| deps.is_empty())
            .map(|(name, _)| *name);
        let next = match ready {
            Some(name) => name,
            None => {
                let (&name, _) = remaining.iter().next().expect("not empty");
                for fk in tables[name].foreign_keys.values() {
                    if fk.ref_table != name && remaining.contains_key(fk.ref_table.as_str()) {
                        broken.push((name.to_string(), fk.name.clone()));
                    }
                }
                name
            }
        };
        remaining.remove(next);
        for deps in remaining.values_mut() {
            deps.remove(next);
        }
        order.push(next.to_string());
    }
    (order, broken)
}
