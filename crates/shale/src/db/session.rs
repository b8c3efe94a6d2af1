//! [`Session`]: how to reach a connection's server session from outside it — to cancel
//! the statement it runs, and to see when the server has ended it.

use super::{Connector, Db, DbError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A connection's session, as another connection (or thread) can address it.
#[derive(Clone)]
pub enum Session {
    /// A PostgreSQL backend process id (`pg_backend_pid()`).
    Postgres(i64),
    /// A MySQL/MariaDB connection id (`CONNECTION_ID()`).
    Mysql(i64),
    /// A SQLite connection of shale's own: `sqlite3_interrupt`, callable from any thread.
    Sqlite(Arc<dyn Fn() + Send + Sync>),
    /// A connection that cannot be reached from outside (SQLite through sqlx).
    Unreachable,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Session::Postgres(pid) => write!(f, "PostgreSQL backend {pid}"),
            Session::Mysql(id) => write!(f, "MySQL connection {id}"),
            Session::Sqlite(_) => f.write_str("SQLite connection"),
            Session::Unreachable => f.write_str("unreachable session"),
        }
    }
}

impl Db {
    /// This connection's session.
    pub async fn session(&mut self) -> Result<Session, DbError> {
        let sql = match self {
            Db::Sqlite(c) => return Ok(Session::Sqlite(Arc::new(c.interrupter()))),
            Db::SqliteSqlx(_) => return Ok(Session::Unreachable),
            Db::Postgres(_) => "SELECT pg_backend_pid()",
            Db::Mysql(_) => "SELECT CONNECTION_ID()",
        };
        let id = self
            .query(sql)
            .await?
            .first()
            .and_then(|r| r.first().cloned().flatten())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        Ok(match self {
            Db::Postgres(_) => Session::Postgres(id),
            _ => Session::Mysql(id),
        })
    }
}

impl Session {
    /// Interrupts what the session runs, from the calling thread, where that needs no
    /// connection (SQLite); true when done.
    pub fn interrupt_here(&self) -> bool {
        if let Session::Sqlite(interrupt) = self {
            interrupt();
            return true;
        }
        false
    }

    /// Cancels the statement the session is running, over a new connection to the same
    /// server: PostgreSQL's `pg_cancel_backend` (the running statement fails, and with it
    /// the rest of a multi-statement text and its transaction), MySQL's `KILL QUERY`.
    pub async fn cancel(&self, connector: &Connector) -> Result<(), DbError> {
        let sql = match self {
            Session::Postgres(pid) => format!("SELECT pg_cancel_backend({pid})"),
            Session::Mysql(id) => format!("KILL QUERY {id}"),
            Session::Sqlite(_) | Session::Unreachable => {
                self.interrupt_here();
                return Ok(());
            }
        };
        let mut db = connector.connect().await?;
        let result = db.execute(&sql).await;
        db.close().await;
        result.map(|_| ())
    }

    /// Waits until the server has ended the session (its client closed it), at most
    /// `timeout`: then what it committed is all it will ever commit. True when it ended.
    pub async fn wait_ended(&self, connector: &Connector, timeout: Duration) -> bool {
        let sql = match self {
            Session::Postgres(pid) => {
                format!("SELECT 1 FROM pg_stat_activity WHERE pid = {pid}")
            }
            Session::Mysql(id) => {
                format!("SELECT 1 FROM information_schema.processlist WHERE id = {id}")
            }
            Session::Sqlite(_) | Session::Unreachable => return true,
        };
        let Ok(mut db) = connector.connect().await else {
            return false;
        };
        let start = Instant::now();
        let mut ended = false;
        while start.elapsed() < timeout {
            match db.query(&sql).await {
                Ok(rows) if rows.is_empty() => {
                    ended = true;
                    break;
                }
                Ok(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                Err(_) => break,
            }
        }
        db.close().await;
        ended
    }
}
