//! MySQL / MariaDB: `MODIFY COLUMN` with the full definition, backtick quoting,
//! `AUTO_INCREMENT`, and indexes dropped with `DROP INDEX … ON`.

use super::ddl::{alter, column_def_with_checks, q, server_named_foreign_key};
use super::{mysql_online, RenderedStatement, SqlRenderer};
use crate::dialect::Dialect;
use crate::diff::{apply, apply_all, Change};
use crate::schema::{
    CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint,
};

/// Whether `drop` drops a column and `next` renames its expand/contract shadow column to
/// its name (the contract of a type change in place).
fn is_shadow_swap(drop: &Change, next: &Change) -> bool {
    match (drop, next) {
        (Change::DropColumn { table, column, .. }, Change::RenameColumn { table: t, from, to }) => {
            t == table && to == &column.name && from.ends_with(crate::plan::SHADOW_SUFFIX)
        }
        _ => false,
    }
}

/// Joins the rename of a shadow column into the statement that drops the column it
/// replaces: DDL commits statement by statement on MySQL/MariaDB, and in two statements
/// the column would be missing between them for the queries of the running release.
/// (`ALTER TABLE … DROP COLUMN c, RENAME COLUMN c_shale_new TO c`: MySQL 8, MariaDB 10.5.)
fn join_shadow_swap(
    drop: &mut RenderedStatement,
    rename: &Change,
    renamed: Option<RenderedStatement>,
) {
    let Change::RenameColumn { from, to, .. } = rename else {
        return;
    };
    const LOCK: &str = ", LOCK=NONE";
    let (body, lock) = match drop.sql.strip_suffix(LOCK) {
        Some(body) => (body.to_string(), LOCK),
        None => (drop.sql.clone(), ""),
    };
    drop.sql = format!("{body}, RENAME COLUMN {} TO {}{lock}", q(D, from), q(D, to));
    if let Some(comment) = renamed.and_then(|r| r.comment) {
        drop.comment = Some(match drop.comment.take() {
            Some(c) => format!("{c}\n{comment}"),
            None => comment,
        });
    }
}

/// Whether `change` and `next` must be one `ALTER TABLE`: an `AUTO_INCREMENT` column must
/// be part of a key at the end of every statement ("there can be only one auto column and
/// it must be defined as a key"), so such a column is added with its primary key, dropped
/// with it, and its primary key replaced in one statement (see [`key_auto_increment`]).
/// An index or unique key dropped and added again with another comment, and nothing else
/// changed, is one statement too, so that the table is never without it.
fn joins_next(change: &Change, next: &Change) -> bool {
    use Change::*;
    match (change, next) {
        (DropIndex { table, index: a }, AddIndex { table: t, index: b }) => {
            let recommented = Index {
                comment: b.comment.clone(),
                ..a.clone()
            };
            t == table && recommented == *b
        }
        (
            DropUnique { table, unique: a },
            AddUnique {
                table: t,
                unique: b,
            },
        ) => {
            let recommented = UniqueConstraint {
                comment: b.comment.clone(),
                ..a.clone()
            };
            t == table && recommented == *b
        }
        (AddColumn { table, column, .. }, AddPrimaryKey { table: t, key })
        | (
            DropPrimaryKey { table, key },
            DropColumn {
                table: t, column, ..
            },
        ) => t == table && column.autoincrement && key.columns.contains(&column.name),
        (DropPrimaryKey { table, .. }, AddPrimaryKey { table: t, .. }) => t == table,
        _ => false,
    }
}

impl Mysql {
    /// `change` and `next` ([`joins_next`]) as one `ALTER TABLE`. Online, a primary key
    /// replaced is in place (InnoDB rebuilds the table while writes go on); an
    /// `AUTO_INCREMENT` column added or dropped with its key is a copy, and a note says so.
    fn render_joined(
        &self,
        change: &Change,
        next: &Change,
        state: &Schema,
    ) -> Option<RenderedStatement> {
        let table = change.table()?;
        if let (Change::DropIndex { index: from, .. }, Change::AddIndex { index: to, .. }) =
            (change, next)
        {
            let sql = format!(
                "{}DROP INDEX {}, {}",
                alter(D, table),
                q(D, &from.name),
                super::ddl::add_index_clause(D, to)
            );
            return Some(self.joined(sql, change, next, state));
        }
        let first = super::ddl::render_common(self, change, state);
        let second = super::ddl::render_common(
            self,
            next,
            &crate::diff::applied(state, std::slice::from_ref(change)),
        );
        let ([first], [second]) = (first.as_slice(), second.as_slice()) else {
            return None;
        };
        let rest = second.strip_prefix(&alter(D, table))?;
        Some(self.joined(format!("{first}, {rest}"), change, next, state))
    }

    /// The joined statement `sql` of `change` and `next`, in the online form when this
    /// renderer writes it, with both changes' notes.
    fn joined(
        &self,
        sql: String,
        change: &Change,
        next: &Change,
        state: &Schema,
    ) -> RenderedStatement {
        let mut out = vec![match self.online {
            true => mysql_online::joined(change, next, state, sql),
            false => RenderedStatement { sql, comment: None },
        }];
        super::renderer::annotate(&mut out, 0, next, D);
        super::renderer::annotate(&mut out, 0, change, D);
        out.remove(0)
    }
}

