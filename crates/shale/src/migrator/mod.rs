//! The operations on a database: upgrade, downgrade, stamp, current, history log, `--sql`.
//!
//! A [`Migrator`] pairs a loaded [`Project`](crate::Project) with a database: a URL, or an application's
//! pool (see [`Connector`](crate::db::Connector)). Every operation that
//! writes takes the migration lock first (see [`crate::db::MigrationLock`]), reads the
//! heads under it, plans with the graph and hands the steps to the [`Runner`](crate::runner::Runner).

mod cancelled;
mod checks;
mod guard;
mod operations;
mod repair;
mod replica;
mod status;

pub use operations::{offline_sql, Migrator, Observer, Resume};
pub use repair::Edited;
pub use replica::ReplicaWait;
