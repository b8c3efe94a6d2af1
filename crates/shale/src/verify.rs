//! `verify` and `check --drift`: the checks that need a scratch database.
//!
//! * [`verify`] — one command for CI: a single head (one per `[[sources]]` folder); no applied script edited; every
//!   revision upgrades and downgrades cleanly (the "stairway": from base, each revision
//!   up, down, up again, checking after each downgrade that the schema is the one before
//!   that upgrade); the models match head.
//! * [`drift`] — the live schema against the schema that replaying the history up to the
//!   database's current revision produces: manual changes made outside migrations.

use crate::autogen::desired_schema;
use crate::db::scratch::Scratch;
use crate::db::version::VersionTable;
use crate::db::Db;
use crate::diff::{self, Change, DiffOptions};
use crate::graph::{Direction, Step, Target};
use crate::lint::{self, LintContext, Severity};
use crate::project::Project;
use crate::runner::{Runner, Sink};
use crate::schema::Schema;
use crate::url::DbUrl;
use crate::{Migrator, Result};
use serde::Serialize;

/// One problem `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// A stable id: `multiple-heads`, `edited`, `upgrade-fails`, `downgrade-fails`,
    /// `downgrade-mismatch`, `reupgrade-fails`, `models-differ`.
    pub check: &'static str,
    /// The revision concerned, if one.
    pub revision: Option<String>,
    pub message: String,
}

/// What `verify` did and found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyReport {
    /// Revisions walked up, down and up again on the scratch database.
    pub revisions_checked: usize,
    pub models_checked: bool,
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    /// Whether every check passed.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What `verify` is doing, for progress output (the library never prints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyEvent<'a> {
    /// A check starts: `lint`, `edited scripts`, `stairway`, `models`.
    Check(&'a str),
    /// The stairway climbs revision `index` (from 0) of `total`.
    Revision {
        index: usize,
        total: usize,
        revision: &'a str,
    },
}

/// Runs the checks. `live` is the project's database, used only to find applied scripts
/// that were edited; `server` decides the dialect and where the scratch database lives
/// (SQLite: in memory). `observe` hears each check and each revision as it starts.
pub async fn verify(
    project: &Project,
    server: &DbUrl,
    live: Option<&DbUrl>,
    observe: &mut (dyn FnMut(VerifyEvent) + Send),
) -> Result<VerifyReport> {
    let mut report = VerifyReport::default();
    // With `[[sources]]`, each folder (the application's, each library's) is its own
    // branch: one head per folder.
    let all_heads = project.graph.heads();
    let mut by_folder: std::collections::BTreeMap<Option<&str>, Vec<&str>> = Default::default();
    for head in all_heads {
        let folder = project.source_of(head).map(|s| s.name.as_str());
        by_folder.entry(folder).or_default().push(head);
    }
    if let Some(heads) = by_folder.into_values().find(|heads| heads.len() > 1) {
        report.problems.push(Problem {
            check: "multiple-heads",
            revision: None,
            message: format!(
                "{} heads ({}): merge them with `shale merge -m MSG heads`",
                heads.len(),
                heads.join(", ")
            ),
        });
    }
    observe(VerifyEvent::Check("lint"));
    lint_errors(project, server, &mut report);
    if let Some(url) = live {
        observe(VerifyEvent::Check("edited scripts"));
        edited(project, url, &mut report).await?;
    }
    let dev = project.config.dev_url.as_ref();
    observe(VerifyEvent::Check("stairway"));
    let scratch = Scratch::create(server, dev).await?;
    let result = stairway(project, &scratch.url, &mut report, observe).await;
    let result = match result {
        Ok(true) if has_models(project) => {
            observe(VerifyEvent::Check("models"));
            models_match(project, server, &scratch.url, &mut report).await
        }
        other => other.map(|_| ()),
    };
    let dropped = scratch.drop().await;
    result?;
    dropped?;
    Ok(report)
}

/// Lint findings of error severity (offline: the scripts alone) fail verify.
fn lint_errors(project: &Project, server: &DbUrl, report: &mut VerifyReport) {
    let revisions = project.graph.topological();
    let findings = lint::lint(
        &project.lint_scripts(),
        &revisions,
        server.dialect(),
        &LintContext::default(),
    );
    for f in findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
    {
        report.problems.push(Problem {
            check: "lint",
            revision: Some(f.revision.clone()),
            message: format!(
                "{}:{}: [{}] {}",
                f.path.display(),
                f.line,
                f.rule,
                f.message
            ),
        });
    }
}

fn has_models(project: &Project) -> bool {
    project.config.models.declared()
}

