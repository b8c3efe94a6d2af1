//! The PostgreSQL schemas that SQL model statements name, checked against `[models]
//! schemas`.
//!
//! Inspection reads the configured schemas only: a statement that creates or refers to
//! something in another schema is still applied to the scratch database (so that what
//! depends on it builds), but what it creates is not compared, which [`outside`] reports
//! as a warning naming the statement, never silently.

use crate::script::split;
use std::path::Path;

/// The warnings for the statements of SQL model `text` that name a PostgreSQL schema not
/// among `schemas` (`[models] schemas`; empty: the connection's own, taken to be
/// `public`): `CREATE SCHEMA other`, an object qualified as `other.name` where a table,
/// view, function, type, sequence or domain is named, or `SET search_path TO other`.
pub fn outside(file: &Path, text: &str, schemas: &[String]) -> Vec<String> {
    let default = ["public".to_string()];
    let allowed = if schemas.is_empty() {
        &default[..]
    } else {
        schemas
    };
    let mut out = super::search_path::outside(file, text, allowed);
    for piece in split(text) {
        // Only `CREATE SCHEMA` or a qualified name names a schema; most statements have
        // neither, and need not be split into tokens.
        if !piece.text.contains('.') && !piece.text.to_ascii_lowercase().contains("schema") {
            continue;
        }
        let named = named_schemas(&piece.text);
        let outside: Vec<&String> = named.iter().filter(|s| !allowed.contains(s)).collect();
        let Some(first) = outside.first() else {
            continue;
        };
        let Some((offset, lines)) = super::sql::code_start(&piece.text) else {
            continue;
        };
        let code = piece.text[offset..].trim_end();
        let line = piece.start_line + lines;
        out.push(format!(
            "{}:{line}: this statement names the schema `{first}`, which is not in [models] \
             schemas ({}): it is applied to build the models but what it creates there is not \
             compared; add `{first}` to [models] schemas in shale.toml to compare it: {}",
            file.display(),
            if schemas.is_empty() {
                "not set: the connection's own schema only".to_string()
            } else {
                schemas.join(", ")
            },
            crate::script::excerpt(code)
        ));
    }
    out
}

/// One lexical token of a statement: a name (or keyword) as PostgreSQL folds it
/// (unquoted: lower case), or punctuation.
#[derive(Debug, PartialEq)]
enum Token {
    /// A name: folded (`billing`), and whether it was quoted.
    Name {
        folded: String,
        quoted: bool,
    },
    Dot,
    Open,
    Close,
    Other,
}

/// The schemas `statement` names: the one `CREATE SCHEMA` creates, and the qualifiers
/// of names that follow `TABLE`, `VIEW`, `FUNCTION`, `PROCEDURE`, `TYPE`, `SEQUENCE`,
/// `DOMAIN`, `ON`, `REFERENCES`, `OF` or `EXISTS` before the statement's query (its
/// first `AS`, `SELECT` or `WITH` outside parentheses): in a view's query `JOIN items i
/// ON i.user_id …` qualifies a column by an alias, not a schema.
fn named_schemas(statement: &str) -> Vec<String> {
    let mut tokens = tokens(statement);
    let mut depth = 0usize;
    let query = tokens.iter().position(|t| {
        match t {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Name {
                folded,
                quoted: false,
            } if depth == 0 => return matches!(folded.as_str(), "as" | "select" | "with"),
            _ => {}
        }
        false
    });
    tokens.truncate(query.unwrap_or(tokens.len()));
    let mut out = Vec::new();
    let word = |i: usize| match tokens.get(i) {
        Some(Token::Name {
            folded,
            quoted: false,
        }) => folded.to_ascii_uppercase(),
        _ => String::new(),
    };
    let name = |i: usize| match tokens.get(i) {
        Some(Token::Name { folded, .. }) => Some(folded.clone()),
        _ => None,
    };
    if word(0) == "CREATE" && word(1) == "SCHEMA" {
        let at = if word(2) == "IF" { 5 } else { 2 };
        out.extend(name(at));
    }
    for i in 0..tokens.len() {
        let introduces = matches!(
            word(i).as_str(),
            "TABLE"
                | "VIEW"
                | "FUNCTION"
                | "PROCEDURE"
                | "TYPE"
                | "SEQUENCE"
                | "DOMAIN"
                | "ON"
                | "REFERENCES"
                | "OF"
                | "EXISTS"
        );
        if introduces && tokens.get(i + 2) == Some(&Token::Dot) {
            if let (Some(schema), Some(_)) = (name(i + 1), name(i + 3)) {
                if !out.contains(&schema) {
                    out.push(schema);
                }
            }
        }
    }
    out
}

