//! Waiting for another connection's lock without holding the caller's thread.
//!
//! sqlx waited in SQLite's busy handler on a worker thread of its own. shale's connection
//! runs on the caller's thread, and several migrators may run as tasks of one runtime: a
//! task sleeping in the busy handler would hold the thread that the lock's holder needs to
//! finish. So where SQLite allows a retry, the connection is told not to wait
//! (`busy_timeout` 0) and the statement is reset and run again after an async pause.
//! SQLite allows it when the connection holds no lock (<https://www.sqlite.org/lang_transaction.html>:
//! a statement that failed with `SQLITE_BUSY` outside a transaction did nothing) and for
//! `COMMIT`, which leaves the transaction open when it is busy and "can be retried later".

use std::time::{Duration, Instant};

/// The first pause between two tries; each next one is twice as long, up to [`LONGEST`].
const SHORTEST: Duration = Duration::from_millis(1);
const LONGEST: Duration = Duration::from_millis(50);

/// The pauses of one statement waiting for a lock, until `limit` has passed in all.
pub(super) struct Backoff {
    started: Instant,
    limit: Duration,
    next: Duration,
}

impl Backoff {
    pub fn new(limit: Duration) -> Backoff {
        Backoff {
            started: Instant::now(),
            limit,
            next: SHORTEST,
        }
    }

    /// The next pause, or `None` once the time allowed is over.
    pub fn pause(&mut self) -> Option<Duration> {
        let left = self.limit.checked_sub(self.started.elapsed())?;
        if left.is_zero() {
            return None;
        }
        let pause = self.next.min(left);
        self.next = (self.next * 2).min(LONGEST);
        Some(pause)
    }
}

/// Whether `sql` (one statement, perhaps after comments) is `COMMIT` or `END`.
pub(super) fn ends_transaction(sql: &str) -> bool {
    let word: String = skip_comments(sql)
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    word.eq_ignore_ascii_case("COMMIT") || word.eq_ignore_ascii_case("END")
}

/// `sql` from its first token: white space, `-- …` and `/* … */` comments skipped.
fn skip_comments(mut sql: &str) -> &str {
    loop {
        sql = sql.trim_start();
        if let Some(rest) = sql.strip_prefix("--") {
            sql = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = sql.strip_prefix("/*") {
            sql = rest.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return sql;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_and_end_are_recognised_after_comments() {
        assert!(ends_transaction("COMMIT"));
        assert!(ends_transaction("\n  commit transaction"));
        assert!(ends_transaction("-- done\n/* really */ END"));
        assert!(!ends_transaction("BEGIN IMMEDIATE"));
        assert!(!ends_transaction("COMMITTED_AT"));
        assert!(!ends_transaction("INSERT INTO t VALUES ('COMMIT')"));
        assert!(!ends_transaction("-- COMMIT\nSELECT 1"));
        assert!(!ends_transaction(""));
    }

    #[test]
    fn pauses_double_up_to_the_longest_and_stop_at_the_limit() {
        let mut backoff = Backoff::new(Duration::from_secs(60));
        let pauses: Vec<u128> = (0..8)
            .map(|_| backoff.pause().unwrap().as_millis())
            .collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 32, 50, 50]);
        assert_eq!(Backoff::new(Duration::ZERO).pause(), None);
    }
}
