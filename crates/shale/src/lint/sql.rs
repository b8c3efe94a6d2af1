//! Parsing a section's statements with sqlparser, and reading names out of its syntax tree.

use crate::dialect::Dialect;
use crate::script::Section;
use sqlparser::ast::{
    ColumnDef, ColumnOption, Expr, Function, Ident, ObjectName, Statement, TableFactor,
    TableWithJoins,
};
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};
use std::ops::ControlFlow;

/// One statement of a section, parsed.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    /// The file line where the statement starts.
    pub line: usize,
    /// The syntax tree, or the parser's message.
    pub result: Result<Statement, String>,
    /// `DROP INDEX CONCURRENTLY`, which sqlparser reads only without the keyword.
    pub drop_concurrently: bool,
    /// A statement sqlparser cannot read but that is known to be harmless (see
    /// [`attaches_index`]): no `unparsed` finding.
    pub harmless: bool,
    /// The table that a MySQL `ALTER TABLE` sqlparser cannot read copies (`PARTITION BY`,
    /// `REMOVE PARTITIONING`, `ENGINE=`, `CONVERT TO` …), and what it does: checked as the
    /// copying ALTER it is (see [`copies`]).
    pub copies: Option<(String, &'static str)>,
    /// The table that a PostgreSQL `ALTER TABLE t SET LOGGED | UNLOGGED` (which sqlparser
    /// cannot read) rewrites, and the statement's words for it.
    pub rewrites: Option<(String, &'static str)>,
    /// The table that a PostgreSQL `ALTER TABLE t SET SCHEMA s` (which sqlparser cannot
    /// read) moves, and where to (see [`moves`]).
    pub moves: Option<(String, String)>,
}

/// Parses every statement of `section` with the sqlparser dialect matching `dialect`.
/// A statement sqlparser cannot read is kept with its error, never dropped.
pub(crate) fn parse_section(section: &Section, dialect: Dialect) -> Vec<Parsed> {
    let sqlparser_dialect: &dyn SqlDialect = match dialect {
        Dialect::Postgres => &PostgreSqlDialect {},
        Dialect::Mysql => &MySqlDialect {},
        Dialect::Sqlite => &SQLiteDialect {},
    };
    let mut parsed = Vec::new();
    for statement in section.statements() {
        let line = statement.line;
        match Parser::parse_sql(sqlparser_dialect, &statement.sql) {
            Ok(trees) => parsed.extend(trees.into_iter().map(|tree| Parsed {
                line,
                result: Ok(tree),
                drop_concurrently: false,
                harmless: false,
                copies: None,
                rewrites: None,
                moves: None,
            })),
            Err(e) => {
                let sql = &statement.sql;
                let unparsed = || Parsed {
                    line,
                    result: Err(e.to_string()),
                    drop_concurrently: false,
                    harmless: attaches_index(sqlparser_dialect, sql)
                        || drops_identity(sqlparser_dialect, sql)
                        || sets_identity(sqlparser_dialect, sql)
                        || drops_serial_sequence(sql)
                        || defines_routine(sql)
                        || creates_partition(sql)
                        || changes_privileges(sql)
                        || alters_in_place(dialect, sql)
                        || alters_pg_catalog_object(dialect, sql)
                        || changes_inheritance(dialect, sql)
                        || copies(dialect, sql).is_some()
                        || rewrites(dialect, sql).is_some()
                        || moves(dialect, sql).is_some(),
                    copies: copies(dialect, sql),
                    rewrites: rewrites(dialect, sql),
                    moves: moves(dialect, sql),
                };
                let read = |tree, drop_concurrently| Parsed {
                    line,
                    result: Ok(tree),
                    drop_concurrently,
                    harmless: false,
                    copies: None,
                    rewrites: None,
                    moves: None,
                };
                parsed.push(match without_concurrently(sqlparser_dialect, sql) {
                    Some(tree) => read(tree, true),
                    None => without_type_collation(sqlparser_dialect, sql)
                        .or_else(|| without_table_options(dialect, sql))
                        .or_else(|| without_unlogged(dialect, sql))
                        .or_else(|| without_constraint_clauses(dialect, sql))
                        .or_else(|| without_index_visibility(dialect, sql))
                        .map_or_else(unparsed, |tree| read(tree, false)),
                });
            }
        }
    }
    parsed
}

/// Whether `sql` is a `GRANT` or `REVOKE`, which sqlparser reads only in part (not
/// PostgreSQL's `ON FUNCTION f(integer)`, nor MySQL's `SHOW VIEW`, `ALTER ROUTINE` or
/// `GRANT OPTION`): a change to the catalogue that neither rewrites nor scans a table.
fn changes_privileges(sql: &str) -> bool {
    let first = sql.split_whitespace().next().unwrap_or("");
    first.eq_ignore_ascii_case("GRANT") || first.eq_ignore_ascii_case("REVOKE")
}

/// The table that `sql` copies, and what the copy does, when it is one of MySQL's table
/// rebuilds that sqlparser cannot read: `ALTER TABLE t PARTITION BY …`, `… REMOVE
/// PARTITIONING`, `… ENGINE=…`, `… CONVERT TO CHARACTER SET …`, and `… ROW_FORMAT=…`
/// or `KEY_BLOCK_SIZE=…` unless it says its `ALGORITHM=` (InnoDB rebuilds in place).
fn copies(dialect: Dialect, sql: &str) -> Option<(String, &'static str)> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let upper: Vec<&str> = upper.iter().map(String::as_str).collect();
    let option = |name: &str| upper.get(3).is_some_and(|w| w.starts_with(name));
    let what = match upper.as_slice() {
        ["ALTER", "TABLE", _, "PARTITION", "BY", ..]
        | ["ALTER", "TABLE", _, "REMOVE", "PARTITIONING", ..] => "repartitioning",
        ["ALTER", "TABLE", _, "CONVERT", "TO", ..] => "converting the character set",
        ["ALTER", "TABLE", ..] if option("ENGINE=") => "changing the storage engine",
        ["ALTER", "TABLE", ..]
            if (option("ROW_FORMAT=") || option("KEY_BLOCK_SIZE="))
                && !upper.iter().any(|w| w.contains("ALGORITHM=")) =>
        {
            "changing the row format"
        }
        _ => return None,
    };
    (dialect == Dialect::Mysql).then(|| {
        let table = words[2].trim_matches('`').trim_end_matches(';').to_string();
        (table, what)
    })
}

/// The table that `sql` rewrites when it is PostgreSQL's `ALTER TABLE t SET LOGGED` or
/// `SET UNLOGGED` (the whole table is copied, and for `LOGGED` written to the WAL, under an
/// ACCESS EXCLUSIVE lock), with those words.
fn rewrites(dialect: Dialect, sql: &str) -> Option<(String, &'static str)> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let upper: Vec<&str> = upper.iter().map(|w| w.trim_end_matches(';')).collect();
    let what = match upper.as_slice() {
        ["ALTER", "TABLE", _, "SET", "LOGGED"] => "SET LOGGED",
        ["ALTER", "TABLE", _, "SET", "UNLOGGED"] => "SET UNLOGGED",
        _ => return None,
    };
    (dialect == Dialect::Postgres).then(|| (words[2].trim_matches('"').to_string(), what))
}

/// The table that `sql` moves into another schema, as the linter names tables (by its
/// name within its schema), and the schema, when it is PostgreSQL's `ALTER TABLE [IF
/// EXISTS] [ONLY] t SET SCHEMA s`, or exactly the block autogenerate writes to move a
/// table into the connection's own schema, whose name it reads at run time: `DO $$ BEGIN
/// EXECUTE 'ALTER TABLE t SET SCHEMA ' || quote_ident(current_schema()); END $$`.
/// Either changes the catalogue only, under an ACCESS EXCLUSIVE lock.
pub(crate) fn moves(dialect: Dialect, sql: &str) -> Option<(String, String)> {
    if dialect != Dialect::Postgres {
        return None;
    }
    let sql = sql
        .trim()
        .trim_end_matches(';')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let block = sql.strip_prefix("DO $$ BEGIN EXECUTE '").and_then(|rest| {
        rest.strip_suffix(" SET SCHEMA ' || quote_ident(current_schema()); END $$")
    });
    let (alter, schema) = match block {
        // One string literal, and nothing that could end the block early.
        Some(inner) if !inner.contains([';', '$']) && !inner.replace("''", "").contains('\'') => (
            inner.replace("''", "'"),
            "the connection's schema".to_string(),
        ),
        Some(_) => return None,
        None => {
            let at = sql.to_ascii_uppercase().rfind(" SET SCHEMA ")?;
            let schema = sql[at + " SET SCHEMA ".len()..].trim();
            if schema.is_empty() || (schema.contains(' ') && !schema.starts_with('"')) {
                return None;
            }
            (sql[..at].to_string(), schema.to_string())
        }
    };
    let words: Vec<String> = alter
        .split_whitespace()
        .take(5)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let skip = match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["ALTER", "TABLE", "IF", "EXISTS", "ONLY", ..] => 5,
        ["ALTER", "TABLE", "IF", "EXISTS", ..] => 4,
        ["ALTER", "TABLE", "ONLY", ..] => 3,
        ["ALTER", "TABLE", ..] => 2,
        _ => return None,
    };
    let name_text = alter.splitn(skip + 1, ' ').nth(skip)?;
    let mut parser = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(name_text)
        .ok()?;
    let name = parser.parse_object_name(false).ok()?;
    parser.expect_token(&Token::EOF).ok()?;
    Some((object(&name), schema))
}

