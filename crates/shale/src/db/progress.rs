//! Progress records of revisions that run outside a transaction.
//!
//! A revision that cannot be rolled back whole — any revision with DDL on MySQL/MariaDB,
//! where DDL commits itself, and a `-- shale:transaction off` revision anywhere — leaves a
//! row in the history log while it runs: direction `running`, and a detail line
//! `up 2/5 <hash>` saying that statements 1–2 of 5 took effect and statement 3 is under
//! way (`<hash>` identifies the text of the statements done, so that a resumed run can
//! tell whether an edit touched them). The row is updated before each statement, marked
//! `failed` (with the database's message) when a statement fails, and turned into the
//! ordinary `up`/`down` row in the same transaction as the version update when the
//! revision ends. So after a crash or a failure the last history row says exactly where the
//! revision stopped, and no run starts it again from its first statement.

use super::version::{HistoryRow, VersionTable};
use super::{Db, DbError};
use crate::dialect::Dialect;
use crate::graph::Direction;
use crate::script::Statement;
use sha2::{Digest, Sha256};
use std::fmt;

/// How far a revision got: `done` of `total` statements of its `direction`'s section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub direction: Direction,
    pub done: usize,
    pub total: usize,
    /// A hash of the text of the statements done (see [`Progress::prefix_hash`]).
    pub prefix: String,
}

impl Progress {
    /// The progress of `statements` with the first `done` of them applied.
    pub fn of(direction: Direction, statements: &[Statement], done: usize) -> Progress {
        Progress {
            direction,
            done,
            total: statements.len(),
            prefix: Progress::prefix_hash(&statements[..done]),
        }
    }

    /// A short hash of the statements' text, in order.
    pub fn prefix_hash(statements: &[Statement]) -> String {
        let mut hash = Sha256::new();
        for stmt in statements {
            hash.update(stmt.sql.trim().as_bytes());
            hash.update([0u8]);
        }
        hash.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Reads the first line of a progress row's detail.
    pub fn parse(line: &str) -> Option<Progress> {
        let mut words = line.split_whitespace();
        let direction = match words.next()? {
            "up" => Direction::Up,
            "down" => Direction::Down,
            _ => return None,
        };
        let (done, total) = words.next()?.split_once('/')?;
        let (done, total) = (done.parse().ok()?, total.parse().ok()?);
        let prefix = words.next().unwrap_or("").to_string();
        (done <= total).then_some(Progress {
            direction,
            done,
            total,
            prefix,
        })
    }
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}/{} {}",
            self.direction, self.done, self.total, self.prefix
        )
    }
}

/// A revision that stopped part-way: the last history row is `running` (the run was
/// killed or lost its connection) or `failed` (a statement failed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interruption {
    pub revision: String,
    /// `None` for a failure recorded by an older shale, which kept no count.
    pub progress: Option<Progress>,
    /// A statement failed (so it did not take effect); otherwise the run stopped while
    /// statement `done + 1` may have been running.
    pub failed: bool,
    /// The database's message for a failed statement.
    pub message: Option<String>,
    /// The checksum of the section when the revision started.
    pub checksum: Option<String>,
}

impl Interruption {
    /// The interruption recorded by the last history row, if it is one.
    pub fn from_row(row: HistoryRow) -> Option<Interruption> {
        let failed = match row.direction.as_str() {
            "running" => false,
            "failed" => true,
            _ => return None,
        };
        let detail = row.detail.unwrap_or_default();
        let (first, rest) = detail.split_once('\n').unwrap_or((&detail, ""));
        let progress = Progress::parse(first);
        let message = match (&progress, failed) {
            (Some(_), _) if rest.is_empty() => None,
            (Some(_), _) => Some(rest.to_string()),
            (None, true) => Some(detail.clone()),
            (None, false) => None,
        };
        Some(Interruption {
            revision: row.revision,
            progress,
            failed,
            message,
            checksum: row.checksum,
        })
    }
}

impl VersionTable {
    /// The statement that opens the progress row of a revision about to run its first
    /// statement.
    pub fn progress_start_sql(
        &self,
        revision: &str,
        checksum: &str,
        progress: &Progress,
    ) -> String {
        format!(
            "INSERT INTO {} (revision, direction, checksum, duration_ms, detail) VALUES ({}, 'running', {}, 0, {})",
            self.history(),
            self.lit(revision),
            self.lit(checksum),
            self.lit(&progress.to_string())
        )
    }

    /// The statement that records `progress` in the open progress row (and marks it
    /// running again, for a resumed revision).
    pub fn progress_sql(&self, progress: &Progress) -> String {
        self.update_last(&format!(
            "direction = 'running', detail = {}",
            self.lit(&progress.to_string())
        ))
    }

