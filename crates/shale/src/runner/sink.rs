//! [`Sink`]: where the runner sends SQL.

use crate::db::{Db, DbError};

/// Where the runner sends SQL: a live connection, or a script being written.
pub enum Sink<'a> {
    Database(&'a mut Db),
    Script(&'a mut String),
}

impl Sink<'_> {
    pub(super) async fn exec(&mut self, sql: &str) -> Result<(), DbError> {
        match self {
            Sink::Database(db) => db.execute(sql).await.map(|_| ()),
            Sink::Script(out) => {
                out.push_str(sql.trim_end());
                out.push_str(";\n");
                Ok(())
            }
        }
    }

    pub(super) fn comment(&mut self, text: &str) {
        if let Sink::Script(out) = self {
            out.push_str("\n-- ");
            out.push_str(text);
            out.push('\n');
        }
    }
}
