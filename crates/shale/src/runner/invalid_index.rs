//! The INVALID index a concurrent index build leaves behind (PostgreSQL).
//!
//! "If a problem arises while scanning the table, such as a deadlock or a uniqueness
//! violation in a unique index, the CREATE INDEX command will fail but leave behind an
//! 'invalid' index. […] The recommended recovery method in such cases is to drop the index
//! and try again to perform CREATE INDEX CONCURRENTLY"
//! (<https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY>).
//! The same holds when the process running the build is killed. Such an index is not used
//! by queries but is maintained by every write, and it makes the next build of the same
//! name fail ("already exists") — or, with `IF NOT EXISTS`, succeed without building
//! anything. So the runner drops it (`DROP INDEX CONCURRENTLY IF EXISTS`) after a build
//! fails, and before a build whose index is found INVALID.

use crate::db::{Db, DbError};

/// The index a `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table`
/// statement builds, quoted and qualified with the table's schema when it has one; `None`
/// for any other statement.
pub fn concurrent_index(sql: &str) -> Option<String> {
    let words = tokens(sql);
    let keyword = |i: usize, kw: &str| {
        words
            .get(i)
            .is_some_and(|(w, quoted)| !quoted && w.eq_ignore_ascii_case(kw))
    };
    let mut i = 1;
    if !keyword(0, "create") {
        return None;
    }
    if keyword(i, "unique") {
        i += 1;
    }
    if !keyword(i, "index") || !keyword(i + 1, "concurrently") {
        return None;
    }
    i += 2;
    if keyword(i, "if") {
        i += 3; // IF NOT EXISTS
    }
    // `… CONCURRENTLY ON t`: an unnamed index, named by PostgreSQL.
    let (name, quoted) = words.get(i).filter(|_| !keyword(i, "on"))?;
    let name = ident(name, *quoted);
    if !keyword(i + 1, "on") {
        return None;
    }
    i += 2;
    if keyword(i, "only") {
        i += 1;
    }
    // `schema . table`: the index lives in the table's schema.
    match (words.get(i), keyword(i + 1, ".")) {
        (Some((schema, sq)), true) => {
            Some(format!("{}.{}", quote(&ident(schema, *sq)), quote(&name)))
        }
        _ => Some(quote(&name)),
    }
}

/// Whether the index `name` (as [`concurrent_index`] gives it) exists and is INVALID.
pub async fn is_invalid(db: &mut Db, name: &str) -> Result<bool, DbError> {
    let sql = format!(
        "SELECT NOT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass('{}')",
        name.replace('\'', "''")
    );
    let rows = db.query(&sql).await?;
    Ok(rows
        .first()
        .and_then(|r| r.first().cloned().flatten())
        .is_some_and(|v| v == "t" || v == "true"))
}

/// The statement that drops the index `name` without blocking writes.
pub fn drop_sql(name: &str) -> String {
    format!("DROP INDEX CONCURRENTLY IF EXISTS {name}")
}

/// An identifier as PostgreSQL stores it: folded to lower case unless quoted.
fn ident(word: &str, quoted: bool) -> String {
    if quoted {
        word.to_string()
    } else {
        word.to_lowercase()
    }
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Words, double-quoted identifiers (unquoted, flagged) and `.`/`(` as their own tokens,
/// up to the first `(`: enough of a statement's head to name its index and table.
fn tokens(sql: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            '(' => break,
            '"' => {
                chars.next();
                let mut word = String::new();
                while let Some(c) = chars.next() {
                    if c == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            word.push('"');
                            continue;
                        }
                        break;
                    }
                    word.push(c);
                }
                out.push((word, true));
            }
            '.' => {
                chars.next();
                out.push((".".to_string(), false));
            }
            c if c.is_whitespace() => {
                chars.next();
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | '.' | '"') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                out.push((word, false));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::concurrent_index;

    #[test]
    fn names_the_index_a_concurrent_build_makes() {
        let cases = [
            ("CREATE INDEX CONCURRENTLY ix_a ON t (a)", Some("\"ix_a\"")),
            (
                "create unique index concurrently IX_A on t(a)",
                Some("\"ix_a\""),
            ),
            (
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"Ix\" ON ONLY app.t (a)",
                Some("\"app\".\"Ix\""),
            ),
            ("CREATE INDEX CONCURRENTLY ON t (a)", None),
            ("CREATE INDEX ix_a ON t (a)", None),
            ("DROP INDEX CONCURRENTLY ix_a", None),
        ];
        for (sql, want) in cases {
            assert_eq!(concurrent_index(sql).as_deref(), want, "{sql}");
        }
    }
}
