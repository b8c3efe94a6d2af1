//! [`Migrator::status`]: where the database stands and what would stop the next run.

use super::Migrator;
use crate::db::Db;
use crate::status::{Interrupted, Status};
use crate::Result;

impl Migrator<'_> {
    /// Where the database stands and what would stop the next run (see [`Status`]).
    pub async fn status(&self) -> Result<Status> {
        let mut db = self.connect().await?;
        let result = self.status_on(&mut db).await;
        db.close().await;
        result
    }

    async fn status_on(&self, db: &mut Db) -> Result<Status> {
        let graph = &self.project.graph;
        let current = self.version.heads(db).await?;
        let version_problem = self.check_heads(&current).err().map(|e| e.to_string());
        let known: Vec<&str> = current
            .iter()
            .map(String::as_str)
            .filter(|h| graph.get(h).is_some())
            .collect();
        let applied = graph.ancestors_of(&known);
        let interrupted = self
            .version
            .interruption(db)
            .await?
            .map(|i| Interrupted::describe(self.project, &i));
        let modified = if version_problem.is_none() && self.version.exists(db).await? {
            self.modified(db, &current).await?
        } else {
            Vec::new()
        };
        // With rows that are not a valid set of heads, what is pending is unknown.
        let pending = match version_problem {
            Some(_) => Vec::new(),
            None => graph
                .topological()
                .into_iter()
                .filter(|id| !applied.contains(id))
                .map(str::to_string)
                .collect(),
        };
        Ok(Status {
            database: self.connector.to_string(),
            heads: graph.heads().iter().map(|h| h.to_string()).collect(),
            pending,
            revisions: graph.len(),
            current,
            interrupted,
            modified,
            version_problem,
        })
    }
}
