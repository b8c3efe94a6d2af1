//! The operations on a database: upgrade, downgrade, stamp, current, history log, `--sql`.
//!
//! A [`Migrator`] pairs a loaded [`Project`] with a database: a URL, or an application's
//! pool (see [`Connector`]). Every operation that
//! writes takes the migration lock first (see [`crate::db::MigrationLock`]), reads the
//! heads under it, plans with the graph and hands the steps to the [`Runner`].

use crate::db::version::{HistoryEntry, HistoryRow, VersionTable};
use crate::db::{Connector, Db, MigrationLock};
use crate::dialect::Dialect;
use crate::graph::{Direction, GraphError, Step, Target};
use crate::project::Project;
use crate::runner::{Event, RunError, RunReport, Runner, Sink};
use crate::url::DbUrl;
use crate::{Error, Result};

/// A project bound to a database.
pub struct Migrator<'p> {
    project: &'p Project,
    connector: Connector,
    version: VersionTable,
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

    /// Opens a connection to the database.
    pub async fn connect(&self) -> Result<Db> {
        Ok(self.connector.connect().await?)
    }

    /// The revisions the database is at (its heads), checked against the scripts.
    pub async fn current(&self) -> Result<Vec<String>> {
        let mut db = self.connect().await?;
        let heads = self.version.heads(&mut db).await?;
        db.close().await;
        self.check_known(&heads)?;
        Ok(heads)
    }

    /// The history log of upgrades, downgrades, stamps and failures, oldest first.
    pub async fn log(&self) -> Result<Vec<HistoryRow>> {
        let mut db = self.connect().await?;
        let rows = self.version.history_rows(&mut db).await?;
        db.close().await;
        Ok(rows)
    }

    /// Applies scripts up to `target`.
    pub async fn upgrade(&self, target: &Target, observe: Observer<'_>) -> Result<RunReport> {
        self.run(Direction::Up, target, observe).await
    }

    /// Reverts scripts down to `target`.
    pub async fn downgrade(&self, target: &Target, observe: Observer<'_>) -> Result<RunReport> {
        self.run(Direction::Down, target, observe).await
    }

    async fn run(
        &self,
        dir: Direction,
        target: &Target,
        observe: Observer<'_>,
    ) -> Result<RunReport> {
        let mut db = self.connect().await?;
        let lock = self.lock().await?;
        let result = self.run_locked(&mut db, dir, target, observe).await;
        let released = lock.release().await;
        db.close().await;
        let report = result?;
        released?;
        Ok(report)
    }

    async fn lock(&self) -> Result<MigrationLock> {
        if !self.project.config.lock {
            return Ok(MigrationLock::none());
        }
        Ok(MigrationLock::acquire(&self.connector, &self.version.name).await?)
    }

    async fn run_locked(
        &self,
        db: &mut Db,
        dir: Direction,
        target: &Target,
        observe: Observer<'_>,
    ) -> Result<RunReport> {
        self.version.ensure(db).await?;
        if let Some(failed) = self.version.unresolved_failure(db).await? {
            return Err(Error::FailedRevision {
                revision: failed.revision,
                detail: failed.detail.unwrap_or_default(),
            });
        }
        let runner = Runner {
            scripts: self.project.scripts(),
            version: &self.version,
            verify_heads: self.dialect() == Dialect::Sqlite,
        };
        let mut done = RunReport::default();
        loop {
            let heads = self.version.read_heads(db).await?;
            self.check_known(&heads)?;
            if dir == Direction::Up {
                self.check_unmodified(db, &heads).await?;
            }
            let steps = self.plan(&heads, dir, target)?;
            if steps.is_empty() {
                done.heads = heads;
                return Ok(done);
            }
            match runner.run(&mut Sink::Database(db), &steps, observe).await {
                Ok(report) => {
                    done.steps.extend(report.steps);
                    done.heads = report.heads;
                    return Ok(done);
                }
                // Another process applied revisions while this one waited: plan again
                // from where the database is now. Steps already done stay done.
                Err(RunError::Moved { done: applied, .. }) => done.steps.extend(applied),
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn plan(&self, heads: &[String], dir: Direction, target: &Target) -> Result<Vec<Step>> {
        let graph = &self.project.graph;
        Ok(match dir {
            Direction::Up => graph.upgrade_steps(heads, target)?,
            Direction::Down => graph.downgrade_steps(heads, target)?,
        })
    }

    /// Every current head must be a known revision: a database at a revision that no script
    /// has is reported, never treated as base.
    fn check_known(&self, heads: &[String]) -> Result<()> {
        for head in heads {
            if self.project.graph.get(head).is_none() {
                return Err(GraphError::CurrentNotInGraph {
                    revision: head.clone(),
                }
                .into());
            }
        }
        Ok(())
    }

    /// Applied revisions whose upgrade section changed since they were applied.
    pub async fn modified(&self, db: &mut Db, heads: &[String]) -> Result<Vec<String>> {
        let sums = self.version.applied_checksums(db).await?;
        let refs: Vec<&str> = heads.iter().map(String::as_str).collect();
        let mut modified: Vec<String> = self
            .project
            .graph
            .ancestors_of(&refs)
            .into_iter()
            .filter_map(|rev| {
                let recorded = sums.get(rev)?;
                let script = self.project.script(rev)?;
                (script.upgrade.checksum() != *recorded).then(|| rev.to_string())
            })
            .collect();
        modified.sort();
        Ok(modified)
    }

    async fn check_unmodified(&self, db: &mut Db, heads: &[String]) -> Result<()> {
        if let Some(rev) = self.modified(db, heads).await?.into_iter().next() {
            let path = self
                .project
                .script(&rev)
                .map(|s| s.path.clone())
                .unwrap_or_default();
            return Err(Error::Modified {
                revision: rev,
                path,
            });
        }
        Ok(())
    }

    /// Records `target` in the version table without running any script.
    pub async fn stamp(&self, target: &Target) -> Result<Vec<String>> {
        let mut db = self.connect().await?;
        let lock = self.lock().await?;
        let result = self.stamp_locked(&mut db, target).await;
        let released = lock.release().await;
        db.close().await;
        let heads = result?;
        released?;
        Ok(heads)
    }

    async fn stamp_locked(&self, db: &mut Db, target: &Target) -> Result<Vec<String>> {
        self.version.ensure(db).await?;
        let before = self.version.read_heads(db).await?;
        // A failed revision or an unknown head is exactly what stamp repairs: plan from
        // the known part of the current heads.
        let known: Vec<String> = before
            .iter()
            .filter(|h| self.project.graph.get(h).is_some())
            .cloned()
            .collect();
        let after = self.project.graph.resolve_target(&known, target)?;
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
        Direction::Up => project.graph.upgrade_steps(from, target)?,
        Direction::Down => project.graph.downgrade_steps(from, target)?,
    };
    let mut out = String::new();
    if from.is_empty() && dir == Direction::Up {
        out.push_str("-- Create the version table and its history log\n");
        for sql in version.create_sql() {
            out.push_str(&sql);
            out.push_str(";\n");
        }
    }
    let runner = Runner {
        scripts: project.scripts(),
        version: &version,
        verify_heads: false,
    };
    runner
        .run(&mut Sink::Script(&mut out), &steps, &mut |_| {})
        .await?;
    Ok(out)
}
