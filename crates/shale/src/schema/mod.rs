//! The schema model: what a database contains, as every source describes it.
//!
//! A [`Schema`] is produced by inspecting a live database, by applying SQL models to a
//! scratch database and inspecting it, or from Rust models; the diff compares two of them.
//! Everything is ordered (`BTreeMap`, column order kept) so that output is deterministic.
//! A column's type is a [`ColumnType`], parsed once, which also answers whether a change
//! of type keeps every value ([`TypeChange`]).

mod composite;
mod domain;
mod object;
mod types;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use composite::CompositeParts;
pub use domain::DomainParts;
pub(crate) use object::identifiers;
pub use object::{Object, ObjectKind};
pub(crate) use types::{default_display_width, folded};
pub use types::{ColumnType, Family, TypeChange};

/// A whole database schema: its tables, (PostgreSQL) enum types, and the other objects
/// (views, functions, triggers …) kept by their definitions.
///
/// Two schemas are equal when their tables, enums and objects are: the
/// [`table_defaults`](Schema::table_defaults) of the server they were read from are not
/// part of what they declare.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Schema {
    /// Tables by name.
    pub tables: BTreeMap<String, Table>,
    /// PostgreSQL enum types by name, with their labels in order.
    pub enums: BTreeMap<String, Vec<String>>,
    /// Views, functions, triggers, sequences, comments … by [`Object::key`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub objects: BTreeMap<String, Object>,
    /// What a MySQL/MariaDB table that states nothing gets, as inspection reads it:
    /// `COLLATE=` the database's default collation and `ENGINE=` the server's default
    /// storage engine. A table keeps only the options that differ from these
    /// ([`Table::collation`], [`Table::options`]); a change back to a default is written
    /// with the name read here (MySQL has no `ENGINE=DEFAULT`). Empty elsewhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub table_defaults: Vec<String>,
}

impl PartialEq for Schema {
    fn eq(&self, other: &Self) -> bool {
        self.tables == other.tables && self.enums == other.enums && self.objects == other.objects
    }
}

impl Eq for Schema {}

/// One table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    /// Columns in their declared order.
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    /// Indexes by name (not those that back a primary key or unique constraint).
    pub indexes: BTreeMap<String, Index>,
    /// Unique constraints by name.
    pub uniques: BTreeMap<String, UniqueConstraint>,
    /// Foreign keys by name.
    pub foreign_keys: BTreeMap<String, ForeignKey>,
    /// Check constraints by name.
    pub checks: BTreeMap<String, CheckConstraint>,
    /// A PostgreSQL partitioned table's partition key as the server writes it
    /// (`RANGE (created_at)`, `LIST (region)`, `HASH (id)`); its partitions are objects
    /// ([`ObjectKind::Partition`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<String>,
    /// The tables a PostgreSQL table inherits from (`INHERITS (…)`), in the order
    /// declared. Its `columns` and `checks` are then only those it has of its own: what
    /// it inherits is its parents' (a column declared in both is inherited, as the
    /// server merges the two).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inherits: Vec<String>,
    /// The columns this PostgreSQL child inherits whose default or `NOT NULL` it sets for
    /// itself (`ALTER TABLE child ALTER COLUMN c SET DEFAULT …`), by name: only those
    /// where it differs from what its parents give.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inherited_columns: BTreeMap<String, InheritedColumn>,
    /// Table options, upper-case. SQLite: `STRICT`, `WITHOUT ROWID`, in the order
    /// written. PostgreSQL: `UNLOGGED` for a table whose writes skip the WAL. MySQL/MariaDB: those the table states, in this order — `ENGINE=…` where
    /// it is not the server's default engine, `ROW_FORMAT=…` and `KEY_BLOCK_SIZE=…` where
    /// given (`CREATE_OPTIONS`) — so that a model saying nothing matches a table the
    /// server made with its defaults.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The table's collation where it differs from the database's default (MySQL/MariaDB,
    /// whose `DEFAULT CHARSET` follows from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

