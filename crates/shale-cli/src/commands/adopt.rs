//! `shale baseline` and `shale squash`: adopting a live database, and replacing a range of
//! revisions by one.

use crate::args::{BaselineArgs, SquashArgs};
use crate::context::Context;
use shale::adopt::{self, BaselineOptions, SquashOptions};
use shale::url::DbUrl;
use shale::{Project, Result};
use std::process::ExitCode;

/// Writes the revision that creates the live database's schema, and stamps it there.
pub async fn baseline(ctx: &Context<'_>, args: &BaselineArgs) -> Result<ExitCode> {
    let project = ctx.project()?;
    let url = ctx.url()?;
    let options = BaselineOptions {
        message: args.message.clone(),
        rev_id: args.rev_id.clone(),
    };
    let report = adopt::baseline(project, &url, &options).await?;
    if ctx.cli.json {
        crate::output::json(&report);
    } else {
        for change in &report.changes {
            outln!("Detected {change}");
        }
        outln!("Generated {}", report.path.display());
        outln!(
            "Stamped: the database is at {} (nothing was run on it). Review the script: `shale upgrade head` on an empty database now builds this schema",
            report.revision
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the squashed revision of a range, or with `--finish` ends the active squashes.
pub async fn squash(ctx: &Context<'_>, args: &SquashArgs) -> Result<ExitCode> {
    let project = ctx.project()?;
    let url = ctx.url()?;
    if args.finish {
        return finish(ctx, project, &url).await;
    }
    let options = SquashOptions {
        range: args.range.clone().unwrap_or_default(),
        message: args.message.clone().unwrap_or_default(),
        rev_id: args.rev_id.clone(),
    };
    let report = adopt::squash(project, &url, &options).await?;
    if ctx.cli.json {
        crate::output::json(&report);
        return Ok(ExitCode::SUCCESS);
    }
    for w in &report.warnings {
        eprintln!("WARNING: {w}");
    }
    for change in &report.changes {
        outln!("Detected {change}");
    }
    outln!("Generated {}", report.path.display());
    outln!(
        "It replaces {} revision(s) ({}), from {}: a new database runs it instead; a database inside the range runs the originals to its end.",
        report.replaces.len(),
        report.replaces.join(" "),
        report.from.as_deref().unwrap_or("base")
    );
    outln!("Once every database is past the range: `shale squash --finish` deletes the replaced scripts");
    Ok(ExitCode::SUCCESS)
}

async fn finish(ctx: &Context<'_>, project: &Project, url: &DbUrl) -> Result<ExitCode> {
    let report = adopt::finish(project, url).await?;
    if ctx.cli.json {
        crate::output::json(&report);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(squash) = &report.restamped {
        outln!("The database was at the end of the range: stamped at {squash}");
    }
    for path in &report.rewired {
        outln!("Rewrote the header of {}", path.display());
    }
    for path in &report.deleted {
        outln!("Deleted {}", path.display());
    }
    outln!(
        "Finished {}: now ordinary revision(s)",
        report.squashes.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
