//! Rendering [`Change`](crate::diff::Change)s as SQL for one dialect.
//!
//! Each dialect is a `SqlRenderer`; what they share is in `ddl`. Renderers track the
//! schema as the changes apply, because some statements need more than the change
//! itself: SQLite's table rebuild writes the table's whole new definition, and
//! PostgreSQL's enum rebuild must convert every column of that type.

mod alter_object;
mod ddl;
mod mysql;
mod mysql_online;
mod mysql_shadow;
mod postgres;
mod postgres_online;
mod rename_table;
mod renderer;
mod sqlite;
mod sync;

pub(crate) use ddl::{lower_renames, server_named_foreign_key};
pub(crate) use renderer::{annotate, SqlRenderer};
pub use renderer::{
    comment_lines, needs_foreign_keys_off, render, render_in, to_text, Form, Online,
    RenderedStatement,
};
