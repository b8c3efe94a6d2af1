//! Fleets: one history applied to many databases — a database (or a PostgreSQL schema)
//! per tenant or per shard.
//!
//! * [`Fleet`] — the targets and how to work through them; [`Fleet::upgrade`],
//!   [`Fleet::run`] for any [`FleetOp`]. Services that migrate their tenants at start-up
//!   call it; the CLI's `--targets` is a thin layer over it.
//! * [`FleetTarget`] and [`TargetsConfig`] — where targets come from: a targets file, or
//!   `[targets]` in shale.toml (URLs, schemas of one database, a query).
//! * [`FleetReport`] — what happened on each target, with stable keys for `--json`.
//!
//! Every target keeps its own version table and lock (on PostgreSQL, an advisory lock
//! keyed by the schema too), so rerunning the same operation after a crash or Ctrl-C
//! picks up where each target is: a fleet run is resumable by construction.

mod check;
mod run;
mod targets;

pub use targets::{parse_targets, FleetTarget, TargetsConfig, PLACEHOLDER};

use crate::cancel::Cancel;
use crate::graph::Target;
use crate::project::Project;
use crate::url::DbUrl;
use crate::Result;
use serde::Serialize;
use std::time::Duration;

/// What to do on each target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FleetOp {
    Upgrade(Target),
    Downgrade(Target),
    /// Read where each target stands (see [`crate::status::Status`]).
    Status,
    /// Read each target's revision(s) and whether they are the project's heads.
    Current,
    /// Compare each target with the models (`check`).
    Check,
    /// Compare each target with what its own history produces (`check --drift`).
    Drift,
}

/// How a fleet run proceeds.
#[derive(Debug, Clone)]
pub struct FleetOptions {
    /// Targets worked on at once (at least 1).
    pub jobs: usize,
    /// Run the first `canary` targets first; any failure among them skips the rest.
    pub canary: usize,
    /// Go on after a failure (default: skip the targets not started yet).
    pub keep_going: bool,
    pub lock_timeout: Option<Duration>,
    /// Ctrl-C: targets under way stop cleanly, the rest are skipped.
    pub cancel: Option<Cancel>,
}

impl Default for FleetOptions {
    fn default() -> Self {
        FleetOptions {
            jobs: 1,
            canary: 0,
            keep_going: false,
            lock_timeout: None,
            cancel: None,
        }
    }
}

/// What a fleet run tells its observer as it goes (from its worker threads).
#[derive(Debug, Clone, Copy)]
pub enum FleetEvent<'a> {
    /// Target `index` (in the order given) is being worked on.
    Started {
        index: usize,
        target: &'a FleetTarget,
    },
    /// A revision starts on target `index`.
    Revision {
        index: usize,
        target: &'a FleetTarget,
        revision: &'a str,
    },
    /// Target `index` is done.
    Finished {
        index: usize,
        report: &'a TargetReport,
    },
}

/// What happened on one target. Its keys are the `--json` report's, and stay stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetReport {
    /// The database, shown without its password.
    pub database: String,
    /// The PostgreSQL schema, for a schema target.
    pub schema: Option<String>,
    /// `ok`, `failed`, `blocked` (status: something stops the next run), `differs`
    /// (check: the target differs from the models or its history) or `skipped`.
    pub outcome: &'static str,
    /// Revisions applied or reverted on it by this run.
    pub steps: usize,
    /// Its heads afterwards (empty: base or unknown).
    pub heads: Vec<String>,
    /// Revisions still to apply (status).
    pub pending: Option<usize>,
    /// Whether its heads are the project's (current).
    pub at_head: Option<bool>,
    /// What differs (check): the changes from the target to the models or its history.
    pub changes: Option<Vec<String>>,
    pub error: Option<String>,
    pub duration_ms: u64,
}

impl TargetReport {
    fn new(target: &FleetTarget, outcome: &'static str) -> TargetReport {
        TargetReport {
            database: target.base_url().to_string(),
            schema: target.schema.clone(),
            outcome,
            steps: 0,
            heads: Vec::new(),
            pending: None,
            at_head: None,
            changes: None,
            error: None,
            duration_ms: 0,
        }
    }
}

