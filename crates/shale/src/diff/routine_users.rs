//! Column defaults and checks that call a routine the plan drops and creates again
//! (PostgreSQL: a new result type or renamed parameters, which `CREATE OR REPLACE`
//! cannot make).
//!
//! PostgreSQL records that a default or check depends on the functions it calls and
//! refuses to drop them ("other objects depend on it"). So such a default is dropped
//! before the routine and set again after it is created; such a check is dropped before
//! and added again after. Defaults and checks that the plan changes anyway keep their
//! own change, which now starts from nothing.

use super::change::Change;
use super::objects::base_name;
use super::order::{Phase, Plan};
use crate::schema::{identifiers, Column, ObjectKind, Schema};
use std::collections::BTreeSet;

/// Moves the defaults and checks of `current`'s tables that call a routine the plan
/// rebuilds out of its way (see the module's documentation).
pub(super) fn detach_from_rebuilt_routines(current: &Schema, plan: &mut Plan) {
    let rebuilt = rebuilt_routines(plan);
    if rebuilt.is_empty() {
        return;
    }
    let calls = |sql: &str| {
        identifiers(sql)
            .iter()
            .any(|i| rebuilt.contains(i.as_str()))
    };
    let dropped_tables: BTreeSet<String> = plan
        .changes()
        .filter_map(|c| match c {
            Change::DropTable(t) => Some(t.name.clone()),
            _ => None,
        })
        .collect();
    for table in current.tables.values() {
        if dropped_tables.contains(&table.name) {
            continue;
        }
        for column in &table.columns {
            if column.default.as_deref().is_some_and(calls) {
                detach_default(plan, &table.name, column);
            }
        }
        for check in table.checks.values().filter(|c| calls(&c.expression)) {
            let t = table.name.clone();
            let mut planned = false;
            plan.retain(|c| {
                let this = matches!(c, Change::DropCheck { table, check: d }
                    if *table == t && d.name == check.name);
                planned |= this;
                !this
            });
            let drop = Change::DropCheck {
                table: t.clone(),
                check: check.clone(),
            };
            // A check the plan changes or drops anyway keeps its own addition (if any).
            if !planned {
                plan.push(Phase::AddConstraint, drop.reverse());
            }
            plan.push(Phase::DetachFromRoutine, drop);
        }
    }
}

/// The names (without argument types) of the functions and procedures that the plan
/// drops and creates again.
fn rebuilt_routines(plan: &Plan) -> BTreeSet<String> {
    let routine =
        |o: &crate::schema::Object| matches!(o.kind, ObjectKind::Function | ObjectKind::Procedure);
    let created: BTreeSet<String> = plan
        .changes()
        .filter_map(|c| match c {
            Change::CreateObject(o) if routine(o) => Some(o.key()),
            _ => None,
        })
        .collect();
    plan.changes()
        .filter_map(|c| match c {
            Change::DropObject(o) if routine(o) && created.contains(&o.key()) => {
                Some(base_name(&o.name).to_string())
            }
            _ => None,
        })
        .collect()
}

/// Drops `column`'s default before the routines are rebuilt: the column's change in the
/// plan (if any) starts from the column without it, else the default is set again after.
fn detach_default(plan: &mut Plan, table: &str, column: &Column) {
    if plan.changes().any(|c| {
        matches!(c, Change::DropColumn { table: t, column: d, .. } if t == table && d.name == column.name)
    }) {
        return;
    }
    let bare = Column {
        default: None,
        ..column.clone()
    };
    let mut altered = false;
    for change in plan.changes_mut() {
        if let Change::AlterColumn { table: t, from, .. } = change {
            if t == table && from == column {
                *from = bare.clone();
                altered = true;
                break;
            }
        }
    }
    if !altered {
        plan.push(
            Phase::AlterColumn,
            Change::AlterColumn {
                table: table.to_string(),
                from: bare.clone(),
                to: column.clone(),
            },
        );
    }
    plan.push(
        Phase::DetachFromRoutine,
        Change::AlterColumn {
            table: table.to_string(),
            from: column.clone(),
            to: bare,
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::diff::{apply_all, diff, DiffOptions};
    use crate::schema::{CheckConstraint, Column, Object, ObjectKind, Schema, Table};

    fn schema(function: &str) -> Schema {
        let mut s = Schema::default();
        let mut t = Table {
            name: "t".into(),
            columns: vec![Column {
                name: "code".into(),
                ty: "integer".into(),
                nullable: true,
                default: Some("next_code(1)".into()),
                ..Column::default()
            }],
            ..Table::default()
        };
        t.checks.insert(
            "code_ok".into(),
            CheckConstraint {
                name: "code_ok".into(),
                expression: "next_code(code) > 0".into(),
                ..CheckConstraint::default()
            },
        );
        s.tables.insert("t".into(), t);
        s.add_object(Object {
            kind: ObjectKind::Function,
            name: "next_code(integer)".into(),
            table: None,
            definition: function.into(),
        });
        s
    }

    #[test]
    fn defaults_and_checks_calling_a_rebuilt_function_are_dropped_before_and_set_after() {
        let before = schema("CREATE OR REPLACE FUNCTION next_code(a integer) RETURNS integer");
        let after = schema("CREATE OR REPLACE FUNCTION next_code(a integer) RETURNS bigint");
        let d = diff(&before, &after, &DiffOptions::default());
        let got: Vec<String> = d.changes.iter().map(|c| c.describe()).collect();
        assert_eq!(
            got,
            [
                "alter column t.code",
                "drop check code_ok on t",
                "drop function next_code(integer)",
                "create function next_code(integer)",
                "alter column t.code",
                "add check code_ok on t",
            ]
        );
        assert_eq!(apply_all(&before, &d.changes), after);
        // A function replaced in place is left alone.
        let after =
            schema("CREATE OR REPLACE FUNCTION next_code(a integer) RETURNS integer AS 'x'");
        let d = diff(&before, &after, &DiffOptions::default());
        assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
    }
}