/// PostgreSQL's `CREATE UNLOGGED TABLE …`, which sqlparser cannot read, parsed as the
/// `CREATE TABLE` it is to every rule (a new table, empty).
fn without_unlogged(dialect: Dialect, sql: &str) -> Option<Statement> {
    let words: Vec<&str> = sql.splitn(3, char::is_whitespace).collect();
    let [create, unlogged, rest] = words.as_slice() else {
        return None;
    };
    if dialect != Dialect::Postgres
        || !create.eq_ignore_ascii_case("CREATE")
        || !unlogged.eq_ignore_ascii_case("UNLOGGED")
    {
        return None;
    }
    let mut trees = Parser::parse_sql(&PostgreSqlDialect {}, &format!("CREATE {rest}")).ok()?;
    (trees.len() == 1).then(|| trees.remove(0))
}

/// A PostgreSQL `CREATE TABLE` or `ALTER TABLE` read without a check's `NO INHERIT` and a
/// foreign key's `MATCH FULL`, which sqlparser cannot read: neither changes what the
/// statement locks or scans.
fn without_constraint_clauses(dialect: Dialect, sql: &str) -> Option<Statement> {
    if dialect != Dialect::Postgres {
        return None;
    }
    let tokens = Tokenizer::new(&PostgreSqlDialect {}, sql).tokenize().ok()?;
    let word = |t: Option<&Token>, k: Keyword| matches!(t, Some(Token::Word(w)) if w.keyword == k);
    let mut kept: Vec<&Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    let mut removed = false;
    while i < tokens.len() {
        let next = tokens[i + 1..]
            .iter()
            .position(|t| !matches!(t, Token::Whitespace(_)))
            .map(|at| i + 1 + at);
        let pair = [
            (Keyword::NO, Keyword::INHERIT),
            (Keyword::MATCH, Keyword::FULL),
        ]
        .into_iter()
        .any(|(a, b)| word(tokens.get(i), a) && word(next.and_then(|n| tokens.get(n)), b));
        match next.filter(|_| pair) {
            Some(n) => {
                removed = true;
                i = n + 1;
            }
            None => {
                kept.push(&tokens[i]);
                i += 1;
            }
        }
    }
    let text: String = kept.iter().map(|t| t.to_string()).collect();
    let mut trees = Parser::parse_sql(&PostgreSqlDialect {}, &text).ok()?;
    (removed && trees.len() == 1).then(|| trees.remove(0))
}

