//! Scratch databases: created by shale, used for a moment, dropped.
//!
//! SQL models are applied to a scratch database and inspected, so that the database
//! itself normalises types and defaults exactly as it reports them for the live
//! database. On SQLite the scratch database is a named shared-cache in-memory database
//! (kept alive by a connection the [`Scratch`] holds); on PostgreSQL and MariaDB it is a
//! `shale_scratch_<unix seconds>_<16 hex digits>` database on the `dev_url` server, or
//! else on the server of the target database.
//!
//! A run that is killed leaves its scratch database behind. [`Scratch::create`] therefore
//! first drops, best effort, the scratch databases on the server whose name says they
//! were created more than [`STALE_AFTER`] ago, by the server's own clock. Only names of
//! exactly that form are touched; older shale versions' `shale_scratch_<16 hex digits>`
//! names carry no time and are left alone.

use super::{Db, DbError};
use crate::dialect::Dialect;
use crate::url::DbUrl;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// How old a scratch database must be before [`Scratch::create`] drops it as left over
/// from a killed run. A scratch database lives for one command (seconds, minutes for a
/// long `verify`), so an hour leaves a wide margin. A drop of one still in use fails (a
/// PostgreSQL database with connections is not dropped without `FORCE`) and is ignored.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// The start of every scratch database name.
const PREFIX: &str = "shale_scratch_";

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

/// A database name no other scratch database is using, carrying its creation time:
/// `shale_scratch_<created, unix seconds>_<16 random hex digits>`.
pub(crate) fn scratch_name(created: u64) -> String {
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
    format!("{PREFIX}{created}_{hash:016x}")
}

/// The creation time (unix seconds) in a scratch database name of exactly the form
/// [`scratch_name`] makes; `None` for any other name.
fn created_at(name: &str) -> Option<u64> {
    let (seconds, hash) = name.strip_prefix(PREFIX)?.split_once('_')?;
    let is_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let valid = (1..=20).contains(&seconds.len())
        && seconds.bytes().all(|b| b.is_ascii_digit())
        && hash.len() == 16
        && hash.bytes().all(is_hex);
    valid.then(|| seconds.parse().ok()).flatten()
}

/// The names among `names` of scratch databases created more than [`STALE_AFTER`]
/// before `now` (unix seconds). A time in the future (another clock) is not stale.
fn stale_names(names: &[String], now: u64) -> Vec<&str> {
    names
        .iter()
        .filter(|name| {
            created_at(name)
                .is_some_and(|created| now.saturating_sub(created) > STALE_AFTER.as_secs())
        })
        .map(String::as_str)
        .collect()
}

/// The current time as unix seconds on this machine.
fn local_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The server's current time as unix seconds on PostgreSQL: names and ages compare on
/// the server's one clock, whichever machine creates the scratch database.
const NOW_SQL_POSTGRES: &str = "SELECT CAST(CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) AS TEXT)";
/// The same on MySQL/MariaDB.
const NOW_SQL_MYSQL: &str = "SELECT CAST(UNIX_TIMESTAMP() AS CHAR)";
/// The databases whose names may be scratch databases on PostgreSQL (`_` matches any
/// character; [`created_at`] checks the exact form).
const LIST_SQL_POSTGRES: &str =
    "SELECT datname FROM pg_database WHERE datname LIKE 'shale_scratch_%'";
/// The same on MySQL/MariaDB.
const LIST_SQL_MYSQL: &str =
    "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'shale_scratch_%'";

impl Scratch {
    /// Creates a scratch database of `base`'s dialect: on `dev_url`'s server if given,
    /// else on `base`'s server.
    pub async fn create(base: &DbUrl, dev_url: Option<&DbUrl>) -> Result<Scratch, DbError> {
        let server = dev_url.unwrap_or(base);
        if server.dialect() == Dialect::Sqlite {
            let name = scratch_name(local_now());
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
        let now = server_now(&mut admin_db).await;
        if let Some(now) = now {
            drop_stale(&mut admin_db, now).await;
        }
        let name = scratch_name(now.unwrap_or_else(local_now));
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
    pub async fn drop(mut self) -> Result<(), DbError> {
        if let Some(keeper) = self.keeper.take() {
            keeper.close().await;
        }
        let Some((server, name)) = self.admin.take() else {
            return Ok(());
        };
        drop_database(&server, &name).await
    }
}

/// A scratch database that was not dropped with [`Scratch::drop`] — its operation was
/// cancelled (Ctrl-C drops the future that held it), failed early or panicked — is dropped
/// here, on a thread of its own with a runtime of its own, since this may run inside the
/// caller's runtime and cannot await.
impl Drop for Scratch {
    fn drop(&mut self) {
        let Some((server, name)) = self.admin.take() else {
            return;
        };
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(drop_database(&server, &name)).ok()
        })
        .join();
    }
}

async fn drop_database(server: &DbUrl, name: &str) -> Result<(), DbError> {
    let sql = match server.dialect() {
        Dialect::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        _ => format!("DROP DATABASE IF EXISTS {name}"),
    };
    let mut db = connect_admin(server).await?;
    if server.dialect() == Dialect::Mysql {
        revoke_table_grants(&mut db, name).await;
    }
    let dropped = db.execute(&sql).await;
    db.close().await;
    dropped.map(|_| ()).map_err(|err| DbError::Statement {
        message: format!(
            "cannot drop the scratch database {name} on {server}: {err}; drop it by hand"
        ),
    })
}