/// The tokens of `sql`, string literals, dollar-quoted bodies and comments left out.
fn tokens(sql: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                }
                out.push(Token::Other);
            }
            '"' => {
                let mut name = String::new();
                while let Some(d) = chars.next() {
                    if d == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    name.push(d);
                }
                out.push(Token::Name {
                    folded: name,
                    quoted: true,
                });
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '$' => {
                // A dollar-quoted body: `$tag$ … $tag$`; its text is not the statement's.
                let mut tag = String::from("$");
                while let Some(&d) = chars.peek() {
                    chars.next();
                    tag.push(d);
                    if d == '$' {
                        break;
                    }
                }
                let mut body = String::new();
                for d in chars.by_ref() {
                    body.push(d);
                    if body.ends_with(&tag) {
                        break;
                    }
                }
                out.push(Token::Other);
            }
            '.' => out.push(Token::Dot),
            '(' => out.push(Token::Open),
            ')' => out.push(Token::Close),
            c if c.is_alphabetic() || c == '_' => {
                let mut name = c.to_string();
                while let Some(&d) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' || d == '$' {
                        name.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Token::Name {
                    folded: name.to_lowercase(),
                    quoted: false,
                });
            }
            c if c.is_whitespace() => {}
            _ => out.push(Token::Other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_named_as_postgresql_folds_them() {
        assert_eq!(named_schemas("CREATE SCHEMA Billing"), ["billing"]);
        assert_eq!(
            named_schemas("create schema if not exists \"Ops\""),
            ["Ops"]
        );
        assert_eq!(
            named_schemas(
                "CREATE TABLE Billing.Invoices (id int, a int REFERENCES \"Ops\".accounts (id))"
            ),
            ["billing", "Ops"]
        );
        assert_eq!(
            named_schemas("CREATE INDEX ix ON audit.log (at)"),
            ["audit"]
        );
        // Aliases and columns qualified in a query or a body are not schemas.
        assert!(named_schemas(
            "CREATE VIEW v AS SELECT u.id FROM users u JOIN items i ON i.user_id = u.id"
        )
        .is_empty());
        assert_eq!(
            named_schemas("CREATE VIEW billing.v AS SELECT 1 FROM items i JOIN t ON i.a = t.a"),
            ["billing"]
        );
        assert_eq!(
            named_schemas(
                "CREATE TABLE t (n int GENERATED ALWAYS AS (1) STORED, a int REFERENCES ops.a (id))"
            ),
            ["ops"]
        );
        assert!(named_schemas(
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 FROM other.t $$"
        )
        .is_empty());
    }

    #[test]
    fn statements_in_other_schemas_are_warned_about_with_their_line() {
        let text = "CREATE SCHEMA billing;\nCREATE SCHEMA audit;\n\nCREATE TABLE audit.log (id int);\nCREATE TABLE public.users (id int);\n";
        let schemas = ["public".to_string(), "billing".to_string()];
        let got = outside(Path::new("m.sql"), text, &schemas);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(
            got[0].starts_with("m.sql:2: ") && got[0].contains("`audit`"),
            "{}",
            got[0]
        );
        assert!(got[1].starts_with("m.sql:4: ") && got[1].contains("CREATE TABLE audit.log"));
        // Unset: the connection's own schema only.
        let got = outside(Path::new("m.sql"), text, &[]);
        assert_eq!(got.len(), 3, "{got:#?}");
    }
}
