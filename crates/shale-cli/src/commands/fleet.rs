//! `--targets FILE` on `upgrade`, `downgrade` and `status`: the same command on a fleet of
//! databases, a line per target as it finishes and a summary.

use crate::context::Context;
use shale::fleet::{self, FleetOp, FleetOptions, FleetReport, TargetReport};
use shale::{Error, Result};
use std::path::Path;
use std::process::ExitCode;

/// Runs `op` on every database of the targets file.
pub fn run(ctx: &Context<'_>, op: FleetOp, file: &Path, options: FleetOptions) -> Result<ExitCode> {
    let project = ctx.project()?;
    let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    let targets = fleet::parse_targets(&text)
        .map_err(|e| Error::Usage(format!("{}: {e}", file.display())))?;
    if targets.is_empty() {
        return Err(Error::Usage(format!(
            "{} lists no database",
            file.display()
        )));
    }
    if let Some(pinned) = ctx.config.dialect {
        if let Some(other) = targets.iter().find(|u| u.dialect() != pinned) {
            return Err(Error::Usage(format!(
                "{other} in {} is a {} database, but this project is pinned to {}",
                file.display(),
                other.dialect().name(),
                pinned.name()
            )));
        }
    }
    let options = FleetOptions {
        cancel: Some(ctx.cancel.clone()),
        ..options
    };
    let quiet = ctx.cli.quiet || ctx.cli.json;
    let show = |t: &TargetReport| {
        if !quiet {
            eprintln!("{}", target_line(t));
        }
    };
    let report = fleet::run(project, &targets, &op, &options, &show);
    if ctx.cli.json {
        crate::output::json(&report);
    } else {
        outln!("{}", summary(&report));
    }
    if let Some(signal) = ctx.cancel.signal() {
        return Ok(ExitCode::from((128 + signal).clamp(0, 255) as u8));
    }
    Ok(if report.all_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// One target's line: outcome, database, what happened.
fn target_line(t: &TargetReport) -> String {
    let at = if t.heads.is_empty() {
        "base".to_string()
    } else {
        t.heads.join(" ")
    };
    let what = match (t.outcome, &t.error, t.pending) {
        (_, Some(error), _) => first_line(error),
        (_, None, Some(pending)) => format!("at {at}, {pending} pending"),
        _ => format!("{} revision(s), at {at}", t.steps),
    };
    format!(
        "{:<8} {}  {what} ({} ms)",
        t.outcome, t.database, t.duration_ms
    )
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").to_string()
}

fn summary(r: &FleetReport) -> String {
    format!(
        "Fleet: {} target(s): {} ok, {} failed, {} skipped",
        r.targets.len(),
        r.ok,
        r.failed,
        r.skipped
    )
}