/// Whether `sql` is MySQL's `ALTER TABLE t ROW_FORMAT=… …, ALGORITHM=INPLACE …` (a
/// rebuild in place, which sqlparser cannot read), `ALTER TABLE t ALTER INDEX i
/// [NOT] IGNORED | [IN]VISIBLE` or `ALTER TABLE t RENAME INDEX | KEY a TO b` (changes of
/// the catalog only).
fn alters_in_place(dialect: Dialect, sql: &str) -> bool {
    let upper = head_upper(sql, 5);
    let upper: Vec<&str> = upper.iter().map(String::as_str).collect();
    let in_place = match upper.as_slice() {
        ["ALTER", "TABLE", _, "ALTER", "INDEX", ..]
        | ["ALTER", "TABLE", _, "RENAME", "INDEX" | "KEY"] => true,
        ["ALTER", "TABLE", _, option, ..] => {
            (option.starts_with("ROW_FORMAT=") || option.starts_with("KEY_BLOCK_SIZE="))
                && sql.to_ascii_uppercase().contains("ALGORITHM=")
        }
        _ => false,
    };
    dialect == Dialect::Mysql && in_place
}

/// The first `n` words of `sql`, upper-cased.
fn head_upper(sql: &str, n: usize) -> Vec<String> {
    sql.split_whitespace()
        .take(n)
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

/// Whether `sql` is a PostgreSQL statement sqlparser cannot read that autogenerate writes
/// for an object kept by its definition: `COMMENT ON` any object, `ALTER SEQUENCE` (its
/// options), `ALTER DOMAIN` (default, `NOT NULL`, checks), `CREATE TYPE … AS RANGE`,
/// `ALTER TYPE … ADD | DROP | ALTER ATTRIBUTE` (a composite type's attributes) and
/// `CREATE` / `DROP COLLATION`. None
/// rewrites a table: an `ALTER DOMAIN … ADD CONSTRAINT` or `SET NOT NULL` checks the
/// stored values of the domain's type, as the change requires; a composite type's values
/// stored in a column take a new or dropped attribute without a rewrite, and PostgreSQL
/// refuses to retype an attribute while a column uses the type. No rule of the linter is
/// about domains or types.
fn alters_pg_catalog_object(dialect: Dialect, sql: &str) -> bool {
    let upper = head_upper(sql, 2);
    let upper: Vec<&str> = upper.iter().map(String::as_str).collect();
    dialect == Dialect::Postgres
        && matches!(
            upper.as_slice(),
            ["COMMENT", "ON"]
                | ["ALTER", "SEQUENCE"]
                | ["ALTER", "DOMAIN"]
                | ["ALTER", "TYPE"]
                | ["CREATE", "TYPE"]
                | ["CREATE", "COLLATION"]
                | ["DROP", "COLLATION"]
        )
}

/// Whether `sql` is PostgreSQL's `ALTER TABLE t [NO] INHERIT parent`, which sqlparser
/// cannot read: a change to the catalogue that neither rewrites nor scans a table (the
/// child must already have the parent's columns and checks; its brief ACCESS EXCLUSIVE
/// lock waits under the script's lock timeout like any `ALTER TABLE`).
fn changes_inheritance(dialect: Dialect, sql: &str) -> bool {
    let upper = head_upper(sql, 6);
    let upper: Vec<&str> = upper.iter().map(String::as_str).collect();
    dialect == Dialect::Postgres
        && matches!(
            upper.as_slice(),
            ["ALTER", "TABLE", _, "INHERIT", _] | ["ALTER", "TABLE", _, "NO", "INHERIT", _]
        )
}

/// `sql` without MySQL's `IGNORED` / `INVISIBLE` index option (MariaDB's and MySQL's
/// words for an index the optimizer does not use), which sqlparser cannot read, parsed.
fn without_index_visibility(dialect: Dialect, sql: &str) -> Option<Statement> {
    if dialect != Dialect::Mysql {
        return None;
    }
    let mut text = String::with_capacity(sql.len());
    let mut removed = false;
    for word in sql.split(' ') {
        let bare = word.trim_end_matches([',', ';']);
        if matches!(bare, "IGNORED" | "INVISIBLE") {
            // `… (code) IGNORED, ALGORITHM=…`: the comma stays, after the column list.
            removed = true;
            text.truncate(text.trim_end().len());
            text.push_str(&word[bare.len()..]);
        } else {
            text.push_str(word);
        }
        text.push(' ');
    }
    if !removed {
        return None;
    }
    let mut trees = Parser::parse_sql(&MySqlDialect {}, text.trim()).ok()?;
    (trees.len() == 1).then(|| trees.remove(0))
}

/// Whether `sql` is one of PostgreSQL's partitioning statements that sqlparser does not
/// read, none of which rewrites or scans a table: `CREATE TABLE p PARTITION OF t …` (a new,
/// empty table), `CREATE INDEX … ON ONLY t` (the index of a partitioned table alone,
/// building nothing) and `ALTER INDEX … ATTACH PARTITION` (a catalog change).
fn creates_partition(sql: &str) -> bool {
    let words: Vec<String> = sql
        .split_whitespace()
        .take(6)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    matches!(
        words
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["CREATE", "TABLE", _, "PARTITION", "OF", ..]
            | ["CREATE", "INDEX", _, "ON", "ONLY", ..]
            | ["CREATE", "UNIQUE", "INDEX", _, "ON", "ONLY", ..]
            | ["ALTER", "INDEX", _, "ATTACH", "PARTITION", ..]
    )
}

/// Whether `sql` creates or drops a trigger, routine or event, or sets a MySQL table's
/// comment: statements with bodies in procedural languages that sqlparser does not read,
/// and in which no rule has anything to find (they rewrite no table and scan no rows).
fn defines_routine(sql: &str) -> bool {
    let words: Vec<String> = sql
        .split(|c: char| c.is_whitespace() || c == '(')
        .filter(|w| !w.is_empty())
        .take(6)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let routine = |k: &str| matches!(k, "TRIGGER" | "FUNCTION" | "PROCEDURE" | "EVENT");
    match w.as_slice() {
        ["CREATE", "OR", "REPLACE", kind, ..] | ["CREATE", kind, ..] | ["DROP", kind, ..] => {
            routine(kind)
        }
        ["ALTER", "TABLE", _, "COMMENT", ..] => true,
        _ => false,
    }
}

/// Whether `sql` is `ALTER TABLE … ADD [CONSTRAINT name] {UNIQUE | PRIMARY KEY} USING
/// INDEX name`: PostgreSQL's way to turn an index built CONCURRENTLY into a constraint
/// without building anything (PostgreSQL docs, ALTER TABLE, `table_constraint_using_index`).
fn attaches_index(dialect: &dyn SqlDialect, sql: &str) -> bool {
    let Ok(tokens) = Tokenizer::new(dialect, sql).tokenize() else {
        return false;
    };
    let words: Vec<Keyword> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .map(|t| match t {
            Token::Word(w) => w.keyword,
            _ => Keyword::NoKeyword,
        })
        .collect();
    words.starts_with(&[Keyword::ALTER, Keyword::TABLE])
        && words.windows(3).any(|w| {
            matches!(w[0], Keyword::UNIQUE | Keyword::KEY)
                && w[1] == Keyword::USING
                && w[2] == Keyword::INDEX
        })
}

/// Whether `sql` is `ALTER TABLE … ALTER COLUMN … DROP IDENTITY [IF EXISTS]`: PostgreSQL's
/// way to stop a column generating its values, which no rule is about (sqlparser cannot
/// read it; PostgreSQL docs, ALTER TABLE).
fn drops_identity(dialect: &dyn SqlDialect, sql: &str) -> bool {
    let Ok(tokens) = Tokenizer::new(dialect, sql).tokenize() else {
        return false;
    };
    let words: Vec<Keyword> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .map(|t| match t {
            Token::Word(w) => w.keyword,
            _ => Keyword::NoKeyword,
        })
        .collect();
    let ends = |tail: &[Keyword]| words.ends_with(tail);
    words.starts_with(&[Keyword::ALTER, Keyword::TABLE])
        && words.len() == 8 + usize::from(ends(&[Keyword::IF, Keyword::EXISTS])) * 2
        && words[3..5] == [Keyword::ALTER, Keyword::COLUMN]
        && words[6] == Keyword::DROP
        && matches!(words.get(7), Some(Keyword::IDENTITY))
}

/// Whether `sql` is `ALTER TABLE … ALTER COLUMN … SET GENERATED … | SET INCREMENT BY …
/// | SET NO MINVALUE …` (one or more): PostgreSQL's way to change an identity column's
/// kind or its sequence's options, a change to the catalogue that neither rewrites nor
/// scans the table (sqlparser cannot read it; PostgreSQL docs, ALTER TABLE).
fn sets_identity(dialect: &dyn SqlDialect, sql: &str) -> bool {
    let Ok(tokens) = Tokenizer::new(dialect, sql).tokenize() else {
        return false;
    };
    let words: Vec<Keyword> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_) | Token::SemiColon))
        .map(|t| match t {
            Token::Word(w) => w.keyword,
            _ => Keyword::NoKeyword,
        })
        .collect();
    let Some(at) = words
        .windows(2)
        .position(|w| w == [Keyword::ALTER, Keyword::COLUMN])
    else {
        return false;
    };
    let actions = &words[(at + 3).min(words.len())..];
    let option = |k: &Keyword| {
        matches!(
            k,
            Keyword::GENERATED
                | Keyword::INCREMENT
                | Keyword::START
                | Keyword::MINVALUE
                | Keyword::MAXVALUE
                | Keyword::NO
                | Keyword::CACHE
                | Keyword::CYCLE
        )
    };
    words.starts_with(&[Keyword::ALTER, Keyword::TABLE])
        && actions.first() == Some(&Keyword::SET)
        && actions
            .windows(2)
            .filter(|w| w[0] == Keyword::SET)
            .all(|w| option(&w[1]))
        && actions.iter().all(|k| {
            option(k)
                || matches!(
                    k,
                    Keyword::SET
                        | Keyword::RESTART
                        | Keyword::ALWAYS
                        | Keyword::BY
                        | Keyword::DEFAULT
                        | Keyword::WITH
                        | Keyword::NoKeyword
                )
        })
}

