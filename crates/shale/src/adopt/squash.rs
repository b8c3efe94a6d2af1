//! `squash`: one revision replacing a range of revisions, as Django squashes migrations.
//!
//! ```text
//! range FROM:TO ──replay on a scratch database──► Schema at FROM, Schema at TO
//!                                                  └─► diff ─► Plan ─► render
//!  ─► squashed revision (revises FROM, -- shale:replaces <the range>)
//! ```
//!
//! The squashed SQL is read from a real replay of the range, so it is exactly the schema
//! the range builds; its downgrade goes back to FROM's schema. The scripts of the range
//! stay until every database is past it ([`crate::adopt::replaces`] says which graph
//! plans which database); [`finish`] then deletes them, pointing the revisions that
//! revised the range's end at the squashed revision.

use super::AdoptError;
use crate::db::inspect::inspect;
use crate::db::scratch::Scratch;
use crate::db::version::VersionTable;
use crate::db::Db;
use crate::diff::{self, DiffOptions};
use crate::graph::{RevisionGraph, Target};
use crate::plan::Plan;
use crate::project::{random_rev_id, Project};
use crate::runner::{LockRetry, Runner};
use crate::schema::Schema;
use crate::script::{self, NewScript};
use crate::url::DbUrl;
use crate::{Error, Migrator, Result};
use std::collections::HashSet;
use std::path::PathBuf;

/// What [`squash`] writes.
#[derive(Debug, Clone, Default)]
pub struct SquashOptions {
    /// `FROM:TO` or `TO` (from base): the range is TO and its ancestors that are not FROM
    /// or an ancestor of FROM.
    pub range: String,
    pub message: String,
    /// The revision id; random when `None`.
    pub rev_id: Option<String>,
}

/// What [`squash`] did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SquashReport {
    pub revision: String,
    pub path: PathBuf,
    /// The revision the squash revises (`None`: base).
    pub from: Option<String>,
    /// The replaced revisions, parents first.
    pub replaces: Vec<String>,
    /// One line per change the squashed revision makes.
    pub changes: Vec<String>,
    /// What the squashed revision does not carry over (statements that change rows).
    pub warnings: Vec<String>,
}

/// A range to squash: FROM (exclusive; `None` for base), TO, and the revisions between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub from: Option<String>,
    pub to: String,
    /// Parents first.
    pub revisions: Vec<String>,
}

/// Resolves `FROM:TO` (or `TO`) in `graph` and checks that the range has one way out (TO):
/// no revision outside it revises one inside it other than TO. (Its parents outside it are
/// FROM and FROM's ancestors, applied wherever FROM is.)
pub fn range(graph: &RevisionGraph, spec: &str) -> Result<Range> {
    let (from, to) = match spec.split_once(':') {
        Some((from, to)) => (Some(from), to),
        None => (None, spec),
    };
    let to = graph.resolve(to.trim())?.to_string();
    let from = match from.map(str::trim) {
        None | Some("base") | Some("") => None,
        Some(rev) => Some(graph.resolve(rev)?.to_string()),
    };
    let below_from: HashSet<&str> = match &from {
        Some(f) => graph.ancestors_of(&[f.as_str()]),
        None => HashSet::new(),
    };
    let inside: HashSet<&str> = graph
        .ancestors_of(&[to.as_str()])
        .into_iter()
        .filter(|r| !below_from.contains(r))
        .collect();
    let bad = |problem: String| {
        Error::from(AdoptError::BadRange {
            range: spec.to_string(),
            problem,
        })
    };
    if let Some(f) = &from {
        if !graph.ancestors_of(&[to.as_str()]).contains(f.as_str()) {
            return Err(bad(format!("{f} is not an ancestor of {to}")));
        }
    }
    if inside.len() < 2 {
        return Err(bad(format!(
            "it holds {} revision(s); a squash replaces two or more",
            inside.len()
        )));
    }
    let revisions: Vec<String> = graph
        .topological()
        .into_iter()
        .filter(|r| inside.contains(r))
        .map(str::to_string)
        .collect();
    for rev in &revisions {
        if rev != &to {
            if let Some(child) = graph
                .children(rev)
                .into_iter()
                .find(|c| !inside.contains(c))
            {
                return Err(bad(format!(
                    "{child}, outside the range, revises {rev} inside it: end the range at a revision that is the only way out"
                )));
            }
        }
    }
    Ok(Range {
        from,
        to,
        revisions,
    })
}

