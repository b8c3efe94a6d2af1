//! [`diff`]: compares the current schema (the live database) with the desired one (the
//! models) and returns the ordered [`Change`]s that turn one into the other.

use super::apply::applied;
use super::canonical::{canonical_default, normalize_expr};
use super::change::{Change, ColumnPosition};
use super::order::{topological, Phase, Plan};
use crate::schema::{Column, Generated, Schema, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the diff is told beyond the two schemas: the renames the author declared, which
/// it never guesses, and whether the dialect can move columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffOptions {
    /// Column renames as `(table, old column, new column)`, the table named as in the
    /// desired schema. A rename whose old column no longer exists is ignored (it has
    /// already been applied), so declarations can stay in the models.
    pub renames: Vec<(String, String, String)>,
    /// Table renames as `(old table, new table)`, ignored once applied.
    pub table_renames: Vec<(String, String)>,
    /// Existing columns are moved into the models' order ([`Change::MoveColumn`]): set
    /// for a dialect that [moves columns](crate::dialect::Dialect::moves_columns)
    /// (MySQL/MariaDB), by [`DiffOptions::for_dialect`]. Elsewhere a column's place is
    /// not compared.
    #[serde(default)]
    pub move_columns: bool,
}

impl DiffOptions {
    /// No renames, and columns moved where `dialect` can move them.
    pub fn for_dialect(dialect: crate::dialect::Dialect) -> Self {
        DiffOptions {
            move_columns: dialect.moves_columns(),
            ..DiffOptions::default()
        }
    }
}

/// The result of [`diff`]: the changes in run order, and the renames it suspects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diff {
    /// The changes, ordered so that every change's dependencies hold when it runs.
    pub changes: Vec<Change>,
    /// Drop-and-add pairs that look like undeclared renames. The changes still drop and
    /// add; the caller must flag these loudly or ask the author.
    pub suspected_renames: Vec<SuspectedRename>,
    /// What the changes will not make as the models say (a column added at the end of
    /// its table, not where the models put it), for the caller to show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Diff {
    /// Whether there is nothing to change.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// A dropped object and an added one that may be the same object renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SuspectedRename {
    /// A dropped and an added column of the same type in one table.
    Column {
        table: String,
        from: String,
        to: String,
    },
    /// A dropped and a created table with the same column names and types.
    Table { from: String, to: String },
}

impl SuspectedRename {
    /// The warning to show the author, naming how to declare the rename.
    pub fn message(&self) -> String {
        match self {
            SuspectedRename::Column { table, from, to } => format!(
                "{table}.{from} is dropped and {table}.{to} added with the same type: if this is a \
                 rename, declare it (--rename {table}.{from}={to}, #[shale(renamed_from = \"{from}\")] \
                 or -- shale:renamed-from {from}), otherwise the data in {table}.{from} is lost"
            ),
            SuspectedRename::Table { from, to } => format!(
                "table {from} is dropped and table {to} created with the same columns: if this is a \
                 rename, declare it, otherwise the rows of {from} are lost"
            ),
        }
    }
}

/// Compares `current` with `desired` and returns the changes that turn the first into
/// the second, with declared renames from `opts` applied first.
pub fn diff(current: &Schema, desired: &Schema, opts: &DiffOptions) -> Diff {
    let mut plan = Plan::default();
    let mut renames = declared_renames(current, desired, opts);
    let declared = applied(current, &renames);
    let folded = case_renames(&declared, desired);
    let working = applied(&declared, &folded);
    renames.extend(folded);
    for change in renames {
        let phase = match change {
            Change::RenameTable { .. } => Phase::RenameTable,
            _ => Phase::RenameColumn,
        };
        plan.push(phase, change);
    }
    diff_enums(&working, desired, &mut plan);
    let mut suspected = diff_tables(&working, desired, &mut plan);
    for (name, des) in &desired.tables {
        if let Some(cur) = working
            .tables
            .get(name)
            .filter(|cur| !repartitioned(cur, des))
        {
            super::inherit::inherited_columns(&working, desired, cur, des, &mut plan);
            let (cur, des) = super::inherit::adjust(&working, desired, cur, des, &mut plan);
            suspected.extend(diff_table(&cur, &des, opts.move_columns, &mut plan));
        }
    }
    super::objects::diff_objects(&working, desired, &mut plan);
    super::serial_sequence::keep_serial_sequences(&mut plan);
    super::routine_users::detach_from_rebuilt_routines(&working, &mut plan);
    let warnings = match opts.move_columns {
        true => Vec::new(),
        false => super::column_order::column_order_warnings(&working, desired),
    };
    Diff {
        changes: plan.into_changes(),
        suspected_renames: suspected,
        warnings,
    }
}

