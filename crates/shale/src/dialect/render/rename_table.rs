//! A table renamed — and, on PostgreSQL, moved into another schema when the two names'
//! schemas differ (`billing.members` renamed from `users`).
//!
//! `ALTER TABLE … RENAME TO` takes a bare name and leaves the table in its schema, so a
//! move is `ALTER TABLE … SET SCHEMA` (which takes the table's indexes, constraints and
//! owned sequences along), then a rename in the new schema where the bare names differ.
//! A table moved into the connection's own schema is moved there by a `DO` block that
//! reads the schema's name at run time (`current_schema()`, where the script's bare names
//! resolve): a script names the connection's schema nowhere else, and the same script
//! runs in every tenant schema of a fleet (see docs/objects.md, "Non-default schemas").

use super::ddl::{alter, bare_name, ident};
use crate::dialect::Dialect;
use crate::schema::Schema;

/// The statements that rename the table `from` to `to`; `state` is the schema before.
pub(crate) fn rename_table(d: Dialect, from: &str, to: &str, state: &Schema) -> Vec<String> {
    let (from_schema, to_schema) = (schema_of(d, from), schema_of(d, to));
    let (old, new) = (bare_name(d, from), bare_name(d, to));
    let rename = |table: &str| format!("{}RENAME TO {}", alter(d, table), ident(d, new));
    if from_schema == to_schema {
        return vec![rename(from)];
    }
    // Between the two statements the table is either `to_schema.old` (moved first) or
    // `from_schema.new` (renamed first). Moved first, unless that name is taken and the
    // other is free; a name taken either way (or the final one) makes PostgreSQL refuse
    // the statement ("relation … already exists"), and the revision fails as a whole.
    let moved = qualified(to_schema, old);
    let renamed = qualified(from_schema, new);
    if old == new {
        vec![set_schema(d, from, to_schema)]
    } else if occupied(state, &moved) && !occupied(state, &renamed) {
        vec![rename(from), set_schema(d, &renamed, to_schema)]
    } else {
        vec![set_schema(d, from, to_schema), rename(&moved)]
    }
}

/// The schema that qualifies a PostgreSQL table's name; `None` for the connection's own
/// (a bare name) and on the other dialects, whose names are never qualified.
fn schema_of(d: Dialect, name: &str) -> Option<&str> {
    match name.split_once('.') {
        Some((schema, _)) if d == Dialect::Postgres && !schema.is_empty() => Some(schema),
        _ => None,
    }
}

/// The name `bare` has in `schema`, as the schema keys it.
fn qualified(schema: Option<&str>, bare: &str) -> String {
    match schema {
        Some(schema) => format!("{schema}.{bare}"),
        None => bare.to_string(),
    }
}

/// Whether `name` is taken in `state` by a table, a type, an object of the schema (a
/// view, sequence, domain …) or an index of a table in that schema (a primary key's or
/// unique constraint's too), whose names a table's shares.
fn occupied(state: &Schema, name: &str) -> bool {
    let d = Dialect::Postgres;
    let (schema, bare) = (schema_of(d, name), bare_name(d, name));
    let index_named = |t: &crate::schema::Table| {
        t.indexes.contains_key(bare)
            || t.uniques.contains_key(bare)
            || t.primary_key
                .as_ref()
                .is_some_and(|k| k.name.as_deref() == Some(bare))
    };
    state.tables.contains_key(name)
        || state.enums.contains_key(name)
        || state
            .objects
            .values()
            .any(|o| o.table.is_none() && o.name == name)
        || state
            .tables
            .iter()
            .any(|(key, t)| schema_of(d, key) == schema && index_named(t))
}

