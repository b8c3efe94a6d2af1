//! [`Migrator::edited`] and [`Migrator::repair`]: after a deliberate edit of an applied
//! script (a comment, a formatting fix), the scripts whose upgrade section no longer has
//! the checksum recorded when it was applied, and recording the new checksum of the ones
//! the user names — never of all of them implicitly.
//!
//! A repair is a history row with direction `repair` carrying the section's new checksum;
//! from then on it is the checksum [`Migrator::modified`] compares with (as an `up` row's
//! would be), and the old rows stay in the log.

use super::Migrator;
use crate::db::version::HistoryEntry;
use crate::db::Db;
use crate::{Error, Result};
use std::path::PathBuf;

/// An applied script whose upgrade section changed since it was applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edited {
    pub revision: String,
    pub path: PathBuf,
    /// The checksum recorded when it was applied (or last repaired).
    pub recorded: String,
    /// The checksum of the section as the file is now.
    pub current: String,
}

impl Migrator<'_> {
    /// The applied scripts whose upgrade section changed since it was applied, by id.
    pub async fn edited(&self) -> Result<Vec<Edited>> {
        let mut db = self.connect().await?;
        let result = self.edited_on(&mut db).await;
        db.close().await;
        result
    }

    async fn edited_on(&self, db: &mut Db) -> Result<Vec<Edited>> {
        if !self.version.exists(db).await? {
            return Ok(Vec::new());
        }
        let heads = self.version.read_heads(db).await?;
        self.check_heads(&heads)?;
        let modified = self.modified(db, &heads).await?;
        let sums = self.version.applied_checksums(db).await?;
        Ok(modified
            .into_iter()
            .filter_map(|rev| {
                let script = self.project.script(&rev)?;
                Some(Edited {
                    path: script.path.clone(),
                    recorded: sums.get(&rev)?.clone(),
                    current: script.upgrade.checksum(),
                    revision: rev,
                })
            })
            .collect())
    }

    /// Records the current checksum of each revision in `revisions` (full ids or unique
    /// prefixes), each of which must be an applied script that was edited; under the
    /// migration lock, in one transaction. Returns what was recorded.
    pub async fn repair(&self, revisions: &[String]) -> Result<Vec<Edited>> {
        let mut db = self.connect().await?;
        let result = match self.guard(&mut db, &mut |_| {}).await.map(|(held, _)| held) {
            Ok(held) => {
                let result = self.repair_locked(&mut db, revisions).await;
                held.release(&mut db).await;
                result
            }
            Err(e) => Err(e),
        };
        db.close().await;
        result
    }

    async fn repair_locked(&self, db: &mut Db, revisions: &[String]) -> Result<Vec<Edited>> {
        // A repair row written after an interrupted revision's row would hide it.
        if let Some(i) = self.version.interruption(db).await? {
            let described = self.describe_interruption(db, &i).await;
            return Err(Error::Interrupted(Box::new(described)));
        }
        let edited = self.edited_on(db).await?;
        let mut chosen: Vec<Edited> = Vec::new();
        for name in revisions {
            let id = self.project.graph.resolve(name)?.to_string();
            let Some(e) = edited.iter().find(|e| e.revision == id) else {
                return Err(Error::Usage(format!(
                    "revision {id} has nothing to repair: it is not applied, or its upgrade section has the checksum recorded for it{}",
                    listing(&edited)
                )));
            };
            if !chosen.contains(e) {
                chosen.push(e.clone());
            }
        }
        let mut sql = Vec::with_capacity(chosen.len());
        for e in &chosen {
            sql.push(self.version.history_sql(&HistoryEntry {
                revision: &e.revision,
                direction: "repair",
                checksum: Some(&e.current),
                duration_ms: 0,
                detail: Some(&format!("was {}", e.recorded)),
            }));
        }
        db.execute(self.dialect().begin_sql()).await?;
        for stmt in &sql {
            if let Err(e) = db.execute(stmt).await {
                let _ = db.execute("ROLLBACK").await;
                return Err(e.into());
            }
        }
        db.execute("COMMIT").await?;
        Ok(chosen)
    }
}

/// `; the edited ones are: …` or `; no applied script is edited`.
fn listing(edited: &[Edited]) -> String {
    if edited.is_empty() {
        "; no applied script is edited".to_string()
    } else {
        let ids: Vec<&str> = edited.iter().map(|e| e.revision.as_str()).collect();
        format!("; the edited ones are: {}", ids.join(", "))
    }
}
