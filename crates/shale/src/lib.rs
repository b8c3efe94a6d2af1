//! shale: schema migrations for SQL databases.
//!
//! The pipeline, pure modules first:
//!
//! * [`script`] — migration scripts: directives, sections, statement splitting, checksums.
//! * [`graph`] — the [`graph::RevisionGraph`]: heads, branch points, targets, and the
//!   [`graph::Step`]s that take the database from its current heads to a target.
//! * [`plan`] — a migration as data: changes, their exact inverse, warnings.
//! * [`schema`] — the [`schema::Schema`] model shared by every source (live database,
//!   SQL models, Rust models) and consumed by the diff.
//! * [`config`], [`url`], [`dialect`] — configuration, database URLs, dialect capabilities.
//! * [`lint`] — dangerous operations in scripts, found by parsing their SQL.
//! * [`import`] — another tool's history (sqlx, diesel, refinery, Flyway, golang-migrate,
//!   dbmate; Alembic through its own offline mode) read into shale scripts, and its history table checked for a take-over.
//!
//! Then the edge, the only place that talks to a database:
//!
//! * [`db`] — connections, the migration lock, the version table, inspection.
//! * [`runner`] — applies steps, online or into an offline SQL sink.
//! * [`project`] and [`migrator`] — a loaded project, and the operations on a database
//!   that the CLI and embedding applications call.
//! * [`adopt`] — `baseline` (a live database's schema as a first revision) and `squash`.
//! * [`fleet`] — one history applied to many databases, with bounded parallelism.
//! * [`embed`] — migrations compiled into an application by [`embed_migrations!`], applied
//!   or checked at start-up.

pub mod adopt;
pub mod autogen;
pub mod cancel;
pub mod config;
pub mod db;
pub mod dialect;
pub mod diff;
pub mod embed;
pub mod error;
pub mod evidence;
pub mod fleet;
pub mod graph;
pub mod import;
pub mod lint;
pub mod migrator;
pub mod models;
pub mod plan;
pub mod project;
pub mod runner;
pub mod schema;
pub mod script;
pub mod sources;
pub mod status;
pub mod time;
pub mod url;
pub mod verify;

pub use cancel::Cancel;
pub use embed::EmbeddedMigrations;
pub use error::{Error, Result};
pub use migrator::Migrator;
pub use models::{Enum, Model};
pub use project::Project;
pub use shale_macros::embed_migrations;
