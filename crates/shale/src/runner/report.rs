//! What a run tells: [`Event`]s while it runs, a [`RunReport`] or a [`RunError`] at the end.

use crate::db::DbError;
use crate::graph::{Direction, Step};
use crate::script::Script;
use std::path::PathBuf;
use std::time::Duration;

/// What happens during a run, for progress output. The library never prints.
#[derive(Debug)]
pub enum Event<'a> {
    /// A revision is about to run (`index` counts from 0 of `total`).
    Started {
        step: &'a Step,
        script: &'a Script,
        index: usize,
        total: usize,
    },
    /// A statement of a revision is about to run (`index` counts from 0 of `total`;
    /// `line` is its line in the script, `statement` its text). A revision sent as one
    /// batch reports them too, as the results of the statements before arrive (no round
    /// trip of their own): on PostgreSQL a revision of more than 100 statements reports
    /// every `n / 100`th.
    Statement {
        step: &'a Step,
        index: usize,
        total: usize,
        line: usize,
        statement: &'a str,
    },
    /// Another session holds the migration lock: this run waits for it.
    Waiting {
        holder: Option<&'a crate::db::LockHolder>,
    },
    /// The lock row of a run that stopped renewing it had expired: this run took it over.
    LockTakenOver { holder: &'a crate::db::LockHolder },
    /// Statement `index` (1-based `index + 1` of `total`, at `line`) timed out waiting for
    /// a lock: retry `retry` of `retries` follows after `delay`. Inside a transaction the
    /// whole revision runs again (`restarts_revision`), outside one the statement.
    LockRetry {
        step: &'a Step,
        index: usize,
        total: usize,
        line: usize,
        statement: &'a str,
        retry: u32,
        retries: u32,
        delay: Duration,
        restarts_revision: bool,
    },
    /// MySQL/MariaDB: statement `index` takes a table's metadata lock, and another
    /// session (`session`) has had a transaction open for `age`: the statement waits
    /// (without queueing) for it to end, `waited` so far of at most `budget`. Reported
    /// when the wait starts and about once a second while it lasts.
    TransactionWait {
        step: &'a Step,
        index: usize,
        total: usize,
        line: usize,
        statement: &'a str,
        session: u64,
        age: Duration,
        waited: Duration,
        budget: Duration,
    },
    /// A concurrent index build (PostgreSQL `CREATE INDEX CONCURRENTLY`) left the INVALID
    /// index `index_name` behind — it failed, or a run was killed during it — and it was
    /// dropped (`DROP INDEX CONCURRENTLY IF EXISTS`) so that the build can run again.
    InvalidIndexDropped {
        step: &'a Step,
        index_name: &'a str,
        /// The build failed just now (else: found before statement `line` builds it).
        after_failure: bool,
        line: usize,
    },
    /// Pass `pass` of statement `index` (marked `-- shale:repeat-until-zero`) changed
    /// `rows` rows, `rows_total` so far; it runs again until a pass changes none.
    Repeated {
        step: &'a Step,
        index: usize,
        total: usize,
        line: usize,
        pass: u64,
        rows: u64,
        rows_total: u64,
    },
    /// A revision finished.
    Finished {
        step: &'a Step,
        script: &'a Script,
        duration: Duration,
    },
}

/// What a completed run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RunReport {
    /// The revisions run, in order, with their direction (`up`/`down`) and milliseconds.
    pub steps: Vec<StepReport>,
    /// The heads after the run.
    pub heads: Vec<String>,
}

/// One revision in a [`RunReport`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct StepReport {
    pub revision: String,
    pub direction: &'static str,
    pub duration_ms: u64,
}

/// Why a run stopped. Large (a failed statement carries its text and what took effect),
/// but returned once per run; the crate's [`Error`](crate::Error) boxes it.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{path}:{line}: revision {revision} failed ({direction}) in statement {number} of {total}\n    {statement}\n{message}{partial}",
        statement = crate::script::excerpt(statement),
        path = path.display(),
        number = done + 1,
        partial = partial_note(self))]
    Statement {
        revision: String,
        direction: Direction,
        path: PathBuf,
        line: usize,
        statement: String,
        message: String,
        /// Statements of this revision that had taken effect and were not rolled back.
        applied: Vec<String>,
        rolled_back: bool,
        /// The statements before the failed one (1-based: the failed one is `done + 1`).
        done: usize,
        total: usize,
    },
    #[error("cannot downgrade past revision {revision} ({path}): it is marked `-- shale:irreversible`{why}\nNothing was run.",
        path = path.display(),
        why = reason.as_deref().map_or(String::new(), |r| format!(": {r}")))]
    Irreversible {
        revision: String,
        path: PathBuf,
        /// The comment the script gives after `-- shale:irreversible`, if any.
        reason: Option<String>,
    },
    #[error("revision {revision} is not among the loaded scripts")]
    MissingScript { revision: String },
    #[error(transparent)]
    Db(#[from] DbError),
    /// Another run moved the database while this one waited for the lock (SQLite), or the
    /// version table no longer held the rows this run read under the lock: re-plan.
    /// `done` holds the steps this run applied before it saw the move.
    #[error("the database moved to {heads:?} while waiting for the write lock")]
    Moved {
        heads: Vec<String>,
        done: Vec<StepReport>,
    },
    #[error("revision {revision} ran, but the version table {table} no longer held {expected:?} when its update was recorded (statement `{statement}` changed {found} row(s)): someone changed the table by hand during the run.\n\
             Check the version table and record where the database really is with `shale stamp REV`.")]
    VersionFence {
        revision: String,
        table: String,
        expected: Vec<String>,
        statement: String,
        found: u64,
    },
}

fn partial_note(err: &RunError) -> String {
    let RunError::Statement {
        direction,
        applied,
        rolled_back,
        done,
        total,
        ..
    } = err
    else {
        return String::new();
    };
    if *rolled_back {
        return "\nThe revision was rolled back: the database is still at the previous revision."
            .into();
    }
    if *done == 0 && applied.is_empty() {
        return "\nNo statement of this revision had taken effect.".into();
    }
    let mut s = format!(
        "\nStatements 1-{done} of {total} had taken effect (the revision runs outside a transaction){}",
        if applied.is_empty() { "." } else { ":" }
    );
    for stmt in applied {
        s.push_str("\n    ");
        s.push_str(&first_line(stmt, 100));
    }
    s.push_str(&format!(
        "\nThe revision is marked failed, and runs refuse until it is resolved: fix the cause, then \
         `shale {cmd} --resume` continues with statement {next}; or repair the database by hand and \
         record the revision it is really at with `shale stamp REV`.",
        cmd = resume_command(*direction),
        next = done + 1
    ));
    s
}

/// The command that runs a direction: `upgrade` or `downgrade`.
pub fn direction_command(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => "upgrade",
        Direction::Down => "downgrade",
    }
}

/// The command that resumes a revision interrupted in `direction`: `upgrade`, or
/// `downgrade -1` (downgrade needs a target, and the interrupted revision is a current
/// head: `-1` reverts exactly it).
pub fn resume_command(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => "upgrade",
        Direction::Down => "downgrade -1",
    }
}

/// The first line of a statement, shortened to `max` characters.
pub fn first_line(sql: &str, max: usize) -> String {
    let line = sql.lines().next().unwrap_or("").trim();
    let mut out: String = line.chars().take(max).collect();
    if line.chars().count() > max || sql.lines().nth(1).is_some() {
        out.push_str(" …");
    }
    out
}