/// The declared renames that still apply: the old name exists now, the new one does
/// not, and the desired schema has the new name and not the old.
fn declared_renames(current: &Schema, desired: &Schema, opts: &DiffOptions) -> Vec<Change> {
    let mut out = Vec::new();
    let mut tables: BTreeMap<String, String> = BTreeMap::new();
    for (from, to) in &opts.table_renames {
        let from = &table_key(current, desired, current, from);
        let to = &table_key(current, desired, desired, to);
        let applies = current.tables.contains_key(from)
            && !current.tables.contains_key(to)
            && desired.tables.contains_key(to)
            && !desired.tables.contains_key(from);
        if applies && from != to {
            tables.insert(to.clone(), from.clone());
            out.push(Change::RenameTable {
                from: from.clone(),
                to: to.clone(),
            });
        }
    }
    for (table, from, to) in &opts.renames {
        let table = &table_key(current, desired, desired, table);
        let old_table = tables.get(table).unwrap_or(table);
        let (Some(cur), Some(des)) = (current.tables.get(old_table), desired.tables.get(table))
        else {
            continue;
        };
        let applies = cur.column(from).is_some()
            && cur.column(to).is_none()
            && des.column(to).is_some()
            && des.column(from).is_none();
        if applies && from != to {
            out.push(Change::RenameColumn {
                table: table.clone(),
                from: from.clone(),
                to: to.clone(),
            });
        }
    }
    out
}

/// The key in `side` (`current` or `desired`) of a table a declaration names: the name
/// itself, or, for a PostgreSQL name qualified by a schema that neither schema holds as
/// one of its other schemas (`public.users`, the connection's own schema written out),
/// its bare name when `side` has a table so named.
fn table_key(current: &Schema, desired: &Schema, side: &Schema, name: &str) -> String {
    let other_schema = |schema: &str| {
        [current, desired].iter().any(|s| {
            s.objects
                .values()
                .any(|o| o.kind == crate::schema::ObjectKind::Schema && o.name == schema)
        })
    };
    match name.split_once('.') {
        _ if side.tables.contains_key(name) => name.to_string(),
        Some((schema, bare)) if !other_schema(schema) && side.tables.contains_key(bare) => {
            bare.to_string()
        }
        _ => name.to_string(),
    }
}

fn diff_enums(current: &Schema, desired: &Schema, plan: &mut Plan) {
    for (name, labels) in &desired.enums {
        match current.enums.get(name) {
            None => plan.push(
                Phase::CreateEnum,
                Change::CreateEnum {
                    name: name.clone(),
                    labels: labels.clone(),
                },
            ),
            Some(old) if old != labels => plan.push(
                Phase::AlterEnum,
                Change::AlterEnum {
                    name: name.clone(),
                    from: old.clone(),
                    to: labels.clone(),
                },
            ),
            Some(_) => {}
        }
    }
    for (name, labels) in &current.enums {
        if !desired.enums.contains_key(name) {
            plan.push(
                Phase::DropEnum,
                Change::DropEnum {
                    name: name.clone(),
                    labels: labels.clone(),
                },
            );
        }
    }
}

