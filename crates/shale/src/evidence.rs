//! Whether the statement a killed run had in flight took effect, read off the database's
//! schema. A revision outside a transaction (DDL on MySQL, `-- shale:transaction off`)
//! killed part-way leaves its statement in flight undecided: the server may have finished
//! it after the client died. For the statements whose effect the schema shows — a table,
//! column, index, constraint, view, trigger or routine created or dropped, a column, an
//! index or a constraint renamed, a PostgreSQL table's parent added or removed — shale
//! looks, so that the operator is told which way out fits (`--resume` runs the
//! statement again, `--resume-from` skips it) instead of finding out from a failed rerun.
//! Anything else (data changes, `SET`, `CREATE OR REPLACE`, several statements' worth of
//! effects) is left undecided, as before.

use crate::dialect::Dialect;
use crate::schema::{ObjectKind, Schema, Table};
use serde::Serialize;
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::tokenizer::{Token, Tokenizer, Word};

/// What the schema says about the statement in flight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Whether the statement took effect.
    pub took_effect: bool,
    /// What was found, e.g. `column users.name exists`.
    pub found: String,
}

/// Something a statement creates or removes that the schema shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thing {
    Table(Name),
    Column {
        table: Name,
        column: Name,
    },
    /// An index or a named constraint (primary key, unique, foreign key, check), on
    /// `table` when the statement names it.
    Index {
        table: Option<Name>,
        name: Name,
    },
    Object {
        kind: ObjectKind,
        name: Name,
    },
    /// `table` inheriting from `parent` (PostgreSQL `ALTER TABLE … [NO] INHERIT`).
    Parent {
        table: Name,
        parent: Name,
    },
}

/// What a statement does to a [`Thing`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Creates(Thing),
    Drops(Thing),
    RenamesColumn {
        table: Name,
        from: Name,
        to: Name,
    },
    /// An index or a named constraint renamed, on `table` when the statement names it.
    RenamesIndex {
        table: Option<Name>,
        from: Name,
        to: Name,
    },
}

/// An identifier as written. PostgreSQL's quoted names compare exactly; every other name
/// ignoring case (PostgreSQL folds unquoted names to lower case; MySQL and SQLite compare
/// column names, and on common setups table names, case-insensitively, quoted or not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub quoted: bool,
}

