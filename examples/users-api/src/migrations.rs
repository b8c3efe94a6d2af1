//! The migrations, embedded at compile time: one folder per dialect, because SQLite and
//! PostgreSQL need different SQL for the same revisions (identity columns, and SQLite's
//! table rebuild where PostgreSQL alters a column in place). Both folders have the same
//! revision ids, messages and order.

use shale::dialect::Dialect;
use shale::url::DbUrl;
use shale::EmbeddedMigrations;

/// `migrations/sqlite` (shale.toml).
pub static SQLITE: EmbeddedMigrations = shale::embed_migrations!("migrations/sqlite");

/// `migrations/postgres` (shale-postgres.toml).
pub static POSTGRES: EmbeddedMigrations = shale::embed_migrations!("migrations/postgres");

/// The revision that adds `users.display_name`: the zero-downtime step of the history.
pub const ADD_DISPLAY_NAME: &str = "2b1f6d2e3c02";

/// Why no migrations fit a database URL.
#[derive(Debug, thiserror::Error)]
pub enum UnsupportedDatabase {
    #[error(transparent)]
    Url(#[from] shale::url::UrlError),
    #[error("users-api runs on SQLite or PostgreSQL, not on {0}")]
    Dialect(&'static str),
}

/// The migrations for the database at `url`.
pub fn for_url(url: &str) -> Result<&'static EmbeddedMigrations, UnsupportedDatabase> {
    match DbUrl::parse(url)?.dialect() {
        Dialect::Sqlite => Ok(&SQLITE),
        Dialect::Postgres => Ok(&POSTGRES),
        other => Err(UnsupportedDatabase::Dialect(other.name())),
    }
}