    /// The statement that marks the open progress row failed, with the database's message.
    pub fn progress_failed_sql(&self, progress: &Progress, message: &str) -> String {
        self.update_last(&format!(
            "direction = 'failed', detail = {}",
            self.lit(&format!("{progress}\n{message}"))
        ))
    }

    /// The statement that closes the open progress row of a revision whose first
    /// statement failed: nothing took effect, so the row (`aborted`) does not block runs.
    pub fn progress_aborted_sql(&self, message: &str) -> String {
        self.update_last(&format!(
            "direction = 'aborted', detail = {}",
            self.lit(message)
        ))
    }

    /// The statement that turns the open progress row into the revision's history entry.
    pub fn progress_done_sql(
        &self,
        direction: Direction,
        checksum: &str,
        duration_sql: &str,
    ) -> String {
        self.update_last(&format!(
            "direction = {}, checksum = {}, detail = NULL, duration_ms = {duration_sql}",
            self.lit(direction.as_str()),
            self.lit(checksum)
        ))
    }

    /// An update of the last history row: the open progress row, since only the run that
    /// holds the migration lock writes the log.
    fn update_last(&self, set: &str) -> String {
        let history = self.history();
        match self.dialect {
            // MySQL refuses a subquery on the table being updated (error 1093).
            Dialect::Mysql => format!("UPDATE {history} SET {set} ORDER BY id DESC LIMIT 1"),
            _ => format!("UPDATE {history} SET {set} WHERE id = (SELECT MAX(id) FROM {history})"),
        }
    }

    /// The last history row, if the log exists and has one.
    pub async fn last_row(&self, db: &mut Db) -> Result<Option<HistoryRow>, DbError> {
        if !self.exists(db).await? {
            return Ok(None);
        }
        let sql = format!(
            "SELECT id, revision, direction, checksum, duration_ms, applied_at, detail FROM {} ORDER BY id DESC LIMIT 1",
            self.history()
        );
        Ok(db
            .query(&sql)
            .await?
            .into_iter()
            .next()
            .map(super::version::history_row))
    }

    /// The revision that stopped part-way, if the last history row records one.
    pub async fn interruption(&self, db: &mut Db) -> Result<Option<Interruption>, DbError> {
        Ok(self.last_row(db).await?.and_then(Interruption::from_row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(direction: &str, detail: Option<&str>) -> HistoryRow {
        HistoryRow {
            id: 7,
            revision: "abc".into(),
            direction: direction.into(),
            checksum: Some("sum".into()),
            duration_ms: 0,
            applied_at: String::new(),
            detail: detail.map(str::to_string),
        }
    }

    #[test]
    fn progress_round_trips_through_its_detail_line() {
        let p = Progress {
            direction: Direction::Down,
            done: 2,
            total: 5,
            prefix: "0011223344556677".into(),
        };
        assert_eq!(p.to_string(), "down 2/5 0011223344556677");
        assert_eq!(Progress::parse(&p.to_string()), Some(p));
        for bad in ["", "sideways 1/2", "up 3", "up 3/2 x", "up a/2"] {
            assert_eq!(Progress::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_running_and_failed_rows_are_interruptions() {
        assert_eq!(Interruption::from_row(row("up", None)), None);
        assert_eq!(Interruption::from_row(row("stamp", None)), None);
        let running = Interruption::from_row(row("running", Some("up 1/3 ab"))).unwrap();
        assert!(!running.failed);
        assert_eq!(running.progress.as_ref().map(|p| p.done), Some(1));
        assert_eq!(running.message, None);
        let failed =
            Interruption::from_row(row("failed", Some("up 2/3 ab\nno such table"))).unwrap();
        assert!(failed.failed);
        assert_eq!(failed.message.as_deref(), Some("no such table"));
        // A failure recorded before progress rows existed: its detail is the message.
        let old = Interruption::from_row(row("failed", Some("Table 't' exists"))).unwrap();
        assert_eq!(old.progress, None);
        assert_eq!(old.message.as_deref(), Some("Table 't' exists"));
    }

    #[test]
    fn the_open_row_is_the_last_one() {
        let v = VersionTable::new("shale_version", Dialect::Mysql);
        let p = Progress {
            direction: Direction::Up,
            done: 1,
            total: 2,
            prefix: "ff".into(),
        };
        assert_eq!(
            v.progress_sql(&p),
            "UPDATE shale_version_history SET direction = 'running', detail = 'up 1/2 ff' ORDER BY id DESC LIMIT 1"
        );
        let v = VersionTable::new("shale_version", Dialect::Postgres);
        assert!(v
            .progress_done_sql(Direction::Up, "c", "5")
            .ends_with("WHERE id = (SELECT MAX(id) FROM shale_version_history)"));
    }
}
