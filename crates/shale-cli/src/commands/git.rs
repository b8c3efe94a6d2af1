//! Asking git which scripts changed: `shale lint --since GIT_REF`.

use shale::{Error, Project, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The revisions whose scripts were added or changed since `git_ref` (committed, staged
/// or not) or are untracked, parents before children.
pub fn changed_revisions(project: &Project, git_ref: &str) -> Result<Vec<String>> {
    let dir = project.config.versions_dir();
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    // Paths come back relative to `dir` (`--relative`, and ls-files run inside it).
    let mut changed: HashSet<PathBuf> = HashSet::new();
    let diff = git(
        &dir,
        &[
            "diff",
            "--name-only",
            "--relative",
            "--diff-filter=ACMR",
            git_ref,
            "--",
            ".",
        ],
    )?;
    let untracked = git(
        &dir,
        &["ls-files", "--others", "--exclude-standard", "--", "."],
    )?;
    changed.extend(diff.lines().chain(untracked.lines()).map(PathBuf::from));
    let order = project.graph.topological();
    Ok(order
        .into_iter()
        .filter(|id| {
            project
                .script(id)
                .and_then(|s| s.path.strip_prefix(&dir).ok())
                .is_some_and(|relative| changed.contains(relative))
        })
        .map(str::to_string)
        .collect())
}

/// Runs `git ARGS` in `dir` and returns its stdout; a failure names git's message.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| Error::External {
            program: "git".to_string(),
            message: format!("cannot run it ({e}); `lint --since` needs git on PATH"),
        })?;
    if !output.status.success() {
        return Err(Error::External {
            program: "git".to_string(),
            message: format!(
                "`git {}` in {}: {}",
                args.join(" "),
                dir.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            ),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
