//! [`Migrator`]: a project bound to a database, and the operations that write to it.

use crate::cancel::Cancel;
use crate::db::progress::Interruption;
use crate::db::version::{HistoryEntry, HistoryRow, VersionTable};
use crate::db::{Connector, Db, Session};
use crate::dialect::Dialect;
use crate::graph::{Direction, Step, Target};
use crate::project::Project;
use crate::runner::{Event, LockRetry, RunError, RunReport, Runner, Sink, StepReport};
use crate::status::Interrupted;
use crate::url::DbUrl;
use crate::{Error, Result};
use std::time::Duration;

use super::cancelled::Seen;
use super::guard::Held;

/// Where `--resume` continues an interrupted revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    /// With the statement that was running or failed (`--resume`).
    Next,
    /// With statement `n`, 1-based (`--resume-from N`).
    From(usize),
}

/// How many times a run retries a revision whose transaction lost to a concurrent write.
const CONFLICT_RETRIES: usize = 10;

/// Whether a run stopped on a transaction that a concurrent write rolled back whole.
fn rolled_back_by_conflict(e: &RunError) -> bool {
    match e {
        RunError::Statement {
            rolled_back: true,
            message,
            ..
        } => crate::db::is_write_conflict(message),
        RunError::Db(db) => crate::db::is_write_conflict(&db.to_string()),
        _ => false,
    }
}

/// A project bound to a database.
pub struct Migrator<'p> {
    pub(super) project: &'p Project,
    pub(super) connector: Connector,
    pub(super) version: VersionTable,
    pub(super) lock_timeout: Option<Duration>,
    /// The lock timeout, retries and statement timeout of the statements (shale.toml's,
    /// unless [`Migrator::set_locking`] changed them).
    locking: crate::config::Locking,
    cancel: Option<Cancel>,
}

/// Observes a run's progress (the library never prints).
pub type Observer<'o> = &'o mut (dyn FnMut(Event) + Send);

impl<'p> Migrator<'p> {
    /// A migrator for `project` on the database at `url`.
    pub fn new(project: &'p Project, url: DbUrl) -> Self {
        Migrator::with_connector(project, Connector::Url(url))
    }

    /// A migrator for `project` on the database `connector` connects to (a URL, or the
    /// options of an application's pool).
    pub fn with_connector(project: &'p Project, connector: Connector) -> Self {
        let version = VersionTable::new(&project.config.version_table, connector.dialect());
        Migrator {
            project,
            connector,
            version,
            lock_timeout: None,
            locking: project.config.locking,
            cancel: None,
        }
    }

    /// Where the database is: its URL or its pool (displays without a password).
    pub fn url(&self) -> &Connector {
        &self.connector
    }

    /// The dialect of the database.
    pub fn dialect(&self) -> Dialect {
        self.connector.dialect()
    }

    /// Makes runs obey `cancel` (Ctrl-C): see [`Cancel`].
    pub fn set_cancel(&mut self, cancel: Cancel) {
        self.cancel = Some(cancel);
    }

    /// How long a run waits for the migration lock before giving up (default: as long as
    /// it takes).
    pub fn set_lock_timeout(&mut self, timeout: Option<Duration>) {
        self.lock_timeout = timeout;
    }

    /// Sets the lock timeout, retries and statement timeout that a run's statements run
    /// under (default: shale.toml's `lock_timeout`, `lock_retries`, `statement_timeout`).
    pub fn set_locking(&mut self, locking: crate::config::Locking) {
        self.locking = locking;
    }

    /// Opens a connection to the database.
    pub async fn connect(&self) -> Result<Db> {
        Ok(self.connector.connect().await?)
    }

    /// The revisions the database is at (its heads), checked against the scripts.
    pub async fn current(&self) -> Result<Vec<String>> {
        let mut db = self.connect().await?;
        let heads = self.version.heads(&mut db).await;
        db.close().await;
        let heads = heads?;
        self.check_heads(&heads)?;
        Ok(heads)
    }

    /// The history log of upgrades, downgrades, stamps and failures, oldest first.
    pub async fn log(&self) -> Result<Vec<HistoryRow>> {
        let mut db = self.connect().await?;
        let rows = self.version.history_rows(&mut db).await;
        db.close().await;
        Ok(rows?)
    }

    /// Applies scripts up to `target`.
    pub async fn upgrade(&self, target: &Target, observe: Observer<'_>) -> Result<RunReport> {
        self.run(Direction::Up, target, None, observe).await
    }

    /// Reverts scripts down to `target`.
    pub async fn downgrade(&self, target: &Target, observe: Observer<'_>) -> Result<RunReport> {
        self.run(Direction::Down, target, None, observe).await
    }

    /// Finishes a revision that stopped part-way (see [`Interrupted`]) from the statement
    /// `resume` names, then goes on to `target` in the same direction.
    pub async fn resume(
        &self,
        dir: Direction,
        target: &Target,
        resume: Resume,
        observe: Observer<'_>,
    ) -> Result<RunReport> {
        self.run(dir, target, Some(resume), observe).await
    }