/// Writes the squashed revision of `options.range`, replaying the range on a scratch
/// database of `server`'s dialect (on its server, or `dev_url`'s; SQLite: in memory).
pub async fn squash(
    project: &Project,
    server: &DbUrl,
    options: &SquashOptions,
) -> Result<SquashReport> {
    let range = range(&project.graph, &options.range)?;
    if let Some(active) = range
        .revisions
        .iter()
        .find(|r| project.squashes().squashes().contains_key(*r))
    {
        return Err(AdoptError::BadRange {
            range: options.range.clone(),
            problem: format!(
                "{active} is a squash whose replaced scripts are still there: finish it first (`shale squash --finish`)"
            ),
        }
        .into());
    }
    if let Some((id, source)) = range
        .revisions
        .iter()
        .chain(range.from.iter())
        .find_map(|r| project.source_of(r).map(|s| (r, s)))
    {
        return Err(AdoptError::BadRange {
            range: options.range.clone(),
            problem: format!(
                "{id} is a revision of source `{}` ([[sources]] in shale.toml): a squash \
                 covers the application's own revisions only; a library squashes its own \
                 history in its own repository",
                source.name
            ),
        }
        .into());
    }
    let (before, after) = replay(project, server, &range).await?;
    let changes = diff::diff(&before, &after, &DiffOptions::default()).changes;
    let plan = Plan::new(server.dialect(), before, changes);
    let warnings = row_changes(project, &range);
    let rendered = plan.render();
    let revision = match &options.rev_id {
        Some(id) if project.graph.get(id).is_some() || project.script(id).is_some() => {
            return Err(Error::Usage(format!("revision {id} already exists")));
        }
        Some(id) if !script::is_valid_revision_id(id) => {
            return Err(Error::Usage(format!(
                "revision id `{id}` must be 1 to 32 characters among 0-9, a-z and `_`"
            )));
        }
        Some(id) => id.clone(),
        None => random_rev_id(),
    };
    let mut upgrade = String::new();
    for w in &warnings {
        upgrade.push_str(&crate::dialect::render::comment_lines("WARNING: ", w));
    }
    upgrade.push_str(&rendered.upgrade_sql());
    let parents: Vec<String> = range.from.iter().cloned().collect();
    let now = crate::time::UtcTime::now();
    let text = script::render(&NewScript {
        branch_labels: &[],
        depends_on: &[],
        revision: &revision,
        revises: &parents,
        message: &options.message,
        created: &now.rfc3339(),
        upgrade: &upgrade,
        downgrade: &rendered.downgrade_sql(),
        transactional: rendered.transactional,
        foreign_keys_off: rendered.foreign_keys_off,
    });
    let text = with_replaces(&text, &range.revisions);
    let dir = project.config.versions_dir();
    let name = script::file_name(
        &project.config.file_template,
        &revision,
        &options.message,
        now.parts(),
    );
    let path = dir.join(name);
    if path.exists() {
        return Err(Error::Exists { path });
    }
    // Whole or not at all: a squash cut short by a kill must not replace the range.
    write_atomically(&path, &text)?;
    Ok(SquashReport {
        revision,
        path,
        from: range.from,
        replaces: range.revisions,
        changes: plan.upgrade.iter().map(|c| c.describe()).collect(),
        warnings,
    })
}

