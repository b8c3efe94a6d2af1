//! The read-only commands: `current`, `history`, `heads`, `branches`, `show`, `status`.

use super::run::heads_text;
use crate::args::HistoryArgs;
use crate::context::Context;
use serde::Serialize;
use shale::graph::{select, Target};
use shale::{Error, Project, Result};
use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;

/// One revision as the read-only commands show it.
#[derive(Serialize)]
struct RevisionView<'a> {
    revision: &'a str,
    parents: &'a [String],
    children: Vec<&'a str>,
    message: &'a str,
    path: String,
    created: Option<&'a str>,
    head: bool,
    branchpoint: bool,
    mergepoint: bool,
    /// The labels this revision's script gives (`-- shale:branch-labels`).
    branch_labels: &'a [String],
    /// The labels of the branches it is on: its own and those of its ancestors.
    branches: Vec<&'a str>,
    /// The revisions it depends on (`-- shale:depends-on`), as full ids.
    depends_on: Vec<&'a str>,
    /// Whether the database has it applied; absent when no database was consulted.
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<bool>,
    /// A squash's replaced revisions whose scripts are still there (`-- shale:replaces`).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    replaces: &'a [String],
}

struct Views<'a> {
    project: &'a Project,
    heads: HashSet<&'a str>,
    branchpoints: HashSet<&'a str>,
    mergepoints: HashSet<&'a str>,
    current: Option<HashSet<String>>,
    applied: Option<HashSet<&'a str>>,
}

impl<'a> Views<'a> {
    fn new(project: &'a Project, current: Option<Vec<String>>) -> Self {
        let g = &project.graph;
        let applied = current.as_ref().map(|c| {
            let refs: Vec<&str> = c.iter().map(String::as_str).collect();
            // Inside a squashed range, the original scripts say what is applied.
            project.graph_for(c).ancestors_of(&refs)
        });
        Views {
            project,
            heads: g.heads().into_iter().collect(),
            branchpoints: g.branch_points().into_iter().collect(),
            mergepoints: g.merge_points().into_iter().collect(),
            current: current.map(|c| c.into_iter().collect()),
            applied,
        }
    }

