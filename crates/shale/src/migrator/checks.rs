//! The checks a run makes before its first statement: the version rows, edited scripts, and
//! where an interrupted revision resumes.

use super::{Migrator, Resume};
use crate::db::progress::{Interruption, Progress};
use crate::db::Db;
use crate::graph::{Direction, GraphError, Step};
use crate::runner::{direction_command, resume_command};
use crate::{Error, Result};

impl Migrator<'_> {
    /// The statement (0-based) to resume the interrupted revision from, after checking that
    /// the plan starts with it, in the same direction, and that the statements already
    /// applied are still the script's.
    pub(super) fn resume_point(
        &self,
        interruption: &Interruption,
        resume: Resume,
        dir: Direction,
        steps: &[Step],
    ) -> Result<usize> {
        let rev = &interruption.revision;
        let cannot = |why: String| Error::Usage(format!("cannot resume revision {rev}: {why}"));
        let Some(progress) = &interruption.progress else {
            return Err(cannot(
                "its failure was recorded without a statement count (by an older shale); \
                 repair the database by hand and `shale stamp` the revision it is at"
                    .into(),
            ));
        };
        if progress.direction != dir {
            let cmd = direction_command(progress.direction);
            let resume = resume_command(progress.direction);
            return Err(cannot(format!(
                "it stopped during {cmd}; resume it with `shale {resume} --resume`"
            )));
        }
        match steps.first() {
            Some(step) if step.revision == *rev => {}
            other => {
                return Err(cannot(format!(
                    "the first step towards the target is {}; choose a target that \
                     passes through {rev}, or `shale stamp`",
                    other.map_or("nothing", |s| s.revision.as_str())
                )))
            }
        }
        let script = self
            .project
            .script(rev)
            .ok_or_else(|| cannot("no script has it".into()))?;
        let section = match dir {
            Direction::Up => &script.upgrade,
            Direction::Down => &script.downgrade,
        };
        let statements = section.statements();
        let unchanged = interruption.checksum.as_deref() == Some(section.checksum().as_str());
        let prefix_kept = statements.len() >= progress.done
            && Progress::prefix_hash(&statements[..progress.done]) == progress.prefix;
        if !unchanged && !prefix_kept {
            return Err(cannot(format!(
                "{} changed in statements 1-{} since they took effect; restore them, or repair \
                 the database by hand and `shale stamp` the revision it is at",
                script.path.display(),
                progress.done
            )));
        }
        match resume {
            Resume::Next => Ok(progress.done),
            Resume::From(n) if (1..=statements.len() + 1).contains(&n) => Ok(n - 1),
            Resume::From(n) => Err(cannot(format!(
                "--resume-from {n} is not a statement of it (1-{})",
                statements.len()
            ))),
        }
    }

    /// The version table must hold a valid set of heads: known revisions, none an
    /// ancestor of another. A database at a revision that no script has is reported, never
    /// treated as base; rows written by hand are named with the way out.
    pub(super) fn check_heads(&self, heads: &[String]) -> Result<()> {
        let graph = self.project.graph_for(heads);
        let invalid = |problem: String| Error::VersionRows {
            table: self.version.name.clone(),
            rows: heads.to_vec(),
            problem,
        };
        if heads.iter().any(|h| h.trim().is_empty()) {
            return Err(invalid("an empty revision id".into()));
        }
        if let Some(unknown) = heads.iter().find(|h| graph.get(h).is_none()) {
            if heads.len() == 1 {
                return Err(GraphError::CurrentNotInGraph {
                    revision: unknown.clone(),
                }
                .into());
            }
            return Err(invalid(format!("`{unknown}`, which no script has")));
        }
        for head in heads {
            let below = graph.parent_ancestors_of(&[head.as_str()]);
            let under = heads
                .iter()
                .find(|o| *o != head && below.contains(o.as_str()));
            if let Some(other) = under {
                return Err(invalid(format!(
                    "`{other}` is an ancestor of `{head}`: two rows on one branch"
                )));
            }
        }
        Ok(())
    }

    /// Applied revisions whose upgrade section changed since they were applied.
    pub async fn modified(&self, db: &mut Db, heads: &[String]) -> Result<Vec<String>> {
        let sums = self.version.applied_checksums(db).await?;
        let refs: Vec<&str> = heads.iter().map(String::as_str).collect();
        let mut modified: Vec<String> = self
            .project
            .graph_for(heads)
            .ancestors_of(&refs)
            .into_iter()
            .filter_map(|rev| {
                let recorded = sums.get(rev)?;
                let script = self.project.script(rev)?;
                (script.upgrade.checksum() != *recorded).then(|| rev.to_string())
            })
            .collect();
        modified.sort();
        Ok(modified)
    }

    pub(super) async fn check_unmodified(&self, db: &mut Db, heads: &[String]) -> Result<()> {
        if let Some(rev) = self.modified(db, heads).await?.into_iter().next() {
            let path = self
                .project
                .script(&rev)
                .map(|s| s.path.clone())
                .unwrap_or_default();
            return Err(Error::Modified {
                revision: rev,
                path,
            });
        }
        Ok(())
    }
}