/// What a fleet run did, target by target in the order given.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FleetReport {
    pub targets: Vec<TargetReport>,
    pub ok: usize,
    pub failed: usize,
    /// Targets that differ (check).
    pub differ: usize,
    pub skipped: usize,
}

impl FleetReport {
    /// Whether every target succeeded (and, for a check, matched).
    pub fn all_ok(&self) -> bool {
        self.failed == 0 && self.skipped == 0 && self.differ == 0
    }
}

/// A fleet: one project's history and the databases it is applied to.
///
/// The operations block the calling thread until every target is done; they run the
/// targets on threads of their own (`jobs` at a time). From async code, call them before
/// the runtime starts serving, or inside `tokio::task::spawn_blocking` /
/// `block_in_place`.
///
/// ```
/// use shale::fleet::{Fleet, FleetTarget};
/// use shale::url::DbUrl;
///
/// let dir = tempfile::tempdir()?;
/// let project = shale::embed_migrations!("tests/embedded").project()?;
/// // A SQLite database per tenant; PostgreSQL schemas would be
/// // `FleetTarget::named("postgres://…/app", "acme")`.
/// let tenants: Vec<FleetTarget> = ["acme", "globex", "initech"]
///     .iter()
///     .map(|t| FleetTarget::named(&format!("sqlite://{}/{{schema}}.db", dir.path().display()), t))
///     .collect::<Result<_, _>>()?;
///
/// let fleet = Fleet::new(&project, tenants).jobs(2);
/// let report = fleet.upgrade();
/// assert!(report.all_ok());
/// assert!(report.targets.iter().all(|t| t.steps == 2));
/// // Run again (a restart): every tenant is already at head.
/// assert!(fleet.upgrade().targets.iter().all(|t| t.steps == 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Fleet<'p> {
    project: &'p Project,
    targets: Vec<FleetTarget>,
    options: FleetOptions,
}

impl<'p> Fleet<'p> {
    /// A fleet of `targets`, worked on one at a time until [`Fleet::jobs`] says otherwise.
    pub fn new(project: &'p Project, targets: impl IntoIterator<Item = FleetTarget>) -> Self {
        Fleet {
            project,
            targets: targets.into_iter().collect(),
            options: FleetOptions::default(),
        }
    }

    /// The fleet `[targets]` in the project's shale.toml names; `project_url` is the
    /// project's own database, where a `query` runs. `None` when there is no `[targets]`.
    pub async fn from_config(
        project: &'p Project,
        project_url: Option<&DbUrl>,
    ) -> Result<Option<Fleet<'p>>> {
        let Some(config) = &project.config.targets else {
            return Ok(None);
        };
        let targets = config.resolve(project_url).await?;
        Ok(Some(Fleet::new(project, targets)))
    }

    /// All the options at once.
    pub fn options(mut self, options: FleetOptions) -> Self {
        self.options = options;
        self
    }

    /// Work on up to `jobs` targets at once.
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.options.jobs = jobs.max(1);
        self
    }

    /// Run the first `canary` targets first, and stop if any of them fails.
    pub fn canary(mut self, canary: usize) -> Self {
        self.options.canary = canary;
        self
    }

    /// Go on with the other targets after a failure.
    pub fn keep_going(mut self, keep_going: bool) -> Self {
        self.options.keep_going = keep_going;
        self
    }

    /// Stop cleanly when `cancel` fires: targets under way stop, the rest are skipped.
    pub fn cancel(mut self, cancel: Cancel) -> Self {
        self.options.cancel = Some(cancel);
        self
    }

    /// The targets, in the order they are worked on.
    pub fn targets(&self) -> &[FleetTarget] {
        &self.targets
    }

    /// Upgrades every target to head.
    pub fn upgrade(&self) -> FleetReport {
        self.run(&FleetOp::Upgrade(Target::Head), &|_| {})
    }

    /// Runs `op` on every target; `observe` hears each target start, each revision it
    /// starts and each target's report (from the worker threads, as they happen).
    pub fn run(&self, op: &FleetOp, observe: &(dyn Fn(FleetEvent<'_>) + Sync)) -> FleetReport {
        run::run(self.project, &self.targets, op, &self.options, observe)
    }
}