    fn view(&self, id: &'a str) -> RevisionView<'a> {
        // A revision that a squash replaces (a database inside the range) is in the
        // originals' graph only.
        let graph = match self.project.graph.get(id) {
            Some(_) => &self.project.graph,
            None => self.project.graph_for(&[id.to_string()]),
        };
        let rev = graph.get(id).expect("revision from the graph");
        let script = self.project.script(id);
        RevisionView {
            revision: &rev.id,
            parents: &rev.parents,
            children: graph.children(id),
            message: &rev.message,
            path: rev.path.display().to_string(),
            created: script.and_then(|s| s.created.as_deref()),
            head: self.heads.contains(id),
            branchpoint: self.branchpoints.contains(id),
            mergepoint: self.mergepoints.contains(id),
            branch_labels: &rev.branch_labels,
            branches: graph.branches_of(id),
            depends_on: graph.dependencies(id),
            applied: self.applied.as_ref().map(|a| a.contains(id)),
            current: self.current.as_ref().map(|c| c.contains(id)),
            replaces: self
                .project
                .squashes()
                .squashes()
                .get(id)
                .map_or(&[], Vec::as_slice),
        }
    }

    /// `a1b2 -> 3f2a (head) (current), message`, or the verbose block.
    fn line(&self, v: &RevisionView, verbose: bool) -> String {
        let mut tags = String::new();
        if !v.branches.is_empty() {
            tags.push_str(&format!(" ({})", v.branches.join(", ")));
        }
        for (on, tag) in [
            (v.head, " (head)"),
            (v.branchpoint, " (branchpoint)"),
            (v.mergepoint, " (mergepoint)"),
            (v.current == Some(true), " (current)"),
        ] {
            if on {
                tags.push_str(tag);
            }
        }
        if !v.replaces.is_empty() {
            tags.push_str(&format!(" (squash of {})", v.replaces.join(" ")));
        }
        let mark = match v.applied {
            Some(true) => "[x] ",
            Some(false) => "[ ] ",
            None => "",
        };
        if !verbose {
            let parents = if v.parents.is_empty() {
                "<base>".to_string()
            } else {
                v.parents.join(", ")
            };
            return format!("{mark}{parents} -> {}{tags}, {}", v.revision, v.message);
        }
        let mut s = format!("{mark}Rev: {}{tags}\n", v.revision);
        let parents = if v.parents.is_empty() {
            "<base>".to_string()
        } else {
            v.parents.join(", ")
        };
        s.push_str(&format!("Parent: {parents}\n"));
        let children = self.project.graph.children(v.revision);
        if !children.is_empty() {
            s.push_str(&format!("Children: {}\n", children.join(", ")));
        }
        if !v.branch_labels.is_empty() {
            s.push_str(&format!("Branch names: {}\n", v.branch_labels.join(", ")));
        }
        if !v.depends_on.is_empty() {
            s.push_str(&format!("Depends on: {}\n", v.depends_on.join(", ")));
        }
        s.push_str(&format!("Path: {}\n", v.path));
        if let Some(created) = v.created {
            s.push_str(&format!("Created: {created}\n"));
        }
        s.push_str(&format!("\n    {}\n", v.message));
        s
    }
}

/// The database's heads when a URL is configured; `None` (with a warning when the database
/// could not be read) otherwise, so that graph commands work without a database. A URL of
/// another dialect than the pinned one is still refused.
pub async fn try_current(ctx: &Context<'_>, project: &Project) -> Result<Option<Vec<String>>> {
    let Some(url) = ctx.url_opt()? else {
        return Ok(None);
    };
    if crate::context::missing_file(&url).is_some() {
        return Ok(Some(Vec::new()));
    }
    match shale::Migrator::new(project, url).current().await {
        Ok(heads) => Ok(Some(heads)),
        Err(e) => {
            eprintln!(
                "warning: not showing what is applied: {}",
                shale::url::redact(&e.to_string())
            );
            Ok(None)
        }
    }
}

/// `shale current`.
pub async fn current(ctx: &Context<'_>, verbose: bool) -> Result<ExitCode> {
    let project = ctx.project()?;
    // A SQLite file that does not exist is at base; reading it would create it.
    let missing = crate::context::missing_file(&ctx.url()?);
    let heads = match missing {
        Some(_) => Vec::new(),
        None => ctx.migrator(project)?.current().await?,
    };
    let views = Views::new(project, Some(heads.clone()));
    if ctx.cli.json {
        /// `current --json` (docs/json.md).
        #[derive(Serialize)]
        struct Current<'a> {
            heads: &'a [String],
            at_head: bool,
            database_exists: bool,
            revisions: Vec<RevisionView<'a>>,
        }
        crate::output::json(&Current {
            heads: &heads,
            at_head: heads.iter().all(|h| views.heads.contains(h.as_str())) && !heads.is_empty()
                || project.graph.is_empty(),
            database_exists: missing.is_none(),
            revisions: heads.iter().map(|h| views.view(h)).collect(),
        });
        return Ok(ExitCode::SUCCESS);
    }
    match &missing {
        Some(path) => outln!("base (no database file at {path})"),
        None if heads.is_empty() => outln!("base (no revision applied)"),
        None => {}
    }
    for h in &heads {
        let v = views.view(h);
        if verbose {
            out!("{}", views.line(&v, true));
        } else {
            let head = if v.head { " (head)" } else { "" };
            outln!("{}{head}", v.revision);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `shale history`: newest first.
pub async fn history(ctx: &Context<'_>, args: &HistoryArgs) -> Result<ExitCode> {
    let project = ctx.project()?;
    let current = try_current(ctx, project).await?;
    let views = Views::new(project, current);
    let selected: Option<HashSet<String>> = match &args.rev_range {
        Some(range) if range.contains(':') => {
            Some(select(&project.graph, Some(range))?.into_iter().collect())
        }
        Some(range) => {
            return Err(Error::Usage(format!(
                "-r takes START:END, e.g. base:head or ae10:; got `{range}`"
            )))
        }
        None => None,
    };
    let order = project.graph.topological();
    let ids = order
        .iter()
        .rev()
        .filter(|id| selected.as_ref().is_none_or(|s| s.contains(**id)));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if ctx.cli.json {
        let list: Vec<RevisionView> = ids.map(|id| views.view(id)).collect();
        let _ = serde_json::to_writer_pretty(&mut out, &list);
        let _ = writeln!(out);
        return Ok(ExitCode::SUCCESS);
    }
    for id in ids {
        let _ = writeln!(out, "{}", views.line(&views.view(id), ctx.cli.verbose));
    }
    Ok(ExitCode::SUCCESS)
}

/// `shale heads`.
pub fn heads(ctx: &Context, verbose: bool) -> Result<ExitCode> {
    let project = ctx.project()?;
    list(ctx, project, project.graph.heads(), verbose)
}

/// `shale branches`: branch points and what they branch into.
pub fn branches(ctx: &Context, verbose: bool) -> Result<ExitCode> {
    let project = ctx.project()?;
    let points = project.graph.branch_points();
    if !ctx.cli.json && !verbose {
        for id in &points {
            let children = project.graph.children(id).join(", ");
            let msg = project.graph.get(id).map_or("", |r| r.message.as_str());
            outln!("{id} (branchpoint), {msg}\n    -> {children}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    list(ctx, project, points, verbose)
}

fn list(ctx: &Context, project: &Project, ids: Vec<&str>, verbose: bool) -> Result<ExitCode> {
    let views = Views::new(project, None);
    let list: Vec<RevisionView> = ids.iter().map(|id| views.view(id)).collect();
    if ctx.cli.json {
        crate::output::json(&list);
        return Ok(ExitCode::SUCCESS);
    }
    for v in &list {
        if verbose {
            out!("{}", views.line(v, true));
        } else {
            let tags = if v.branchpoint { " (branchpoint)" } else { "" };
            let branches = match v.branches.is_empty() {
                true => String::new(),
                false => format!(" ({})", v.branches.join(", ")),
            };
            outln!("{}{branches} (head){tags}, {}", v.revision, v.message);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `shale show REV`.
pub fn show(ctx: &Context, rev: &str) -> Result<ExitCode> {
    let project = ctx.project()?;
    let target: Target = rev.parse()?;
    // A revision that a squash replaces is found in the originals' graph.
    let ids = project
        .graph_for_target(&[], &target)
        .target_revisions(&target)?;
    let [id] = ids.as_slice() else {
        return Err(Error::Usage(format!(
            "`{rev}` names {} revisions; show takes one",
            ids.len()
        )));
    };
    let views = Views::new(project, None);
    let v = views.view(id);
    let text = std::fs::read_to_string(&v.path).map_err(|e| Error::io(&v.path, e))?;
    if ctx.cli.json {
        /// `show --json`: the revision, its place in the graph and its script.
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            revision: RevisionView<'a>,
            dependents: Vec<&'a str>,
            transactional: bool,
            upgrade: &'a str,
            downgrade: Option<&'a str>,
            script: &'a str,
        }
        let script = project.script(id).expect("a script per revision");
        crate::output::json(&Shown {
            dependents: project.graph.dependents(id),
            revision: v,
            transactional: script.transactional,
            upgrade: &script.upgrade.text,
            downgrade: script
                .downgrade
                .present
                .then_some(script.downgrade.text.as_str()),
            script: &text,
        });
        return Ok(ExitCode::SUCCESS);
    }
    out!("{}", views.line(&v, true));
    outln!("\n{text}");
    Ok(ExitCode::SUCCESS)
}

/// `shale status`: where the database is, where the scripts go, and what is pending.
pub async fn status(ctx: &Context<'_>) -> Result<ExitCode> {
    let project = ctx.project()?;
    let url = ctx.url()?;
    let missing = crate::context::missing_file(&url);
    let status = match &missing {
        Some(_) => base_status(project, &url),
        None => ctx.migrator(project)?.status().await?,
    };
    // A state that stops the next run is a failure of `status` too, so scripts can test it.
    let code = if status.is_blocked() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if ctx.cli.json {
        crate::output::json(&status);
        return Ok(code);
    }
    match &missing {
        Some(path) => outln!(
            "Database:  {} (no database file at {path}: `shale upgrade` creates it)",
            status.database
        ),
        None => outln!("Database:  {}", status.database),
    }
    outln!("Current:   {}", heads_text(&status.current));
    outln!(
        "Heads:     {}",
        if status.heads.is_empty() {
            "(no revisions)".to_string()
        } else {
            status.heads.join(" ")
        }
    );
    outln!("Revisions: {}", status.revisions);
    if let Some(problem) = &status.version_problem {
        outln!("Blocked:   {problem}");
    }
    if let Some(interrupted) = &status.interrupted {
        outln!("Blocked:   {interrupted}");
    }
    for rev in &status.modified {
        let path = project.script(rev).map(|s| s.path.display().to_string());
        outln!(
            "Blocked:   revision {rev} ({}) was edited after it was applied: `shale upgrade` refuses",
            path.unwrap_or_default()
        );
    }
    match status.pending.len() {
        _ if status.version_problem.is_some() => {
            outln!("Pending:   unknown until the version table is repaired")
        }
        0 if status.is_blocked() => outln!("Pending:   none"),
        0 => outln!("Pending:   none, the database is up to date"),
        n if status.is_blocked() => {
            outln!("Pending:   {n} revision(s), once the above is resolved")
        }
        n => outln!(
            "Pending:   {n} revision(s); run `shale upgrade {}`",
            if status.heads.len() > 1 {
                "heads"
            } else {
                "head"
            }
        ),
    }
    Ok(code)
}

/// The status of a SQLite database whose file does not exist: at base, everything pending.
fn base_status(project: &Project, url: &shale::url::DbUrl) -> shale::status::Status {
    let graph = &project.graph;
    shale::status::Status {
        database: url.to_string(),
        current: Vec::new(),
        heads: graph.heads().iter().map(|h| h.to_string()).collect(),
        pending: graph
            .topological()
            .into_iter()
            .map(str::to_string)
            .collect(),
        revisions: graph.len(),
        interrupted: None,
        modified: Vec::new(),
        version_problem: None,
    }
}
