//! `shale database create|drop|reset`: the database itself, as sqlx-cli users expect.

use super::run::{apply, heads_text};
use crate::args::{DatabaseCommand, DropArgs, FleetArgs, RunArgs};
use crate::context::Context;
use shale::db::admin::{create_database, drop_database};
use shale::dialect::Dialect;
use shale::graph::{Direction, Target};
use shale::url::DbUrl;
use shale::{Error, Result};
use std::process::ExitCode;

/// Runs one `database` subcommand on the configured URL.
pub async fn database(ctx: &Context<'_>, command: &DatabaseCommand) -> Result<ExitCode> {
    let url = ctx.url()?;
    let name = url
        .sqlite_path()
        .or(url.database())
        .unwrap_or("")
        .to_string();
    // Checked first: scripts that do not load, or an ambiguous head, must not cost the
    // database.
    let project = match command {
        DatabaseCommand::Reset(_) => {
            let project = ctx.project()?;
            project.graph.resolve_target(&[], &Target::Head)?;
            Some(project)
        }
        _ => None,
    };
    let mut done = serde_json::Map::new();
    done.insert("database".into(), name.clone().into());
    if let DatabaseCommand::Drop(args) | DatabaseCommand::Reset(args) = command {
        guard(&url, args)?;
        let dropped = drop_database(&url).await?;
        say(ctx, &name, "dropped", dropped);
        done.insert("dropped".into(), dropped.into());
    }
    if let DatabaseCommand::Create | DatabaseCommand::Reset(_) = command {
        let created = create_database(&url).await?;
        say(ctx, &name, "created", created);
        done.insert("created".into(), created.into());
    }
    if let Some(project) = project {
        let args = RunArgs {
            target: None,
            sql: false,
            resume: false,
            resume_from: None,
            lock_timeout: None,
            lock_retries: None,
            statement_timeout: None,
            fleet: FleetArgs {
                targets: None,
                jobs: 1,
            },
            canary: 0,
            keep_going: false,
        };
        let report = apply(ctx, project, Direction::Up, &Target::Head, &args).await?;
        if !ctx.cli.json {
            outln!(
                "Done: {} revision(s) applied; the database is at {}",
                report.steps.len(),
                heads_text(&report.heads)
            );
        }
        done.insert(
            "upgrade".into(),
            serde_json::to_value(&report).unwrap_or_default(),
        );
    }
    if ctx.cli.json {
        crate::output::json(&done);
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses to drop a server database whose name does not say it is disposable.
fn guard(url: &DbUrl, args: &DropArgs) -> Result<()> {
    if args.force || url.dialect() == Dialect::Sqlite {
        return Ok(());
    }
    let name = url.database().unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if lower.contains("test") || lower.contains("dev") {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "refusing to drop the database `{name}` on {url}: its name contains neither \"test\" \
         nor \"dev\", so it may not be disposable; pass --force if it is"
    )))
}

/// `Created database x` / `Database x already exists` and the like, unless in JSON mode.
fn say(ctx: &Context<'_>, name: &str, action: &str, changed: bool) {
    if ctx.cli.json {
        return;
    }
    match (action, changed) {
        ("created", true) => outln!("Created database {name}"),
        ("created", false) => outln!("Database {name} already exists"),
        (_, true) => outln!("Dropped database {name}"),
        (_, false) => outln!("Database {name} does not exist"),
    }
}
