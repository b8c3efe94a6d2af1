//! `--targets [FILE]` on `upgrade`, `downgrade`, `current`, `status` and `check`: the same
//! command on a fleet of databases or schemas — the targets of a file, or of `[targets]`
//! in shale.toml. The work is the library's [`shale::fleet::Fleet`]; this prints its
//! progress, then a line per target (or a table) and a summary, or the `--json` report.

mod progress;

use crate::context::Context;
use progress::FleetProgress;
use shale::fleet::{self, Fleet, FleetOp, FleetOptions, FleetReport, FleetTarget, TargetReport};
use shale::{Error, Result};
use std::path::Path;
use std::process::ExitCode;

/// What `--targets` without a file stands for: the `[targets]` of shale.toml.
pub const FROM_CONFIG: &str = "[targets]";

/// The options of a command that only reads: every target is read, whatever fails.
pub fn read_only(jobs: usize) -> FleetOptions {
    FleetOptions {
        jobs,
        keep_going: true,
        ..FleetOptions::default()
    }
}

/// Runs `op` on every target of `file` ([`FROM_CONFIG`]: `[targets]` of shale.toml).
pub async fn run(
    ctx: &Context<'_>,
    op: FleetOp,
    file: &Path,
    options: FleetOptions,
) -> Result<ExitCode> {
    let project = ctx.project()?;
    let targets = targets(ctx, file).await?;
    if let Some(pinned) = ctx.config.dialect {
        if let Some(other) = targets.iter().find(|t| t.url.dialect() != pinned) {
            return Err(Error::Usage(format!(
                "{other} is a {} database, but this project is pinned to {}",
                other.url.dialect().name(),
                pinned.name()
            )));
        }
    }
    let options = FleetOptions {
        cancel: Some(ctx.cancel.clone()),
        ..options
    };
    let fleet = Fleet::new(project, targets).options(options);
    let quiet = ctx.cli.quiet || ctx.cli.json;
    let progress = FleetProgress::new(fleet.targets().len(), quiet, table(&op));
    let report = fleet.run(&op, &|event| progress.event(event));
    progress.finish();
    if ctx.cli.json {
        crate::output::json(&report);
    } else {
        if table(&op) {
            print_table(&op, &report);
        }
        outln!("{}", summary(&report));
    }
    if let Some(signal) = ctx.cancel.signal() {
        eprintln!(
            "Interrupted by signal {signal}: {} target(s) done, {} not started; run the same \
             command again to go on where each target is",
            report.ok + report.failed + report.differ,
            report.skipped
        );
        return Ok(ExitCode::from((128 + signal).clamp(0, 255) as u8));
    }
    Ok(if report.all_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The fleet's targets: the file's, or `[targets]` of shale.toml.
async fn targets(ctx: &Context<'_>, file: &Path) -> Result<Vec<FleetTarget>> {
    let targets = if file == Path::new(FROM_CONFIG) {
        let Some(config) = &ctx.config.targets else {
            return Err(Error::Usage(
                "--targets without a file needs a [targets] table in shale.toml \
                 (see docs/fleets.md)"
                    .to_string(),
            ));
        };
        let project_url = ctx.url_opt()?;
        config.resolve(project_url.as_ref()).await?
    } else {
        let text = std::fs::read_to_string(file).map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::NotFound {
                " (to use [targets] of shale.toml, put --targets after the revision)"
            } else {
                ""
            };
            Error::Usage(format!(
                "cannot read targets file {}: {e}{hint}",
                file.display()
            ))
        })?;
        fleet::parse_targets(&text).map_err(|e| Error::Usage(format!("{}: {e}", file.display())))?
    };
    if targets.is_empty() {
        let source = if file == Path::new(FROM_CONFIG) {
            "[targets]".to_string()
        } else {
            file.display().to_string()
        };
        return Err(Error::Usage(format!("{source} lists no database")));
    }
    Ok(targets)
}

/// Whether the operation's result is a table (read commands) rather than a line per
/// target as it finishes.
fn table(op: &FleetOp) -> bool {
    matches!(op, FleetOp::Current | FleetOp::Check | FleetOp::Drift)
}

/// The name of a target in lines and tables.
pub(crate) fn target_name(t: &TargetReport) -> String {
    match &t.schema {
        Some(schema) => format!("{} schema {schema}", t.database),
        None => t.database.clone(),
    }
}

fn heads_text(heads: &[String]) -> String {
    if heads.is_empty() {
        "base".to_string()
    } else {
        heads.join(" ")
    }
}

/// One target's line: outcome, target, what happened.
pub(crate) fn target_line(t: &TargetReport) -> String {
    let at = heads_text(&t.heads);
    let what = match (t.outcome, &t.error, t.pending) {
        (_, Some(error), _) => first_line(error),
        (_, None, Some(pending)) => format!("at {at}, {pending} pending"),
        _ => format!("{} revision(s), at {at}", t.steps),
    };
    format!(
        "{:<8} {}  {what} ({} ms)",
        t.outcome,
        target_name(t),
        t.duration_ms
    )
}

/// `current` and `check`: a row per target — target, revision(s), state — and for a
/// target that differs, its differences below it.
fn print_table(op: &FleetOp, report: &FleetReport) {
    let rows: Vec<[String; 3]> = report
        .targets
        .iter()
        .map(|t| {
            let state = match (t.outcome, &t.error, t.at_head, &t.changes) {
                ("skipped", ..) => "skipped".to_string(),
                (_, Some(error), ..) => format!("failed: {}", first_line(error)),
                (_, None, Some(true), _) => "at head".to_string(),
                (_, None, Some(false), _) => "not at head".to_string(),
                (_, None, _, Some(c)) if c.is_empty() => match op {
                    FleetOp::Drift => "matches its history".to_string(),
                    _ => "matches the models".to_string(),
                },
                (_, None, _, Some(c)) => format!("differs ({} change(s))", c.len()),
                _ => t.outcome.to_string(),
            };
            [target_name(t), heads_text(&t.heads), state]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].len()).max().unwrap_or(0);
    let (w0, w1) = (width(0).max(6), width(1).max(8));
    outln!("{:<w0$}  {:<w1$}  STATE", "TARGET", "REVISION");
    for (row, t) in rows.iter().zip(&report.targets) {
        outln!("{:<w0$}  {:<w1$}  {}", row[0], row[1], row[2]);
        for change in t.changes.iter().flatten() {
            outln!("    - {change}");
        }
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").to_string()
}

fn summary(r: &FleetReport) -> String {
    let differ = if r.differ > 0 {
        format!(", {} differ", r.differ)
    } else {
        String::new()
    };
    format!(
        "Fleet: {} target(s): {} ok, {} failed{differ}, {} skipped",
        r.targets.len(),
        r.ok,
        r.failed,
        r.skipped
    )
}
