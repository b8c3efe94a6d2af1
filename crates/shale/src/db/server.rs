//! [`Server`]: what a connection reached — a read-only replica, a Galera node, a
//! connection pooler — the facts that decide whether a run may write and how it locks.
//!
//! * Read-only: PostgreSQL `pg_is_in_recovery()` (a streaming replica) or
//!   `default_transaction_read_only`; MySQL/MariaDB `@@read_only` / `@@super_read_only`.
//! * Galera: `wsrep_on = ON` with a `wsrep_cluster_size` status. `GET_LOCK` there is per
//!   node, so runs use the lock table; DDL runs under Total Order Isolation
//!   (`wsrep_OSU_method = TOI`, set on the session), and reads wait for the cluster's
//!   earlier commits (`wsrep_sync_wait = 1`), so a run sees the version rows another node
//!   just wrote.
//! * PgBouncer: in transaction pooling a session advisory lock stays on the server
//!   connection that happened to run it. PostgreSQL reports its own port in
//!   `inet_server_port()`; when that is not the port shale connected to (or is NULL: the
//!   pooler reached the server over a socket), something sits in between, and PgBouncer is
//!   the one that answers `SHOW VERSION` on its admin console (database `pgbouncer`) — or
//!   refuses a non-admin user there with "not allowed", which PostgreSQL never says. Runs
//!   through PgBouncer, in any pool mode, use the lock table.

use super::{Connector, Db, DbError};
use crate::dialect::Dialect;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor};
use std::str::FromStr;
use std::time::Duration;

/// What a connection reached.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Server {
    /// Why the server refuses writes (`pg_is_in_recovery()`, `@@read_only` …); `None`
    /// when it takes them.
    pub read_only: Option<String>,
    /// The cluster's size when the server is a Galera node.
    pub galera: Option<u32>,
    /// PgBouncer's version (`PgBouncer 1.18.0`) when connections go through it.
    pub pgbouncer: Option<String>,
    /// The MySQL-protocol server is MariaDB (`@@version` says so).
    pub mariadb: bool,
}

/// How long the PgBouncer admin-console probe may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

impl Server {
    /// Probes the server behind `db`, a connection made by `connector`.
    pub async fn probe(db: &mut Db, connector: &Connector) -> Result<Server, DbError> {
        match db.dialect() {
            Dialect::Sqlite => Ok(Server::default()),
            Dialect::Postgres => probe_postgres(db, connector).await,
            Dialect::Mysql => probe_mysql(db).await,
        }
    }

    /// Whether a session lock cannot serialise runs here, so the lock table must.
    pub fn needs_lock_table(&self) -> bool {
        self.galera.is_some() || self.pgbouncer.is_some()
    }

    /// Statements that set up a session on this server before a run (Galera: TOI for DDL,
    /// causal reads).
    pub fn session_setup(&self) -> Vec<String> {
        if self.galera.is_none() {
            return Vec::new();
        }
        vec![
            "SET SESSION wsrep_OSU_method = 'TOI'".to_string(),
            "SET SESSION wsrep_sync_wait = 1".to_string(),
        ]
    }
}

async fn probe_postgres(db: &mut Db, connector: &Connector) -> Result<Server, DbError> {
    let rows = db
        .query(
            "SELECT pg_is_in_recovery()::text, current_setting('default_transaction_read_only'), \
             COALESCE(inet_server_port()::text, '')",
        )
        .await?;
    let v = |i: usize| {
        rows.first()
            .and_then(|r| r.get(i).cloned().flatten())
            .unwrap_or_default()
    };
    let read_only = if v(0) == "true" || v(0) == "t" {
        Some("a standby in recovery: pg_is_in_recovery() is true".to_string())
    } else if v(1) == "on" {
        Some("default_transaction_read_only is on".to_string())
    } else {
        None
    };
    let opts = match connector {
        Connector::Url(url) => PgConnectOptions::from_str(url.expose()).ok(),
        Connector::Postgres(opts) => Some(opts.clone()),
        _ => None,
    };
    let pgbouncer = match opts {
        Some(opts) if in_between(&opts, &v(2)) => pgbouncer_version(opts).await,
        _ => None,
    };
    Ok(Server {
        read_only,
        galera: None,
        pgbouncer,
        mariadb: false,
    })
}