/// `text` with a `-- shale:replaces` line after its `-- shale:revises` line.
fn with_replaces(text: &str, replaced: &[String]) -> String {
    let line = format!("-- shale:replaces {}\n", replaced.join(" "));
    let mut out = String::with_capacity(text.len() + line.len());
    let mut done = false;
    for l in text.split_inclusive('\n') {
        out.push_str(l);
        if !done && l.starts_with("-- shale:revises") {
            out.push_str(&line);
            done = true;
        }
    }
    out
}

/// The statements of the range that change rows rather than the schema: a squash read
/// from the schema does not carry them.
fn row_changes(project: &Project, range: &Range) -> Vec<String> {
    const DML: [&str; 5] = ["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"];
    let mut out = Vec::new();
    for rev in &range.revisions {
        let Some(script) = project.script(rev) else {
            continue;
        };
        for stmt in script.upgrade.statements() {
            let first = stmt
                .sql
                .split(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            if DML.contains(&first.as_str()) {
                out.push(format!(
                    "{}:{}: {first} changes rows, not the schema: the squashed revision does not do it; add it here by hand if new databases need it",
                    script.path.display(),
                    stmt.line
                ));
            }
        }
    }
    out
}

/// The schemas at FROM and at TO, from one scratch database upgraded to each in turn.
async fn replay(project: &Project, server: &DbUrl, range: &Range) -> Result<(Schema, Schema)> {
    let scratch = Scratch::create(server, project.config.dev_url.as_ref()).await?;
    let result = async {
        let mut db = Db::connect(&scratch.url).await?;
        let result = replay_on(project, &mut db, range).await;
        db.close().await;
        result
    }
    .await;
    let dropped = scratch.drop().await;
    let schemas = result?;
    dropped?;
    Ok(schemas)
}

async fn replay_on(project: &Project, db: &mut Db, range: &Range) -> Result<(Schema, Schema)> {
    let version = VersionTable::new(&project.config.version_table, db.dialect());
    version.ensure(db).await?;
    let runner = Runner::unfenced(project.scripts(), &version, LockRetry::off());
    let history = format!("{}_history", version.name);
    let exclude = [version.name.as_str(), history.as_str()];
    let mut heads: Vec<String> = Vec::new();
    let mut schemas = Vec::new();
    for target in [range.from.as_ref(), Some(&range.to)] {
        if let Some(rev) = target {
            crate::verify::climb(&runner, project, db, &mut heads, rev).await?;
        }
        schemas.push(inspect(db, &exclude).await?);
    }
    let after = schemas.pop().expect("two schemas");
    let before = schemas.pop().expect("two schemas");
    Ok((before, after))
}

/// What [`finish`] did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FinishReport {
    /// The squashed revisions now ordinary revisions.
    pub squashes: Vec<String>,
    /// The replaced scripts deleted.
    pub deleted: Vec<PathBuf>,
    /// The scripts whose `-- shale:revises` now names the squashed revision.
    pub rewired: Vec<PathBuf>,
    /// The database was at a range's end: its version row now names the squash.
    pub restamped: Option<String>,
}

