//! The runner: applies [`Step`](crate::graph::Step)s, one revision at a time, to a [`Sink`].
//!
//! The same loop serves a live database and `--sql` (an offline script), so that what
//! `--sql` prints is what an upgrade runs: each transactional revision is `BEGIN`, its
//! statements, the version-table update and the history row, `COMMIT`. Live, on SQLite
//! and PostgreSQL, that sequence goes in two calls (on PostgreSQL two round trips) and the
//! database times the revision for the history row (`--sql` writes the client's measure,
//! 0 ms). A revision that cannot be rolled back whole runs with a progress row (see
//! [`crate::db::progress`]).
//!
//! * [`sink`] — where SQL goes: a connection or a script.
//! * [`report`] — what a run tells: [`Event`]s while it runs, a [`RunReport`] or a
//!   [`RunError`] at the end.
//! * [`run`] — the [`Runner`] and the three ways a revision runs.
//! * [`lock_retry`] — [`LockRetry`]: the short lock timeout statements run under, and the
//!   retries of one that timed out.
//! * [`long_transactions`] — MySQL/MariaDB: the wait, before a statement that takes a
//!   table's metadata lock, for other sessions' long transactions to end.
//! * [`repeat`] — statements marked `-- shale:repeat-until-zero` (batched backfills).
//! * [`invalid_index`] — the INVALID index a failed concurrent build leaves (PostgreSQL).

pub mod invalid_index;
pub mod lock_retry;
pub mod long_transactions;
pub mod repeat;
pub mod report;
pub mod run;
pub mod sink;

pub use lock_retry::LockRetry;
pub use report::{
    direction_command, first_line, resume_command, Event, RunError, RunReport, StepReport,
};
pub use run::Runner;
pub use sink::Sink;
