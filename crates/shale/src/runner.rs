//! The runner: applies [`Step`]s, one revision at a time, to a [`Sink`].
//!
//! The same loop serves a live database and `--sql` (an offline script), so that what
//! `--sql` prints is what an upgrade runs: each transactional revision is `BEGIN`, its
//! statements, the version-table update and the history row, `COMMIT`. Live, on SQLite
//! and PostgreSQL, that sequence goes in two calls (on PostgreSQL two round trips) and the
//! database times the revision for the history row (`--sql` writes the client's measure,
//! 0 ms).

use crate::db::version::{HistoryEntry, VersionTable};
use crate::db::{Db, DbError};
use crate::dialect::Dialect;
use crate::graph::{Direction, Step};
use crate::script::{Script, Section, Statement};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

/// Where the runner sends SQL: a live connection, or a script being written.
pub enum Sink<'a> {
    Database(&'a mut Db),
    Script(&'a mut String),
}

impl Sink<'_> {
    async fn exec(&mut self, sql: &str) -> Result<(), DbError> {
        match self {
            Sink::Database(db) => db.execute(sql).await.map(|_| ()),
            Sink::Script(out) => {
                out.push_str(sql.trim_end());
                out.push_str(";\n");
                Ok(())
            }
        }
    }

    /// Runs statements that cannot fail for the script's sake (version-table updates,
    /// `COMMIT`) with [`Db::execute_many`]: one round trip on PostgreSQL.
    async fn exec_batch(&mut self, sql: &[String]) -> Result<(), DbError> {
        match self {
            Sink::Database(db) => {
                let sql: Vec<&str> = sql.iter().map(String::as_str).collect();
                db.execute_many(&sql).await.map_err(|(_, e)| e)
            }
            Sink::Script(_) => {
                for stmt in sql {
                    self.exec(stmt).await?;
                }
                Ok(())
            }
        }
    }

    fn comment(&mut self, text: &str) {
        if let Sink::Script(out) = self {
            out.push_str("\n-- ");
            out.push_str(text);
            out.push('\n');
        }
    }
}

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

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{path}:{line}: revision {revision} failed ({direction}) in statement\n    {statement}\n{message}{partial}", statement = crate::script::excerpt(statement),
        path = path.display(),
        partial = partial_note(applied, *rolled_back))]
    Statement {
        revision: String,
        direction: &'static str,
        path: PathBuf,
        line: usize,
        statement: String,
        message: String,
        /// Statements of this revision that had taken effect and were not rolled back.
        applied: Vec<String>,
        rolled_back: bool,
    },
    #[error("cannot downgrade past revision {revision} ({path}): it is marked `-- shale:irreversible`", path = path.display())]
    Irreversible { revision: String, path: PathBuf },
    #[error("revision {revision} is not among the loaded scripts")]
    MissingScript { revision: String },
    #[error(transparent)]
    Db(#[from] DbError),
    /// Another run moved the database while this one waited for the lock (SQLite): re-plan.
    /// `done` holds the steps this run applied before it saw the move.
    #[error("the database moved to {heads:?} while waiting for the write lock")]
    Moved {
        heads: Vec<String>,
        done: Vec<StepReport>,
    },
}

fn partial_note(applied: &[String], rolled_back: bool) -> String {
    if rolled_back {
        return "\nThe revision was rolled back: the database is still at the previous revision."
            .into();
    }
    if applied.is_empty() {
        return "\nNo statement of this revision had taken effect.".into();
    }
    let mut s = String::from(
        "\nThese statements of the revision had already taken effect (DDL is not transactional here):",
    );
    for stmt in applied {
        s.push_str("\n    ");
        s.push_str(&first_line(stmt, 100));
    }
    s.push_str(
        "\nThe revision is marked failed and runs will refuse until you fix the database by hand \
         and record the revision it is really at with `shale stamp REV`.",
    );
    s
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

/// Applies steps. Borrowed from a project: the scripts by revision id and the version table.
pub struct Runner<'a> {
    pub scripts: &'a HashMap<String, Script>,
    pub version: &'a VersionTable,
    /// Re-read the heads inside each revision's transaction (SQLite, where the write
    /// transaction is the lock) and report [`RunError::Moved`] when they changed.
    pub verify_heads: bool,
}