async fn edited(project: &Project, url: &DbUrl, report: &mut VerifyReport) -> Result<()> {
    let migrator = Migrator::new(project, url.clone());
    let mut db = migrator.connect().await?;
    let version = VersionTable::new(&project.config.version_table, url.dialect());
    let heads = version.heads(&mut db).await?;
    let known: Vec<String> = heads
        .into_iter()
        .filter(|h| project.graph.get(h).is_some())
        .collect();
    let modified = migrator.modified(&mut db, &known).await;
    db.close().await;
    for rev in modified? {
        let path = project
            .script(&rev)
            .map(|s| s.path.display().to_string())
            .unwrap_or_default();
        report.problems.push(Problem {
            check: "edited",
            revision: Some(rev.clone()),
            message: format!("{path}: revision {rev} was changed after it was applied to {url}"),
        });
    }
    Ok(())
}

/// Walks every revision up, down and up again. Returns whether it reached head.
async fn stairway(
    project: &Project,
    url: &DbUrl,
    report: &mut VerifyReport,
    observe: &mut (dyn FnMut(VerifyEvent) + Send),
) -> Result<bool> {
    let mut db = Db::connect(url).await?;
    let version = VersionTable::new(&project.config.version_table, url.dialect());
    let result = async {
        version.ensure(&mut db).await?;
        let stairs = Stairs {
            project,
            runner: Runner::unfenced(project.scripts(), &version, crate::runner::LockRetry::off()),
            exclude: version_tables(project),
        };
        let mut heads: Vec<String> = Vec::new();
        let order = project.graph.topological();
        for (index, rev) in order.iter().copied().enumerate() {
            observe(VerifyEvent::Revision {
                index,
                total: order.len(),
                revision: rev,
            });
            let up = project
                .graph
                .upgrade_steps(&heads, &Target::Rev(rev.to_string()))?;
            let problems = stairs.climb(&mut db, rev, &up).await?;
            let stuck = problems.iter().any(|p| p.check.ends_with("-fails"));
            report.problems.extend(problems);
            if stuck {
                return Ok(false);
            }
            heads = up.last().map_or(heads, |s| s.heads_after.clone());
            report.revisions_checked += 1;
        }
        Ok(true)
    }
    .await;
    db.close().await;
    result
}

/// What one step of the stairway needs.
struct Stairs<'a> {
    project: &'a Project,
    runner: Runner<'a>,
    exclude: Vec<String>,
}

impl Stairs<'_> {
    /// Applies `up` (revision `rev`), and unless it is irreversible, reverts it, checks
    /// that the schema is the one before, and applies it again. A `*-fails` problem means
    /// the database is no longer where the walk expects it.
    async fn climb(&self, db: &mut Db, rev: &str, up: &[Step]) -> Result<Vec<Problem>> {
        let problem = |check, message: String| Problem {
            check,
            revision: Some(rev.to_string()),
            message,
        };
        let before = self.schema(db).await?;
        if let Err(e) = self.run(db, up).await {
            return Ok(vec![problem("upgrade-fails", e.to_string())]);
        }
        if self
            .project
            .script(rev)
            .is_some_and(|s| s.downgrade.is_irreversible())
        {
            return Ok(Vec::new());
        }
        let after = self.schema(db).await?;
        if let Err(e) = self.run(db, &reversed(up)).await {
            return Ok(vec![problem("downgrade-fails", e.to_string())]);
        }
        let mut problems = Vec::new();
        let opts = DiffOptions::for_dialect(db.dialect());
        let changes = diff::diff(&before, &self.schema(db).await?, &opts).changes;
        if !changes.is_empty() {
            let what = describe(&changes);
            problems.push(problem(
                "downgrade-mismatch",
                format!("downgrading {rev} does not restore the schema before it: {what}"),
            ));
        }
        if let Err(e) = self.run(db, up).await {
            problems.push(problem("reupgrade-fails", e.to_string()));
            return Ok(problems);
        }
        let again = self.schema(db).await?;
        if again != after {
            let what = describe(&diff::diff(&after, &again, &opts).changes);
            problems.push(problem(
                "reupgrade-mismatch",
                format!("upgrading {rev} a second time gives another schema: {what}"),
            ));
        }
        Ok(problems)
    }

    async fn run(&self, db: &mut Db, steps: &[Step]) -> Result<(), crate::runner::RunError> {
        self.runner
            .run(&mut Sink::Database(db), steps, &mut |_| {})
            .await
            .map(|_| ())
    }

    async fn schema(&self, db: &mut Db) -> Result<Schema> {
        let exclude: Vec<&str> = self.exclude.iter().map(String::as_str).collect();
        crate::autogen::inspect_project(&self.project.config, db, &exclude).await
    }
}

