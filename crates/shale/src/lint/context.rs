//! [`LintContext`]: what a live database adds to linting — which tables exist and how
//! large they are, and which applied revisions were edited since.

use std::collections::{BTreeMap, BTreeSet};

/// Context for [`lint`](super::lint) beyond the scripts. `LintContext::default()` is
/// offline linting; [`Migrator::lint_context`](crate::Migrator::lint_context) reads it from
/// a database.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::inspect::tables_from_rows;

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
