//! [`Settings`]: where the service listens and which database it uses, from the environment.

use std::net::SocketAddr;

/// The database used when `DATABASE_URL` is not set: a SQLite file next to the example's
/// Cargo.toml, so that `cargo run -p users-api` works from anywhere in the repository.
pub const DEFAULT_DATABASE_URL: &str =
    concat!("sqlite://", env!("CARGO_MANIFEST_DIR"), "/users.db");

/// The address used when `BIND_ADDR` is not set.
pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:3000";

/// The service's settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// Where to listen; port 0 picks a free port.
    pub bind_addr: SocketAddr,
}

/// A setting that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("BIND_ADDR `{value}` is not an address such as 127.0.0.1:3000: {source}")]
pub struct BadBindAddr {
    value: String,
    source: std::net::AddrParseError,
}

impl Settings {
    /// Reads `DATABASE_URL` and `BIND_ADDR`, with their defaults.
    pub fn from_env() -> Result<Settings, BadBindAddr> {
        let database_url =
            std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.into());
        let value = std::env::var("BIND_ADDR").unwrap_or_else(|_| DEFAULT_BIND_ADDR.into());
        let bind_addr = value
            .parse()
            .map_err(|source| BadBindAddr { value, source })?;
        Ok(Settings {
            database_url,
            bind_addr,
        })
    }
}
