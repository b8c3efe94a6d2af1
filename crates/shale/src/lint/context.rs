//! [`LintContext`]: what a live database adds to linting — which tables exist and how
//! large they are, and which applied revisions were edited since.

use crate::db::{Connector, Db, Row};
use crate::dialect::Dialect;
use crate::migrator::Migrator;
use crate::Result;
use std::collections::{BTreeMap, BTreeSet};

/// Context for [`lint`](super::lint) beyond the scripts. `LintContext::default()` is
/// offline linting.
#[derive(Debug, Clone, Default)]
pub struct LintContext {
    /// Facts from the database, when one was reachable.
    pub database: Option<DatabaseFacts>,
}

/// What the live database says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatabaseFacts {
    /// Its tables by lowercase name, with the estimated row count when the database
    /// keeps one (PostgreSQL and MySQL statistics; none on SQLite).
    pub tables: BTreeMap<String, Option<u64>>,
    /// Applied revisions whose upgrade section changed after they were applied.
    pub modified: BTreeSet<String>,
}

impl DatabaseFacts {
    /// Whether the database has `table` (names compare case-insensitively).
    pub fn has_table(&self, table: &str) -> bool {
        self.tables.contains_key(&table.to_lowercase())
    }

    /// The estimated row count of `table`, when known.
    pub fn rows(&self, table: &str) -> Option<u64> {
        self.tables.get(&table.to_lowercase()).copied().flatten()
    }
}

/// The tables of the current schema with an estimated row count, per dialect.
/// PostgreSQL's `reltuples` is -1 for a table never analysed.
fn tables_query(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => {
            "SELECT c.relname, CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END \
             FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()"
        }
        Dialect::Mysql => {
            "SELECT table_name, table_rows FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"
        }
        Dialect::Sqlite => {
            "SELECT name, NULL FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
    }
}

/// Builds the table map from the rows of [`tables_query`].
fn tables_from_rows(rows: Vec<Row>) -> BTreeMap<String, Option<u64>> {
    rows.into_iter()
        .filter_map(|row| {
            let mut values = row.into_iter();
            let name = values.next().flatten()?;
            let rows = values.next().flatten().and_then(|n| n.trim().parse().ok());
            Some((name.to_lowercase(), rows))
        })
        .collect()
}

impl LintContext {
    /// Reads the context from the database of `migrator`: its tables, and the applied
    /// revisions edited since (see [`Migrator::modified`]).
    ///
    /// A database that shale has not migrated yet (at base: a fresh or scratch database)
    /// says nothing about the tables scripts will meet, so it gives offline context, as
    /// does a SQLite file that does not exist (which is not created).
    pub async fn from_database(migrator: &Migrator<'_>) -> Result<LintContext> {
        if let Connector::Url(url) = migrator.url() {
            let missing = |path: &str| !std::path::Path::new(path).exists();
            if url.dialect() == Dialect::Sqlite && url.sqlite_path().is_none_or(missing) {
                return Ok(LintContext::default());
            }
        }
        let heads = migrator.current().await?;
        if heads.is_empty() {
            return Ok(LintContext::default());
        }
        let mut db: Db = migrator.connect().await?;
        let facts = async {
            let modified = migrator.modified(&mut db, &heads).await?;
            let rows = db.query(tables_query(migrator.dialect())).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_from_literal_rows() {
        let rows = vec![
            vec![Some("Users".into()), Some("1200".into())],
            vec![Some("posts".into()), None],
            vec![None, Some("1".into())],
        ];
        let facts = DatabaseFacts {
            tables: tables_from_rows(rows),
            modified: BTreeSet::new(),
        };
        assert!(facts.has_table("USERS"));
        assert_eq!(facts.rows("users"), Some(1200));
        assert_eq!(facts.rows("posts"), None);
        assert!(!facts.has_table("comments"));
        assert_eq!(facts.tables.len(), 2);
    }
}
