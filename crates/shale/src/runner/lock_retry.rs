//! [`LockRetry`]: the short lock timeout a revision's statements run under, and the
//! retries, with exponential backoff and jitter, of a statement that timed out.
//!
//! A DDL statement that waits for its lock makes every later query on the table queue
//! behind it, for as long as it waits; so it waits briefly, gives up, lets the queue
//! drain, and tries again. PostgreSQL: `lock_timeout`, whose expiry is SQLSTATE 55P03
//! (<https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT>);
//! MySQL/MariaDB: `lock_wait_timeout` (metadata locks, in whole seconds on both — MariaDB
//! 10.11 refuses a fraction), whose expiry is error 1205 ER_LOCK_WAIT_TIMEOUT, as is
//! InnoDB's row-lock timeout
//! (<https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_lock_wait_timeout>).
//!
//! Inside a transactional revision a lock timeout aborts the transaction, so the whole
//! revision is retried; outside one only the statement is.

use crate::config::Locking;
use crate::dialect::Dialect;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// The lock timeout, statement timeout and retries a runner applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockRetry {
    pub locking: Locking,
    /// The wait before the first retry; each later one doubles it, up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
    /// The server is MariaDB (whose statement timeout is `max_statement_time`), not MySQL
    /// (`max_execution_time`, which bounds only `SELECT`s).
    pub mariadb: bool,
}

/// The first retry's wait, before jitter.
const BACKOFF: Duration = Duration::from_millis(200);
/// The longest wait between two tries.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

impl LockRetry {
    /// The policy shale.toml's keys describe.
    pub fn new(locking: Locking) -> LockRetry {
        LockRetry {
            locking,
            backoff: BACKOFF,
            max_backoff: MAX_BACKOFF,
            mariadb: true,
        }
    }

    /// No timeouts set and no retries: the session as it is (verify's scratch databases).
    pub fn off() -> LockRetry {
        LockRetry::new(Locking {
            lock_timeout: None,
            lock_retries: 0,
            statement_timeout: None,
        })
    }

    /// The statements that set the timeouts for a revision's statements: `local` (inside
    /// a transaction on PostgreSQL) until the transaction ends, else for the session
    /// until [`LockRetry::reset_sql`].
    pub fn set_sql(&self, dialect: Dialect, local: bool) -> Vec<String> {
        let Locking {
            lock_timeout,
            statement_timeout,
            ..
        } = self.locking;
        let mut out = Vec::new();
        match dialect {
            Dialect::Sqlite => {}
            Dialect::Postgres => {
                let scope = if local { "LOCAL " } else { "" };
                if let Some(t) = lock_timeout {
                    out.push(format!("SET {scope}lock_timeout = '{}ms'", t.as_millis()));
                }
                if let Some(t) = statement_timeout {
                    out.push(format!(
                        "SET {scope}statement_timeout = '{}ms'",
                        t.as_millis()
                    ));
                }
            }
            Dialect::Mysql => {
                if let Some(t) = lock_timeout {
                    out.push(format!(
                        "SET SESSION lock_wait_timeout = {}",
                        whole_seconds(t)
                    ));
                }
                if let Some(t) = statement_timeout {
                    out.push(if self.mariadb {
                        format!(
                            "SET SESSION max_statement_time = {}",
                            t.as_millis() as f64 / 1000.0
                        )
                    } else {
                        format!("SET SESSION max_execution_time = {}", t.as_millis())
                    });
                }
            }
        }
        out
    }

    /// The statements that give the session back its own settings after
    /// [`LockRetry::set_sql`] (not `local`).
    pub fn reset_sql(&self, dialect: Dialect) -> Vec<String> {
        let mut out = Vec::new();
        let Locking {
            lock_timeout,
            statement_timeout,
            ..
        } = self.locking;
        let (lock, statement) = match dialect {
            Dialect::Sqlite => return out,
            Dialect::Postgres => ("lock_timeout", "statement_timeout"),
            Dialect::Mysql if self.mariadb => ("lock_wait_timeout", "max_statement_time"),
            Dialect::Mysql => ("lock_wait_timeout", "max_execution_time"),
        };
        if lock_timeout.is_some() {
            out.push(format!("SET {lock} = DEFAULT"));
        }
        if statement_timeout.is_some() {
            out.push(format!("SET {statement} = DEFAULT"));
        }
        out
    }

