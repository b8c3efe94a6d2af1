//! The [`Runner`]: plan checks, the loop over steps, and the three ways a revision runs —
//! batched (two calls), in a transaction a statement at a time, or tracked by a progress
//! row outside a transaction.

use super::invalid_index;
use super::lock_retry::{is_lock_timeout, sets_lock_timeout, waits_for_transactions, LockRetry};
use super::long_transactions;
use super::repeat;
use super::report::{direction_command, Event, RunError, RunReport, StepReport};
use super::sink::Sink;
use crate::db::progress::Progress;
use crate::db::version::{HistoryEntry, VersionTable};
use crate::db::{Db, DbError};
use crate::dialect::Dialect;
use crate::graph::{Direction, Step};
use crate::script::{Script, Statement};
use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

/// Applies steps. Borrowed from a project: the scripts by revision id and the version table.
pub struct Runner<'a> {
    pub scripts: &'a HashMap<String, Script>,
    pub version: &'a VersionTable,
    /// Re-read the heads inside each revision's transaction, locking them, and report
    /// [`RunError::Moved`] when they changed: the fence that makes the version update
    /// replace exactly the rows this run planned from (live runs).
    pub verify_heads: bool,
    /// Re-read them `FOR UPDATE`: needed when no session lock excludes other runs (the
    /// lock-table mode, `lock = false`), so that a second run blocks on the rows until the
    /// first commits and then sees it moved. Under a session lock held by this very session
    /// nothing else writes the rows, and a plain read spares a row lock per revision.
    pub lock_rows: bool,
    /// Continue the first step from this statement (0-based), its progress row already
    /// open: `--resume` of an interrupted revision.
    pub resume_from: Option<usize>,
    /// The lock timeout the statements of each revision run under, and the retries of
    /// one that timed out (see [`LockRetry`]).
    pub locks: LockRetry,
}

/// A statement that makes PostgreSQL send what it has buffered: the results of the
/// statements of a batch before it. PostgreSQL writes a statement's result into its output
/// buffer and sends it when the buffer fills or the whole text ran, so that a batch's
/// results would arrive together at its end; a message to the client (`RAISE INFO`, which
/// `client_min_messages` never holds back) is sent at once, with what is buffered before
/// it. Between a long revision's statements, it lets the runner report each statement as
/// it starts without a round trip of its own.
const PG_FLUSH: &str = "DO $shale$BEGIN RAISE INFO 'shale: statement finished'; END$shale$";

/// Flush points per batched revision at most: a revision of 10,000 small statements gets
/// one every 100, not 10,000 (each is a small PL/pgSQL block).
const MAX_FLUSHES: usize = 100;

/// After how many statements of a batched revision of `n` statements a flush point goes
/// (PostgreSQL with two statements or more; elsewhere the results arrive as they run).
fn flush_stride(dialect: Dialect, n: usize) -> Option<usize> {
    (dialect == Dialect::Postgres && n > 1).then(|| n.div_ceil(MAX_FLUSHES).max(1))
}

/// How a revision runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// In one transaction, sent in two calls (SQLite, PostgreSQL).
    Batched,
    /// In one transaction, a statement at a time.
    Transaction,
    /// Outside a transaction, with a progress row updated before each statement.
    Tracked,
}

impl<'a> Runner<'a> {
    /// A runner for a database no other run touches — a scratch database, a script sink:
    /// no fence on the version rows, no row locks, nothing to resume.
    pub fn unfenced(
        scripts: &'a HashMap<String, Script>,
        version: &'a VersionTable,
        locks: LockRetry,
    ) -> Self {
        Runner {
            scripts,
            version,
            verify_heads: false,
            lock_rows: false,
            resume_from: None,
            locks,
        }
    }

    fn dialect(&self) -> Dialect {
        self.version.dialect
    }

    /// Every check that can refuse the run, over the whole plan, before anything runs:
    /// each step has its script, and no downgrade passes an irreversible revision.
    #[allow(clippy::result_large_err)] // see RunError
    pub fn check(&self, steps: &[Step]) -> Result<(), RunError> {
        for step in steps {
            let script = self.script(step)?;
            if step.direction == Direction::Down && script.downgrade.is_irreversible() {
                return Err(RunError::Irreversible {
                    revision: script.revision.clone(),
                    path: script.path.clone(),
                    reason: script.downgrade.irreversible_reason(),
                });
            }
        }
        Ok(())
    }

