//! `shale repair [REV…]`: the applied scripts that were edited, and recording the new
//! checksum of those the user names.

use crate::context::Context;
use shale::migrator::Edited;
use shale::Result;
use std::process::ExitCode;

/// `shale repair --json` (docs/json.md): the edited scripts, or with revisions named
/// those whose checksums were recorded.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum RepairJson<'a> {
    Edited { edited: &'a [Edited] },
    Repaired { repaired: &'a [Edited] },
}

/// Lists the edited applied scripts; with revisions named, records their new checksums.
pub async fn repair(ctx: &Context<'_>, revisions: &[String]) -> Result<ExitCode> {
    let project = ctx.project()?;
    let migrator = ctx.migrator(project)?;
    if revisions.is_empty() {
        let edited = migrator.edited().await?;
        if ctx.cli.json {
            crate::output::json(&RepairJson::Edited { edited: &edited });
        } else if edited.is_empty() {
            outln!("No applied script was edited: nothing to repair");
        } else {
            outln!(
                "{} applied script(s) differ from the text that was applied:",
                edited.len()
            );
            list(&edited);
            outln!(
                "Check each change (git diff), then record the new checksums with `shale repair REV…`, naming each revision"
            );
        }
        return Ok(if edited.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    let repaired = migrator.repair(revisions).await?;
    if ctx.cli.json {
        crate::output::json(&RepairJson::Repaired {
            repaired: &repaired,
        });
    } else {
        outln!(
            "Recorded the new checksum of {} revision(s):",
            repaired.len()
        );
        list(&repaired);
    }
    Ok(ExitCode::SUCCESS)
}

fn list(edited: &[Edited]) {
    for e in edited {
        outln!(
            "  {}  {}  (applied as {}, now {})",
            e.revision,
            e.path.display(),
            short(&e.recorded),
            short(&e.current)
        );
    }
}

fn short(sum: &str) -> &str {
    sum.get(..12).unwrap_or(sum)
}
