//! PostgreSQL: `ALTER COLUMN` actions one by one, identity columns, enum types.

use super::ddl::{alter, ident, q};
use super::SqlRenderer;
use crate::dialect::Dialect;
use crate::diff::canonical::canonical_default;
use crate::schema::{Column, ColumnType, Identity, Index, Object, PrimaryKey, Schema};

/// The PostgreSQL renderer.
pub(crate) struct Postgres;

const D: Dialect = Dialect::Postgres;

impl SqlRenderer for Postgres {
    fn dialect(&self) -> Dialect {
        D
    }

    fn autoincrement_clause(&self, col: &Column) -> Option<String> {
        Some(identity_clause(col.identity.as_ref()))
    }

    fn serial_type(&self, ty: &ColumnType) -> Option<&'static str> {
        match ty.as_str().trim() {
            "smallint" => Some("smallserial"),
            "integer" => Some("serial"),
            "bigint" => Some("bigserial"),
            _ => None,
        }
    }

    fn backfill_note(&self) -> &'static str {
        " (SET NOT NULL checks every row)"
    }

    /// One statement per action, in an order that always works: identity and default
    /// are dropped before the type changes (an old default may not cast to the new
    /// type), set again after it, and the `USING` cast converts existing values.
    ///
    /// An identity is dropped with `DROP IDENTITY`, a serial's sequence with its default
    /// (through `pg_get_serial_sequence`, whatever the sequence is called). A column that
    /// becomes serial gets a sequence it owns; one that becomes either starts counting
    /// after the values the table already holds; so does a serial whose type changes, on a
    /// new sequence of its new type. A column of an enum type is converted through `text`:
    /// PostgreSQL has no cast from an enum to another type but `text`.
    fn alter_column(&self, table: &str, from: &Column, to: &Column, state: &Schema) -> Vec<String> {
        let a = format!("{}ALTER COLUMN {} ", alter(D, table), ident(D, &to.name));
        let retype = !from.ty.same_as(&to.ty);
        let recollate = from.collation != to.collation;
        let (from_serial, to_serial) = (is_serial(from), is_serial(to));
        let (from_identity, to_identity) = (is_identity(from), is_identity(to));
        // A serial retyped (`serial` to `bigserial`) gets a sequence of the new type: its
        // old one keeps the old type's bounds (`ALTER COLUMN … TYPE` does not touch it).
        let leaves_serial = from_serial && (!to_serial || retype);
        let enters_serial = to_serial && (!from_serial || retype);
        let old_default = effective_default(from);
        let new_default = effective_default(to);
        let redefault =
            canonical_default(old_default.as_deref()) != canonical_default(new_default.as_deref());
        let mut out = Vec::new();
        if from_identity && !to_identity {
            out.push(format!("{a}DROP IDENTITY"));
        }
        if leaves_serial {
            out.push(format!("{a}DROP DEFAULT"));
            out.push(drop_serial_sequence(table, &from.name));
        }
        if old_default.is_some() && (retype || new_default.is_none()) {
            out.push(format!("{a}DROP DEFAULT"));
        }
        if retype || recollate {
            let ty = to.ty.as_str().trim();
            let collate = match &to.collation {
                Some(c) => format!(" COLLATE {}", super::ddl::collation_name(D, c)),
                None if recollate => " COLLATE \"default\"".to_string(),
                None => String::new(),
            };
            let from_enum = state
                .enums
                .keys()
                .any(|e| from.ty.same_as(&ColumnType::new(e.as_str())));
            let via = if from_enum { "::text" } else { "" };
            out.push(format!(
                "{a}TYPE {ty}{collate} USING {}{via}::{ty}",
                ident(D, &to.name)
            ));
        }
        if let Some(default) = new_default.filter(|_| retype || redefault) {
            out.push(format!("{a}SET DEFAULT {}", default.trim()));
        }
        if from.nullable != to.nullable {
            out.push(format!(
                "{a}{} NOT NULL",
                if to.nullable { "DROP" } else { "SET" }
            ));
        }
        if !from_identity && to_identity {
            out.push(format!("{a}ADD {}", identity_clause(to.identity.as_ref())));
        }
        if from_identity && to_identity && from.identity != to.identity {
            let (old, new) = (from.identity.as_ref(), to.identity.as_ref());
            out.push(format!("{a}{}", set_identity(old, new)));
            if rebounds(old, new) {
                out.push(restart_after_values(table, &to.name, new));
            }
        }
        if enters_serial {
            let sequence = format!("{table}_{}_seq", to.name);
            out.push(format!(
                "CREATE SEQUENCE {} AS {} OWNED BY {}.{}",
                q(D, &sequence),
                to.ty.as_str().trim(),
                q(D, table),
                ident(D, &to.name)
            ));
            out.push(format!(
                "{a}SET DEFAULT nextval({})",
                D.string_literal(&q(D, &sequence))
            ));
        }
        if !from_identity && to_identity && to.identity.is_some() {
            out.push(restart_after_values(table, &to.name, to.identity.as_ref()));
        } else if (!from_identity && to_identity) || enters_serial {
            out.push(restart_after_max(table, &to.name));
        }
        out
    }

    /// Released: `OWNED BY NONE`, then the sequence's options as the models have them
    /// (every one restated, as for a changed sequence). Taken: the options a serial's
    /// sequence has, then `OWNED BY` the column. Either way the column's default stays
    /// `nextval` of the same sequence, and its other changes are made as usual.
    fn sequence_owner(
        &self,
        table: &str,
        from: &Column,
        to: &Column,
        sequence: &Object,
        state: &Schema,
    ) -> Vec<String> {
        let name = q(D, &sequence.name);
        // The column as it is with the sequence on the other side of the change.
        let unowned = |c: &Column, default: &Option<String>| Column {
            autoincrement: false,
            serial: false,
            default: default.clone(),
            ..c.clone()
        };
        if !is_serial(to) {
            let mut out = vec![format!("ALTER SEQUENCE {name} OWNED BY NONE")];
            out.push(
                sequence
                    .definition
                    .replacen("CREATE SEQUENCE ", "ALTER SEQUENCE ", 1),
            );
            out.extend(self.alter_column(table, &unowned(from, &to.default), to, state));
            return out;
        }
        let mut out = self.alter_column(table, from, &unowned(to, &from.default), state);
        let max = match to.ty.as_str().trim() {
            "smallint" => "32767",
            "bigint" => "9223372036854775807",
            _ => "2147483647",
        };
        out.push(format!(
            "ALTER SEQUENCE {name} AS {} INCREMENT BY 1 MINVALUE 1 MAXVALUE {max} START WITH 1 \
             CACHE 1 NO CYCLE",
            to.ty.as_str().trim()
        ));
        out.push(format!(
            "ALTER SEQUENCE {name} OWNED BY {}.{}",
            q(D, table),
            ident(D, &to.name)
        ));
        out
    }

    fn create_enum(&self, name: &str, labels: &[String]) -> Vec<String> {
        let labels: Vec<String> = labels.iter().map(|l| D.string_literal(l)).collect();
        vec![format!(
            "CREATE TYPE {} AS ENUM ({})",
            q(D, name),
            labels.join(", ")
        )]
    }

    fn drop_enum(&self, name: &str) -> Vec<String> {
        vec![format!("DROP TYPE {}", q(D, name))]
    }

    /// New labels only: `ALTER TYPE … ADD VALUE` in place. Labels removed or reordered:
    /// PostgreSQL cannot remove a label, so the type is recreated and every column of it
    /// converted through text (which fails if a row holds a removed label).
    fn alter_enum(
        &self,
        name: &str,
        from: &[String],
        to: &[String],
        state: &Schema,
    ) -> Vec<String> {
        if crate::diff::adds_labels(from, to) {
            return add_values(name, from, to);
        }
        if let Some(renames) = renamed_values(from, to) {
            return renames
                .into_iter()
                .map(|(old, new)| {
                    format!(
                        "ALTER TYPE {} RENAME VALUE {} TO {}",
                        q(D, name),
                        D.string_literal(old),
                        D.string_literal(new)
                    )
                })
                .collect();
        }
        // Renamed within its schema (`RENAME TO` takes a bare name).
        let bare = format!("_shale_old_{}", super::ddl::bare_name(D, name));
        let old = format!("{}{}", super::ddl::schema_prefix(D, name), ident(D, &bare));
        let mut out = vec![format!(
            "ALTER TYPE {} RENAME TO {}",
            q(D, name),
            ident(D, &bare)
        )];
        out.extend(self.create_enum(name, to));
        let enum_type = ColumnType::new(name);
        for table in state.tables.values() {
            for col in table.columns.iter().filter(|c| c.ty.same_as(&enum_type)) {
                let a = format!(
                    "{}ALTER COLUMN {} ",
                    alter(D, &table.name),
                    ident(D, &col.name)
                );
                if col.default.is_some() {
                    out.push(format!("{a}DROP DEFAULT"));
                }
                out.push(format!(
                    "{a}TYPE {} USING {}::text::{}",
                    q(D, name),
                    ident(D, &col.name),
                    q(D, name)
                ));
                if let Some(default) = &col.default {
                    out.push(format!("{a}SET DEFAULT {}", default.trim()));
                }
            }
        }
        out.push(format!("DROP TYPE {old}"));
        out
    }

    fn drop_primary_key(&self, table: &str, key: &PrimaryKey) -> String {
        let default_name = format!("{}_pkey", super::ddl::bare_name(D, table));
        let name = key
            .name
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or(&default_name);
        format!("{}DROP CONSTRAINT {}", alter(D, table), ident(D, name))
    }

    /// An index lives in its table's schema, and is named in it.
    fn drop_index(&self, table: &str, index: &Index) -> String {
        format!(
            "DROP INDEX {}{}",
            super::ddl::schema_prefix(D, table),
            ident(D, &index.name)
        )
    }
}