/// Plans created and dropped tables in foreign-key order, and returns the suspected
/// table renames among them.
fn diff_tables(current: &Schema, desired: &Schema, plan: &mut Plan) -> Vec<SuspectedRename> {
    // A table whose partitioning changes is made anew: PostgreSQL cannot partition a
    // table, or change its partition key, in place.
    let created: BTreeMap<&str, &Table> = desired
        .tables
        .iter()
        .filter(|(n, t)| current.tables.get(*n).is_none_or(|c| repartitioned(c, t)))
        .map(|(n, t)| (n.as_str(), t))
        .collect();
    let dropped: BTreeMap<&str, &Table> = current
        .tables
        .iter()
        .filter(|(n, t)| desired.tables.get(*n).is_none_or(|d| repartitioned(t, d)))
        .map(|(n, t)| (n.as_str(), t))
        .collect();

    let (order, broken) = topological(&created);
    for name in order {
        let mut table = created[name.as_str()].clone();
        for (_, fk) in broken.iter().filter(|(t, _)| *t == name) {
            if let Some(key) = table.foreign_keys.remove(fk) {
                plan.push(
                    Phase::AddForeignKey,
                    Change::AddForeignKey {
                        table: name.clone(),
                        key,
                    },
                );
            }
        }
        plan.push(Phase::CreateTable, Change::CreateTable(table));
    }

    let (order, broken) = topological(&dropped);
    for name in order.into_iter().rev() {
        let mut table = dropped[name.as_str()].clone();
        for (_, fk) in broken.iter().filter(|(t, _)| *t == name) {
            if let Some(key) = table.foreign_keys.remove(fk) {
                plan.push(
                    Phase::DropForeignKey,
                    Change::DropForeignKey {
                        table: name.clone(),
                        key,
                    },
                );
            }
        }
        plan.push(Phase::DropTable, Change::DropTable(table));
    }

    let mut suspected = Vec::new();
    for (from, old) in &dropped {
        if let Some((to, _)) = created
            .iter()
            .find(|(to, new)| to != &from && same_columns(old, new))
        {
            suspected.push(SuspectedRename::Table {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
    }
    suspected
}

/// Whether the partitioning of a table differs between `current` and `desired`.
fn repartitioned(current: &Table, desired: &Table) -> bool {
    current.partition_by != desired.partition_by
}

fn same_columns(a: &Table, b: &Table) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| x.name == y.name && x.ty.same_as(&y.ty))
}

/// Plans the changes to one table that exists on both sides; with `move_columns`, its
/// columns are moved into the models' order.
fn diff_table(
    cur: &Table,
    des: &Table,
    move_columns: bool,
    plan: &mut Plan,
) -> Vec<SuspectedRename> {
    let t = &des.name;
    // Before the columns change: the columns that state no collation follow the table's.
    if cur.collation != des.collation {
        plan.push(
            Phase::AlterColumn,
            Change::AlterTableCollation {
                table: t.clone(),
                from: cur.collation.clone(),
                to: des.collation.clone(),
            },
        );
    }
    let suspected = diff_columns(cur, des, move_columns, plan);
    if cur.options != des.options {
        plan.push(
            Phase::AlterColumn,
            Change::AlterTableOptions {
                table: t.clone(),
                from: cur.options.clone(),
                to: des.options.clone(),
            },
        );
    }
    let (a, b) = (cur.primary_key.as_ref(), des.primary_key.as_ref());
    let key_changes = a.map(|k| &k.columns) != b.map(|k| &k.columns)
        || a.map(|k| &k.deferrable) != b.map(|k| &k.deferrable);
    if let (Some(from), Some(to), false) = (a, b, key_changes) {
        // Its comment alone (MySQL/MariaDB): dropped and added again next to each other,
        // which the renderer writes as one `ALTER TABLE`.
        if from.comment != to.comment {
            for change in [
                Change::DropPrimaryKey {
                    table: t.clone(),
                    key: from.clone(),
                },
                Change::AddPrimaryKey {
                    table: t.clone(),
                    key: to.clone(),
                },
            ] {
                plan.push(Phase::AddPrimaryKey, change);
            }
        } else if named(from) && named(to) && from.name != to.name {
            // A key under a name of the models' own choosing (PostgreSQL, SQLite) is
            // renamed; MySQL names every primary key PRIMARY, whatever the models say.
            plan.push(
                Phase::RenamePart,
                Change::RenamePart {
                    table: t.clone(),
                    from: super::Part::PrimaryKey(from.clone()),
                    to: super::Part::PrimaryKey(to.clone()),
                },
            );
        }
    } else if key_changes {
        if let Some(key) = cur.primary_key.clone() {
            plan.push(
                Phase::DropPrimaryKey,
                Change::DropPrimaryKey {
                    table: t.clone(),
                    key,
                },
            );
        }
        if let Some(key) = des.primary_key.clone() {
            plan.push(
                Phase::AddPrimaryKey,
                Change::AddPrimaryKey {
                    table: t.clone(),
                    key,
                },
            );
        }
    }
    super::parts::diff_parts(cur, des, plan);
    suspected
}

/// Whether a primary key has a name of its own: not none, nor MySQL's `PRIMARY`.
fn named(key: &crate::schema::PrimaryKey) -> bool {
    key.name
        .as_deref()
        .is_some_and(|n| !n.eq_ignore_ascii_case("PRIMARY"))
}

/// Renames of columns whose name differs from the desired one only in letter case: MySQL
/// and SQLite fold column names, so dropping one and adding the other fails there (the
/// column exists); on PostgreSQL the rename reaches the same schema and keeps the data.
/// Only a pair that matches no other column is renamed.
fn case_renames(current: &Schema, desired: &Schema) -> Vec<Change> {
    let mut out = Vec::new();
    for (name, des) in &desired.tables {
        let Some(cur) = current.tables.get(name) else {
            continue;
        };
        let gone: Vec<&str> = cur
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .filter(|c| des.column(c).is_none())
            .collect();
        let new: Vec<&str> = des
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .filter(|c| cur.column(c).is_none())
            .collect();
        let folds = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
        for from in &gone {
            let matches: Vec<&&str> = new.iter().filter(|to| folds(from, to)).collect();
            let [to] = matches.as_slice() else {
                continue;
            };
            if gone.iter().filter(|other| folds(other, to)).count() == 1 {
                out.push(Change::RenameColumn {
                    table: name.clone(),
                    from: from.to_string(),
                    to: to.to_string(),
                });
            }
        }
    }
    out
}

/// Plans moved (with `move_columns`), added, dropped and altered columns; returns
/// suspected column renames.
fn diff_columns(
    cur: &Table,
    des: &Table,
    move_columns: bool,
    plan: &mut Plan,
) -> Vec<SuspectedRename> {
    let t = &des.name;
    let moves = match move_columns {
        true => super::column_order::column_moves(cur, des),
        false => Vec::new(),
    };
    // A dropped column is put back by the downgrade where it was when dropped: after the
    // moves.
    let moved = super::apply::applied_to_table(cur, &moves);
    for change in moves {
        plan.push(Phase::MoveColumn, change);
    }
    let added: Vec<&Column> = des
        .columns
        .iter()
        .filter(|c| cur.column(&c.name).is_none())
        .collect();
    let dropped: Vec<&Column> = cur
        .columns
        .iter()
        .filter(|c| des.column(&c.name).is_none())
        .collect();
    for column in &added {
        plan_add_column(t, column, position_in(des, cur, &column.name), plan);
    }
    for new in &des.columns {
        if let Some(old) = cur.column(&new.name) {
            if !same_column(old, new) {
                plan_alter_column(t, old, new, plan);
            }
        }
    }
    // Last first, so that the downgrade adds them back first to last, each after the
    // column it followed.
    for column in dropped.iter().rev() {
        plan.push(
            Phase::DropColumn,
            Change::DropColumn {
                table: t.clone(),
                column: (*column).clone(),
                position: position_in(&moved, des, &column.name),
            },
        );
    }
    let mut suspected = Vec::new();
    let mut taken = Vec::new();
    for old in &dropped {
        let candidate = added
            .iter()
            .find(|new| old.ty.same_as(&new.ty) && !taken.contains(&new.name));
        if let Some(new) = candidate {
            taken.push(new.name.clone());
            suspected.push(SuspectedRename::Column {
                table: t.clone(),
                from: old.name.clone(),
                to: new.name.clone(),
            });
        }
    }
    suspected
}

/// A changed column. One that becomes NOT NULL may hold NULLs: it is altered (if
/// anything else changes, its new default included) while still nullable, backfilled (by
/// the author, or with the new default), then made NOT NULL — as a new NOT NULL column is.
fn plan_alter_column(table: &str, old: &Column, new: &Column, plan: &mut Plan) {
    let t = table.to_string();
    // With a default too (`NOT NULL DEFAULT x`): the default fills only rows inserted
    // from now on, so the rows already NULL need the backfill (of the default) as well.
    let needs_backfill = old.nullable && !new.nullable && !new.autoincrement;
    if !needs_backfill {
        plan.push(
            Phase::AlterColumn,
            Change::AlterColumn {
                table: t,
                from: old.clone(),
                to: new.clone(),
            },
        );
        return;
    }
    let nullable = Column {
        nullable: true,
        ..new.clone()
    };
    if !same_column(old, &nullable) {
        plan.push(
            Phase::AlterColumn,
            Change::AlterColumn {
                table: t.clone(),
                from: old.clone(),
                to: nullable.clone(),
            },
        );
    }
    plan.push(
        Phase::Backfill,
        Change::Backfill {
            table: t.clone(),
            column: new.name.clone(),
        },
    );
    plan.push(
        Phase::SetNotNull,
        Change::AlterColumn {
            table: t,
            from: nullable,
            to: new.clone(),
        },
    );
}

/// Where column `name` of `table` is, for a column that `other` (the same table on the
/// other side of the diff) does not have: `None` when only such columns follow it (added
/// in order, or added back in order, it ends up there), else first or after the column
/// before it.
fn position_in(table: &Table, other: &Table, name: &str) -> Option<ColumnPosition> {
    let at = table.columns.iter().position(|c| c.name == name)?;
    let kept_after = table.columns[at + 1..]
        .iter()
        .any(|c| other.column(&c.name).is_some());
    if !kept_after {
        return None;
    }
    Some(match at {
        0 => ColumnPosition::First,
        _ => ColumnPosition::After(table.columns[at - 1].name.clone()),
    })
}

/// A new column; a NOT NULL one without a default is added nullable, backfilled by the
/// author, then made NOT NULL, because existing rows have no value for it.
fn plan_add_column(
    table: &str,
    column: &Column,
    position: Option<ColumnPosition>,
    plan: &mut Plan,
) {
    let t = table.to_string();
    if column.nullable || column.default.is_some() || column.autoincrement {
        plan.push(
            Phase::AddColumn,
            Change::AddColumn {
                table: t,
                column: column.clone(),
                position,
            },
        );
        return;
    }
    let nullable = Column {
        nullable: true,
        ..column.clone()
    };
    plan.push(
        Phase::AddColumn,
        Change::AddColumn {
            table: t.clone(),
            column: nullable.clone(),
            position,
        },
    );
    plan.push(
        Phase::Backfill,
        Change::Backfill {
            table: t.clone(),
            column: column.name.clone(),
        },
    );
    plan.push(
        Phase::SetNotNull,
        Change::AlterColumn {
            table: t,
            from: nullable,
            to: column.clone(),
        },
    );
}

/// Whether two columns compute the same way (expressions compared in canonical form: the
/// databases write back `price * qty` as `(price * qty)` or `` `price` * `qty` ``).
fn same_generated(a: Option<&Generated>, b: Option<&Generated>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a.stored == b.stored && normalize_expr(&a.expression) == normalize_expr(&b.expression)
        }
        _ => false,
    }
}

