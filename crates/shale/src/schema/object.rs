//! Schema objects that are not tables: views, functions, triggers, sequences, comments …
//!
//! shale keeps each of them by the statement that creates it, as the database itself
//! writes it back (`pg_get_viewdef`, `pg_get_functiondef`, `sqlite_master.sql`,
//! `information_schema`), so SQL models applied to a scratch database and a live database
//! compare exactly: two objects are the same when their definitions are, whitespace aside.
//! The kinds differ in where they run relative to tables ([`ObjectKind::before_tables`]),
//! in whether a changed one is replaced in place ([`Object::replaces_in_place`]) and in
//! how they are dropped (the dialect's renderer).

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What an [`Object`] is. The order is the order of creation among objects that do not
/// depend on each other (extensions before the functions that use them, views before
/// the comments on them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// A PostgreSQL schema other than the connection's own (`CREATE SCHEMA`), one of
    /// `[models] schemas`: created before everything in it, dropped after.
    Schema,
    /// PostgreSQL `CREATE EXTENSION`.
    Extension,
    /// PostgreSQL `CREATE COLLATION`: columns, domains and types may use it.
    Collation,
    /// A sequence that no column owns (PostgreSQL).
    Sequence,
    /// PostgreSQL `CREATE DOMAIN`.
    Domain,
    /// A PostgreSQL composite type (`CREATE TYPE t AS (…)`) or range type (`CREATE TYPE
    /// t AS RANGE (…)`). Enums are kept apart ([`Schema::enums`](super::Schema::enums)).
    Type,
    /// A function (PostgreSQL, MySQL/MariaDB stored function).
    Function,
    /// A procedure (PostgreSQL 11+, MySQL/MariaDB).
    Procedure,
    /// A view (every dialect).
    View,
    /// PostgreSQL `CREATE MATERIALIZED VIEW`.
    MaterializedView,
    /// An index on a materialized view, or on one partition of a partitioned table alone
    /// (PostgreSQL); `table` is the view or partition.
    ViewIndex,
    /// A table constraint kept by its definition: PostgreSQL `EXCLUDE` constraints.
    Constraint,
    /// A trigger (every dialect); `table` is the table it fires on.
    Trigger,
    /// PostgreSQL `ALTER TABLE … ENABLE ROW LEVEL SECURITY` (and `FORCE`).
    RowSecurity,
    /// PostgreSQL `CREATE POLICY`; `table` is its table.
    Policy,
    /// A scheduled event (MySQL/MariaDB `CREATE EVENT`).
    Event,
    /// A comment on a table, column, view or other object (`COMMENT ON`, MySQL's table
    /// `COMMENT =`); `table` is the object commented on.
    Comment,
    /// The privileges one grantee holds on a table, view or sequence (`GRANT … ON … TO
    /// …`; PostgreSQL and MySQL/MariaDB), compared only with `[models] privileges = true`;
    /// `table` is the object, `name` the grantee.
    Grant,
    /// A partition of a PostgreSQL partitioned table (`CREATE TABLE p PARTITION OF t FOR
    /// VALUES …`); `table` is the partitioned table. Its columns, keys and indexes are
    /// the partitioned table's.
    Partition,
    /// How a MySQL/MariaDB table is partitioned, as the `ALTER TABLE t PARTITION BY …
    /// (PARTITION …)` that makes it so; `table` and `name` are the table.
    Partitioning,
}

impl ObjectKind {
    /// The kind as written in messages and in the `kind:name` keys of
    /// [`Schema::objects`](super::Schema::objects): `view`, `materialized view` …
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Schema => "schema",
            ObjectKind::Extension => "extension",
            ObjectKind::Collation => "collation",
            ObjectKind::Sequence => "sequence",
            ObjectKind::Domain => "domain",
            ObjectKind::Type => "type",
            ObjectKind::Function => "function",
            ObjectKind::Procedure => "procedure",
            ObjectKind::View => "view",
            ObjectKind::MaterializedView => "materialized view",
            ObjectKind::ViewIndex => "index",
            ObjectKind::Constraint => "constraint",
            ObjectKind::Trigger => "trigger",
            ObjectKind::RowSecurity => "row security",
            ObjectKind::Policy => "policy",
            ObjectKind::Event => "event",
            ObjectKind::Comment => "comment",
            ObjectKind::Grant => "grant",
            ObjectKind::Partition => "partition",
            ObjectKind::Partitioning => "partitioning",
        }
    }

    /// Whether objects of this kind exist before tables are created and outlive them
    /// when tables are dropped: tables may use them (a column of a domain type, a default
    /// that calls a function or takes a sequence's next value). The other kinds are built
    /// on tables, so they are dropped before table changes and created after.
    pub fn before_tables(self) -> bool {
        matches!(
            self,
            ObjectKind::Schema
                | ObjectKind::Extension
                | ObjectKind::Collation
                | ObjectKind::Sequence
                | ObjectKind::Domain
                | ObjectKind::Type
                | ObjectKind::Function
                | ObjectKind::Procedure
        )
    }
}

