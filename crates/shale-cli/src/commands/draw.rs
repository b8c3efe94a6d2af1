//! `shale graph`: the revision graph as a picture.

use super::graph::try_current;
use crate::args::{GraphArgs, GraphFormat};
use crate::context::Context;
use crate::draw::{ascii, dot, mermaid, Picture};
use shale::Result;
use std::process::ExitCode;

/// Draws the graph in the chosen format, or prints its nodes and edges as JSON. The
/// current revision(s) are marked when a database is configured and reachable.
pub async fn graph(ctx: &Context<'_>, args: &GraphArgs) -> Result<ExitCode> {
    let project = ctx.project()?;
    let current = match args.offline {
        true => None,
        false => try_current(ctx, project).await?,
    };
    let picture = Picture::new(&project.graph, current.as_deref());
    if ctx.cli.json {
        crate::output::json(&picture);
        return Ok(ExitCode::SUCCESS);
    }
    match args.format {
        GraphFormat::Ascii if picture.nodes.is_empty() => {
            outln!("(no revisions: `shale revision -m MESSAGE` writes the first)")
        }
        GraphFormat::Ascii => out!("{}", ascii(&picture)),
        GraphFormat::Mermaid => out!("{}", mermaid(&picture)),
        GraphFormat::Dot => out!("{}", dot(&picture)),
    }
    Ok(ExitCode::SUCCESS)
}