impl Name {
    fn is(&self, other: &str) -> bool {
        match self.quoted {
            true => self.text == other,
            false => self.text.eq_ignore_ascii_case(other),
        }
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The effect of `sql` that the schema can show, if it is one shale recognises.
pub fn effect_of(sql: &str, dialect: Dialect) -> Option<Effect> {
    let sqlparser_dialect: &dyn SqlDialect = match dialect {
        Dialect::Postgres => &PostgreSqlDialect {},
        Dialect::Mysql => &MySqlDialect {},
        Dialect::Sqlite => &SQLiteDialect {},
    };
    let tokens = Tokenizer::new(sqlparser_dialect, sql).tokenize().ok()?;
    let mut words = Words::new(tokens, dialect == Dialect::Postgres);
    match words.keyword()?.as_str() {
        "CREATE" => create(&mut words),
        "DROP" => drop(&mut words),
        "ALTER" if words.peek_is("INDEX") => {
            words.next();
            words.skip_if_exists();
            let from = words.name()?;
            words.expect("RENAME")?;
            words.expect("TO")?;
            let to = words.name()?;
            Some(Effect::RenamesIndex {
                table: None,
                from,
                to,
            })
        }
        "ALTER" => {
            words.expect("TABLE")?;
            words.skip(&["ONLY"]);
            words.skip_if_exists();
            let table = words.name()?;
            alter_table(&mut words, table)
        }
        _ => None,
    }
}

fn create(words: &mut Words) -> Option<Effect> {
    if words.peek_is("OR") {
        // CREATE OR REPLACE: running it again is harmless either way.
        return None;
    }
    words.skip(&["UNIQUE", "TEMPORARY", "TEMP", "UNLOGGED", "MATERIALIZED"]);
    words.skip_definer();
    let kind = words.keyword()?;
    words.skip(&["CONCURRENTLY"]);
    words.skip_if_exists();
    let name = words.name()?;
    let object = |kind| {
        Some(Effect::Creates(Thing::Object {
            kind,
            name: name.clone(),
        }))
    };
    match kind.as_str() {
        "TABLE" => Some(Effect::Creates(Thing::Table(name))),
        "INDEX" => {
            let table = words.find("ON").then(|| words.table()).flatten();
            Some(Effect::Creates(Thing::Index { table, name }))
        }
        "VIEW" => object(ObjectKind::View),
        "TRIGGER" => object(ObjectKind::Trigger),
        "FUNCTION" => object(ObjectKind::Function),
        "PROCEDURE" => object(ObjectKind::Procedure),
        _ => None,
    }
}

fn drop(words: &mut Words) -> Option<Effect> {
    words.skip(&["MATERIALIZED"]);
    let kind = words.keyword()?;
    words.skip(&["CONCURRENTLY"]);
    words.skip_if_exists();
    let name = words.name()?;
    if words.peek_is(",") {
        // Several objects: the statement may have dropped some of them (SQLite, MySQL).
        return None;
    }
    let object = |kind| {
        Some(Effect::Drops(Thing::Object {
            kind,
            name: name.clone(),
        }))
    };
    match kind.as_str() {
        "TABLE" => Some(Effect::Drops(Thing::Table(name))),
        "INDEX" => {
            let table = words.find("ON").then(|| words.table()).flatten();
            Some(Effect::Drops(Thing::Index { table, name }))
        }
        "VIEW" => object(ObjectKind::View),
        "TRIGGER" => object(ObjectKind::Trigger),
        "FUNCTION" => object(ObjectKind::Function),
        "PROCEDURE" => object(ObjectKind::Procedure),
        _ => None,
    }
}

/// The first operation of an `ALTER TABLE`: the statement is atomic on every database
/// shale supports, so the first operation's effect stands for the whole.
fn alter_table(words: &mut Words, table: Name) -> Option<Effect> {
    let op = words.keyword()?;
    let clause = words.keyword_peek();
    match (op.as_str(), clause.as_deref()) {
        ("ADD", Some("CONSTRAINT")) => {
            words.next();
            let name = words.name()?;
            Some(Effect::Creates(Thing::Index {
                table: Some(table),
                name,
            }))
        }
        ("ADD", Some("UNIQUE" | "INDEX" | "KEY" | "FULLTEXT" | "SPATIAL")) => {
            words.skip(&["UNIQUE", "FULLTEXT", "SPATIAL"]);
            words.skip(&["INDEX", "KEY"]);
            let name = words.name()?;
            Some(Effect::Creates(Thing::Index {
                table: Some(table),
                name,
            }))
        }
        ("ADD", Some("PRIMARY" | "FOREIGN" | "CHECK" | "PARTITION" | "(")) => None,
        ("ADD", _) => {
            words.skip(&["COLUMN"]);
            words.skip_if_exists();
            let column = words.name()?;
            Some(Effect::Creates(Thing::Column { table, column }))
        }
        ("DROP", Some("CONSTRAINT" | "INDEX" | "KEY" | "CHECK" | "FOREIGN")) => {
            words.next();
            words.skip(&["KEY"]);
            words.skip_if_exists();
            let name = words.name()?;
            Some(Effect::Drops(Thing::Index {
                table: Some(table),
                name,
            }))
        }
        ("DROP", Some("PRIMARY" | "PARTITION" | "DEFAULT")) => None,
        ("DROP", _) => {
            words.skip(&["COLUMN"]);
            words.skip_if_exists();
            let column = words.name()?;
            Some(Effect::Drops(Thing::Column { table, column }))
        }
        ("INHERIT", _) => Some(Effect::Creates(Thing::Parent {
            table,
            parent: words.name()?,
        })),
        ("NO", Some("INHERIT")) => {
            words.next();
            Some(Effect::Drops(Thing::Parent {
                table,
                parent: words.name()?,
            }))
        }
        ("RENAME", Some("COLUMN")) => {
            words.next();
            let from = words.name()?;
            words.expect("TO")?;
            let to = words.name()?;
            Some(Effect::RenamesColumn { table, from, to })
        }
        ("RENAME", Some("INDEX" | "KEY" | "CONSTRAINT")) => {
            words.next();
            let from = words.name()?;
            words.expect("TO")?;
            let to = words.name()?;
            Some(Effect::RenamesIndex {
                table: Some(table),
                from,
                to,
            })
        }
        _ => None,
    }
}

/// Judges `effect` against the schema as the database holds it now.
pub fn judge(effect: &Effect, schema: &Schema) -> Option<Evidence> {
    let (took_effect, found) = match effect {
        Effect::Creates(thing) => {
            let (present, what) = present(thing, schema)?;
            (present, describe(&what, present))
        }
        Effect::Drops(thing) => {
            let (present, what) = present(thing, schema)?;
            (!present, describe(&what, present))
        }
        Effect::RenamesColumn { table, from, to } => {
            let t = table_named(schema, table)?;
            let has = |c: &Name| t.columns.iter().any(|col| c.is(&col.name));
            match (has(from), has(to)) {
                (false, true) => (
                    true,
                    format!("column {table}.{to} exists and {from} does not"),
                ),
                (true, false) => (
                    false,
                    format!("column {table}.{from} exists and {to} does not"),
                ),
                _ => return None,
            }
        }
        Effect::RenamesIndex { table, from, to } => {
            let has = |name: &Name| {
                present(
                    &Thing::Index {
                        table: table.clone(),
                        name: name.clone(),
                    },
                    schema,
                )
                .map(|(present, _)| present)
            };
            match (has(from)?, has(to)?) {
                (false, true) => (true, format!("{to} exists and {from} does not")),
                (true, false) => (false, format!("{from} exists and {to} does not")),
                _ => return None,
            }
        }
    };
    Some(Evidence { took_effect, found })
}

fn describe(what: &str, present: bool) -> String {
    match present {
        true => format!("{what} exists"),
        false => format!("{what} does not exist"),
    }
}

fn table_named<'a>(schema: &'a Schema, name: &Name) -> Option<&'a Table> {
    schema
        .tables
        .iter()
        .find(|(key, _)| name.is(key))
        .map(|(_, t)| t)
}