/// The MySQL / MariaDB renderer; `online` writes each `ALTER`'s algorithm and lock (see
/// `mysql_online`).
pub(crate) struct Mysql {
    pub online: bool,
    /// The tables that have triggers before the revision (online form): a revision drops
    /// and recreates them around a table's changes, so the schema at a change no longer
    /// shows them, but a shadow table must not stand in for such a table
    /// ([`mysql_shadow`](super::mysql_shadow)).
    pub triggered: Vec<String>,
}

impl Mysql {
    pub(crate) fn plain() -> Self {
        Mysql {
            online: false,
            triggered: Vec::new(),
        }
    }

    /// The online form, for changes starting from `start`.
    pub(crate) fn online(start: &Schema) -> Self {
        let triggered = start
            .objects
            .values()
            .filter(|o| o.kind == crate::schema::ObjectKind::Trigger)
            .filter_map(|o| o.table.clone())
            .collect();
        Mysql {
            online: true,
            triggered,
        }
    }
}

const D: Dialect = Dialect::Mysql;

impl SqlRenderer for Mysql {
    fn dialect(&self) -> Dialect {
        D
    }

    fn autoincrement_clause(&self, _col: &Column) -> Option<String> {
        Some("AUTO_INCREMENT".to_string())
    }

    /// `TIMESTAMP` columns are NOT NULL unless told otherwise when
    /// `explicit_defaults_for_timestamp` is off, so nullability is always spelled out.
    fn explicit_null(&self) -> bool {
        true
    }

    fn inline_column_comment(&self) -> bool {
        true
    }

    /// A MySQL primary key is always named `PRIMARY`, and that name cannot be written.
    fn names_primary_key(&self) -> bool {
        false
    }