impl Runner<'_> {
    fn dialect(&self) -> Dialect {
        self.version.dialect
    }

    /// Runs `steps` in order, reporting progress to `observe`.
    pub async fn run(
        &self,
        sink: &mut Sink<'_>,
        steps: &[Step],
        observe: &mut (dyn FnMut(Event) + Send),
    ) -> Result<RunReport, RunError> {
        let mut report = RunReport::default();
        for (index, step) in steps.iter().enumerate() {
            let script =
                self.scripts
                    .get(&step.revision)
                    .ok_or_else(|| RunError::MissingScript {
                        revision: step.revision.clone(),
                    })?;
            observe(Event::Started {
                step,
                script,
                index,
                total: steps.len(),
            });
            let start = Instant::now();
            match self.run_step(sink, step, script, start).await {
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
                direction: direction_word(step.direction),
                duration_ms: duration.as_millis() as u64,
            });
            report.heads = step.heads_after.clone();
        }
        Ok(report)
    }

    async fn run_step(
        &self,
        sink: &mut Sink<'_>,
        step: &Step,
        script: &Script,
        start: Instant,
    ) -> Result<(), RunError> {
        let (section, direction) = match step.direction {
            Direction::Up => (&script.upgrade, "up"),
            Direction::Down => (&script.downgrade, "down"),
        };
        if step.direction == Direction::Down && section.is_irreversible() {
            return Err(RunError::Irreversible {
                revision: script.revision.clone(),
                path: script.path.clone(),
            });
        }
        sink.comment(&format!(
            "Running {} {} ({})",
            if direction == "up" {
                "upgrade"
            } else {
                "downgrade"
            },
            script.revision,
            script.message
        ));
        // SQLite ignores `PRAGMA foreign_keys` inside a transaction: a table rebuild turns
        // enforcement off around it, and checks the keys before committing.
        let fk_off = script.foreign_keys_off && self.dialect() == Dialect::Sqlite;
        if fk_off {
            sink.exec("PRAGMA foreign_keys = OFF").await?;
        }
        let result = self.run_body(sink, step, script, direction, start).await;
        if fk_off {
            sink.exec("PRAGMA foreign_keys = ON").await?;
        }
        result
    }

    async fn run_body(
        &self,
        sink: &mut Sink<'_>,
        step: &Step,
        script: &Script,
        direction: &'static str,
        start: Instant,
    ) -> Result<(), RunError> {
        let section = if direction == "up" {
            &script.upgrade
        } else {
            &script.downgrade
        };
        let transactional = script.transactional;
        if let Sink::Database(db) = sink {
            let fk_check = script.foreign_keys_off && self.dialect() == Dialect::Sqlite;
            if transactional && !fk_check && self.dialect() != Dialect::Mysql {
                return self.run_batched(db, step, script, section, direction).await;
            }
        }
        if transactional {
            self.begin(sink, step).await?;
        }
        self.run_statements(sink, script, section, direction)
            .await?;
        if script.foreign_keys_off && self.dialect() == Dialect::Sqlite {
            self.check_foreign_keys(sink, script, direction).await?;
        }
        let history = |entry: &HistoryEntry| {
            self.version.history_sql(&HistoryEntry {
                duration_ms: start.elapsed().as_millis() as u64,
                ..*entry
            })
        };
        let sql = self.closing_sql(step, script, section, direction, history);
        sink.exec_batch(&sql).await?;
        Ok(())
    }

    /// A transactional revision on SQLite or PostgreSQL in two calls (on PostgreSQL two
    /// round trips, most of a small revision's cost): `BEGIN` (with the heads re-read on
    /// SQLite), then its statements, the version update, the history row and `COMMIT` as
    /// one batch (the database times the revision for the history row). A failure
    /// anywhere rolls the whole revision back.
    async fn run_batched(
        &self,
        db: &mut Db,
        step: &Step,
        script: &Script,
        section: &Section,
        direction: &'static str,
    ) -> Result<(), RunError> {
        let started = SystemTime::now();
        self.begin_on(db, step).await?;
        let statements = section.statements();
        let closing = self.closing_sql(step, script, section, direction, |entry| {
            self.version.history_sql_timed(entry, started)
        });
        let batch: Vec<&str> = statements
            .iter()
            .map(|s| s.sql.as_str())
            .chain(closing.iter().map(String::as_str))
            .collect();
        let Err((index, err)) = db.execute_many(&batch).await else {
            return Ok(());
        };
        let _ = db.execute("ROLLBACK").await;
        match statements.get(index) {
            Some(stmt) => Err(statement_failed(
                script,
                direction,
                stmt,
                err,
                Vec::new(),
                true,
            )),
            None => Err(err.into()),
        }
    }

    /// The statements that end a revision: the version-table update, the history row
    /// (`history` writes it from the entry), and `COMMIT` for a transactional script.
    fn closing_sql(
        &self,
        step: &Step,
        script: &Script,
        section: &Section,
        direction: &'static str,
        history: impl FnOnce(&HistoryEntry) -> String,
    ) -> Vec<String> {
        let checksum = section.checksum();
        let mut sql = self
            .version
            .update_sql(&step.heads_before, &step.heads_after);
        sql.push(history(&HistoryEntry {
            revision: &script.revision,
            direction,
            checksum: Some(&checksum),
            duration_ms: 0,
            detail: None,
        }));
        if script.transactional {
            sql.push("COMMIT".to_string());
        }
        sql
    }

    /// `PRAGMA foreign_key_check` after a rebuild: any row is a broken reference.
    async fn check_foreign_keys(
        &self,
        sink: &mut Sink<'_>,
        script: &Script,
        direction: &'static str,
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
            revision: script.revision.clone(),
            direction,
            path: script.path.clone(),
            line: 1,
            statement: CHECK.to_string(),
            message: format!(
                "{} row(s) break a foreign key after the table rebuild (table, rowid, parent, key: {})",
                rows.len(),
                first.join(", ")
            ),
            applied: Vec::new(),
            rolled_back: true,
        })
    }

    fn begin_sql(&self) -> &'static str {
        match self.dialect() {
            // IMMEDIATE takes the write lock at BEGIN: concurrent runs queue here.
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            _ => "BEGIN",
        }
    }

    /// Starts a revision's transaction.
    async fn begin(&self, sink: &mut Sink<'_>, step: &Step) -> Result<(), RunError> {
        match sink {
            Sink::Database(db) => self.begin_on(db, step).await,
            Sink::Script(_) => Ok(sink.exec(self.begin_sql()).await?),
        }
    }

    /// Starts a revision's transaction on a live database. With `verify_heads` (SQLite,
    /// where the write transaction is the lock) the heads are re-read inside it, in the
    /// same round trip, and a change since planning is reported as [`RunError::Moved`].
    async fn begin_on(&self, db: &mut Db, step: &Step) -> Result<(), RunError> {
        if !self.verify_heads {
            db.execute(self.begin_sql()).await?;
            return Ok(());
        }
        let sql = format!("{};\n{}", self.begin_sql(), self.version.heads_sql());
        let heads = VersionTable::heads_of(db.query(&sql).await?);
        if heads != step.heads_before {
            let _ = db.execute("ROLLBACK").await;
            return Err(RunError::Moved {
                heads,
                done: Vec::new(),
            });
        }
        Ok(())
    }

    async fn run_statements(
        &self,
        sink: &mut Sink<'_>,
        script: &Script,
        section: &Section,
        direction: &'static str,
    ) -> Result<(), RunError> {
        let statements = section.statements();
        let mut applied = Vec::new();
        for stmt in &statements {
            let Err(err) = sink.exec(&stmt.sql).await else {
                applied.push(stmt.sql.clone());
                continue;
            };
            let rolled_back = script.transactional && self.dialect().transactional_ddl();
            if script.transactional {
                let _ = sink.exec("ROLLBACK").await;
            }
            if rolled_back {
                applied.clear();
            } else if !applied.is_empty() {
                self.record_failure(sink, script, &err).await;
            }
            return Err(statement_failed(
                script,
                direction,
                stmt,
                err,
                applied,
                rolled_back,
            ));
        }
        Ok(())
    }

    /// Marks a revision failed in the history log, so that the next run refuses.
    async fn record_failure(&self, sink: &mut Sink<'_>, script: &Script, err: &DbError) {
        let detail = err.to_string();
        let sql = self.version.history_sql(&HistoryEntry {
            revision: &script.revision,
            direction: "failed",
            checksum: None,
            duration_ms: 0,
            detail: Some(&detail),
        });
        let _ = sink.exec(&sql).await;
    }
}

/// [`RunError::Statement`] for `stmt` of `script`.
fn statement_failed(
    script: &Script,
    direction: &'static str,
    stmt: &Statement,
    err: DbError,
    applied: Vec<String>,
    rolled_back: bool,
) -> RunError {
    RunError::Statement {
        revision: script.revision.clone(),
        direction,
        path: script.path.clone(),
        line: stmt.line,
        statement: stmt.sql.clone(),
        message: err.to_string(),
        applied,
        rolled_back,
    }
}

fn direction_word(d: Direction) -> &'static str {
    match d {
        Direction::Up => "up",
        Direction::Down => "down",
    }
}
