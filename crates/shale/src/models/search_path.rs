//! A PostgreSQL model file's `SET search_path`: the schema its unqualified names go to.
//!
//! psql runs a file in one session, so after `SET search_path TO billing` a `CREATE
//! TABLE invoices` makes `billing.invoices`, until the file ends (the next file starts
//! in a new session, with the default path). SQL models are built the same way on the
//! scratch database: [`governing`] says which statement set the path each statement runs
//! under, so that statements put off and tried again (models written out of order) run
//! under their own path still, and [`outside`] warns where the path names a schema that
//! is not compared.

use crate::script::split;
use std::path::Path;

/// The statement that puts the default path back, run between files and before the
/// scratch database is inspected (whose own names are then bare again).
pub(crate) const RESET: &str = "RESET search_path";

/// The schemas a `SET [SESSION | LOCAL] search_path {TO | =} …`, `RESET search_path` or
/// `SELECT pg_catalog.set_config('search_path', '…', …)` (as pg_dump writes it) statement
/// puts on the path, as PostgreSQL folds them (quoted as written, others lower-cased);
/// empty for the default (`RESET`, `TO DEFAULT`) or an empty path. `None` for any other
/// statement.
pub(crate) fn path_of(statement: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = statement.split_whitespace().collect();
    let upper = |i: usize| words.get(i).map(|w| w.to_ascii_uppercase());
    let is_path = |i: usize| upper(i).is_some_and(|w| w.trim_end_matches(';') == "SEARCH_PATH");
    match upper(0)?.as_str() {
        "RESET" if is_path(1) && words.len() == 2 => return Some(Vec::new()),
        "SELECT" => return set_config(statement),
        "SET" => {}
        _ => return None,
    }
    let at = match upper(1)?.as_str() {
        "SESSION" | "LOCAL" => 2,
        _ => 1,
    };
    if !is_path(at) {
        return None;
    }
    let rest = words[at + 1..].join(" ");
    let rest = rest.trim_end_matches(';').trim();
    let value = rest
        .strip_prefix('=')
        .or_else(|| rest.strip_prefix("TO "))
        .or_else(|| rest.strip_prefix("to "))?
        .trim();
    if value.eq_ignore_ascii_case("DEFAULT") {
        return Some(Vec::new());
    }
    Some(value.split(',').map(folded).collect())
}

/// The path of a `SELECT [pg_catalog.]set_config('search_path', '…', …)` statement.
fn set_config(statement: &str) -> Option<Vec<String>> {
    let compact: String = statement.split_whitespace().collect();
    let at = compact
        .to_ascii_lowercase()
        .find("set_config('search_path',")?;
    let rest = &compact[at + "set_config('search_path',".len()..];
    let value = rest.strip_prefix('\'')?.split('\'').next()?;
    // The spaces between entries were taken out with the others: entries are names.
    Some(
        value
            .split(',')
            .filter(|e| !e.is_empty())
            .map(folded)
            .collect(),
    )
}

/// One entry of a search path as PostgreSQL reads it: a quoted name as written (also a
/// string literal's, `'billing'`), an unquoted one lower-cased.
fn folded(entry: &str) -> String {
    let entry = entry.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = entry
            .strip_prefix(quote)
            .and_then(|e| e.strip_suffix(quote))
        {
            let doubled = format!("{quote}{quote}");
            return inner.replace(&doubled, &quote.to_string());
        }
    }
    entry.to_lowercase()
}

/// The schema a path creates unqualified names in: its first entry other than `"$user"`
/// and the system's own schemas.
pub(crate) fn creation_schema(path: &[String]) -> Option<&String> {
    path.iter()
        .find(|s| !matches!(s.as_str(), "$user" | "pg_catalog" | "pg_temp"))
}

/// For each of `statements` (in the order written, files one after another with a
/// [`RESET`] between them where a file set the path), the index of the statement that
/// set the path it runs under: the last [`path_of`] statement before it, `None` for the
/// default path.
pub(crate) fn governing<'s>(statements: impl IntoIterator<Item = &'s str>) -> Vec<Option<usize>> {
    let mut current = None;
    statements
        .into_iter()
        .enumerate()
        .map(|(i, sql)| {
            let under = current;
            if path_of(sql).is_some() {
                current = Some(i);
            }
            under
        })
        .collect()
}

/// The warnings for the `SET search_path` statements of model `text` whose first schema
/// (where unqualified names are created; `"$user"` and the system's own schemas are
/// passed over) is not among `allowed` (`[models] schemas`, or `public` when unset):
/// what the statements after them create is made there and not compared.
pub(crate) fn outside(file: &Path, text: &str, allowed: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for piece in split(text) {
        let Some((offset, lines)) = super::sql::code_start(&piece.text) else {
            continue;
        };
        let code = piece.text[offset..].trim_end();
        let Some(path) = path_of(code) else {
            continue;
        };
        let Some(first) = creation_schema(&path) else {
            continue;
        };
        if allowed.contains(first) {
            continue;
        }
        out.push(format!(
            "{}:{}: this statement sets the search path to the schema `{first}`, which is not \
             in [models] schemas: what the statements after it create without naming a \
             schema is made in `{first}` (as psql would make it) and not compared, and unless \
             the models create `{first}` (CREATE SCHEMA) those statements fail; add `{first}` \
             to [models] schemas in shale.toml to compare it: {}",
            file.display(),
            piece.start_line + lines,
            crate::script::excerpt(code)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_paths_are_read_as_postgresql_folds_them() {
        let p = |s: &str| path_of(s);
        assert_eq!(
            p("SET search_path TO myschema"),
            Some(vec!["myschema".into()])
        );
        assert_eq!(
            p("set SESSION search_path = Billing, \"Ops\", public;"),
            Some(vec!["billing".into(), "Ops".into(), "public".into()])
        );
        assert_eq!(
            p("SET LOCAL search_path TO 'a''b'"),
            Some(vec!["a'b".into()])
        );
        assert_eq!(p("SET search_path TO DEFAULT"), Some(vec![]));
        assert_eq!(p("RESET search_path"), Some(vec![]));
        assert_eq!(
            p("SELECT pg_catalog.set_config('search_path', '', false);"),
            Some(vec![])
        );
        assert_eq!(
            p("SELECT set_config('search_path', 'billing, public', false)"),
            Some(vec!["billing".into(), "public".into()])
        );
        assert_eq!(p("SELECT 1"), None);
        assert_eq!(p("SET statement_timeout = 0"), None);
        assert_eq!(p("CREATE TABLE search_path (id int)"), None);
    }

    #[test]
    fn each_statement_runs_under_the_last_path_set_before_it() {
        let statements = [
            "CREATE TABLE a (id int)",
            "SET search_path TO billing",
            "CREATE TABLE b (id int)",
            RESET,
            "CREATE TABLE c (id int)",
        ];
        assert_eq!(
            governing(statements),
            [None, None, Some(1), Some(1), Some(3)]
        );
    }

    #[test]
    fn a_path_to_a_schema_not_compared_is_warned_about_with_its_line() {
        let text = "SET search_path = public;\nCREATE TABLE a (id int);\n\
                    SET search_path TO \"$user\", myschema;\nCREATE TABLE b (id int);\n";
        let got = outside(Path::new("m.sql"), text, &["public".to_string()]);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(got[0].starts_with("m.sql:3: ") && got[0].contains("`myschema`"));
        let listed = ["public".to_string(), "myschema".to_string()];
        assert!(outside(Path::new("m.sql"), text, &listed).is_empty());
    }
}