/// One column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The type as the database reports it, canonicalised per dialect (lowercase,
    /// e.g. `varchar(80)`, `bigint`, `timestamp with time zone`); serialised as that text.
    pub ty: ColumnType,
    pub nullable: bool,
    /// The server default as SQL text, as the database reports it.
    pub default: Option<String>,
    /// An auto-incrementing / identity / serial column.
    pub autoincrement: bool,
    /// A generated column's expression (`GENERATED ALWAYS AS (…)`); it has no default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    /// An auto-increment column that takes its values from a sequence it owns through a
    /// `nextval` default (PostgreSQL `serial`, `bigserial`, `smallserial`) rather than
    /// from an identity; `false` elsewhere.
    #[serde(default, skip_serializing_if = "is_false")]
    pub serial: bool,
    /// A PostgreSQL identity column's form where it is not the plain `GENERATED BY
    /// DEFAULT AS IDENTITY` of a new sequence; `None` for that form and for every column
    /// that is not an identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// The value the column takes when its row is updated (MySQL/MariaDB
    /// `ON UPDATE current_timestamp[(n)]`), as the database reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<String>,
    /// The column's comment (MySQL/MariaDB `COMMENT '…'`); PostgreSQL keeps comments as
    /// [`Object`]s (`COMMENT ON COLUMN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The column's collation where it differs from the default its type takes
    /// (PostgreSQL: the database's; MySQL/MariaDB: the table's). On MySQL a collation
    /// names its character set (`latin1_swedish_ci`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A PostgreSQL identity column's form beyond `GENERATED BY DEFAULT AS IDENTITY`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// `GENERATED ALWAYS` (an insert may not give a value without `OVERRIDING SYSTEM
    /// VALUE`); else `BY DEFAULT`.
    pub always: bool,
    /// The options of its sequence that differ from a new sequence's of the column's
    /// type, in this order: `START WITH n`, `INCREMENT BY n`, `MINVALUE n`, `MAXVALUE n`,
    /// `CACHE n`, `CYCLE` (a `START WITH` equal to the first value the other options
    /// give is left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

impl Identity {
    /// The identity as inspection reports it: `None` for the plain `BY DEFAULT` one.
    pub fn new(always: bool, options: Vec<String>) -> Option<Self> {
        (always || !options.is_empty()).then_some(Self { always, options })
    }

    /// The value of option `key` (`INCREMENT BY`, `MINVALUE` …), if given.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find_map(|o| o.strip_prefix(key)?.strip_prefix(' '))
    }
}

/// A column a PostgreSQL child inherits, as the child has it: its default and whether it
/// is `NOT NULL` (see [`Table::inherited_columns`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InheritedColumn {
    pub name: String,
    /// The child's default, as the server stores it; `None` for none.
    pub default: Option<String>,
    pub not_null: bool,
}

impl InheritedColumn {
    /// The column as a child has it without settings of its own: as `parent` gives it.
    pub fn from_parent(parent: &Column) -> Self {
        Self {
            name: parent.name.clone(),
            default: parent.default.clone(),
            not_null: !parent.nullable,
        }
    }
}

/// How a generated column is computed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generated {
    /// The expression, as the database reports it.
    pub expression: String,
    /// Stored (computed on write); else virtual (computed on read: MySQL, SQLite).
    pub stored: bool,
}

/// A primary key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    /// `DEFERRABLE` or `DEFERRABLE INITIALLY DEFERRED` (PostgreSQL); `None` for a key
    /// checked at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<String>,
    /// The key's comment (MySQL/MariaDB `PRIMARY KEY (…) COMMENT '…'`); PostgreSQL keeps
    /// comments as [`Object`]s (`COMMENT ON CONSTRAINT`), SQLite has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// An index that is not the primary key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    /// Column names, or expressions as text for expression indexes.
    pub columns: Vec<String>,
    pub unique: bool,
    /// A partial index's predicate (PostgreSQL, SQLite), as text.
    pub predicate: Option<String>,
    /// The sort order of each column where one is not ascending — `DESC`, and on
    /// PostgreSQL `DESC NULLS LAST` or `NULLS FIRST` — `""` for an ascending one; empty
    /// when every column is ascending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<String>,
    /// The access method where it is not the default B-tree (PostgreSQL: `hash`, `gin`,
    /// `gist`, `brin`, `spgist` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Columns stored in the index without being part of its key (PostgreSQL `INCLUDE`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// The operator class of each key column where it is not its type's default for the
    /// method (PostgreSQL `text_pattern_ops`, `gin_trgm_ops`), `""` for a default one;
    /// empty when every column takes the default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opclasses: Vec<String>,
    /// The collation of each key column where it is not the one the key takes by itself
    /// (PostgreSQL `(name COLLATE "C")`: the column's own, or for an expression its
    /// type's default), `""` where it is; empty when no key column has one of its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collations: Vec<String>,
    /// Storage parameters (PostgreSQL `WITH (fillfactor=70)`), each `name=value` as the
    /// server keeps it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub storage: Vec<String>,
    /// Hidden from the optimizer, yet kept up to date: the server's own word for it,
    /// `IGNORED` (MariaDB 10.6+) or `INVISIBLE` (MySQL 8), as inspection reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invisible: Option<String>,
    /// A unique index under which NULLs are equal to one another (PostgreSQL 15 `NULLS
    /// NOT DISTINCT`): one row at most may hold NULL.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    /// The index's comment (MySQL/MariaDB `COMMENT '…'` in its definition); PostgreSQL
    /// keeps comments as [`Object`]s (`COMMENT ON INDEX`), SQLite has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Index {
    /// `orders` as the databases report it: one entry per column, or none at all when
    /// every column is ascending.
    pub fn with_orders(mut self, orders: Vec<String>) -> Self {
        self.orders = if orders.iter().all(String::is_empty) {
            Vec::new()
        } else {
            orders
        };
        self
    }
}

