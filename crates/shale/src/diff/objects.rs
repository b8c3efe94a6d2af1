//! Objects kept by their definitions (views, functions, triggers …): which to create,
//! drop, replace in place, or drop and rebuild because what they stand on changes.
//!
//! An object is rebuilt (dropped before the table changes, created after them) when its
//! definition changed and the database cannot replace it in place, when a table it
//! refers to is changed in a way that can break it (a column altered, dropped or
//! renamed, a constraint changed — SQLite rebuilds such a table and loses its
//! triggers — the table dropped or renamed), and when an object it refers to is rebuilt.
//! Comments, grants and partitions are rebuilt only when what they are on goes away. A
//! comment on an index or constraint renamed in place follows it (see
//! [`super::part_comments`]): the same text is no change, another is set after the rename.
//!
//! Within a phase objects are ordered by their references (a view over a view after it,
//! a comment after its view), ties by kind then key; drops run in the reverse order.

use super::change::Change;
use super::order::{Phase, Plan};
use super::part_comments;
use crate::schema::{Object, ObjectKind, Schema};
use std::collections::{BTreeMap, BTreeSet};

/// Plans the object changes that turn `current`'s objects into `desired`'s, given the
/// table changes already in `plan`.
pub(super) fn diff_objects(current: &Schema, desired: &Schema, plan: &mut Plan) {
    let (mut changed_tables, gone_tables) = touched_tables(plan);
    // An enum rebuilt (labels removed or reordered) converts every column of its type;
    // so does the downgrade of one that gains labels, which removes them again. What
    // stands on those columns is rebuilt either way, so that the downgrade, the exact
    // inverse of the upgrade, has it out of the way.
    for change in plan.changes() {
        if let Change::AlterEnum { name, from, to } = change {
            if !super::change::renames_labels(from, to) {
                let ty = crate::schema::ColumnType::new(name);
                for table in current.tables.values() {
                    if table.columns.iter().any(|c| c.ty.same_as(&ty)) {
                        changed_tables.insert(table.name.clone());
                    }
                }
            }
        }
    }
    let moved = with_renamed_part_comments(current, desired, plan, &gone_tables);
    let current = moved.as_ref().unwrap_or(current);
    let names = Names::of(current);

    // Current objects that go away for good or for a rebuild.
    let mut rebuilt: BTreeSet<&str> = BTreeSet::new();
    let mut replaced = Vec::new();
    for (key, old) in &current.objects {
        match desired.objects.get(key) {
            Some(new) if old.same_as(new) => {}
            Some(new) if old.replaceable_by(new) || old.alters_in_place(new) => {
                replaced.push((old, new));
            }
            _ => {
                rebuilt.insert(key);
            }
        }
    }
    for (key, object) in &current.objects {
        if object.kind.before_tables() {
            continue;
        }
        let tables = if object.kind.survives_table_changes() {
            &gone_tables
        } else {
            &changed_tables
        };
        let refs = object.references(&names.all);
        if refs.iter().any(|r| tables.contains(*r)) {
            rebuilt.insert(key);
        }
    }
    // What stands on a rebuilt object is rebuilt too.
    loop {
        let rebuilt_names: BTreeSet<&str> = rebuilt
            .iter()
            .map(|k| base_name(&current.objects[*k].name))
            .collect();
        let more: Vec<&str> = current
            .objects
            .iter()
            .filter(|(key, object)| {
                !rebuilt.contains(key.as_str())
                    && !object.kind.before_tables()
                    && object
                        .references(&names.all)
                        .iter()
                        .any(|r| rebuilt_names.contains(r))
            })
            .map(|(key, _)| key.as_str())
            .collect();
        if more.is_empty() {
            break;
        }
        rebuilt.extend(more);
    }

    let dropped: Vec<&Object> = rebuilt.iter().map(|k| &current.objects[*k]).collect();
    let created: Vec<&Object> = desired
        .objects
        .iter()
        .filter(|(key, _)| !current.objects.contains_key(*key) || rebuilt.contains(key.as_str()))
        .map(|(_, object)| object)
        .collect();

    let names_after = Names::of(desired);
    let tables: BTreeSet<String> = current
        .tables
        .keys()
        .chain(desired.tables.keys())
        .cloned()
        .collect();
    // A function whose arguments or body name a table (a row type, an SQL body that
    // reads it) comes after the tables, like a view.
    let is_base = |o: &Object| o.kind.before_tables() && o.references(&tables).is_empty();
    for object in in_order(&dropped, &names).into_iter().rev() {
        // A base object dropped to be created again goes before its new self is created
        // (with what stands on it), not after the tables as one gone for good.
        let recreated = desired.objects.contains_key(&object.key());
        let phase = if object.kind == ObjectKind::Schema {
            Phase::DropSchema
        } else if is_base(object) && !recreated {
            Phase::DropBaseObject
        } else {
            Phase::DropDependentObject
        };
        plan.push(phase, Change::DropObject(object.clone()));
    }
    for (old, new) in replaced {
        let phase = if is_base(new) {
            Phase::CreateBaseObject
        } else {
            Phase::CreateDependentObject
        };
        plan.push(
            phase,
            Change::ReplaceObject {
                from: old.clone(),
                to: new.clone(),
            },
        );
    }
    for object in in_order(&created, &names_after) {
        let phase = if object.kind == ObjectKind::Schema {
            Phase::CreateSchema
        } else if is_base(object) {
            Phase::CreateBaseObject
        } else {
            Phase::CreateDependentObject
        };
        plan.push(phase, Change::CreateObject(object.clone()));
    }
}