/// Ends the active squashes: refuses when the database at `url` is inside a replaced range
/// (it still needs the original scripts); at a range's end, stamps it at the squash; then
/// points the revisions that revise a replaced revision at the squash, removes the
/// `-- shale:replaces` lines and deletes the replaced scripts. Checksums are untouched:
/// only header lines change.
pub async fn finish(project: &Project, url: &DbUrl) -> Result<FinishReport> {
    let squashes = project.squashes();
    if squashes.is_empty() {
        return finish_inert(project);
    }
    let migrator = Migrator::new(project, url.clone());
    let heads = migrator.current().await?;
    let mut restamp = None;
    for head in &heads {
        let Some(by) = squashes.replaced_by(head) else {
            continue;
        };
        let replaced = &squashes.squashes()[by];
        let end = range_end(project, replaced);
        if end.as_deref() != Some(head.as_str()) || heads.len() > 1 {
            return Err(AdoptError::InsideRange {
                head: head.clone(),
                squash: by.to_string(),
                end: end.unwrap_or_default(),
            }
            .into());
        }
        restamp = Some(by.to_string());
    }
    if let Some(squash) = &restamp {
        migrator.stamp(&Target::Rev(squash.clone())).await?;
    }
    let mut report = FinishReport {
        squashes: squashes.squashes().keys().cloned().collect(),
        deleted: Vec::new(),
        rewired: Vec::new(),
        restamped: restamp,
    };
    // The order keeps the folder loadable if the process is killed at any point, and each
    // file is replaced whole (a temporary file renamed over it): first the revisions after
    // a range point at its squash (the originals view reads that as the range's end), then
    // the replaced scripts go, each after those that revise it, and last the squash loses
    // its `-- shale:replaces` line (inert once they are all gone). Running `--finish`
    // again completes an interrupted one.
    let mut squash_headers = Vec::new();
    for (id, script) in project.scripts() {
        let rewired: Vec<String> = dedup(
            script
                .revises
                .iter()
                .map(|p| squashes.replaced_by(p).unwrap_or(p).to_string()),
        );
        if squashes.squashes().contains_key(id) {
            squash_headers.push((script.path.clone(), rewired));
        } else if squashes.replaced_by(id).is_none() && rewired != script.revises {
            rewrite_header(&script.path, &rewired, false)?;
            report.rewired.push(script.path.clone());
        }
    }
    let parents_of = |id: &str| project.script(id).map_or(Vec::new(), |s| s.revises.clone());
    for id in squashes.replaced_children_first(parents_of) {
        let path = &project
            .script(&id)
            .expect("a replaced script is present")
            .path;
        std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
        report.deleted.push(path.clone());
    }
    for (path, parents) in squash_headers {
        rewrite_header(&path, &parents, true)?;
        report.rewired.push(path);
    }
    report.rewired.sort();
    report.deleted.sort();
    Ok(report)
}

/// Completes a `--finish` that was stopped after the replaced scripts were deleted: the
/// `-- shale:replaces` lines left (naming no script any more) are removed. Nothing to
/// finish when there are none.
fn finish_inert(project: &Project) -> Result<FinishReport> {
    let mut inert: Vec<(&String, &script::Script)> = project
        .scripts()
        .iter()
        .filter(|(_, s)| !s.replaces.is_empty())
        .collect();
    if inert.is_empty() {
        return Err(AdoptError::NothingToFinish.into());
    }
    inert.sort_by(|a, b| a.0.cmp(b.0));
    let mut report = FinishReport {
        squashes: Vec::new(),
        deleted: Vec::new(),
        rewired: Vec::new(),
        restamped: None,
    };
    for (id, s) in inert {
        rewrite_header(&s.path, &s.revises, true)?;
        report.squashes.push(id.clone());
        report.rewired.push(s.path.clone());
    }
    Ok(report)
}

