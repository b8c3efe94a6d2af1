//! `shale verify` and `shale check --drift`.

use crate::context::Context;
use shale::dialect::Dialect;
use shale::url::DbUrl;
use shale::verify::{drift, verify as run_verify, VerifyEvent};
use shale::Result;
use std::process::ExitCode;

/// `shale verify`: a single head, no edited applied script, the stairway on a scratch
/// database, the models at head. Exit 1 on any problem.
pub async fn verify(ctx: &Context<'_>) -> Result<ExitCode> {
    let project = ctx.project()?;
    let url = ctx.url_opt()?;
    // The configured database, when there is one, is only read (edited scripts); a SQLite
    // file that does not exist yet is not created for that.
    let live = url
        .clone()
        .filter(|u| crate::context::missing_file(u).is_none());
    let server = match (url, ctx.config.dialect) {
        (Some(u), _) => u,
        (None, None | Some(Dialect::Sqlite)) => DbUrl::parse("sqlite::memory:")?,
        // A pinned server project checks on its own dialect: on `dev_url`, else an error.
        (None, Some(_)) => match &ctx.config.dev_url {
            Some(dev) => dev.clone(),
            None => ctx.url()?,
        },
    };
    let quiet = ctx.cli.quiet;
    let mut observe = |event: VerifyEvent| {
        if quiet {
            return;
        }
        match event {
            VerifyEvent::Check(check) => eprintln!("verify: {check} …"),
            VerifyEvent::Revision {
                index,
                total,
                revision,
            } => eprintln!("verify:   [{}/{total}] {revision} up, down, up", index + 1),
        }
    };
    let report = run_verify(project, &server, live.as_ref(), &mut observe).await?;
    if ctx.cli.json {
        crate::output::json(&report);
    } else {
        outln!(
            "Checked {} revision(s) up, down and up again on a scratch {} database{}",
            report.revisions_checked,
            server.dialect(),
            if report.models_checked {
                "; compared the models with head"
            } else {
                ""
            }
        );
        for p in &report.problems {
            outln!("FAIL [{}] {}", p.check, p.message);
        }
        if report.ok() {
            outln!("OK");
        }
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `shale check --drift`: changes made to the database outside migrations.
pub async fn check_drift(ctx: &Context<'_>) -> Result<ExitCode> {
    let project = ctx.project()?;
    let changes = drift(project, &super::autogen::read_url(ctx)?).await?;
    let descriptions: Vec<String> = changes.iter().map(|c| c.describe()).collect();
    if ctx.cli.json {
        crate::output::json(
            &serde_json::json!({ "drift": !changes.is_empty(), "changes": descriptions }),
        );
    } else if changes.is_empty() {
        outln!("No drift: the database matches its migration history");
    } else {
        outln!(
            "The database was changed outside migrations ({} difference(s) from its history):",
            changes.len()
        );
        for d in &descriptions {
            outln!("  - {d}");
        }
    }
    Ok(if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