/// A column's default as PostgreSQL sees it: an identity column has none of its own.
fn effective_default(col: &Column) -> Option<String> {
    col.default.clone().filter(|_| !col.autoincrement)
}

/// Whether `col` takes its values from a sequence it owns through its default.
fn is_serial(col: &Column) -> bool {
    col.autoincrement && col.serial
}

/// Whether `col` is an identity column.
fn is_identity(col: &Column) -> bool {
    col.autoincrement && !col.serial
}

/// `GENERATED ALWAYS|BY DEFAULT AS IDENTITY`, with the sequence options that differ
/// from a new sequence's.
fn identity_clause(identity: Option<&Identity>) -> String {
    let always = identity.is_some_and(|i| i.always);
    let mut s = format!(
        "GENERATED {} AS IDENTITY",
        if always { "ALWAYS" } else { "BY DEFAULT" }
    );
    if let Some(i) = identity.filter(|i| !i.options.is_empty()) {
        s.push_str(&format!(" ({})", i.options.join(" ")));
    }
    s
}

/// The `SET …` actions of `ALTER COLUMN` that turn identity `from` into `to`: `SET
/// GENERATED`, each option set to its new value, and each option `to` leaves out set back
/// to a new sequence's (`SET NO MINVALUE`, `SET START WITH` the first value the new
/// bounds give).
fn set_identity(from: Option<&Identity>, to: Option<&Identity>) -> String {
    let plain = Identity::default();
    let (from, to) = (from.unwrap_or(&plain), to.unwrap_or(&plain));
    let mut actions = Vec::new();
    if from.always != to.always {
        let how = if to.always { "ALWAYS" } else { "BY DEFAULT" };
        actions.push(format!("SET GENERATED {how}"));
    }
    for key in ["INCREMENT BY", "MINVALUE", "MAXVALUE", "CACHE"] {
        match (from.option(key), to.option(key)) {
            (a, Some(b)) if a != Some(b) => actions.push(format!("SET {key} {b}")),
            (Some(_), None) => actions.push(match key {
                "INCREMENT BY" => "SET INCREMENT BY 1".to_string(),
                "CACHE" => "SET CACHE 1".to_string(),
                _ => format!("SET NO {key}"),
            }),
            _ => {}
        }
    }
    let cycles = |i: &Identity| i.options.iter().any(|o| o == "CYCLE");
    if cycles(from) != cycles(to) {
        actions.push(
            if cycles(to) {
                "SET CYCLE"
            } else {
                "SET NO CYCLE"
            }
            .to_string(),
        );
    }
    if first_value(from) != first_value(to) {
        actions.push(format!("SET START WITH {}", first_value(to)));
    }
    // New bounds may leave out the sequence's current value, which PostgreSQL refuses:
    // it restarts, and counting then goes on after the rows (`restart_after_values`).
    if rebounds(Some(from), Some(to)) {
        actions.push("RESTART".to_string());
    }
    actions.join(" ")
}