/// Revokes what the models granted on the scratch database `name`, its tables, columns
/// and routines: MySQL and MariaDB keep privileges after the object and its database are
/// dropped. Best effort: a grant that cannot be revoked (routine privileges where the
/// user cannot read `mysql.procs_priv`) is left behind, harmlessly, for a database that
/// no longer exists.
async fn revoke_table_grants(db: &mut Db, name: &str) {
    let list = format!(
        "SELECT DISTINCT GRANTEE, CONCAT('`{name}`.`', TABLE_NAME, '`') \
         FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = '{name}' \
         UNION SELECT DISTINCT GRANTEE, CONCAT('`{name}`.`', TABLE_NAME, '`') \
         FROM information_schema.COLUMN_PRIVILEGES WHERE TABLE_SCHEMA = '{name}' \
         UNION SELECT DISTINCT GRANTEE, '`{name}`.*' \
         FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA = '{name}'"
    );
    let routines = format!(
        "SELECT CONCAT(CHAR(39), User, CHAR(39), '@', CHAR(39), Host, CHAR(39)), \
           CONCAT(Routine_type, ' `{name}`.`', Routine_name, '`') \
         FROM mysql.procs_priv WHERE Db = '{name}'"
    );
    let mut rows = db.query(&list).await.unwrap_or_default();
    rows.extend(db.query(&routines).await.unwrap_or_default());
    for row in rows {
        if let [Some(grantee), Some(on)] = row.as_slice() {
            // `REVOKE ALL PRIVILEGES, GRANT OPTION` takes no `ON`: the two are revoked apart.
            for what in ["ALL PRIVILEGES", "GRANT OPTION"] {
                let _ = db
                    .execute(&format!("REVOKE {what} ON {on} FROM {grantee}"))
                    .await;
            }
        }
    }
}

/// The server's clock as unix seconds, if it can be read.
async fn server_now(db: &mut Db) -> Option<u64> {
    let sql = match db.dialect() {
        Dialect::Postgres => NOW_SQL_POSTGRES,
        _ => NOW_SQL_MYSQL,
    };
    let rows = db.query(sql).await.ok()?;
    rows.first()?.first()?.as_deref()?.parse().ok()
}

/// Drops the stale scratch databases on `db`'s server (see [`STALE_AFTER`]). Best effort:
/// a database that cannot be listed or dropped is left, and the run goes on.
async fn drop_stale(db: &mut Db, now: u64) {
    let list = match db.dialect() {
        Dialect::Postgres => LIST_SQL_POSTGRES,
        _ => {
            // A scratch database in use by a running transaction would make the drop wait
            // for its metadata lock (a year by default); give up after a few seconds.
            let _ = db.execute("SET SESSION lock_wait_timeout = 5").await;
            LIST_SQL_MYSQL
        }
    };
    let Ok(rows) = db.query(list).await else {
        return;
    };
    let names: Vec<String> = rows
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect();
    for name in stale_names(&names, now) {
        // No `WITH (FORCE)`: a database something is still connected to is not stale.
        let _ = db.execute(&format!("DROP DATABASE IF EXISTS {name}")).await;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_their_creation_time() {
        let name = scratch_name(1_790_000_000);
        assert!(name.starts_with("shale_scratch_1790000000_"), "{name}");
        assert_eq!(created_at(&name), Some(1_790_000_000));
        assert_ne!(scratch_name(1), scratch_name(1));
    }

    /// Which names are stale at `NOW`: only shale's exact pattern, only when old enough.
    #[test]
    fn only_old_names_of_the_exact_pattern_are_stale() {
        const NOW: u64 = 1_790_000_000;
        let hour = STALE_AFTER.as_secs();
        let at = |created: u64, hash: &str| format!("shale_scratch_{created}_{hash}");
        // (name, stale)
        let cases = [
            (at(NOW - hour - 1, "0123456789abcdef"), true),
            (at(0, "ffffffffffffffff"), true),
            (at(NOW - hour, "0123456789abcdef"), false),
            (at(NOW - 60, "0123456789abcdef"), false),
            (at(NOW + 3 * hour, "0123456789abcdef"), false),
            // Old-format names carry no time.
            ("shale_scratch_0123456789abcdef".into(), false),
            // Anything else is not shale's.
            ("shale_scratchy".into(), false),
            ("shale_scratchy_1_0123456789abcdef".into(), false),
            (at(1, "0123456789ABCDEF"), false),
            (at(1, "0123456789abcde"), false),
            (at(1, "0123456789abcdef0"), false),
            (format!("{}_x", at(1, "0123456789abcdef")), false),
            ("shale_scratch__0123456789abcdef".into(), false),
            ("shale_scratch_-1_0123456789abcdef".into(), false),
            ("app_shale_scratch_1_0123456789abcdef".into(), false),
            (
                "shale_scratch_99999999999999999999999_0123456789abcdef".into(),
                false,
            ),
        ];
        let names: Vec<String> = cases.iter().map(|(n, _)| n.clone()).collect();
        let expected: Vec<&str> = cases
            .iter()
            .filter(|(_, stale)| *stale)
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(stale_names(&names, NOW), expected);
    }
}
