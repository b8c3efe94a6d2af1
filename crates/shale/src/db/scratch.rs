//! Scratch databases: created by shale, used for a moment, dropped.
//!
//! SQL models are applied to a scratch database and inspected, so that the database
//! itself normalises types and defaults exactly as it reports them for the live
//! database. On SQLite the scratch database is a named shared-cache in-memory database
//! (kept alive by a connection the [`Scratch`] holds); on PostgreSQL and MariaDB it is a
//! `shale_scratch_<random>` database on the `dev_url` server, or else on the server of
//! the target database.

use super::{Db, DbError};
use crate::dialect::Dialect;
use crate::url::DbUrl;
use std::sync::atomic::{AtomicU32, Ordering};

/// A scratch database, dropped by [`Scratch::drop`].
#[derive(Debug)]
pub struct Scratch {
    /// The URL of the scratch database.
    pub url: DbUrl,
    /// Where to connect to drop it, and its name (server dialects).
    admin: Option<(DbUrl, String)>,
    /// SQLite: the connection that keeps the in-memory database alive.
    keeper: Option<Db>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database name no other scratch database is using: `shale_scratch_<random>`.
fn scratch_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = nanos
        ^ (u128::from(std::process::id()) << 64)
        ^ (u128::from(COUNTER.fetch_add(1, Ordering::Relaxed)) << 96);
    // FNV-1a over the seed's bytes spreads the bits of a clock that moves slowly.
    let hash = seed
        .to_le_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("shale_scratch_{hash:016x}")
}

impl Scratch {
    /// Creates a scratch database of `base`'s dialect: on `dev_url`'s server if given,
    /// else on `base`'s server.
    pub async fn create(base: &DbUrl, dev_url: Option<&DbUrl>) -> Result<Scratch, DbError> {
        let server = dev_url.unwrap_or(base);
        let name = scratch_name();
        if server.dialect() == Dialect::Sqlite {
            let url = DbUrl::parse(&format!("sqlite:file:{name}?mode=memory&cache=shared"))
                .expect("a valid SQLite URL");
            let keeper = Db::connect(&url).await?;
            return Ok(Scratch {
                url,
                admin: None,
                keeper: Some(keeper),
            });
        }
        let mut admin_db = connect_admin(server).await?;
        let created = admin_db.execute(&format!("CREATE DATABASE {name}")).await;
        admin_db.close().await;
        if let Err(err) = created {
            return Err(DbError::Statement {
                message: format!(
                    "cannot create the scratch database {name} on {server} (used to read the \
                     SQL models): {err}; grant the user the right to create databases, or set \
                     `dev_url` in shale.toml to a server where it may"
                ),
            });
        }
        Ok(Scratch {
            url: server.with_database(&name),
            admin: Some((server.clone(), name)),
            keeper: None,
        })
    }

    /// Drops the scratch database. PostgreSQL ends the connections still open on it
    /// (`DROP DATABASE … WITH (FORCE)`, PostgreSQL 13+).
    pub async fn drop(self) -> Result<(), DbError> {
        if let Some(keeper) = self.keeper {
            keeper.close().await;
        }
        let Some((server, name)) = self.admin else {
            return Ok(());
        };
        let sql = match server.dialect() {
            Dialect::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            _ => format!("DROP DATABASE IF EXISTS {name}"),
        };
        let mut db = connect_admin(&server).await?;
        let dropped = db.execute(&sql).await;
        db.close().await;
        dropped.map(|_| ()).map_err(|err| DbError::Statement {
            message: format!(
                "cannot drop the scratch database {name} on {server}: {err}; drop it by hand"
            ),
        })
    }
}

/// A connection on which `CREATE DATABASE` can run: PostgreSQL's `postgres` maintenance
/// database (a database cannot be dropped from a connection to itself), falling back to
/// the URL's own database; MariaDB's URL as given.
async fn connect_admin(server: &DbUrl) -> Result<Db, DbError> {
    if server.dialect() == Dialect::Postgres {
        if let Ok(db) = Db::connect(&server.with_database("postgres")).await {
            return Ok(db);
        }
    }
    Db::connect(server).await
}