/// Whether an identity's sequence takes new bounds (`MINVALUE`, `MAXVALUE`).
fn rebounds(from: Option<&Identity>, to: Option<&Identity>) -> bool {
    let bound = |i: Option<&Identity>, key| i.and_then(|i| i.option(key)).map(str::to_string);
    ["MINVALUE", "MAXVALUE"]
        .into_iter()
        .any(|key| bound(from, key) != bound(to, key))
}

/// Sets the sequence of identity `table.column` to continue after the values the table
/// holds in the direction it counts (from its first value where they are all behind it).
fn restart_after_values(table: &str, column: &str, identity: Option<&Identity>) -> String {
    let plain = Identity::default();
    let identity = identity.unwrap_or(&plain);
    let increment = identity.option("INCREMENT BY").unwrap_or("1");
    let first = first_value(identity);
    let c = ident(D, column);
    let (pick, extreme) = match increment.strip_prefix('-') {
        Some(_) => ("LEAST", "MIN"),
        None => ("GREATEST", "MAX"),
    };
    format!(
        "SELECT setval(pg_get_serial_sequence({}, {}), {pick}(COALESCE({extreme}({c}) + ({increment}), {first}), {first}), false) FROM {}",
        D.string_literal(&q(D, table)),
        D.string_literal(column),
        q(D, table)
    )
}

