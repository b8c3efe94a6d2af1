//! Helpers shared by the tools' readers.

use super::{ImportError, SourceFile};
use crate::script::Section;

/// The up and down files of one version, for tools that keep them apart (sqlx's reversible
/// form, golang-migrate).
#[derive(Default)]
pub(super) struct Pair<'a> {
    pub name: &'a str,
    pub up: Option<&'a SourceFile>,
    pub down: Option<&'a SourceFile>,
}

impl<'a> Pair<'a> {
    /// Puts `file` in its slot; a second file for the same slot is an error naming both.
    pub fn put(
        &mut self,
        tool: &'static str,
        version: String,
        file: &'a SourceFile,
        down: bool,
        name: &'a str,
    ) -> Result<(), ImportError> {
        let slot = if down { &mut self.down } else { &mut self.up };
        if let Some(first) = slot {
            return Err(ImportError::Duplicate {
                tool,
                version,
                first: first.path.clone(),
                second: file.path.clone(),
            });
        }
        *slot = Some(file);
        self.name = name;
        Ok(())
    }
}

/// The statements of `sql`, split as shale splits a section.
pub(super) fn statements(sql: &str) -> Vec<String> {
    let section = Section {
        text: sql.to_string(),
        first_line: 1,
        present: true,
    };
    section.statements().into_iter().map(|s| s.sql).collect()
}

/// `Some(sql)` when `sql` has a statement, `None` when it is only whitespace and comments:
/// a down migration that does nothing is how these tools spell "no down".
pub(super) fn down_of(sql: Option<&str>) -> Option<String> {
    sql.filter(|s| !statements(s).is_empty())
        .map(str::to_string)
}

/// A file name's description as the tools show it: `create_users` becomes `create users`.
pub(super) fn description(name: &str) -> String {
    name.replace('_', " ").trim().to_string()
}

/// Why `sql` cannot run inside a transaction, when it cannot: it controls transactions
/// itself (`BEGIN`, `COMMIT`), or holds a statement PostgreSQL refuses in a transaction
/// block (`CREATE INDEX CONCURRENTLY`, `VACUUM`, …). Tools that send a whole file at
/// once (golang-migrate) or detect these statements (Flyway) run such a file outside a
/// transaction.
pub(super) fn needs_no_transaction(sql: &str) -> Option<String> {
    for stmt in statements(sql) {
        let words: Vec<String> = stmt
            .split_whitespace()
            .take(6)
            .map(|w| w.to_ascii_uppercase())
            .collect();
        let w = |i: usize| words.get(i).map_or("", String::as_str);
        let control = matches!(w(0), "BEGIN" | "COMMIT" | "ROLLBACK" | "END")
            || (w(0) == "START" && w(1) == "TRANSACTION");
        if control {
            return Some(format!(
                "it controls its own transaction (`{}`)",
                first_line(&stmt)
            ));
        }
        let concurrently = words.iter().any(|x| x == "CONCURRENTLY")
            && matches!(w(0), "CREATE" | "DROP" | "REINDEX" | "REFRESH");
        let never = matches!(w(0), "VACUUM")
            || (matches!(w(0), "CREATE" | "DROP") && matches!(w(1), "DATABASE" | "TABLESPACE"))
            || (w(0) == "ALTER" && w(1) == "SYSTEM");
        if concurrently || never {
            return Some(format!(
                "PostgreSQL refuses `{}` inside a transaction",
                first_line(&stmt)
            ));
        }
    }
    None
}

fn first_line(stmt: &str) -> String {
    let line = stmt.lines().next().unwrap_or("").trim();
    let mut short: String = line.chars().take(60).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

/// The file name of a path (after the last `/`).
pub(super) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The folder of a path (before the last `/`), empty at the top.
pub(super) fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..at])
}

/// Splits `stem` at its first `_` into a version of ASCII digits and a name.
pub(super) fn digits_and_name(stem: &str) -> Option<(&str, &str)> {
    let (version, name) = stem.split_once('_')?;
    (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit())).then_some((version, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_needs() {
        assert_eq!(needs_no_transaction("CREATE TABLE t (id INT);"), None);
        assert!(
            needs_no_transaction("CREATE INDEX CONCURRENTLY i ON t (a);")
                .unwrap()
                .contains("CONCURRENTLY")
        );
        assert!(
            needs_no_transaction("BEGIN;\nCREATE TABLE t (id INT);\nCOMMIT;")
                .unwrap()
                .contains("own transaction")
        );
        assert!(needs_no_transaction("-- c\nvacuum analyze t;").is_some());
        // A trigger body's BEGIN is not a transaction.
        assert_eq!(
            needs_no_transaction(
                "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN UPDATE u SET n = 1; END;"
            ),
            None
        );
    }

    #[test]
    fn downs_without_statements_are_none() {
        assert_eq!(down_of(Some("-- nothing to undo\n\n")), None);
        assert_eq!(down_of(None), None);
        assert_eq!(down_of(Some("DROP TABLE t;")), Some("DROP TABLE t;".into()));
    }

    #[test]
    fn names() {
        assert_eq!(
            digits_and_name("0001_create_users"),
            Some(("0001", "create_users"))
        );
        assert_eq!(digits_and_name("v1_x"), None);
        assert_eq!(file_name("a/b/c.sql"), "c.sql");
        assert_eq!(parent("a/b/c.sql"), "a/b");
        assert_eq!(parent("c.sql"), "");
        assert_eq!(description("add_users_email"), "add users email");
    }
}
