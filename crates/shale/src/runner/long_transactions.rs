//! MySQL/MariaDB: before a statement that takes a table's exclusive metadata lock (an
//! `ALTER TABLE`, `RENAME TABLE`, …), wait — without queueing — for the transactions of
//! other sessions that were open when it first looked, and for any that has been open
//! longer than the lock timeout since.
//!
//! An `ALTER` waiting for the metadata lock makes every later query on the table wait
//! behind it. `lock_wait_timeout` bounds that wait, but in whole seconds, at least one
//! (MariaDB 10.11 refuses a fraction, and reads `WAIT 0.5` as no wait at all): each
//! attempt behind a long transaction would stall the writers for a second or more. The
//! tools that change MySQL tables online bound the wait the same way and retry (gh-ost's
//! cut-over and pt-online-schema-change: a `lock_wait_timeout` of a few seconds, then
//! retries; Vitess: a timeout and a backoff), or kill the blockers (Spirit); none of them
//! sees a long transaction before queueing. shale does: it reads
//! `information_schema.INNODB_TRX` (joined to `PROCESSLIST` for the session's database),
//! which takes no lock, and runs the statement only once
//!
//! * every transaction another session of this database (or of none) had open at the
//!   first look has ended — a write's own transaction lasts milliseconds, and a reader
//!   that opened just before, young as it is, holds a metadata lock on what it has read
//!   for as long as it stays open; and
//! * no transaction that began since has been open longer than the lock timeout.
//!
//! The view is a cache refreshed at most every 0.1 s (see [`POLL`]). A transaction is
//! known by its id, session and start; InnoDB keeps the start in whole
//! seconds and gives a read-only transaction an id of its session's, so a session that
//! runs one short read-only transaction after another looks like one for up to a second.
//!
//! InnoDB does not say which tables a transaction has read, so a long transaction on
//! another table of the same database delays the statement too; the wait is bounded by
//! the lock-retry budget ([`LockRetry::wait_budget`]), after which the statement runs
//! anyway, under `lock_wait_timeout` and its retries. Without the `PROCESS` privilege the
//! view is empty or refused: no wait.

use super::LockRetry;
use crate::db::{Db, DbError};
use std::time::Duration;

/// How often the transactions are read, and how long before the first look. InnoDB
/// serves `INNODB_TRX` from a cache it refreshes only when it was last read more than
/// 0.1 s before (measured on MariaDB 10.11: a session reading it every 50 ms never saw a
/// transaction opened meanwhile; every 120 ms, it did at the next read). So each look
/// comes 150 ms after the last one — the first too, since the last may have been another
/// statement's or another run's — and costs each statement that takes a metadata lock
/// 150 ms. A monitor reading the view more often than every 0.1 s keeps it stale for
/// shale as for itself.
pub const POLL: Duration = Duration::from_millis(150);

/// The transaction in the way: the session's id and how long it has been open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocker {
    pub session: u64,
    pub age: Duration,
}

/// Another session's open transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    /// Id, session and start (whole seconds): the same transaction from one look to the next.
    pub key: String,
    pub blocker: Blocker,
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

/// The query for the open transactions of the other sessions of this database. (The key
/// is cast: `CONCAT_WS` over numbers and a datetime is binary, which the driver reads as
/// no text.)
pub const OPEN_SQL: &str =
    "SELECT CAST(CONCAT_WS('/', t.trx_id, t.trx_mysql_thread_id, t.trx_started) AS CHAR), \
     t.trx_mysql_thread_id, TIMESTAMPDIFF(MICROSECOND, t.trx_started, NOW(6)) \
     FROM information_schema.INNODB_TRX t \
     JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id \
     WHERE t.trx_mysql_thread_id <> CONNECTION_ID() \
     AND (p.DB = DATABASE() OR p.DB IS NULL)";

/// The other sessions' open transactions.
pub async fn open(db: &mut Db) -> Result<Vec<Open>, DbError> {
    let rows = db.query(OPEN_SQL).await?;
    let number = |v: Option<&Option<String>>| v?.as_deref()?.parse::<u64>().ok();
    Ok(rows
        .iter()
        .filter_map(|row| {
            Some(Open {
                key: row.first()?.clone()?,
                blocker: Blocker {
                    session: number(row.get(1))?,
                    age: Duration::from_micros(number(row.get(2))?),
                },
            })
        })
        .collect())
}

/// What a statement waits for: the transactions open at its first look (`first`) that
/// are still open, and those open longer than `threshold`.
#[derive(Debug, Default)]
pub struct Waiting {
    first: Option<std::collections::HashSet<String>>,
}

impl Waiting {
    /// The oldest transaction of `open` still in the way, if any.
    pub fn blocker(&mut self, open: &[Open], threshold: Duration) -> Option<Blocker> {
        let first = self
            .first
            .get_or_insert_with(|| open.iter().map(|t| t.key.clone()).collect());
        open.iter()
            .filter(|t| first.contains(&t.key) || t.blocker.age > threshold)
            .map(|t| t.blocker)
            .max_by_key(|b| b.age)
    }
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

    fn open(key: &str, session: u64, age_ms: u64) -> Open {
        Open {
            key: key.to_string(),
            blocker: Blocker {
                session,
                age: Duration::from_millis(age_ms),
            },
        }
    }

    #[test]
    fn waits_for_what_was_open_at_the_first_look_and_for_long_newcomers() {
        let threshold = Duration::from_millis(500);
        let mut waiting = Waiting::default();
        let young_reader = open("r", 7, 40);
        let write = open("w1", 8, 2);
        assert_eq!(
            waiting.blocker(&[young_reader.clone(), write], threshold),
            Some(young_reader.blocker)
        );
        // The write has ended, the reader goes on; a new write is not waited for.
        let reader = open("r", 7, 300);
        assert_eq!(
            waiting.blocker(&[reader.clone(), open("w2", 8, 1)], threshold),
            Some(reader.blocker)
        );
        assert_eq!(waiting.blocker(&[open("w3", 8, 1)], threshold), None);
        // A transaction begun since that has lasted longer than the threshold is.
        let newcomer = open("n", 9, 800);
        assert_eq!(
            waiting.blocker(std::slice::from_ref(&newcomer), threshold),
            Some(newcomer.blocker)
        );
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
