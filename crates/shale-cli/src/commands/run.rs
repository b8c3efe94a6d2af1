//! `shale upgrade`, `shale downgrade` (online or `--sql`) and `shale stamp`.

use crate::args::RunArgs;
use crate::context::Context;
use crate::output::Progress;
use shale::graph::{Direction, Target};
use shale::migrator::{offline_sql, Resume};
use shale::{Error, Project, Result};
use std::process::ExitCode;

/// Applies revisions up to the target (default `head`).
pub async fn upgrade(ctx: &Context<'_>, args: &RunArgs) -> Result<ExitCode> {
    let target = args.target.as_deref().unwrap_or("head");
    run(ctx, Direction::Up, target, args).await
}

/// Reverts revisions down to the target.
pub async fn downgrade(ctx: &Context<'_>, args: &RunArgs) -> Result<ExitCode> {
    let Some(target) = args.target.as_deref() else {
        return Err(Error::Usage(
            "downgrade needs a target: -1, a revision, or base".to_string(),
        ));
    };
    run(ctx, Direction::Down, target, args).await
}

async fn run(ctx: &Context<'_>, dir: Direction, target: &str, args: &RunArgs) -> Result<ExitCode> {
    let project = ctx.project()?;
    if args.sql {
        out!("{}", sql_for(ctx, project, dir, target).await?);
        return Ok(ExitCode::SUCCESS);
    }
    if target.contains(':') {
        return Err(Error::Usage(format!(
            "a FROM:TO range (`{target}`) is only for --sql"
        )));
    }
    let target: Target = target.parse()?;
    if let Some(file) = &args.fleet.targets {
        let op = match dir {
            Direction::Up => shale::fleet::FleetOp::Upgrade(target),
            Direction::Down => shale::fleet::FleetOp::Downgrade(target),
        };
        let options = shale::fleet::FleetOptions {
            jobs: args.fleet.jobs,
            canary: args.canary,
            keep_going: args.keep_going,
            lock_timeout: args.lock_timeout,
            cancel: None,
        };
        return super::fleet::run(ctx, op, file, options).await;
    }
    let report = apply(ctx, project, dir, &target, args).await?;
    if ctx.cli.json {
        crate::output::json(&report);
    } else if report.steps.is_empty() {
        outln!(
            "Nothing to do: the database is already at {}",
            heads_text(&report.heads)
        );
    } else {
        outln!(
            "Done: {} revision(s) {}; the database is at {}",
            report.steps.len(),
            if dir == Direction::Up {
                "applied"
            } else {
                "reverted"
            },
            heads_text(&report.heads)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the revisions from the database's heads to `target`, printing progress.
pub async fn apply(
    ctx: &Context<'_>,
    project: &Project,
    dir: Direction,
    target: &Target,
    args: &RunArgs,
) -> Result<shale::runner::RunReport> {
    let mut migrator = ctx.migrator(project)?;
    migrator.set_lock_timeout(args.lock_timeout);
    let mut locking = project.config.locking;
    if let Some(n) = args.lock_retries {
        locking.lock_retries = n;
    }
    if let Some(t) = args.statement_timeout {
        locking.statement_timeout = Some(t);
    }
    migrator.set_locking(locking);
    let resume = match (args.resume, args.resume_from) {
        (_, Some(n)) => Some(Resume::From(n)),
        (true, None) => Some(Resume::Next),
        (false, None) => None,
    };
    let mut progress = Progress::new(crate::output::Detail::of(ctx.cli));
    let mut observe = |e: shale::runner::Event| progress.event(e);
    let report = match (dir, resume) {
        (dir, Some(resume)) => migrator.resume(dir, target, resume, &mut observe).await?,
        (Direction::Up, None) => migrator.upgrade(target, &mut observe).await?,
        (Direction::Down, None) => migrator.downgrade(target, &mut observe).await?,
    };
    drop(progress);
    Ok(report)
}

/// The `--sql` text: offline for a `FROM:TO` range, else from the database's heads.
async fn sql_for(
    ctx: &Context<'_>,
    project: &Project,
    dir: Direction,
    target: &str,
) -> Result<String> {
    if let Some((from, to)) = target.split_once(':') {
        let dialect = match ctx.config.dialect {
            Some(pinned) => pinned,
            None => ctx
                .url()
                .ok()
                .map_or(shale::dialect::Dialect::Sqlite, |u| u.dialect()),
        };
        let from: Target = if from.is_empty() {
            Target::Base
        } else {
            from.parse()?
        };
        let from_heads = project.graph.resolve_target(&[], &from)?;
        let to: Target = to.parse()?;
        return offline_sql(project, dialect, &from_heads, dir, &to).await;
    }
    let target: Target = target.parse()?;
    // Only reads the database: a SQLite file that does not exist is at base, not created.
    let (url, _) = ctx.read_url()?;
    let migrator = shale::Migrator::new(project, url);
    migrator
        .preview_sql(dir, &target)
        .await
        .map_err(|e| match e {
            Error::Db(db) => Error::Usage(format!(
                "{db}\nWith no database reachable, --sql needs a FROM:TO range, e.g. `base:head`."
            )),
            other => other,
        })
}

/// Records a revision in the version table without running scripts.
pub async fn stamp(ctx: &Context<'_>, target: &str) -> Result<ExitCode> {
    let project = ctx.project()?;
    let target: Target = target.parse()?;
    let heads = ctx.migrator(project)?.stamp(&target).await?;
    if ctx.cli.json {
        crate::output::json(&serde_json::json!({ "heads": heads }));
    } else {
        outln!("Stamped: the database is at {}", heads_text(&heads));
    }
    Ok(ExitCode::SUCCESS)
}

/// `base`, or the heads separated by spaces.
pub fn heads_text(heads: &[String]) -> String {
    if heads.is_empty() {
        "base".to_string()
    } else {
        heads.join(" ")
    }
}
