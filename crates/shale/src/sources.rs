//! Many crates, one history: the application's scripts and those of the libraries it uses
//! (crates that ship their own tables) loaded into one revision graph.
//!
//! Each library's folder starts its own branch: its first revision revises nothing and
//! carries a branch label (`-- shale:branch-labels authlib`), so `authlib@head` names its
//! head, and the version table holds one row per branch head. An application revision that
//! needs a library's table says so with `-- shale:depends-on`; the graph then applies the
//! library's revision first. The folders come from shale.toml's `[[sources]]` (the CLI) or
//! from [`EmbeddedMigrations::combine`](crate::embed::EmbeddedMigrations::combine) (the
//! embedded API); both go through [`combine`], so they accept and refuse the same folders.
//! See docs/crates.md.

use crate::script::Script;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One folder of scripts: the application's own, or a library's.
#[derive(Debug)]
pub struct Folder {
    /// The library's name (a `[[sources]]` name, or the embedded folder's location);
    /// `None` for the application's own folder.
    pub name: Option<String>,
    /// Its scripts, parsed.
    pub scripts: Vec<Script>,
}

/// Why folders of scripts cannot share one history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// A `[[sources]]` folder that is not there.
    #[error(
        "source `{name}`: its versions folder {} does not exist: check `path` under \
         [[sources]] in shale.toml (the folder that holds versions/, like script_location), \
         and that the crate is vendored there",
        .path.display()
    )]
    Missing { name: String, path: PathBuf },

    /// A library revision that starts a branch without a label to name it by.
    #[error(
        "{}: revision {revision} starts the branch of source `{name}` but carries no branch \
         label: a library's first revision needs `-- shale:branch-labels LABEL`, so that \
         `LABEL@head` names its branch and its head has its own row in the version table",
        .path.display()
    )]
    Unlabelled {
        name: String,
        revision: String,
        path: PathBuf,
    },

    /// A library revision that revises or depends on one of the application's.
    #[error(
        "{}: revision {revision} of source `{name}` {how} `{other}`, a revision of the \
         application's own folder ({}): a library cannot build on an application's \
         revisions; let the application's revision depend on the library's instead \
         (`-- shale:depends-on`)",
        .path.display(), .other_path.display()
    )]
    IntoApplication {
        name: String,
        revision: String,
        path: PathBuf,
        /// `revises` or `depends on`.
        how: &'static str,
        other: String,
        other_path: PathBuf,
    },

    /// `shale revision --source NAME` with a name that shale.toml does not list.
    #[error("--source {name}: shale.toml lists no such source{}", listed(.known))]
    UnknownSource { name: String, known: Vec<String> },

    /// A new revision into a folder outside the project (a crate in cargo's registry).
    #[error(
        "--source {name}: its folder {} is outside the project's folder: shale writes new \
         revisions only into folders of this project; a library's revisions are written \
         in the library's own repository",
        .path.display()
    )]
    OutsideProject { name: String, path: PathBuf },

    /// A new application revision whose parent is a library's revision.
    #[error(
        "--head {head} is a revision of source `{name}`: a new revision there belongs in \
         that source's folder (add `--source {name}`), and an application revision that \
         needs the library's tables depends on it instead (`--depends-on {head}`)"
    )]
    ParentInSource { head: String, name: String },
}

fn listed(known: &[String]) -> String {
    match known {
        [] => " (it has no [[sources]] tables)".to_string(),
        names => format!(" (it lists {})", names.join(", ")),
    }
}

