//! DDL shared by the dialects: column definitions, constraint clauses, `CREATE TABLE`,
//! `CREATE INDEX`, and the changes every dialect writes the same way.

use super::{RenderedStatement, SqlRenderer};
use crate::dialect::Dialect;
use crate::diff::{Change, ColumnPosition, Part};
use crate::schema::{
    CheckConstraint, Column, ForeignKey, Index, InheritedColumn, Object, ObjectKind, PrimaryKey,
    Schema, Table, UniqueConstraint,
};

/// Quotes the name of something a schema holds (a table, view, type, sequence,
/// routine) when it needs it. On PostgreSQL a name qualified by its schema
/// (`billing.invoices`, as inspection keeps what is outside the connection's own schema,
/// see `[models] schemas`) is quoted part by part; the first dot is the schema's, so a
/// name holding a dot itself is kept qualified even in the connection's schema
/// (`public.a.b` for a table `"a.b"`, written `public."a.b"`). Names that are never
/// qualified (columns, constraints, indexes, triggers) are quoted by [`ident`].
pub(crate) fn q(d: Dialect, ident: &str) -> String {
    match ident.split_once('.') {
        Some((schema, name))
            if d == Dialect::Postgres && !schema.is_empty() && !name.is_empty() =>
        {
            format!("{}.{}", d.quote_if_needed(schema), d.quote_if_needed(name))
        }
        _ => d.quote_if_needed(ident),
    }
}

/// Quotes a name that no schema qualifies — a column, constraint, index, trigger or
/// policy, named within its table or schema — when it needs it: a dot in it is part of
/// the name (`"x.y"`).
pub(crate) fn ident(d: Dialect, name: &str) -> String {
    d.quote_if_needed(name)
}

/// A PostgreSQL name without the schema that qualifies it (`invoices` for
/// `billing.invoices`); the name itself elsewhere.
pub(crate) fn bare_name(d: Dialect, name: &str) -> &str {
    match name.split_once('.') {
        Some((schema, bare)) if d == Dialect::Postgres && !schema.is_empty() => bare,
        _ => name,
    }
}

/// The schema part of a PostgreSQL name qualified as `schema.name`, with its dot
/// (`billing.`), quoted where it needs it; empty for a name in the connection's schema.
pub(crate) fn schema_prefix(d: Dialect, name: &str) -> String {
    match name.split_once('.') {
        Some((schema, _)) if d == Dialect::Postgres && !schema.is_empty() => {
            format!("{}.", d.quote_if_needed(schema))
        }
        _ => String::new(),
    }
}

