//! SQL dialects and what each can do.
//!
//! Differences between databases are answered here, by capability methods, so that the
//! rest of the code asks "can this dialect do X?" instead of "is this PostgreSQL?".
//!
//! * [`Dialect`] and its capability methods (`transactional_ddl()`, `begin_sql()`,
//!   `commits_implicitly()` …), in `capabilities`.
//! * `reserved` — the words each dialect quotes as identifiers.
//! * [`render`] — a [`Change`](crate::diff::Change) as SQL of each dialect, one
//!   `SqlRenderer` per dialect; SQLite's table rebuild lives in its renderer.
//!
//! The catalog queries of each dialect stay with the code that runs them (`db/inspect`).

mod capabilities;
pub mod render;
mod reserved;

pub use capabilities::Dialect;