/// Whether `sql` is exactly the block autogenerate writes to drop the sequence a serial
/// column owns, found by name at run time: `DO $$ BEGIN EXECUTE 'DROP SEQUENCE ' ||
/// pg_get_serial_sequence('t', 'c'); END $$`. It drops a sequence and nothing else.
fn drops_serial_sequence(sql: &str) -> bool {
    let words: Vec<&str> = sql
        .trim()
        .trim_end_matches(';')
        .split_whitespace()
        .collect();
    let sql = words.join(" ");
    let Some(call) = sql
        .strip_prefix("DO $$ BEGIN EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence(")
        .and_then(|rest| rest.strip_suffix("); END $$"))
    else {
        return false;
    };
    // Two string literals, and nothing that could end the block early.
    !call.contains(';') && !call.contains('$') && call.matches('\'').count() % 2 == 0
}

/// Parses PostgreSQL's `DROP INDEX CONCURRENTLY …` as the same statement without the
/// keyword (sqlparser does not know it there).
/// A SQLite `CREATE TABLE` whose options sqlparser cannot read (`STRICT, WITHOUT ROWID`),
/// parsed without them: no rule looks at a table's options.
fn without_table_options(dialect: Dialect, sql: &str) -> Option<Statement> {
    let head: String = sql.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    if dialect != Dialect::Sqlite || !head.eq_ignore_ascii_case("CREATE TABLE") {
        return None;
    }
    let close = sql.rfind(')')?;
    let options = sql[close + 1..].to_ascii_uppercase();
    let only_options = options
        .split(|c: char| c == ',' || c.is_whitespace() || c == ';')
        .all(|w| matches!(w, "" | "STRICT" | "WITHOUT" | "ROWID"));
    if !only_options {
        return None;
    }
    let mut trees = Parser::parse_sql(&SQLiteDialect {}, &sql[..=close]).ok()?;
    (trees.len() == 1).then(|| trees.remove(0))
}

