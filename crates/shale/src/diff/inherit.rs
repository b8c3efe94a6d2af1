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
use std::collections::BTreeSet;

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
        // With what the table sets on them for itself, which `INHERIT` leaves as it is.
        for column in columns {
            if des_side.column(&column.name).is_none() {
                let mut column = column.clone();
                if let Some(own) = des.inherited_columns.get(&column.name) {
                    column.default.clone_from(&own.default);
                    column.nullable = !own.not_null;
                }
                des_side.columns.push(column);
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
                    position: None,
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
                    position: None,
                },
            );
        }
    }
    (Cow::Owned(cur_side), Cow::Owned(des_side))
}

/// Plans the changes of a child's own default and `NOT NULL` on the columns it inherits
/// ([`Table::inherited_columns`]), after its parents' column changes (which reach it): a
/// column either side sets for itself is compared with the other side's, or with what
/// that side's parents give.
pub(super) fn inherited_columns(
    current: &Schema,
    desired: &Schema,
    cur: &Table,
    des: &Table,
    plan: &mut Plan,
) {
    let names: BTreeSet<&String> = cur
        .inherited_columns
        .keys()
        .chain(des.inherited_columns.keys())
        .collect();
    for name in names {
        let side = |schema: &Schema, table: &Table| {
            table
                .inherited_columns
                .get(name)
                .cloned()
                .or_else(|| schema.parents_column(table, name))
        };
        let (Some(mut from), Some(to)) = (side(current, cur), side(desired, des)) else {
            continue;
        };
        // A parent's `ALTER COLUMN` reaches this child and overwrites what the child set
        // for itself: that is first taken back to the parent's (so that the downgrade,
        // undoing the parent's change before it, sets the child's own again last), and
        // set after the parent's change.
        let parents = (
            current.parents_column(cur, name),
            desired.parents_column(des, name),
        );
        if let (Some(old), Some(new)) = parents {
            let (mut before, mut reached) = (from.clone(), from.clone());
            if old.default != new.default {
                before.default = old.default;
                reached.default = new.default;
            }
            if old.not_null != new.not_null {
                before.not_null = old.not_null;
                reached.not_null = new.not_null;
            }
            if before != from {
                plan.push(
                    Phase::DropConstraint,
                    Change::AlterInheritedColumn {
                        table: cur.name.clone(),
                        from,
                        to: before,
                    },
                );
            }
            from = reached;
        }
        if from != to {
            plan.push(
                Phase::AddColumnAfterParent,
                Change::AlterInheritedColumn {
                    table: des.name.clone(),
                    from,
                    to,
                },
            );
        }
    }
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

#[cfg(test)]
mod tests {
    use crate::diff::{diff, Change, DiffOptions};
    use crate::schema::{CheckConstraint, Column, Schema, Table};

    fn table(name: &str, columns: &[&str], inherits: &[&str]) -> Table {
        Table {
            name: name.into(),
            columns: columns
                .iter()
                .map(|c| Column {
                    name: c.to_string(),
                    ty: "integer".into(),
                    nullable: true,
                    ..Column::default()
                })
                .collect(),
            inherits: inherits.iter().map(|p| p.to_string()).collect(),
            ..Table::default()
        }
    }

    fn schema(tables: Vec<Table>) -> Schema {
        Schema {
            tables: tables.into_iter().map(|t| (t.name.clone(), t)).collect(),
            ..Schema::default()
        }
    }

    fn described(current: &Schema, desired: &Schema) -> Vec<String> {
        diff(current, desired, &DiffOptions::default())
            .changes
            .iter()
            .map(Change::describe)
            .collect()
    }

    #[test]
    fn a_new_parent_gives_its_columns_and_checks_first_then_inherit() {
        let mut parent = table("audited", &["changed_by"], &[]);
        parent.checks.insert(
            "set".into(),
            CheckConstraint {
                name: "set".into(),
                expression: "changed_by > 0".into(),
                ..CheckConstraint::default()
            },
        );
        let current = schema(vec![parent.clone(), table("c", &["id"], &[])]);
        let desired = schema(vec![parent, table("c", &["id"], &["audited"])]);
        assert_eq!(
            described(&current, &desired),
            [
                "add column c.changed_by",
                "add check set on c",
                "make c inherit from audited"
            ]
        );
        // Back again: NO INHERIT first; the columns stay, and the models drop them.
        assert_eq!(
            described(&desired, &current),
            [
                "make c no longer inherit from audited",
                "drop check set on c",
                "drop column c.changed_by"
            ]
        );
    }

    #[test]
    fn a_column_moves_between_parent_and_child_around_the_parents_change() {
        // The parent drops e and the child takes it: added after the drop.
        let current = schema(vec![
            table("base", &["e"], &[]),
            table("a", &["a1"], &["base"]),
        ]);
        let desired = schema(vec![
            table("base", &[], &[]),
            table("a", &["a1", "e"], &["base"]),
        ]);
        assert_eq!(
            described(&current, &desired),
            ["drop column base.e", "add column a.e"]
        );
        // The parent gains the child's own column: the child's goes first.
        assert_eq!(
            described(&desired, &current),
            ["drop column a.e", "add column base.e"]
        );
    }

    #[test]
    fn a_childs_own_default_and_not_null_are_compared_with_its_parents() {
        use crate::schema::InheritedColumn;
        let mut parent = table("base", &["kind"], &[]);
        parent.columns[0].default = Some("'a'::text".into());
        let child = table("c", &[], &["base"]);
        let mut own = child.clone();
        let kind = InheritedColumn {
            name: "kind".into(),
            default: Some("'b'::text".into()),
            not_null: true,
        };
        own.inherited_columns.insert("kind".into(), kind.clone());
        let current = schema(vec![parent.clone(), child]);
        let desired = schema(vec![parent, own]);
        let changes = diff(&current, &desired, &DiffOptions::default()).changes;
        let from = InheritedColumn {
            default: Some("'a'::text".into()),
            not_null: false,
            ..kind.clone()
        };
        assert_eq!(
            changes,
            [Change::AlterInheritedColumn {
                table: "c".into(),
                from,
                to: kind
            }]
        );
        // The diff's own model of the result keeps it; back again, it is gone.
        let after = crate::diff::apply_all(&current, &changes);
        assert_eq!(after, desired);
        let back: Vec<Change> = changes.iter().rev().map(Change::reverse).collect();
        assert_eq!(crate::diff::apply_all(&after, &back), current);
    }

    #[test]
    fn children_come_after_their_parents() {
        let desired = schema(vec![
            table("a_child", &[], &["z_parent"]),
            table("z_parent", &["x"], &[]),
        ]);
        assert_eq!(
            described(&Schema::default(), &desired),
            ["create table z_parent", "create table a_child"]
        );
        assert_eq!(
            described(&desired, &Schema::default()),
            ["drop table a_child", "drop table z_parent"]
        );
    }
}
