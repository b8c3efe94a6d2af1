//! `shale revision` and `shale merge`: new scripts.

use crate::args::{MergeArgs, RevisionArgs};
use crate::context::Context;
use shale::project::NewRevision;
use shale::{Error, Result};
use std::process::ExitCode;

/// Writes an empty revision script revising the single head (or `--head`).
pub fn revision(ctx: &Context, args: &RevisionArgs) -> Result<ExitCode> {
    let project = ctx.project()?;
    let parents = head_parents(project, args.head.as_deref())?;
    let path = project.write_revision(&NewRevision {
        message: args.message.clone(),
        rev_id: args.rev_id.clone(),
        parents,
        upgrade: String::new(),
        downgrade: String::new(),
        transactional: true,
        foreign_keys_off: false,
        branch_labels: args.branch_label.clone(),
        depends_on: args.depends_on.clone(),
        source: args.source.clone(),
    })?;
    super::hooks::post_write(&project.config, &path)?;
    report(ctx, &path);
    Ok(ExitCode::SUCCESS)
}

/// The parents `--head REV` names: `None` without it (the single head), none for `base`,
/// else the one revision REV resolves to (`head`, a prefix, a label, `LABEL@head`).
pub fn head_parents(project: &shale::Project, head: Option<&str>) -> Result<Option<Vec<String>>> {
    let Some(head) = head else {
        return Ok(None);
    };
    let target: shale::graph::Target = head.parse()?;
    let ids = project.graph.target_revisions(&target)?;
    match ids.len() {
        1 => Ok(Some(ids)),
        0 => Ok(Some(Vec::new())),
        _ => Err(Error::Usage(format!(
            "--head {head} names {} revisions ({}); name one",
            ids.len(),
            ids.join(", ")
        ))),
    }
}

/// Writes a merge revision whose parents are the given revisions (or every head).
pub fn merge(ctx: &Context, args: &MergeArgs) -> Result<ExitCode> {
    let project = ctx.project()?;
    let mut parents = Vec::new();
    for rev in &args.revisions {
        if rev == "heads" {
            parents.extend(project.graph.heads().iter().map(|h| h.to_string()));
        } else {
            parents.push(project.graph.resolve(rev)?.to_string());
        }
    }
    parents.dedup();
    if parents.len() < 2 {
        return Err(Error::Usage(format!(
            "a merge joins two or more revisions; got {}",
            if parents.is_empty() {
                "none".to_string()
            } else {
                parents.join(", ")
            }
        )));
    }
    let path = project.write_revision(&NewRevision {
        message: args.message.clone(),
        rev_id: args.rev_id.clone(),
        parents: Some(parents),
        upgrade: String::new(),
        downgrade: String::new(),
        transactional: true,
        foreign_keys_off: false,
        branch_labels: args.branch_label.clone(),
        depends_on: Vec::new(),
        source: None,
    })?;
    super::hooks::post_write(&project.config, &path)?;
    report(ctx, &path);
    Ok(ExitCode::SUCCESS)
}

fn report(ctx: &Context, path: &std::path::Path) {
    if ctx.cli.json {
        crate::output::json(&serde_json::json!({ "path": path }));
    } else {
        outln!("Generated {}", path.display());
    }
}
