//! [`Connector`]: where a [`Migrator`](crate::Migrator) opens its connections.
//!
//! Either a database URL (the CLI's case), or the connect options of an application's own
//! sqlx pool (an embedding application's case). Connections made from a pool's options use
//! the application's settings — credentials, TLS, file name — but are owned connections
//! outside the pool: the migration lock's session and the migration's connection never wait
//! for a free pool slot, and closing them leaves the pool as it was.

use super::{describe, Db, DbError, SQLITE_BUSY_TIMEOUT};
use crate::dialect::Dialect;
use crate::url::{DbUrl, UrlError};
use sqlx::mysql::{MySql, MySqlConnectOptions};
use sqlx::postgres::{PgConnectOptions, Postgres};
use sqlx::sqlite::{Sqlite, SqliteConnectOptions};
use sqlx::{ConnectOptions, Executor, Pool};
use std::fmt;

/// Where connections to the database come from.
#[derive(Clone)]
pub enum Connector {
    /// A database URL.
    Url(DbUrl),
    /// The connect options of an application's SQLite pool.
    Sqlite(SqliteConnectOptions),
    /// The connect options of an application's PostgreSQL pool.
    Postgres(PgConnectOptions),
    /// The connect options of an application's MySQL/MariaDB pool.
    Mysql(MySqlConnectOptions),
}

impl Connector {
    /// The dialect of the database.
    pub fn dialect(&self) -> Dialect {
        match self {
            Connector::Url(url) => url.dialect(),
            Connector::Sqlite(_) => Dialect::Sqlite,
            Connector::Postgres(_) => Dialect::Postgres,
            Connector::Mysql(_) => Dialect::Mysql,
        }
    }

    /// The database name on a server (`None` for SQLite).
    pub fn database(&self) -> Option<&str> {
        match self {
            Connector::Url(url) => url.database(),
            Connector::Sqlite(_) => None,
            Connector::Postgres(opts) => opts.get_database(),
            Connector::Mysql(opts) => opts.get_database(),
        }
    }

    /// Opens a new connection, set up as [`Db::connect`] sets up its own.
    pub async fn connect(&self) -> Result<Db, DbError> {
        let fail = |err: sqlx::Error| DbError::Connect {
            url: self.to_string(),
            message: describe(&err),
        };
        let db = match self {
            Connector::Url(url) => return Db::connect(url).await,
            Connector::Sqlite(opts) => {
                let opts = opts
                    .clone()
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true)
                    .disable_statement_logging();
                Db::SqliteSqlx(opts.connect().await.map_err(fail)?)
            }
            Connector::Postgres(opts) => {
                let opts = opts.clone().disable_statement_logging();
                let mut conn = opts.connect().await.map_err(fail)?;
                conn.execute(sqlx::raw_sql("SET client_min_messages = warning"))
                    .await
                    .map_err(fail)?;
                Db::Postgres(conn)
            }
            Connector::Mysql(opts) => {
                let opts = opts.clone().disable_statement_logging();
                Db::Mysql(opts.connect().await.map_err(fail)?)
            }
        };
        Ok(db)
    }
}

/// Shows the database without any password: the URL, or the pool's host and database.
impl fmt::Display for Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Connector::Url(url) => fmt::Display::fmt(url, f),
            Connector::Sqlite(opts) => {
                write!(f, "sqlite://{} (pool)", opts.get_filename().display())
            }
            Connector::Postgres(opts) => write!(
                f,
                "postgres://{}@{}:{}/{} (pool)",
                opts.get_username(),
                opts.get_host(),
                opts.get_port(),
                opts.get_database().unwrap_or("")
            ),
            Connector::Mysql(opts) => write!(
                f,
                "mysql://{}@{}:{}/{} (pool)",
                opts.get_username(),
                opts.get_host(),
                opts.get_port(),
                opts.get_database().unwrap_or("")
            ),
        }
    }
}

impl fmt::Debug for Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Connector({self})")
    }
}

impl From<DbUrl> for Connector {
    fn from(url: DbUrl) -> Self {
        Connector::Url(url)
    }
}

/// Anything a [`Connector`] can be made from: a URL (`&str`, `String`, [`DbUrl`]) or an
/// application's sqlx pool (`Pool<Sqlite>`, `Pool<Postgres>`, `Pool<MySql>`).
///
/// ```
/// use shale::db::ToConnector;
/// use shale::dialect::Dialect;
///
/// let from_url = "postgres://app:secret@db.internal/users".to_connector().unwrap();
/// assert_eq!(from_url.dialect(), Dialect::Postgres);
/// assert_eq!(from_url.to_string(), "postgres://app:***@db.internal/users");
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
/// let from_pool = pool.to_connector().unwrap();
/// let mut db = from_pool.connect().await.unwrap(); // a connection of its own
/// db.execute("CREATE TABLE t (id INTEGER)").await.unwrap();
/// db.close().await;
/// // The pool sees the same in-memory database.
/// sqlx::query("INSERT INTO t VALUES (1)").execute(&pool).await.unwrap();
/// # });
/// ```
pub trait ToConnector {
    /// The connector; fails only for a malformed URL.
    fn to_connector(&self) -> Result<Connector, UrlError>;
}

impl ToConnector for str {
    fn to_connector(&self) -> Result<Connector, UrlError> {
        DbUrl::parse(self).map(Connector::Url)
    }
}

impl ToConnector for String {
    fn to_connector(&self) -> Result<Connector, UrlError> {
        self.as_str().to_connector()
    }
}

impl ToConnector for DbUrl {
    fn to_connector(&self) -> Result<Connector, UrlError> {
        Ok(Connector::Url(self.clone()))
    }
}

impl ToConnector for Connector {
    fn to_connector(&self) -> Result<Connector, UrlError> {
        Ok(self.clone())
    }
}

impl ToConnector for Pool<Sqlite> {
    fn to_connector(&self) -> Result<Connector, UrlError> {
        Ok(Connector::Sqlite((*self.connect_options()).clone()))
    }
}

impl ToConnector for Pool<Postgres> {
    fn to_connector(&self) -> Result<Connector, UrlError> {
        Ok(Connector::Postgres((*self.connect_options()).clone()))
    }
}

impl ToConnector for Pool<MySql> {
    fn to_connector(&self) -> Result<Connector, UrlError> {
        Ok(Connector::Mysql((*self.connect_options()).clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn displays_without_password() {
        let url = "postgres://app:secret@db.internal:5433/users";
        let from_url = url.to_connector().unwrap();
        assert_eq!(
            from_url.to_string(),
            "postgres://app:***@db.internal:5433/users"
        );
        let from_opts = Connector::Postgres(PgConnectOptions::from_str(url).unwrap());
        assert_eq!(
            from_opts.to_string(),
            "postgres://app@db.internal:5433/users (pool)"
        );
        assert_eq!(from_opts.database(), Some("users"));
        assert_eq!(from_opts.dialect(), Dialect::Postgres);
        let mysql = Connector::Mysql(MySqlConnectOptions::from_str("mysql://r:pw@h/app").unwrap());
        assert!(!mysql.to_string().contains("pw"));
        assert_eq!(mysql.database(), Some("app"));
    }

    #[test]
    fn malformed_url_is_refused() {
        assert!(matches!(
            "nonsense".to_connector(),
            Err(UrlError::Malformed(_))
        ));
    }
}
