//! Whole databases: create one, drop one (`shale database create|drop|reset`).
//!
//! On PostgreSQL the statements run on the `postgres` maintenance database (a database
//! cannot be created from, or dropped over, a connection to itself), falling back to
//! `template1`; on MySQL/MariaDB on the server without a default database. A SQLite
//! database is its file: created by opening it, dropped by removing it with its `-wal`,
//! `-shm` and `-journal` companions.

use super::{Db, DbError};
use crate::dialect::Dialect;
use crate::url::DbUrl;

/// Creates the database `url` names. Returns `false` when it already existed.
pub async fn create_database(url: &DbUrl) -> Result<bool, DbError> {
    if url.dialect() == Dialect::Sqlite {
        let path = sqlite_file(url)?;
        let existed = std::path::Path::new(path).exists();
        Db::connect(url).await?.close().await;
        return Ok(!existed);
    }
    let name = server_database(url)?;
    let mut admin = connect_admin(url).await?;
    let result = async {
        if exists(&mut admin, name).await? {
            return Ok(false);
        }
        let sql = format!("CREATE DATABASE {}", url.dialect().quote(name));
        admin.execute(&sql).await.map(|_| true)
    }
    .await;
    admin.close().await;
    result
}

/// Drops the database `url` names. Returns `false` when it did not exist. Fails while
/// other sessions are connected to it on PostgreSQL, as `DROP DATABASE` does.
pub async fn drop_database(url: &DbUrl) -> Result<bool, DbError> {
    if url.dialect() == Dialect::Sqlite {
        let path = sqlite_file(url)?;
        let existed = std::path::Path::new(path).exists();
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let file = format!("{path}{suffix}");
            match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(DbError::Statement {
                        message: format!("cannot remove {file}: {e}"),
                    })
                }
                _ => {}
            }
        }
        return Ok(existed);
    }
    let name = server_database(url)?;
    let mut admin = connect_admin(url).await?;
    let result = async {
        if !exists(&mut admin, name).await? {
            return Ok(false);
        }
        let sql = format!("DROP DATABASE {}", url.dialect().quote(name));
        admin.execute(&sql).await.map(|_| true)
    }
    .await;
    admin.close().await;
    result
}

/// Whether a database of this name exists on the server `admin` is connected to.
async fn exists(admin: &mut Db, name: &str) -> Result<bool, DbError> {
    let literal = admin.dialect().string_literal(name);
    let sql = match admin.dialect() {
        Dialect::Postgres => format!("SELECT datname FROM pg_database WHERE datname = {literal}"),
        _ => format!(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name = {literal}"
        ),
    };
    Ok(!admin.query(&sql).await?.is_empty())
}

/// The file of a SQLite URL; an in-memory database has none.
fn sqlite_file(url: &DbUrl) -> Result<&str, DbError> {
    url.sqlite_path().ok_or_else(|| DbError::Statement {
        message: format!("{url} is an in-memory database: there is no database to create or drop"),
    })
}

/// The database name of a server URL.
fn server_database(url: &DbUrl) -> Result<&str, DbError> {
    url.database().ok_or_else(|| DbError::Statement {
        message: format!("{url} names no database: add one, e.g. …/app"),
    })
}

/// A session on the server of `url` that is not on the database itself.
async fn connect_admin(url: &DbUrl) -> Result<Db, DbError> {
    match url.dialect() {
        Dialect::Postgres => match Db::connect(&url.with_database("postgres")).await {
            Ok(db) => Ok(db),
            Err(_) => Db::connect(&url.with_database("template1")).await,
        },
        _ => Db::connect(&url.with_database("")).await,
    }
}