/// Whether the server's own port (`inet_server_port()`, empty for a socket) says that the
/// connection went through something listening elsewhere.
fn in_between(opts: &PgConnectOptions, server_port: &str) -> bool {
    if server_port.is_empty() {
        // The server was reached over a Unix socket: by us, or by a pooler we reached by TCP.
        return !opts.get_host().starts_with('/');
    }
    server_port != opts.get_port().to_string()
}

/// PgBouncer's `SHOW VERSION`, asked on its admin console at the same address.
async fn pgbouncer_version(opts: PgConnectOptions) -> Option<String> {
    let opts = opts.database("pgbouncer").disable_statement_logging();
    let probe = async {
        let mut conn = match opts.connect().await {
            Ok(conn) => conn,
            Err(e) => {
                let text = e.to_string();
                return text
                    .contains("not allowed")
                    .then(|| "PgBouncer (its admin console refused this user)".to_string());
            }
        };
        // `Executor::fetch_all` (a boxed `Send` future), not `RawSql::fetch_all`: see
        // `Db::execute` (sqlx issue #3150).
        let rows = conn.fetch_all(sqlx::raw_sql("SHOW VERSION")).await;
        let _ = conn.close().await;
        let rows = rows.ok()?;
        let row = rows.first()?;
        let version: Option<String> = sqlx::Row::try_get_unchecked(row, 0).ok();
        version.filter(|v| v.starts_with("PgBouncer"))
    };
    tokio::time::timeout(PROBE_TIMEOUT, probe)
        .await
        .ok()
        .flatten()
}

async fn probe_mysql(db: &mut Db) -> Result<Server, DbError> {
    let rows = db
        .query(
            "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'super_read_only', 'wsrep_on', 'version')",
        )
        .await?;
    let value = |name: &str| {
        rows.iter()
            .find(|r| r.first().cloned().flatten().as_deref() == Some(name))
            .and_then(|r| r.get(1).cloned().flatten())
            .unwrap_or_default()
    };
    let read_only = ["super_read_only", "read_only"]
        .into_iter()
        .find(|name| value(name) == "ON" || value(name) == "1")
        .map(|name| format!("@@{name} is ON"));
    let galera = if value("wsrep_on") == "ON" {
        let status = db.query("SHOW STATUS LIKE 'wsrep_cluster_size'").await?;
        status
            .first()
            .and_then(|r| r.get(1).cloned().flatten())
            .and_then(|v| v.parse().ok())
            .filter(|size: &u32| *size > 0)
    } else {
        None
    };
    Ok(Server {
        read_only,
        galera,
        pgbouncer: None,
        mariadb: value("version").contains("MariaDB"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_different_server_port_means_something_in_between() {
        let opts = PgConnectOptions::from_str("postgres://u@127.0.0.1:16433/app").unwrap();
        assert!(in_between(&opts, "5432"));
        assert!(in_between(&opts, ""));
        assert!(!in_between(&opts, "16433"));
        let socket = PgConnectOptions::from_str("postgres://u@%2Fvar%2Frun%2Fpostgresql/app");
        if let Ok(socket) = socket {
            if socket.get_host().starts_with('/') {
                assert!(!in_between(&socket, ""));
            }
        }
    }

    #[test]
    fn galera_sessions_run_ddl_under_toi_with_causal_reads() {
        let galera = Server {
            galera: Some(3),
            ..Server::default()
        };
        assert!(galera.needs_lock_table());
        assert!(galera.session_setup()[0].contains("TOI"));
        assert!(Server::default().session_setup().is_empty());
        assert!(!Server::default().needs_lock_table());
    }
}