/// A comma-separated list of columns; an entry that is not a plain identifier is an
/// expression (an expression index) and is written as is — except on MySQL/MariaDB,
/// where an entry is a column name, or a column's prefix (`name(10)`, the name quoted
/// like any other), or a parenthesised expression (a MySQL 8 functional key part), and
/// on PostgreSQL, whose expressions as the server writes them always hold a parenthesis
/// (`lower(email)`, `(a + b)`): an entry without one is a column (`"x.y"`, `"user name"`).
pub(crate) fn column_list(d: Dialect, cols: &[String]) -> String {
    cols.iter()
        .map(|c| {
            if c.chars().all(|ch| ch.is_alphanumeric() || ch == '_')
                || (d == Dialect::Postgres && !c.contains('('))
            {
                ident(d, c)
            } else if d != Dialect::Mysql || c.starts_with('(') {
                c.clone()
            } else {
                match prefix_part(c) {
                    Some((name, len)) => format!("{}({len})", ident(d, name)),
                    None => ident(d, c),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A MySQL index entry on a column's prefix, `name(10)`, as its name and length.
pub(crate) fn prefix_part(entry: &str) -> Option<(&str, &str)> {
    let (name, len) = entry.strip_suffix(')')?.rsplit_once('(')?;
    let digits = !len.is_empty() && len.bytes().all(|b| b.is_ascii_digit());
    (digits && !name.is_empty()).then_some((name, len))
}

/// A column definition: name, type (a serial pseudo-type where the column is one),
/// collation, nullability, default, auto-increment, `ON UPDATE` and (MySQL) comment.
pub(crate) fn column_def<R: SqlRenderer + ?Sized>(r: &R, col: &Column) -> String {
    let d = r.dialect();
    let serial = (col.autoincrement && col.serial)
        .then(|| r.serial_type(&col.ty))
        .flatten();
    let ty = serial.unwrap_or(col.ty.as_str().trim());
    let mut s = format!("{} {ty}", ident(d, &col.name));
    if let Some(collation) = &col.collation {
        s.push_str(&format!(" COLLATE {}", collation_name(d, collation)));
    }
    let identity = (col.autoincrement && serial.is_none())
        .then(|| r.autoincrement_clause(col))
        .flatten();
    if let Some(g) = &col.generated {
        let how = if g.stored { "STORED" } else { "VIRTUAL" };
        s.push_str(&format!(
            " GENERATED ALWAYS AS ({}) {how}",
            g.expression.trim()
        ));
        if !col.nullable {
            s.push_str(" NOT NULL");
        }
    } else {
        if !col.nullable {
            s.push_str(" NOT NULL");
        } else if r.explicit_null() {
            s.push_str(" NULL");
        }
        if let (Some(default), None, None) = (&col.default, &identity, serial) {
            s.push_str(" DEFAULT ");
            s.push_str(default.trim());
        }
        if let Some(clause) = identity {
            s.push(' ');
            s.push_str(&clause);
        }
        if let Some(value) = &col.on_update {
            s.push_str(" ON UPDATE ");
            s.push_str(value.trim());
        }
    }
    if let Some(comment) = col.comment.as_ref().filter(|_| r.inline_column_comment()) {
        s.push_str(&format!(" COMMENT {}", d.string_literal(comment)));
    }
    s
}

/// [`column_def`] followed by the checks written in the column's definition (MariaDB's
/// column-level checks: see [`CheckConstraint::column`]).
pub(crate) fn column_def_with_checks<'c, R: SqlRenderer + ?Sized>(
    r: &R,
    col: &Column,
    checks: impl Iterator<Item = &'c CheckConstraint>,
) -> String {
    let mut s = column_def(r, col);
    for check in checks {
        s.push_str(&format!(" CHECK ({})", check.expression.trim()));
    }
    s
}

/// A collation's name as written after `COLLATE`: always quoted on PostgreSQL, where
/// collation names keep their case (`"C"`, `"en_US"`); bare on SQLite (`NOCASE`).
pub(crate) fn collation_name(d: Dialect, collation: &str) -> String {
    let bare = collation
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_');
    match d {
        Dialect::Postgres => format!("\"{}\"", collation.replace('"', "\"\"")),
        // SQLite's are case-insensitive names: NOCASE, RTRIM, BINARY.
        Dialect::Sqlite if bare => collation.to_string(),
        _ => ident(d, collation),
    }
}

/// `CONSTRAINT name ` when the object has a name, else nothing.
fn constraint_prefix(d: Dialect, name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        format!("CONSTRAINT {} ", ident(d, name))
    }
}

/// `[CONSTRAINT name] PRIMARY KEY (…) [DEFERRABLE …] [COMMENT '…']`, the name left out
/// where the dialect has none.
pub(crate) fn primary_key_clause<R: SqlRenderer + ?Sized>(r: &R, key: &PrimaryKey) -> String {
    let d = r.dialect();
    let name = key
        .name
        .as_deref()
        .filter(|_| r.names_primary_key())
        .unwrap_or("");
    format!(
        "{}PRIMARY KEY ({}){}{}",
        constraint_prefix(d, name),
        column_list(d, &key.columns),
        deferrable(&key.deferrable),
        index_comment(d, key.comment.as_deref())
    )
}

/// `CONSTRAINT name UNIQUE [NULLS NOT DISTINCT] (… [DESC]) [COMMENT '…'] [IGNORED]`.
pub(crate) fn unique_clause(d: Dialect, u: &UniqueConstraint) -> String {
    let invisible = u.invisible.as_deref().map(|w| format!(" {w}"));
    format!(
        "{}UNIQUE {}({}){}{}{}",
        constraint_prefix(d, &u.name),
        if u.nulls_not_distinct {
            "NULLS NOT DISTINCT "
        } else {
            ""
        },
        ordered_columns(d, &u.columns, &u.orders),
        deferrable(&u.deferrable),
        index_comment(d, u.comment.as_deref()),
        invisible.unwrap_or_default()
    )
}

/// ` COMMENT '…'` of a MySQL/MariaDB key or index that has a comment (an index option,
/// written in its definition), else nothing; elsewhere comments are objects of their own
/// and never reach here.
fn index_comment(d: Dialect, comment: Option<&str>) -> String {
    comment
        .map(|c| format!(" COMMENT {}", d.string_literal(c)))
        .unwrap_or_default()
}

/// A column list with each column's sort order where it is not ascending.
fn ordered_columns(d: Dialect, columns: &[String], orders: &[String]) -> String {
    let keys = Index {
        columns: columns.to_vec(),
        orders: orders.to_vec(),
        ..Index::default()
    };
    index_columns(d, &keys)
}

/// An index's key columns, each with its collation, operator class and sort order where
/// it has one: `name COLLATE "C" text_pattern_ops DESC`.
fn index_columns(d: Dialect, index: &Index) -> String {
    let nonempty = |v: &'_ [String], i: usize| v.get(i).filter(|o| !o.is_empty()).cloned();
    let collation = |i: usize| {
        nonempty(&index.collations, i).map(|c| format!("COLLATE {}", collation_name(d, &c)))
    };
    index
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut column = column_list(d, std::slice::from_ref(c));
            for word in [
                collation(i),
                nonempty(&index.opclasses, i),
                nonempty(&index.orders, i),
            ]
            .into_iter()
            .flatten()
            {
                column.push(' ');
                column.push_str(&word);
            }
            column
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `name=value` of a storage parameter, the value quoted unless it is a plain word or
/// number (`fillfactor=70`, `deduplicate_items=on`).
fn storage_parameter(d: Dialect, parameter: &str) -> String {
    match parameter.split_once('=') {
        Some((name, value))
            if !value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') =>
        {
            format!("{name}={}", d.string_literal(value))
        }
        _ => parameter.to_string(),
    }
}

/// `CONSTRAINT name CHECK (…) [NO INHERIT]`.
pub(crate) fn check_clause(d: Dialect, c: &CheckConstraint) -> String {
    format!(
        "{}CHECK ({}){}",
        constraint_prefix(d, &c.name),
        c.expression.trim(),
        if c.no_inherit { " NO INHERIT" } else { "" }
    )
}

/// `CONSTRAINT name FOREIGN KEY (…) REFERENCES t (…) [ON DELETE …] [ON UPDATE …]` of
/// `table`. A MySQL name the server made up (`{table}_ibfk_N`) is left for it to make
/// again, so that the index InnoDB adds is named as for the original (its first column).
pub(crate) fn foreign_key_clause(d: Dialect, table: &str, fk: &ForeignKey) -> String {
    let name = if d == Dialect::Mysql && server_named_foreign_key(table, fk) {
        ""
    } else {
        &fk.name
    };
    let mut s = format!(
        "{}FOREIGN KEY ({}) REFERENCES {} ({})",
        constraint_prefix(d, name),
        column_list(d, &fk.columns),
        q(d, &fk.ref_table),
        column_list(d, &fk.ref_columns)
    );
    if fk.match_full {
        s.push_str(" MATCH FULL");
    }
    for (label, action) in [("DELETE", &fk.on_delete), ("UPDATE", &fk.on_update)] {
        // RESTRICT is InnoDB's default (the same as NO ACTION): not written.
        let redundant = |a: &&str| d == Dialect::Mysql && a.eq_ignore_ascii_case("RESTRICT");
        if let Some(a) = action
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty() && !redundant(a))
        {
            s.push_str(&format!(" ON {label} {}", a.to_uppercase()));
        }
    }
    s.push_str(&deferrable(&fk.deferrable));
    s
}

/// ` DEFERRABLE [INITIALLY DEFERRED]` where a constraint is, else nothing.
pub(crate) fn deferrable(how: &Option<String>) -> String {
    how.as_deref().map(|h| format!(" {h}")).unwrap_or_default()
}

/// Whether MySQL/MariaDB named this foreign key of `table` itself (`{table}_ibfk_N`):
/// the models left it unnamed.
pub(crate) fn server_named_foreign_key(table: &str, key: &ForeignKey) -> bool {
    key.name
        .strip_prefix(table)
        .and_then(|rest| rest.strip_prefix("_ibfk_"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `CREATE [UNIQUE] INDEX name ON table [USING method] (… [opclass] [DESC]) [INCLUDE (…)]
/// [WITH (…)] [WHERE …] [COMMENT '…'] [IGNORED]`.
pub(crate) fn create_index(d: Dialect, table: &str, index: &Index) -> String {
    let columns = index_columns(d, index);
    // MySQL's FULLTEXT and SPATIAL are kinds of index, PostgreSQL's methods a clause.
    let (kind, using) = match (&index.method, d) {
        (Some(m), Dialect::Mysql) => (format!("{} ", m.to_uppercase()), String::new()),
        (Some(m), _) => (String::new(), format!("USING {m} ")),
        (None, _) => (String::new(), String::new()),
    };
    let mut s = format!(
        "CREATE {}{kind}INDEX {} ON {} {using}({})",
        if index.unique { "UNIQUE " } else { "" },
        ident(d, &index.name),
        q(d, table),
        columns
    );
    if !index.include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", column_list(d, &index.include)));
    }
    if index.nulls_not_distinct {
        s.push_str(" NULLS NOT DISTINCT");
    }
    if !index.storage.is_empty() {
        let parameters: Vec<String> = index
            .storage
            .iter()
            .map(|p| storage_parameter(d, p))
            .collect();
        s.push_str(&format!(" WITH ({})", parameters.join(", ")));
    }
    if let Some(p) = &index.predicate {
        s.push_str(&format!(" WHERE {}", p.trim()));
    }
    s.push_str(&index_comment(d, index.comment.as_deref()));
    if let Some(word) = &index.invisible {
        s.push_str(&format!(" {word}"));
    }
    s
}

/// `ADD [FULLTEXT | SPATIAL] INDEX name (… [DESC]) [COMMENT '…'] [IGNORED]`, or `ADD
/// CONSTRAINT name UNIQUE (…) …` for a unique one: a MySQL/MariaDB index as an `ALTER
/// TABLE` clause (as [`create_index`] writes it alone).
pub(crate) fn add_index_clause(d: Dialect, index: &Index) -> String {
    let name = q(d, &index.name);
    let kind = match (&index.method, index.unique) {
        (Some(m), _) => format!("{} INDEX {name}", m.to_uppercase()),
        (None, true) => format!("CONSTRAINT {name} UNIQUE"),
        (None, false) => format!("INDEX {name}"),
    };
    let invisible = index.invisible.as_deref().map(|w| format!(" {w}"));
    format!(
        "ADD {kind} ({}){}{}",
        ordered_columns(d, &index.columns, &index.orders),
        index_comment(d, index.comment.as_deref()),
        invisible.unwrap_or_default()
    )
}

/// The word that makes an index as visible as `AlterIndex`'s `to` says, in the server's
/// own terms: MariaDB's `IGNORED` / `NOT IGNORED`, MySQL's `INVISIBLE` / `VISIBLE`.
pub(crate) fn index_visibility(change: &Change) -> &'static str {
    let Change::AlterIndex { from, to, .. } = change else {
        return "";
    };
    match (to.invisible.as_deref(), from.invisible.as_deref()) {
        (Some("INVISIBLE"), _) => "INVISIBLE",
        (Some(_), _) => "IGNORED",
        (None, Some("INVISIBLE")) => "VISIBLE",
        (None, _) => "NOT IGNORED",
    }
}

/// The statement that renames a part of `table` in place, where the server has one:
/// PostgreSQL renames an index (a unique constraint's too, the constraint with it) by
/// `ALTER INDEX`, a constraint by `ALTER TABLE … RENAME CONSTRAINT`; MySQL/MariaDB
/// rename an index or unique key by `RENAME INDEX` (MySQL 5.7, MariaDB 10.5.2), but no
/// check or foreign key; SQLite renames none.
pub(crate) fn rename_part(d: Dialect, table: &str, from: &Part, to: &Part) -> Option<String> {
    match d {
        Dialect::Postgres if std::mem::discriminant(from) != std::mem::discriminant(to) => None,
        Dialect::Postgres if matches!(from, Part::Index(_)) => Some(format!(
            "ALTER INDEX {}{} RENAME TO {}",
            schema_prefix(d, table),
            ident(d, from.name()),
            ident(d, to.name())
        )),
        Dialect::Postgres => Some(format!(
            "{}RENAME CONSTRAINT {} TO {}",
            alter(d, table),
            ident(d, from.name()),
            ident(d, to.name())
        )),
        Dialect::Mysql if from.is_index() && to.is_index() => Some(format!(
            "{}RENAME INDEX {} TO {}",
            alter(d, table),
            ident(d, from.name()),
            ident(d, to.name())
        )),
        Dialect::Mysql | Dialect::Sqlite => None,
    }
}

/// `changes` with each [`Change::RenamePart`] the dialect cannot make in place replaced
/// by the drop of the old part and the add of the new one, or left out for a MySQL
/// primary key (borrowed when there is none).
pub(crate) fn lower_renames(d: Dialect, changes: &[Change]) -> std::borrow::Cow<'_, [Change]> {
    let cannot = |c: &Change| matches!(c, Change::RenamePart { table, from, to } if rename_part(d, table, from, to).is_none());
    if !changes.iter().any(cannot) {
        return std::borrow::Cow::Borrowed(changes);
    }
    let mut out = Vec::with_capacity(changes.len() + 1);
    for change in changes {
        match change {
            // MySQL names every primary key PRIMARY: nothing to rename.
            Change::RenamePart {
                from: Part::PrimaryKey(_),
                ..
            } if d == Dialect::Mysql => {}
            Change::RenamePart { table, from, to } if cannot(change) => {
                out.push(from.dropped(table));
                out.push(to.added(table));
            }
            _ => out.push(change.clone()),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `CREATE TABLE name (…)` with columns and table constraints, named `name` (which
/// differs from `table.name` in SQLite's rebuild), followed by its `CREATE INDEX`es.
pub(crate) fn create_table<R: SqlRenderer + ?Sized>(
    r: &R,
    table: &Table,
    name: &str,
) -> Vec<String> {
    let d = r.dialect();
    let inline_pk = r.inline_primary_key(table);
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            let def = column_def_with_checks(r, c, table.column_checks(&c.name));
            match &inline_pk {
                Some((col, clause)) if *col == c.name => format!("{def} {clause}"),
                _ => def,
            }
        })
        .collect();
    if let (Some(pk), None) = (&table.primary_key, &inline_pk) {
        lines.push(primary_key_clause(r, pk));
    }
    lines.extend(table.uniques.values().map(|u| unique_clause(d, u)));
    // A constraint left NOT VALID is added after the table: CREATE TABLE validates all.
    let mut later = Vec::new();
    for c in table.checks.values().filter(|c| c.column.is_none()) {
        match c.not_valid {
            false => lines.push(check_clause(d, c)),
            true => later.push(check_clause(d, c)),
        }
    }
    for f in table.foreign_keys.values() {
        match f.not_valid {
            false => lines.push(foreign_key_clause(d, &table.name, f)),
            true => later.push(foreign_key_clause(d, &table.name, f)),
        }
    }
    let collation = table
        .collation
        .as_deref()
        .map(|c| format!(" COLLATE = {}", collation_name(d, c)))
        .unwrap_or_default();
    // What follows the column list: PostgreSQL's partition key, SQLite's and MySQL's
    // table options, MySQL's collation.
    let partition_by = match &table.partition_by {
        Some(key) if d == Dialect::Postgres => format!(" PARTITION BY {key}"),
        _ if d == Dialect::Sqlite && !table.options.is_empty() => {
            format!(" {}", table.options.join(", "))
        }
        _ if d == Dialect::Mysql && !table.options.is_empty() => {
            format!(" {}", table.options.join(" "))
        }
        _ => String::new(),
    };
    let unlogged = d == Dialect::Postgres && table.options.iter().any(|o| o == "UNLOGGED");
    let inherits = match table.inherits.is_empty() {
        true => String::new(),
        false => format!(
            " INHERITS ({})",
            table
                .inherits
                .iter()
                .map(|p| q(d, p))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    // A child of other tables may have no column of its own.
    let body = match lines.is_empty() {
        true => String::new(),
        false => format!("\n    {}\n", lines.join(",\n    ")),
    };
    let mut out = vec![format!(
        "CREATE {}TABLE {} ({body}){inherits}{partition_by}{collation}",
        if unlogged { "UNLOGGED " } else { "" },
        q(d, name),
    )];
    out.extend(
        later
            .into_iter()
            .map(|clause| format!("{}ADD {clause} NOT VALID", alter(d, name))),
    );
    for column in table.inherited_columns.values() {
        out.extend(inherited_column(d, name, None, column));
    }
    out.extend(
        table
            .indexes
            .values()
            .map(|i| create_index(d, &table.name, i)),
    );
    out
}

/// The `ALTER COLUMN`s that give child `table` its own default and `NOT NULL` on an
/// inherited column, as `to` has them: from `from`, or for a new child from what its
/// parents give (then a `DROP DEFAULT` where it has none, which changes nothing if the
/// parents give none either).
pub(crate) fn inherited_column(
    d: Dialect,
    table: &str,
    from: Option<&InheritedColumn>,
    to: &InheritedColumn,
) -> Vec<String> {
    let a = format!("{}ALTER COLUMN {} ", alter(d, table), ident(d, &to.name));
    let mut out = Vec::new();
    if from.is_none_or(|f| f.default != to.default) {
        out.push(match &to.default {
            Some(default) => format!("{a}SET DEFAULT {}", default.trim()),
            None => format!("{a}DROP DEFAULT"),
        });
    }
    if from.map_or(to.not_null, |f| f.not_null != to.not_null) {
        out.push(format!(
            "{a}{} NOT NULL",
            if to.not_null { "SET" } else { "DROP" }
        ));
    }
    out
}

/// ` NOT VALID` for a constraint the models leave unvalidated, else nothing.
fn not_valid(yes: bool) -> &'static str {
    if yes {
        " NOT VALID"
    } else {
        ""
    }
}

/// `ALTER TABLE t ` with `t` quoted.
pub(crate) fn alter(d: Dialect, table: &str) -> String {
    format!("ALTER TABLE {} ", q(d, table))
}

/// The default of `table.column` in `state`, if it has one.
pub(crate) fn column_default<'s>(state: &'s Schema, table: &str, column: &str) -> Option<&'s str> {
    state.tables.get(table)?.column(column)?.default.as_deref()
}

/// The rows a batched backfill changes per pass.
pub(crate) const BACKFILL_BATCH: usize = 10_000;

/// The backfill of `table.column` before it becomes NOT NULL. With the column's `default`
/// (the column becomes `NOT NULL DEFAULT x`) it sets the default; without one it is a
/// placeholder that changes nothing until the author replaces `NULL`.
///
/// On PostgreSQL and MySQL/MariaDB it is batched: `-- shale:repeat-until-zero` makes the
/// runner repeat it until it changes no row, each pass changing at most
/// [`BACKFILL_BATCH`] rows (by `ctid` on PostgreSQL, `UPDATE … LIMIT` on MySQL), so that
/// outside a transaction no pass holds its row locks for long. The placeholder's value
/// appears twice — the second time as `value IS NOT NULL` in the batch's condition — so
/// that a pass only picks rows the value fills, and the repetition ends. SQLite has one
/// writer for the whole database, so a batch would hold the same lock as the whole
/// `UPDATE`: one statement there.
pub(crate) fn backfill(
    d: Dialect,
    table: &str,
    column: &str,
    default: Option<&str>,
    strict_note: &str,
) -> RenderedStatement {
    let (t, c) = (q(d, table), ident(d, column));
    const VALUE: &str = "NULL /* shale: replace NULL with the backfill value */";
    const AGAIN: &str = "NULL /* shale: the same value */";
    let (value, pick) = match default {
        Some(v) => (v.trim().to_string(), format!("{c} IS NULL")),
        None => (
            VALUE.to_string(),
            format!("{c} IS NULL AND ({AGAIN}) IS NOT NULL"),
        ),
    };
    let n = BACKFILL_BATCH;
    let sql = match d {
        Dialect::Postgres => format!(
            "UPDATE {t} SET {c} = {value} WHERE ctid IN (SELECT ctid FROM {t} WHERE {pick} LIMIT {n})"
        ),
        Dialect::Mysql => format!("UPDATE {t} SET {c} = {value} WHERE {pick} LIMIT {n}"),
        Dialect::Sqlite => format!("UPDATE {t} SET {c} = {value} WHERE {c} IS NULL"),
    };
    let mut comment = match default {
        Some(_) => format!("-- Backfill {table}.{column} with its default for existing rows."),
        None => format!(
            "-- TODO: backfill {table}.{column} for existing rows: replace NULL below with a value or expression{}.\n\
             -- Left as is, it changes nothing and the statement that makes {column} NOT NULL\n\
             -- fails on a table that has rows{strict_note}, so nothing is lost.",
            if d == Dialect::Sqlite { "" } else { " (both NULLs, the same)" }
        ),
    };
    if d != Dialect::Sqlite {
        comment.push_str(&format!(
            "\n-- Batched: shale runs it again until it changes no row ({n} rows a pass).\n\
             -- shale:repeat-until-zero"
        ));
    }
    RenderedStatement {
        sql,
        comment: Some(comment),
    }
}

/// Renders the changes every dialect writes the same way; the rest go to `r`'s methods.
pub(crate) fn render_common<R: SqlRenderer + ?Sized>(
    r: &R,
    change: &Change,
    state: &Schema,
) -> Vec<String> {
    use Change::*;
    let d = r.dialect();
    match change {
        CreateEnum { name, labels } => r.create_enum(name, labels),
        DropEnum { name, .. } => r.drop_enum(name),
        AlterEnum { name, from, to } => r.alter_enum(name, from, to, state),
        // PostgreSQL's one option, `UNLOGGED`; SQLite's renderer rebuilds the table for
        // its options, MySQL's alters them.
        AlterTableOptions { table, to, .. } if d == Dialect::Postgres => {
            let persistence = if to.iter().any(|o| o == "UNLOGGED") {
                "UNLOGGED"
            } else {
                "LOGGED"
            };
            vec![format!("{}SET {persistence}", alter(d, table))]
        }
        AlterTableOptions { .. } | AlterTableCollation { .. } => Vec::new(),
        Inherit { table, parent } => vec![format!("{}INHERIT {}", alter(d, table), q(d, parent))],
        NoInherit { table, parent } => {
            vec![format!("{}NO INHERIT {}", alter(d, table), q(d, parent))]
        }
        AlterInheritedColumn { table, from, to } => inherited_column(d, table, Some(from), to),
        CreateTable(t) => create_table(r, t, &t.name),
        DropTable(t) => vec![format!("DROP TABLE {}", q(d, &t.name))],
        // `RENAME TO` takes a bare name: a table that changes schema is moved as well.
        RenameTable { from, to } => super::rename_table::rename_table(d, from, to, state),
        // Only MySQL/MariaDB can place a column; elsewhere it goes at the end.
        AddColumn {
            table,
            column,
            position,
        } => {
            vec![format!(
                "{}ADD COLUMN {}{}",
                alter(d, table),
                column_def(r, column),
                place(d, position.as_ref())
            )]
        }
        // Only MySQL/MariaDB move a column (in their renderer); the diff plans no move
        // for a dialect that cannot.
        MoveColumn { .. } => Vec::new(),
        DropColumn { table, column, .. } => vec![format!(
            "{}DROP COLUMN {}",
            alter(d, table),
            ident(d, &column.name)
        )],
        RenameColumn { table, from, to } => {
            vec![format!(
                "{}RENAME COLUMN {} TO {}",
                alter(d, table),
                ident(d, from),
                ident(d, to)
            )]
        }
        // A generation expression cannot be altered: the column is computed anew. On
        // MySQL/MariaDB in one statement, where the column was (so it is never missing,
        // and keeps its place among the others).
        AlterColumn { table, from, to } if from.generated != to.generated => {
            let drop = format!("{}DROP COLUMN {}", alter(d, table), ident(d, &from.name));
            if d == Dialect::Mysql {
                let at = position_of(state, table, &from.name);
                vec![format!(
                    "{drop}, ADD COLUMN {}{}",
                    column_def(r, to),
                    place(d, at.as_ref())
                )]
            } else {
                vec![
                    drop,
                    format!("{}ADD COLUMN {}", alter(d, table), column_def(r, to)),
                ]
            }
        }
        AlterColumn { table, from, to } => r.alter_column(table, from, to, state),
        Backfill { .. } | UndoBackfill { .. } | AddSync { .. } | DropSync { .. } => Vec::new(),
        AddPrimaryKey { table, key } => vec![format!(
            "{}ADD {}",
            alter(d, table),
            primary_key_clause(r, key)
        )],
        DropPrimaryKey { table, key } => vec![r.drop_primary_key(table, key)],
        AddIndex { table, index } => vec![create_index(d, table, index)],
        DropIndex { table, index } => vec![r.drop_index(table, index)],
        AlterIndex { table, to, .. } => vec![format!(
            "{}ALTER INDEX {} {}",
            alter(d, table),
            ident(d, &to.name),
            index_visibility(change)
        )],
        RenamePart { table, from, to } => match rename_part(d, table, from, to) {
            Some(sql) => vec![sql],
            // Lowered before rendering (see `lower_renames`); made whole here all the same.
            None => {
                let drop = from.dropped(table);
                let mut after = state.clone();
                crate::diff::apply(&mut after, &drop);
                let mut out = render_common(r, &drop, state);
                out.extend(render_common(r, &to.added(table), &after));
                out
            }
        },
        AddUnique { table, unique } => vec![format!(
            "{}ADD {}",
            alter(d, table),
            unique_clause(d, unique)
        )],
        DropUnique { table, unique } => vec![r.drop_unique(table, unique)],
        AddForeignKey { table, key } => vec![format!(
            "{}ADD {}{}",
            alter(d, table),
            foreign_key_clause(d, table, key),
            not_valid(key.not_valid)
        )],
        DropForeignKey { table, key } => r.drop_foreign_key(table, key, state.tables.get(table)),
        AddCheck { table, check } => vec![format!(
            "{}ADD {}{}",
            alter(d, table),
            check_clause(d, check),
            not_valid(check.not_valid)
        )],
        DropCheck { table, check } => {
            vec![format!(
                "{}DROP CONSTRAINT {}",
                alter(d, table),
                ident(d, &check.name)
            )]
        }
        ReplaceObject { from, to } => {
            super::alter_object::alter_in_place(from, to).unwrap_or_else(|| create_object(d, to))
        }
        CreateObject(object) => create_object(d, object),
        DropObject(object) => vec![drop_object(d, object)],
        SequenceOwner {
            table,
            from,
            to,
            sequence,
        } => r.sequence_owner(table, from, to, sequence, state),
    }
}

/// ` FIRST` or ` AFTER c` where a column goes, on MySQL/MariaDB (the only dialect that can
/// place one); nothing elsewhere, or for a column at the end.
pub(crate) fn place(d: Dialect, position: Option<&ColumnPosition>) -> String {
    match position {
        Some(ColumnPosition::First) if d == Dialect::Mysql => " FIRST".to_string(),
        Some(ColumnPosition::After(c)) if d == Dialect::Mysql => format!(" AFTER {}", ident(d, c)),
        _ => String::new(),
    }
}

/// Where `column` of `table` is in `state`: `None` when it is the last column.
fn position_of(state: &Schema, table: &str, column: &str) -> Option<ColumnPosition> {
    let columns = &state.tables.get(table)?.columns;
    let at = columns.iter().position(|c| c.name == column)?;
    match at {
        _ if at + 1 == columns.len() => None,
        0 => Some(ColumnPosition::First),
        _ => Some(ColumnPosition::After(columns[at - 1].name.clone())),
    }
}

/// The statements that create `object` (or replace it in place): its definition, after
/// `SET check_function_bodies = off` for a PostgreSQL `LANGUAGE sql` function, whose body
/// the server would otherwise check against tables that may not exist yet (functions are
/// created before tables; pg_dump does the same).
pub(crate) fn create_object(d: Dialect, object: &Object) -> Vec<String> {
    let mut out = Vec::new();
    let sql_body = matches!(object.kind, ObjectKind::Function | ObjectKind::Procedure)
        && object
            .definition
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w[0].eq_ignore_ascii_case("LANGUAGE") && w[1].eq_ignore_ascii_case("sql"));
    if d == Dialect::Postgres && sql_body {
        out.push("SET check_function_bodies = off".to_string());
    }
    out.push(
        object
            .definition
            .trim_end()
            .trim_end_matches(';')
            .to_string(),
    );
    out
}

/// The statement that drops `object` in dialect `d`.
pub(crate) fn drop_object(d: Dialect, object: &Object) -> String {
    let name = q(d, &object.name);
    // What lives on a table (or in a view's schema) is named within it.
    let own = ident(d, &object.name);
    let on_table = || object.table.as_deref().map(|t| q(d, t)).unwrap_or_default();
    match object.kind {
        ObjectKind::Schema => format!("DROP SCHEMA {name}"),
        ObjectKind::Extension => format!("DROP EXTENSION {name}"),
        ObjectKind::Collation => format!("DROP COLLATION {name}"),
        ObjectKind::Sequence => format!("DROP SEQUENCE {name}"),
        ObjectKind::Domain => format!("DROP DOMAIN {name}"),
        ObjectKind::Type => format!("DROP TYPE {name}"),
        ObjectKind::Function | ObjectKind::Procedure => {
            let keyword = if object.kind == ObjectKind::Function {
                "FUNCTION"
            } else {
                "PROCEDURE"
            };
            // PostgreSQL names a routine by its argument types, MySQL by its name.
            match object.name.split_once('(') {
                Some((base, args)) if d == Dialect::Postgres => {
                    format!("DROP {keyword} {}({args}", q(d, base))
                }
                _ => format!("DROP {keyword} {name}"),
            }
        }
        ObjectKind::View => format!("DROP VIEW {name}"),
        ObjectKind::MaterializedView => format!("DROP MATERIALIZED VIEW {name}"),
        // An index lives in its (materialized) view's schema.
        ObjectKind::ViewIndex => {
            let view = object.table.as_deref().unwrap_or_default();
            format!("DROP INDEX {}{own}", schema_prefix(d, view))
        }
        ObjectKind::Constraint => format!("ALTER TABLE {} DROP CONSTRAINT {own}", on_table()),
        ObjectKind::Trigger if d == Dialect::Postgres => {
            format!("DROP TRIGGER {own} ON {}", on_table())
        }
        ObjectKind::Trigger => format!("DROP TRIGGER {own}"),
        ObjectKind::RowSecurity => {
            let undo = if object.name == "force" {
                "NO FORCE"
            } else {
                "DISABLE"
            };
            format!("ALTER TABLE {} {undo} ROW LEVEL SECURITY", on_table())
        }
        ObjectKind::Policy => format!("DROP POLICY {own} ON {}", on_table()),
        ObjectKind::Event => format!("DROP EVENT {own}"),
        // A comment's name is what it is on, as `COMMENT ON` writes it; MySQL keeps a
        // table's comment as a table option.
        ObjectKind::Comment if d == Dialect::Mysql => {
            format!("ALTER TABLE {} COMMENT = ''", on_table())
        }
        ObjectKind::Comment => format!("COMMENT ON {} IS NULL", object.name),
        ObjectKind::Grant => revoke(d, &object.definition),
        ObjectKind::Partition => format!("DROP TABLE {name}"),
        ObjectKind::Partitioning => format!("ALTER TABLE {} REMOVE PARTITIONING", on_table()),
    }
}

/// The statement undoing `grant`, a `GRANT privileges ON object TO grantee [WITH GRANT
/// OPTION]` as inspection writes it: its `REVOKE`. PostgreSQL's REVOKE of a privilege
/// takes its grant option with it; MySQL's needs `GRANT OPTION` named. A privilege that
/// PostgreSQL gives by default and the models take away (`REVOKE EXECUTE ON FUNCTION f()
/// FROM PUBLIC`) is undone by granting it again.
fn revoke(d: Dialect, grant: &str) -> String {
    if let Some(body) = grant.strip_prefix("REVOKE ") {
        let (privileges, rest) = body.split_once(" ON ").unwrap_or((body, ""));
        let (on, grantee) = rest.rsplit_once(" FROM ").unwrap_or((rest, ""));
        return format!("GRANT {privileges} ON {on} TO {grantee}");
    }
    let body = grant.trim_start_matches("GRANT ");
    let (privileges, rest) = body.split_once(" ON ").unwrap_or((body, ""));
    let (on, grantee) = rest.rsplit_once(" TO ").unwrap_or((rest, ""));
    let (grantee, grantable) = match grantee.strip_suffix(" WITH GRANT OPTION") {
        Some(grantee) => (grantee, true),
        None => (grantee, false),
    };
    let option = if grantable && d == Dialect::Mysql {
        ", GRANT OPTION"
    } else {
        ""
    };
    format!("REVOKE {privileges}{option} ON {on} FROM {grantee}")
}

#[cfg(test)]
mod tests {
    use super::{bare_name, check_clause, column_list, create_index, ident, q, revoke};
    use crate::dialect::Dialect;
    use crate::schema::{CheckConstraint, Index};

    #[test]
    fn an_index_keeps_its_operator_classes_and_storage_parameters() {
        let index = Index {
            name: "ix".into(),
            columns: vec!["name".into(), "lower(name)".into()],
            opclasses: vec!["text_pattern_ops".into(), "".into()],
            orders: vec!["".into(), "DESC".into()],
            storage: vec!["fillfactor=70".into(), "odd=a b".into()],
            ..Index::default()
        };
        assert_eq!(
            create_index(Dialect::Postgres, "t", &index),
            "CREATE INDEX ix ON t (name text_pattern_ops, lower(name) DESC) \
             WITH (fillfactor=70, odd='a b')"
        );
    }

    #[test]
    fn an_index_key_keeps_its_collation_before_its_class_and_order() {
        let index = Index {
            name: "ix".into(),
            columns: vec!["name".into(), "lower(name)".into(), "id".into()],
            collations: vec!["C".into(), "en_US".into(), "".into()],
            opclasses: vec!["text_pattern_ops".into(), "".into(), "".into()],
            orders: vec!["DESC".into(), "".into(), "".into()],
            ..Index::default()
        };
        assert_eq!(
            create_index(Dialect::Postgres, "t", &index),
            "CREATE INDEX ix ON t (name COLLATE \"C\" text_pattern_ops DESC, \
             lower(name) COLLATE \"en_US\", id)"
        );
    }

    #[test]
    fn mysql_index_entries_are_names_or_prefixes_quoted_where_needed() {
        let cols = |c: &[&str]| c.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            column_list(
                Dialect::Mysql,
                &cols(&["character", "lines(10)", "a b(4)", "id"])
            ),
            "`character`, `lines`(10), `a b`(4), id"
        );
        assert_eq!(
            column_list(Dialect::Postgres, &cols(&["lower(email)", "offset"])),
            "lower(email), \"offset\""
        );
    }

    #[test]
    fn a_dot_splits_only_a_qualified_name_and_only_at_its_schema() {
        let d = Dialect::Postgres;
        // A table `"a.b"` in the connection's schema is kept as `public.a.b`.
        assert_eq!(q(d, "public.a.b"), "public.\"a.b\"");
        assert_eq!(q(d, "billing.invoices"), "billing.invoices");
        assert_eq!(bare_name(d, "public.a.b"), "a.b");
        // Columns, constraints and indexes are never qualified.
        assert_eq!(ident(d, "x.y"), "\"x.y\"");
        let index = Index {
            name: "ix.xy".into(),
            columns: vec!["x.y".into(), "user name".into(), "(a + b)".into()],
            ..Index::default()
        };
        assert_eq!(
            create_index(d, "public.a.b", &index),
            "CREATE INDEX \"ix.xy\" ON public.\"a.b\" (\"x.y\", \"user name\", (a + b))"
        );
        let check = CheckConstraint {
            name: "my.check".into(),
            expression: "id > 0".into(),
            ..CheckConstraint::default()
        };
        assert_eq!(
            check_clause(d, &check),
            "CONSTRAINT \"my.check\" CHECK (id > 0)"
        );
    }

    #[test]
    fn a_grant_is_undone_by_its_revoke() {
        assert_eq!(
            revoke(
                Dialect::Postgres,
                "GRANT INSERT, SELECT ON TABLE users TO reporting WITH GRANT OPTION"
            ),
            "REVOKE INSERT, SELECT ON TABLE users FROM reporting"
        );
        assert_eq!(
            revoke(
                Dialect::Mysql,
                "GRANT SELECT ON `v` TO 'r'@'%' WITH GRANT OPTION"
            ),
            "REVOKE SELECT, GRANT OPTION ON `v` FROM 'r'@'%'"
        );
        assert_eq!(
            revoke(Dialect::Mysql, "GRANT SELECT ON `t` TO 'r'@'%'"),
            "REVOKE SELECT ON `t` FROM 'r'@'%'"
        );
    }

    #[test]
    fn column_routine_and_schema_grants_are_undone_and_a_revoked_default_granted_again() {
        assert_eq!(
            revoke(
                Dialect::Postgres,
                "GRANT SELECT (a, b), UPDATE (c) ON TABLE t TO r"
            ),
            "REVOKE SELECT (a, b), UPDATE (c) ON TABLE t FROM r"
        );
        assert_eq!(
            revoke(Dialect::Postgres, "GRANT USAGE ON SCHEMA public TO r"),
            "REVOKE USAGE ON SCHEMA public FROM r"
        );
        assert_eq!(
            revoke(
                Dialect::Postgres,
                "REVOKE EXECUTE ON FUNCTION f(x integer) FROM PUBLIC"
            ),
            "GRANT EXECUTE ON FUNCTION f(x integer) TO PUBLIC"
        );
        assert_eq!(
            revoke(Dialect::Mysql, "GRANT EXECUTE ON PROCEDURE `p` TO 'r'@'%'"),
            "REVOKE EXECUTE ON PROCEDURE `p` FROM 'r'@'%'"
        );
        assert_eq!(
            revoke(
                Dialect::Mysql,
                "GRANT SELECT ON * TO 'r'@'%' WITH GRANT OPTION"
            ),
            "REVOKE SELECT, GRANT OPTION ON * FROM 'r'@'%'"
        );
    }

    /// The diff lets a part's comment follow a rename between parts of one kind (no
    /// comment statement): PostgreSQL must make each such rename in place, and each
    /// other one as a drop and an add, which the diff re-creates the comment for.
    #[test]
    fn postgresql_renames_in_place_exactly_the_renames_that_keep_comments() {
        use crate::diff::part_comments::keeps_comments;
        use crate::diff::Part;
        use crate::schema::{ForeignKey, PrimaryKey, UniqueConstraint};
        let parts = |name: &str| {
            [
                Part::PrimaryKey(PrimaryKey {
                    name: Some(name.into()),
                    ..PrimaryKey::default()
                }),
                Part::Index(Index {
                    name: name.into(),
                    ..Index::default()
                }),
                Part::Unique(UniqueConstraint {
                    name: name.into(),
                    ..UniqueConstraint::default()
                }),
                Part::Check(CheckConstraint {
                    name: name.into(),
                    ..CheckConstraint::default()
                }),
                Part::ForeignKey(ForeignKey {
                    name: name.into(),
                    ..ForeignKey::default()
                }),
            ]
        };
        for from in parts("a") {
            for to in parts("b") {
                let in_place = super::rename_part(Dialect::Postgres, "t", &from, &to).is_some();
                assert_eq!(in_place, keeps_comments(&from, &to), "{from:?} to {to:?}");
            }
        }
    }
}