/// The value an identity's sequence starts from: its `START WITH`, else the bound it
/// counts away from (`MINVALUE` or 1 ascending, `MAXVALUE` or -1 descending).
fn first_value(identity: &Identity) -> &str {
    let descending = identity
        .option("INCREMENT BY")
        .is_some_and(|i| i.starts_with('-'));
    let (bound, default) = if descending {
        ("MAXVALUE", "-1")
    } else {
        ("MINVALUE", "1")
    };
    identity
        .option("START WITH")
        .or_else(|| identity.option(bound))
        .unwrap_or(default)
}

/// Drops the sequence a serial column owns, found by `pg_get_serial_sequence` (its name
/// is the server's choice, and survives renames of the table).
fn drop_serial_sequence(table: &str, column: &str) -> String {
    format!(
        "DO $$ BEGIN EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence({}, {}); END $$",
        D.string_literal(&q(D, table)),
        D.string_literal(column)
    )
}

/// Sets the sequence behind `table.column` (serial or identity) to continue after the
/// largest value the table holds.
fn restart_after_max(table: &str, column: &str) -> String {
    let c = ident(D, column);
    format!(
        "SELECT setval(pg_get_serial_sequence({}, {}), COALESCE(MAX({c}), 0) + 1, false) FROM {}",
        D.string_literal(&q(D, table)),
        D.string_literal(column),
        q(D, table)
    )
}

/// Whether `a`'s labels appear in `b` in the same order.
/// The labels renamed in place when `to` is `from` with some labels spelled anew at the
/// same positions (none of the new spellings among the old labels): rows keep their value
/// under its new name (`ALTER TYPE … RENAME VALUE`, PostgreSQL 10+) instead of the
/// rebuild, which would fail on rows holding a label that is gone.
fn renamed_values<'a>(from: &'a [String], to: &'a [String]) -> Option<Vec<(&'a str, &'a str)>> {
    let renames = from
        .iter()
        .zip(to)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    crate::diff::renames_labels(from, to).then_some(renames)
}

