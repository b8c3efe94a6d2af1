//! `shale revision --autogenerate`, `shale diff` and `shale check`: the models against the
//! live database.

use crate::args::RevisionArgs;
use crate::context::Context;
use shale::autogen::{compare, Comparison};
use shale::diff::{Diff, DiffOptions, SuspectedRename};
use shale::plan::Plan;
use shale::project::NewRevision;
use shale::{Error, Project, Result};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// `--rename TABLE.OLD=NEW` (a column) or `--rename OLD=NEW` (a table).
pub fn parse_renames(args: &[String]) -> Result<DiffOptions> {
    let mut opts = DiffOptions::default();
    for arg in args {
        let bad = || {
            Error::Usage(format!(
                "--rename takes TABLE.OLD=NEW or OLD_TABLE=NEW_TABLE; got `{arg}`"
            ))
        };
        let (left, new) = arg.split_once('=').ok_or_else(bad)?;
        if new.is_empty() || left.is_empty() {
            return Err(bad());
        }
        match left.split_once('.') {
            Some((table, old)) if !table.is_empty() && !old.is_empty() => {
                opts.renames
                    .push((table.to_string(), old.to_string(), new.to_string()));
            }
            Some(_) => return Err(bad()),
            None => opts.table_renames.push((left.to_string(), new.to_string())),
        }
    }
    Ok(opts)
}

/// The database to compare the models with. A SQLite file that does not exist is compared
/// as the empty database it stands for, without creating it.
pub fn read_url(ctx: &Context<'_>) -> Result<shale::url::DbUrl> {
    let (url, missing) = ctx.read_url()?;
    if let Some(path) = missing.filter(|_| !ctx.cli.quiet) {
        eprintln!("note: no database file at {path}: comparing with an empty database");
    }
    Ok(url)
}

/// Asks about each undeclared likely rename on a terminal; elsewhere, warns loudly.
/// Returns the renames confirmed and the warnings to write into the script.
fn settle_renames(
    cmp: &Comparison,
    extra: &mut DiffOptions,
    interactive: bool,
) -> (Diff, Vec<String>) {
    let mut diff = cmp.diff(extra);
    if interactive {
        let mut asked: Vec<SuspectedRename> = Vec::new();
        while let Some(s) = diff
            .suspected_renames
            .iter()
            .find(|s| !asked.contains(s))
            .cloned()
        {
            asked.push(s.clone());
            if ask(&s) {
                match s {
                    SuspectedRename::Column { table, from, to } => {
                        extra.renames.push((table, from, to))
                    }
                    SuspectedRename::Table { from, to } => extra.table_renames.push((from, to)),
                }
                diff = cmp.diff(extra);
            }
        }
    }
    let warnings: Vec<String> = diff
        .suspected_renames
        .iter()
        .map(SuspectedRename::message)
        .collect();
    for w in &warnings {
        eprintln!("WARNING: possible undeclared rename: {w}");
    }
    (diff, warnings)
}

/// The plan of `diff`, with the undeclared likely renames as its warnings (in the script
/// and in `shale diff`'s SQL, not only on stderr).
fn plan(cmp: &Comparison, diff: Diff, renames: &[String]) -> Plan {
    let mut plan = cmp.plan(diff);
    for rename in renames {
        plan.warn(format!("possible undeclared rename: {rename}"));
    }
    plan
}

fn ask(s: &SuspectedRename) -> bool {
    let question = match s {
        SuspectedRename::Column { table, from, to } => {
            format!("Is {table}.{from} renamed to {table}.{to}?")
        }
        SuspectedRename::Table { from, to } => format!("Is table {from} renamed to {to}?"),
    };
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    matches!(answer.trim(), "y" | "Y" | "yes")
}

/// Writes a revision filled from the diff between the models and the database.
pub async fn revision(
    ctx: &Context<'_>,
    args: &RevisionArgs,
    project: &Project,
) -> Result<ExitCode> {
    let mut extra = parse_renames(&args.rename)?;
    let url = read_url(ctx)?;
    let cmp = compare(project, &url, true).await?;
    let interactive =
        !ctx.cli.json && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let (diff, warnings) = settle_renames(&cmp, &mut extra, interactive);
    if diff.is_empty() {
        if ctx.cli.json {
            crate::output::json(&serde_json::json!({ "path": null, "changes": [] }));
        } else {
            outln!("No changes detected");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let descriptions: Vec<String> = diff.changes.iter().map(|c| c.describe()).collect();
    let generated = plan(&cmp, diff, &warnings).render();
    let parents = match args.head.as_deref() {
        None => None,
        Some(rev) => Some(vec![project.graph.resolve(rev)?.to_string()]),
    };
    let path = project.write_revision(&NewRevision {
        message: args.message.clone(),
        rev_id: args.rev_id.clone(),
        parents,
        upgrade: generated.upgrade_sql(),
        downgrade: generated.downgrade_sql(),
        transactional: true,
        foreign_keys_off: generated.foreign_keys_off,
    })?;
    if ctx.cli.json {
        crate::output::json(
            &serde_json::json!({ "path": path, "changes": descriptions, "warnings": warnings }),
        );
    } else {
        for d in &descriptions {
            outln!("Detected {d}");
        }
        outln!("Generated {}", path.display());
        outln!("Review it before applying: shale upgrade head");
    }
    Ok(ExitCode::SUCCESS)
}

/// `shale diff`: the SQL autogenerate would write, writing nothing.
pub async fn diff(ctx: &Context<'_>, renames: &[String]) -> Result<ExitCode> {
    let mut extra = parse_renames(renames)?;
    let project = ctx.project()?;
    let cmp = compare(project, &read_url(ctx)?, false).await?;
    let (diff, warnings) = settle_renames(&cmp, &mut extra, false);
    let descriptions: Vec<String> = diff.changes.iter().map(|c| c.describe()).collect();
    let generated = plan(&cmp, diff, &warnings).render();
    if ctx.cli.json {
        crate::output::json(&serde_json::json!({
            "changes": descriptions,
            "upgrade": generated.upgrade_sql(),
            "downgrade": generated.downgrade_sql(),
            "warnings": generated.warnings,
        }));
    } else if descriptions.is_empty() {
        outln!("No changes detected");
    } else {
        outln!(
            "-- upgrade\n{}\n-- downgrade\n{}",
            generated.upgrade_sql().trim_end(),
            generated.downgrade_sql().trim_end()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `shale check`: exit 1 when the models and the database differ.
pub async fn check(ctx: &Context<'_>) -> Result<ExitCode> {
    let project = ctx.project()?;
    let cmp = compare(project, &read_url(ctx)?, false).await?;
    let diff = cmp.diff(&DiffOptions::default());
    let descriptions: Vec<String> = diff.changes.iter().map(|c| c.describe()).collect();
    if ctx.cli.json {
        crate::output::json(
            &serde_json::json!({ "drift": !diff.is_empty(), "changes": descriptions }),
        );
    } else if diff.is_empty() {
        outln!("No changes detected: the database matches the models");
    } else {
        outln!(
            "The database differs from the models ({} change(s)):",
            descriptions.len()
        );
        for d in &descriptions {
            outln!("  - {d}");
        }
        outln!("Run `shale revision --autogenerate -m MESSAGE` to write a migration.");
    }
    Ok(if diff.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