    /// Renders all changes in order — a column dropped and its expand/contract shadow
    /// renamed to its name in one `ALTER TABLE` (see [`join_shadow_swap`]).
    fn render_all(&self, start: &Schema, changes: &[Change]) -> Vec<RenderedStatement> {
        let mut state = start.clone();
        let mut out = Vec::new();
        let mut i = 0;
        while i < changes.len() {
            let change = &changes[i];
            let first = out.len();
            out.extend(self.render_change(change, &state));
            super::renderer::annotate(&mut out, first, change, D);
            if let Some(next) = changes.get(i + 1).filter(|n| joins_next(change, n)) {
                if let Some(joined) = self.render_joined(change, next, &state) {
                    out.truncate(first);
                    out.push(joined);
                    apply(&mut state, change);
                    apply(&mut state, next);
                    i += 2;
                    continue;
                }
            }
            apply(&mut state, change);
            if let Some(next) = changes.get(i + 1).filter(|n| is_shadow_swap(change, n)) {
                if out.len() == first + 1 {
                    let mut renamed = self.render_change(next, &state);
                    super::renderer::annotate(&mut renamed, 0, next, D);
                    apply(&mut state, next);
                    join_shadow_swap(&mut out[first], next, renamed.into_iter().next());
                    i += 2;
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    fn render_change(&self, change: &Change, state: &Schema) -> Vec<RenderedStatement> {
        if let Change::Backfill { table, column } = change {
            let default = super::ddl::column_default(state, table, column);
            return vec![super::ddl::backfill(
                D,
                table,
                column,
                default,
                self.backfill_note(),
            )];
        }
        if let Some(sync) = super::sync::render(D, change) {
            return sync;
        }
        let plain = match change {
            Change::AlterTableOptions { table, from, to } => {
                vec![alter_options(table, from, to, state)]
            }
            Change::AlterTableCollation { table, to, .. } => {
                convert_collation(self, table, to.as_deref(), state)
            }
            Change::AlterColumn { table, from, to } if from.generated == to.generated => {
                let checks = state.tables.get(table.as_str());
                let checks = checks.into_iter().flat_map(|t| t.column_checks(&to.name));
                vec![modify_column(self, table, to, checks)]
            }
            Change::MoveColumn {
                table, column, to, ..
            } => {
                let current = state.tables.get(table.as_str());
                let checks = current
                    .into_iter()
                    .flat_map(|t| t.column_checks(&column.name));
                let column = current
                    .and_then(|t| t.column(&column.name))
                    .unwrap_or(column);
                let modify = modify_column(self, table, column, checks);
                vec![format!("{modify}{}", super::ddl::place(D, Some(to)))]
            }
            Change::DropIndex { table, index } => {
                let current = state.tables.get(table.as_str());
                match current.and_then(|t| foreign_key_left_without_index(t, index)) {
                    // InnoDB refuses to drop the index a foreign key needs ("needed in a
                    // foreign key constraint"): the index it would have made itself comes
                    // back in the same statement, as it was before the models named one.
                    Some(key) => vec![format!(
                        "{}ADD INDEX {} ({}), DROP INDEX {}",
                        alter(D, table),
                        q(D, implicit_index_name(table, key)),
                        super::ddl::column_list(D, &key.columns),
                        q(D, &index.name)
                    )],
                    None => super::ddl::render_common(self, change, state),
                }
            }
            Change::AddCheck { table, check } | Change::DropCheck { table, check }
                if check.column.is_some() =>
            {
                column_check(self, change, table, check, state)
            }
            _ => super::ddl::render_common(self, change, state),
        };
        if self.online {
            return mysql_online::online(change, state, plain, &self.triggered);
        }
        plain
            .into_iter()
            .map(|sql| RenderedStatement { sql, comment: None })
            .collect()
    }

    fn backfill_note(&self) -> &'static str {
        " (in strict SQL mode, the default: STRICT_TRANS_TABLES)"
    }

    /// `MODIFY COLUMN` restates the whole column: type, collation, nullability, default,
    /// `AUTO_INCREMENT`, `ON UPDATE` and comment all come from `to` (what it leaves out
    /// is lost; `render_change` adds the column's own checks).
    fn alter_column(&self, table: &str, _from: &Column, to: &Column, _: &Schema) -> Vec<String> {
        vec![modify_column(self, table, to, std::iter::empty())]
    }

    fn drop_primary_key(&self, table: &str, _key: &PrimaryKey) -> String {
        format!("{}DROP PRIMARY KEY", alter(D, table))
    }

    fn drop_index(&self, table: &str, index: &Index) -> String {
        format!("DROP INDEX {} ON {}", q(D, &index.name), q(D, table))
    }

    /// A unique constraint is an index in MySQL.
    fn drop_unique(&self, table: &str, unique: &UniqueConstraint) -> String {
        format!("{}DROP INDEX {}", alter(D, table), q(D, &unique.name))
    }

    /// InnoDB creates an index named after a foreign key when no index starts with its
    /// columns, and keeps it when the foreign key is dropped; it goes with the key here,
    /// so that the table is left as it was before the key was added.
    fn drop_foreign_key(
        &self,
        table: &str,
        key: &ForeignKey,
        current: Option<&Table>,
    ) -> Vec<String> {
        let mut out = vec![format!(
            "{}DROP FOREIGN KEY {}",
            alter(D, table),
            q(D, &key.name)
        )];
        if current.is_some_and(|t| !has_index_for(t, &key.columns)) {
            let index = implicit_index_name(table, key);
            out.push(format!("DROP INDEX {} ON {}", q(D, index), q(D, table)));
        }
        out
    }
}

/// `ALTER TABLE t MODIFY COLUMN …` restating `column` whole, with the `checks` written
/// in its definition (MariaDB's column-level checks, which a `MODIFY COLUMN` without them
/// drops).
fn modify_column<'c>(
    r: &Mysql,
    table: &str,
    column: &Column,
    checks: impl Iterator<Item = &'c CheckConstraint>,
) -> String {
    format!(
        "{}MODIFY COLUMN {}",
        alter(D, table),
        column_def_with_checks(r, column, checks)
    )
}

/// A MariaDB column-level check added or dropped: it is part of its column, which
/// `DROP CONSTRAINT` cannot reach, so the column is restated with its other checks and,
/// when added, this one.
fn column_check(
    r: &Mysql,
    change: &Change,
    table: &str,
    check: &CheckConstraint,
    state: &Schema,
) -> Vec<String> {
    let current = state.tables.get(table);
    let Some(column) = current.and_then(|t| t.column(check.column.as_deref()?)) else {
        return super::ddl::render_common(r, change, state);
    };
    let others = current
        .into_iter()
        .flat_map(|t| t.column_checks(&column.name))
        .filter(|c| c.name != check.name);
    let added = matches!(change, Change::AddCheck { .. }).then_some(check);
    vec![modify_column(r, table, column, others.chain(added))]
}

/// `ALTER TABLE t ENGINE=…, ROW_FORMAT=…`: each option whose value changes, an option
/// no longer stated set back to its default (the server's default engine, as inspected,
/// `ROW_FORMAT=DEFAULT`, `KEY_BLOCK_SIZE=0`).
fn alter_options(table: &str, from: &[String], to: &[String], state: &Schema) -> String {
    let value = |options: &[String], key: &str| {
        options
            .iter()
            .find_map(|o| o.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_string)
    };
    let mut set = Vec::new();
    for key in ["ENGINE", "ROW_FORMAT", "KEY_BLOCK_SIZE"] {
        let new = value(to, key);
        if new == value(from, key) {
            continue;
        }
        let new = new.unwrap_or_else(|| match key {
            "ENGINE" => state
                .table_default("ENGINE")
                .unwrap_or("InnoDB")
                .to_string(),
            "ROW_FORMAT" => "DEFAULT".to_string(),
            _ => "0".to_string(),
        });
        set.push(format!("{key}={new}"));
    }
    format!("{}{}", alter(D, table), set.join(", "))
}

/// A table's collation changed: `CONVERT TO CHARACTER SET … COLLATE …` converts the
/// table's default and every text column, which is what the models say — a column that
/// states no collation of its own takes the table's. The columns that do state one are
/// restated after it (`MODIFY COLUMN`), since the conversion changes them too. `None`
/// is the database's default collation, named as inspection read it.
fn convert_collation(r: &Mysql, table: &str, to: Option<&str>, state: &Schema) -> Vec<String> {
    let Some(collation) = to.or(state.table_default("COLLATE")) else {
        return vec![format!(
            "{}CONVERT TO CHARACTER SET DEFAULT",
            alter(D, table)
        )];
    };
    let charset = collation.split('_').next().unwrap_or(collation);
    let mut out = vec![format!(
        "{}CONVERT TO CHARACTER SET {charset} COLLATE {collation}",
        alter(D, table)
    )];
    let own = state.tables.get(table).into_iter().flat_map(|t| {
        t.columns
            .iter()
            .filter(|c| c.collation.as_deref().is_some_and(|c| c != collation))
    });
    let table_state = state.tables.get(table);
    out.extend(own.map(|c| {
        let checks = table_state
            .into_iter()
            .flat_map(|t| t.column_checks(&c.name));
        modify_column(r, table, c, checks)
    }));
    out
}

/// The name of the index InnoDB made by itself for `key`: the constraint's name when
/// it was named, its first column's when the server named it (`{table}_ibfk_N`).
fn implicit_index_name<'k>(table: &str, key: &'k ForeignKey) -> &'k str {
    match key.columns.first() {
        Some(first) if server_named_foreign_key(table, key) => first,
        _ => &key.name,
    }
}

