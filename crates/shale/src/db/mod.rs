//! The edge of the library that talks to databases.
//!
//! [`Db`] is the one driver seam: a connection to SQLite, PostgreSQL or MySQL/MariaDB with
//! three operations — execute a statement, fetch rows as text, and report the dialect.
//! Everything else (the version table, the lock, inspection, the runner) is generic code
//! over it. A SQLite URL is opened by shale's own connection (module `sqlite`), which calls
//! SQLite on the caller's thread; everything else goes through sqlx's `raw_sql` (the
//! simple-query / text protocol): no prepared statements, so any DDL runs, and every value
//! comes back as text.

pub mod admin;
mod connector;
mod driver;
pub mod inspect;
mod lock;
mod lock_table;
pub mod progress;
pub mod scratch;
mod server;
mod session;
mod sqlite;
pub mod tool_history;
pub mod version;

pub use connector::{Connector, ToConnector};
pub use driver::{Db, DbError, Row};
pub use lock::{LockError, LockHolder, LockNotice, MigrationLock};
pub(crate) use lock_table::is_write_conflict;
pub use lock_table::TableLock;
pub use server::Server;
pub use session::Session;

use driver::{describe, SQLITE_BUSY_TIMEOUT};
