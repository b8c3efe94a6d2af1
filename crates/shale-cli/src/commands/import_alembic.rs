//! `shale import --from alembic PATH [--dialect D] [--url URL]`: an Alembic history rendered
//! by Alembic's offline mode, written as shale scripts with the same revision ids,
//! branches and merges; with `--url`, the database Alembic migrated is stamped at the
//! revision(s) its `alembic_version` table names (the table is left as it is).

use super::import::Outcome;
use crate::args::ImportArgs;
use crate::context::Context;
use shale::db::Db;
use shale::graph::Target;
use shale::import::alembic;
use shale::{Error, Migrator, Project, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `shale import --from alembic --json` (docs/json.md): keys in this order.
#[derive(serde::Serialize)]
struct AlembicJson<'a> {
    tool: &'static str,
    from: &'a Path,
    dialect: &'static str,
    dry_run: bool,
    revisions: Vec<&'a str>,
    written: &'a [PathBuf],
    /// Revisions already imported by an earlier run, left as they are.
    unchanged: usize,
    stamped: Option<&'a [String]>,
}

/// Imports the Alembic history, then takes over the database when `--url` names one.
pub async fn import(ctx: &Context<'_>, args: &ImportArgs) -> Result<ExitCode> {
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let dialect = match (args.dialect, ctx.url_opt()?) {
        (Some(d), _) => d.dialect(),
        (None, Some(url)) => url.dialect(),
        (None, None) => {
            return Err(Error::Usage(
                "name the dialect to render the Alembic revisions for: --dialect postgresql|mysql|sqlite"
                    .into(),
            ))
        }
    };
    let revisions = alembic::read(&dir, dialect)?;
    let scripts = alembic::scripts(&revisions)?;
    let versions = ctx.config.versions_dir();
    // As for the other tools: a folder holding other revisions is refused, a revision
    // already there under another file name is refused, and the same files again are
    // left as they are (importing twice is idempotent).
    let outcomes = super::import::plan_writes(&versions, &scripts)?;
    let mut written = Vec::new();
    if !args.dry_run {
        std::fs::create_dir_all(&versions).map_err(|e| Error::io(&versions, e))?;
        for (s, outcome) in scripts.iter().zip(&outcomes) {
            if *outcome != Outcome::Written {
                continue;
            }
            let path = versions.join(&s.file_name);
            std::fs::write(&path, &s.text).map_err(|e| Error::io(&path, e))?;
            written.push(path);
        }
    }
    let unchanged = outcomes
        .iter()
        .filter(|o| **o == Outcome::Unchanged)
        .count();
    let stamped = match (&ctx.cli.url, args.dry_run) {
        (Some(_), false) => Some(take_over(ctx).await?),
        _ => None,
    };
    if ctx.cli.json {
        crate::output::json(&AlembicJson {
            tool: "alembic",
            from: &dir,
            dialect: dialect.name(),
            dry_run: args.dry_run,
            revisions: scripts.iter().map(|s| s.revision.as_str()).collect(),
            written: &written,
            unchanged,
            stamped: stamped.as_deref(),
        });
        return Ok(ExitCode::SUCCESS);
    }
    let verb = if args.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    outln!(
        "{verb} {} Alembic revision(s) from {} into {}, rendered for {}:",
        scripts.len(),
        dir.display(),
        versions.display(),
        dialect.name()
    );
    for (s, outcome) in scripts.iter().zip(&outcomes) {
        let note = match outcome {
            Outcome::Unchanged => "  (already imported, unchanged)",
            _ => "",
        };
        outln!("  {}  {}{note}", s.revision, s.file_name);
    }
    if unchanged == scripts.len() {
        outln!("Every revision was already imported: nothing written");
    }
    if let Some(heads) = stamped {
        outln!(
            "alembic_version: stamped the database at {} (the table is left as it is)",
            heads.join(" ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads `alembic_version` and stamps the same revision(s); shale must not manage the
/// database yet, and every row must name an imported revision.
async fn take_over(ctx: &Context<'_>) -> Result<Vec<String>> {
    let url = ctx.url()?;
    let mut db = Db::connect(&url).await?;
    let rows = db
        .query("SELECT version_num FROM alembic_version ORDER BY version_num")
        .await;
    db.close().await;
    let heads: Vec<String> = rows
        .map_err(|e| {
            Error::Usage(format!(
                "no alembic_version table to take over at {url}: {e}"
            ))
        })?
        .into_iter()
        .filter_map(|mut r| r.swap_remove(0))
        .collect();
    let project: &Project = ctx.project()?;
    if let Some(unknown) = heads.iter().find(|h| project.graph.get(h).is_none()) {
        return Err(Error::Usage(format!(
            "alembic_version names {unknown}, which the imported history does not have: nothing stamped"
        )));
    }
    let mut migrator = Migrator::new(project, url);
    migrator.set_cancel(ctx.cancel.clone());
    let current = migrator.current().await?;
    if !current.is_empty() {
        if current == heads {
            return Ok(heads);
        }
        return Err(Error::Usage(format!(
            "shale already manages the database, at {}; alembic_version says {}: nothing stamped",
            current.join(" "),
            heads.join(" ")
        )));
    }
    match heads.as_slice() {
        [] => {}
        [one] => {
            migrator.stamp(&Target::Rev(one.clone())).await?;
        }
        _ => {
            let mut project_heads: Vec<String> = project
                .graph
                .heads()
                .iter()
                .map(|h| h.to_string())
                .collect();
            project_heads.sort();
            if project_heads != heads {
                return Err(Error::Usage(format!(
                    "alembic_version names several revisions ({}) that are not the project's heads: stamp them with `shale stamp`",
                    heads.join(" ")
                )));
            }
            migrator.stamp(&Target::Heads).await?;
        }
    }
    Ok(heads)
}