fn without_concurrently(dialect: &dyn SqlDialect, sql: &str) -> Option<Statement> {
    let tokens = Tokenizer::new(dialect, sql).tokenize().ok()?;
    let code: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t, Token::Whitespace(_)))
        .map(|(i, _)| i)
        .take(3)
        .collect();
    let keyword = |i: usize, kw: Keyword| matches!(&tokens[i], Token::Word(w) if w.keyword == kw);
    let [drop, index, concurrently] = code[..] else {
        return None;
    };
    if !(keyword(drop, Keyword::DROP)
        && keyword(index, Keyword::INDEX)
        && keyword(concurrently, Keyword::CONCURRENTLY))
    {
        return None;
    }
    let rest: String = tokens
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != concurrently)
        .map(|(_, t)| t.to_string())
        .collect();
    let mut trees = Parser::parse_sql(dialect, &rest).ok()?;
    (trees.len() == 1).then(|| trees.remove(0))
}

/// Parses `ALTER TABLE … ALTER COLUMN … TYPE t COLLATE "c" …` (a new collation, which
/// sqlparser does not read there) as the same statement without the `COLLATE` clause:
/// the rules are about the type change, which a collation does not make riskier.
fn without_type_collation(dialect: &dyn SqlDialect, sql: &str) -> Option<Statement> {
    let tokens = Tokenizer::new(dialect, sql).tokenize().ok()?;
    let code: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t, Token::Whitespace(_)))
        .map(|(i, _)| i)
        .collect();
    let keyword = |i: usize, kw: Keyword| matches!(&tokens[i], Token::Word(w) if w.keyword == kw);
    let starts =
        code.len() > 2 && keyword(code[0], Keyword::ALTER) && keyword(code[1], Keyword::TABLE);
    let at = code.iter().position(|&i| keyword(i, Keyword::COLLATE))?;
    let typed = code[..at].iter().any(|&i| keyword(i, Keyword::TYPE));
    let name = *code.get(at + 1)?;
    if !starts || !typed || !matches!(tokens[name], Token::Word(_)) {
        return None;
    }
    let rest: String = tokens
        .iter()
        .enumerate()
        .filter(|&(i, _)| i < code[at] || i > name)
        .map(|(_, t)| t.to_string())
        .collect();
    let mut trees = Parser::parse_sql(dialect, &rest).ok()?;
    (trees.len() == 1).then(|| trees.remove(0))
}