/// `table` moved into `schema`, or into the connection's own schema (`None`), whose name
/// is read when the statement runs.
fn set_schema(d: Dialect, table: &str, schema: Option<&str>) -> String {
    match schema {
        Some(schema) => format!("{}SET SCHEMA {}", alter(d, table), ident(d, schema)),
        None => format!(
            "DO $$ BEGIN EXECUTE {} || quote_ident(current_schema()); END $$",
            d.string_literal(&format!("{}SET SCHEMA ", alter(d, table)))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::rename_table;
    use crate::dialect::Dialect;
    use crate::diff::Change;
    use crate::schema::{Schema, Table};

    fn schema(tables: &[&str]) -> Schema {
        let mut s = Schema::default();
        for name in tables {
            let t = Table {
                name: name.to_string(),
                ..Table::default()
            };
            s.tables.insert(name.to_string(), t);
        }
        s
    }

    /// The statements of the upgrade `from` → `to` over `tables`, and of its inverse over
    /// the schema the upgrade leaves.
    fn both_ways(d: Dialect, tables: &[&str], from: &str, to: &str) -> (Vec<String>, Vec<String>) {
        let before = schema(tables);
        let change = Change::RenameTable {
            from: from.into(),
            to: to.into(),
        };
        let after = crate::diff::apply_all(&before, std::slice::from_ref(&change));
        let Change::RenameTable {
            from: back,
            to: into,
        } = change.reverse()
        else {
            panic!("the inverse of a table rename is a table rename");
        };
        assert_eq!((back.as_str(), into.as_str()), (to, from));
        (
            rename_table(d, from, to, &before),
            rename_table(d, &back, &into, &after),
        )
    }

    #[test]
    fn a_rename_within_a_schema_stays_one_statement() {
        let (up, down) = both_ways(Dialect::Postgres, &["billing.a"], "billing.a", "billing.b");
        assert_eq!(up, ["ALTER TABLE billing.a RENAME TO b"]);
        assert_eq!(down, ["ALTER TABLE billing.b RENAME TO a"]);
        let (up, _) = both_ways(Dialect::Postgres, &["a"], "a", "b");
        assert_eq!(up, ["ALTER TABLE a RENAME TO b"]);
    }

    #[test]
    fn a_table_moved_out_of_the_connections_schema_and_back() {
        let (up, down) = both_ways(Dialect::Postgres, &["users"], "users", "billing.members");
        assert_eq!(
            up,
            [
                "ALTER TABLE users SET SCHEMA billing",
                "ALTER TABLE billing.users RENAME TO members",
            ]
        );
        assert_eq!(
            down,
            [
                "DO $$ BEGIN EXECUTE 'ALTER TABLE billing.members SET SCHEMA ' || \
                 quote_ident(current_schema()); END $$",
                "ALTER TABLE members RENAME TO users",
            ]
        );
    }

    #[test]
    fn a_table_moved_between_two_schemas_under_its_name_is_one_statement() {
        let (up, down) = both_ways(Dialect::Postgres, &["a.t"], "a.t", "b.t");
        assert_eq!(up, ["ALTER TABLE a.t SET SCHEMA b"]);
        assert_eq!(down, ["ALTER TABLE b.t SET SCHEMA a"]);
    }

    #[test]
    fn names_are_quoted_part_by_part_and_inside_the_block_as_a_literal() {
        let (up, down) = both_ways(Dialect::Postgres, &["Old.it's"], "Old.it's", "New");
        assert_eq!(
            up,
            [
                "DO $$ BEGIN EXECUTE 'ALTER TABLE \"Old\".\"it''s\" SET SCHEMA ' || \
              quote_ident(current_schema()); END $$",
                "ALTER TABLE \"it's\" RENAME TO \"New\""
            ]
        );
        assert_eq!(
            down,
            [
                "ALTER TABLE \"New\" SET SCHEMA \"Old\"",
                "ALTER TABLE \"Old\".\"New\" RENAME TO \"it's\"",
            ]
        );
    }

    #[test]
    fn a_move_renames_first_when_the_moved_name_is_taken_in_the_target_schema() {
        // b.t is another table: a.t is renamed to u in a, then moved.
        let (up, down) = both_ways(Dialect::Postgres, &["a.t", "b.t"], "a.t", "b.u");
        assert_eq!(
            up,
            [
                "ALTER TABLE a.t RENAME TO u",
                "ALTER TABLE a.u SET SCHEMA b"
            ]
        );
        // Back: a.u is free, so b.u moves first.
        assert_eq!(
            down,
            [
                "ALTER TABLE b.u SET SCHEMA a",
                "ALTER TABLE a.u RENAME TO t"
            ]
        );
    }

    #[test]
    fn a_move_renames_first_when_an_index_of_the_target_schema_has_the_moved_name() {
        let mut tables = schema(&["a.t", "b.other"]);
        let index = crate::schema::Index {
            name: "t".into(),
            ..crate::schema::Index::default()
        };
        let other = tables.tables.get_mut("b.other").unwrap();
        other.indexes.insert("t".into(), index);
        assert_eq!(
            rename_table(Dialect::Postgres, "a.t", "b.u", &tables),
            [
                "ALTER TABLE a.t RENAME TO u",
                "ALTER TABLE a.u SET SCHEMA b"
            ]
        );
        // An index of that name in another schema takes nothing from b.
        let mut tables = schema(&["a.t", "c.other"]);
        let other = tables.tables.get_mut("c.other").unwrap();
        other
            .indexes
            .insert("t".into(), crate::schema::Index::default());
        assert_eq!(
            rename_table(Dialect::Postgres, "a.t", "b.u", &tables),
            [
                "ALTER TABLE a.t SET SCHEMA b",
                "ALTER TABLE b.t RENAME TO u"
            ]
        );
    }

    #[test]
    fn other_dialects_rename_names_with_a_dot_as_names() {
        let (up, down) = both_ways(Dialect::Mysql, &["a.t"], "a.t", "b.u");
        assert_eq!(up, ["ALTER TABLE `a.t` RENAME TO `b.u`"]);
        assert_eq!(down, ["ALTER TABLE `b.u` RENAME TO `a.t`"]);
        let (up, _) = both_ways(Dialect::Sqlite, &["t"], "t", "u");
        assert_eq!(up, ["ALTER TABLE t RENAME TO u"]);
    }
}