/// `ALTER TYPE … ADD VALUE` for each label of `to` missing from `from`, placed next to
/// its neighbour so that the order of `to` results.
fn add_values(name: &str, from: &[String], to: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, label) in to.iter().enumerate().filter(|(_, l)| !from.contains(l)) {
        let mut s = format!(
            "ALTER TYPE {} ADD VALUE {}",
            q(D, name),
            D.string_literal(label)
        );
        if i > 0 {
            s.push_str(&format!(" AFTER {}", D.string_literal(&to[i - 1])));
        } else if let Some(next) = to.iter().find(|l| from.contains(l)) {
            s.push_str(&format!(" BEFORE {}", D.string_literal(next)));
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serial(ty: &str) -> Column {
        Column {
            name: "id".into(),
            ty: ty.into(),
            autoincrement: true,
            serial: true,
            ..Column::default()
        }
    }

    #[test]
    fn a_retyped_serial_gets_a_sequence_of_its_new_type() {
        let got = Postgres.alter_column(
            "users",
            &serial("integer"),
            &serial("bigint"),
            &Schema::default(),
        );
        assert_eq!(
            got,
            [
                "ALTER TABLE users ALTER COLUMN id DROP DEFAULT",
                "DO $$ BEGIN EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence('users', 'id'); END $$",
                "ALTER TABLE users ALTER COLUMN id TYPE bigint USING id::bigint",
                "CREATE SEQUENCE users_id_seq AS bigint OWNED BY users.id",
                "ALTER TABLE users ALTER COLUMN id SET DEFAULT nextval('users_id_seq')",
                "SELECT setval(pg_get_serial_sequence('users', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM users",
            ]
        );
    }

    #[test]
    fn a_serial_kept_as_it_is_keeps_its_sequence() {
        let mut to = serial("integer");
        to.nullable = !to.nullable;
        let got = Postgres.alter_column("users", &serial("integer"), &to, &Schema::default());
        let verb = if to.nullable { "DROP" } else { "SET" };
        assert_eq!(
            got,
            [format!("ALTER TABLE users ALTER COLUMN id {verb} NOT NULL")]
        );
    }

    #[test]
    fn an_identity_changes_kind_and_options_in_place() {
        let identity = |always, options: &[&str]| Column {
            identity: Identity::new(always, options.iter().map(|o| o.to_string()).collect()),
            autoincrement: true,
            ..Column {
                name: "id".into(),
                ty: "integer".into(),
                ..Column::default()
            }
        };
        let got = Postgres.alter_column(
            "t",
            &identity(false, &["MINVALUE 5", "CACHE 20"]),
            &identity(true, &["INCREMENT BY 2"]),
            &Schema::default(),
        );
        assert_eq!(
            got,
            [
                "ALTER TABLE t ALTER COLUMN id SET GENERATED ALWAYS SET INCREMENT BY 2 \
              SET NO MINVALUE SET CACHE 1 SET START WITH 1 RESTART",
                "SELECT setval(pg_get_serial_sequence('t', 'id'), \
                 GREATEST(COALESCE(MAX(id) + (2), 1), 1), false) FROM t",
            ]
        );
        let got = Postgres.alter_column(
            "t",
            &identity(false, &[]),
            &identity(false, &["INCREMENT BY -1"]),
            &Schema::default(),
        );
        assert_eq!(
            got,
            ["ALTER TABLE t ALTER COLUMN id SET INCREMENT BY -1 SET START WITH -1"]
        );
        let mut plain = identity(false, &[]);
        plain.autoincrement = false;
        let got = Postgres.alter_column(
            "t",
            &plain,
            &identity(true, &["START WITH 10"]),
            &Schema::default(),
        );
        assert_eq!(
            got[0],
            "ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (START WITH 10)"
        );
    }

    #[test]
    fn a_column_of_an_enum_is_retyped_through_text() {
        let mut state = Schema::default();
        state.enums.insert("other.mood".into(), vec!["a".into()]);
        let column = |ty: &str| Column {
            name: "m".into(),
            ty: ty.into(),
            nullable: true,
            ..Column::default()
        };
        let got =
            Postgres.alter_column("t", &column("other.mood"), &column("other.feeling"), &state);
        assert_eq!(
            got,
            ["ALTER TABLE t ALTER COLUMN m TYPE other.feeling USING m::text::other.feeling"]
        );
        let got = Postgres.alter_column("t", &column("text"), &column("other.mood"), &state);
        assert_eq!(
            got,
            ["ALTER TABLE t ALTER COLUMN m TYPE other.mood USING m::other.mood"]
        );
    }
}