/// The foreign key of `table` that `index` is the only index for: dropping the index
/// would leave the key without one.
fn foreign_key_left_without_index<'t>(table: &'t Table, index: &Index) -> Option<&'t ForeignKey> {
    let mut rest = table.clone();
    rest.indexes.remove(&index.name);
    table
        .foreign_keys
        .values()
        .find(|key| index.columns.starts_with(&key.columns) && !has_index_for(&rest, &key.columns))
}

/// Whether an index, unique constraint or the primary key of `table` starts with
/// `columns`, so that InnoDB needed no index of its own for a foreign key on them.
fn has_index_for(table: &Table, columns: &[String]) -> bool {
    let starts = |cols: &[String]| cols.starts_with(columns);
    table
        .primary_key
        .as_ref()
        .is_some_and(|k| starts(&k.columns))
        || table.indexes.values().any(|i| starts(&i.columns))
        || table.uniques.values().any(|u| starts(&u.columns))
}

/// `changes` in an order MySQL/MariaDB accept: foreign keys guarded around type changes
/// ([`guard_foreign_keys`]) and `AUTO_INCREMENT` keyed ([`key_auto_increment`],
/// [`auto_increment_with_its_key`]).
pub(super) fn mysql_order(start: &Schema, changes: &[Change]) -> Vec<Change> {
    let keyed = auto_increment_with_its_key(start, &key_auto_increment(changes));
    guard_foreign_keys(start, &keyed)
}

