//! The values every tool's reader produces — [`SourceFile`] in, [`Migration`]s and an
//! [`Import`] out — and [`parse`], which picks the reader.

use super::{ImportError, Tool};

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
    use super::{dbmate, diesel, flyway, golang_migrate, refinery, sqlx};
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