    /// The script of `step`'s revision.
    #[allow(clippy::result_large_err)] // see RunError
    fn script(&self, step: &Step) -> Result<&Script, RunError> {
        self.scripts
            .get(&step.revision)
            .ok_or_else(|| RunError::MissingScript {
                revision: step.revision.clone(),
            })
    }

    /// Runs `steps` in order, reporting progress to `observe`.
    pub async fn run(
        &self,
        sink: &mut Sink<'_>,
        steps: &[Step],
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<RunReport, RunError> {
        self.check(steps)?;
        let mut report = RunReport::default();
        for (index, step) in steps.iter().enumerate() {
            let script = self.script(step)?;
            observe(Event::Started {
                step,
                script,
                index,
                total: steps.len(),
            });
            let start = Instant::now();
            let resume = if index == 0 { self.resume_from } else { None };
            match self.run_step(sink, step, script, resume, observe).await {
                Ok(()) => {}
                Err(RunError::Moved { heads, .. }) => {
                    return Err(RunError::Moved {
                        heads,
                        done: report.steps,
                    })
                }
                Err(e) => return Err(e),
            }
            let duration = start.elapsed();
            observe(Event::Finished {
                step,
                script,
                duration,
            });
            report.steps.push(StepReport {
                revision: step.revision.clone(),
                direction: step.direction.as_str(),
                duration_ms: duration.as_millis() as u64,
            });
            report.heads = step.heads_after.clone();
        }
        Ok(report)
    }

    fn mode(&self, sink: &Sink<'_>, script: &Script, statements: &[Statement]) -> Mode {
        let dialect = self.dialect();
        let atomic = script.transactional
            && !statements
                .iter()
                .any(|s| dialect.commits_implicitly(&s.sql));
        let fk_check = script.foreign_keys_off && dialect.foreign_keys_pragma();
        match sink {
            _ if !atomic => Mode::Tracked,
            Sink::Database(_) if dialect.transactional_ddl() && !fk_check => Mode::Batched,
            _ => Mode::Transaction,
        }
    }

    async fn run_step(
        &self,
        sink: &mut Sink<'_>,
        step: &Step,
        script: &Script,
        resume: Option<usize>,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<(), RunError> {
        let section = match step.direction {
            Direction::Up => &script.upgrade,
            Direction::Down => &script.downgrade,
        };
        sink.comment(&format!(
            "Running {} {} ({})",
            direction_command(step.direction),
            script.revision,
            script.message
        ));
        let statements = section.statements();
        let run = Revision {
            step,
            script,
            statements: &statements,
            checksum: section.checksum(),
            repeated: section.repeated_statements(),
        };
        // SQLite ignores `PRAGMA foreign_keys` inside a transaction: a table rebuild turns
        // enforcement off around it, and checks the keys before committing.
        let fk_off = script.foreign_keys_off && self.dialect().foreign_keys_pragma();
        if fk_off {
            sink.exec("PRAGMA foreign_keys = OFF").await?;
        }
        let mut mode = self.mode(sink, script, &statements);
        if mode == Mode::Batched && !run.repeated.is_empty() {
            // A repeated statement's row count decides whether it runs again.
            mode = Mode::Transaction;
        }
        let result = match (mode, &mut *sink) {
            (Mode::Batched, Sink::Database(db)) => self.run_batched(db, &run, observe).await,
            (Mode::Tracked, sink) => self.run_tracked(sink, &run, resume, observe).await,
            (_, sink) => self.run_transaction(sink, &run, fk_off, observe).await,
        };
        if fk_off {
            sink.exec("PRAGMA foreign_keys = ON").await?;
        }
        result
    }

    /// A transactional revision on SQLite or PostgreSQL in two calls (on PostgreSQL two
    /// round trips, most of a small revision's cost): `BEGIN` with the heads re-read and
    /// locked, then its statements, the version update, the history row and `COMMIT` as
    /// one batch (the database times the revision for the history row). A failure
    /// anywhere rolls the whole revision back.
    /// The timeouts go first, `SET LOCAL`: they end with the transaction. A statement
    /// that times out waiting for a lock aborts the transaction, so the whole revision
    /// runs again after a backoff.
    async fn run_batched(
        &self,
        db: &mut Db,
        run: &Revision<'_>,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<(), RunError> {
        let started = SystemTime::now();
        let settings = self.locks.set_sql(self.dialect(), true);
        let mut retry = 0;
        loop {
            self.begin_on(db, run.step).await?;
            let mut closing = self.version_update(run.step);
            closing.push(
                self.version
                    .history_sql_timed(&run.history_entry(), started),
            );
            closing.push("COMMIT".to_string());
            // What each entry of the batch is: statement `Some(i)` of the revision, or
            // the runner's own (settings, flush points, closing).
            let mut batch: Vec<&str> = settings.iter().map(String::as_str).collect();
            let mut owner: Vec<Option<usize>> = vec![None; batch.len()];
            let stride = flush_stride(self.dialect(), run.statements.len());
            for (i, statement) in run.statements.iter().enumerate() {
                batch.push(&statement.sql);
                owner.push(Some(i));
                if stride.is_some_and(|n| (i + 1) % n == 0) && i + 1 < run.statements.len() {
                    batch.push(PG_FLUSH);
                    owner.push(None);
                }
            }
            batch.extend(closing.iter().map(String::as_str));
            owner.resize(batch.len(), None);
            if !run.statements.is_empty() {
                observe(run.statement_event(0));
            }
            // Statement `i + 1` starts as statement `i` finishes: progress in the same call.
            let result = db
                .execute_many_observed(&batch, &mut |b| {
                    if let Some(i) = owner[b].filter(|i| i + 1 < run.statements.len()) {
                        observe(run.statement_event(i + 1));
                    }
                })
                .await;
            let Err((index, err)) = result else {
                return Ok(());
            };
            let _ = db.execute("ROLLBACK").await;
            let Some(i) = owner.get(index).copied().flatten() else {
                return Err(err.into());
            };
            if !self
                .should_retry(&err, &mut retry, run, i, true, observe)
                .await
            {
                return Err(self.gave_up(run.failed(i, err, 0, true), retry));
            }
        }
    }

    /// After statement `i` failed with `err`: whether to try again — when it timed out
    /// waiting for a lock and retries are left, after reporting and sleeping the backoff.
    async fn should_retry(
        &self,
        err: &DbError,
        retry: &mut u32,
        run: &Revision<'_>,
        i: usize,
        restarts_revision: bool,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> bool {
        if !is_lock_timeout(&err.to_string()) || *retry >= self.locks.retries() {
            return false;
        }
        *retry += 1;
        let delay = self.locks.delay(*retry);
        observe(Event::LockRetry {
            step: run.step,
            index: i,
            total: run.statements.len(),
            line: run.statements[i].line,
            statement: &run.statements[i].sql,
            retry: *retry,
            retries: self.locks.retries(),
            delay,
            restarts_revision,
        });
        tokio::time::sleep(delay).await;
        true
    }

    /// A statement's failure after `retries` retries: when it was a lock timeout, the
    /// message says that the runner gave up, and why.
    fn gave_up(&self, mut e: RunError, retries: u32) -> RunError {
        if let RunError::Statement { message, .. } = &mut e {
            if retries > 0 && is_lock_timeout(message) {
                *message = self.locks.gave_up(message, self.dialect());
            }
        }
        e
    }

    /// A revision in one transaction, a statement at a time: MySQL revisions of data
    /// statements only, SQLite table rebuilds (with the foreign-key check), and `--sql`.
    /// The timeouts are set `LOCAL` inside the transaction where DDL is transactional, else
    /// for the session around it (MySQL); a lock timeout runs the whole revision again.
    async fn run_transaction(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
        fk_check: bool,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<(), RunError> {
        let local = self.dialect().transactional_ddl();
        let session = match local {
            true => Vec::new(),
            false => self.locks.set_sql(self.dialect(), false),
        };
        for sql in &session {
            sink.exec(sql).await?;
        }
        let result = self
            .transaction_tries(sink, run, fk_check, local, observe)
            .await;
        if !session.is_empty() {
            for sql in self.locks.reset_sql(self.dialect()) {
                let _ = sink.exec(&sql).await;
            }
        }
        result
    }

    async fn transaction_tries(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
        fk_check: bool,
        local: bool,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<(), RunError> {
        let started = Instant::now();
        let mut retry = 0;
        'revision: loop {
            self.begin(sink, run.step).await?;
            if local {
                for sql in self.locks.set_sql(self.dialect(), true) {
                    sink.exec(&sql).await?;
                }
            }
            for i in 0..run.statements.len() {
                observe(run.statement_event(i));
                if let Err(err) = self.exec_statement(sink, run, i, true, observe).await {
                    let _ = sink.exec("ROLLBACK").await;
                    if self
                        .should_retry(&err, &mut retry, run, i, true, observe)
                        .await
                    {
                        continue 'revision;
                    }
                    return Err(self.gave_up(run.failed(i, err, 0, true), retry));
                }
            }
            break;
        }
        if fk_check {
            self.check_foreign_keys(sink, run).await?;
        }
        let history = self.version.history_sql(&HistoryEntry {
            duration_ms: started.elapsed().as_millis() as u64,
            ..run.history_entry()
        });
        self.close(sink, run, history).await
    }

    /// A revision that cannot be rolled back whole (DDL on MySQL, `transaction off`): a
    /// progress row records each statement before it runs (see `db::progress`), so that a
    /// crash or a failure says exactly where the revision stopped. `from` > 0 resumes an
    /// interrupted revision whose progress row is open.
    async fn run_tracked(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
        resume: Option<usize>,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<(), RunError> {
        let started = Instant::now();
        let progress = |done| Progress::of(run.step.direction, run.statements, done);
        let from = resume.unwrap_or(0).min(run.statements.len());
        match resume {
            Some(_) => {
                sink.exec(&self.version.progress_sql(&progress(from)))
                    .await?
            }
            None => self.claim(sink, run, &progress(0)).await?,
        }
        let settings = self.locks.set_sql(self.dialect(), false);
        for sql in &settings {
            sink.exec(sql).await?;
        }
        // A resumed revision runs in a new session: the settings its skipped statements
        // made (`SET SESSION foreign_key_checks = 0` before an in-place foreign key) first.
        for stmt in run.statements[..from]
            .iter()
            .filter(|s| is_session_setting(&s.sql))
        {
            sink.exec(&stmt.sql).await?;
        }
        let statements = self.tracked_statements(sink, run, from, observe).await;
        if !settings.is_empty() {
            for sql in self.locks.reset_sql(self.dialect()) {
                let _ = sink.exec(&sql).await;
            }
        }
        if let Err((i, err, retries)) = statements {
            let message = err.to_string();
            let mark = if i == 0 {
                // Nothing took effect: the row stays in the log, and does not block.
                self.version.progress_aborted_sql(&message)
            } else {
                self.version.progress_failed_sql(&progress(i), &message)
            };
            let _ = sink.exec(&mark).await;
            return Err(self.gave_up(run.failed(i, err, from, false), retries));
        }
        let history = self.version.progress_done_sql(
            run.step.direction,
            &run.checksum,
            &started.elapsed().as_millis().to_string(),
        );
        // The version update's row counts fence this transaction: no need to re-read.
        sink.exec(self.dialect().begin_sql()).await?;
        self.close(sink, run, history).await
    }

    /// The statements of a tracked revision from `from`, each retried by itself when it
    /// times out waiting for a lock. A statement that waits for older transactions to end
    /// (a concurrent index build) runs with the lock timeout lifted — unless the script
    /// sets the lock timeout itself. Fails with the statement's index, its error and the
    /// retries made.
    async fn tracked_statements(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
        from: usize,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<(), (usize, DbError, u32)> {
        let dialect = self.dialect();
        let progress = |done| Progress::of(run.step.direction, run.statements, done);
        let own_timeout = run.statements.iter().any(|s| sets_lock_timeout(&s.sql));
        for (i, stmt) in run.statements.iter().enumerate().skip(from) {
            let fail = |e: DbError| (i, e, 0);
            if i > from {
                sink.exec(&self.version.progress_sql(&progress(i)))
                    .await
                    .map_err(fail)?;
            }
            observe(run.statement_event(i));
            let lift = self
                .locks
                .lift_sql(dialect)
                .filter(|_| !own_timeout && waits_for_transactions(&stmt.sql));
            if let Some(lift) = lift {
                sink.exec(lift).await.map_err(fail)?;
            }
            let building = match sink {
                Sink::Database(_) if dialect.concurrent_ddl_outside_transaction() => {
                    invalid_index::concurrent_index(&stmt.sql)
                }
                _ => None,
            };
            if let Some(name) = &building {
                // Left by a build that was killed: the build below would fail on it, or
                // with IF NOT EXISTS keep it as it is.
                self.drop_invalid(sink, run, i, name, false, observe)
                    .await
                    .map_err(fail)?;
            }
            let mut retry = 0;
            loop {
                self.await_long_transactions(sink, run, i, observe)
                    .await
                    .map_err(fail)?;
                let Err(mut err) = self.exec_statement(sink, run, i, false, observe).await else {
                    break;
                };
                if let Some(name) = &building {
                    if let Ok(true) = self.drop_invalid(sink, run, i, name, true, observe).await {
                        err = DbError::Statement {
                            message: format!(
                                "{err}\nThe INVALID index {name} that the failed build left was \
                                 dropped (DROP INDEX CONCURRENTLY IF EXISTS): once the cause is \
                                 fixed (for a unique index, the duplicate rows), the build can run \
                                 again."
                            ),
                        };
                    }
                }
                if !self
                    .should_retry(&err, &mut retry, run, i, false, observe)
                    .await
                {
                    return Err((i, err, retry));
                }
            }
            if lift.is_some() {
                for sql in self.locks.set_sql(dialect, false) {
                    sink.exec(&sql).await.map_err(fail)?;
                }
            }
        }
        Ok(())
    }

    /// MySQL/MariaDB, live: before statement `i` takes a table's metadata lock, waits for
    /// the other sessions' transactions open at the first look and for any open longer
    /// than the lock timeout (see [`long_transactions`]), at most the lock-retry budget;
    /// a wait that lasts longer than the lock timeout, or is for a transaction older than
    /// it, is reported.
    async fn await_long_transactions(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
        i: usize,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<(), DbError> {
        let stmt = &run.statements[i];
        let (Sink::Database(db), Some(threshold)) = (sink, self.locks.locking.lock_timeout) else {
            return Ok(());
        };
        if self.dialect() != Dialect::Mysql || !long_transactions::takes_table_lock(&stmt.sql) {
            return Ok(());
        }
        let budget = self.locks.wait_budget();
        let start = Instant::now();
        let mut waiting = long_transactions::Waiting::default();
        let mut reported: Option<Instant> = None;
        loop {
            // Without the PROCESS privilege the status is refused: no wait then.
            let Ok(open) = long_transactions::open(db).await else {
                return Ok(());
            };
            let Some(blocker) = waiting.blocker(&open, threshold, Instant::now()) else {
                return Ok(());
            };
            let waited = start.elapsed();
            if waited >= budget {
                return Ok(());
            }
            let worth_saying = blocker.age > threshold || waited > threshold;
            if worth_saying && reported.is_none_or(|at| at.elapsed() >= Duration::from_secs(1)) {
                reported = Some(Instant::now());
                observe(Event::TransactionWait {
                    step: run.step,
                    index: i,
                    total: run.statements.len(),
                    line: stmt.line,
                    statement: &stmt.sql,
                    session: blocker.session,
                    age: blocker.age,
                    waited,
                    budget,
                });
            }
            tokio::time::sleep(long_transactions::POLL).await;
        }
    }

    /// Runs statement `i`; one marked `-- shale:repeat-until-zero` runs again until it
    /// changes no row (into `--sql`, as a loop where the dialect can write one).
    async fn exec_statement(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
        i: usize,
        in_transaction: bool,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<(), DbError> {
        let sql = run.statements[i].sql.as_str();
        if !run.repeats(i) {
            return sink.exec(sql).await;
        }
        let db = match sink {
            Sink::Database(db) => db,
            Sink::Script(_) => {
                return match repeat::replayable(self.dialect(), sql, in_transaction) {
                    Some(block) => sink.exec(&block).await,
                    None => {
                        sink.comment(repeat::BY_HAND);
                        sink.exec(sql).await
                    }
                };
            }
        };
        let mut passes = repeat::Passes::of(sql);
        loop {
            let rows = db.execute(sql).await?;
            if rows == 0 {
                return Ok(());
            }
            passes
                .record(rows)
                .map_err(|message| DbError::Statement { message })?;
            observe(Event::Repeated {
                step: run.step,
                index: i,
                total: run.statements.len(),
                line: run.statements[i].line,
                pass: passes.count,
                rows,
                rows_total: passes.rows,
            });
        }
    }

    /// Drops index `name` when it exists and is INVALID (see [`invalid_index`]), reporting
    /// it; whether it did.
    async fn drop_invalid(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
        i: usize,
        name: &str,
        after_failure: bool,
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<bool, DbError> {
        let Sink::Database(db) = sink else {
            return Ok(false);
        };
        if !invalid_index::is_invalid(db, name).await? {
            return Ok(false);
        }
        db.execute(&invalid_index::drop_sql(name)).await?;
        observe(Event::InvalidIndexDropped {
            step: run.step,
            index_name: name,
            after_failure,
            line: run.statements[i].line,
        });
        Ok(true)
    }

    /// Opens the progress row of a tracked revision. Live, it is written in a transaction
    /// that first checks (and locks) the heads, so that no two runs start the revision.
    async fn claim(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
        progress: &Progress,
    ) -> Result<(), RunError> {
        let start = self
            .version
            .progress_start_sql(&run.script.revision, &run.checksum, progress);
        match sink {
            Sink::Database(db) if self.verify_heads => {
                self.begin_on(db, run.step).await?;
                let claimed = db
                    .execute_many(&[start.as_str(), "COMMIT"])
                    .await
                    .map_err(|(_, e)| e);
                if let Err(e) = claimed {
                    let _ = db.execute("ROLLBACK").await;
                    return Err(e.into());
                }
                Ok(())
            }
            _ => Ok(sink.exec(&start).await?),
        }
    }

    /// Ends a revision whose transaction is open: the version update (fenced: each
    /// statement must touch exactly the rows planned), `history`, and `COMMIT`.
    async fn close(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
        history: String,
    ) -> Result<(), RunError> {
        let update = self.version_update(run.step);
        let Sink::Database(db) = sink else {
            for sql in update.iter().chain([&history, &"COMMIT".to_string()]) {
                sink.exec(sql).await?;
            }
            return Ok(());
        };
        let expected = self
            .version
            .update_rows(&run.step.heads_before, &run.step.heads_after);
        for (sql, want) in update.iter().zip(expected) {
            let found = match db.execute(sql).await {
                Ok(n) => n,
                Err(e) => {
                    let _ = db.execute("ROLLBACK").await;
                    return Err(e.into());
                }
            };
            if found != want {
                let _ = db.execute("ROLLBACK").await;
                return Err(RunError::VersionFence {
                    revision: run.script.revision.clone(),
                    table: self.version.name.clone(),
                    expected: run.step.heads_before.clone(),
                    statement: sql.clone(),
                    found,
                });
            }
        }
        let closed = db
            .execute_many(&[history.as_str(), "COMMIT"])
            .await
            .map_err(|(_, e)| e);
        if let Err(e) = closed {
            let _ = db.execute("ROLLBACK").await;
            return Err(e.into());
        }
        Ok(())
    }

    fn version_update(&self, step: &Step) -> Vec<String> {
        self.version
            .update_sql(&step.heads_before, &step.heads_after)
    }

    /// `PRAGMA foreign_key_check` after a rebuild: any row is a broken reference.
    async fn check_foreign_keys(
        &self,
        sink: &mut Sink<'_>,
        run: &Revision<'_>,
    ) -> Result<(), RunError> {
        const CHECK: &str = "PRAGMA foreign_key_check";
        let Sink::Database(db) = sink else {
            return sink.exec(CHECK).await.map_err(RunError::from);
        };
        let rows = db.query(CHECK).await?;
        if rows.is_empty() {
            return Ok(());
        }
        let _ = db.execute("ROLLBACK").await;
        let first: Vec<String> = rows[0]
            .iter()
            .map(|v| v.clone().unwrap_or_default())
            .collect();
        Err(RunError::Statement {
            revision: run.script.revision.clone(),
            direction: run.step.direction,
            path: run.script.path.clone(),
            line: 1,
            statement: CHECK.to_string(),
            message: format!(
                "{} row(s) break a foreign key after the table rebuild (table, rowid, parent, key: {})",
                rows.len(),
                first.join(", ")
            ),
            applied: Vec::new(),
            rolled_back: true,
            done: run.statements.len(),
            total: run.statements.len(),
        })
    }

    /// Starts a revision's transaction.
    async fn begin(&self, sink: &mut Sink<'_>, step: &Step) -> Result<(), RunError> {
        match sink {
            Sink::Database(db) => self.begin_on(db, step).await,
            Sink::Script(_) => Ok(sink.exec(self.dialect().begin_sql()).await?),
        }
    }

    /// Starts a revision's transaction on a live database. With `verify_heads` the heads
    /// are re-read inside it and locked until it ends (in the same round trip where the
    /// database allows several statements in one text), and a change since planning is
    /// reported as [`RunError::Moved`].
    async fn begin_on(&self, db: &mut Db, step: &Step) -> Result<(), RunError> {
        if !self.verify_heads {
            db.execute(self.dialect().begin_sql()).await?;
            return Ok(());
        }
        let read = if self.lock_rows {
            self.version.heads_sql_locked()
        } else {
            self.version.heads_sql()
        };
        let rows = if self.dialect().transactional_ddl() {
            db.query(&format!("{};\n{read}", self.dialect().begin_sql()))
                .await?
        } else {
            db.execute(self.dialect().begin_sql()).await?;
            db.query(&read).await?
        };
        let heads = VersionTable::heads_of(rows);
        if heads != step.heads_before {
            let _ = db.execute("ROLLBACK").await;
            return Err(RunError::Moved {
                heads,
                done: Vec::new(),
            });
        }
        Ok(())
    }
}

/// Whether `sql` changes a setting of the session (`SET SESSION …`), which a resumed
/// revision replays.
fn is_session_setting(sql: &str) -> bool {
    let words: Vec<String> = sql
        .split_whitespace()
        .take(2)
        .map(str::to_ascii_lowercase)
        .collect();
    words == ["set", "session"]
}

/// One revision being run: its step, script and the statements of the section that runs.
struct Revision<'a> {
    step: &'a Step,
    script: &'a Script,
    statements: &'a [Statement],
    /// The section's checksum, recorded in the history row.
    checksum: String,
    /// The lines of the statements marked `-- shale:repeat-until-zero`.
    repeated: std::collections::BTreeSet<usize>,
}

impl<'a> Revision<'a> {
    /// [`Event::Statement`] for statement `index`.
    fn statement_event(&self, index: usize) -> Event<'a> {
        Event::Statement {
            step: self.step,
            index,
            total: self.statements.len(),
            line: self.statements[index].line,
            statement: &self.statements[index].sql,
        }
    }

    /// Whether statement `i` is marked `-- shale:repeat-until-zero`.
    fn repeats(&self, i: usize) -> bool {
        self.repeated.contains(&self.statements[i].line)
    }

    /// The history entry of this revision (duration 0: the caller fills it in).
    fn history_entry(&self) -> HistoryEntry<'_> {
        HistoryEntry {
            revision: &self.script.revision,
            direction: self.step.direction.as_str(),
            checksum: Some(&self.checksum),
            duration_ms: 0,
            detail: None,
        }
    }

    /// [`RunError::Statement`] for statement `index`; statements `from..index` took
    /// effect unless `rolled_back`.
    fn failed(&self, index: usize, err: DbError, from: usize, rolled_back: bool) -> RunError {
        let stmt = &self.statements[index];
        let applied = if rolled_back {
            Vec::new()
        } else {
            self.statements[from..index]
                .iter()
                .map(|s| s.sql.clone())
                .collect()
        };
        RunError::Statement {
            revision: self.script.revision.clone(),
            direction: self.step.direction,
            path: self.script.path.clone(),
            line: stmt.line,
            statement: stmt.sql.clone(),
            message: err.to_string(),
            applied,
            rolled_back,
            done: index,
            total: self.statements.len(),
        }
    }
}
