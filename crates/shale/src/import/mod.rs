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
//! [`history`] holds the queries that read each tool's history table (the only part that
//! talks to a database). The CLI's `shale import` walks the folder, writes the scripts and
//! stamps the database.

pub mod applied;
mod checksum;
mod common;
mod dbmate;
mod diesel;
mod error;
mod flyway;
mod golang_migrate;
pub mod history;
mod refinery;
mod render;
mod sqlx;

pub use applied::{check_applied, AppliedEntry, Takeover};
pub use checksum::{crc32_lines, refinery_checksum, sha384_hex};
pub use error::ImportError;
pub use render::{render, revision_id, ImportedScript};

/// A tool whose history shale imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tool {
    Sqlx,
    Diesel,
    Refinery,
    Flyway,
    GolangMigrate,
    Dbmate,
}

impl Tool {
    /// Every tool, in the order the documentation lists them.
    pub const ALL: [Tool; 6] = [
        Tool::Sqlx,
        Tool::Diesel,
        Tool::Refinery,
        Tool::Flyway,
        Tool::GolangMigrate,
        Tool::Dbmate,
    ];

    /// The tool's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Sqlx => "sqlx",
            Tool::Diesel => "diesel",
            Tool::Refinery => "refinery",
            Tool::Flyway => "flyway",
            Tool::GolangMigrate => "golang-migrate",
            Tool::Dbmate => "dbmate",
        }
    }

    /// The prefix of the revision ids imported from this tool (see [`revision_id`]).
    pub fn id_prefix(self) -> &'static str {
        match self {
            Tool::GolangMigrate => "migrate",
            other => other.name(),
        }
    }

    /// The folder the tool reads by default, relative to the project.
    pub fn default_dir(self) -> &'static str {
        match self {
            Tool::Flyway => "sql",
            Tool::Dbmate => "db/migrations",
            _ => "migrations",
        }
    }

    /// The table in which the tool records what it applied.
    pub fn history_table(self) -> &'static str {
        match self {
            Tool::Sqlx => "_sqlx_migrations",
            Tool::Diesel => "__diesel_schema_migrations",
            Tool::Refinery => "refinery_schema_history",
            Tool::Flyway => "flyway_schema_history",
            Tool::GolangMigrate | Tool::Dbmate => "schema_migrations",
        }
    }
}

/// One file of the tool's migrations folder: its path relative to the folder (`/`
/// separators) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    /// A file at `path` with `text`.
    pub fn new(path: &str, text: &str) -> Self {
        SourceFile {
            path: path.to_string(),
            text: text.to_string(),
        }
    }
}

/// One migration of the tool, as the tool applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The version as the tool records it in its history table (`20230101120000`,
    /// `1.1`); for a Flyway repeatable migration, empty.
    pub version: String,
    /// The name or description (`create users`).
    pub name: String,
    /// The upgrade SQL, exactly as in the tool's file.
    pub upgrade: String,
    /// The downgrade SQL, exactly as in the tool's file; `None` when the tool has none
    /// (or only whitespace and comments): the revision is imported as irreversible.
    pub downgrade: Option<String>,
    /// False when the tool runs the migration outside a transaction.
    pub transactional: bool,
    /// Why the migration runs outside a transaction, for the report.
    pub no_transaction_reason: Option<String>,
    /// The checksum the tool records for it, in the history table's spelling (hex
    /// SHA-384 for sqlx, the signed CRC32 for Flyway, the SipHash for refinery).
    pub checksum: Option<String>,
    /// The files it comes from.
    pub files: Vec<String>,
    /// A Flyway repeatable migration (`R__…`), imported after the versioned ones.
    pub repeatable: bool,
}

/// A tool's history read from its folder: the migrations in order, and notes for the
/// user about what was done with anything unusual (files skipped, placeholders).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Import {
    pub migrations: Vec<Migration>,
    pub notes: Vec<String>,
}

/// Reads `files` (a listing of the tool's migrations folder) into the tool's migrations,
/// in the order the tool applies them.
pub fn parse(tool: Tool, files: &[SourceFile]) -> Result<Import, ImportError> {
    let import = match tool {
        Tool::Sqlx => sqlx::parse(files)?,
        Tool::Diesel => diesel::parse(files)?,
        Tool::Refinery => refinery::parse(files)?,
        Tool::Flyway => flyway::parse(files)?,
        Tool::GolangMigrate => golang_migrate::parse(files)?,
        Tool::Dbmate => dbmate::parse(files)?,
    };
    if import.migrations.is_empty() {
        return Err(ImportError::Empty { tool: tool.name() });
    }
    Ok(import)
}
