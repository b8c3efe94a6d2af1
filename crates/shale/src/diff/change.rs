//! [`Change`]: one typed schema change, with its exact inverse.

use crate::schema::{
    CheckConstraint, Column, ForeignKey, Index, InheritedColumn, Object, PrimaryKey, Table,
    UniqueConstraint,
};
use serde::{Deserialize, Serialize};

/// One schema change, as the diff produces it and a renderer turns it into SQL.
///
/// Every change that removes something carries the whole removed object, so that
/// [`Change::reverse`] is exact: `c.reverse().reverse() == c` for every change.
///
/// `AlterColumn` holds two whole columns and is the largest variant by far; a diff makes
/// a few hundred changes at most, so they are not boxed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)]
pub enum Change {
    /// `CREATE TYPE … AS ENUM` (PostgreSQL; other dialects render nothing).
    CreateEnum { name: String, labels: Vec<String> },
    /// `DROP TYPE` of an enum, with its labels so that the inverse is exact.
    DropEnum { name: String, labels: Vec<String> },
    /// A table's options change ([`Table::options`]): on SQLite (`STRICT`, `WITHOUT
    /// ROWID`) through a rebuild; on MySQL/MariaDB (`ENGINE`, `ROW_FORMAT`,
    /// `KEY_BLOCK_SIZE`) by `ALTER TABLE`, an option no longer stated going back to the
    /// default.
    AlterTableOptions {
        table: String,
        from: Vec<String>,
        to: Vec<String>,
    },
    /// A MySQL/MariaDB table's collation changes ([`Table::collation`]; `None`: the
    /// database's default): its columns that state no collation of their own follow it.
    AlterTableCollation {
        table: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// A change of an enum's labels (PostgreSQL).
    AlterEnum {
        name: String,
        from: Vec<String>,
        to: Vec<String>,
    },
    /// A table becomes a child of `parent` (PostgreSQL `ALTER TABLE … INHERIT`): it
    /// already has the parent's columns and checks, which become inherited.
    Inherit { table: String, parent: String },
    /// A table stops inheriting from `parent` (`NO INHERIT`): the columns and checks it
    /// had from it become its own.
    NoInherit { table: String, parent: String },
    /// A PostgreSQL child's own default or `NOT NULL` on a column it inherits
    /// ([`Table::inherited_columns`]): `from` and `to` as the child has the column.
    AlterInheritedColumn {
        table: String,
        from: InheritedColumn,
        to: InheritedColumn,
    },
    /// A new table with its columns, keys and constraints (and then its indexes).
    CreateTable(Table),
    /// A dropped table, carried whole.
    DropTable(Table),
    /// A table renamed (declared by the author, never guessed).
    RenameTable { from: String, to: String },
    /// A new column on an existing table, at `position` (`None`: at the end).
    AddColumn {
        table: String,
        column: Column,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        position: Option<ColumnPosition>,
    },
    /// A dropped column, carried whole, with where it was (`None`: at the end, or after
    /// columns dropped with it), so that its reverse puts it back there.
    DropColumn {
        table: String,
        column: Column,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        position: Option<ColumnPosition>,
    },
    /// An existing column moved, unchanged, from where it is to another place in its
    /// table (MySQL/MariaDB `MODIFY COLUMN … FIRST | AFTER c`); `column` is its whole
    /// definition, which the statement restates.
    MoveColumn {
        table: String,
        column: Column,
        from: ColumnPosition,
        to: ColumnPosition,
    },
    /// A column renamed (declared by the author, never guessed).
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    /// A change of a column's type, nullability, default or auto-increment.
    AlterColumn {
        table: String,
        from: Column,
        to: Column,
    },
    /// The placeholder `UPDATE` that fills a new NOT NULL column on existing rows; the
    /// author must edit it. Its reverse is [`Change::UndoBackfill`], which renders nothing.
    Backfill { table: String, column: String },
    /// The reverse of a [`Change::Backfill`]: nothing to undo, renders nothing.
    UndoBackfill { table: String, column: String },
    /// A primary key added to an existing table.
    AddPrimaryKey { table: String, key: PrimaryKey },
    /// A primary key dropped from a table.
    DropPrimaryKey { table: String, key: PrimaryKey },
    /// A new index.
    AddIndex { table: String, index: Index },
    /// A dropped index.
    DropIndex { table: String, index: Index },
    /// An index made visible or invisible to the optimizer, in place (MySQL/MariaDB);
    /// nothing else about it changes.
    AlterIndex {
        table: String,
        from: Index,
        to: Index,
    },
    /// A new unique constraint.
    AddUnique {
        table: String,
        unique: UniqueConstraint,
    },
    /// A dropped unique constraint.
    DropUnique {
        table: String,
        unique: UniqueConstraint,
    },
    /// A new foreign key.
    AddForeignKey { table: String, key: ForeignKey },
    /// A dropped foreign key.
    DropForeignKey { table: String, key: ForeignKey },
    /// A part of a table that takes another name, nothing else about it changing
    /// (a primary key only where both names are known: PostgreSQL's):
    /// `ALTER INDEX … RENAME TO`, `ALTER TABLE … RENAME CONSTRAINT` (PostgreSQL), `RENAME
    /// INDEX` (MySQL/MariaDB), which keep the index built and the constraint validated.
    /// Where the server cannot rename that kind of part (a MySQL check or foreign key,
    /// anything on SQLite) it is rendered as the drop of `from` and the add of `to`. A
    /// unique index and a unique constraint enforce the same, so one may become the other.
    RenamePart { table: String, from: Part, to: Part },
    /// A new check constraint.
    AddCheck {
        table: String,
        check: CheckConstraint,
    },
    /// A dropped check constraint.
    DropCheck {
        table: String,
        check: CheckConstraint,
    },
    /// Triggers that keep two columns of an existing table equal while the old and the
    /// new release of an application run side by side (`--expand`), and the batched
    /// backfill that fills whichever of the two is empty.
    AddSync { table: String, sync: ColumnSync },
    /// The sync triggers dropped (the contract revision of an expand/contract change).
    DropSync { table: String, sync: ColumnSync },
    /// A new view, function, trigger, sequence, comment … (see [`Object`]).
    CreateObject(Object),
    /// A dropped object, carried whole.
    DropObject(Object),
    /// An object whose new definition replaces the old one in place (a PostgreSQL
    /// function's `CREATE OR REPLACE`, a comment).
    ReplaceObject { from: Object, to: Object },
    /// A serial column's own sequence that becomes a sequence of its own, the column
    /// still taking its values from it (`from` serial, `to` a `nextval` default), or the
    /// reverse: a sequence of that name taken by the column as its own (PostgreSQL
    /// `ALTER SEQUENCE … OWNED BY`). The sequence is kept, so the column counts on from
    /// where it was. `sequence` is the sequence as an object of its own.
    SequenceOwner {
        table: String,
        from: Column,
        to: Column,
        sequence: Object,
    },
}

/// A named part of a table, as [`Change::RenamePart`] carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    PrimaryKey(PrimaryKey),
    Index(Index),
    Unique(UniqueConstraint),
    Check(CheckConstraint),
    ForeignKey(ForeignKey),
}