/// Checks that `folders` can share one history and returns all their scripts.
///
/// Refused: a library revision that starts a branch (revises nothing) without a branch
/// label, and a library revision that revises or depends on a revision of the
/// application's folder. A revision id found in two folders is refused by the graph, which
/// names both files.
pub fn combine(folders: Vec<Folder>) -> crate::Result<Vec<Script>> {
    let mut app_ids: HashMap<&str, &Path> = HashMap::new();
    let mut app_labels: HashMap<&str, (&str, &Path)> = HashMap::new();
    for script in folders
        .iter()
        .filter(|f| f.name.is_none())
        .flat_map(|f| &f.scripts)
    {
        app_ids.insert(&script.revision, &script.path);
        for label in &script.branch_labels {
            app_labels.insert(label, (&script.revision, &script.path));
        }
    }
    for folder in &folders {
        let Some(name) = &folder.name else { continue };
        for script in &folder.scripts {
            if script.revises.is_empty() && script.branch_labels.is_empty() {
                return Err(SourceError::Unlabelled {
                    name: name.clone(),
                    revision: script.revision.clone(),
                    path: script.path.clone(),
                }
                .into());
            }
            let into = |how: &'static str, other: &str| {
                let other_path = app_ids
                    .get(other)
                    .copied()
                    .or_else(|| app_labels.get(other).map(|(_, p)| *p))?;
                Some(SourceError::IntoApplication {
                    name: name.clone(),
                    revision: script.revision.clone(),
                    path: script.path.clone(),
                    how,
                    other: other.to_string(),
                    other_path: other_path.to_path_buf(),
                })
            };
            let refs = script
                .revises
                .iter()
                .map(|r| ("revises", r))
                .chain(script.depends_on.iter().map(|d| ("depends on", d)));
            for (how, other) in refs {
                if let Some(err) = into(how, other) {
                    return Err(err.into());
                }
            }
        }
    }
    Ok(folders.into_iter().flat_map(|f| f.scripts).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(folder: &str, rev: &str, revises: &[&str], extra: &str) -> Script {
        let mut text = format!("-- shale:revision {rev}\n");
        if !revises.is_empty() {
            text.push_str(&format!("-- shale:revises {}\n", revises.join(", ")));
        }
        text.push_str(extra);
        text.push_str("-- shale:upgrade\nSELECT 1;\n");
        crate::script::parse(&Path::new(folder).join(format!("{rev}.sql")), &text).unwrap()
    }

    fn app(scripts: Vec<Script>) -> Folder {
        Folder {
            name: None,
            scripts,
        }
    }

    fn lib(scripts: Vec<Script>) -> Folder {
        Folder {
            name: Some("authlib".into()),
            scripts,
        }
    }

    #[test]
    fn folders_join_into_one_list() {
        let scripts = combine(vec![
            lib(vec![
                script("l", "l1", &[], "-- shale:branch-labels authlib\n"),
                script("l", "l2", &["l1"], ""),
            ]),
            app(vec![
                script("a", "a1", &[], ""),
                script("a", "a2", &["a1"], "-- shale:depends-on l2\n"),
            ]),
        ])
        .unwrap();
        let ids: Vec<&str> = scripts.iter().map(|s| s.revision.as_str()).collect();
        assert_eq!(ids, ["l1", "l2", "a1", "a2"]);
    }

    #[test]
    fn a_library_root_needs_a_label() {
        let err = combine(vec![lib(vec![script("l", "l1", &[], "")])]).unwrap_err();
        assert!(
            matches!(&err, crate::Error::Source(e) if matches!(**e, SourceError::Unlabelled { .. })),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(text.starts_with("l/l1.sql: revision l1"), "{text}");
        assert!(text.contains("-- shale:branch-labels"), "{text}");
    }

    #[test]
    fn a_library_cannot_build_on_the_application() {
        let err = combine(vec![
            app(vec![script("a", "a1", &[], "-- shale:branch-labels app\n")]),
            lib(vec![
                script("l", "l1", &[], "-- shale:branch-labels authlib\n"),
                script("l", "l2", &["l1"], "-- shale:depends-on app\n"),
            ]),
        ])
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("revision l2 of source `authlib` depends on `app`"),
            "{text}"
        );
        assert!(text.contains("a/a1.sql"), "{text}");
        let err = combine(vec![
            app(vec![script("a", "a1", &[], "")]),
            lib(vec![script("l", "l1", &["a1"], "")]),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("revises `a1`"), "{err}");
    }
}