/// Puts next to each other the changes that must be one `ALTER TABLE` ([`joins_next`]):
/// a new `AUTO_INCREMENT` column and the primary key added with it; a primary key of an
/// `AUTO_INCREMENT` column dropped and that column dropped, or else the primary key that
/// replaces it.
pub(super) fn auto_increment_with_its_key(start: &Schema, changes: &[Change]) -> Vec<Change> {
    let mut out = changes.to_vec();
    let mut i = 0;
    while i < out.len() {
        match out[i].clone() {
            Change::AddColumn { table, column, .. } if column.autoincrement => {
                let key = out[i + 1..].iter().position(|c| {
                    matches!(c, Change::AddPrimaryKey { table: t, key }
                        if *t == table && key.columns.contains(&column.name))
                });
                if let Some(at) = key {
                    let add = out.remove(i + 1 + at);
                    out.insert(i + 1, add);
                }
            }
            Change::DropPrimaryKey { table, key } => {
                let state = apply_all(start, &out[..i]);
                let auto = state.tables.get(&table).and_then(|t| {
                    t.columns
                        .iter()
                        .find(|c| c.autoincrement && key.columns.contains(&c.name))
                        .map(|c| c.name.clone())
                });
                let Some(auto) = auto else {
                    i += 1;
                    continue;
                };
                let dropped = out[i + 1..].iter().position(|c| {
                    matches!(c, Change::DropColumn { table: t, column, .. } if *t == table && column.name == auto)
                });
                let replaced = out[i + 1..].iter().position(
                    |c| matches!(c, Change::AddPrimaryKey { table: t, .. } if *t == table),
                );
                if let Some(at) = dropped {
                    let drop = out.remove(i + 1 + at);
                    out.insert(i + 1, drop);
                } else if let Some(at) = replaced.filter(|&at| at > 0) {
                    // The change now at `i` is looked at next.
                    let drop = out.remove(i);
                    out.insert(i + at, drop);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// An `AUTO_INCREMENT` column must be (the first column of) a key: the server refuses
/// `AUTO_INCREMENT` on a column before its primary key exists, and refuses to drop the
/// primary key of a column that still has it. A primary key added with a column that
/// becomes `AUTO_INCREMENT` goes before that column's change; a column that stops being
/// `AUTO_INCREMENT` changes before its primary key is dropped. The reversed changes are
/// put in order the same way, so the downgrade holds too.
pub(super) fn key_auto_increment(changes: &[Change]) -> Vec<Change> {
    let mut out = changes.to_vec();
    let keyed = |key: &PrimaryKey, column: &str| key.columns.iter().any(|c| c == column);
    let mut i = 0;
    while i < out.len() {
        if let Change::AlterColumn { table, from, to } = &out[i] {
            let (table, column) = (table.clone(), to.name.clone());
            let gains = !from.autoincrement && to.autoincrement;
            let loses = from.autoincrement && !to.autoincrement;
            let key_add = out[i..].iter().position(|c| {
                matches!(c, Change::AddPrimaryKey { table: t, key } if *t == table && keyed(key, &column))
            });
            let key_drop = out[..i].iter().position(|c| {
                matches!(c, Change::DropPrimaryKey { table: t, key } if *t == table && keyed(key, &column))
            });
            if let (true, Some(at)) = (gains, key_add) {
                let add = out.remove(i + at);
                out.insert(i, add);
                i += 1;
            } else if let (true, Some(at)) = (loses, key_drop) {
                let alter = out.remove(i);
                out.insert(at, alter);
            }
        }
        i += 1;
    }
    out
}

/// MySQL and MariaDB refuse to change the type of a column that a foreign key uses, on
/// either side ("Cannot change column … used in a foreign key constraint"). Such keys are
/// dropped before the first type change and added back, unchanged, after the last, so
/// that both sides of the key have their new types when it returns.
pub(super) fn guard_foreign_keys(start: &Schema, changes: &[Change]) -> Vec<Change> {
    let retypes = |c: &Change| match c {
        Change::AlterColumn { table, from, to } if !from.ty.same_as(&to.ty) => {
            Some((table.clone(), to.name.clone()))
        }
        _ => None,
    };
    let (Some(first), Some(last)) = (
        changes.iter().position(|c| retypes(c).is_some()),
        changes.iter().rposition(|c| retypes(c).is_some()),
    ) else {
        return changes.to_vec();
    };
    let retyped: Vec<(String, String)> = changes.iter().filter_map(retypes).collect();
    let uses = |table: &str, column: &str| {
        retyped
            .iter()
            .any(|(t, c)| t.as_str() == table && c.as_str() == column)
    };
    let gone = |table: &str, key: &ForeignKey| {
        changes.iter().any(|c| match c {
            Change::DropForeignKey { table: t, key: k } => t == table && k.name == key.name,
            Change::DropTable(t) => t.name == table,
            _ => false,
        })
    };
    let before = apply_all(start, &changes[..first]);
    let mut keys = Vec::new();
    for (name, table) in &before.tables {
        for key in table.foreign_keys.values() {
            let touched = key.columns.iter().any(|c| uses(name, c))
                || key.ref_columns.iter().any(|c| uses(&key.ref_table, c));
            if touched && !gone(name, key) {
                keys.push((name.clone(), key.clone()));
            }
        }
    }
    let mut out = changes[..first].to_vec();
    out.extend(keys.iter().map(|(table, key)| Change::DropForeignKey {
        table: table.clone(),
        key: key.clone(),
    }));
    out.extend_from_slice(&changes[first..=last]);
    out.extend(
        keys.into_iter()
            .map(|(table, key)| Change::AddForeignKey { table, key }),
    );
    out.extend_from_slice(&changes[last + 1..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::render::render;
    use crate::schema::CheckConstraint;

    fn sql(start: &Schema, changes: &[Change]) -> Vec<String> {
        render(D, start, changes)
            .into_iter()
            .map(|s| s.sql)
            .collect()
    }

    fn table(name: &str, columns: Vec<Column>) -> Table {
        Table {
            name: name.into(),
            columns,
            ..Table::default()
        }
    }

    fn text(name: &str, collation: Option<&str>) -> Column {
        Column {
            name: name.into(),
            ty: "varchar(20)".into(),
            nullable: true,
            collation: collation.map(str::to_string),
            ..Column::default()
        }
    }

    fn schema(tables: Vec<Table>) -> Schema {
        Schema {
            tables: tables.into_iter().map(|t| (t.name.clone(), t)).collect(),
            table_defaults: vec!["COLLATE=utf8mb4_general_ci".into(), "ENGINE=InnoDB".into()],
            ..Schema::default()
        }
    }

    #[test]
    fn invisible_indexes_in_the_servers_own_words() {
        let index = |invisible: Option<&str>| Index {
            name: "ix".into(),
            columns: vec!["a".into()],
            invisible: invisible.map(str::to_string),
            ..Index::default()
        };
        let start = schema(vec![table("t", vec![text("a", None)])]);
        let alter = |from, to| Change::AlterIndex {
            table: "t".into(),
            from: index(from),
            to: index(to),
        };
        // MySQL 8 (as inspection reads it there: INVISIBLE) and MariaDB (IGNORED).
        assert_eq!(
            sql(&start, &[alter(None, Some("INVISIBLE"))]),
            ["ALTER TABLE t ALTER INDEX ix INVISIBLE"]
        );
        assert_eq!(
            sql(&start, &[alter(Some("INVISIBLE"), None)]),
            ["ALTER TABLE t ALTER INDEX ix VISIBLE"]
        );
        assert_eq!(
            sql(&start, &[alter(Some("IGNORED"), None)]),
            ["ALTER TABLE t ALTER INDEX ix NOT IGNORED"]
        );
        let add = Change::AddIndex {
            table: "t".into(),
            index: index(Some("INVISIBLE")),
        };
        assert_eq!(sql(&start, &[add]), ["CREATE INDEX ix ON t (a) INVISIBLE"]);
    }

    #[test]
    fn table_options_go_back_to_the_servers_defaults() {
        let start = schema(vec![table("t", vec![text("a", None)])]);
        let options = |from: &[&str], to: &[&str]| Change::AlterTableOptions {
            table: "t".into(),
            from: from.iter().map(|o| o.to_string()).collect(),
            to: to.iter().map(|o| o.to_string()).collect(),
        };
        assert_eq!(
            sql(
                &start,
                &[options(&["ENGINE=MyISAM"], &["ROW_FORMAT=COMPRESSED"])]
            ),
            ["ALTER TABLE t ENGINE=InnoDB, ROW_FORMAT=COMPRESSED"]
        );
        assert_eq!(
            sql(
                &start,
                &[options(&["ROW_FORMAT=COMPRESSED", "KEY_BLOCK_SIZE=8"], &[])]
            ),
            ["ALTER TABLE t ROW_FORMAT=DEFAULT, KEY_BLOCK_SIZE=0"]
        );
    }

    #[test]
    fn a_collation_change_converts_and_restates_the_columns_with_their_own() {
        let mut t = table("t", vec![text("a", None), text("b", Some("latin1_bin"))]);
        t.collation = Some("latin1_swedish_ci".into());
        t.checks.insert(
            "b".into(),
            CheckConstraint {
                name: "b".into(),
                expression: "b <> ''".into(),
                column: Some("b".into()),
                ..CheckConstraint::default()
            },
        );
        let start = schema(vec![t]);
        let change = Change::AlterTableCollation {
            table: "t".into(),
            from: Some("latin1_swedish_ci".into()),
            to: None,
        };
        assert_eq!(
            sql(&start, std::slice::from_ref(&change)),
            [
                "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
                "ALTER TABLE t MODIFY COLUMN b varchar(20) COLLATE latin1_bin NULL CHECK (b <> '')",
            ]
        );
        // The column check is dropped by restating its column without it.
        let check = start.tables["t"].checks["b"].clone();
        let drop = Change::DropCheck {
            table: "t".into(),
            check,
        };
        assert_eq!(
            sql(&start, &[drop]),
            ["ALTER TABLE t MODIFY COLUMN b varchar(20) COLLATE latin1_bin NULL"]
        );
    }

    fn id(autoincrement: bool) -> Column {
        Column {
            name: "id".into(),
            ty: "integer".into(),
            autoincrement,
            ..Column::default()
        }
    }

    fn key() -> PrimaryKey {
        PrimaryKey {
            name: None,
            columns: vec!["id".into()],
            deferrable: None,
            comment: None,
        }
    }

    #[test]
    fn an_auto_increment_column_and_its_key_are_one_alter() {
        let other = Column {
            name: "name".into(),
            ty: "varchar(20)".into(),
            nullable: true,
            ..Column::default()
        };
        let start = schema(vec![table("a", vec![other.clone()])]);
        let add = Change::AddColumn {
            table: "a".into(),
            column: id(true),
            position: None,
        };
        let alter_other = Change::AlterColumn {
            table: "a".into(),
            from: other.clone(),
            to: Column {
                nullable: false,
                ..other
            },
        };
        let key_add = Change::AddPrimaryKey {
            table: "a".into(),
            key: key(),
        };
        let changes = [add, alter_other, key_add];
        assert_eq!(
            sql(&start, &changes)[0],
            "ALTER TABLE a ADD COLUMN id integer NOT NULL AUTO_INCREMENT, ADD PRIMARY KEY (id)"
        );
        // The downgrade drops them together too.
        let after = crate::diff::apply_all(&start, &changes);
        let undo: Vec<Change> = changes.iter().rev().map(Change::reverse).collect();
        let down = sql(&after, &undo);
        assert!(
            down.contains(&"ALTER TABLE a DROP PRIMARY KEY, DROP COLUMN id".to_string()),
            "{down:?}"
        );
        // A key of an AUTO_INCREMENT column replaced: one statement.
        let mut keyed = table("b", vec![id(true), other_id()]);
        keyed.primary_key = Some(key());
        let start = schema(vec![keyed]);
        let wider = PrimaryKey {
            columns: vec!["id".into(), "other_id".into()],
            ..key()
        };
        let changes = [
            Change::DropPrimaryKey {
                table: "b".into(),
                key: key(),
            },
            Change::AddPrimaryKey {
                table: "b".into(),
                key: wider,
            },
        ];
        assert_eq!(
            sql(&start, &changes),
            ["ALTER TABLE b DROP PRIMARY KEY, ADD PRIMARY KEY (id, other_id)"]
        );
    }

    #[test]
    fn a_column_is_added_where_the_models_put_it_on_mysql_only() {
        use crate::diff::ColumnPosition;
        let start = schema(vec![table("t", vec![text("a", None)])]);
        let add = |position| Change::AddColumn {
            table: "t".into(),
            column: text("b", None),
            position,
        };
        assert_eq!(
            sql(&start, &[add(Some(ColumnPosition::First))]),
            ["ALTER TABLE t ADD COLUMN b varchar(20) NULL FIRST"]
        );
        assert_eq!(
            sql(&start, &[add(Some(ColumnPosition::After("key".into())))]),
            ["ALTER TABLE t ADD COLUMN b varchar(20) NULL AFTER `key`"]
        );
        let pg = render(
            Dialect::Postgres,
            &start,
            &[add(Some(ColumnPosition::First))],
        );
        assert_eq!(pg[0].sql, "ALTER TABLE t ADD COLUMN b varchar(20)");
    }

    #[test]
    fn a_generated_column_recomputed_keeps_its_place_in_one_statement() {
        let generated = |stored| Column {
            name: "g".into(),
            ty: "int".into(),
            nullable: true,
            generated: Some(crate::schema::Generated {
                expression: "a * 2".into(),
                stored,
            }),
            ..Column::default()
        };
        let start = schema(vec![table(
            "t",
            vec![text("a", None), generated(false), text("b", None)],
        )]);
        let change = Change::AlterColumn {
            table: "t".into(),
            from: generated(false),
            to: generated(true),
        };
        assert_eq!(
            sql(&start, &[change]),
            ["ALTER TABLE t DROP COLUMN g, ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED AFTER a"]
        );
    }

    #[test]
    fn an_index_a_foreign_key_needs_is_dropped_with_the_servers_own_back() {
        let mut books = table("books", vec![text("author_id", None)]);
        let key = ForeignKey {
            name: "books_ibfk_1".into(),
            columns: vec!["author_id".into()],
            ref_table: "authors".into(),
            ref_columns: vec!["id".into()],
            ..ForeignKey::default()
        };
        books.foreign_keys.insert(key.name.clone(), key);
        let index = Index {
            name: "idx_author".into(),
            columns: vec!["author_id".into()],
            ..Index::default()
        };
        books.indexes.insert(index.name.clone(), index.clone());
        let start = schema(vec![books]);
        let drop = Change::DropIndex {
            table: "books".into(),
            index,
        };
        assert_eq!(
            sql(&start, &[drop]),
            ["ALTER TABLE books ADD INDEX author_id (author_id), DROP INDEX idx_author"]
        );
    }

    fn other_id() -> Column {
        Column {
            name: "other_id".into(),
            ty: "integer".into(),
            ..Column::default()
        }
    }

    /// The online form of `changes` from `start`, without the lock-wait settings around it.
    fn online_sql(start: &Schema, changes: &[Change]) -> Vec<RenderedStatement> {
        Mysql::online(start).render_all(start, &mysql_order(start, changes))
    }

    #[test]
    fn a_comment_changed_drops_and_adds_its_key_in_one_alter() {
        let index = |comment: Option<&str>| Index {
            name: "ix".into(),
            columns: vec!["a".into()],
            orders: vec!["DESC".into()],
            comment: comment.map(str::to_string),
            ..Index::default()
        };
        let unique = |comment: Option<&str>| UniqueConstraint {
            name: "u".into(),
            columns: vec!["b".into()],
            comment: comment.map(str::to_string),
            ..UniqueConstraint::default()
        };
        let mut t = table("t", vec![id(false), text("a", None), text("b", None)]);
        t.primary_key = Some(key());
        t.indexes.insert("ix".into(), index(Some("old")));
        t.uniques.insert("u".into(), unique(None));
        let start = schema(vec![t.clone()]);
        t.primary_key = Some(PrimaryKey {
            comment: Some("the key".into()),
            ..key()
        });
        t.indexes.insert("ix".into(), index(None));
        t.uniques.insert("u".into(), unique(Some("it's")));
        let desired = schema(vec![t]);
        let changes = crate::diff::diff(&start, &desired, &Default::default()).changes;
        let upgrade = [
            "ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id) COMMENT 'the key'",
            "ALTER TABLE t DROP INDEX ix, ADD INDEX ix (a DESC)",
            "ALTER TABLE t DROP INDEX u, ADD CONSTRAINT u UNIQUE (b) COMMENT 'it''s'",
        ];
        assert_eq!(sql(&start, &changes), upgrade);
        let undo: Vec<Change> = changes.iter().rev().map(Change::reverse).collect();
        assert_eq!(
            sql(&desired, &undo),
            [
                "ALTER TABLE t DROP INDEX u, ADD CONSTRAINT u UNIQUE (b)",
                "ALTER TABLE t DROP INDEX ix, ADD INDEX ix (a DESC) COMMENT 'old'",
                "ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id)",
            ]
        );
        let online: Vec<String> = online_sql(&start, &changes)
            .into_iter()
            .map(|s| s.sql)
            .collect();
        let inplace: Vec<String> = upgrade
            .iter()
            .map(|s| format!("{s}, ALGORITHM=INPLACE, LOCK=NONE"))
            .collect();
        assert_eq!(online, inplace);
        // Written in place where the key is made.
        let created = render(
            D,
            &Schema::default(),
            &[Change::CreateTable(desired.tables["t"].clone())],
        );
        assert!(
            created[0]
                .sql
                .contains("PRIMARY KEY (id) COMMENT 'the key'"),
            "{created:?}"
        );
        assert!(created[0]
            .sql
            .contains("CONSTRAINT u UNIQUE (b) COMMENT 'it''s'"));
        let create = render(
            D,
            &start,
            &[Change::AddIndex {
                table: "t".into(),
                index: index(Some("x")),
            }],
        );
        assert_eq!(create[0].sql, "CREATE INDEX ix ON t (a DESC) COMMENT 'x'");
    }

    #[test]
    fn a_column_is_moved_restated_whole_in_place_or_by_a_copy_where_it_must() {
        use crate::diff::ColumnPosition;
        let mut checked = text("c", None);
        checked.comment = Some("see".into());
        let mut t = table("t", vec![id(false), text("a", None), checked.clone()]);
        t.checks.insert(
            "c".into(),
            CheckConstraint {
                name: "c".into(),
                expression: "c <> ''".into(),
                column: Some("c".into()),
                ..CheckConstraint::default()
            },
        );
        let start = schema(vec![t.clone()]);
        let to_first = Change::MoveColumn {
            table: "t".into(),
            column: checked,
            from: ColumnPosition::After("a".into()),
            to: ColumnPosition::First,
        };
        let moved =
            "ALTER TABLE t MODIFY COLUMN c varchar(20) NULL COMMENT 'see' CHECK (c <> '') FIRST";
        assert_eq!(sql(&start, std::slice::from_ref(&to_first)), [moved]);
        let back = render(
            D,
            &apply_all(&start, std::slice::from_ref(&to_first)),
            &[to_first.reverse()],
        );
        assert!(back[0].sql.ends_with("AFTER a"), "{back:?}");
        let online = online_sql(&start, std::slice::from_ref(&to_first));
        assert_eq!(
            online[0].sql,
            format!("{moved}, ALGORITHM=INPLACE, LOCK=NONE")
        );
        // A FULLTEXT index: in place, writes blocked; a generated column: a copy.
        let mut fulltext = t.clone();
        fulltext.indexes.insert(
            "ft".into(),
            Index {
                name: "ft".into(),
                columns: vec!["a".into()],
                method: Some("fulltext".into()),
                ..Index::default()
            },
        );
        let online = online_sql(&schema(vec![fulltext]), std::slice::from_ref(&to_first));
        assert!(online[0].sql.ends_with(", ALGORITHM=INPLACE, LOCK=SHARED"));
        assert!(online[0]
            .comment
            .as_deref()
            .unwrap()
            .contains("LOCK=SHARED"));
        let mut generated = t;
        generated.columns.push(Column {
            name: "g".into(),
            ty: "int".into(),
            nullable: true,
            generated: Some(crate::schema::Generated {
                expression: "id + 1".into(),
                stored: false,
            }),
            ..Column::default()
        });
        let online = online_sql(&schema(vec![generated]), &[to_first]);
        assert_eq!(online[0].sql, moved);
        assert!(online[0]
            .comment
            .as_deref()
            .unwrap()
            .contains("ALGORITHM=COPY"));
    }

    #[test]
    fn auto_increment_columns_are_keyed_when_they_change() {
        let gains = Change::AlterColumn {
            table: "a".into(),
            from: id(false),
            to: id(true),
        };
        let add = Change::AddPrimaryKey {
            table: "a".into(),
            key: key(),
        };
        assert_eq!(
            key_auto_increment(&[gains.clone(), add.clone()]),
            [add.clone(), gains.clone()]
        );
        let drop = add.reverse();
        let loses = gains.reverse();
        assert_eq!(
            key_auto_increment(&[drop.clone(), loses.clone()]),
            [loses.clone(), drop.clone()]
        );
        // Another table's key does not move.
        let other = Change::AddPrimaryKey {
            table: "b".into(),
            key: key(),
        };
        assert_eq!(
            key_auto_increment(&[gains.clone(), other.clone()]),
            [gains, other]
        );
    }
}