/// The downgrade steps that undo `up`, in reverse order.
fn reversed(up: &[Step]) -> Vec<Step> {
    up.iter()
        .rev()
        .map(|s| Step {
            revision: s.revision.clone(),
            direction: Direction::Down,
            heads_before: s.heads_after.clone(),
            heads_after: s.heads_before.clone(),
        })
        .collect()
}

async fn models_match(
    project: &Project,
    server: &DbUrl,
    scratch: &DbUrl,
    report: &mut VerifyReport,
) -> Result<()> {
    let (mut desired, declared) = desired_schema(&project.config, server).await?;
    let mut db = Db::connect(scratch).await?;
    let exclude = version_tables(project);
    let exclude: Vec<&str> = exclude.iter().map(String::as_str).collect();
    let at_head = crate::autogen::inspect_project(&project.config, &mut db, &exclude).await;
    db.close().await;
    let at_head = at_head?;
    crate::autogen::keep_unmanaged(&project.config, &at_head, &mut desired);
    let changes = diff::diff(&at_head, &desired, &declared).changes;
    report.models_checked = true;
    if !changes.is_empty() {
        report.problems.push(Problem {
            check: "models-differ",
            revision: None,
            message: format!(
                "the models differ from the schema at head: {}; run `shale revision --autogenerate`",
                describe(&changes)
            ),
        });
    }
    Ok(())
}

pub(crate) fn version_tables(project: &Project) -> Vec<String> {
    let v = &project.config.version_table;
    vec![v.clone(), format!("{v}_history")]
}

fn describe(changes: &[Change]) -> String {
    changes
        .iter()
        .map(Change::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The schema the history builds up to `heads`, replayed on a scratch database of
/// `server`'s (or `dev_url`'s) server, shale's own tables left out; the scratch database
/// is dropped whatever happens.
pub(crate) async fn replay_on_scratch(
    project: &Project,
    server: &DbUrl,
    heads: &[String],
) -> Result<Schema> {
    let exclude = version_tables(project);
    let exclude: Vec<&str> = exclude.iter().map(String::as_str).collect();
    let scratch = Scratch::create(server, project.config.dev_url.as_ref()).await?;
    let schema = replay(project, &scratch.url, heads, &exclude).await;
    let dropped = scratch.drop().await;
    let schema = schema?;
    dropped?;
    Ok(schema)
}

/// Manual changes: what differs between the schema the history produces up to the
/// database's current revision and the live schema, as the changes that would turn the
/// first into the second.
pub async fn drift(project: &Project, url: &DbUrl) -> Result<Vec<Change>> {
    let migrator = Migrator::new(project, url.clone());
    let current = migrator.current().await?;
    let exclude = version_tables(project);
    let exclude: Vec<&str> = exclude.iter().map(String::as_str).collect();
    let mut db = Db::connect(url).await?;
    let live = crate::autogen::inspect_project(&project.config, &mut db, &exclude).await;
    db.close().await;
    let mut live = live?;
    let mut replayed = replay_on_scratch(project, url, &current).await?;
    crate::autogen::drop_unmanaged(&project.config, &mut live);
    crate::autogen::drop_unmanaged(&project.config, &mut replayed);
    let opts = DiffOptions::for_dialect(url.dialect());
    Ok(diff::diff(&replayed, &live, &opts).changes)
}

/// Upgrades a scratch database from the heads `at` to `rev` with `runner`, leaving `at` at
/// the heads reached.
pub(crate) async fn climb(
    runner: &Runner<'_>,
    project: &Project,
    db: &mut Db,
    at: &mut Vec<String>,
    rev: &str,
) -> Result<()> {
    let steps = project
        .graph
        .upgrade_steps(at, &Target::Rev(rev.to_string()))?;
    runner
        .run(&mut Sink::Database(db), &steps, &mut |_| {})
        .await?;
    if let Some(last) = steps.last() {
        *at = last.heads_after.clone();
    }
    Ok(())
}

pub(crate) async fn replay(
    project: &Project,
    url: &DbUrl,
    heads: &[String],
    exclude: &[&str],
) -> Result<Schema> {
    let mut db = Db::connect(url).await?;
    let version = VersionTable::new(&project.config.version_table, url.dialect());
    let result = async {
        version.ensure(&mut db).await?;
        let runner = Runner::unfenced(project.scripts(), &version, crate::runner::LockRetry::off());
        let mut at: Vec<String> = Vec::new();
        for head in heads {
            climb(&runner, project, &mut db, &mut at, head).await?;
        }
        crate::autogen::inspect_project(&project.config, &mut db, exclude).await
    }
    .await;
    db.close().await;
    result
}
