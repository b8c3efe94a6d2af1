//! SQLite: what `ALTER TABLE` can do natively (add, drop and rename columns, rename
//! tables; indexes are separate statements), and the table rebuild for the rest.
//!
//! The rebuild follows SQLite's documented procedure ("Making Other Kinds Of Table
//! Schema Changes", sqlite.org/lang_altertable.html): create the new table under a
//! temporary name, copy the rows, drop the old table, rename the new one, recreate the
//! indexes. Consecutive changes to one table collapse into a single rebuild; a backfill
//! ends the collapse, because its `UPDATE` must run between the two rebuilds.

use super::ddl::{create_table, q};
use super::{annotate, RenderedStatement, SqlRenderer};
use crate::dialect::Dialect;
use crate::diff::apply;
use crate::diff::Change;
use crate::schema::{Column, Index, PrimaryKey, Schema, Table};

/// The SQLite renderer.
pub(crate) struct Sqlite;

const D: Dialect = Dialect::Sqlite;

/// Changes to one table being collected into a rebuild.
struct Rebuild {
    /// The table as it was before the first collected change.
    from: Table,
    /// For each column of the table now, the column of `from` its values come from.
    origins: Vec<(String, String)>,
    /// The collected changes, for the comment above the rebuild.
    changes: Vec<Change>,
}

impl SqlRenderer for Sqlite {
    fn dialect(&self) -> Dialect {
        D
    }

    fn autoincrement_clause(&self, _col: &Column) -> Option<String> {
        None
    }

    fn backfill_note(&self) -> &'static str {
        " (the rebuild's INSERT checks every row)"
    }

    /// A single-column integer primary key that auto-increments is written inline as
    /// `PRIMARY KEY AUTOINCREMENT`: SQLite accepts `AUTOINCREMENT` nowhere else.
    fn inline_primary_key(&self, table: &Table) -> Option<(String, String)> {
        let pk = table.primary_key.as_ref()?;
        let [col] = pk.columns.as_slice() else {
            return None;
        };
        let column = table.column(col)?;
        (column.autoincrement && column.ty.as_str().trim().eq_ignore_ascii_case("integer"))
            .then(|| (col.clone(), "PRIMARY KEY AUTOINCREMENT".to_string()))
    }

    fn render_all(&self, start: &Schema, changes: &[Change]) -> Vec<RenderedStatement> {
        self.render_counting(start, changes).0
    }

    /// Never called: every column change goes through [`Sqlite::rebuild`].
    fn alter_column(&self, _table: &str, _from: &Column, _to: &Column, _: &Schema) -> Vec<String> {
        Vec::new()
    }

    /// Never called: a primary key change goes through [`Sqlite::rebuild`].
    fn drop_primary_key(&self, _table: &str, _key: &PrimaryKey) -> String {
        String::new()
    }

    fn drop_index(&self, _table: &str, index: &Index) -> String {
        format!("DROP INDEX {}", q(D, &index.name))
    }
}

impl Sqlite {
    /// Renders the changes, returning the statements and the number of rebuilds.
    fn render_counting(
        &self,
        start: &Schema,
        changes: &[Change],
    ) -> (Vec<RenderedStatement>, usize) {
        let mut run = Run {
            state: start.clone(),
            rebuilding: Vec::new(),
            creating: Vec::new(),
            out: Vec::new(),
            rebuilds: 0,
        };
        for (i, change) in changes.iter().enumerate() {
            run.step(change, &changes[i + 1..]);
        }
        for (_, rebuild) in std::mem::take(&mut run.rebuilding) {
            run.flush_rebuild(rebuild);
        }
        for table in std::mem::take(&mut run.creating) {
            run.flush_create(&table);
        }
        (run.out, run.rebuilds)
    }

    /// The statements of one rebuild, from `rebuild.from` to `to`.
    fn rebuild(&self, rebuild: &Rebuild, to: &Table) -> Vec<RenderedStatement> {
        let temp = format!("_shale_new_{}", to.name);
        let mut sql = create_table(self, to, &temp);
        let indexes = sql.split_off(1);
        let (new_cols, old_cols): (Vec<String>, Vec<String>) = to
            .columns
            .iter()
            // A generated column is computed, never copied.
            .filter(|c| c.generated.is_none())
            .filter_map(|c| rebuild.origins.iter().find(|(now, _)| *now == c.name))
            .map(|(now, old)| (q(D, now), q(D, old)))
            .unzip();
        sql.push(format!(
            "INSERT INTO {} ({}) SELECT {} FROM {}",
            q(D, &temp),
            new_cols.join(", "),
            old_cols.join(", "),
            q(D, &rebuild.from.name)
        ));
        sql.push(format!("DROP TABLE {}", q(D, &rebuild.from.name)));
        sql.push(format!(
            "ALTER TABLE {} RENAME TO {}",
            q(D, &temp),
            q(D, &to.name)
        ));
        sql.extend(indexes);
        let mut statements: Vec<RenderedStatement> = sql
            .into_iter()
            .map(|sql| RenderedStatement { sql, comment: None })
            .collect();
        let mut comment = rebuild.comment();
        if let Some(allow) = unnamed_allowed(to) {
            comment.push('\n');
            comment.push_str(&allow);
        }
        statements[0].comment = Some(comment);
        statements
    }
}