/// An identifier as the database sees it: unquoted names fold to lowercase (PostgreSQL
/// folds them; MySQL and SQLite compare table names case-insensitively on common setups).
pub(crate) fn ident(ident: &Ident) -> String {
    match ident.quote_style {
        Some(_) => ident.value.clone(),
        None => ident.value.to_lowercase(),
    }
}

/// The object's own name, without its schema (`public.users` is `users`).
pub(crate) fn object(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|part| part.as_ident())
        .map_or_else(|| name.to_string(), ident)
}

/// The table a `DELETE`/`UPDATE` target names, if it is a plain table.
pub(crate) fn target_table(target: &TableWithJoins) -> Option<String> {
    match &target.relation {
        TableFactor::Table { name, .. } => Some(object(name)),
        _ => None,
    }
}

/// Whether the column is declared `NOT NULL` (or `PRIMARY KEY`, which implies it).
pub(crate) fn is_not_null(column: &ColumnDef) -> bool {
    column.options.iter().any(|o| {
        matches!(
            o.option,
            ColumnOption::NotNull
                | ColumnOption::Unique {
                    is_primary: true,
                    ..
                }
        )
    })
}

/// The column's `DEFAULT` expression.
pub(crate) fn default_of(column: &ColumnDef) -> Option<&Expr> {
    column.options.iter().find_map(|o| match &o.option {
        ColumnOption::Default(expr) => Some(expr),
        _ => None,
    })
}

/// Whether the database fills the column by itself: identity, generated, or an
/// auto-increment column.
pub(crate) fn is_generated(column: &ColumnDef) -> bool {
    column.options.iter().any(|o| match &o.option {
        ColumnOption::Generated { .. } | ColumnOption::Identity(_) => true,
        ColumnOption::DialectSpecific(tokens) => tokens.iter().any(|t| {
            let t = t.to_string();
            t.eq_ignore_ascii_case("AUTO_INCREMENT") || t.eq_ignore_ascii_case("AUTOINCREMENT")
        }),
        _ => false,
    })
}

/// Functions whose value changes from row to row, so that PostgreSQL must rewrite the
/// table to store a default computed with them (PostgreSQL docs, ALTER TABLE, "Notes":
/// a volatile default such as `clock_timestamp()` needs a rewrite; stable ones such as
/// `now()` do not).
const VOLATILE: &[&str] = &[
    "random",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "txid_current",
    "random_normal",
];

