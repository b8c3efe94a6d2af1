//! The migration lock: serialises concurrent runs (several replicas starting at once).
//!
//! The lock is held by the session that applies the revisions, so that it lives exactly as
//! long as the work: when a client dies, the server keeps the lock until that session's
//! last statement has committed or rolled back, and only then can another runner take it
//! and read the version table. (A lock on a second connection was freed when the client
//! died while the server was still committing the first session's batch, and a second
//! runner applied the same revision again.)
//!
//! * PostgreSQL: a session-level advisory lock, taken with `pg_try_advisory_lock` in a
//!   polling loop rather than a blocking `pg_advisory_lock`: a waiter blocked inside a
//!   statement holds a snapshot, and `CREATE INDEX CONCURRENTLY` run by the holder waits
//!   for every older snapshot to end — a deadlock. A polling waiter holds none between
//!   tries. Advisory locks are scoped to the current database, so the key is derived from
//!   the version table's schema-qualified name when the session's schema is not `public`:
//!   the tenants of a fleet of schemas in one database (each its own `search_path`) then
//!   take locks of their own instead of queueing behind one another.
//! * MySQL/MariaDB: `GET_LOCK(name, timeout)`; the name includes the database, since user
//!   locks are server-wide. A user lock survives commits and is released when its session
//!   ends.
//! * SQLite: no session lock exists; each revision's transaction starts with
//!   `BEGIN IMMEDIATE`, which takes the database's write lock, and the runner re-reads the
//!   version table inside it (see `runner`).

use super::{Db, DbError};
use crate::dialect::Dialect;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

/// A migration lock held by a session. Release it on the same session with
/// [`MigrationLock::release`]; if the process dies, the server releases it with the session.
#[derive(Debug)]
#[must_use = "a held lock must be released on its session"]
pub struct MigrationLock {
    release_sql: Option<String>,
}

/// Who holds the migration lock, as the database tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    /// The holder's session: `PostgreSQL backend 4242`, `MySQL connection 17`.
    pub session: String,
    /// What the database knows of it: application, client address, since when, its query.
    pub detail: String,
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.detail.is_empty() {
            f.write_str(&self.session)
        } else {
            write!(f, "{} ({})", self.session, self.detail)
        }
    }
}

/// What taking the lock tells the caller while it happens.
#[derive(Debug, Clone, Copy)]
pub enum LockNotice<'a> {
    /// Another run holds the lock (named where the database can tell): this one waits.
    Waiting(Option<&'a LockHolder>),
    /// The lock row of a run that stopped renewing it expired: this run takes it over.
    TakingOver(&'a LockHolder),
}

/// Why the lock was not taken, or not kept.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("gave up waiting for the migration lock after {waited:.1} s (--lock-timeout); it is held by {holder}", holder = holder.as_ref().map_or_else(|| "another session".to_string(), |h| h.to_string()))]
    Timeout {
        waited: f64,
        holder: Option<LockHolder>,
    },
    /// The lock row expired without a heartbeat and another run took it over, or no
    /// heartbeat reached the database for a whole expiry: this run stopped.
    #[error("lost the migration lock row ({owner}) while the run worked: {}. The run stopped; \
             run `shale status` to see where the database is, and raise `lock_expiry` in shale.toml \
             if the heartbeat cannot reach the database for that long",
            taken_by.as_ref().map_or_else(|| "the row is free".to_string(), |by| format!("it is now held by {by}")))]
    Lost {
        owner: String,
        taken_by: Option<String>,
    },
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Longest pause between two tries of a busy PostgreSQL lock.
const MAX_POLL: Duration = Duration::from_millis(200);
/// MySQL's `GET_LOCK` waits at most this long when no timeout is given: a year.
const MYSQL_FOREVER_SECS: u64 = 365 * 24 * 3600;

impl MigrationLock {
    /// Takes the lock for `version_table` on `db`'s session. When another session holds it,
    /// `waiting` is called once with the holder (where the database names it), then this
    /// waits — at most `timeout`, or for as long as it takes. SQLite returns a lock that
    /// holds nothing (see the module docs).
    pub async fn acquire(
        db: &mut Db,
        database: Option<&str>,
        version_table: &str,
        timeout: Option<Duration>,
        notice: &mut (dyn FnMut(LockNotice) + Send),
    ) -> Result<MigrationLock, LockError> {
        let mut waiting = |holder: Option<&LockHolder>| notice(LockNotice::Waiting(holder));
        let started = Instant::now();
        let lock = match db.dialect() {
            Dialect::Sqlite => return Ok(MigrationLock::none()),
            Dialect::Postgres => {
                let schema = pg_schema(db).await?;
                let key = lock_key(&lock_scope(schema.as_deref(), version_table));
                if !pg_try(db, key).await? {
                    let holder = pg_holder(db, key).await?;
                    waiting(holder.as_ref());
                    let mut pause = Duration::from_millis(5);
                    while !pg_try(db, key).await? {
                        check_timeout(started, timeout, &holder)?;
                        tokio::time::sleep(pause).await;
                        pause = (pause * 2).min(MAX_POLL);
                    }
                }
                format!("SELECT pg_advisory_unlock({key})")
            }
            Dialect::Mysql => {
                let name = mysql_lock_name(database.unwrap_or(""), version_table);
                if !mysql_get(db, &name, Duration::ZERO).await? {
                    let holder = mysql_holder(db, &name).await?;
                    waiting(holder.as_ref());
                    let wait = timeout.unwrap_or(Duration::from_secs(MYSQL_FOREVER_SECS));
                    if !mysql_get(db, &name, wait).await? {
                        return Err(LockError::Timeout {
                            waited: started.elapsed().as_secs_f64(),
                            holder: mysql_holder(db, &name).await?.or(holder),
                        });
                    }
                }
                format!("SELECT RELEASE_LOCK('{name}')")
            }
        };
        Ok(MigrationLock {
            release_sql: Some(lock),
        })
    }

