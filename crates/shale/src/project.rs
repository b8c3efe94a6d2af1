//! A project: its configuration, its scripts and their revision graph, loaded and checked.

use crate::adopt::replaces::{Declared, Squashes};
use crate::config::Config;
use crate::graph::{Revision, RevisionGraph};
use crate::script::{self, NewScript, Script};
use crate::sources::{Folder, SourceError};
use crate::{Error, Result};
use std::collections::HashMap;
use std::path::PathBuf;

/// A loaded project: every script parsed and the graph built.
#[derive(Debug)]
pub struct Project {
    pub config: Config,
    /// The graph: with active squashes, their squashed view (see [`crate::adopt::replaces`]).
    pub graph: RevisionGraph,
    scripts: HashMap<String, Script>,
    /// The `-- shale:replaces` squashes whose replaced scripts are still there.
    squashes: Squashes,
    /// With active squashes, the graph of the original scripts (the squashes left out),
    /// for a database that is inside a squashed range.
    originals: Option<RevisionGraph>,
}

/// What [`Project::write_revision`] writes.
#[derive(Debug, Clone, Default)]
pub struct NewRevision {
    pub message: String,
    /// The revision id; random when `None`.
    pub rev_id: Option<String>,
    /// Parents; the project's single head when `None`.
    pub parents: Option<Vec<String>>,
    pub upgrade: String,
    pub downgrade: String,
    pub transactional: bool,
    /// Writes `-- shale:foreign-keys off` (SQLite table rebuilds).
    pub foreign_keys_off: bool,
    /// Branch labels for the new revision (`-- shale:branch-labels`).
    pub branch_labels: Vec<String>,
    /// Revisions (ids, prefixes or branch labels) the new one depends on
    /// (`-- shale:depends-on`): prefixes are written as full ids.
    pub depends_on: Vec<String>,
    /// The `[[sources]]` folder to write into (`--source NAME`); the project's own when
    /// `None`.
    pub source: Option<String>,
}

impl Project {
    /// Loads every script of `config`'s versions folder, and of each `[[sources]]`
    /// folder, and builds the graph.
    pub fn load(config: Config) -> Result<Project> {
        let scripts = script::load_dir(&config.versions_dir())?;
        if config.sources.is_empty() {
            return Project::from_scripts(config, scripts);
        }
        let mut folders = vec![Folder {
            name: None,
            scripts,
        }];
        for source in &config.sources {
            let scripts = match script::load_dir(&source.versions_dir()) {
                Err(script::ScriptError::VersionsDirNotFound { path }) => {
                    return Err(SourceError::Missing {
                        name: source.name.clone(),
                        path,
                    }
                    .into())
                }
                loaded => loaded?,
            };
            folders.push(Folder {
                name: Some(source.name.clone()),
                scripts,
            });
        }
        let scripts = crate::sources::combine(folders)?;
        Project::from_scripts(config, scripts)
    }

    /// The `[[sources]]` entry whose folder holds revision `id`'s script; `None` for the
    /// project's own folder (and for a revision without a script).
    pub fn source_of(&self, id: &str) -> Option<&crate::config::Source> {
        let dir = self.script(id)?.path.parent()?;
        self.config.sources.iter().find(|s| s.versions_dir() == dir)
    }

    /// Builds a project from scripts already parsed (e.g. embedded in a binary).
    pub fn from_scripts(config: Config, scripts: Vec<Script>) -> Result<Project> {
        let revisions = scripts
            .iter()
            .map(|s| Revision {
                id: s.revision.clone(),
                parents: s.revises.clone(),
                message: s.message.clone(),
                path: s.path.clone(),
                branch_labels: s.branch_labels.clone(),
                depends_on: s.depends_on.clone(),
            })
            .collect();
        let declared: Vec<Declared> = scripts
            .iter()
            .map(|s| Declared {
                id: &s.revision,
                parents: &s.revises,
                replaces: &s.replaces,
            })
            .collect();
        let squashes = Squashes::of(&declared)?;
        let (graph, originals) = if squashes.is_empty() {
            (RevisionGraph::new(revisions)?, None)
        } else {
            let originals = RevisionGraph::new(squashes.originals_view(revisions.clone()))?;
            let graph = RevisionGraph::new(squashes.squashed_view(revisions))?;
            (graph, Some(originals))
        };
        let scripts = scripts
            .into_iter()
            .map(|s| (s.revision.clone(), s))
            .collect();
        Ok(Project {
            config,
            graph,
            scripts,
            squashes,
            originals,
        })
    }

