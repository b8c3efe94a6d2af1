//! The lock table: a migration lock that is a row, for servers where no session lock holds
//! for every run — a Galera cluster (`GET_LOCK` is per node), PostgreSQL behind PgBouncer
//! in transaction pooling (the advisory lock stays with a server connection that other
//! clients then use), and PostgreSQL-wire engines without advisory locks.
//!
//! `<version_table>_lock` holds one row (`id = 1`): its `owner` (`host/pid/token`, empty
//! when free), `acquired_at` and `expires_at`, in the server's clock. A run takes it with one
//! autocommitted compare-and-set `UPDATE … WHERE owner = <the owner it read> AND (owner = ''
//! OR expires_at < now)`: exactly one of several concurrent writers changes the row. On
//! PostgreSQL and InnoDB the losers wait for the winner's row lock and then find the
//! condition false; on Galera the loser's write set fails certification at commit (the
//! server retries an autocommit statement, `wsrep_retry_autocommit`, which then finds the
//! condition false, or returns a deadlock error that the loop here retries). While the run
//! works, a heartbeat on the lock's own connection pushes `expires_at` forward every third
//! of the expiry; a row whose owner stopped renewing it (a killed process, a lost network)
//! is taken over once expired, saying whose it was.
//!
//! The row is a lease, not a session lock: an owner that stalls past its expiry without a
//! heartbeat can find its lock taken over; [`TableLock::hold`] then reports it lost and the
//! caller stops the run. Exactly-once rests on the version fence (see `runner`), not on
//! the lease alone.

use super::lock::{LockError, LockHolder, LockNotice};
use super::{Connector, Db, DbError};
use crate::dialect::Dialect;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant, SystemTime};

/// Longest pause between two tries of a held lock row.
const MAX_POLL: Duration = Duration::from_millis(200);

/// A lock row held by this process, with its own connection for the heartbeat.
#[derive(Debug)]
#[must_use = "a held lock row must be released"]
pub struct TableLock {
    db: Db,
    connector: Connector,
    setup: Vec<String>,
    sql: LockSql,
    owner: String,
    expiry: Duration,
}

/// The lock table's SQL on one dialect.
#[derive(Debug, Clone)]
struct LockSql {
    dialect: Dialect,
    table: String,
}

/// One try at the row.
enum Attempt {
    Acquired {
        previous: Option<LockHolder>,
    },
    Held(LockHolder),
    /// Another writer changed the row between the read and the write: read again.
    Raced,
}

impl TableLock {
    /// Takes the lock row for `version_table` on a connection of its own. While another
    /// live run holds it, `notice` hears [`LockNotice::Waiting`] once and this waits — at
    /// most `timeout`; an expired row is taken over after [`LockNotice::TakingOver`].
    /// `setup` runs first on the lock's connection (Galera: causal reads).
    pub async fn acquire(
        connector: &Connector,
        setup: &[String],
        version_table: &str,
        expiry: Duration,
        timeout: Option<Duration>,
        notice: &mut (dyn FnMut(LockNotice) + Send),
    ) -> Result<TableLock, LockError> {
        let mut db = connector.connect().await?;
        for stmt in setup {
            db.execute(stmt).await?;
        }
        let sql = LockSql {
            dialect: db.dialect(),
            table: db
                .dialect()
                .quote_if_needed(&format!("{version_table}_lock")),
        };
        let owner = owner_id();
        let started = Instant::now();
        sql.ensure(&mut db).await?;
        let mut pause = Duration::from_millis(5);
        let mut told = false;
        loop {
            match sql.attempt(&mut db, &owner, expiry).await {
                Ok(Attempt::Acquired { previous }) => {
                    if let Some(previous) = previous {
                        notice(LockNotice::TakingOver(&previous));
                    }
                    return Ok(TableLock {
                        db,
                        connector: connector.clone(),
                        setup: setup.to_vec(),
                        sql,
                        owner,
                        expiry,
                    });
                }
                Ok(Attempt::Raced) => {}
                Ok(Attempt::Held(holder)) => {
                    if !told {
                        notice(LockNotice::Waiting(Some(&holder)));
                        told = true;
                    }
                    if timeout.is_some_and(|limit| started.elapsed() >= limit) {
                        return Err(LockError::Timeout {
                            waited: started.elapsed().as_secs_f64(),
                            holder: Some(holder),
                        });
                    }
                }
                Err(e) if is_write_conflict(&e.to_string()) => {}
                Err(e) => return Err(e.into()),
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(MAX_POLL);
        }
    }

    /// This process's owner id in the row: `host/pid/token`.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Keeps the row: renews its expiry every third of it, reconnecting when the
    /// connection breaks. Completes only when the lock is lost — another run took it over,
    /// or no renewal succeeded for a whole expiry — with the reason.
    pub async fn hold(&mut self) -> LockError {
        let every = self.expiry / 3;
        let mut renewed = Instant::now();
        loop {
            tokio::time::sleep(every).await;
            match self.renew().await {
                Ok(true) => renewed = Instant::now(),
                Ok(false) => {
                    let holder = self.sql.read(&mut self.db).await.ok().flatten();
                    return LockError::Lost {
                        owner: self.owner.clone(),
                        taken_by: holder.map(|h| h.to_string()),
                    };
                }
                Err(e) if renewed.elapsed() >= self.expiry => {
                    return LockError::Lost {
                        owner: self.owner.clone(),
                        taken_by: Some(format!(
                            "nobody known: no heartbeat for {:.0} s ({e})",
                            self.expiry.as_secs_f64()
                        )),
                    }
                }
                Err(_) => {
                    // A broken connection (a restarted node, a pooler reset): a new one.
                    if let Ok(mut db) = self.connector.connect().await {
                        for stmt in &self.setup {
                            let _ = db.execute(stmt).await;
                        }
                        self.db = db;
                    }
                }
            }
        }
    }

    async fn renew(&mut self) -> Result<bool, DbError> {
        let sql = self.sql.renew(&self.owner, self.expiry);
        Ok(self.db.execute(&sql).await? == 1)
    }

    /// Frees the row (when it is still this process's) and closes the lock's connection.
    pub async fn release(mut self) -> Result<(), DbError> {
        let sql = self.sql.release(&self.owner);
        let result = self.db.execute(&sql).await.map(|_| ());
        self.db.close().await;
        result
    }
}

impl LockSql {
    fn now(&self) -> &'static str {
        match self.dialect {
            Dialect::Mysql => "NOW(3)",
            _ => "LOCALTIMESTAMP",
        }
    }