impl ObjectKind {
    /// Whether objects of this kind describe another object rather than being one (a
    /// comment, a grant): nothing refers to them by name, and they are rebuilt only when
    /// the object they are on goes away, not when it changes.
    pub fn is_attached(self) -> bool {
        matches!(
            self,
            ObjectKind::Comment | ObjectKind::Grant | ObjectKind::Partitioning
        )
    }

    /// Whether objects of this kind outlive changes to the table they are on, and so are
    /// dropped only when it goes away: comments, grants, and partitions (which take
    /// their table's new columns and keys themselves; rebuilding one would lose its rows).
    pub fn survives_table_changes(self) -> bool {
        self.is_attached() || self == ObjectKind::Partition
    }
}

impl std::fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One schema object kept by its definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Object {
    pub kind: ObjectKind,
    /// Its name: for a function or procedure with its argument types (`total(integer)`),
    /// for a comment what it is on (`column users.email`).
    pub name: String,
    /// The table (or view) it belongs to, for triggers, policies, constraints, comments
    /// and view indexes.
    pub table: Option<String>,
    /// The statement that creates it, as the database writes it back, without `;`.
    pub definition: String,
}

impl Object {
    /// The key of this object in [`Schema::objects`](super::Schema::objects):
    /// `trigger users.audit`, `view user_items`.
    pub fn key(&self) -> String {
        match &self.table {
            Some(table) if self.kind != ObjectKind::Comment => {
                format!("{} {table}.{}", self.kind, self.name)
            }
            _ => format!("{} {}", self.kind, self.name),
        }
    }

    /// Whether a changed definition replaces this object in place, without dropping it
    /// (and so without dropping what depends on it): a comment, a MySQL table's
    /// partitioning (`ALTER TABLE … PARTITION BY` repartitions in one statement), and a definition the
    /// database writes as `CREATE OR REPLACE` (PostgreSQL functions and procedures).
    pub fn replaces_in_place(&self) -> bool {
        let head: String = self.definition.chars().take(20).collect();
        matches!(self.kind, ObjectKind::Comment | ObjectKind::Partitioning)
            || head.to_ascii_uppercase().starts_with("CREATE OR REPLACE ")
    }

    /// Whether `to` replaces this object in place (see [`Object::replaces_in_place`]):
    /// both are replaceable and, for a routine, its signature line and `RETURNS` stay.
    /// PostgreSQL's `CREATE OR REPLACE` cannot change a function's result type or rename
    /// its parameters; such a change drops the routine and creates it again.
    pub fn replaceable_by(&self, to: &Object) -> bool {
        // The parameter list (to its closing parenthesis) and the RETURNS clause.
        let head = |o: &Object| -> (String, String) {
            let d = o.definition.as_str();
            let close = d.find('(').map_or(0, |open| {
                let mut depth = 0;
                d[open..]
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '(' => 1,
                            ')' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map_or(d.len(), |(i, _)| open + i + 1)
            });
            let returns = d.find("RETURNS ").map_or("", |at| {
                let rest = &d[at..];
                let end = ["\n", " AS ", " LANGUAGE "]
                    .iter()
                    .filter_map(|w| rest.find(w))
                    .min()
                    .unwrap_or(rest.len());
                &rest[..end]
            });
            (words(&d[..close]).collect(), words(returns).collect())
        };
        let routine = matches!(self.kind, ObjectKind::Function | ObjectKind::Procedure);
        self.replaces_in_place() && to.replaces_in_place() && (!routine || head(self) == head(to))
    }

