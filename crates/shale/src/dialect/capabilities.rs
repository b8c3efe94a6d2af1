//! [`Dialect`]: the SQL dialects shale supports, and what each can do.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The SQL dialects shale supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Sqlite,
    Postgres,
    Mysql,
}

impl Dialect {
    /// The dialect a name means: `postgres`/`postgresql`/`pg`, `mysql`/`mariadb`,
    /// `sqlite`/`sqlite3` (any case).
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name.trim().to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Some(Dialect::Postgres),
            "mysql" | "mariadb" => Some(Dialect::Mysql),
            "sqlite" | "sqlite3" => Some(Dialect::Sqlite),
            _ => None,
        }
    }

    /// The dialect's name as shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgresql",
            Dialect::Mysql => "mysql",
        }
    }

    /// Whether DDL statements take part in transactions. MySQL/MariaDB commit implicitly
    /// before and after most DDL (MySQL manual, "Statements That Cause an Implicit Commit").
    pub fn transactional_ddl(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }

    /// Whether `statement` ends the open transaction by itself, so that a revision holding
    /// it cannot be rolled back whole. On MySQL/MariaDB every statement but plain data
    /// manipulation is treated so (DDL, `LOCK`, `SET autocommit`, `CALL` of a routine that
    /// may hold DDL …): erring on that side only costs a progress row per statement.
    pub fn commits_implicitly(self, statement: &str) -> bool {
        if self.transactional_ddl() {
            return false;
        }
        let first = statement
            .split(|c: char| !c.is_ascii_alphabetic())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        const DATA: [&str; 7] = [
            "INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT", "WITH", "DO",
        ];
        !DATA.iter().any(|kw| first.eq_ignore_ascii_case(kw))
    }

    /// The statement that opens a revision's transaction. SQLite's `BEGIN IMMEDIATE` takes
    /// the database's write lock at once, so that concurrent runs queue there and a run
    /// that re-reads the version table inside it sees the last committed heads.
    pub fn begin_sql(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            _ => "BEGIN",
        }
    }

    /// Whether lint's locking rules apply: PostgreSQL takes an ACCESS EXCLUSIVE lock for
    /// most `ALTER TABLE` forms and a SHARE lock for `CREATE INDEX` without `CONCURRENTLY`,
    /// and offers the lock-safe forms (`CONCURRENTLY`, `NOT VALID`, `lock_timeout`) that the
    /// rules suggest.
    pub fn has_lock_safe_ddl(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// Whether DDL has lock-safe forms that autogenerate writes when a project is online
    /// (`online = true`, the default): PostgreSQL's `CONCURRENTLY`, `NOT VALID` and
    /// `lock_timeout`, MySQL/MariaDB's `ALGORITHM=INSTANT|INPLACE, LOCK=NONE`. SQLite has
    /// one writer and no online DDL.
    pub fn has_online_ddl(self) -> bool {
        !matches!(self, Dialect::Sqlite)
    }

    /// Whether lock-safe index builds (`CREATE INDEX CONCURRENTLY`) must run outside a
    /// transaction, so that an online plan needs a revision with `-- shale:transaction off`
    /// (PostgreSQL docs, CREATE INDEX: "a regular CREATE INDEX command can be performed
    /// within a transaction block, but CREATE INDEX CONCURRENTLY cannot").
    pub fn concurrent_ddl_outside_transaction(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// Whether the database lives in a file (or in memory) opened by the process itself,
    /// not on a server: its URL names a path, not a host and a database.
    pub fn is_embedded(self) -> bool {
        matches!(self, Dialect::Sqlite)
    }

    /// Whether a key (primary, unique, index) cannot cover an unbounded text column: MySQL
    /// needs a prefix length for BLOB/TEXT key parts (error 1170), so such a model column
    /// needs a `max_length`.
    pub fn keys_need_bounded_text(self) -> bool {
        matches!(self, Dialect::Mysql)
    }

    /// Whether shale reads this dialect's plain `CREATE TABLE` / `CREATE INDEX` model files
    /// into a schema itself, skipping the scratch database when the result is exact
    /// (`models::pg_ddl`, held to PostgreSQL's own inspection by a test).
    pub fn has_model_reader(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// Whether foreign-key enforcement is a connection setting (`PRAGMA foreign_keys`) that
    /// a table rebuild turns off around its revision, checking the keys before committing.
    pub fn foreign_keys_pragma(self) -> bool {
        matches!(self, Dialect::Sqlite)
    }

    /// Whether `ALTER TABLE … ALTER/MODIFY COLUMN` can change a column's type, nullability
    /// or default. SQLite cannot: a table rebuild is needed.
    pub fn supports_alter_column(self) -> bool {
        !matches!(self, Dialect::Sqlite)
    }

    /// Whether an existing column can be moved to another place in its table (MySQL/MariaDB
    /// `MODIFY COLUMN … FIRST | AFTER c`): autogenerate then keeps the models' column order.
    /// PostgreSQL and SQLite cannot (short of rebuilding the table).
    pub fn moves_columns(self) -> bool {
        matches!(self, Dialect::Mysql)
    }

    /// Whether constraints (foreign keys, checks, uniques) can be added to or dropped from
    /// an existing table with `ALTER TABLE`. SQLite cannot.
    pub fn supports_alter_constraints(self) -> bool {
        !matches!(self, Dialect::Sqlite)
    }

    /// Whether the dialect has named enum types (`CREATE TYPE … AS ENUM`).
    pub fn supports_enum_types(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// Whether statements can use `$tag$ … $tag$` dollar quoting.
    pub fn dollar_quoting(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// Quotes an identifier.
    pub fn quote(self, ident: &str) -> String {
        match self {
            Dialect::Mysql => format!("`{}`", ident.replace('`', "``")),
            _ => format!("\"{}\"", ident.replace('"', "\"\"")),
        }
    }

    /// Quotes an identifier only when it needs it (not a plain lowercase identifier, or a
    /// reserved word), so that generated SQL stays readable.
    pub fn quote_if_needed(self, ident: &str) -> String {
        let plain = !ident.is_empty()
            && ident
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && ident
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !super::reserved::is_reserved(self, ident);
        if plain {
            ident.to_string()
        } else {
            self.quote(ident)
        }
    }

    /// Quotes a string literal.
    pub fn string_literal(self, s: &str) -> String {
        match self {
            Dialect::Mysql => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''")),
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implicit_commits() {
        let m = Dialect::Mysql;
        for dml in [
            "INSERT INTO t VALUES (1)",
            "  update t set a = 1",
            "DO SLEEP(1)",
            "(SELECT 1)",
        ] {
            assert!(!m.commits_implicitly(dml), "{dml}");
        }
        for ddl in [
            "CREATE TABLE t (a INT)",
            "ALTER TABLE t ADD b INT",
            "SET autocommit = 1",
            "CALL p()",
            "",
        ] {
            assert!(m.commits_implicitly(ddl), "{ddl}");
        }
        assert!(!Dialect::Postgres.commits_implicitly("CREATE TABLE t (a INT)"));
        assert!(!Dialect::Sqlite.commits_implicitly("DROP TABLE t"));
    }

    #[test]
    fn quoting() {
        assert_eq!(Dialect::Postgres.quote_if_needed("users"), "users");
        assert_eq!(Dialect::Postgres.quote_if_needed("user"), "\"user\"");
        assert_eq!(Dialect::Mysql.quote_if_needed("Users"), "`Users`");
        assert_eq!(Dialect::Mysql.string_literal("it's"), "'it''s'");
        assert_eq!(Dialect::Sqlite.quote("a\"b"), "\"a\"\"b\"");
    }
}