/// `current` with each comment on a part that `plan` renames in place (PostgreSQL's
/// `ALTER INDEX … RENAME TO`, `RENAME CONSTRAINT`) under the part's new name, as the
/// database holds it after the rename, when `desired` comments on the new part too; `None`
/// (nothing copied) when there is no such comment. The same text is then no change and
/// another is set in place after the rename. A comment `desired` does not have is dropped
/// under the old name before the rename, as before; and a rename between an index and a
/// unique constraint, made as a drop and an add, loses the comment, which is created
/// again.
fn with_renamed_part_comments(
    current: &Schema,
    desired: &Schema,
    plan: &Plan,
    gone: &BTreeSet<String>,
) -> Option<Schema> {
    let mut moves = Vec::new();
    for change in plan.changes() {
        let Change::RenamePart { table, from, to } = change else {
            continue;
        };
        if !part_comments::keeps_comments(from, to) || gone.contains(table) {
            continue;
        }
        for old in current.objects.values() {
            let Some(on) = part_comments::comments_on(old, table, from) else {
                continue;
            };
            let new = desired
                .objects
                .values()
                .find(|o| part_comments::comments_on(o, table, to) == Some(on));
            if let Some(new) = new {
                moves.push((old.key(), part_comments::retargeted(old, &new.name)));
            }
        }
    }
    if moves.is_empty() {
        return None;
    }
    let mut out = current.clone();
    for (key, moved) in moves {
        out.objects.remove(&key);
        out.add_object(moved);
    }
    Some(out)
}

/// The names objects can refer to: tables and objects (functions by their bare name).
struct Names {
    all: BTreeSet<String>,
}

impl Names {
    fn of(schema: &Schema) -> Names {
        let mut all: BTreeSet<String> = schema.tables.keys().cloned().collect();
        all.extend(
            schema
                .objects
                .values()
                .filter(|o| !o.kind.is_attached())
                .map(|o| base_name(&o.name).to_string()),
        );
        Names { all }
    }
}

/// A function's name without its argument list.
pub(super) fn base_name(name: &str) -> &str {
    name.split_once('(').map_or(name, |(base, _)| base)
}

/// The tables that `plan`'s changes alter in a way that can break what stands on them,
/// and (second) those that go away (dropped, or renamed from).
fn touched_tables(plan: &Plan) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut changed = BTreeSet::new();
    let mut gone = BTreeSet::new();
    for change in plan.changes() {
        match change {
            Change::DropTable(t) => {
                changed.insert(t.name.clone());
                gone.insert(t.name.clone());
            }
            Change::RenameTable { from, to } => {
                changed.extend([from.clone(), to.clone()]);
                gone.insert(from.clone());
            }
            Change::AddColumn { .. }
            | Change::AddIndex { .. }
            | Change::DropIndex { .. }
            | Change::Backfill { .. }
            | Change::UndoBackfill { .. }
            | Change::AddSync { .. }
            | Change::DropSync { .. } => {}
            other => {
                if let Some(table) = other.table() {
                    changed.insert(table.to_string());
                }
            }
        }
    }
    (changed, gone)
}