    /// The active squashes (`-- shale:replaces` with replaced scripts still there).
    pub fn squashes(&self) -> &Squashes {
        &self.squashes
    }

    /// The graph to plan a database at `heads` in: the originals view when a head is a
    /// revision that an active squash replaces (the database is inside the range, or at its
    /// end, and keeps running the original scripts), the project's graph otherwise.
    pub fn graph_for(&self, heads: &[String]) -> &RevisionGraph {
        match &self.originals {
            Some(originals) if heads.iter().any(|h| self.squashes.replaced_by(h).is_some()) => {
                originals
            }
            _ => &self.graph,
        }
    }

    /// The graph a `target` resolves in from `heads`: the view that alone knows the
    /// revision it names (a replaced revision: the originals; a squash: the squashed
    /// view), else [`Project::graph_for`] the heads.
    pub fn graph_for_target(
        &self,
        heads: &[String],
        target: &crate::graph::Target,
    ) -> &RevisionGraph {
        if let (Some(originals), crate::graph::Target::Rev(rev)) = (&self.originals, target) {
            match (
                self.graph.resolve(rev).is_ok(),
                originals.resolve(rev).is_ok(),
            ) {
                (true, false) => return &self.graph,
                (false, true) => return originals,
                _ => {}
            }
        }
        self.graph_for(heads)
    }