/// A unique constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniqueConstraint {
    pub name: String,
    pub columns: Vec<String>,
    /// `DEFERRABLE` or `DEFERRABLE INITIALLY DEFERRED` (PostgreSQL); `None` for a
    /// constraint checked at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<String>,
    /// `DESC` for each column sorted descending, `""` for an ascending one; empty when
    /// every column is ascending (MySQL/MariaDB keep the order of a unique key).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<String>,
    /// A MySQL/MariaDB unique key hidden from the optimizer: see [`Index::invisible`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invisible: Option<String>,
    /// NULLs equal to one another (PostgreSQL 15 `UNIQUE NULLS NOT DISTINCT`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    /// A MySQL/MariaDB unique key's comment: see [`Index::comment`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A foreign key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    /// `CASCADE`, `SET NULL`, `RESTRICT`, `SET DEFAULT`; `None` for NO ACTION.
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    /// `DEFERRABLE` or `DEFERRABLE INITIALLY DEFERRED` (PostgreSQL); `None` for a key
    /// checked at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<String>,
    /// Left `NOT VALID` (PostgreSQL): rows already stored were not checked.
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_valid: bool,
    /// `MATCH FULL` (PostgreSQL): a key of several columns is either all NULL or all
    /// present in the referenced table; else `MATCH SIMPLE`, where one NULL column
    /// exempts the row.
    #[serde(default, skip_serializing_if = "is_false")]
    pub match_full: bool,
}

/// A check constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckConstraint {
    pub name: String,
    /// The boolean expression, as text.
    pub expression: String,
    /// Left `NOT VALID` (PostgreSQL): rows already stored were not checked.
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_valid: bool,
    /// MariaDB: the column whose definition holds this check (written inline, `qty int
    /// CHECK (qty >= 0)`; `LEVEL = 'Column'`), after which the check is named. It is
    /// part of the column — `MODIFY COLUMN` drops or restates it, `DROP CONSTRAINT`
    /// cannot reach it. `None` for a table's check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// `NO INHERIT` (PostgreSQL): the check holds for this table and not for the tables
    /// that inherit from it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_inherit: bool,
}

impl Table {
    /// The column named `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The checks written in the definition of column `name` (MariaDB).
    pub fn column_checks<'t>(&'t self, name: &'t str) -> impl Iterator<Item = &'t CheckConstraint> {
        self.checks
            .values()
            .filter(move |c| c.column.as_deref() == Some(name))
    }
}

impl Schema {
    /// The default named `key` in [`Schema::table_defaults`] (`ENGINE`, `COLLATE`).
    pub fn table_default(&self, key: &str) -> Option<&str> {
        self.table_defaults
            .iter()
            .find_map(|d| d.strip_prefix(key)?.strip_prefix('='))
    }

    /// Adds `object` under its key, replacing one with the same key.
    pub fn add_object(&mut self, object: Object) {
        self.objects.insert(object.key(), object);
    }

    /// `table`'s inherited column `name` as its parents give it, if they give one.
    pub fn parents_column(&self, table: &Table, name: &str) -> Option<InheritedColumn> {
        let (columns, _) = self.inherited_parts(&table.inherits);
        let column = columns.into_iter().find(|c| c.name == name)?;
        Some(InheritedColumn::from_parent(column))
    }

    /// The columns and checks a table named `parents` would inherit (PostgreSQL): each
    /// parent's own and, in turn, those of its parents, the first of a name kept.
    pub fn inherited_parts(&self, parents: &[String]) -> (Vec<&Column>, Vec<&CheckConstraint>) {
        let (mut columns, mut checks): (Vec<&Column>, Vec<&CheckConstraint>) = Default::default();
        let mut seen = Vec::new();
        let mut todo: Vec<&str> = parents.iter().rev().map(String::as_str).collect();
        while let Some(name) = todo.pop() {
            let Some(parent) = self.tables.get(name).filter(|_| !seen.contains(&name)) else {
                continue;
            };
            seen.push(name);
            todo.extend(parent.inherits.iter().rev().map(String::as_str));
            for c in &parent.columns {
                if !columns.iter().any(|k| k.name == c.name) {
                    columns.push(c);
                }
            }
            for c in parent.checks.values() {
                if !checks.iter().any(|k| k.name == c.name) {
                    checks.push(c);
                }
            }
        }
        (columns, checks)
    }
}