    async fn run(
        &self,
        dir: Direction,
        target: &Target,
        resume: Option<Resume>,
        observe: Observer<'_>,
    ) -> Result<RunReport> {
        let mut db = self.connect().await?;
        let Some(cancel) = &self.cancel else {
            let result = self.run_on(&mut db, dir, target, resume, observe).await;
            db.close().await;
            return result;
        };
        let session = db.session().await?;
        // A SQLite statement blocks this thread: the canceller interrupts it directly.
        let _hook = match &session {
            Session::Sqlite(interrupt) => Some(cancel.on_cancel(interrupt.clone())),
            _ => None,
        };
        let mut seen = Seen::default();
        let outcome = {
            let mut tracking = |event: Event| {
                seen.note(&event);
                observe(event)
            };
            let work = self.run_on(&mut db, dir, target, resume, &mut tracking);
            tokio::select! {
                biased;
                _ = cancel.cancelled() => None,
                result = work => Some(result),
            }
        };
        match (outcome, cancel.signal()) {
            // A failure caused by the cancel (an interrupted SQLite statement) is the cancel.
            (Some(Err(_)), Some(signal)) | (None, Some(signal)) => {
                Err(self.cancelled(db, session, signal, seen).await)
            }
            (Some(result), _) => {
                db.close().await;
                result
            }
            (None, None) => unreachable!("the cancel branch completes only once cancelled"),
        }
    }

    /// Checks the server and takes the lock (see `guard`), and runs; the lock is
    /// released on every path. Under a lock row, the run stops when the row is lost.
    async fn run_on(
        &self,
        db: &mut Db,
        dir: Direction,
        target: &Target,
        resume: Option<Resume>,
        observe: Observer<'_>,
    ) -> Result<RunReport> {
        let (mut held, server) = self.guard(db, observe).await?;
        let locks = LockRetry {
            mariadb: server.mariadb,
            ..LockRetry::new(self.locking)
        };
        let result = match &mut held {
            Held::Table(lock) => {
                let work = self.run_locked(db, dir, target, resume, (true, locks), observe);
                tokio::select! {
                    result = work => result,
                    lost = lock.hold() => Err(Error::Lock(lost)),
                }
            }
            Held::Session(lock) => {
                let lock_rows = !lock.is_session_lock();
                self.run_locked(db, dir, target, resume, (lock_rows, locks), observe)
                    .await
            }
        };
        held.release(db).await;
        result
    }