    /// What [`lint`](crate::lint::lint) reads of this project.
    pub fn lint_scripts(&self) -> crate::lint::Scripts<'_> {
        crate::lint::Scripts {
            graph: &self.graph,
            scripts: self.scripts(),
            allow: &self.config.lint.allow,
        }
    }

    /// Every script by revision id.
    pub fn scripts(&self) -> &HashMap<String, Script> {
        &self.scripts
    }

    /// The script of revision `id` (a full id).
    pub fn script(&self, id: &str) -> Option<&Script> {
        self.scripts.get(id)
    }

    /// The parent of a new revision: the single head, or none for the first revision.
    /// Several heads need an explicit `--head` (or a merge). With `[[sources]]`, only the
    /// heads of the folder `source` names count (the project's own for `None`): each
    /// library's branch has its own head.
    pub fn single_head_or_base(&self) -> Result<Vec<String>> {
        self.single_head_in(None)
    }

    fn single_head_in(&self, source: Option<&str>) -> Result<Vec<String>> {
        let mut heads = self.graph.heads();
        if !self.config.sources.is_empty() {
            heads.retain(|h| self.source_of(h).map(|s| s.name.as_str()) == source);
        }
        if heads.len() > 1 {
            return Err(crate::graph::GraphError::MultipleHeads {
                heads: heads.iter().map(|h| h.to_string()).collect(),
            }
            .into());
        }
        Ok(heads.iter().map(|h| h.to_string()).collect())
    }

    /// Writes a new revision script into the versions folder and returns its path.
    pub fn write_revision(&self, new: &NewRevision) -> Result<PathBuf> {
        let rev = match &new.rev_id {
            Some(id) => {
                if self.graph.get(id).is_some() {
                    return Err(Error::Usage(format!("revision {id} already exists")));
                }
                if !script::is_valid_revision_id(id) {
                    return Err(Error::Usage(format!(
                        "revision id `{id}` must be 1 to 32 characters among 0-9, a-z and `_`"
                    )));
                }
                id.clone()
            }
            None => random_rev_id(),
        };
        let dir = self.new_revision_dir(new)?;
        let parents = match &new.parents {
            Some(p) => p.clone(),
            None => self.single_head_in(new.source.as_deref())?,
        };
        self.check_parents_folder(new.source.as_deref(), &dir, &parents)?;
        self.check_labels(&rev, &new.branch_labels)?;
        let depends_on = new
            .depends_on
            .iter()
            .map(|dep| match self.graph.labelled(dep) {
                Some(_) => Ok(dep.clone()),
                None => self.graph.resolve(dep).map(str::to_string),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let now = crate::time::UtcTime::now();
        let text = script::render(&NewScript {
            revision: &rev,
            revises: &parents,
            message: &new.message,
            created: &now.rfc3339(),
            upgrade: &new.upgrade,
            downgrade: &new.downgrade,
            transactional: new.transactional,
            foreign_keys_off: new.foreign_keys_off,
            branch_labels: &new.branch_labels,
            depends_on: &depends_on,
        });
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let name = script::file_name(&self.config.file_template, &rev, &new.message, now.parts());
        let path = dir.join(name);
        if path.exists() {
            return Err(Error::Exists { path });
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }
}

impl Project {
    /// The folder a new revision goes to: the project's own, or the `[[sources]]` folder
    /// `--source` names when that folder is inside the project's (not a crate in cargo's
    /// registry).
    fn new_revision_dir(&self, new: &NewRevision) -> Result<PathBuf> {
        let Some(name) = &new.source else {
            return Ok(self.config.versions_dir());
        };
        let known = || self.config.sources.iter().map(|s| s.name.clone()).collect();
        let Some(source) = self.config.sources.iter().find(|s| &s.name == name) else {
            return Err(SourceError::UnknownSource {
                name: name.clone(),
                known: known(),
            }
            .into());
        };
        let dir = source.versions_dir();
        let absolute = |p: &std::path::Path| {
            // The folder of a `shale.toml` found as a bare file name is "".
            let p = match p.as_os_str().is_empty() {
                true => std::path::Path::new("."),
                false => p,
            };
            std::path::absolute(p)
                .ok()
                .and_then(|p| p.canonicalize().ok().or(Some(p)))
        };
        let inside = match (absolute(&dir), absolute(&self.config.hooks.dir)) {
            (Some(dir), Some(project)) => dir.starts_with(project),
            _ => false,
        };
        if !inside {
            return Err(SourceError::OutsideProject {
                name: name.clone(),
                path: dir,
            }
            .into());
        }
        Ok(dir)
    }

    /// Refuses a new revision in one folder whose parent is in another: an application
    /// revision on a library's head (the library's next release would fork its branch), or
    /// a library revision on an application's.
    fn check_parents_folder(
        &self,
        source: Option<&str>,
        dir: &std::path::Path,
        parents: &[String],
    ) -> Result<()> {
        if self.config.sources.is_empty() {
            return Ok(());
        }
        for parent in parents {
            let from = self.source_of(parent).map(|s| s.name.as_str());
            let err = match (from, source) {
                (Some(lib), _) => SourceError::ParentInSource {
                    head: parent.clone(),
                    name: lib.to_string(),
                },
                (None, Some(lib)) => SourceError::IntoApplication {
                    name: lib.to_string(),
                    revision: "(new)".to_string(),
                    path: dir.to_path_buf(),
                    how: "revises",
                    other: parent.clone(),
                    other_path: self
                        .script(parent)
                        .map_or_else(PathBuf::new, |s| s.path.clone()),
                },
                (None, None) => continue,
            };
            if from != source {
                return Err(err.into());
            }
        }
        Ok(())
    }

    /// Refuses branch labels that are malformed, taken, or a revision id.
    fn check_labels(&self, rev: &str, labels: &[String]) -> Result<()> {
        for (n, label) in labels.iter().enumerate() {
            if !script::is_valid_branch_label(label) {
                return Err(Error::Usage(format!(
                    "branch label `{label}` must be letters, digits and `_`, other than head, \
                     heads and base"
                )));
            }
            if let Some(holder) = self.graph.labelled(label) {
                return Err(Error::Usage(format!(
                    "branch label `{label}` is already on revision {holder}: a label names one \
                     branch; use `{label}@head` to revise its head"
                )));
            }
            if self.graph.get(label).is_some() || label == rev || labels[..n].contains(label) {
                return Err(Error::Usage(format!(
                    "branch label `{label}` is a revision id or given twice: choose another"
                )));
            }
        }
        Ok(())
    }
}

/// A random 12-hex-digit revision id. `RandomState` is seeded from the operating system's
/// randomness; mixing in the time keeps ids distinct within one process.
pub fn random_rev_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    hasher.write_u128(nanos);
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}