/// Whether `thing` is in the schema, and how to name it; `None` when the schema cannot
/// tell (the column of a table that does not exist).
fn present(thing: &Thing, schema: &Schema) -> Option<(bool, String)> {
    Some(match thing {
        Thing::Table(name) => (table_named(schema, name).is_some(), format!("table {name}")),
        Thing::Column { table, column } => {
            let t = table_named(schema, table)?;
            let present = t.columns.iter().any(|c| column.is(&c.name));
            (present, format!("column {table}.{column}"))
        }
        Thing::Index { table, name } => {
            let on_table = |t: &Table| {
                t.indexes.keys().any(|k| name.is(k))
                    || t.uniques.keys().any(|k| name.is(k))
                    || t.foreign_keys.keys().any(|k| name.is(k))
                    || t.checks.keys().any(|k| name.is(k))
                    || t.primary_key
                        .as_ref()
                        .and_then(|pk| pk.name.as_deref())
                        .is_some_and(|k| name.is(k))
            };
            let present = match table {
                Some(table) => on_table(table_named(schema, table)?),
                None => schema.tables.values().any(on_table),
            } || schema.objects.values().any(|o| {
                matches!(o.kind, ObjectKind::ViewIndex | ObjectKind::Constraint) && name.is(&o.name)
            });
            (present, format!("index or constraint {name}"))
        }
        Thing::Parent { table, parent } => {
            let t = table_named(schema, table)?;
            let present = t.inherits.iter().any(|p| parent.is(p));
            (present, format!("{table} inheriting from {parent}"))
        }
        Thing::Object { kind, name } => {
            let present = schema.objects.values().any(|o| {
                let own = o.name.split('(').next().unwrap_or(&o.name);
                o.kind == *kind && name.is(own)
            });
            (present, format!("{} {name}", kind_word(*kind)))
        }
    })
}

