//! `shale revision --autogenerate`, `shale diff` and `shale check`: the models against the
//! live database.

use crate::args::RevisionArgs;
use crate::context::Context;
use shale::autogen::{compare, online_options, Comparison};
use shale::diff::{Diff, DiffOptions, SuspectedRename};
use shale::plan::Plan;
use shale::project::NewRevision;
use shale::{Error, Project, Result};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// `--rename TABLE.OLD=NEW` (a column; TABLE may be `schema.table`), `--rename OLD=NEW`
/// (a table) or `--rename SCHEMA.OLD=SCHEMA.NEW` (a PostgreSQL table, also moved between
/// schemas: a qualified new name makes it a table).
pub fn parse_renames(args: &[String]) -> Result<DiffOptions> {
    let mut opts = DiffOptions::default();
    for arg in args {
        let bad = || {
            Error::Usage(format!(
                "--rename takes TABLE.OLD=NEW (a column; TABLE may be SCHEMA.TABLE), \
                 OLD_TABLE=NEW_TABLE, or SCHEMA.OLD_TABLE=SCHEMA.NEW_TABLE; got `{arg}`"
            ))
        };
        let (left, new) = arg.split_once('=').ok_or_else(bad)?;
        let empty_part = |name: &str| name.split('.').any(str::is_empty);
        if empty_part(left) || empty_part(new) {
            return Err(bad());
        }
        let column = (!new.contains('.'))
            .then(|| left.rsplit_once('.'))
            .flatten();
        match column {
            Some((table, old)) => {
                opts.renames
                    .push((table.to_string(), old.to_string(), new.to_string()));
            }
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
    for w in &diff.warnings {
        eprintln!("WARNING: {w}");
    }
    warn_unmodelled(cmp);
    (diff, warnings)
}

/// Shows the model statements that shale applies but does not compare.
fn warn_unmodelled(cmp: &Comparison) {
    for w in &cmp.warnings {
        eprintln!("WARNING: {w}");
    }
}

/// The plan of `diff`, with the undeclared likely renames as its warnings (in the script
/// and in `shale diff`'s SQL, not only on stderr), lock-safe unless the project or
/// `--no-online` says plain.
fn plan(project: &Project, cmp: Comparison, diff: Diff, renames: &[String], plain: bool) -> Plan {
    let online = online_options(&project.config, cmp.dialect, plain);
    let order = diff.warnings.clone();
    let unmodelled = cmp.warnings.clone();
    let mut plan = cmp.into_plan(diff, online);
    for w in order {
        plan.warn(w);
    }
    for rename in renames {
        plan.warn(format!("possible undeclared rename: {rename}"));
    }
    for w in unmodelled {
        plan.warn(w);
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
            crate::output::json(&GeneratedJson {
                path: None,
                paths: &[],
                changes: &[],
                warnings: &[],
            });
        } else {
            outln!("No changes detected");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let descriptions: Vec<String> = diff.changes.iter().map(|c| c.describe()).collect();
    let plan = plan(project, cmp, diff, &warnings, args.no_online);
    let (parts, messages, expansion) = revisions_of(&plan, &args.message, args.expand)?;
    let mut parents = super::revision::head_parents(project, args.head.as_deref())?;
    let mut paths = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let generated = part.render();
        let path = project.write_revision(&NewRevision {
            message: messages[i].clone(),
            rev_id: if i == 0 { args.rev_id.clone() } else { None },
            parents: parents.clone(),
            upgrade: generated.upgrade_sql(),
            downgrade: generated.downgrade_sql(),
            transactional: generated.transactional,
            foreign_keys_off: generated.foreign_keys_off,
            branch_labels: if i == 0 {
                args.branch_label.clone()
            } else {
                Vec::new()
            },
            depends_on: if i == 0 {
                args.depends_on.clone()
            } else {
                Vec::new()
            },
            source: None,
        })?;
        super::hooks::post_write(&project.config, &path)?;
        // The next part revises this one.
        parents = Some(vec![shale::script::load_file(&path)?.revision]);
        paths.push(path);
    }
    if ctx.cli.json {
        crate::output::json(&GeneratedJson {
            path: Some(&paths[0]),
            paths: &paths,
            changes: &descriptions,
            warnings: &warnings,
        });
    } else {
        for d in &descriptions {
            outln!("Detected {d}");
        }
        for path in &paths {
            outln!("Generated {}", path.display());
        }
        if let Some(expansion) = &expansion {
            explain_expand(expansion, &paths);
        } else if paths.len() > 1 {
            outln!(
                "The lock-safe form needs statements outside a transaction: the second revision \
                 runs them one at a time (-- shale:transaction off)"
            );
        }
        outln!("Review it before applying: shale upgrade head");
    }
    Ok(ExitCode::SUCCESS)
}

/// The revisions to write for `plan` and their messages: with `--expand` and a change that
/// breaks running code, the expand revision then the contract revision(s).
fn revisions_of(
    plan: &Plan,
    message: &str,
    expand: bool,
) -> Result<(Vec<Plan>, Vec<String>, Option<shale::plan::Expansion>)> {
    let expansion = match expand {
        true => plan.expand().map_err(|e| Error::Usage(e.to_string()))?,
        false => None,
    };
    if expand && expansion.is_none() && !plan.is_empty() {
        eprintln!(
            "note: --expand: no column is renamed or changes type, so nothing breaks running \
             code; writing the plan as usual"
        );
    }
    let Some(expansion) = expansion else {
        let parts = plan.parts();
        let messages = (0..parts.len())
            .map(|i| part_message(message, i, parts.len(), parts[i].transactional))
            .collect();
        return Ok((parts, messages, None));
    };
    let parts = expansion.revisions();
    let contracts = parts.len() - 1;
    let mut messages = vec![format!("{message} (expand)")];
    for (i, part) in parts[1..].iter().enumerate() {
        messages.push(match (contracts, part.transactional) {
            (1, _) => format!("{message} (contract)"),
            (_, true) => format!("{message} (contract {}/{contracts})", i + 1),
            (_, false) => format!(
                "{message} (contract {}/{contracts}, outside a transaction)",
                i + 1
            ),
        });
    }
    Ok((parts, messages, Some(expansion)))
}

/// The deploy order of an expand/contract pair of revisions.
fn explain_expand(expansion: &shale::plan::Expansion, paths: &[std::path::PathBuf]) {
    outln!("Expand/contract for {}:", expansion.synced.join(", "));
    outln!("  expand:   {}", paths[0].display());
    for path in &paths[1..] {
        outln!("  contract: {}", path.display());
    }
    outln!("Deploy in this order:");
    outln!("  1. shale upgrade {}   (the expand: old code keeps working; triggers keep both columns equal)", short(&paths[0]));
    outln!("  2. roll out the new release of the application (old and new run side by side)");
    outln!("  3. once no old release runs: shale upgrade head   (the contract drops the old column and the triggers)");
}

/// The revision id of a written revision file, for the messages.
fn short(path: &std::path::Path) -> String {
    shale::script::load_file(path)
        .map(|s| s.revision.to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

/// The message of part `i` of `count`: the message itself for a plan of one part.
fn part_message(message: &str, i: usize, count: usize, transactional: bool) -> String {
    match (count, transactional) {
        (1, _) => message.to_string(),
        (_, true) => format!("{message} ({}/{count})", i + 1),
        (_, false) => format!("{message} ({}/{count}, outside a transaction)", i + 1),
    }
}

/// `shale diff`: the SQL autogenerate would write, writing nothing. A plan written as
/// several revisions shows each, in order.
pub async fn diff(ctx: &Context<'_>, renames: &[String], plain: bool) -> Result<ExitCode> {
    let mut extra = parse_renames(renames)?;
    let project = ctx.project()?;
    let cmp = compare(project, &read_url(ctx)?, false).await?;
    let (diff, warnings) = settle_renames(&cmp, &mut extra, false);
    let descriptions: Vec<String> = diff.changes.iter().map(|c| c.describe()).collect();
    let unmodelled = cmp.warnings.clone();
    let parts: Vec<_> = plan(project, cmp, diff, &warnings, plain)
        .into_parts()
        .iter()
        .map(Plan::render)
        .collect();
    if ctx.cli.json {
        let upgrade: String = parts.iter().map(|p| p.upgrade_sql()).collect();
        let downgrade: String = parts.iter().rev().map(|p| p.downgrade_sql()).collect();
        let revisions: Vec<DiffRevision> = parts
            .iter()
            .map(|p| DiffRevision {
                transactional: p.transactional,
                upgrade: p.upgrade_sql(),
                downgrade: p.downgrade_sql(),
            })
            .collect();
        crate::output::json(&DiffJson {
            changes: &descriptions,
            upgrade,
            downgrade,
            revisions,
            warnings: &warnings,
            unmodelled: &unmodelled,
        });
    } else if descriptions.is_empty() {
        outln!("No changes detected");
    } else {
        for (i, part) in parts.iter().enumerate() {
            if parts.len() > 1 {
                let how = match part.transactional {
                    true => "in a transaction",
                    false => "-- shale:transaction off",
                };
                outln!("-- revision {} of {} ({how})", i + 1, parts.len());
            }
            outln!(
                "-- upgrade\n{}\n-- downgrade\n{}",
                part.upgrade_sql().trim_end(),
                part.downgrade_sql().trim_end()
            );
        }
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
        crate::output::json(&CheckJson {
            drift: !diff.is_empty(),
            changes: &descriptions,
            unmodelled: &cmp.warnings,
        });
    } else if diff.is_empty() {
        warn_unmodelled(&cmp);
        if cmp.warnings.is_empty() {
            outln!("No changes detected: the database matches the models");
        } else {
            outln!(
                "No changes detected in what shale compares; {} statement(s) of the models are \
                 not compared (warnings above)",
                cmp.warnings.len()
            );
        }
    } else {
        warn_unmodelled(&cmp);
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

/// `revision --autogenerate --json` (docs/json.md).
#[derive(serde::Serialize)]
struct GeneratedJson<'a> {
    path: Option<&'a std::path::PathBuf>,
    paths: &'a [std::path::PathBuf],
    changes: &'a [String],
    warnings: &'a [String],
}

/// `diff --json` (docs/json.md).
#[derive(serde::Serialize)]
struct DiffJson<'a> {
    changes: &'a [String],
    upgrade: String,
    downgrade: String,
    revisions: Vec<DiffRevision>,
    warnings: &'a [String],
    unmodelled: &'a [String],
}

/// One revision of a `diff --json` plan.
#[derive(serde::Serialize)]
struct DiffRevision {
    transactional: bool,
    upgrade: String,
    downgrade: String,
}

/// `check --json` (docs/json.md).
#[derive(serde::Serialize)]
struct CheckJson<'a> {
    drift: bool,
    changes: &'a [String],
    unmodelled: &'a [String],
}

#[cfg(test)]
mod tests {
    use super::parse_renames;

    #[test]
    fn renames_of_columns_and_tables_qualified_or_not() {
        let args = [
            "users.fullname=name",
            "billing.users.fullname=name",
            "users=members",
            "billing.users=billing.members",
            "users=billing.users",
        ]
        .map(String::from);
        let opts = parse_renames(&args).unwrap();
        let columns: Vec<(&str, &str, &str)> = opts
            .renames
            .iter()
            .map(|(t, o, n)| (t.as_str(), o.as_str(), n.as_str()))
            .collect();
        assert_eq!(
            columns,
            [
                ("users", "fullname", "name"),
                ("billing.users", "fullname", "name")
            ]
        );
        let tables: Vec<(&str, &str)> = opts
            .table_renames
            .iter()
            .map(|(o, n)| (o.as_str(), n.as_str()))
            .collect();
        assert_eq!(
            tables,
            [
                ("users", "members"),
                ("billing.users", "billing.members"),
                ("users", "billing.users")
            ]
        );
        for bad in ["users", "=x", "users.=x", "a=", "a.b=c.", ".a=b"] {
            assert!(parse_renames(&[bad.to_string()]).is_err(), "{bad}");
        }
    }
}