/// The end of a replaced range: the replaced revision no other replaced revision revises.
fn range_end(project: &Project, replaced: &[String]) -> Option<String> {
    let revised: HashSet<&str> = replaced
        .iter()
        .filter_map(|r| project.script(r))
        .flat_map(|s| s.revises.iter().map(String::as_str))
        .collect();
    let ends: Vec<&String> = replaced
        .iter()
        .filter(|r| !revised.contains(r.as_str()))
        .collect();
    match ends.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

fn dedup(ids: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Rewrites the header of the script at `path`: its `-- shale:revises` line names
/// `parents`, and (for a squash) its `-- shale:replaces` line is removed.
fn rewrite_header(path: &std::path::Path, parents: &[String], drop_replaces: bool) -> Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = String::with_capacity(text.len());
    let mut in_header = true;
    for line in text.split_inclusive('\n') {
        let directive = line.trim_start().strip_prefix("--").map(str::trim_start);
        let name = directive.and_then(|d| {
            d.get(..6)
                .filter(|p| p.eq_ignore_ascii_case("shale:"))
                .map(|_| &d[6..])
        });
        let is = |n: &str| {
            name.is_some_and(|rest| {
                rest.len() >= n.len()
                    && rest[..n.len()].eq_ignore_ascii_case(n)
                    && rest[n.len()..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace)
            })
        };
        if is("upgrade") || is("downgrade") {
            in_header = false;
        }
        if in_header && is("revises") {
            out.push_str(&format!("-- shale:revises {}\n", parents.join(" ")));
        } else if !(in_header && drop_replaces && is("replaces")) {
            out.push_str(line);
        }
    }
    write_atomically(path, &out)
}

/// Writes `text` to `path` whole or not at all: into a hidden temporary file next to it
/// (skipped by the script loader), synced, then renamed over `path`.
fn write_atomically(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .map_or_else(|| "script".into(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Revision;

    fn graph(revs: &[(&str, &[&str])]) -> RevisionGraph {
        RevisionGraph::new(
            revs.iter()
                .map(|(id, parents)| Revision {
                    id: id.to_string(),
                    parents: parents.iter().map(|p| p.to_string()).collect(),
                    message: String::new(),
                    path: PathBuf::from(format!("{id}.sql")),
                    branch_labels: Vec::new(),
                    depends_on: Vec::new(),
                })
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn a_range_is_resolved_parents_first() {
        let g = graph(&[("a", &[]), ("b", &["a"]), ("c", &["b"]), ("d", &["c"])]);
        let r = range(&g, "a:c").unwrap();
        assert_eq!((r.from.as_deref(), r.to.as_str()), (Some("a"), "c"));
        assert_eq!(r.revisions, ["b", "c"]);
        let r = range(&g, "c").unwrap();
        assert_eq!(
            (r.from, r.revisions),
            (None, vec!["a".into(), "b".into(), "c".into()])
        );
        let r = range(&g, "base:d").unwrap();
        assert_eq!(r.revisions.len(), 4);
    }

    #[test]
    fn a_range_with_a_branch_and_its_merge_inside_is_one_range() {
        let g = graph(&[
            ("a", &[]),
            ("b", &["a"]),
            ("c", &["a"]),
            ("m", &["b", "c"]),
            ("n", &["m"]),
        ]);
        assert_eq!(range(&g, "a:m").unwrap().revisions, ["b", "c", "m"]);
    }

    #[test]
    fn a_range_with_another_way_in_or_out_is_refused() {
        let g = graph(&[
            ("a", &[]),
            ("b", &["a"]),
            ("c", &["b"]),
            ("x", &["b"]),
            ("y", &[]),
            ("m", &["c", "y"]),
        ]);
        let err = range(&g, "a:c").unwrap_err().to_string();
        assert!(err.contains("x, outside the range, revises b"), "{err}");
        let err = range(&g, "b:c").unwrap_err().to_string();
        assert!(err.contains("holds 1 revision"), "{err}");
        let g = graph(&[
            ("a", &[]),
            ("b", &["a"]),
            ("y", &[]),
            ("m", &["b", "y"]),
            ("n", &["m"]),
        ]);
        // A root under TO that FROM does not reach is part of the range.
        assert_eq!(range(&g, "a:n").unwrap().revisions.len(), 4);
        let err = range(&g, "y:b").unwrap_err().to_string();
        assert!(err.contains("y is not an ancestor of b"), "{err}");
    }

    #[test]
    fn the_replaces_line_goes_under_revises() {
        let text =
            "-- shale:revision s\n-- shale:revises a\n-- shale:message m\n\n-- shale:upgrade\n";
        let out = with_replaces(text, &["b".into(), "c".into()]);
        assert_eq!(
            out,
            "-- shale:revision s\n-- shale:revises a\n-- shale:replaces b c\n-- shale:message m\n\n-- shale:upgrade\n"
        );
    }
}
