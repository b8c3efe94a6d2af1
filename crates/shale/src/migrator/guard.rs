//! What a command that writes does before its first write: probe the server (refusing a
//! read-only one at once), set up the session (Galera), and take the migration lock the
//! server allows — the session lock, or the lock table where no session lock holds for
//! every run (see [`crate::db::Server`]).

use super::{Migrator, Observer};
use crate::config::LockMode;
use crate::db::{Db, LockError, LockNotice, MigrationLock, Server, TableLock};
use crate::dialect::Dialect;
use crate::runner::Event;
use crate::{Error, Result};

/// The lock a run holds.
pub(super) enum Held {
    /// A lock of the session that does the work.
    Session(MigrationLock),
    /// A lock row, renewed on its own connection while the run works.
    Table(Box<TableLock>),
}

impl Migrator<'_> {
    /// Probes the server behind `db`, refuses it when read-only, sets up its session and
    /// takes the lock, telling `observe` when it must wait or takes over an expired row.
    /// Returns the lock and what the probe found.
    pub(super) async fn guard(&self, db: &mut Db, observe: Observer<'_>) -> Result<(Held, Server)> {
        let server = Server::probe(db, &self.connector).await?;
        if let Some(reason) = &server.read_only {
            return Err(Error::ReadOnly {
                server: self.connector.to_string(),
                reason: reason.clone(),
            });
        }
        let setup = server.session_setup();
        for stmt in &setup {
            db.execute(stmt).await?;
        }
        let mut notice = |n: LockNotice| match n {
            LockNotice::Waiting(holder) => observe(Event::Waiting { holder }),
            LockNotice::TakingOver(holder) => observe(Event::LockTakenOver { holder }),
        };
        let config = &self.project.config;
        let held = match config.lock {
            LockMode::Off => Held::Session(MigrationLock::none()),
            LockMode::Session if !server.needs_lock_table() => Held::Session(
                MigrationLock::acquire(
                    db,
                    self.connector.database(),
                    &self.version.name,
                    self.lock_timeout,
                    &mut notice,
                )
                .await
                .map_err(lock_error)?,
            ),
            // SQLite has one writer at a time: `BEGIN IMMEDIATE` is its lock.
            LockMode::Session | LockMode::Table if db.dialect() == Dialect::Sqlite => {
                Held::Session(MigrationLock::none())
            }
            LockMode::Session | LockMode::Table => Held::Table(Box::new(
                TableLock::acquire(
                    &self.connector,
                    &setup,
                    &self.version.name,
                    config.lock_expiry,
                    self.lock_timeout,
                    &mut notice,
                )
                .await
                .map_err(lock_error)?,
            )),
        };
        Ok((held, server))
    }
}

impl Held {
    /// Releases the lock; `db` is the session that took a session lock.
    pub(super) async fn release(self, db: &mut Db) {
        // A connection that broke released a session lock with its session; a lock row
        // that cannot be freed expires.
        let _ = match self {
            Held::Session(lock) => lock.release(db).await,
            Held::Table(lock) => lock.release().await,
        };
    }
}

fn lock_error(e: LockError) -> Error {
    match e {
        LockError::Db(db) => Error::Db(db),
        other => Error::Lock(other),
    }
}