    /// The statement that lifts the lock timeout before a statement that must wait for
    /// older transactions (a concurrent index build), when one is set.
    pub fn lift_sql(&self, dialect: Dialect) -> Option<&'static str> {
        (dialect == Dialect::Postgres && self.locking.lock_timeout.is_some())
            .then_some("SET lock_timeout = DEFAULT")
    }

    /// How many times a statement that timed out waiting for a lock is retried.
    pub fn retries(&self) -> u32 {
        self.locking.lock_retries
    }

    /// The wait before retry `retry` (1-based): the backoff doubled `retry - 1` times,
    /// at most `max_backoff`, then jittered to between half and all of it, so that runs
    /// that timed out together do not come back together.
    pub fn delay(&self, retry: u32) -> Duration {
        let factor = 1u32 << retry.saturating_sub(1).min(16);
        let full = self.backoff.saturating_mul(factor).min(self.max_backoff);
        let half = full / 2;
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let extra = half.as_micros() as u64;
        half + Duration::from_micros(if extra == 0 { 0 } else { random % (extra + 1) })
    }

    /// What a statement's error message gains when it timed out on every try.
    pub fn gave_up(&self, message: &str, dialect: Dialect) -> String {
        let timeout = self
            .locking
            .lock_timeout
            .map_or("the server's lock timeout".to_string(), |t| {
                format!("lock_timeout {} ms", t.as_millis())
            });
        let who = match dialect {
            Dialect::Postgres => {
                " (pg_stat_activity and pg_locks show who: look for a long transaction on the table)"
            }
            Dialect::Mysql => {
                " (SHOW PROCESSLIST shows who: look for a long transaction on the table)"
            }
            Dialect::Sqlite => "",
        };
        format!(
            "{message}\nGave up after {} retries, each waiting {timeout} for a lock that another \
             session holds{who}. Run again when the table is quieter, or raise lock_retries or \
             lock_timeout in shale.toml.",
            self.retries()
        )
    }
}

/// Whether a statement failed because it waited longer than the lock timeout:
/// PostgreSQL 55P03 (lock_not_available), MySQL/MariaDB 1205 (ER_LOCK_WAIT_TIMEOUT).
pub fn is_lock_timeout(message: &str) -> bool {
    message.contains("(code 55P03)") || message.contains("(code 1205)")
}

/// Whether `sql` sets the lock timeout itself (a script that manages it, as the online
/// revisions autogenerate writes do).
pub fn sets_lock_timeout(sql: &str) -> bool {
    let lower = sql.trim_start().to_ascii_lowercase();
    lower.starts_with("set") && (lower.contains("lock_timeout") || lower.contains("lock_wait"))
}

/// Whether `sql` waits for every older transaction to end before it finishes (PostgreSQL
/// `CREATE|DROP|REINDEX … CONCURRENTLY`): a short lock timeout would cancel it whenever
/// any transaction runs long, however harmless.
pub fn waits_for_transactions(sql: &str) -> bool {
    let lower = sql.trim_start().to_ascii_lowercase();
    ["create", "drop", "reindex"]
        .iter()
        .any(|verb| lower.starts_with(verb))
        && lower.split_whitespace().any(|w| w == "concurrently")
}

/// MySQL counts `lock_wait_timeout` in whole seconds, no less than one.
fn whole_seconds(t: Duration) -> u64 {
    t.as_millis().div_ceil(1000).max(1) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(ms: u64) -> LockRetry {
        LockRetry::new(Locking {
            lock_timeout: Some(Duration::from_millis(ms)),
            lock_retries: 5,
            statement_timeout: Some(Duration::from_millis(2500)),
        })
    }

    #[test]
    fn settings_per_dialect() {
        let p = policy(500);
        assert_eq!(
            p.set_sql(Dialect::Postgres, true),
            [
                "SET LOCAL lock_timeout = '500ms'",
                "SET LOCAL statement_timeout = '2500ms'"
            ]
        );
        assert_eq!(
            p.set_sql(Dialect::Mysql, false),
            [
                "SET SESSION lock_wait_timeout = 1",
                "SET SESSION max_statement_time = 2.5"
            ]
        );
        assert_eq!(
            policy(1500).set_sql(Dialect::Mysql, false)[0],
            "SET SESSION lock_wait_timeout = 2"
        );
        assert!(p.set_sql(Dialect::Sqlite, false).is_empty());
        assert_eq!(
            p.reset_sql(Dialect::Postgres),
            [
                "SET lock_timeout = DEFAULT",
                "SET statement_timeout = DEFAULT"
            ]
        );
        assert!(LockRetry::off()
            .set_sql(Dialect::Postgres, false)
            .is_empty());
    }

    #[test]
    fn backoff_doubles_jittered_and_capped() {
        let p = policy(500);
        for retry in 1..=8 {
            let full = (BACKOFF * (1 << (retry - 1))).min(MAX_BACKOFF);
            let d = p.delay(retry);
            assert!(d >= full / 2 && d <= full, "retry {retry}: {d:?}");
        }
    }

    #[test]
    fn lock_timeouts_are_recognised() {
        assert!(is_lock_timeout(
            "canceling statement due to lock timeout (code 55P03)"
        ));
        assert!(is_lock_timeout(
            "Lock wait timeout exceeded; try restarting transaction (code 1205)"
        ));
        assert!(!is_lock_timeout(
            "relation \"x\" does not exist (code 42P01)"
        ));
        assert!(sets_lock_timeout("SET lock_timeout = '500ms'"));
        assert!(sets_lock_timeout("set session lock_wait_timeout = 1"));
        assert!(!sets_lock_timeout("ALTER TABLE t SET (fillfactor = 70)"));
    }
}