impl Part {
    /// The part's name.
    pub fn name(&self) -> &str {
        match self {
            Part::PrimaryKey(p) => p.name.as_deref().unwrap_or_default(),
            Part::Index(p) => &p.name,
            Part::Unique(p) => &p.name,
            Part::Check(p) => &p.name,
            Part::ForeignKey(p) => &p.name,
        }
    }

    /// What kind of part it is, for humans: `index`, `unique`, `check`, `foreign key`.
    pub fn kind(&self) -> &'static str {
        match self {
            Part::PrimaryKey(_) => "primary key",
            Part::Index(_) => "index",
            Part::Unique(_) => "unique",
            Part::Check(_) => "check",
            Part::ForeignKey(_) => "foreign key",
        }
    }

    /// Whether the part is an index or a unique constraint: on MySQL/MariaDB both are
    /// indexes, renamed by `RENAME INDEX`.
    pub fn is_index(&self) -> bool {
        matches!(self, Part::Index(_) | Part::Unique(_))
    }

    /// The change that adds this part to `table`.
    pub fn added(&self, table: &str) -> Change {
        let table = table.to_string();
        match self.clone() {
            Part::PrimaryKey(key) => Change::AddPrimaryKey { table, key },
            Part::Index(index) => Change::AddIndex { table, index },
            Part::Unique(unique) => Change::AddUnique { table, unique },
            Part::Check(check) => Change::AddCheck { table, check },
            Part::ForeignKey(key) => Change::AddForeignKey { table, key },
        }
    }

    /// The change that drops this part from `table`.
    pub fn dropped(&self, table: &str) -> Change {
        self.added(table).reverse()
    }
}

