//! Autogenerate's pure core: compare two [`Schema`](crate::schema::Schema)s, produce
//! typed [`Change`]s in a safe order, and render them — and their exact inverse — as SQL.
//!
//! ```text
//! current (database) ─┐
//!                     ├─ diff ─► Diff { changes, suspected_renames }
//! desired (models) ───┘                │
//!          render(dialect, current, changes) ─► statements (a Plan holds both directions)
//! ```
//!
//! * [`diff()`] — the comparison, with declared renames ([`DiffOptions`]) and the
//!   NOT NULL backfill plan (add nullable, [`Change::Backfill`], set NOT NULL).
//! * [`Change`] — one change; [`Change::reverse`] is its exact inverse.
//! * [`render`] — SQL per [`Dialect`](crate::dialect::Dialect), with data-loss warnings
//!   attached to statements; SQLite's table rebuild lives in its renderer.
//!   [`reverse_changes`] is the exact inverse; [`crate::plan::Plan`] puts both together.
//! * [`NamingConvention`] / [`apply_naming`] — stable names for unnamed constraints.
//! * [`apply_all`] — what a schema looks like after changes, without a database.
//! * Spelling is not a change: type aliases and display widths compare equal
//!   ([`ColumnType::same_as`](crate::schema::ColumnType::same_as)), and so do casts and
//!   quoting in defaults and expressions.
//!
//! No I/O happens here: the inputs and outputs are values.

mod apply;
mod canonical;
mod change;
mod compare;
mod naming;
mod order;
mod parts;
#[cfg(test)]
mod proptests;
mod render;

pub use apply::{apply, apply_all};
pub use change::Change;
pub use compare::{diff, Diff, DiffOptions, SuspectedRename};
pub use naming::{apply_naming, NamingConvention};
pub use render::{needs_foreign_keys_off, render, reverse_changes, to_text, RenderedStatement};
