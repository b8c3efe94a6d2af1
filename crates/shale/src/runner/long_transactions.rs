//! MySQL/MariaDB: before a statement that takes a table's exclusive metadata lock (an
//! `ALTER TABLE`, `RENAME TABLE`, …), wait — without queueing — while another session's
//! transaction has been open longer than the lock timeout.
//!
//! An `ALTER` waiting for the metadata lock makes every later query on the table wait
//! behind it. `lock_wait_timeout` bounds that wait, but in whole seconds, at least one
//! (MariaDB 10.11 refuses a fraction): each attempt behind a long transaction would stall
//! the writers for a second or more. The tools that change MySQL tables online bound the
//! wait the same way and retry (gh-ost's cut-over and pt-online-schema-change: a
//! `lock_wait_timeout` of a few seconds, then retries; Vitess: a timeout and a backoff),
//! or kill the blockers (Spirit); none of them sees a long transaction before queueing.
//! shale does: it reads `information_schema.INNODB_TRX` (joined to `PROCESSLIST` for the
//! session's database), which takes no lock, and runs the statement only when no other
//! session of this database (or of none) has a transaction open longer than the lock
//! timeout — a write's own transaction lasts milliseconds; one that has lasted that long is
//! likely to last longer, and holds a metadata lock on whatever it has read.
//!
//! InnoDB does not say which tables a transaction has read, so a long transaction on
//! another table of the same database delays the statement too; the wait is bounded by
//! the lock-retry budget ([`LockRetry::wait_budget`]), after which the statement runs
//! anyway, under `lock_wait_timeout` and its retries. `trx_started` is in whole seconds:
//! a transaction can look up to a second older than it is, which costs one more poll.
//! Without the `PROCESS` privilege the view is empty or refused: no wait.

use super::LockRetry;
use crate::db::{Db, DbError};
use std::time::Duration;

/// How often the transactions are read while one is in the way.
pub const POLL: Duration = Duration::from_millis(100);

/// The oldest transaction in the way: the session's id and how long it has been open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocker {
    pub session: u64,
    pub age: Duration,
}

/// Whether `sql` (MySQL) takes the exclusive metadata lock of an existing table.
pub fn takes_table_lock(sql: &str) -> bool {
    let words: Vec<String> = sql
        .split_whitespace()
        .take(3)
        .map(str::to_ascii_uppercase)
        .collect();
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    match w(0) {
        "ALTER" | "RENAME" | "DROP" | "TRUNCATE" | "OPTIMIZE" => {
            matches!(w(1), "TABLE" | "TABLES" | "INDEX" | "TRIGGER") || w(0) == "TRUNCATE"
        }
        "CREATE" => {
            w(1) == "INDEX"
                || w(1) == "TRIGGER"
                || (matches!(w(1), "UNIQUE" | "FULLTEXT" | "SPATIAL") && w(2) == "INDEX")
        }
        _ => false,
    }
}

/// The query for the oldest transaction of another session of this database that has
/// been open longer than `threshold`.
pub fn blocker_sql(threshold: Duration) -> String {
    format!(
        "SELECT t.trx_mysql_thread_id, TIMESTAMPDIFF(MICROSECOND, t.trx_started, NOW(6)) \
         FROM information_schema.INNODB_TRX t \
         JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id \
         WHERE t.trx_mysql_thread_id <> CONNECTION_ID() \
         AND (p.DB = DATABASE() OR p.DB IS NULL) \
         AND t.trx_started < NOW(6) - INTERVAL {} MICROSECOND \
         ORDER BY t.trx_started LIMIT 1",
        threshold.as_micros()
    )
}

/// The oldest transaction in the way of a statement that takes a metadata lock, if any.
pub async fn oldest(db: &mut Db, threshold: Duration) -> Result<Option<Blocker>, DbError> {
    let rows = db.query(&blocker_sql(threshold)).await?;
    let number = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<u64>().ok());
    Ok(rows.first().and_then(|row| {
        Some(Blocker {
            session: number(row.first()?)?,
            age: Duration::from_micros(number(row.get(1)?)?),
        })
    }))
}

impl LockRetry {
    /// How long a statement may wait for long transactions to end before it runs anyway:
    /// the backoffs of all its retries, undrawn (5 retries from 200 ms: 6.2 s).
    pub fn wait_budget(&self) -> Duration {
        (1..=self.retries())
            .map(|retry| {
                let factor = 1u32 << retry.saturating_sub(1).min(16);
                self.backoff.saturating_mul(factor).min(self.max_backoff)
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Locking;

    #[test]
    fn ddl_that_locks_a_table() {
        for sql in [
            "ALTER TABLE items ADD COLUMN x int, ALGORITHM=INSTANT",
            "rename table a to b",
            "CREATE UNIQUE INDEX ux ON items (a)",
            "CREATE INDEX ix ON items (a) ALGORITHM=INPLACE LOCK=NONE",
            "DROP TABLE items",
            "CREATE TRIGGER t BEFORE INSERT ON items FOR EACH ROW SET NEW.a = 1",
            "TRUNCATE items",
        ] {
            assert!(takes_table_lock(sql), "{sql}");
        }
        for sql in [
            "CREATE TABLE t (a int)",
            "UPDATE items SET a = 1",
            "SET SESSION lock_wait_timeout = 1",
            "CREATE PROCEDURE p() BEGIN END",
            "CALL p()",
        ] {
            assert!(!takes_table_lock(sql), "{sql}");
        }
    }

    #[test]
    fn the_budget_is_the_backoffs_of_the_retries() {
        let locks = LockRetry::new(Locking {
            lock_timeout: Some(Duration::from_millis(500)),
            lock_retries: 5,
            statement_timeout: None,
        });
        assert_eq!(locks.wait_budget(), Duration::from_millis(6200));
        assert_eq!(LockRetry::off().wait_budget(), Duration::ZERO);
    }
}