    async fn run_locked(
        &self,
        db: &mut Db,
        dir: Direction,
        target: &Target,
        resume: Option<Resume>,
        // Re-read the version rows FOR UPDATE (no session lock excludes other runs); the
        // lock timeouts and retries of the statements.
        (lock_rows, locks): (bool, LockRetry),
        observe: Observer<'_>,
    ) -> Result<RunReport> {
        self.version.ensure(db).await?;
        let interruption = self.version.interruption(db).await?;
        if let (Some(i), None) = (&interruption, resume) {
            let described = self.describe_interruption(db, i).await;
            return Err(Error::Interrupted(Box::new(described)));
        }
        let mut runner = Runner {
            scripts: self.project.scripts(),
            version: &self.version,
            verify_heads: true,
            lock_rows,
            resume_from: None,
            locks,
        };
        let mut done = RunReport::default();
        // Each pass after the first follows another run's progress (SQLite) or a change of
        // the version table: a graph's worth of passes is more than any real history needs.
        let passes = self.project.graph.len() + 8 + CONFLICT_RETRIES;
        let mut conflict_retries = CONFLICT_RETRIES;
        for pass in 0..passes {
            let heads = self.version.read_heads(db).await?;
            self.check_heads(&heads)?;
            if dir == Direction::Up {
                self.check_unmodified(db, &heads).await?;
            }
            let steps = self.plan(&heads, dir, target)?;
            runner.resume_from = match pass {
                0 => self.resume_decision(interruption.as_ref(), resume, dir, &steps)?,
                _ => None,
            };
            if steps.is_empty() {
                done.heads = heads;
                return Ok(done);
            }
            let (outcome, finished) = run_pass(&runner, db, &steps, observe).await;
            match outcome {
                Ok(report) => {
                    done.steps.extend(report.steps);
                    done.heads = report.heads;
                    return Ok(done);
                }
                // Another process applied revisions while this one waited: plan again
                // from where the database is now. Steps already done stay done.
                Err(RunError::Moved { done: applied, .. }) => done.steps.extend(applied),
                // A transaction that lost to a concurrent write (a Galera certification
                // failure, a deadlock) was rolled back whole: plan again and retry it —
                // unless a revision outside a transaction was left part-way.
                Err(e) if conflict_retries > 0 && rolled_back_by_conflict(&e) => {
                    if self.version.interruption(db).await?.is_some() {
                        return Err(e.into());
                    }
                    conflict_retries -= 1;
                    done.steps.extend(finished);
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(Error::Usage(format!(
            "the version table {} kept changing while this run planned: stopped after {passes} passes",
            self.version.name
        )))
    }

    /// Where the first step resumes: a run that finds a revision stopped part-way refuses
    /// unless it was asked to resume it, and `--resume` with nothing to resume is an error.
    fn resume_decision(
        &self,
        interruption: Option<&Interruption>,
        resume: Option<Resume>,
        dir: Direction,
        steps: &[Step],
    ) -> Result<Option<usize>> {
        match (interruption, resume) {
            (None, None) => Ok(None),
            (None, Some(_)) => Err(Error::Usage(
                "nothing to resume: no revision stopped part-way".to_string(),
            )),
            (Some(i), None) => Err(Error::Interrupted(Box::new(Interrupted::describe(
                self.project,
                i,
            )))),
            (Some(i), Some(r)) => Ok(Some(self.resume_point(i, r, dir, steps)?)),
        }
    }

    fn plan(&self, heads: &[String], dir: Direction, target: &Target) -> Result<Vec<Step>> {
        let graph = self.project.graph_for_target(heads, target);
        Ok(match dir {
            Direction::Up => graph.upgrade_steps(heads, target)?,
            Direction::Down => graph.downgrade_steps(heads, target)?,
        })
    }

    /// Records `target` in the version table without running any script.
    pub async fn stamp(&self, target: &Target) -> Result<Vec<String>> {
        let mut db = self.connect().await?;
        let result = match self.guard(&mut db, &mut |_| {}).await.map(|(held, _)| held) {
            Ok(held) => {
                let result = self.stamp_locked(&mut db, target).await;
                held.release(&mut db).await;
                result
            }
            Err(e) => Err(e),
        };
        db.close().await;
        result
    }

    async fn stamp_locked(&self, db: &mut Db, target: &Target) -> Result<Vec<String>> {
        self.version.ensure(db).await?;
        let before = self.version.read_heads(db).await?;
        // A failed revision or an unknown head is exactly what stamp repairs: plan from
        // the known part of the current heads.
        let graph = self.project.graph_for_target(&before, target);
        let known: Vec<String> = before
            .iter()
            .filter(|h| graph.get(h).is_some())
            .cloned()
            .collect();
        let after = graph.resolve_target(&known, target)?;
        let mut sql = self.version.update_sql(&before, &after);
        let label = if after.is_empty() {
            "base".to_string()
        } else {
            after.join(" ")
        };
        sql.push(self.version.history_sql(&HistoryEntry {
            revision: &label,
            direction: "stamp",
            checksum: None,
            duration_ms: 0,
            detail: None,
        }));
        db.execute("BEGIN").await?;
        for stmt in &sql {
            if let Err(e) = db.execute(stmt).await {
                let _ = db.execute("ROLLBACK").await;
                return Err(e.into());
            }
        }
        db.execute("COMMIT").await?;
        Ok(after)
    }

    /// The SQL that `upgrade`/`downgrade` to `target` would run from the database's current
    /// heads, without running it.
    pub async fn preview_sql(&self, dir: Direction, target: &Target) -> Result<String> {
        let heads = self.current().await?;
        offline_sql(self.project, self.dialect(), &heads, dir, target).await
    }
}

/// The SQL that takes a database from `from` heads to `target` (`--sql` with a `FROM:TO`
/// range): version-table creation when starting from base, transaction boundaries,
/// statements, version-table updates.
pub async fn offline_sql(
    project: &Project,
    dialect: Dialect,
    from: &[String],
    dir: Direction,
    target: &Target,
) -> Result<String> {
    let version = VersionTable::new(&project.config.version_table, dialect);
    let steps = match dir {
        Direction::Up => project.graph_for(from).upgrade_steps(from, target)?,
        Direction::Down => project.graph_for(from).downgrade_steps(from, target)?,
    };
    let mut out = String::new();
    if from.is_empty() && dir == Direction::Up {
        out.push_str("-- Create the version table and its history log\n");
        for sql in version.create_sql() {
            out.push_str(&sql);
            out.push_str(";\n");
        }
    }
    let runner = Runner::unfenced(
        project.scripts(),
        &version,
        LockRetry::new(project.config.locking),
    );
    runner
        .run(&mut Sink::Script(&mut out), &steps, &mut |_| {})
        .await?;
    Ok(out)
}

/// One pass of the runner over `steps`, with the steps that finished (a pass that fails
/// still reports those, for a retry to count).
async fn run_pass(
    runner: &Runner<'_>,
    db: &mut Db,
    steps: &[Step],
    observe: Observer<'_>,
) -> (Result<RunReport, RunError>, Vec<StepReport>) {
    let mut finished = Vec::new();
    let mut track = |event: Event| {
        if let Event::Finished { step, duration, .. } = &event {
            finished.push(StepReport {
                revision: step.revision.clone(),
                direction: step.direction.as_str(),
                duration_ms: duration.as_millis() as u64,
            });
        }
        observe(event)
    };
    let outcome = runner.run(&mut Sink::Database(db), steps, &mut track).await;
    (outcome, finished)
}