/// Whether two columns of the same name are equal: type (see [`ColumnType::same_as`](crate::schema::ColumnType::same_as)),
/// nullability, auto-increment and how (serial or identity, and the identity's form), the default unless both
/// auto-increment (a serial's `nextval(…)` default is the database's business), the
/// `ON UPDATE` value, comment and collation.
pub(crate) fn same_column(a: &Column, b: &Column) -> bool {
    let defaults_match = (a.autoincrement && b.autoincrement)
        || canonical_default(a.default.as_deref()) == canonical_default(b.default.as_deref());
    a.ty.same_as(&b.ty)
        && same_generated(a.generated.as_ref(), b.generated.as_ref())
        && a.nullable == b.nullable
        && a.autoincrement == b.autoincrement
        && (a.serial == b.serial || !a.autoincrement)
        && a.identity == b.identity
        && defaults_match
        && canonical_default(a.on_update.as_deref()) == canonical_default(b.on_update.as_deref())
        && a.comment == b.comment
        && a.collation == b.collation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str]) -> Schema {
        let table = Table {
            name: "users".into(),
            columns: columns
                .iter()
                .map(|c| Column {
                    name: c.to_string(),
                    ty: "varchar(80)".into(),
                    nullable: true,
                    ..Column::default()
                })
                .collect(),
            ..Table::default()
        };
        Schema {
            tables: [("users".to_string(), table)].into(),
            ..Schema::default()
        }
    }

    #[test]
    fn a_declared_table_name_with_the_connections_schema_written_out_is_its_bare_name() {
        use crate::schema::{Object, ObjectKind};
        let with = |names: &[&str]| {
            let mut s = Schema::default();
            for name in names {
                let t = Table {
                    name: name.to_string(),
                    ..Table::default()
                };
                s.tables.insert(name.to_string(), t);
            }
            let billing = Object {
                kind: ObjectKind::Schema,
                name: "billing".into(),
                table: None,
                definition: "CREATE SCHEMA billing".into(),
            };
            s.objects.insert(billing.key(), billing);
            s
        };
        let renamed = |current: &Schema, desired: &Schema, from: &str, to: &str| {
            let opts = DiffOptions {
                table_renames: vec![(from.into(), to.into())],
                ..DiffOptions::default()
            };
            declared_renames(current, desired, &opts)
        };
        let rename = |from: &str, to: &str| {
            vec![Change::RenameTable {
                from: from.into(),
                to: to.into(),
            }]
        };
        let (current, desired) = (with(&["users"]), with(&["billing.members"]));
        assert_eq!(
            renamed(&current, &desired, "public.users", "billing.members"),
            rename("users", "billing.members")
        );
        let (current, desired) = (with(&["billing.users"]), with(&["members"]));
        assert_eq!(
            renamed(&current, &desired, "billing.users", "app.members"),
            rename("billing.users", "members")
        );
        // billing is another schema: billing.users is not the connection's users.
        let (current, desired) = (with(&["users"]), with(&["billing.members"]));
        assert_eq!(
            renamed(&current, &desired, "billing.users", "billing.members"),
            Vec::new()
        );
    }

    #[test]
    fn a_primary_key_under_a_name_of_its_own_is_renamed_but_not_mysqls_primary() {
        use crate::schema::PrimaryKey;
        let keyed = |name: Option<&str>| {
            let mut schema = table(&["id"]);
            schema.tables.get_mut("users").unwrap().primary_key = Some(PrimaryKey {
                name: name.map(str::to_string),
                columns: vec!["id".into()],
                deferrable: None,
                comment: None,
            });
            schema
        };
        let renames = |from, to| {
            diff(&keyed(from), &keyed(to), &DiffOptions::default())
                .changes
                .iter()
                .filter(|c| matches!(c, Change::RenamePart { .. }))
                .count()
        };
        assert_eq!(renames(Some("users_pkey"), Some("pk_users")), 1);
        // MySQL reports PRIMARY whatever the models call it; unnamed models name nothing.
        assert_eq!(renames(Some("PRIMARY"), Some("pk_users")), 0);
        assert_eq!(renames(Some("users_pkey"), None), 0);
    }

    #[test]
    fn a_column_differing_only_in_case_is_renamed() {
        let changes = diff(
            &table(&["Email", "note"]),
            &table(&["email", "note"]),
            &DiffOptions::default(),
        )
        .changes;
        assert_eq!(
            changes,
            [Change::RenameColumn {
                table: "users".into(),
                from: "Email".into(),
                to: "email".into(),
            }]
        );
        // Two candidates: no guess, a drop and an add each.
        let changes = diff(
            &table(&["Email", "EMAIL"]),
            &table(&["email"]),
            &DiffOptions::default(),
        )
        .changes;
        assert!(changes
            .iter()
            .all(|c| !matches!(c, Change::RenameColumn { .. })));
    }

    #[test]
    fn a_column_added_or_dropped_between_others_keeps_its_place() {
        use crate::diff::ColumnPosition;
        let current = table(&["id", "age", "x", "y"]);
        let desired = table(&["nick", "id", "mid", "age", "end"]);
        let changes = diff(&current, &desired, &DiffOptions::default()).changes;
        let positions: Vec<(String, Option<ColumnPosition>)> = changes
            .iter()
            .filter_map(|c| match c {
                Change::AddColumn {
                    column, position, ..
                }
                | Change::DropColumn {
                    column, position, ..
                } => Some((column.name.clone(), position.clone())),
                _ => None,
            })
            .collect();
        let after = |c: &str| Some(ColumnPosition::After(c.into()));
        assert_eq!(
            positions,
            [
                ("nick".into(), Some(ColumnPosition::First)),
                ("mid".into(), after("id")),
                ("end".into(), None),
                // Dropped last first; only columns dropped with them follow them.
                ("y".into(), None),
                ("x".into(), None),
            ]
        );
        // Applied, the columns are in the models' order; the downgrade restores them.
        let upgraded = crate::diff::apply_all(&current, &changes);
        assert_eq!(upgraded, desired);
        let undo: Vec<Change> = changes.iter().rev().map(Change::reverse).collect();
        assert_eq!(crate::diff::apply_all(&upgraded, &undo), current);
        let current = table(&["id", "gone", "age"]);
        let desired = table(&["id", "age"]);
        let changes = diff(&current, &desired, &DiffOptions::default()).changes;
        let undo: Vec<Change> = changes.iter().rev().map(Change::reverse).collect();
        assert_eq!(crate::diff::apply_all(&desired, &undo), current);
    }

    fn names(schema: &Schema) -> Vec<&str> {
        schema.tables["users"]
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect()
    }

    #[test]
    fn a_column_out_of_place_is_moved_where_the_dialect_can_move_it() {
        use crate::dialect::Dialect;
        let current = table(&["id", "name", "nickname", "created_at"]);
        let desired = table(&["id", "nickname", "name", "created_at"]);
        let mysql = DiffOptions::for_dialect(Dialect::Mysql);
        let changes = diff(&current, &desired, &mysql).changes;
        let [Change::MoveColumn {
            column, from, to, ..
        }] = changes.as_slice()
        else {
            panic!("one move expected: {changes:?}");
        };
        assert_eq!(column.name, "nickname");
        assert_eq!(*from, ColumnPosition::After("name".into()));
        assert_eq!(*to, ColumnPosition::After("id".into()));
        let upgraded = crate::diff::apply_all(&current, &changes);
        assert_eq!(names(&upgraded), names(&desired));
        let undo: Vec<Change> = changes.iter().rev().map(Change::reverse).collect();
        assert_eq!(
            names(&crate::diff::apply_all(&upgraded, &undo)),
            names(&current)
        );
        // PostgreSQL and SQLite cannot move a column: nothing, and no warning either.
        for dialect in [Dialect::Postgres, Dialect::Sqlite] {
            let d = diff(&current, &desired, &DiffOptions::for_dialect(dialect));
            assert!(d.changes.is_empty() && d.warnings.is_empty());
        }
    }

    #[test]
    fn renames_adds_and_drops_move_no_column_and_drops_come_back_where_they_were() {
        let mysql = DiffOptions::for_dialect(crate::dialect::Dialect::Mysql);
        let mut opts = mysql.clone();
        opts.renames.push(("users".into(), "a".into(), "a2".into()));
        let changes = diff(
            &table(&["id", "a", "gone", "b"]),
            &table(&["new", "id", "a2", "b", "last"]),
            &opts,
        )
        .changes;
        assert!(
            changes
                .iter()
                .all(|c| !matches!(c, Change::MoveColumn { .. })),
            "{changes:?}"
        );
        // A dropped column is put back after the column it followed once the others
        // moved, so that undoing the moves restores the table exactly.
        let current = table(&["x", "gone", "m", "y"]);
        let changes = diff(&current, &table(&["y", "m", "x"]), &mysql).changes;
        let upgraded = crate::diff::apply_all(&current, &changes);
        assert_eq!(names(&upgraded), ["y", "m", "x"]);
        let undo: Vec<Change> = changes.iter().rev().map(Change::reverse).collect();
        assert_eq!(
            names(&crate::diff::apply_all(&upgraded, &undo)),
            names(&current)
        );
    }

    #[test]
    fn a_column_added_in_the_middle_is_warned_of_one_added_last_is_not() {
        use crate::diff::column_order::column_order_warnings;
        let warnings =
            column_order_warnings(&table(&["id", "age"]), &table(&["id", "name", "age"]));
        assert_eq!(
            warnings,
            [
                "table users: new columns are added at the end on PostgreSQL and SQLite (columns: \
              id, age, name), where the models have id, name, age (MySQL/MariaDB add them there); \
              shale does not move columns on PostgreSQL and SQLite"
            ]
        );
        assert!(
            column_order_warnings(&table(&["id", "age"]), &table(&["id", "age", "name"]))
                .is_empty()
        );
        // A dropped column leaves no gap to report; a mere reorder plans nothing.
        assert!(column_order_warnings(&table(&["age", "id"]), &table(&["id", "age"])).is_empty());
        assert!(
            column_order_warnings(&table(&["id", "x", "age"]), &table(&["id", "age"])).is_empty()
        );
    }
}
