//! PostgreSQL table inheritance in the diff: a child's parents changed by `INHERIT` and
//! `NO INHERIT`, and a child's own columns kept apart from those its parents give it.
//!
//! A child lists only its own columns and checks ([`Table::inherits`]); a parent's
//! `ADD COLUMN` and `DROP COLUMN` reach its children by themselves. So the child's side
//! of the diff is adjusted before its columns are compared:
//!
//! - a parent it stops inheriting leaves it the columns and checks it had from that
//!   parent (they become its own at `NO INHERIT`, which runs early);
//! - a parent it starts inheriting needs them first (`INHERIT` refuses a child without
//!   the parent's columns and checks): they are added, and `INHERIT`, which runs late,
//!   makes them inherited;
//! - a column a parent gains that the child has of its own is dropped from the child
//!   first, before the parent's `ADD COLUMN` gives the child the inherited one (the
//!   server would merge the two, and the child's column would then come back as its own
//!   if the parent ever dropped it: not what the models say);
//! - a column the child takes for its own while its parent drops it is added after the
//!   parent's drop, which took the inherited one away.

use super::apply::apply;
use super::change::Change;
use super::order::{Phase, Plan};
use crate::schema::{Schema, Table};
use std::borrow::Cow;

/// Plans the changes of `cur`'s parents into `des`'s, and returns the two sides of the
/// table as its columns and checks are to be compared.
pub(super) fn adjust<'a>(
    current: &Schema,
    desired: &Schema,
    cur: &'a Table,
    des: &'a Table,
    plan: &mut Plan,
) -> (Cow<'a, Table>, Cow<'a, Table>) {
    if cur.inherits.is_empty() && des.inherits.is_empty() {
        return (Cow::Borrowed(cur), Cow::Borrowed(des));
    }
    let kept: Vec<String> = cur
        .inherits
        .iter()
        .filter(|p| des.inherits.contains(p))
        .cloned()
        .collect();
    let mut cur_side = cur.clone();
    let mut des_side = des.clone();

    let removed: Vec<&String> = cur.inherits.iter().filter(|p| !kept.contains(p)).collect();
    if !removed.is_empty() {
        let mut scratch = Schema::default();
        for name in cur.inherits.iter().chain([&cur.name]) {
            copy_lineage(current, name, &mut scratch);
        }
        for parent in removed {
            let change = Change::NoInherit {
                table: cur.name.clone(),
                parent: parent.clone(),
            };
            apply(&mut scratch, &change);
            plan.push(Phase::DropForeignKey, change);
        }
        cur_side = scratch.tables.remove(&cur.name).expect("copied above");
        cur_side.inherits.clone_from(&cur.inherits);
    }

    for parent in des.inherits.iter().filter(|p| !kept.contains(p)) {
        let (columns, checks) = desired.inherited_parts(std::slice::from_ref(parent));
        for column in columns {
            if des_side.column(&column.name).is_none() {
                des_side.columns.push(column.clone());
            }
        }
        for check in checks {
            des_side
                .checks
                .entry(check.name.clone())
                .or_insert_with(|| check.clone());
        }
        plan.push(
            Phase::AddForeignKey,
            Change::Inherit {
                table: des.name.clone(),
                parent: parent.clone(),
            },
        );
    }

    // Through the parents kept on both sides.
    let (before, _) = current.inherited_parts(&kept);
    let (after, _) = desired.inherited_parts(&kept);
    let gained: Vec<String> = cur
        .columns
        .iter()
        .filter(|own| des.column(&own.name).is_none())
        .filter(|own| after.iter().any(|a| a.name == own.name))
        .filter(|own| !before.iter().any(|b| b.name == own.name))
        .map(|own| own.name.clone())
        .collect();
    for name in gained {
        let at = cur_side.columns.iter().position(|c| c.name == name);
        if let Some(column) = at.map(|at| cur_side.columns.remove(at)) {
            plan.push(
                Phase::DropConstraint,
                Change::DropColumn {
                    table: cur.name.clone(),
                    column,
                },
            );
        }
    }
    let late: Vec<String> = des
        .columns
        .iter()
        .filter(|c| cur_side.column(&c.name).is_none())
        .filter(|c| before.iter().any(|b| b.name == c.name))
        .filter(|c| !after.iter().any(|a| a.name == c.name))
        .map(|c| c.name.clone())
        .collect();
    for name in late {
        let at = des_side.columns.iter().position(|c| c.name == name);
        if let Some(column) = at.map(|at| des_side.columns.remove(at)) {
            plan.push(
                Phase::AddColumnAfterParent,
                Change::AddColumn {
                    table: des.name.clone(),
                    column,
                },
            );
        }
    }
    (Cow::Owned(cur_side), Cow::Owned(des_side))
}

/// Copies `name` and every table it inherits from, however far up, into `into`.
fn copy_lineage(from: &Schema, name: &str, into: &mut Schema) {
    let mut todo = vec![name.to_string()];
    while let Some(name) = todo.pop() {
        if into.tables.contains_key(&name) {
            continue;
        }
        if let Some(table) = from.tables.get(&name) {
            todo.extend(table.inherits.iter().cloned());
            into.tables.insert(name, table.clone());
        }
    }
}