/// One pass over the changes: the schema so far, the rebuilds being collected, the new
/// tables whose `CREATE` waits for later changes to them, and the output.
struct Run {
    state: Schema,
    rebuilding: Vec<(String, Rebuild)>,
    /// New tables that later changes alter: created once, in their final form, instead
    /// of created and then rebuilt (SQLite does not check foreign key targets at creation).
    creating: Vec<String>,
    out: Vec<RenderedStatement>,
    rebuilds: usize,
}

impl Run {
    /// Renders (or collects) one change; `rest` are the changes after it.
    fn step(&mut self, change: &Change, rest: &[Change]) {
        if self.at_boundary(change) {
            apply(&mut self.state, change);
            return;
        }
        let part_of = change.table().filter(|_| !is_boundary(change));
        let collecting = part_of.and_then(|t| self.rebuilding.iter().position(|(n, _)| n == t));
        match (part_of, collecting) {
            (Some(t), _) if self.creating.iter().any(|c| c == t) => {}
            (_, Some(pos)) => self.rebuilding[pos].1.collect(change),
            (Some(t), None) if needs_rebuild_for(change, self.state.tables.get(t)) => {
                let mut rebuild = Rebuild::new(&self.state.tables[t]);
                rebuild.collect(change);
                self.rebuilding.push((t.to_string(), rebuild));
            }
            _ => match change {
                Change::CreateTable(t) if is_altered_later(&t.name, rest) => {
                    self.creating.push(t.name.clone());
                }
                _ => {
                    let first = self.out.len();
                    self.out.extend(Sqlite.render_change(change, &self.state));
                    annotate(&mut self.out, first, change, Dialect::Sqlite);
                }
            },
        }
        apply(&mut self.state, change);
    }

    /// Writes what is pending for the tables `change` is a boundary of. Returns true when
    /// the change itself is absorbed: dropping a table whose `CREATE` is still pending.
    fn at_boundary(&mut self, change: &Change) -> bool {
        let dropping = |table: &str| matches!(change, Change::DropTable(t) if t.name == table);
        let mut absorbed = false;
        // A view or trigger reads tables as they are: everything pending is written first.
        let tables = if is_object(change) {
            let mut all: Vec<String> = self.rebuilding.iter().map(|(t, _)| t.clone()).collect();
            all.extend(self.creating.iter().cloned());
            all
        } else {
            boundaries(change)
        };
        for table in tables {
            if let Some(pos) = self.rebuilding.iter().position(|(t, _)| *t == table) {
                let (_, rebuild) = self.rebuilding.remove(pos);
                // A table about to be dropped needs no rebuild first.
                if !dropping(&table) {
                    self.flush_rebuild(rebuild);
                }
            }
            if let Some(pos) = self.creating.iter().position(|t| *t == table) {
                self.creating.remove(pos);
                if dropping(&table) {
                    absorbed = true;
                } else {
                    self.flush_create(&table);
                }
            }
        }
        absorbed
    }

    fn flush_rebuild(&mut self, rebuild: Rebuild) {
        if let Some(to) = self.state.tables.get(&rebuild.from.name) {
            self.out.extend(Sqlite.rebuild(&rebuild, to));
            self.rebuilds += 1;
        }
    }

    fn flush_create(&mut self, table: &str) {
        if let Some(t) = self.state.tables.get(table) {
            let sql = create_table(&Sqlite, t, &t.name);
            let first = self.out.len();
            self.out.extend(
                sql.into_iter()
                    .map(|sql| RenderedStatement { sql, comment: None }),
            );
            if let Some(stmt) = self.out.get_mut(first) {
                stmt.comment = unnamed_allowed(t);
            }
        }
    }
}

/// Whether a change after a table's creation alters it, before anything ends that.
fn is_altered_later(table: &str, rest: &[Change]) -> bool {
    for change in rest {
        if is_object(change) || boundaries(change).iter().any(|t| t == table) {
            return false;
        }
        if change.table() == Some(table) {
            return true;
        }
    }
    false
}

