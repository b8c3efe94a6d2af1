//! The migration lock: serialises concurrent runs (several replicas starting at once).
//!
//! * PostgreSQL: a session-level advisory lock (`pg_advisory_lock`) held by a connection of
//!   its own, so that a revision run outside a transaction (`CREATE INDEX CONCURRENTLY`)
//!   cannot deadlock against it. Advisory locks are scoped to the current database.
//! * MySQL/MariaDB: `GET_LOCK(name, timeout)`, also on its own connection; the name
//!   includes the database, since user locks are server-wide.
//! * SQLite: no session lock exists; each revision's transaction starts with
//!   `BEGIN IMMEDIATE`, which takes the database's write lock, and the runner re-reads the
//!   version table inside it (see `runner`).

use super::{Connector, Db, DbError};
use crate::dialect::Dialect;
use sha2::{Digest, Sha256};

/// A held migration lock. Release it with [`MigrationLock::release`]; if the process dies
/// the server releases it with the session.
#[derive(Debug)]
pub struct MigrationLock {
    session: Option<Db>,
    release_sql: String,
}

/// Seconds MySQL/MariaDB's `GET_LOCK` waits before reporting that another run holds the lock.
const MYSQL_LOCK_TIMEOUT_SECS: u32 = 3600;

impl MigrationLock {
    /// Acquires the lock for `version_table` on the database `db` connects to, waiting for
    /// another run to finish. SQLite returns a lock that holds nothing (see the module docs).
    pub async fn acquire(db: &Connector, version_table: &str) -> Result<MigrationLock, DbError> {
        let (acquire, release) = match db.dialect() {
            Dialect::Sqlite => {
                return Ok(MigrationLock {
                    session: None,
                    release_sql: String::new(),
                })
            }
            Dialect::Postgres => {
                let key = lock_key(version_table);
                (
                    format!("SELECT pg_advisory_lock({key})"),
                    format!("SELECT pg_advisory_unlock({key})"),
                )
            }
            Dialect::Mysql => {
                let name = mysql_lock_name(db.database().unwrap_or(""), version_table);
                (
                    format!("SELECT GET_LOCK('{name}', {MYSQL_LOCK_TIMEOUT_SECS})"),
                    format!("SELECT RELEASE_LOCK('{name}')"),
                )
            }
        };
        let mut session = db.connect().await?;
        let rows = session.query(&acquire).await?;
        if db.dialect() == Dialect::Mysql && rows.first().and_then(|r| r[0].as_deref()) != Some("1")
        {
            return Err(DbError::Statement {
                message: format!(
                    "could not take the migration lock within {MYSQL_LOCK_TIMEOUT_SECS} s: another shale run holds it"
                ),
            });
        }
        Ok(MigrationLock {
            session: Some(session),
            release_sql: release,
        })
    }

    /// Whether this lock holds a session lock (false on SQLite or when locking is off).
    pub fn is_session_lock(&self) -> bool {
        self.session.is_some()
    }

    /// A lock that holds nothing, for `lock = false` in the configuration.
    pub fn none() -> MigrationLock {
        MigrationLock {
            session: None,
            release_sql: String::new(),
        }
    }

    /// Releases the lock and closes its session.
    pub async fn release(self) -> Result<(), DbError> {
        if let Some(mut session) = self.session {
            session.query(&self.release_sql).await?;
            session.close().await;
        }
        Ok(())
    }
}

/// A stable 63-bit advisory-lock key derived from the version table's name.
fn lock_key(version_table: &str) -> i64 {
    let digest = Sha256::digest(format!("shale-migrations:{version_table}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(bytes) >> 1) as i64
}

/// MySQL user-lock names are at most 64 characters; long names are shortened by hash.
fn mysql_lock_name(database: &str, version_table: &str) -> String {
    let name = format!("shale:{database}:{version_table}");
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
        .collect();
    if safe.len() <= 64 {
        return safe;
    }
    let digest = Sha256::digest(name.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("shale:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_positive() {
        assert_eq!(lock_key("shale_version"), lock_key("shale_version"));
        assert_ne!(lock_key("shale_version"), lock_key("other"));
        assert!(lock_key("x") >= 0);
        assert!(mysql_lock_name(&"d".repeat(80), "shale_version").len() <= 64);
        assert_eq!(
            mysql_lock_name("app", "shale_version"),
            "shale:app:shale_version"
        );
    }
}