    /// A lock that holds nothing, for SQLite and for `lock = false` in the configuration.
    pub fn none() -> MigrationLock {
        MigrationLock { release_sql: None }
    }

    /// Whether this lock holds a session lock (false on SQLite or when locking is off).
    pub fn is_session_lock(&self) -> bool {
        self.release_sql.is_some()
    }

    /// Releases the lock on `db`, the session that took it.
    pub async fn release(self, db: &mut Db) -> Result<(), DbError> {
        if let Some(sql) = self.release_sql {
            db.query(&sql).await?;
        }
        Ok(())
    }
}

/// [`LockError::Timeout`] once `timeout` has passed since `started`.
fn check_timeout(
    started: Instant,
    timeout: Option<Duration>,
    holder: &Option<LockHolder>,
) -> Result<(), LockError> {
    match timeout {
        Some(limit) if started.elapsed() >= limit => Err(LockError::Timeout {
            waited: started.elapsed().as_secs_f64(),
            holder: holder.clone(),
        }),
        _ => Ok(()),
    }
}

async fn pg_try(db: &mut Db, key: i64) -> Result<bool, DbError> {
    let rows = db
        .query(&format!("SELECT pg_try_advisory_lock({key})"))
        .await?;
    Ok(first_value(&rows) == Some("t"))
}

/// The session holding advisory lock `key`, from `pg_locks` (a bigint key is stored as
/// `classid` = high 32 bits, `objid` = low 32 bits, `objsubid` = 1).
async fn pg_holder(db: &mut Db, key: i64) -> Result<Option<LockHolder>, DbError> {
    let (high, low) = ((key >> 32) as u32, key as u32);
    let sql = format!(
        "SELECT a.pid, COALESCE(a.application_name, ''), COALESCE(host(a.client_addr), 'local'), \
         to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS'), COALESCE(a.state, '') \
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
         WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {high} \
         AND l.objid = {low} AND l.objsubid = 1 LIMIT 1"
    );
    let rows = db.query(&sql).await?;
    Ok(rows.first().map(|r| {
        let v = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
        let app = if v(1).is_empty() {
            String::new()
        } else {
            format!("{}, ", v(1))
        };
        LockHolder {
            session: format!("PostgreSQL backend {}", v(0)),
            detail: format!("{app}from {}, connected {}, {}", v(2), v(3), v(4)),
        }
    }))
}

async fn mysql_get(db: &mut Db, name: &str, wait: Duration) -> Result<bool, DbError> {
    let rows = db
        .query(&format!(
            "SELECT GET_LOCK('{name}', {})",
            wait.as_secs_f64()
        ))
        .await?;
    Ok(first_value(&rows) == Some("1"))
}

/// The connection holding user lock `name`, from `IS_USED_LOCK` and the process list.
async fn mysql_holder(db: &mut Db, name: &str) -> Result<Option<LockHolder>, DbError> {
    let sql = format!(
        "SELECT p.id, p.user, p.host, p.time, COALESCE(p.info, '') \
         FROM information_schema.processlist p WHERE p.id = IS_USED_LOCK('{name}')"
    );
    let rows = db.query(&sql).await?;
    Ok(rows.first().map(|r| {
        let v = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
        let query = crate::runner::first_line(&v(4), 60);
        LockHolder {
            session: format!("MySQL connection {}", v(0)),
            detail: format!(
                "{}@{}, busy {} s{}",
                v(1),
                v(2),
                v(3),
                if query.is_empty() {
                    String::new()
                } else {
                    format!(", running `{query}`")
                }
            ),
        }
    }))
}

fn first_value(rows: &[super::Row]) -> Option<&str> {
    rows.first()?.first()?.as_deref()
}

/// The session's schema (`current_schema()`), where the version table lives.
async fn pg_schema(db: &mut Db) -> Result<Option<String>, DbError> {
    let rows = db.query("SELECT current_schema()").await?;
    Ok(first_value(&rows).map(str::to_string))
}

/// What the lock serialises: the version table, qualified by its schema unless that is
/// `public` (so that the key of a plain database is the same as before schemas counted).
fn lock_scope(schema: Option<&str>, version_table: &str) -> String {
    match schema {
        Some(schema) if schema != "public" => format!("{schema}.{version_table}"),
        _ => version_table.to_string(),
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
        assert_eq!(lock_scope(Some("public"), "v"), lock_scope(None, "v"));
        assert_ne!(
            lock_key(&lock_scope(Some("acme"), "v")),
            lock_key(&lock_scope(Some("globex"), "v"))
        );
        assert!(mysql_lock_name(&"d".repeat(80), "shale_version").len() <= 64);
        assert_eq!(
            mysql_lock_name("app", "shale_version"),
            "shale:app:shale_version"
        );
    }
}
