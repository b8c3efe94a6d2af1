//! Fleets: one history applied to many databases — a database (or schema) per tenant or
//! per shard.
//!
//! [`run`] takes the targets' URLs and an operation ([`FleetOp`]) and works through them
//! with a bounded number of workers, each a thread with a runtime of its own (a SQLite
//! statement blocks its thread, so async tasks on one thread would not run side by side).
//! A canary stage runs the first targets alone and stops the fleet if any fails; after a
//! failure the remaining targets are skipped unless `keep_going` is set. Every target keeps
//! its own version table and lock, so rerunning the same command after a crash or Ctrl-C
//! picks up where each target is: the run is resumable by construction.

use crate::cancel::Cancel;
use crate::graph::Target;
use crate::migrator::Migrator;
use crate::project::Project;
use crate::url::DbUrl;
use crate::Error;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What to do on each target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FleetOp {
    Upgrade(Target),
    Downgrade(Target),
    /// Read where each target stands (see [`crate::status::Status`]).
    Status,
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

/// What happened on one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetReport {
    /// The database, shown without its password.
    pub database: String,
    /// `ok`, `failed`, `blocked` (status: something stops the next run) or `skipped`.
    pub outcome: &'static str,
    /// Revisions applied or reverted on it by this run.
    pub steps: usize,
    /// Its heads afterwards (empty: base or unknown).
    pub heads: Vec<String>,
    /// Revisions still to apply (status).
    pub pending: Option<usize>,
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// What a fleet run did, target by target in the order given.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FleetReport {
    pub targets: Vec<TargetReport>,
    pub ok: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl FleetReport {
    /// Whether every target succeeded.
    pub fn all_ok(&self) -> bool {
        self.failed == 0 && self.skipped == 0
    }
}

/// Runs `op` on every target; `done` hears each target's report as it finishes.
pub fn run(
    project: &Project,
    targets: &[DbUrl],
    op: &FleetOp,
    options: &FleetOptions,
    done: &(dyn Fn(&TargetReport) + Sync),
) -> FleetReport {
    let slots: Vec<Mutex<Option<TargetReport>>> =
        targets.iter().map(|_| Mutex::new(None)).collect();
    let stop = AtomicBool::new(false);
    let canary = options.canary.min(targets.len());
    let stages = [0..canary, canary..targets.len()];
    for stage in stages {
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
            done,
        };
        work.stage(stage.clone());
        // A failed canary stops the fleet even with keep_going.
        if stage.end == canary && canary > 0 && work.any_failed(stage) {
            stop.store(true, Ordering::SeqCst);
        }
    }
    let mut report = FleetReport::default();
    for (slot, url) in slots.into_iter().zip(targets) {
        let target = slot
            .into_inner()
            .ok()
            .flatten()
            .unwrap_or_else(|| skipped(url));
        match target.outcome {
            "ok" | "blocked" => report.ok += 1,
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
    targets: &'a [DbUrl],
    op: &'a FleetOp,
    options: &'a FleetOptions,
    slots: &'a [Mutex<Option<TargetReport>>],
    stop: &'a AtomicBool,
    done: &'a (dyn Fn(&TargetReport) + Sync),
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
            let report = runtime.block_on(self.one(&self.targets[i]));
            if report.outcome == "failed" && !self.options.keep_going {
                self.stop.store(true, Ordering::SeqCst);
            }
            (self.done)(&report);
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

    /// The operation on one target.
    async fn one(&self, url: &DbUrl) -> TargetReport {
        let start = Instant::now();
        let mut migrator = Migrator::new(self.project, url.clone());
        migrator.set_lock_timeout(self.options.lock_timeout);
        if let Some(cancel) = &self.options.cancel {
            migrator.set_cancel(cancel.clone());
        }
        let mut report = TargetReport {
            database: url.to_string(),
            outcome: "ok",
            steps: 0,
            heads: Vec::new(),
            pending: None,
            error: None,
            duration_ms: 0,
        };
        let result: Result<(), Error> = match self.op {
            FleetOp::Upgrade(target) => migrator.upgrade(target, &mut |_| {}).await.map(|r| {
                report.steps = r.steps.len();
                report.heads = r.heads;
            }),
            FleetOp::Downgrade(target) => migrator.downgrade(target, &mut |_| {}).await.map(|r| {
                report.steps = r.steps.len();
                report.heads = r.heads;
            }),
            FleetOp::Status => migrator.status().await.map(|status| {
                if status.is_blocked() {
                    report.outcome = "blocked";
                }
                report.pending = Some(status.pending.len());
                report.heads = status.current;
            }),
        };
        if let Err(e) = result {
            report.outcome = "failed";
            report.error = Some(e.to_string());
        }
        report.duration_ms = start.elapsed().as_millis() as u64;
        report
    }
}

fn skipped(url: &DbUrl) -> TargetReport {
    TargetReport {
        database: url.to_string(),
        outcome: "skipped",
        steps: 0,
        heads: Vec::new(),
        pending: None,
        error: None,
        duration_ms: 0,
    }
}

/// Reads a targets file: one database URL per line; blank lines and `#` comments are
/// skipped. Errors name the line.
pub fn parse_targets(text: &str) -> Result<Vec<DbUrl>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with('#')
        })
        .map(|(i, line)| DbUrl::parse(line.trim()).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_files_skip_comments_and_name_bad_lines() {
        let urls = parse_targets("# tenants\nsqlite://a.db\n\n  sqlite://b.db  \n").unwrap();
        assert_eq!(urls.len(), 2);
        let err = parse_targets("sqlite://a.db\nnonsense\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
    }
}
