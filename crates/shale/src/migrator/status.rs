//! [`Migrator::status`]: where the database stands and what would stop the next run.

use super::Migrator;
use crate::db::inspect::{table_sizes_sql, tables_from_rows};
use crate::db::progress::Interruption;
use crate::db::{Connector, Db};
use crate::lint::{DatabaseFacts, LintContext};
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

    /// `interruption` described against its script, with what the schema says about the
    /// statement that was in flight when it can tell ([`crate::evidence`]): one inspection,
    /// made only then.
    pub(super) async fn describe_interruption(
        &self,
        db: &mut Db,
        interruption: &Interruption,
    ) -> Interrupted {
        let described = Interrupted::describe(self.project, interruption);
        if !described.can_judge(db.dialect()) {
            return described;
        }
        match crate::db::inspect::inspect(db, &[]).await {
            Ok(schema) => described.judged(db.dialect(), &schema),
            Err(_) => described,
        }
    }

    async fn status_on(&self, db: &mut Db) -> Result<Status> {
        let current = self.version.heads(db).await?;
        let graph = self.project.graph_for(&current);
        let version_problem = self.check_heads(&current).err().map(|e| e.to_string());
        let known: Vec<&str> = current
            .iter()
            .map(String::as_str)
            .filter(|h| graph.get(h).is_some())
            .collect();
        let applied = graph.ancestors_of(&known);
        let interrupted = match self.version.interruption(db).await? {
            Some(i) => Some(self.describe_interruption(db, &i).await),
            None => None,
        };
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

    /// What the database tells lint: its tables and their sizes, and the applied revisions
    /// edited since (see [`Migrator::modified`]).
    ///
    /// A database that shale has not migrated yet (at base: a fresh or scratch database)
    /// says nothing about the tables scripts will meet, so it gives offline context, as
    /// does a SQLite file that does not exist (which is not created).
    pub async fn lint_context(&self) -> Result<LintContext> {
        if let Connector::Url(url) = self.url() {
            if url.sqlite_without_file() {
                return Ok(LintContext::default());
            }
        }
        let heads = self.current().await?;
        if heads.is_empty() {
            return Ok(LintContext::default());
        }
        let mut db: Db = self.connect().await?;
        let facts = async {
            let modified = self.modified(&mut db, &heads).await?;
            let rows = db.query(table_sizes_sql(self.dialect())).await?;
            Ok::<_, crate::Error>(DatabaseFacts {
                tables: tables_from_rows(rows),
                modified: modified.into_iter().collect(),
            })
        }
        .await;
        db.close().await;
        Ok(LintContext {
            database: Some(facts?),
        })
    }
}
