//! A PostgreSQL serial column whose sequence becomes a sequence of its own of the same
//! name (or the reverse), kept rather than dropped and created again.
//!
//! A serial's sequence is part of its column, not an object: a model that writes the
//! same column as `DEFAULT nextval('t_id_seq')` over `CREATE SEQUENCE t_id_seq` reads as
//! the column altered and a sequence created. Made so, the new sequence would collide
//! with the column's, which is still there when the objects are created ("relation
//! already exists"), and would count from 1 again. The pair becomes one
//! [`Change::SequenceOwner`]: the sequence changes owner and keeps its value.

use super::change::Change;
use super::order::Plan;
use crate::dialect::Dialect;
use crate::schema::{Column, Object, ObjectKind};
use std::collections::BTreeMap;

/// Turns each serial column altered to (or from) a `nextval` default on a sequence that
/// the plan creates (or drops) under the serial's own name into a
/// [`Change::SequenceOwner`], and leaves out that creation (or drop).
pub(super) fn keep_serial_sequences(plan: &mut Plan) {
    let sequences = |created: bool| -> BTreeMap<String, Object> {
        plan.changes()
            .filter_map(|c| match (c, created) {
                (Change::CreateObject(o), true) | (Change::DropObject(o), false)
                    if o.kind == ObjectKind::Sequence =>
                {
                    Some((o.name.clone(), o.clone()))
                }
                _ => None,
            })
            .collect()
    };
    let (created, dropped) = (sequences(true), sequences(false));
    let mut kept: Vec<String> = Vec::new();
    for change in plan.changes_mut() {
        let Change::AlterColumn { table, from, to } = change else {
            continue;
        };
        let (serial, plain, among) = match (is_serial(from), is_serial(to)) {
            (true, false) => (&*from, &*to, &created),
            (false, true) => (&*to, &*from, &dropped),
            _ => continue,
        };
        let name = serial_sequence(table, &serial.name);
        let Some(sequence) = among.get(&name) else {
            continue;
        };
        if plain.autoincrement || !takes_from(plain, &name) {
            continue;
        }
        kept.push(name);
        *change = Change::SequenceOwner {
            table: table.clone(),
            from: from.clone(),
            to: to.clone(),
            sequence: sequence.clone(),
        };
    }
    plan.retain(|c| match c {
        Change::CreateObject(o) | Change::DropObject(o) => {
            !(o.kind == ObjectKind::Sequence && kept.contains(&o.name))
        }
        _ => true,
    });
}

/// Whether `column` takes a serial's values from its own sequence.
fn is_serial(column: &Column) -> bool {
    column.autoincrement && column.serial
}

/// The name PostgreSQL gives the sequence of serial column `column` of `table`
/// (`{table}_{column}_seq`, in the table's schema), where it is not shortened to fit a
/// name's 63 bytes.
fn serial_sequence(table: &str, column: &str) -> String {
    match table.split_once('.') {
        Some((schema, bare)) => format!("{schema}.{bare}_{column}_seq"),
        None => format!("{table}_{column}_seq"),
    }
}

/// Whether `column`'s default is `nextval` of sequence `name`, as PostgreSQL writes it
/// back (`nextval('t_id_seq'::regclass)`, the name quoted where it needs it).
fn takes_from(column: &Column, name: &str) -> bool {
    let d = Dialect::Postgres;
    let quoted = match name.split_once('.') {
        Some((schema, bare)) => {
            format!("{}.{}", d.quote_if_needed(schema), d.quote_if_needed(bare))
        }
        None => d.quote_if_needed(name),
    };
    let expected = format!("nextval({}::regclass)", d.string_literal(&quoted));
    column.default.as_deref().map(str::trim) == Some(expected.as_str())
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff, Change, DiffOptions};
    use crate::schema::{Column, Object, ObjectKind, Schema, Table};

    fn schema(id: Column, sequence: Option<&str>) -> Schema {
        let mut s = Schema::default();
        s.tables.insert(
            "test".into(),
            Table {
                name: "test".into(),
                columns: vec![id],
                ..Table::default()
            },
        );
        if let Some(definition) = sequence {
            s.add_object(Object {
                kind: ObjectKind::Sequence,
                name: "test_id_seq".into(),
                table: None,
                definition: definition.into(),
            });
        }
        s
    }

    #[test]
    fn a_serial_whose_sequence_becomes_one_of_its_own_keeps_it() {
        let serial = Column {
            name: "id".into(),
            ty: "integer".into(),
            autoincrement: true,
            serial: true,
            ..Column::default()
        };
        let plain = Column {
            autoincrement: false,
            serial: false,
            default: Some("nextval('test_id_seq'::regclass)".into()),
            ..serial.clone()
        };
        let before = schema(serial, None);
        let after = schema(plain, Some("CREATE SEQUENCE test_id_seq AS bigint"));
        let d = diff(&before, &after, &DiffOptions::default());
        assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
        assert!(matches!(&d.changes[0], Change::SequenceOwner { .. }));
        assert_eq!(crate::diff::apply_all(&before, &d.changes), after);
        // And back: the sequence is the column's own again.
        let d = diff(&after, &before, &DiffOptions::default());
        assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
        assert_eq!(d.changes[0].reverse().reverse(), d.changes[0]);
        assert_eq!(crate::diff::apply_all(&after, &d.changes), before);
    }
}
