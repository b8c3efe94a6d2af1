//! The engine of a fleet run: a bounded number of workers, each a thread with a runtime of
//! its own (a SQLite statement blocks its thread, so async tasks on one thread would not
//! run side by side), taking the next target until none is left. A canary stage runs the
//! first targets alone and stops the fleet if any fails; after a failure the targets not
//! started yet are skipped unless `keep_going` is set.

use super::check::{self, Shared};
use super::targets::FleetTarget;
use super::{FleetEvent, FleetOp, FleetOptions, FleetReport, TargetReport};
use crate::db::Db;
use crate::migrator::Migrator;
use crate::project::Project;
use crate::runner::Event;
use crate::url::DbUrl;
use crate::{Error, Result};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Runs `op` on every target; `observe` hears each target start, each revision it starts,
/// and each target's report as it finishes.
pub(super) fn run(
    project: &Project,
    targets: &[FleetTarget],
    op: &FleetOp,
    options: &FleetOptions,
    observe: &(dyn Fn(FleetEvent<'_>) + Sync),
) -> FleetReport {
    let slots: Vec<Mutex<Option<TargetReport>>> =
        targets.iter().map(|_| Mutex::new(None)).collect();
    let stop = AtomicBool::new(false);
    let shared = Shared::default();
    let canary = options.canary.min(targets.len());
    for stage in [0..canary, canary..targets.len()] {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let work = Work {
            project,
            targets,
            op,
            options,
            slots: &slots,
            stop: &stop,
            shared: &shared,
            observe,
        };
        work.stage(stage.clone());
        // A failed canary stops the fleet even with keep_going.
        if stage.end == canary && canary > 0 && work.any_failed(stage) {
            stop.store(true, Ordering::SeqCst);
        }
    }
    let mut report = FleetReport::default();
    for (slot, target) in slots.into_iter().zip(targets) {
        let target = slot
            .into_inner()
            .ok()
            .flatten()
            .unwrap_or_else(|| TargetReport::new(target, "skipped"));
        match target.outcome {
            "ok" | "blocked" => report.ok += 1,
            "differs" => report.differ += 1,
            "skipped" => report.skipped += 1,
            _ => report.failed += 1,
        }
        report.targets.push(target);
    }
    report
}

/// One stage of a fleet run: the shared state its workers read and write.
struct Work<'a> {
    project: &'a Project,
    targets: &'a [FleetTarget],
    op: &'a FleetOp,
    options: &'a FleetOptions,
    slots: &'a [Mutex<Option<TargetReport>>],
    stop: &'a AtomicBool,
    shared: &'a Shared,
    observe: &'a (dyn Fn(FleetEvent<'_>) + Sync),
}

impl Work<'_> {
    /// Works through `range` with up to `jobs` threads.
    fn stage(&self, range: std::ops::Range<usize>) {
        let next = AtomicUsize::new(range.start);
        let workers = self.options.jobs.max(1).min(range.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| self.worker(&next, range.end));
            }
        });
    }

    fn worker(&self, next: &AtomicUsize, end: usize) {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            if i >= end || self.stopped() {
                return;
            }
            let target = &self.targets[i];
            (self.observe)(FleetEvent::Started { index: i, target });
            let report = runtime.block_on(self.one(i, target));
            if report.outcome == "failed" && !self.options.keep_going {
                self.stop.store(true, Ordering::SeqCst);
            }
            (self.observe)(FleetEvent::Finished {
                index: i,
                report: &report,
            });
            if let Ok(mut slot) = self.slots[i].lock() {
                *slot = Some(report);
            }
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
            || self
                .options
                .cancel
                .as_ref()
                .is_some_and(|c| c.signal().is_some())
    }

    fn any_failed(&self, range: std::ops::Range<usize>) -> bool {
        self.slots[range].iter().any(|slot| {
            slot.lock()
                .map(|s| s.as_ref().is_none_or(|r| r.outcome != "ok"))
                .unwrap_or(true)
        })
    }

    /// The operation on target `index`.
    async fn one(&self, index: usize, target: &FleetTarget) -> TargetReport {
        let start = Instant::now();
        let mut report = TargetReport::new(target, "ok");
        if let Err(e) = self.apply(index, target, &mut report).await {
            report.outcome = "failed";
            report.error = Some(e.to_string());
        }
        report.duration_ms = start.elapsed().as_millis() as u64;
        report
    }

    async fn apply(
        &self,
        index: usize,
        target: &FleetTarget,
        report: &mut TargetReport,
    ) -> Result<()> {
        let project = self.project;
        // A command that only reads never creates a SQLite file: a missing one is an
        // empty database at base, as for a single `shale current`.
        let reads = !matches!(self.op, FleetOp::Upgrade(_) | FleetOp::Downgrade(_));
        let missing;
        let target =
            if reads && target.url.sqlite_path().is_some() && target.url.sqlite_without_file() {
                missing = FleetTarget::database(DbUrl::parse("sqlite::memory:")?);
                &missing
            } else {
                target
            };
        let mut migrator = Migrator::new(project, target.url.clone());
        migrator.set_lock_timeout(self.options.lock_timeout);
        if let Some(cancel) = &self.options.cancel {
            migrator.set_cancel(cancel.clone());
        }
        let mut observe = |e: Event| {
            if let Event::Started { step, .. } = e {
                (self.observe)(FleetEvent::Revision {
                    index,
                    target,
                    revision: &step.revision,
                });
            }
        };
        match self.op {
            FleetOp::Upgrade(to) => {
                if let Some(schema) = &target.schema {
                    create_schema(target, schema).await?;
                }
                let run = migrator.upgrade(to, &mut observe).await?;
                report.steps = run.steps.len();
                report.heads = run.heads;
            }
            FleetOp::Downgrade(to) => {
                let run = migrator.downgrade(to, &mut observe).await?;
                report.steps = run.steps.len();
                report.heads = run.heads;
            }
            FleetOp::Status => {
                let status = migrator.status().await?;
                if status.is_blocked() {
                    report.outcome = "blocked";
                }
                report.pending = Some(status.pending.len());
                report.heads = status.current;
            }
            FleetOp::Current => {
                report.heads = migrator.current().await?;
                let mut heads: Vec<String> = project
                    .graph
                    .heads()
                    .iter()
                    .map(|h| h.to_string())
                    .collect();
                let mut at = report.heads.clone();
                heads.sort();
                at.sort();
                report.at_head = Some(at == heads);
            }
            FleetOp::Check | FleetOp::Drift => {
                report.heads = migrator.current().await?;
                let changes = match self.op {
                    FleetOp::Check => check::models(project, target, self.shared).await?,
                    _ => check::drift(project, target, self.shared).await?,
                };
                if !changes.is_empty() {
                    report.outcome = "differs";
                }
                report.changes = Some(changes);
            }
        }
        Ok(())
    }
}

/// `CREATE SCHEMA IF NOT EXISTS` for a schema target about to be upgraded: a new tenant
/// starts from base, as a new SQLite file does.
async fn create_schema(target: &FleetTarget, schema: &str) -> Result<()> {
    let mut db = Db::connect(target.base_url()).await?;
    let created = db
        .execute(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
        .await;
    db.close().await;
    created.map(|_| ()).map_err(Error::from)
}