/// `objects` ordered so that each comes after the objects of the set it refers to; ties
/// (and cycles, which a database would not have let exist) by kind, then key.
fn in_order<'a>(objects: &[&'a Object], names: &Names) -> Vec<&'a Object> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in objects.iter().enumerate() {
        if !o.kind.is_attached() {
            by_name.entry(base_name(&o.name)).or_default().push(i);
        }
    }
    let deps: Vec<BTreeSet<usize>> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| {
            o.references(&names.all)
                .into_iter()
                .flat_map(|r| by_name.get(r).into_iter().flatten().copied())
                .filter(|&j| j != i)
                .collect()
        })
        .collect();
    let mut rank: Vec<usize> = (0..objects.len()).collect();
    rank.sort_by(|&a, &b| {
        (objects[a].kind, objects[a].key()).cmp(&(objects[b].kind, objects[b].key()))
    });
    let mut placed = vec![false; objects.len()];
    let mut out = Vec::with_capacity(objects.len());
    while out.len() < objects.len() {
        let ready = rank
            .iter()
            .copied()
            .find(|&i| !placed[i] && deps[i].iter().all(|&d| placed[d]));
        let next = ready.unwrap_or_else(|| {
            rank.iter()
                .copied()
                .find(|&i| !placed[i])
                .expect("an object left")
        });
        placed[next] = true;
        out.push(objects[next]);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff, DiffOptions};
    use crate::schema::{Column, Object, ObjectKind, Schema, Table};

    fn table(name: &str, ty: &str) -> Table {
        Table {
            name: name.into(),
            columns: vec![Column {
                name: "id".into(),
                ty: ty.into(),
                nullable: false,
                ..Column::default()
            }],
            ..Table::default()
        }
    }

    fn object(kind: ObjectKind, name: &str, table: Option<&str>, definition: &str) -> Object {
        Object {
            kind,
            name: name.into(),
            table: table.map(str::to_string),
            definition: definition.into(),
        }
    }

    fn schema(tables: &[Table], objects: &[Object]) -> Schema {
        let mut s = Schema::default();
        for t in tables {
            s.tables.insert(t.name.clone(), t.clone());
        }
        for o in objects {
            s.add_object(o.clone());
        }
        s
    }

    fn kinds(changes: &[crate::diff::Change]) -> Vec<String> {
        changes.iter().map(|c| c.describe()).collect()
    }

    #[test]
    fn a_view_over_a_column_of_an_enum_that_gains_labels_is_rebuilt_for_the_downgrade() {
        let v = object(
            ObjectKind::View,
            "v",
            None,
            "CREATE VIEW v AS SELECT id FROM t",
        );
        let labels = |v: &[&str]| v.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        let mut before = schema(&[table("t", "e")], std::slice::from_ref(&v));
        let mut after = before.clone();
        before.enums.insert("e".into(), labels(&["a", "b"]));
        after.enums.insert("e".into(), labels(&["a", "b", "c"]));
        let d = diff(&before, &after, &DiffOptions::default());
        assert_eq!(
            kinds(&d.changes),
            ["drop view v", "alter enum e", "create view v"]
        );
        // A label renamed in place converts nothing.
        after.enums.insert("e".into(), labels(&["a", "z"]));
        let d = diff(&before, &after, &DiffOptions::default());
        assert_eq!(kinds(&d.changes), ["alter enum e"]);
    }

    #[test]
    fn a_view_over_a_column_that_changes_type_is_dropped_before_and_created_after() {
        let v = object(
            ObjectKind::View,
            "v",
            None,
            "CREATE VIEW v AS SELECT id FROM users",
        );
        let w = object(
            ObjectKind::View,
            "w",
            None,
            "CREATE VIEW w AS SELECT id FROM v",
        );
        let before = schema(&[table("users", "integer")], &[v.clone(), w.clone()]);
        let after = schema(&[table("users", "bigint")], &[v, w]);
        let d = diff(&before, &after, &DiffOptions::default());
        assert_eq!(
            kinds(&d.changes),
            [
                "drop view w",
                "drop view v",
                "alter column users.id",
                "create view v",
                "create view w"
            ]
        );
        // The downgrade (reversed list of reversed changes) keeps the same shape.
        let back: Vec<_> = d.changes.iter().rev().map(|c| c.reverse()).collect();
        assert_eq!(
            kinds(&back),
            [
                "drop view w",
                "drop view v",
                "alter column users.id",
                "create view v",
                "create view w"
            ]
        );
    }

    #[test]
    fn functions_come_before_tables_and_triggers_after() {
        let f = object(
            ObjectKind::Function,
            "stamp()",
            None,
            "CREATE OR REPLACE FUNCTION public.stamp() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql",
        );
        let t = object(
            ObjectKind::Trigger,
            "users_stamp",
            Some("users"),
            "CREATE TRIGGER users_stamp BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION stamp()",
        );
        let c = object(
            ObjectKind::Comment,
            "TABLE users",
            Some("users"),
            "COMMENT ON TABLE users IS 'people'",
        );
        let after = schema(&[table("users", "integer")], &[t, f, c]);
        let d = diff(&Schema::default(), &after, &DiffOptions::default());
        assert_eq!(
            kinds(&d.changes),
            [
                "create function stamp()",
                "create table users",
                "create trigger users.users_stamp",
                "create comment TABLE users"
            ]
        );
    }

    #[test]
    fn a_changed_function_is_replaced_in_place_and_a_changed_view_rebuilt() {
        let f1 = object(
            ObjectKind::Function,
            "f()",
            None,
            "CREATE OR REPLACE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql",
        );
        let f2 = object(
            ObjectKind::Function,
            "f()",
            None,
            "CREATE OR REPLACE FUNCTION f() RETURNS int AS 'select 2' LANGUAGE sql",
        );
        let v1 = object(ObjectKind::View, "v", None, "CREATE VIEW v AS SELECT 1");
        let v2 = object(ObjectKind::View, "v", None, "CREATE VIEW v AS SELECT 2");
        let d = diff(
            &schema(&[], &[f1, v1]),
            &schema(&[], &[f2, v2]),
            &DiffOptions::default(),
        );
        assert_eq!(
            kinds(&d.changes),
            ["drop view v", "replace function f()", "create view v"]
        );
    }

    #[test]
    fn a_function_whose_result_type_changes_is_dropped_then_created() {
        let def = |returns: &str| {
            format!(
                "CREATE OR REPLACE FUNCTION public.f()\n RETURNS {returns}\n LANGUAGE sql\nAS $function$select 1$function$"
            )
        };
        let f1 = object(ObjectKind::Function, "f()", None, &def("integer"));
        let f2 = object(ObjectKind::Function, "f()", None, &def("bigint"));
        let d = diff(
            &schema(&[table("users", "integer")], &[f1]),
            &schema(&[table("users", "integer")], &[f2]),
            &DiffOptions::default(),
        );
        assert_eq!(
            kinds(&d.changes),
            ["drop function f()", "create function f()"]
        );
    }

    #[test]
    fn a_changed_domain_is_altered_in_place() {
        let d1 = object(
            ObjectKind::Domain,
            "code",
            None,
            "CREATE DOMAIN code AS integer",
        );
        let d2 = object(
            ObjectKind::Domain,
            "code",
            None,
            "CREATE DOMAIN code AS integer DEFAULT 200",
        );
        let d = diff(
            &schema(&[], &[d1]),
            &schema(&[], &[d2]),
            &DiffOptions::default(),
        );
        assert_eq!(kinds(&d.changes), ["replace domain code"]);
    }

    #[test]
    fn comments_stay_when_their_table_changes() {
        let c = object(
            ObjectKind::Comment,
            "TABLE users",
            Some("users"),
            "COMMENT ON TABLE users IS 'x'",
        );
        let d = diff(
            &schema(&[table("users", "integer")], std::slice::from_ref(&c)),
            &schema(&[table("users", "bigint")], &[c]),
            &DiffOptions::default(),
        );
        assert_eq!(kinds(&d.changes), ["alter column users.id"]);
    }
}
