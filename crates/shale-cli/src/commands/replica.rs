//! `shale status --wait-replica URL`: wait until a replica has replayed the primary's
//! version rows.

use crate::context::Context;
use crate::output::json;
use shale::db::ToConnector;
use shale::Result;
use std::process::ExitCode;
use std::time::Duration;

/// Waits at most `timeout` until the replica at `replica` holds the revision(s) of the
/// configured database (the primary).
pub async fn wait(ctx: &Context<'_>, replica: &str, timeout: Duration) -> Result<ExitCode> {
    let project = ctx.project()?;
    let migrator = ctx.migrator(project)?;
    let replica = replica.to_connector()?;
    let done = migrator.wait_replica(&replica, timeout).await?;
    if ctx.cli.json {
        json(&done);
    } else {
        let heads = if done.heads.is_empty() {
            "base".to_string()
        } else {
            done.heads.join(" ")
        };
        outln!(
            "Replica {} is at {heads}, as the primary ({:.1} s)",
            done.replica,
            done.waited_ms as f64 / 1000.0
        );
    }
    Ok(ExitCode::SUCCESS)
}