/// Where a column is added in its table: first, or after another column. MySQL/MariaDB
/// write it (`FIRST`, `AFTER c`); PostgreSQL and SQLite add every column at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnPosition {
    First,
    After(String),
}

/// Two columns of one table kept equal in both directions during an expand/contract
/// change: `old` is the column the previous release writes, `new` the one the next release
/// writes (another name, another type, or both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnSync {
    pub old: Column,
    pub new: Column,
}

/// Whether `to` is `from` with some labels spelled anew at the same positions, none of
/// the new spellings among the old labels: PostgreSQL renames them in place, rows and all.
pub(crate) fn renames_labels(from: &[String], to: &[String]) -> bool {
    from.len() == to.len()
        && from
            .iter()
            .zip(to)
            .filter(|(a, b)| a != b)
            .all(|(old, new)| !from.contains(new) && !to.contains(old))
}

/// Whether `to` is `from` with labels added anywhere, the old ones kept in their order:
/// PostgreSQL adds them in place (`ALTER TYPE … ADD VALUE`).
pub(crate) fn adds_labels(from: &[String], to: &[String]) -> bool {
    let mut it = to.iter();
    from.iter().all(|x| it.any(|y| y == x))
}

impl Change {
    /// The change that undoes this one.
    pub fn reverse(&self) -> Change {
        use Change::*;
        let t = |s: &String| s.clone();
        match self {
            CreateEnum { name, labels } => DropEnum {
                name: t(name),
                labels: labels.clone(),
            },
            DropEnum { name, labels } => CreateEnum {
                name: t(name),
                labels: labels.clone(),
            },
            AlterTableOptions { table, from, to } => AlterTableOptions {
                table: t(table),
                from: to.clone(),
                to: from.clone(),
            },
            AlterTableCollation { table, from, to } => AlterTableCollation {
                table: t(table),
                from: to.clone(),
                to: from.clone(),
            },
            AlterEnum { name, from, to } => AlterEnum {
                name: t(name),
                from: to.clone(),
                to: from.clone(),
            },
            Inherit { table, parent } => NoInherit {
                table: t(table),
                parent: t(parent),
            },
            NoInherit { table, parent } => Inherit {
                table: t(table),
                parent: t(parent),
            },
            AlterInheritedColumn { table, from, to } => AlterInheritedColumn {
                table: t(table),
                from: to.clone(),
                to: from.clone(),
            },
            CreateTable(table) => DropTable(table.clone()),
            DropTable(table) => CreateTable(table.clone()),
            RenameTable { from, to } => RenameTable {
                from: t(to),
                to: t(from),
            },
            AddColumn {
                table,
                column,
                position,
            } => DropColumn {
                table: t(table),
                column: column.clone(),
                position: position.clone(),
            },
            DropColumn {
                table,
                column,
                position,
            } => AddColumn {
                table: t(table),
                column: column.clone(),
                position: position.clone(),
            },
            RenameColumn { table, from, to } => RenameColumn {
                table: t(table),
                from: t(to),
                to: t(from),
            },
            MoveColumn {
                table,
                column,
                from,
                to,
            } => MoveColumn {
                table: t(table),
                column: column.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            AlterColumn { table, from, to } => AlterColumn {
                table: t(table),
                from: to.clone(),
                to: from.clone(),
            },
            Backfill { table, column } => UndoBackfill {
                table: t(table),
                column: t(column),
            },
            UndoBackfill { table, column } => Backfill {
                table: t(table),
                column: t(column),
            },
            AddPrimaryKey { table, key } => DropPrimaryKey {
                table: t(table),
                key: key.clone(),
            },
            DropPrimaryKey { table, key } => AddPrimaryKey {
                table: t(table),
                key: key.clone(),
            },
            AddIndex { table, index } => DropIndex {
                table: t(table),
                index: index.clone(),
            },
            DropIndex { table, index } => AddIndex {
                table: t(table),
                index: index.clone(),
            },
            AlterIndex { table, from, to } => AlterIndex {
                table: t(table),
                from: to.clone(),
                to: from.clone(),
            },
            AddUnique { table, unique } => DropUnique {
                table: t(table),
                unique: unique.clone(),
            },
            DropUnique { table, unique } => AddUnique {
                table: t(table),
                unique: unique.clone(),
            },
            AddForeignKey { table, key } => DropForeignKey {
                table: t(table),
                key: key.clone(),
            },
            DropForeignKey { table, key } => AddForeignKey {
                table: t(table),
                key: key.clone(),
            },
            RenamePart { table, from, to } => RenamePart {
                table: t(table),
                from: to.clone(),
                to: from.clone(),
            },
            AddCheck { table, check } => DropCheck {
                table: t(table),
                check: check.clone(),
            },
            DropCheck { table, check } => AddCheck {
                table: t(table),
                check: check.clone(),
            },
            AddSync { table, sync } => DropSync {
                table: t(table),
                sync: sync.clone(),
            },
            DropSync { table, sync } => AddSync {
                table: t(table),
                sync: sync.clone(),
            },
            CreateObject(object) => DropObject(object.clone()),
            DropObject(object) => CreateObject(object.clone()),
            ReplaceObject { from, to } => ReplaceObject {
                from: to.clone(),
                to: from.clone(),
            },
            SequenceOwner {
                table,
                from,
                to,
                sequence,
            } => SequenceOwner {
                table: t(table),
                from: to.clone(),
                to: from.clone(),
                sequence: sequence.clone(),
            },
        }
    }

    /// Whether applying this change can destroy data: dropping a table or column,
    /// changing a column's type other than by a change known to keep every value (see
    /// [`ColumnType::change_to`](crate::schema::ColumnType::change_to); a narrowing cast
    /// can truncate values), or removing enum labels that rows may hold.
    pub fn is_destructive(&self) -> bool {
        match self {
            Change::DropTable(_) | Change::DropColumn { .. } => true,
            Change::DropObject(o) => o.kind == crate::schema::ObjectKind::Partition,
            Change::ReplaceObject { from, to } => !dropped_attributes(from, to).is_empty(),
            // A stored value that becomes computed is lost.
            Change::AlterColumn { from, to, .. } => {
                !from.ty.widens_to(&to.ty) || (from.generated.is_none() && to.generated.is_some())
            }
            // Labels spelled anew at the same places are renamed in place, rows and all.
            Change::AlterEnum { from, to, .. } => {
                from.iter().any(|l| !to.contains(l)) && !renames_labels(from, to)
            }
            _ => false,
        }
    }

    /// The table this change belongs to, for changes to one table's parts (columns,
    /// keys, indexes, constraints, backfills); `None` for whole tables and enums.
    pub fn table(&self) -> Option<&str> {
        use Change::*;
        match self {
            AddColumn { table, .. }
            | DropColumn { table, .. }
            | RenameColumn { table, .. }
            | MoveColumn { table, .. }
            | AlterColumn { table, .. }
            | Backfill { table, .. }
            | UndoBackfill { table, .. }
            | AddSync { table, .. }
            | DropSync { table, .. }
            | AddPrimaryKey { table, .. }
            | DropPrimaryKey { table, .. }
            | AddIndex { table, .. }
            | DropIndex { table, .. }
            | AlterIndex { table, .. }
            | AddUnique { table, .. }
            | DropUnique { table, .. }
            | AddForeignKey { table, .. }
            | DropForeignKey { table, .. }
            | AddCheck { table, .. }
            | DropCheck { table, .. }
            | RenamePart { table, .. }
            | Inherit { table, .. }
            | NoInherit { table, .. }
            | AlterInheritedColumn { table, .. }
            | AlterTableOptions { table, .. }
            | AlterTableCollation { table, .. }
            | SequenceOwner { table, .. } => Some(table),
            _ => None,
        }
    }

    /// A one-line description for humans, e.g. `drop column users.fullname`.
    pub fn describe(&self) -> String {
        use Change::*;
        match self {
            CreateEnum { name, .. } => format!("create enum {name}"),
            DropEnum { name, .. } => format!("drop enum {name}"),
            AlterEnum { name, .. } => format!("alter enum {name}"),
            AlterTableOptions { table, to, .. } => {
                format!("set the options of {table} to [{}]", to.join(", "))
            }
            AlterTableCollation { table, to, .. } => format!(
                "set the collation of {table} to {}",
                to.as_deref().unwrap_or("the database's default")
            ),
            Inherit { table, parent } => format!("make {table} inherit from {parent}"),
            NoInherit { table, parent } => format!("make {table} no longer inherit from {parent}"),
            AlterInheritedColumn { table, to, .. } => {
                format!("alter inherited column {table}.{}", to.name)
            }
            CreateTable(t) => format!("create table {}", t.name),
            DropTable(t) => format!("drop table {}", t.name),
            RenameTable { from, to } => format!("rename table {from} to {to}"),
            AddColumn { table, column, .. } => format!("add column {table}.{}", column.name),
            DropColumn { table, column, .. } => format!("drop column {table}.{}", column.name),
            RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
            MoveColumn {
                table, column, to, ..
            } => match to {
                ColumnPosition::First => format!("move column {table}.{} first", column.name),
                ColumnPosition::After(c) => {
                    format!("move column {table}.{} after {c}", column.name)
                }
            },
            AlterColumn { table, to, .. } => format!("alter column {table}.{}", to.name),
            Backfill { table, column } => format!("backfill {table}.{column}"),
            AddSync { table, sync } => format!(
                "sync columns {table}.{} and {table}.{} (triggers, backfill)",
                sync.old.name, sync.new.name
            ),
            DropSync { table, sync } => format!(
                "drop the sync of columns {table}.{} and {table}.{}",
                sync.old.name, sync.new.name
            ),
            UndoBackfill { table, column } => {
                format!("nothing to undo for backfill {table}.{column}")
            }
            AddPrimaryKey { table, .. } => format!("add primary key on {table}"),
            DropPrimaryKey { table, .. } => format!("drop primary key on {table}"),
            AddIndex { table, index } => format!("add index {} on {table}", index.name),
            DropIndex { table, index } => format!("drop index {} on {table}", index.name),
            AlterIndex { table, to, .. } => format!(
                "make index {} on {table} {}",
                to.name,
                if to.invisible.is_some() {
                    "invisible"
                } else {
                    "visible"
                }
            ),
            AddUnique { table, unique } => format!("add unique {} on {table}", unique.name),
            DropUnique { table, unique } => format!("drop unique {} on {table}", unique.name),
            AddForeignKey { table, key } => format!("add foreign key {} on {table}", key.name),
            DropForeignKey { table, key } => format!("drop foreign key {} on {table}", key.name),
            RenamePart { table, from, to } => format!(
                "rename {} {} on {table} to {}",
                from.kind(),
                from.name(),
                to.name()
            ),
            AddCheck { table, check } => format!("add check {} on {table}", check.name),
            DropCheck { table, check } => format!("drop check {} on {table}", check.name),
            CreateObject(o) => format!("create {}", o.key()),
            DropObject(o) => format!("drop {}", o.key()),
            ReplaceObject { to, .. } => format!("replace {}", to.key()),
            SequenceOwner {
                table,
                to,
                sequence,
                ..
            } => match to.serial {
                true => format!(
                    "make sequence {} owned by {table}.{}",
                    sequence.name, to.name
                ),
                false => format!(
                    "make sequence {} of {table}.{} a sequence of its own",
                    sequence.name, to.name
                ),
            },
        }
    }

    /// The warning to show above this change's SQL when it can destroy data.
    pub fn warning(&self) -> Option<String> {
        if !self.is_destructive() {
            return None;
        }
        let what = match self {
            Change::DropTable(t) => format!("drops table {} and all its rows", t.name),
            Change::DropObject(o) => format!(
                "drops partition {} of {} and all its rows",
                o.name,
                o.table.as_deref().unwrap_or_default()
            ),
            Change::DropColumn { table, column, .. } => {
                format!("drops column {table}.{}", column.name)
            }
            Change::AlterColumn { table, from, to } => {
                return Some(format!(
                    "WARNING: may destroy data: changes the type of {table}.{} from {} to {}; \
                     values may be truncated or fail to convert",
                    to.name, from.ty, to.ty
                ))
            }
            Change::AlterEnum { name, .. } => format!("removes labels from enum {name}"),
            Change::ReplaceObject { from, to } => format!(
                "drops attribute(s) {} of type {} and their values in every column of the type",
                dropped_attributes(from, to).join(", "),
                to.name
            ),
            other => other.describe(),
        };
        Some(format!("WARNING: destroys data: {what}"))
    }
}

/// The attributes of composite type `from` that `to` no longer has (none for other
/// objects): altered in place, their values stored in columns of the type are lost.
fn dropped_attributes(from: &crate::schema::Object, to: &crate::schema::Object) -> Vec<String> {
    use crate::schema::{CompositeParts, ObjectKind};
    if from.kind != ObjectKind::Type {
        return Vec::new();
    }
    let (Some(from), Some(to)) = (
        CompositeParts::parse(&from.definition),
        CompositeParts::parse(&to.definition),
    ) else {
        return Vec::new();
    };
    from.attributes
        .iter()
        .filter(|a| !to.attributes.iter().any(|b| b.0 == a.0))
        .map(|a| a.0.clone())
        .collect()
}
