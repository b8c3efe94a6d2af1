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
//! sees a long transaction before queueing. shale does: it reads InnoDB's list of open
//! transactions from `SHOW ENGINE INNODB STATUS` and the sessions of this database (or of
//! none) from `information_schema.PROCESSLIST` — both live, neither takes a lock — and
//! runs the statement only once
//!
//! * every transaction another session of this database had open at the first look has
//!   ended — a write's own transaction lasts milliseconds, and a reader that opened just
//!   before, young as it is, holds a metadata lock on what it has read for as long as it
//!   stays open; and
//! * no transaction that began since has been open longer than the lock timeout.
//!
//! `information_schema.INNODB_TRX` has the same list with exact start times, but InnoDB
//! serves it from a cache it refreshes only when the view was last read more than 0.1 s
//! before: several runs polling it at once (a fleet's workers on one server, a test
//! suite) keep it stale for each other, and a young reader goes unseen. The status text
//! is built on each read. It gives a transaction's age in whole seconds and a read-only
//! transaction no id of its own (its session's handle instead), so [`Waiting`] keeps
//! when it first saw each one, and takes a listed transaction for a later one of the same
//! session when it has watched it for longer than its age allows, or missed it in a look.
//!
//! InnoDB does not say which tables a transaction has read, so a long transaction on
//! another table of the same database delays the statement too; the wait is bounded by
//! the lock-retry budget ([`LockRetry::wait_budget`]), after which the statement runs
//! anyway, under `lock_wait_timeout` and its retries. Without the `PROCESS` privilege the
//! status is refused: no wait.

use super::LockRetry;
use crate::db::{Db, DbError};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// How often the transactions are read while a statement waits (the first look is at
/// once: the status is not cached).
pub const POLL: Duration = Duration::from_millis(100);

/// The transaction in the way: the session's id and how long it has been open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocker {
    pub session: u64,
    pub age: Duration,
}

/// Another session's open transaction, as the status lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    /// The transaction's id, or for a read-only one its session's handle (`(0x…)`), with
    /// the session: the same transaction from one look to the next — or a later one of
    /// the same session, which [`Waiting`] tells apart.
    pub key: String,
    pub session: u64,
    /// How long it has been open, in the server's whole seconds.
    pub active: Duration,
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

/// The other sessions of this database, and those in none (a transaction may read any
/// database's tables by qualified name).
pub const SESSIONS_SQL: &str = "SELECT ID FROM information_schema.PROCESSLIST \
     WHERE ID <> CONNECTION_ID() AND (DB = DATABASE() OR DB IS NULL)";

/// The active transactions of InnoDB's status text (its `TRANSACTIONS` section): one
/// entry per `---TRANSACTION <id>, ACTIVE [(PREPARED)] <n> sec …` line, with the session
/// of the `MariaDB thread id <n>,` (MySQL: `MySQL thread id`) line under it. Transactions
/// listed as `not started` (MySQL lists every session) are not open.
pub fn parse_status(status: &str) -> Vec<Open> {
    let mut found = Vec::new();
    let mut current: Option<(String, Duration)> = None;
    for line in status.lines() {
        if let Some(rest) = line.strip_prefix("---TRANSACTION ") {
            current = rest.split_once(", ").and_then(|(id, state)| {
                let mut words = state.split_whitespace();
                if words.next() != Some("ACTIVE") {
                    return None;
                }
                let secs = words.find(|w| !w.starts_with('('))?.parse::<u64>().ok()?;
                Some((id.to_string(), Duration::from_secs(secs)))
            });
            continue;
        }
        let Some((id, active)) = &current else {
            continue;
        };
        let session = ["MariaDB thread id ", "MySQL thread id "]
            .iter()
            .find_map(|prefix| line.strip_prefix(prefix))
            .and_then(|rest| rest.split(',').next()?.trim().parse::<u64>().ok());
        if let Some(session) = session {
            found.push(Open {
                key: format!("{id}/{session}"),
                session,
                active: *active,
            });
            current = None;
        }
    }
    found
}

/// The other sessions' open transactions: InnoDB's status, kept to the sessions of this
/// database.
pub async fn open(db: &mut Db) -> Result<Vec<Open>, DbError> {
    let rows = db.query("SHOW ENGINE INNODB STATUS").await?;
    let status = rows
        .first()
        .and_then(|row| row.last().cloned().flatten())
        .unwrap_or_default();
    let sessions: HashSet<u64> = db
        .query(SESSIONS_SQL)
        .await?
        .iter()
        .filter_map(|row| row.first()?.as_deref()?.parse().ok())
        .collect();
    let mut open = parse_status(&status);
    open.retain(|t| sessions.contains(&t.session));
    Ok(open)
}

/// What a statement waits for: the transactions open at its first look that are still
/// open, and those open longer than the threshold.
#[derive(Debug, Default)]
pub struct Waiting {
    /// The keys of the transactions open at the first look, while they stay open.
    first: Option<HashSet<String>>,
    /// Each listed transaction: when a look first listed it, and when it began by the
    /// server's count then.
    listed: HashMap<String, (Instant, Instant)>,
}

/// How far two looks' reckonings of one transaction's start may differ: the server counts
/// in whole seconds, so each is off by less than a second, always in the same window; the
/// rest is the time a look takes.
const SAME_START: Duration = Duration::from_millis(1200);