fn kind_word(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::View => "view",
        ObjectKind::Trigger => "trigger",
        ObjectKind::Function => "function",
        ObjectKind::Procedure => "procedure",
        _ => "object",
    }
}

/// The words of a statement, comments and whitespace dropped.
struct Words {
    tokens: Vec<Token>,
    at: usize,
    /// Quoted names are case-sensitive (PostgreSQL).
    exact_quotes: bool,
}

impl Words {
    fn new(tokens: Vec<Token>, exact_quotes: bool) -> Words {
        let tokens = tokens
            .into_iter()
            .filter(|t| !matches!(t, Token::Whitespace(_)))
            .collect();
        Words {
            tokens,
            at: 0,
            exact_quotes,
        }
    }

    fn next(&mut self) {
        self.at += 1;
    }

    fn word_at(&self, at: usize) -> Option<&Word> {
        match self.tokens.get(at) {
            Some(Token::Word(w)) => Some(w),
            _ => None,
        }
    }

    /// The next token as an upper-case keyword (or its punctuation).
    fn keyword_peek(&self) -> Option<String> {
        match self.tokens.get(self.at)? {
            Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
            Token::LParen => Some("(".to_string()),
            Token::Comma => Some(",".to_string()),
            _ => None,
        }
    }

    fn keyword(&mut self) -> Option<String> {
        let word = self.keyword_peek()?;
        self.at += 1;
        Some(word)
    }

    fn peek_is(&self, keyword: &str) -> bool {
        self.keyword_peek().as_deref() == Some(keyword)
    }

    fn expect(&mut self, keyword: &str) -> Option<()> {
        (self.keyword()? == keyword).then_some(())
    }

    /// Skips any of `keywords` at this point.
    fn skip(&mut self, keywords: &[&str]) {
        while self
            .keyword_peek()
            .is_some_and(|k| keywords.contains(&k.as_str()))
        {
            self.at += 1;
        }
    }

    /// `IF EXISTS` or `IF NOT EXISTS`.
    fn skip_if_exists(&mut self) {
        if self.peek_is("IF") {
            self.at += 1;
            self.skip(&["NOT"]);
            self.skip(&["EXISTS"]);
        }
    }

    /// MySQL's `DEFINER = user@host`, `ALGORITHM = …`, `SQL SECURITY …` before TRIGGER,
    /// VIEW, FUNCTION, PROCEDURE.
    fn skip_definer(&mut self) {
        if !matches!(
            self.keyword_peek().as_deref(),
            Some("DEFINER" | "ALGORITHM" | "SQL")
        ) {
            return;
        }
        while self.at < self.tokens.len()
            && !matches!(
                self.keyword_peek().as_deref(),
                Some("TRIGGER" | "VIEW" | "FUNCTION" | "PROCEDURE" | "EVENT")
            )
        {
            self.at += 1;
        }
    }

    /// Moves past the next `keyword`; whether it was found.
    fn find(&mut self, keyword: &str) -> bool {
        while self.at < self.tokens.len() {
            let found = self.peek_is(keyword);
            self.at += 1;
            if found {
                return true;
            }
        }
        false
    }

    /// The table after `ON` (`ON ONLY t` on PostgreSQL).
    fn table(&mut self) -> Option<Name> {
        self.skip(&["ONLY"]);
        self.name()
    }

    /// A possibly qualified name; its last part.
    fn name(&mut self) -> Option<Name> {
        let mut word = self.word_at(self.at)?.clone();
        self.at += 1;
        while matches!(self.tokens.get(self.at), Some(Token::Period)) {
            word = self.word_at(self.at + 1)?.clone();
            self.at += 2;
        }
        Some(Name {
            text: word.value,
            quoted: self.exact_quotes && word.quote_style.is_some(),
        })
    }
}

#[cfg(test)]
mod tests;
