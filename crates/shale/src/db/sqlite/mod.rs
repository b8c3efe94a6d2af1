//! shale's own SQLite connection, for database URLs: the C API called on the caller's
//! thread.
//!
//! sqlx hands every call on a SQLite connection to a worker thread of its own; for a run
//! of many small revisions those hand-overs (wake-ups of two threads, twice a revision)
//! cost more than SQLite's work. This connection makes the same calls on the thread that
//! awaits them. It opens URLs as sqlx did ([`open`]), and waits for another connection's
//! lock without holding the thread where SQLite allows it ([`busy`]).
//! Connections made from an application's sqlx pool options still go through sqlx, so
//! that the application's pragmas, collations and extensions apply.

mod busy;
mod connection;
mod open;
#[cfg(test)]
mod tests;

pub use connection::Connection;