impl Waiting {
    /// The oldest transaction of `open` (listed at `now`) still in the way, if any. A
    /// transaction's age is at least what the looks have watched, and more than its
    /// whole seconds less one.
    pub fn blocker(&mut self, open: &[Open], threshold: Duration, now: Instant) -> Option<Blocker> {
        let keys: HashSet<&str> = open.iter().map(|t| t.key.as_str()).collect();
        // A transaction missing from a look has ended; its key, listed again, is a later
        // transaction of the same session.
        self.listed.retain(|key, _| keys.contains(key.as_str()));
        let first = self
            .first
            .get_or_insert_with(|| open.iter().map(|t| t.key.clone()).collect());
        first.retain(|key| keys.contains(key.as_str()));
        for t in open {
            let began = now.checked_sub(t.active).unwrap_or(now);
            let listed = self.listed.entry(t.key.clone()).or_insert((now, began));
            if began > listed.1 + SAME_START {
                *listed = (now, began);
                first.remove(&t.key);
            }
        }
        open.iter()
            .map(|t| {
                let watched = now.saturating_duration_since(self.listed[&t.key].0);
                let age = watched.max(t.active.saturating_sub(Duration::from_secs(1)));
                (t, age)
            })
            .filter(|(t, age)| first.contains(&t.key) || *age > threshold)
            .map(|(t, age)| Blocker {
                session: t.session,
                age,
            })
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

    fn open(key: &str, session: u64, active_secs: u64) -> Open {
        Open {
            key: key.to_string(),
            session,
            active: Duration::from_secs(active_secs),
        }
    }

    #[test]
    fn reads_the_active_transactions_of_the_status() {
        let status = "\
=====================================
2026-12-07 06:30:00 0x7f47 INNODB MONITOR OUTPUT
------------
TRANSACTIONS
------------
Trx id counter 22
History list length 0
LIST OF TRANSACTIONS FOR EACH SESSION:
---TRANSACTION 21, ACTIVE 1 sec starting index read
2 lock struct(s), heap size 1128, 1 row lock(s)
MariaDB thread id 10, OS thread handle 139944195774144, query id 20 127.0.0.1 root Updating
update t set a = a
---TRANSACTION (0x7f474ccc3b80), ACTIVE 12 sec
0 lock struct(s), heap size 1128, 0 row lock(s)
MariaDB thread id 9, OS thread handle 139944196081344, query id 16 127.0.0.1 root
Trx read view will not see trx with id >= 21, sees < 21
---TRANSACTION 421, not started
MySQL thread id 11, OS thread handle 1, query id 3 localhost root
---TRANSACTION 1337, ACTIVE (PREPARED) 3 sec
MySQL thread id 12, OS thread handle 2, query id 4 localhost root
--------
FILE I/O
--------
";
        assert_eq!(
            parse_status(status),
            vec![
                open("21/10", 10, 1),
                open("(0x7f474ccc3b80)/9", 9, 12),
                open("1337/12", 12, 3),
            ]
        );
        assert_eq!(parse_status(""), vec![]);
    }

    #[test]
    fn waits_for_what_was_open_at_the_first_look_and_for_long_newcomers() {
        let threshold = Duration::from_millis(500);
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let mut waiting = Waiting::default();
        // A reader opened just before (0 s by the server's count) and a write.
        let reader = open("(0xa)/7", 7, 0);
        assert!(waiting
            .blocker(&[reader, open("5/8", 8, 0)], threshold, t0)
            .is_some());
        // The write has ended, the reader goes on; a new write is not waited for.
        let blocker = waiting.blocker(
            &[open("(0xa)/7", 7, 1), open("6/8", 8, 0)],
            threshold,
            at(300),
        );
        assert_eq!(
            blocker,
            Some(Blocker {
                session: 7,
                age: Duration::from_millis(300)
            })
        );
        assert_eq!(
            waiting.blocker(&[open("7/8", 8, 1)], threshold, at(400)),
            None
        );
        // A transaction begun since that the looks have watched for longer than the
        // threshold is waited for; one the server counts 2 s old at once, too.
        assert_eq!(
            waiting.blocker(&[open("9/9", 9, 0)], threshold, at(500)),
            None
        );
        let blocker = waiting.blocker(&[open("9/9", 9, 0)], threshold, at(1100));
        assert_eq!(
            blocker,
            Some(Blocker {
                session: 9,
                age: Duration::from_millis(600)
            })
        );
        let blocker = waiting.blocker(&[open("10/10", 10, 2)], threshold, at(1200));
        assert_eq!(
            blocker,
            Some(Blocker {
                session: 10,
                age: Duration::from_secs(1)
            })
        );
    }

    #[test]
    fn tells_a_sessions_later_read_only_transaction_from_the_first() {
        let threshold = Duration::from_secs(5);
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        // Missed by a look: the reader's transaction ended; listed again under its
        // session's handle, it is a later one, not waited for while young.
        let mut waiting = Waiting::default();
        assert!(waiting
            .blocker(&[open("(0xa)/7", 7, 0)], threshold, t0)
            .is_some());
        assert_eq!(waiting.blocker(&[], threshold, at(100)), None);
        assert_eq!(
            waiting.blocker(&[open("(0xa)/7", 7, 0)], threshold, at(200)),
            None
        );
        // Listed at every look, but younger than the looks have watched it: also later.
        let mut waiting = Waiting::default();
        assert!(waiting
            .blocker(&[open("(0xa)/7", 7, 3)], threshold, t0)
            .is_some());
        assert!(waiting
            .blocker(&[open("(0xa)/7", 7, 4)], threshold, at(1000))
            .is_some());
        assert_eq!(
            waiting.blocker(&[open("(0xa)/7", 7, 0)], threshold, at(1500)),
            None
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