    fn later(&self, expiry: Duration) -> String {
        let ms = expiry.as_millis();
        match self.dialect {
            Dialect::Mysql => format!("NOW(3) + INTERVAL {ms} * 1000 MICROSECOND"),
            _ => format!("LOCALTIMESTAMP + INTERVAL '{ms} milliseconds'"),
        }
    }

    fn lit(&self, s: &str) -> String {
        self.dialect.string_literal(s)
    }

    /// Creates the table when it is missing. Two runs creating it at once is not an
    /// error: PostgreSQL can refuse the second `CREATE TABLE IF NOT EXISTS` (a unique
    /// violation in its catalog), so the table's presence after a failure is what counts.
    async fn ensure(&self, db: &mut Db) -> Result<(), DbError> {
        if self.exists(db).await? {
            return Ok(());
        }
        let stamp = match self.dialect {
            Dialect::Mysql => "DATETIME(3)",
            _ => "TIMESTAMP(3)",
        };
        let create = format!(
            "CREATE TABLE IF NOT EXISTS {} (id INTEGER NOT NULL PRIMARY KEY, \
             owner VARCHAR(200) NOT NULL, acquired_at {stamp} NOT NULL, expires_at {stamp} NOT NULL)",
            self.table
        );
        match db.execute(&create).await {
            Ok(_) => Ok(()),
            Err(_) if self.exists(db).await? => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn exists(&self, db: &mut Db) -> Result<bool, DbError> {
        let name = self.lit(self.table.trim_matches(|c| c == '"' || c == '`'));
        let sql = match self.dialect {
            Dialect::Mysql => format!(
                "SELECT table_name FROM information_schema.tables \
                 WHERE table_schema = DATABASE() AND table_name = {name}"
            ),
            _ => format!(
                "SELECT tablename FROM pg_catalog.pg_tables \
                 WHERE schemaname = current_schema() AND tablename = {name}"
            ),
        };
        Ok(!db.query(&sql).await?.is_empty())
    }

    /// The row's owner as a [`LockHolder`], with whether it expired; `None` when there is
    /// no row yet.
    async fn read_row(&self, db: &mut Db) -> Result<Option<(LockHolder, String, bool)>, DbError> {
        let text = |col: &str| match self.dialect {
            Dialect::Mysql => format!("DATE_FORMAT({col}, '%Y-%m-%d %H:%i:%s')"),
            _ => format!("to_char({col}, 'YYYY-MM-DD HH24:MI:SS')"),
        };
        let sql = format!(
            "SELECT owner, {}, {}, CASE WHEN expires_at < {} THEN 1 ELSE 0 END FROM {} WHERE id = 1",
            text("acquired_at"),
            text("expires_at"),
            self.now(),
            self.table
        );
        let rows = db.query(&sql).await?;
        Ok(rows.first().map(|r| {
            let v = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
            let holder = LockHolder {
                session: format!("{} (lock row in {})", v(0), self.table),
                detail: format!("taken {}, expires {}", v(1), v(2)),
            };
            (holder, v(0), v(3) == "1")
        }))
    }

    async fn read(&self, db: &mut Db) -> Result<Option<LockHolder>, DbError> {
        Ok(self
            .read_row(db)
            .await?
            .filter(|(_, owner, _)| !owner.is_empty())
            .map(|(h, _, _)| h))
    }

    async fn attempt(&self, db: &mut Db, me: &str, expiry: Duration) -> Result<Attempt, DbError> {
        let Some((holder, seen, expired)) = self.read_row(db).await? else {
            let insert = match self.dialect {
                Dialect::Mysql => "INSERT IGNORE INTO",
                _ => "INSERT INTO",
            };
            let conflict = match self.dialect {
                Dialect::Mysql => "",
                _ => " ON CONFLICT (id) DO NOTHING",
            };
            let sql = format!(
                "{insert} {} (id, owner, acquired_at, expires_at) VALUES (1, {}, {}, {}){conflict}",
                self.table,
                self.lit(me),
                self.now(),
                self.later(expiry)
            );
            return Ok(match db.execute(&sql).await? {
                1 => Attempt::Acquired { previous: None },
                _ => Attempt::Raced,
            });
        };
        if !seen.is_empty() && !expired {
            return Ok(Attempt::Held(holder));
        }
        let sql = format!(
            "UPDATE {t} SET owner = {me}, acquired_at = {now}, expires_at = {later} \
             WHERE id = 1 AND owner = {seen} AND (owner = '' OR expires_at < {now})",
            t = self.table,
            me = self.lit(me),
            now = self.now(),
            later = self.later(expiry),
            seen = self.lit(&seen),
        );
        Ok(match db.execute(&sql).await? {
            1 => Attempt::Acquired {
                previous: (!seen.is_empty()).then_some(holder),
            },
            _ => Attempt::Raced,
        })
    }

    fn renew(&self, me: &str, expiry: Duration) -> String {
        format!(
            "UPDATE {} SET expires_at = {} WHERE id = 1 AND owner = {}",
            self.table,
            self.later(expiry),
            self.lit(me)
        )
    }

    fn release(&self, me: &str) -> String {
        format!(
            "UPDATE {} SET owner = '', expires_at = {} WHERE id = 1 AND owner = {}",
            self.table,
            self.now(),
            self.lit(me)
        )
    }
}

/// Whether an error's message says that a transaction lost to a concurrent one and was
/// rolled back whole, so that it may simply be tried again: a Galera certification failure
/// or brute-force abort, an InnoDB deadlock (MySQL error 1213, SQLSTATE 40001), a
/// PostgreSQL serialization failure (40001) or deadlock (40P01).
pub(crate) fn is_write_conflict(message: &str) -> bool {
    let text = message.to_ascii_lowercase();
    ["40001", "40p01", "1213", "deadlock", "wsrep"]
        .iter()
        .any(|s| text.contains(s))
}

/// `host/pid/token`: which machine and process holds the row, and a random part that
/// tells two runs of one process apart.
fn owner_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown-host".to_string());
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let local = 0u8;
    let seed = format!("{nanos}:{}:{:p}", std::process::id(), &local);
    let digest = Sha256::digest(seed.as_bytes());
    let token: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    let host: String = host.chars().take(120).collect();
    format!("{host}/{}/{token}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_ids_name_host_and_pid_and_differ() {
        let a = owner_id();
        assert!(a.contains(&format!("/{}/", std::process::id())), "{a}");
        assert_ne!(a, owner_id());
    }

    #[test]
    fn write_conflicts_are_retried() {
        let conflict = DbError::Statement {
            message:
                "Deadlock found when trying to get lock; try restarting transaction (code 40001)"
                    .to_string(),
        };
        assert!(is_write_conflict(&conflict.to_string()));
        let other = DbError::Statement {
            message: "relation \"x\" does not exist (code 42P01)".to_string(),
        };
        assert!(!is_write_conflict(&other.to_string()));
    }

    #[test]
    fn takeover_is_a_compare_and_set() {
        let sql = LockSql {
            dialect: Dialect::Postgres,
            table: "shale_version_lock".to_string(),
        };
        assert_eq!(
            sql.renew("h/1/ab", Duration::from_secs(30)),
            "UPDATE shale_version_lock SET expires_at = LOCALTIMESTAMP + INTERVAL '30000 milliseconds' \
             WHERE id = 1 AND owner = 'h/1/ab'"
        );
        let my = LockSql {
            dialect: Dialect::Mysql,
            table: "shale_version_lock".to_string(),
        };
        assert!(my
            .later(Duration::from_secs(2))
            .contains("INTERVAL 2000 * 1000 MICROSECOND"));
    }
}