impl Rebuild {
    fn new(from: &Table) -> Rebuild {
        Rebuild {
            from: from.clone(),
            origins: from
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.name.clone()))
                .collect(),
            changes: Vec::new(),
        }
    }

    /// Adds a change to the rebuild, following column renames and drops.
    fn collect(&mut self, change: &Change) {
        match change {
            Change::RenameColumn { from, to, .. } => {
                for (now, _) in self.origins.iter_mut().filter(|(now, _)| now == from) {
                    *now = to.clone();
                }
            }
            Change::DropColumn { column, .. } => {
                self.origins.retain(|(now, _)| *now != column.name)
            }
            _ => {}
        }
        self.changes.push(change.clone());
    }

    /// The comment above a rebuild: why, what it does, and any data-loss warnings.
    fn comment(&self) -> String {
        let mut lines: Vec<String> = self
            .changes
            .iter()
            .filter_map(Change::warning)
            .map(|w| format!("-- {w}"))
            .collect();
        let what: Vec<String> = self.changes.iter().map(Change::describe).collect();
        lines.push(format!(
            "-- SQLite cannot make these changes in place; rebuilding table {}: {}",
            self.from.name,
            what.join("; ")
        ));
        lines.join("\n")
    }
}

/// The tables whose collected rebuild must be written before `change` runs.
fn boundaries(change: &Change) -> Vec<String> {
    match change {
        Change::Backfill { table, .. }
        | Change::AddSync { table, .. }
        | Change::DropSync { table, .. } => vec![table.clone()],
        Change::RenameTable { from, to } => vec![from.clone(), to.clone()],
        Change::CreateTable(t) | Change::DropTable(t) => vec![t.name.clone()],
        _ => Vec::new(),
    }
}

/// The `-- shale:allow unnamed-constraint` lines for a table whose models leave some
/// constraints unnamed: SQLite keeps them so, and names are the models' to give.
pub(super) fn unnamed_allowed(table: &Table) -> Option<String> {
    let unnamed = table.uniques.values().filter(|u| u.name.is_empty()).count()
        + table
            .foreign_keys
            .values()
            .filter(|k| k.name.is_empty())
            .count()
        + table.checks.values().filter(|c| c.name.is_empty()).count();
    (unnamed > 0).then(|| {
        format!(
            "-- NOTE: the models leave {unnamed} constraint(s) of {} unnamed, and SQLite keeps them so\n\
             -- shale:allow unnamed-constraint",
            table.name
        )
    })
}

/// Changes to views and triggers, which end every pending rebuild and creation.
fn is_object(change: &Change) -> bool {
    matches!(
        change,
        Change::CreateObject(_) | Change::DropObject(_) | Change::ReplaceObject { .. }
    )
}

/// Changes that never join a rebuild.
fn is_boundary(change: &Change) -> bool {
    matches!(
        change,
        Change::Backfill { .. }
            | Change::UndoBackfill { .. }
            | Change::AddSync { .. }
            | Change::DropSync { .. }
    )
}

/// Whether a change to `table` (as it is before the change) needs a rebuild.
fn needs_rebuild_for(change: &Change, table: Option<&Table>) -> bool {
    let Some(table) = table else {
        return false;
    };
    match change {
        Change::AddIndex { .. } | Change::DropIndex { .. } | Change::RenameColumn { .. } => false,
        Change::AddColumn { column, .. } => !can_add_column(column),
        Change::DropColumn { column, .. } => !can_drop_column(table, &column.name),
        _ => true,
    }
}

/// `ALTER TABLE … ADD COLUMN` refuses a NOT NULL column without a default, a
/// non-constant default, and key columns (sqlite.org/lang_altertable.html).
fn can_add_column(column: &Column) -> bool {
    if column.generated.as_ref().is_some_and(|g| g.stored) {
        return false;
    }
    let constant_default = column.default.as_deref().is_none_or(|d| {
        let d = d.trim().to_ascii_lowercase();
        !d.starts_with('(') && !d.starts_with("current_")
    });
    (column.nullable || column.default.is_some()) && constant_default && !column.autoincrement
}

/// `ALTER TABLE … DROP COLUMN` refuses a column that a key, a unique constraint, an
/// index, a foreign key or a check uses.
fn can_drop_column(table: &Table, column: &str) -> bool {
    let named = |cols: &[String]| cols.iter().any(|c| c == column);
    let in_check = table.checks.values().any(|c| {
        crate::diff::apply::replace_identifier(&c.expression, column, "\u{0}") != c.expression
    });
    !(table
        .primary_key
        .as_ref()
        .is_some_and(|k| named(&k.columns))
        || table.uniques.values().any(|u| named(&u.columns))
        || table.indexes.values().any(|i| named(&i.columns))
        || table.foreign_keys.values().any(|f| named(&f.columns))
        || in_check)
}

/// Whether rendering `changes` from `start` writes at least one table rebuild.
pub(crate) fn needs_rebuild(start: &Schema, changes: &[Change]) -> bool {
    Sqlite.render_counting(start, changes).1 > 0
}
