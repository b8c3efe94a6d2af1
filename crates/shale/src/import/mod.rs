//! Importing another tool's migration history as shale scripts.
//!
//! Pure, in three steps that take values and return values:
//!
//! * each tool's module (`sqlx`, `diesel`, `refinery`, `flyway`, `golang_migrate`,
//!   `dbmate`) reads a listing of [`SourceFile`]s — relative path and text — into
//!   [`Migration`]s, in the order the tool applies them;
//! * [`render`] turns them into [`ImportedScript`]s: one shale script per migration, a
//!   linear chain, the tool's SQL copied unchanged into the upgrade and downgrade
//!   sections, and a revision id derived from the tool's version ([`revision_id`]);
//! * [`applied`] checks the entries of the tool's own history table against the
//!   migrations and says which revision a live database is at, or lists what does not
//!   match.
//!
//! [`crate::db::tool_history`] holds the queries that read each tool's history table (the
//! only part that talks to a database). The CLI's `shale import` walks the folder, writes
//! the scripts and stamps the database.

pub mod alembic;
pub mod applied;
mod checksum;
mod common;
mod dbmate;
mod diesel;
mod error;
mod flyway;
mod golang_migrate;
mod migration;
mod refinery;
mod render;
mod sqlx;
mod tool;

pub use applied::{check_applied, AppliedEntry, EntryKind, Takeover};
pub use checksum::{crc32_lines, refinery_checksum, sha384_hex};
pub use error::ImportError;
pub use migration::{parse, Import, Migration, SourceFile};
pub use render::{render, revision_id, ImportedScript};
pub use tool::Tool;