/// The volatile function `expr` calls, if any.
pub(crate) fn volatile_call(expr: &Expr) -> Option<String> {
    let found = sqlparser::ast::visit_expressions(expr, |e| match e {
        Expr::Function(Function { name, .. }) => {
            let name = object(name);
            if VOLATILE.contains(&name.as_str()) {
                ControlFlow::Break(name)
            } else {
                ControlFlow::Continue(())
            }
        }
        _ => ControlFlow::Continue(()),
    });
    match found {
        ControlFlow::Break(name) => Some(name),
        ControlFlow::Continue(()) => None,
    }
}

/// The column a `CHECK (col IS NOT NULL)` constraint is about.
pub(crate) fn not_null_check_column(expr: &Expr) -> Option<String> {
    match expr {
        Expr::IsNotNull(inner) => match inner.as_ref() {
            Expr::Identifier(id) => Some(ident(id)),
            Expr::CompoundIdentifier(parts) => parts.last().map(ident),
            _ => None,
        },
        Expr::Nested(inner) => not_null_check_column(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(sql: &str) -> Statement {
        Parser::parse_sql(&PostgreSqlDialect {}, sql)
            .unwrap()
            .remove(0)
    }

    fn default_expr(sql: &str) -> Expr {
        match one(&format!("SELECT {sql}")) {
            Statement::Query(q) => match *q.body {
                sqlparser::ast::SetExpr::Select(s) => match &s.projection[0] {
                    sqlparser::ast::SelectItem::UnnamedExpr(e) => e.clone(),
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_type_change_with_a_collation_is_read_without_it() {
        let d = PostgreSqlDialect {};
        let sql =
            "ALTER TABLE t ALTER COLUMN c TYPE varchar(40) COLLATE \"C\" USING c::varchar(40)";
        assert!(Parser::parse_sql(&d, sql).is_err());
        let tree = without_type_collation(&d, sql).expect("read without COLLATE");
        assert_eq!(
            tree.to_string(),
            "ALTER TABLE t ALTER COLUMN c TYPE VARCHAR(40) USING c::VARCHAR(40)"
        );
        assert!(without_type_collation(&d, "SELECT 1 COLLATE \"C\"").is_none());
    }

    #[test]
    fn a_table_moved_into_another_schema_is_read_by_its_name_within_the_schema() {
        let pg = Dialect::Postgres;
        let moved = |sql| super::moves(pg, sql);
        let to = |t: &str, s: &str| Some((t.to_string(), s.to_string()));
        assert_eq!(
            moved("ALTER TABLE users SET SCHEMA billing"),
            to("users", "billing")
        );
        assert_eq!(
            moved("alter table if exists only billing.\"Big  Box\" set schema \"Archive\";"),
            to("Big Box", "\"Archive\"")
        );
        let into_own = "DO $$ BEGIN EXECUTE 'ALTER TABLE billing.\"it''s\" SET SCHEMA ' || \
                        quote_ident(current_schema()); END $$";
        assert_eq!(moved(into_own), to("it's", "the connection's schema"));
        // Anything more in the block, or another statement, is not a move.
        assert_eq!(moved("DO $$ BEGIN EXECUTE 'ALTER TABLE t SET SCHEMA ' || quote_ident(current_schema()); DROP TABLE u; END $$"), None);
        assert_eq!(moved("DO $$ BEGIN EXECUTE 'ALTER TABLE t'' SET SCHEMA ' || quote_ident(current_schema()); END $$"), None);
        assert_eq!(moved("ALTER TABLE t RENAME TO u"), None);
        assert_eq!(moved("ALTER TABLE t, u SET SCHEMA b"), None);
        assert_eq!(
            super::moves(Dialect::Mysql, "ALTER TABLE t SET SCHEMA b"),
            None
        );
    }

    #[test]
    fn only_the_serial_sequence_block_is_harmless() {
        let block = "DO $$ BEGIN EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence('\"T\"', 'id'); END $$;";
        assert!(alters_pg_catalog_object(
            Dialect::Postgres,
            "COMMENT ON INDEX i IS 'x'"
        ));
        assert!(alters_pg_catalog_object(
            Dialect::Postgres,
            "ALTER DOMAIN d SET DEFAULT 1"
        ));
        assert!(!alters_pg_catalog_object(
            Dialect::Mysql,
            "ALTER SEQUENCE s"
        ));
        assert!(drops_serial_sequence(block));
        assert!(!drops_serial_sequence(
            "DO $$ BEGIN EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence('t', 'id'); DROP TABLE t; END $$"
        ));
        assert!(!drops_serial_sequence("DO $$ BEGIN DROP TABLE t; END $$"));
    }

    #[test]
    fn grants_and_revokes_are_harmless_where_sqlparser_cannot_read_them() {
        let sql = "GRANT ALTER ROUTINE, EXECUTE ON PROCEDURE `p` TO 'r'@'%' WITH GRANT OPTION";
        assert!(Parser::parse_sql(&MySqlDialect {}, sql).is_err());
        assert!(changes_privileges(sql));
        assert!(changes_privileges(
            "revoke EXECUTE ON FUNCTION f(integer) FROM PUBLIC"
        ));
        assert!(!changes_privileges("DROP TABLE grants"));
    }

    #[test]
    fn volatile_calls_are_found_inside_expressions() {
        assert_eq!(
            volatile_call(&default_expr("(gen_random_uuid())::text")).as_deref(),
            Some("gen_random_uuid")
        );
        assert_eq!(volatile_call(&default_expr("now()")), None);
        assert_eq!(volatile_call(&default_expr("0")), None);
    }

    #[test]
    fn names_fold_unless_quoted() {
        match one("DROP TABLE public.\"Users\", Orders") {
            Statement::Drop { names, .. } => {
                assert_eq!(object(&names[0]), "Users");
                assert_eq!(object(&names[1]), "orders");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unparsable_statements_are_kept() {
        let section = Section {
            text: "DO $$ BEGIN END $$;\nSELECT 1;\n".into(),
            first_line: 4,
            present: true,
        };
        let parsed = parse_section(&section, Dialect::Postgres);
        assert_eq!(parsed.len(), 2);
        assert!(parsed[0].result.is_err());
        assert_eq!((parsed[1].line, parsed[1].result.is_ok()), (5, true));
    }

    #[test]
    fn attaching_an_index_is_known() {
        let pg = PostgreSqlDialect {};
        assert!(attaches_index(
            &pg,
            "ALTER TABLE t ADD CONSTRAINT uq UNIQUE USING INDEX ix"
        ));
        assert!(attaches_index(
            &pg,
            "ALTER TABLE t ADD PRIMARY KEY USING INDEX ix"
        ));
        assert!(!attaches_index(
            &pg,
            "ALTER TABLE t ADD CONSTRAINT uq UNIQUE (a)"
        ));
        assert!(!attaches_index(&pg, "DO $$ BEGIN END $$"));
    }

    #[test]
    fn dropping_an_identity_is_known() {
        let pg = PostgreSqlDialect {};
        assert!(drops_identity(
            &pg,
            "ALTER TABLE t ALTER COLUMN id DROP IDENTITY"
        ));
        assert!(drops_identity(
            &pg,
            "ALTER TABLE t ALTER COLUMN id DROP IDENTITY IF EXISTS"
        ));
        assert!(!drops_identity(
            &pg,
            "ALTER TABLE t ALTER COLUMN id DROP NOT NULL"
        ));
        assert!(!drops_identity(&pg, "ALTER TABLE t DROP COLUMN id"));
    }

    #[test]
    fn no_inherit_and_match_full_are_read_past() {
        let read = |sql| without_constraint_clauses(Dialect::Postgres, sql).is_some();
        assert!(read(
            "ALTER TABLE t ADD CONSTRAINT c CHECK ((a > 0)) NO INHERIT NOT VALID"
        ));
        assert!(read(
            "CREATE TABLE t (a int, CONSTRAINT f FOREIGN KEY (a) REFERENCES p (id) MATCH FULL)"
        ));
        assert!(!read("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)"));
        assert!(!read("ALTER TABLE t NO INHERIT p"));
    }

    #[test]
    fn changing_an_identity_is_known() {
        let pg = PostgreSqlDialect {};
        for sql in [
            "ALTER TABLE t ALTER COLUMN id SET GENERATED ALWAYS",
            "ALTER TABLE s.t ALTER COLUMN id SET GENERATED BY DEFAULT SET INCREMENT BY -5;",
            "ALTER TABLE t ALTER COLUMN id SET NO MINVALUE SET CACHE 1 SET START WITH 1 RESTART",
        ] {
            assert!(sets_identity(&pg, sql), "{sql}");
        }
        for sql in [
            "ALTER TABLE t ALTER COLUMN id SET DEFAULT 1",
            "ALTER TABLE t ALTER COLUMN id SET NOT NULL",
            "ALTER TABLE t ALTER COLUMN id SET GENERATED ALWAYS, DROP COLUMN x",
        ] {
            assert!(!sets_identity(&pg, sql), "{sql}");
        }
    }

    #[test]
    fn drop_index_concurrently_is_read() {
        let section = Section {
            text: "DROP INDEX CONCURRENTLY IF EXISTS \"Ix\";\nDROP INDEX ix;\n".into(),
            first_line: 1,
            present: true,
        };
        let parsed = parse_section(&section, Dialect::Postgres);
        assert!(parsed[0].drop_concurrently && !parsed[1].drop_concurrently);
        match &parsed[0].result {
            Ok(Statement::Drop { names, .. }) => assert_eq!(object(&names[0]), "Ix"),
            other => panic!("{other:?}"),
        }
    }
}