    /// Whether a change from this definition to `to`'s is made by altering the object in
    /// place: a PostgreSQL sequence (`ALTER SEQUENCE` takes every option `CREATE` does),
    /// a domain whose name, type and collation stay (`ALTER DOMAIN` changes its default,
    /// `NOT NULL` and checks), and a composite type whose attributes keep their order
    /// (`ALTER TYPE … ADD | DROP | ALTER ATTRIBUTE`). All are base objects that columns use:
    /// dropping one to create it again fails while a column depends on it.
    pub fn alters_in_place(&self, to: &Object) -> bool {
        match (self.kind, to.kind) {
            (ObjectKind::Sequence, ObjectKind::Sequence) => {
                self.definition.starts_with("CREATE SEQUENCE ")
                    && to.definition.starts_with("CREATE SEQUENCE ")
            }
            (ObjectKind::Domain, ObjectKind::Domain) => {
                let (a, b) = (
                    super::DomainParts::parse(&self.definition),
                    super::DomainParts::parse(&to.definition),
                );
                words(&a.head).eq(words(&b.head))
            }
            (ObjectKind::Type, ObjectKind::Type) => {
                match (
                    super::CompositeParts::parse(&self.definition),
                    super::CompositeParts::parse(&to.definition),
                ) {
                    (Some(a), Some(b)) => a.alter_to(&b).is_some(),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Whether `other` is the same object with the same definition, whitespace aside.
    pub fn same_as(&self, other: &Object) -> bool {
        self.kind == other.kind
            && self.name == other.name
            && self.table == other.table
            && words(&self.definition).eq(words(&other.definition))
    }

    /// The names among `names` that this object refers to: its table, and every name
    /// that appears as an identifier in its definition (quoted or not, any case). This
    /// over-approximates (a column named like a table counts), which only ever adds an
    /// ordering constraint or a recreation, never loses one.
    pub fn references<'a>(&self, names: &'a BTreeSet<String>) -> BTreeSet<&'a str> {
        let mut out = BTreeSet::new();
        if let Some(table) = &self.table {
            if let Some(name) = names.get(table) {
                out.insert(name.as_str());
            }
        }
        for token in identifiers(&self.definition) {
            if let Some(name) = names.get(&token) {
                if Some(name) != Some(&self.name) {
                    out.insert(name.as_str());
                }
            }
        }
        out
    }
}

/// The whitespace-separated words of `text`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
}

/// The identifiers in `sql`, unquoted (`"x"`, `` `x` ``, `[x]`) and as written, plus a
/// lower-case copy of each unquoted one (databases fold unquoted names). A qualified name
/// (`billing.invoices`, `"Billing".x`) also counts as a whole, its parts unquoted and
/// folded the same way, so that objects in other PostgreSQL schemas are found by the
/// qualified names they are kept under. String literals are skipped.
pub(crate) fn identifiers(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The folded form of the identifier just read, and where it ended.
    let mut last: Option<(String, usize)> = None;
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let before = out.len();
        let starts_name = matches!(c, '"' | '`' | '[') || c.is_alphabetic() || c == '_';
        let qualifier = if starts_name {
            last.take()
                .filter(|(_, end)| sql[*end..i].trim() == ".")
                .map(|(name, _)| name)
        } else {
            if !(c.is_whitespace() || c == '.') {
                last = None;
            }
            None
        };
        match c {
            '\'' => {
                for (_, d) in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                }
            }
            '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                let mut name = String::new();
                for (_, d) in chars.by_ref() {
                    if d == close {
                        break;
                    }
                    name.push(d);
                }
                out.push(name);
                last = Some((out[before].clone(), end_of(&mut chars, sql)));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' || d == '$' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let word = &sql[i..end];
                out.push(word.to_string());
                let lower = word.to_lowercase();
                if lower != word {
                    out.push(lower.clone());
                }
                last = Some((lower, end));
            }
            _ => {}
        }
        if let (Some(schema), Some(name)) = (qualifier, out.get(before..).and_then(|n| n.last())) {
            let qualified = format!("{schema}.{name}");
            out.push(qualified);
        }
    }
    out
}

/// The byte offset where the next character of `chars` starts (the end of `sql` when
/// none is left).
fn end_of(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, sql: &str) -> usize {
    chars.peek().map_or(sql.len(), |&(j, _)| j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, definition: &str) -> Object {
        Object {
            kind: ObjectKind::View,
            name: name.into(),
            table: None,
            definition: definition.into(),
        }
    }

    #[test]
    fn references_find_quoted_and_folded_names_but_not_literals() {
        let names: BTreeSet<String> = ["users", "items", "Orders", "v"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let v = view(
            "v",
            "CREATE VIEW v AS SELECT u.id, 'items' FROM USERS u JOIN \"Orders\" o ON true",
        );
        let got: Vec<&str> = v.references(&names).into_iter().collect();
        assert_eq!(got, ["Orders", "users"]);
    }

    #[test]
    fn references_find_qualified_names_as_folded() {
        let names: BTreeSet<String> = ["billing.invoices", "Billing.X", "invoices"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let v = view(
            "v",
            "CREATE VIEW v AS SELECT * FROM BILLING.Invoices i JOIN \"Billing\".\"X\" x ON true",
        );
        let got: Vec<&str> = v.references(&names).into_iter().collect();
        // The bare `invoices` counts too: references over-approximate.
        assert_eq!(got, ["Billing.X", "billing.invoices", "invoices"]);
    }

    #[test]
    fn definitions_compare_without_whitespace() {
        let a = view("v", "CREATE VIEW v AS\n SELECT 1");
        let b = view("v", "CREATE VIEW v AS SELECT   1");
        assert!(a.same_as(&b));
        assert!(!a.same_as(&view("v", "CREATE VIEW v AS SELECT 2")));
    }

    #[test]
    fn keys_name_the_table_of_table_objects() {
        let t = Object {
            kind: ObjectKind::Trigger,
            name: "audit".into(),
            table: Some("users".into()),
            definition: String::new(),
        };
        assert_eq!(t.key(), "trigger users.audit");
        assert_eq!(view("v", "").key(), "view v");
    }
}
